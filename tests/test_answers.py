"""Answers carry the right figures from the knowledge base, with years, sources and honest notes."""

import json

import pytest

import chatbot
from chatbot import Bot, Reply

ROLES = ["medical_coder", "phlebotomist", "registered_nurse", "office_manager", "medical_scribe"]
NAMES = {
    "medical_coder": "medical coder",
    "phlebotomist": "phlebotomist",
    "registered_nurse": "registered nurse",
    "office_manager": "office manager",
    "medical_scribe": "medical scribe",
}


def _ask(question: str) -> Reply:
    return Bot().reply(question)


def _money(amount: float) -> str:
    return f"${amount:,.0f}"


@pytest.mark.parametrize("role_id", ROLES)
def test_salary_answer_has_the_figures(kb, role_id):
    """Pay shows the median, the hourly figure, the year and the source of the data file."""
    role = kb.role(role_id)
    reply = _ask(f"how much does a {NAMES[role_id]} make")
    assert reply.intent == "role_salary" and reply.roles == (role_id,)
    assert _money(role.salary.median_annual) in reply.text
    assert f"{role.salary.median_hourly:,.2f}" in reply.text
    assert (str(role.salary.year) if role.salary.year else "estimate") in reply.text
    assert role.salary.source in reply.sources


@pytest.mark.parametrize("role_id", ["medical_coder", "medical_biller", "physician"])
def test_salary_says_what_the_figure_means(kb, role_id):
    """A grouped, estimated or top-coded figure is explained in the answer, not shown bare."""
    role = kb.role(role_id)
    reply = _ask(f"{role.title} salary")
    assert role.salary.note and role.salary.note.split(".")[0] in reply.text
    if role.salary.at_least:
        assert "or more" in reply.text


@pytest.mark.parametrize("role_id", ROLES[:4])
def test_outlook_answer_has_the_figures(kb, role_id):
    """Outlook shows the growth percentage, the period and the openings from the data."""
    outlook = kb.role(role_id).outlook
    reply = _ask(f"what is the job outlook for a {NAMES[role_id]}")
    assert reply.intent == "role_outlook"
    assert f"{outlook.growth_percent:+d}%" in reply.text and outlook.period in reply.text
    if outlook.openings_per_year:
        assert f"{outlook.openings_per_year:,}" in reply.text
    assert outlook.source in reply.sources


@pytest.mark.parametrize(
    ("question", "intent", "field"),
    [
        ("how do i become a {}", "role_education", lambda r: r.education.typical_length),
        (
            "what certification does a {} need",
            "role_certification",
            lambda r: r.certifications[0].abbreviation,
        ),
        ("what skills does a {} need", "role_skills", lambda r: r.skills[0].name.lower()),
        ("what does a {} do", "role_overview", lambda r: r.summary[:40]),
        ("what are the hours like for a {}", "role_work_environment", lambda r: r.work_environment.schedule),
        ("how can a {} move up", "role_career_path", lambda r: r.career_path.moves_to[0][1:30]),
    ],
    ids=["education", "certification", "skills", "overview", "work-environment", "career-path"],
)
@pytest.mark.parametrize("role_id", ROLES[:3])
def test_per_role_answers_come_from_the_data(kb, question, intent, field, role_id):
    """Every per-role intent answers with that role's own data, for several roles."""
    reply = _ask(question.format(NAMES[role_id]))
    assert reply.intent == intent and reply.roles == (role_id,)
    assert field(kb.role(role_id)) in reply.text


def test_comparison_is_an_aligned_table(kb):
    """A comparison shows both roles' pay, education and credential in aligned columns, then one sentence."""
    reply = _ask("medical assistant vs phlebotomist")
    assert reply.intent == "compare_roles" and reply.roles == ("medical_assistant", "phlebotomist")
    lines = reply.text.splitlines()
    header = next(line for line in lines if "Medical assistant" in line or "Phlebotomist" in line)
    pay = next(line for line in lines if line.startswith("Median pay"))
    column = header.index("Phlebotomist")
    assert pay[column:].startswith(_money(kb.role("phlebotomist").salary.median_annual))
    for label in ("Entry education", "Time to qualify", "Key credential", "Growth", "Patient contact"):
        assert any(line.startswith(label) for line in lines), label
    assert reply.text.rstrip().splitlines()[-2].startswith(("The main difference", "On paper"))


def test_three_way_comparison():
    """Three roles compare side by side."""
    reply = _ask("compare the ma, lpn and rn")
    assert reply.roles == ("medical_assistant", "licensed_practical_nurse", "registered_nurse")
    assert "MA" in reply.text.splitlines()[0] or "Medical assistant" in reply.text.splitlines()[0]


def test_list_roles_groups_by_category(kb):
    """The list names all roles under their category headings."""
    reply = _ask("what jobs are there in a medical office")
    assert reply.intent == "list_roles"
    for category in kb.general.categories:
        assert category.title in reply.text
    assert all(role.title in reply.text for role in kb.roles)


def test_general_skills_lists_the_shared_skills(kb):
    """General skills are the shared ones, each with an example."""
    reply = _ask("what skills do you need for any medical office job")
    assert reply.intent == "general_skills"
    assert all(skill.name in reply.text for skill in kb.general.general_skills)


@pytest.mark.parametrize(
    ("text", "intent"),
    [("hello", "greeting"), ("thank you!", "thanks"), ("bye", "goodbye"), ("help", "help")],
)
def test_social_answers_are_brief(text, intent):
    """Greeting, thanks, goodbye and help answer in a few lines."""
    reply = _ask(text)
    assert reply.intent == intent and 0 < len(reply.text.splitlines()) <= 6


def test_help_shows_examples():
    """Help says what the bot does with example questions."""
    assert "PA vs NP" in _ask("what can you do").text


@pytest.mark.parametrize("text", ["what does a coder do", "PA vs NP", "jobs with no degree", "hi", "asdf"])
def test_to_dict_round_trips_through_json(text):
    """The JSON contract: exactly the seven keys, JSON-ready, identical after a round trip."""
    data = _ask(text).to_dict()
    assert set(data) == {"intent", "roles", "confidence", "text", "suggested_roles", "follow_ups", "sources"}
    assert json.loads(json.dumps(data)) == data
    assert 0 <= data["confidence"] <= 1 and 2 <= len(data["follow_ups"]) + 2 <= 5


def test_public_api_is_pinned():
    """The package exports exactly its public names, sorted."""
    assert chatbot.__all__ == sorted(chatbot.__all__)
    assert chatbot.__all__ == ["Bot", "ChatbotError", "DataError", "Reply", "UsageError"]


@pytest.mark.parametrize(
    "first",
    [
        "what does a coder do",
        "how do i become an MA",
        "rn salary",
        "lpn outlook",
        "phlebotomist certification",
        "scribe hours",
        "skills for a biller",
        "can a scribe become a PA",
        "PA vs NP",
        "jobs with no degree",
        "what jobs are there",
        "hi",
        "thanks",
        "help",
        "what does a pharmacist do",
        "can you refill my meds",
    ],
)
def test_every_suggested_follow_up_is_understood(first):
    """A follow-up the bot suggests, typed as it stands, is answered, not met with a question or a shrug."""
    suggested = Bot().reply(first).follow_ups
    for follow_up in suggested:
        bot = Bot()
        bot.reply(first)
        reply = bot.reply(follow_up)
        assert reply.intent != "out_of_scope" and not reply.text.startswith("Which"), (follow_up, reply.text)
