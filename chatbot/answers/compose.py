"""Stage 5: a Decision + the knowledge base -> a Reply whose text is drawn from the data.

Answers are short first (2-4 lines) and longer on "tell me more". Every figure is shown with its year
and source, and with the few words that say what it means when it is an estimate, top-coded, or a
wider BLS group standing in for the role. The text is plain; `render` adds colour for terminals.
"""

from __future__ import annotations

from collections.abc import Callable

from ..dialogue.policy import Decision
from ..dialogue.quiz import QUIZ
from ..knowledge.schema import KnowledgeBase, Role, RoleId
from .compare import compare
from .recommend import rank
from .reply import Reply
from .wording import CONTACT_WORDS, REMOTE_WORDS, a, growth_line, lower_first, name, pay_line

EXAMPLE_QUESTIONS = (
    "what does a medical biller do?",
    "how much do coders make?",
    "PA vs NP",
    "which job fits me?",
)
GOODBYE = "Goodbye, and good luck with your career search!"
PATIENT_ANSWER = (
    "I'm a careers guide, so I can't help with medical, billing, insurance or appointment questions. "
    "Please call your clinic or doctor's office (or your insurer for coverage questions); in an "
    "emergency, call your local emergency number. Happy to keep going with questions about careers!"
)


def _listing(items: tuple[str, ...] | list[str], limit: int | None = None) -> str:
    chosen = list(items if limit is None else items[:limit])
    return "; ".join(lower_first(item) for item in chosen)


def _overview(role: Role, detail: bool) -> str:
    lines = [f"{role.title}: {role.summary}"]
    lines.append("Typical duties: " + _listing(role.duties, None if detail else 3) + ".")
    if detail:
        lines.append("Where: " + _listing(role.work_environment.settings) + ".")
        lines.append(f"Entry: {role.education.entry_level_text}. Pay: {pay_line(role)}.")
    return "\n".join(lines)


def _skills(role: Role, detail: bool) -> str:
    if detail:
        return f"Skills {a(name(role).lower())} needs:\n" + "\n".join(
            f"- {skill.name}: {skill.why}" for skill in role.skills
        )
    names = ", ".join(skill.name.lower() for skill in role.skills)
    first = role.skills[0]
    return (
        f"Key skills for {a(name(role).lower())}: {names}.\n"
        f"Why it matters, e.g. {first.name.lower()}: {first.why}."
    )


def _education(role: Role, detail: bool) -> str:
    education = role.education
    lines = [
        f"Becoming {a(name(role).lower())}: the usual entry is {lower_first(education.entry_level_text)}.",
        f"How long: {education.typical_length}.",
        "Programs: " + _listing(education.programs) + ".",
    ]
    if detail:
        lines.append("Typical coursework: " + _listing(education.coursework) + ".")
        if education.note:
            lines.append(education.note)
    return "\n".join(lines)


def _certification(role: Role, detail: bool) -> str:
    key = role.certifications[0]
    requirement = key.requirement.replace("_", " ")
    lines = [
        f"Key credential for {a(name(role).lower())}: {key.name} ({key.abbreviation}) from {key.issuer}, "
        f"{requirement}.",
        f"Eligibility: {key.eligibility}",
    ]
    others = role.certifications[1:] if detail else role.certifications[1:3]
    if others:
        lines.append(
            "Also: "
            + "; ".join(f"{c.abbreviation} ({c.issuer}, {c.requirement.replace('_', ' ')})" for c in others)
            + "."
        )
    lines.append(f"Licence: {role.licensure.details}")
    return "\n".join(lines)


def _salary(role: Role, detail: bool) -> str:
    lines = [f"{name(role)} pay: {pay_line(role)}."]
    if role.salary.note:
        lines.append(f"Note: {role.salary.note}")
    return "\n".join(lines)


def _outlook(role: Role, detail: bool) -> str:
    lines = [f"Job outlook for {a(name(role).lower())}: {growth_line(role)}."]
    if role.outlook.note:
        lines.append(f"Note: {role.outlook.note}")
    return "\n".join(lines)


def _work_environment(role: Role, detail: bool) -> str:
    work = role.work_environment
    lines = [
        "Where: " + _listing(work.settings, None if detail else 3) + ".",
        f"Hours: {work.schedule}",
        f"Remote work: {REMOTE_WORDS[work.remote]}. {work.remote_note}",
    ]
    lines.append(f"Stress: {work.stress}")
    if detail:
        lines.append(
            f"Patient contact: {CONTACT_WORDS[work.patient_contact]}. Physical side: {work.physical_demands}"
        )
    return "\n".join(lines)


def _career_path(role: Role, detail: bool, kb: KnowledgeBase, target: Role | None = None) -> str:
    path = role.career_path
    lines: list[str] = []
    if target is not None:
        common = target.id in path.next_roles
        verdict = (
            "Yes, that is a common move" if common else "It is possible, though not one of the usual moves"
        )
        lines.append(
            f"{role.title} to {name(target).lower()}: {verdict}. {a(name(target)).capitalize()} needs "
            f"{lower_first(target.education.entry_level_text)} "
            f"({lower_first(target.education.typical_length)})."
        )
    lines.append("People move on to: " + _listing(path.moves_to, None if detail else 3) + ".")
    if path.next_roles:
        lines.append("Related roles here: " + ", ".join(kb.role(r).title for r in path.next_roles) + ".")
    if detail:
        lines.append("People come from: " + _listing(path.enters_from) + ".")
    return "\n".join(lines)


PER_ROLE: dict[str, Callable[[Role, bool], str]] = {
    "role_overview": _overview,
    "role_skills": _skills,
    "role_education": _education,
    "role_certification": _certification,
    "role_salary": _salary,
    "role_outlook": _outlook,
    "role_work_environment": _work_environment,
}
FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "role_overview": ("How much do they make?", "How do I become one?", "Tell me more"),
    "role_skills": ("What training do they need?", "What do they earn?"),
    "role_education": ("Which certification should I get?", "How much do they make?"),
    "role_certification": ("How long is the training?", "What is the job outlook?"),
    "role_salary": ("Is there demand for them?", "How do I become one?"),
    "role_outlook": ("How much do they make?", "Can they work from home?"),
    "role_work_environment": ("What do they earn?", "What can they move up to?"),
    "role_career_path": ("How long is the training?", "What skills do they need?"),
    "compare_roles": ("Which one pays better?", "Which needs less training?"),
}


def compose(decision: Decision, kb: KnowledgeBase) -> Reply:
    """The reply for one decision: text, suggested roles, follow-ups and sources."""
    roles = [kb.role(r) for r in decision.roles]
    intent = decision.intent
    suggested: tuple[RoleId, ...] = ()
    sources: list[str] = []
    follow_ups = FOLLOW_UPS.get(intent, ())

    if decision.act == "clarify":
        text, follow_ups = _clarify(decision, kb), ()
    elif decision.act == "patient":
        text, follow_ups = PATIENT_ANSWER, ("What jobs are there in a medical office?", "Which job fits me?")
    elif decision.act == "other_occupation":
        text, suggested = _other_occupation(decision, kb)
        follow_ups = tuple(f"What does {a(name(kb.role(r)).lower())} do?" for r in suggested[:2])
    elif decision.act == "fallback":
        text = (
            "Sorry, I didn't catch that. I answer questions about jobs in a medical office, for example:\n"
            + "\n".join(f"- {q}" for q in EXAMPLE_QUESTIONS)
        )
        follow_ups = EXAMPLE_QUESTIONS[:3]
    elif decision.act == "quiz_left":
        text = "OK, quiz closed. Ask me anything else, or say 'which job fits me?' to start again."
        follow_ups = ("What jobs are there in a medical office?", "What does a medical coder do?")
    elif decision.act == "quiz":
        text = _quiz_question(decision)
        follow_ups = ()
    elif intent == "compare_roles":
        text = compare(roles, decision.aspect)
        sources = [url for role in roles for url in (role.salary.source, role.outlook.source)]
    elif intent == "role_career_path":
        target = roles[1] if len(roles) > 1 else None
        text = _career_path(roles[0], decision.detail, kb, target)
        suggested = roles[0].career_path.next_roles
        sources = [role.sources[0] for role in roles]
    elif intent in PER_ROLE:
        parts = [PER_ROLE[intent](role, decision.detail) for role in roles]
        if decision.act == "overview":
            parts.append(
                f"(Not sure exactly what you asked, so here is the overview; ask about pay, "
                f"training, certification, outlook or hours of {a(name(roles[0]).lower())}.)"
            )
        text = "\n\n".join(parts)
        sources = _sources_for(intent, roles)
    elif intent == "recommend_roles" and decision.criteria is not None:
        text, suggested = _recommend(decision, kb)
        follow_ups = tuple(f"What does {a(name(kb.role(r)).lower())} do?" for r in suggested[:2])
        if len(suggested) > 1:  # names, not "the top two": the user may type it as it stands
            follow_ups += (f"{name(kb.role(suggested[0]))} vs {name(kb.role(suggested[1])).lower()}",)
    elif intent == "list_roles":
        text = _list_roles(kb)
        suggested = kb.role_ids
        follow_ups = ("Which job fits me?", "What does a patient care coordinator do?")
    elif intent == "general_skills":
        text = "Skills every medical-office job needs:\n" + "\n".join(
            f"- {s.name}: {s.why} (e.g. {lower_first(s.example)})" for s in kb.general.general_skills
        )
        follow_ups = ("Which job fits me?", "What skills does a medical assistant need?")
    else:
        text, follow_ups = SOCIAL[intent] if intent in SOCIAL else SOCIAL["help"]
    return Reply(
        intent=intent,
        roles=decision.roles if intent in PER_ROLE or intent in ("compare_roles", "role_career_path") else (),
        confidence=decision.confidence,
        text=text,
        suggested_roles=suggested,
        follow_ups=tuple(follow_ups[:3]),
        sources=tuple(dict.fromkeys(sources)),
    )


def _sources_for(intent: str, roles: list[Role]) -> list[str]:
    if intent == "role_salary":
        return [role.salary.source for role in roles]
    if intent == "role_outlook":
        return [role.outlook.source for role in roles]
    return [role.sources[0] for role in roles]


def _clarify(decision: Decision, kb: KnowledgeBase) -> str:
    if not decision.options:
        what = "compare" if decision.intent == "compare_roles" else "ask about"
        return (
            f"Which role do you want to {what}? For example: medical assistant, coder, RN. "
            "Say 'list jobs' to see all sixteen."
        )
    options = "\n".join(f"{n}. {kb.role(r).title}" for n, r in enumerate(decision.options, 1))
    return f"Which one do you mean?\n{options}\n(Reply with a number or a name.)"


def _other_occupation(decision: Decision, kb: KnowledgeBase) -> tuple[str, tuple[RoleId, ...]]:
    occupation = decision.others[0]
    closest = tuple(dict.fromkeys(r for o in decision.others for r in o.closest))
    text = (
        f"I cover the sixteen roles of a medical office, and {occupation.name} isn't one of them, so I "
        "don't have checked facts to give you."
    )
    if closest:
        text += " Closest roles I do cover: " + ", ".join(kb.role(r).title for r in closest) + "."
    return text, closest


def _quiz_question(decision: Decision) -> str:
    question = QUIZ[decision.quiz_step]
    lead = ""
    if decision.quiz_step == 0 and not decision.retry:
        lead = f"Let's find a fit: {len(QUIZ)} quick questions (say 'stop' to leave at any time).\n\n"
    if decision.retry:
        lead = "Sorry, I didn't get that; please answer with a number.\n\n"
    options = "\n".join(f"{n}. {option.label}" for n, option in enumerate(question.options, 1))
    return f"{lead}Q{decision.quiz_step + 1}. {question.prompt}\n{options}"


def _recommend(decision: Decision, kb: KnowledgeBase) -> tuple[str, tuple[RoleId, ...]]:
    assert decision.criteria is not None
    suggestions = rank(decision.criteria, kb)
    if not suggestions:
        return (
            "No role I cover meets all of that. Try relaxing one wish (training time, patient contact, "
            "remote work), or say 'which job fits me?' for the quiz."
        ), ()
    lines = ["Roles that fit what you said, best first:"]
    for number, suggestion in enumerate(suggestions, 1):
        lines.append(f"{number}. {kb.role(suggestion.role_id).title}: {suggestion.reason}")
    return "\n".join(lines), tuple(s.role_id for s in suggestions)


def _list_roles(kb: KnowledgeBase) -> str:
    lines = [f"I cover {len(kb.roles)} roles in a medical office:"]
    for category in kb.general.categories:
        members = [role for role in kb.roles if role.category == category.id]
        if members:
            lines.append(f"\n{category.title}:")
            lines.extend(f"- {role.title}: {role.tagline}" for role in members)
    return "\n".join(lines)


SOCIAL: dict[str, tuple[str, tuple[str, ...]]] = {
    "greeting": (
        "Hi! I'm careerbot. Ask me about jobs in a medical office: what they do, pay, training, "
        "certification, outlook, or which one fits you.",
        EXAMPLE_QUESTIONS[:3],
    ),
    "thanks": (
        "You're welcome! Anything else you'd like to know?",
        ("Which job fits me?", "PA vs NP"),
    ),
    "goodbye": (GOODBYE, ()),
    "help": (
        "I answer questions about 16 medical-office jobs, from receptionist to physician:\n"
        "- what a role does, its skills, training, certification, pay, outlook, hours and next steps\n"
        '- comparisons ("PA vs NP"), lists of jobs, and recommendations ("jobs with no degree")\n'
        '- a short quiz: "which job fits me?"\n'
        'Follow-ups work too: "how much do they make?", "and a biller?", "tell me more".',
        EXAMPLE_QUESTIONS[:3],
    ),
}
