"""Multi-turn behaviour outside the conversation files: reset, recommendations, fallbacks.

The golden conversations themselves live in tests/conversations/*.yaml and run in test_conversations.py.
"""

import pytest

from chatbot import Bot


def test_reset_ends_the_conversation():
    """After reset, a pronoun has nothing to refer to, so the bot asks which role."""
    bot = Bot()
    bot.reply("what does a medical coder do")
    bot.reset()
    reply = bot.reply("how much do they make")
    assert reply.roles == () and "Which role" in reply.text


@pytest.mark.parametrize(
    ("text", "expected_any", "excluded"),
    [
        ("jobs with no degree", {"medical_secretary", "medical_biller"}, {"physician", "registered_nurse"}),
        ("i want to work from home", {"medical_coder", "medical_transcriptionist"}, {"phlebotomist"}),
        ("which job pays the most", {"physician"}, set()),
        (
            "i cant stand blood, what should i do",
            {"medical_biller", "medical_coder"},
            {"phlebotomist", "medical_laboratory_technician"},
        ),
        (
            "something i can train for in under a year",
            {"phlebotomist", "medical_scribe"},
            {"registered_nurse", "physician"},
        ),
        ("i like leading a team, what job fits", {"office_manager"}, set()),
        ("i really dont want to do college, any jobs for me", {"medical_secretary"}, {"registered_nurse"}),
        ("a job i can learn in like 4-8 months max", {"phlebotomist"}, {"registered_nurse", "physician"}),
        ("need a side gig at a clinic, ideas for jobs", {"medical_scribe", "medical_secretary"}, set()),
        ("im very organized and precise, what role suits that", {"medical_biller", "medical_coder"}, set()),
        (
            "what job would get me patient contact hours for NP school",
            {"medical_assistant", "phlebotomist"},
            {"nurse_practitioner"},
        ),
        (  # "than": the computer is what they do not want
            "i would rather be helping people than sitting at a computer, what job fits",
            {"medical_secretary", "patient_care_coordinator", "medical_assistant"},
            {"medical_coder", "medical_transcriptionist"},
        ),
    ],
    ids=[
        "no-degree",
        "remote",
        "pay",
        "no-blood",
        "under-a-year",
        "leading",
        "no-college-negated",
        "months-range-max",
        "side-gig",
        "traits-what-role",
        "on-the-way-to-a-school",
        "rather-than",
    ],
)
def test_recommendations_follow_the_criteria(text, expected_any, excluded):
    """Criteria in the question rank roles from the data, each with a reason; wrong fits are left out."""
    reply = Bot().reply(text)
    assert reply.intent == "recommend_roles"
    assert set(reply.suggested_roles) & expected_any, reply.text
    assert not set(reply.suggested_roles) & excluded, reply.text
    assert reply.text.count(":") >= len(reply.suggested_roles)  # one reason per role


def test_recommendation_ranking_comes_from_the_data(kb):
    """'Highest pay' ranks by the median pay field, so the order follows the numbers."""
    reply = Bot().reply("what are the highest paying jobs")
    pays = [kb.role(r).salary.median_annual for r in reply.suggested_roles]
    assert pays == sorted(pays, reverse=True)


def test_low_confidence_about_a_known_role_gives_the_overview():
    """An unclear question about a known role gets its overview and a hint, not a guessed answer."""
    reply = Bot().reply("phlebotomist zebra banana kumquat wobble")
    assert reply.intent == "role_overview" and reply.roles == ("phlebotomist",)
    assert "Not sure exactly what you asked" in reply.text


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what is goodbye in italian and german", "out_of_scope"),
        ("can you write hello world in python for me", "out_of_scope"),
        ("thanks a lot, that was useful", "thanks"),
        ("ok cool bye", "goodbye"),
        ("hello there", "greeting"),
    ],
)
def test_social_words_inside_another_question_are_not_small_talk(text, intent):
    """A greeting or thanks word inside an unrelated question does not make it small talk."""
    assert Bot().reply(text).intent == intent


@pytest.mark.parametrize("text", ["no", "and?", "what about", "hmm"])
def test_filler_alone_gets_the_help_fallback(text):
    """A message with nothing to answer yet is met with examples, not a guessed intent or a quiz."""
    reply = Bot().reply(text)
    assert reply.intent == "out_of_scope" and "for example" in reply.text
