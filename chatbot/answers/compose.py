"""Stage 5: a Decision + the knowledge base -> a Reply whose text is drawn from the data.

Answers are short first (2-4 lines) and longer on "tell me more". Every figure is shown with its year
and source, and with the few words that say what it means when it is an estimate, top-coded, or a
wider BLS group standing in for the role. The text is plain; `render` adds colour for terminals.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from ..dialogue.state import PREREQUISITE, Decision
from ..knowledge.schema import AnswerSpec, KnowledgeBase, Role, RoleId
from ..records import replace
from .acts import EXAMPLE_QUESTIONS, SPECIAL_ACTS, quiz_question
from .cards import profile
from .compare import FIGURES, compare, superlative_line
from .credentials import credential_comparison, credential_sources, credentials_of_role
from .declared import declared_reply
from .evidence import StatementIndex, prerequisite, yes_no_answer
from .facts import (
    about_data,
    day_in_job,
    first_job,
    learn_more,
    licensing,
    pay_range,
    paying_for_any_training,
    paying_for_training,
    pros_and_cons,
    related_pay,
    state_question,
    where_to_study,
)
from .follow_ups import FOLLOW_UPS
from .rankings import RankFilter, ranking
from .recommend import reason
from .reply import Reply
from .wording import (
    CONTACT_WORDS,
    REMOTE_WORDS,
    a,
    and_list,
    footnotes,
    growth_line,
    lower_first,
    median_pay,
    name,
    pay_line,
)

MORE_PARTS = 2  # parts of an overview added by each "tell me more"
GOODBYE = "Goodbye, and good luck with your career search!"


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


EXPECTED_CREDENTIALS = {"preferred": "often prefer", "often_required": "often require"}


def _education(role: Role, detail: bool) -> str:
    education = role.education
    lines = [
        f"Becoming {a(name(role).lower())}: the usual entry is {a(lower_first(education.entry_level_text))}.",
        f"How long: {education.typical_length}.",
        "Programs: " + _listing(education.programs) + ".",
    ]
    # the step after school that becoming one needs, or that employers look for: "how do I become an RN"
    # is not answered without the NCLEX-RN and the licence
    key = role.certifications[0] if role.certifications else None
    if role.licensure.required:
        lines.append(f"Then: {role.licensure.details}")
    elif key is not None and key.requirement in EXPECTED_CREDENTIALS:
        details = role.licensure.details  # "most states need no license, but California..."
        if key.abbreviation in details:  # it names the credential already
            lines.append(f"Then: {details}")
        else:
            expected = EXPECTED_CREDENTIALS[key.requirement]
            lines.append(f"Then: employers {expected} a certification such as the {key.abbreviation}.")
            lines.append(f"Licence: {details}")
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
    lines.append(f"Physical side: {work.physical_demands}")  # "is it a job where you stand all day?"
    if detail:
        lines.append(f"Patient contact: {CONTACT_WORDS[work.patient_contact]}.")
    return "\n".join(lines)


def _career_path(
    role: Role, detail: bool, kb: KnowledgeBase, target: Role | None = None, with_pay: bool = False
) -> str:
    path = role.career_path
    lines: list[str] = []
    if target is not None:
        common = target.id in path.next_roles
        verdict = (
            "Yes, that is a common move" if common else "It is possible, though not one of the usual moves"
        )
        lines.append(
            f"{role.title} to {name(target).lower()}: {verdict}. {a(name(target)).capitalize()} needs "
            f"{a(lower_first(target.education.entry_level_text))} "
            f"({lower_first(target.education.typical_length)})."
        )
    lines.append("People move on to: " + _listing(path.moves_to, None if detail else 3) + ".")
    if path.next_roles and with_pay:  # "which jobs could I move up to that pay better": their pay beside
        own = role.salary.median_annual
        own_line = f"the {lower_first(role.short_title)}: {median_pay(role)}"
        lines.append(f"Median pay of the roles here ({own_line}):")
        lines.extend(
            f"- {next_role.title}: {median_pay(next_role)}"
            + (" (pays more)" if next_role.salary.median_annual > own else "")
            for next_role in sorted(
                (kb.role(r) for r in path.next_roles), key=lambda r: r.salary.median_annual, reverse=True
            )
        )
    elif path.next_roles:
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
# aspects a comparison answers in words, role by role, rather than by a figure in a table
WORDED_ASPECTS = frozenset({"role_certification"})
# answers whose first line says the point (a figure, the key exam): each option's, before "which one?"
FIGURE_ANSWERS = frozenset({"role_salary", "role_education", "role_outlook", "role_certification"})
# Answers that settle a requirement question themselves ("is a bachelor's needed", "is the CPC required")
SELF_ANSWERING = frozenset({"role_education", "role_certification", "role_salary", "role_outlook"})


def compose(
    decision: Decision,
    kb: KnowledgeBase,
    declared: Mapping[str, AnswerSpec] | None = None,
    statements: StatementIndex | None = None,
) -> tuple[Reply, tuple[str, ...]]:
    """The reply for one decision (text, suggested roles, follow-ups, sources) and the answer parts it
    showed, which the conversation remembers so that "tell me more" shows something new. `declared`
    holds the answers intent files declare, by intent id; `statements` the index yes/no questions are
    answered from (built here when not given: the engine builds it once)."""
    if decision.asks and statements is None:
        statements = StatementIndex(kb)
    shown: tuple[str, ...] = ()
    spec = (declared or {}).get(decision.intent)
    if spec is not None and decision.act in ("declared", "answer"):
        roles = tuple(kb.role(r) for r in decision.roles)
        return declared_reply(decision.intent, spec, roles, kb), ()
    overview = decision.intent == "role_overview" and decision.act in ("answer", "overview")
    verdict = None
    if overview and decision.asks and statements is not None:
        verdict = yes_no_answer(statements, kb.role(decision.roles[0]), decision.asks, kb)
    if verdict:  # "do MAs take vital signs": the verdict and its evidence, not the overview
        reply = Reply(
            decision.intent, decision.roles, decision.confidence, verdict, (), FOLLOW_UPS[decision.intent]
        )
    elif overview and decision.roles and decision.topic not in TOPICS:
        reply, shown = _overview_reply(decision, kb)
    else:
        reply = _compose(decision, kb, statements)
        if decision.detail and decision.intent in PER_ROLE:  # the detailed answer is shown once
            shown = tuple(f"{decision.intent}:{role}:detail" for role in decision.roles)
        if decision.topic in TOPICS and len(decision.roles) == 1:  # "a day in the job": not again on "more"
            shown += (f"role_overview:{decision.roles[0]}:{decision.topic}",)
    if decision.then_quiz is not None:
        question = quiz_question(decision.then_quiz, resumed=True)
        reply = replace(reply, text=f"{reply.text}\n\n{question}", follow_ups=())
    elif decision.quiz_aside:
        note = "(I've put the quiz aside. Say 'which job fits me?' to start it again.)"
        reply = replace(reply, text=f"{reply.text}\n\n{note}")
    return replace(reply, text=_DOUBLE_STOP.sub(".", reply.text)), shown


_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")  # a field's own full stop after the template's: one stop
TOPICS: dict[str, Callable[[Role, KnowledgeBase], str]] = {
    "pros_cons": pros_and_cons,
    "pay_range": pay_range,
    "day": day_in_job,
    "study": where_to_study,
    "paying": paying_for_training,
    "first_job": first_job,
    "learn_more": learn_more,
    "licensing": licensing,
}


def _overview_parts(role: Role, kb: KnowledgeBase) -> list[tuple[str, str]]:
    """What there is to say about a role, in the order it is told: first two parts, then more on request."""
    parts = [
        ("summary", f"{role.title}: {role.summary}"),
        ("duties", "Typical duties: " + _listing(role.duties, 3) + "."),
        ("more_duties", "Other duties: " + _listing(role.duties[3:]) + "." if role.duties[3:] else ""),
        ("day", day_in_job(role, kb)),
        ("where", "Where they work: " + _listing(role.work_environment.settings) + "."),
        ("entry", f"Entry: {role.education.entry_level_text}. Pay: {pay_line(role)}."),
        ("pros_cons", pros_and_cons(role, kb)),
        ("first_job", first_job(role, kb)),
        ("learn_more", learn_more(role, kb)),
    ]
    return [(key, text) for key, text in parts if text]


def _overview_reply(decision: Decision, kb: KnowledgeBase) -> tuple[Reply, tuple[str, ...]]:
    """An overview: the summary and main duties first; on "tell me more", the next parts not yet shown."""
    texts: list[str] = []
    shown: list[str] = []
    for role in (kb.role(r) for r in decision.roles):
        parts = [(f"role_overview:{role.id}:{key}", text) for key, text in _overview_parts(role, kb)]
        if decision.detail:
            fresh = [(key, text) for key, text in parts if key not in decision.skip][:MORE_PARTS]
            chosen = fresh or [(parts[0][0], f"That's all I have about {a(name(role).lower())}'s work.")]
        else:
            chosen = parts[:2]
        texts.extend(text for _, text in chosen)
        shown.extend(key for key, _ in chosen)
    if decision.topic == "also_covers":  # "secretary vs receptionist": one role here, two BLS counts
        role = kb.role(decision.roles[0])
        texts.append(
            f"In this guide the two are one role. {name(role)} pay: {pay_line(role)}.\n"
            + "\n".join(related_pay(role))
        )
    if decision.act == "overview":
        texts.append(
            "(Not sure exactly what you asked, so here is the overview; ask about pay, training, "
            f"certification, outlook or hours of {a(name(kb.role(decision.roles[0])).lower())}.)"
        )
    roles = [kb.role(r) for r in decision.roles]
    reply = Reply(
        decision.intent,
        decision.roles,
        decision.confidence,
        "\n\n".join(texts),
        (),
        FOLLOW_UPS["role_overview"],
        tuple(dict.fromkeys(_sources_for("role_overview", roles))),
    )
    return reply, tuple(shown)


def _special(decision: Decision, kb: KnowledgeBase) -> Reply:
    """Safety, clarification, the quiz and the other replies that are not a knowledge answer."""
    text, follow_ups, sources = SPECIAL_ACTS[decision.act](decision, kb)
    roles = decision.roles if decision.act in ("explain", "handout") else ()
    closest = tuple(dict.fromkeys(r for other in decision.others for r in other.closest))
    suggested = closest or (decision.options if decision.act == "clarify" else ())
    if decision.act == "quiz":
        suggested = decision.listed  # the roles a wish in the middle of the quiz points to so far
    return Reply(decision.intent, roles, decision.confidence, text, suggested, follow_ups, sources)


Draft = tuple[str, tuple[RoleId, ...], list[str], tuple[str, ...]]  # text, suggested, sources, follow-ups


def _compose(decision: Decision, kb: KnowledgeBase, statements: StatementIndex | None) -> Reply:
    act = decision.act
    if act == "reminder":
        return _reminder(decision, kb)
    if act == "profile":
        return profile(kb.role(decision.roles[0]), kb)
    if act in SPECIAL_ACTS:
        reply = _special(decision, kb)
        if act == "clarify" and decision.intent in FIGURE_ANSWERS and decision.options:
            # "how much does a nurse make": each kind's figure at once, then the question which one
            figures = [_headline(decision.intent, kb.role(r)) for r in decision.options]
            reply = replace(reply, text="\n".join(figures) + "\n\n" + reply.text)
        return reply
    roles = [kb.role(r) for r in decision.roles]
    intent = decision.intent
    if intent == "compare_roles" and len(roles) < 2:  # never a table of one: answer about that role
        intent = decision.aspect or "role_overview"
    draft = _role_answer(decision, intent, roles, kb, statements) if roles else None
    text, suggested, sources, follow_ups = draft or _general_answer(decision, intent, kb)
    about_roles = intent in PER_ROLE or intent in ("compare_roles", "role_career_path")
    return Reply(
        intent=decision.intent if decision.intent != "compare_roles" or len(roles) > 1 else intent,
        roles=decision.roles if about_roles else (),
        confidence=decision.confidence,
        text=text,
        suggested_roles=suggested or decision.listed,
        follow_ups=tuple(follow_ups[:3]),
        sources=tuple(dict.fromkeys(sources)),
    )


def _role_answer(
    decision: Decision, intent: str, roles: list[Role], kb: KnowledgeBase, statements: StatementIndex | None
) -> Draft | None:
    """An answer about the roles in the decision: a comparison, a move, a topic, or one aspect."""
    follow_ups = FOLLOW_UPS.get(intent, ())
    figures = [url for role in roles for url in (role.salary.source, role.outlook.source)]
    if intent == "compare_roles" and decision.leader and decision.aspect in FIGURES:
        listed = [kb.role(r) for r in decision.listed]
        text = superlative_line(
            kb.role(decision.leader), decision.aspect, decision.superlative or "most", listed
        )
        return (
            text,
            (),
            [url for role in listed for url in (role.salary.source, role.outlook.source)],
            follow_ups,
        )
    worded = decision.aspect if decision.aspect in WORDED_ASPECTS and not decision.more_aspects else None
    if intent == "compare_roles" and worded is not None:  # "RHIT or CPC": each credential
        text = "\n\n".join(PER_ROLE[worded](role, False) for role in roles)
        return text, (), _sources_for(worded, roles), follow_ups
    if intent == "compare_roles":  # several aspects ("training, licensing exam and pay"): the table has each
        asked = [one for one in (decision.aspect, *decision.more_aspects) if one is not None]
        aspect = next((one for one in asked if one in FIGURES), decision.aspect)
        more = tuple(one for one in asked if one != aspect)
        text = compare(roles, aspect, decision.superlative, "table" not in decision.skip, more)
        return text, (), figures, follow_ups
    if intent == "role_career_path":
        with_pay = decision.aspect == "role_salary"
        text = _career_path(roles[0], decision.detail, kb, roles[1] if len(roles) > 1 else None, with_pay)
        return text, roles[0].career_path.next_roles, [role.sources[0] for role in roles], follow_ups
    if decision.place:
        return state_question(roles[0], decision.place, kb), (), [roles[0].salary.source], follow_ups
    if decision.credentials:  # "CMA vs RMA"
        named = " ".join(decision.credentials)
        compared = credential_comparison(named, kb) or credentials_of_role(roles[0], kb, first=named)
        if compared:
            return compared, (), list(credential_sources(named, roles[0], kb)), follow_ups
    if decision.topic == PREREQUISITE and decision.needed and statements is not None:
        text = prerequisite(statements, roles[0], kb.role(decision.needed))
        return text, (), list(roles[0].sources), follow_ups
    if decision.topic in TOPICS and len(roles) == 1:
        return TOPICS[decision.topic](roles[0], kb), (), list(roles[0].sources), follow_ups
    if intent not in PER_ROLE:
        return None
    text = _per_role(decision, intent, roles, kb)
    verdict = None
    if decision.asks and statements is not None:
        # "is a bachelor's needed for an RN": the education answer says it; an unclear verdict adds nothing
        clear_only = intent in SELF_ANSWERING
        verdict = yes_no_answer(statements, roles[0], decision.asks, kb, intent, clear_only=clear_only)
    if verdict:
        text = verdict if intent == "role_overview" else f"{verdict}\n\n{text}"
    return text, (), _sources_for(intent, roles), follow_ups


def _general_answer(decision: Decision, intent: str, kb: KnowledgeBase) -> Draft:
    """An answer about no role in particular: recommendations, lists, skills, the data, small talk."""
    if decision.place:  # "can students look up pay for our own area": where to find local figures
        return state_question(None, decision.place, kb), (), [], ("Rank all roles by pay",)
    if decision.topic == "paying":  # "is there free training for laid-off workers"
        return (
            paying_for_any_training(kb),
            (),
            [],
            ("Which job fits me?", "Which jobs need the least school?"),
        )
    if intent == "recommend_roles" and decision.criteria is not None:
        text, suggested = _recommend(decision, kb)
        follow_ups = tuple(f"What does {a(name(kb.role(r)).lower())} do?" for r in suggested[:2])
        if len(suggested) > 1:  # names, not "the top two": the user may type it as it stands
            follow_ups += (f"{name(kb.role(suggested[0]))} vs {name(kb.role(suggested[1])).lower()}",)
        return text, suggested, [], follow_ups
    if intent == "about_data":
        text = about_data(kb, decision.roles, decision.aspect == "role_outlook")
        return text, (), [], ("Rank all roles by pay", "Which job fits me?")
    if intent == "list_roles":
        follow_ups = ("Which of those pays most?", "Which job fits me?")
        if decision.excluded:  # "i dont want to be a nurse, what else is there"
            return _roles_left(kb, decision.listed, decision.excluded), decision.listed, [], follow_ups
        return _list_roles(kb, decision.topic), decision.listed or kb.role_ids, [], follow_ups
    if intent == "general_skills":
        text = "Skills every medical-office job needs:\n" + "\n".join(
            f"- {s.name}: {s.why} (e.g. {lower_first(s.example)})" for s in kb.general.general_skills
        )
        return text, (), [], ("Which job fits me?", "What skills does a medical assistant need?")
    text, follow_ups = SOCIAL[intent] if intent in SOCIAL else SOCIAL["help"]
    return text.replace("{count}", str(len(kb.roles))), (), [], follow_ups


def _headline(intent: str, role: Role) -> str:
    """The first line of a role's answer on one aspect: its point (the pay, the key exam)."""
    return PER_ROLE[intent](role, False).split("\n")[0]


def _reminder(decision: Decision, kb: KnowledgeBase) -> Reply:
    """The same question again: the answer's first line and a pointer to more, not the whole block."""
    roles = [kb.role(r) for r in decision.roles]
    first_lines = [_headline(decision.intent, role) for role in roles if decision.intent in PER_ROLE]
    text = (
        "\n".join(first_lines)
        + "\n(That is what I said just now; say 'tell me more' for what I haven't shown.)"
    )
    return Reply(decision.intent, decision.roles, decision.confidence, text, (), ("Tell me more",), ())


def _per_role(decision: Decision, intent: str, roles: list[Role], kb: KnowledgeBase) -> str:
    """One aspect of each role, or several asked of one ("and for MAs?" after "pay, and what degree?");
    an unclear question's overview is `_overview_reply`'s."""
    aspects = [intent, *(a for a in decision.more_aspects if a in PER_ROLE and len(roles) == 1)]
    return "\n\n".join(PER_ROLE[aspect](role, decision.detail) for role in roles for aspect in aspects)


def _sources_for(intent: str, roles: list[Role]) -> list[str]:
    if intent == "role_salary":
        return [role.salary.source for role in roles]
    if intent == "role_outlook":
        return [role.outlook.source for role in roles]
    return [role.sources[0] for role in roles]


def _recommend(decision: Decision, kb: KnowledgeBase) -> tuple[str, tuple[RoleId, ...]]:
    assert decision.criteria is not None
    criteria = decision.criteria
    if criteria.every and criteria.sort_by:  # "rank all roles by pay": the whole table
        keep = RankFilter(max_months=criteria.max_months, max_education=criteria.max_education)  # type: ignore[arg-type]
        return ranking(kb, criteria.sort_by, keep), decision.listed
    if not decision.listed:
        return (
            "No role I cover meets all of that. Try relaxing one wish (training time, patient contact, "
            "remote work), or say 'which job fits me?' for the quiz."
        ), ()
    heading = (
        "From the lowest, as you asked:" if criteria.lowest else "Roles that fit what you said, best first:"
    )
    if decision.others and criteria.empty:  # "ex-EMT here, what office job makes sense"
        heading = (
            f"The roles I cover closest to work as {' or '.join(a(job.name) for job in decision.others)}:"
        )
    lines = [heading]
    for number, role_id in enumerate(decision.listed, 1):
        role = kb.role(role_id)
        lines.append(f"{number}. {role.title}: {reason(role, decision.criteria, kb)}")
    lines.extend(footnotes(kb.role(r) for r in decision.listed))  # what "(est.)" and "(stand-in)" mean
    return "\n".join(lines), decision.listed


def _roles_left(kb: KnowledgeBase, left: tuple[RoleId, ...], excluded: tuple[RoleId, ...]) -> str:
    """The roles left once some are ruled out, by category, saying which were left out."""
    aside = and_list([lower_first(name(kb.role(role))) for role in excluded])
    lines = [f"Leaving out the {aside} role{'s' if len(excluded) > 1 else ''}, these {len(left)} are left:"]
    for category in kb.general.categories:
        members = [kb.role(role) for role in left if kb.role(role).category == category.id]
        if members:
            lines.append(f"\n{category.title}:")
            lines.extend(f"- {role.title}: {role.tagline}" for role in members)
    return "\n".join(lines)


def _list_roles(kb: KnowledgeBase, only: str | None = None) -> str:
    """Every role by category, or one category's roles ("the laboratory roles")."""
    categories = [c for c in kb.general.categories if only in (None, c.id)]
    count = sum(role.category in {c.id for c in categories} for role in kb.roles)
    where = "in a medical office" if only is None else f"in the category {categories[0].title}"
    lines = [f"I cover {count} role{'s' if count != 1 else ''} {where}:"]
    for category in categories:
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
        "I answer questions about {count} medical-office jobs, from receptionist to physician:\n"
        "- what a role does, its skills, training, certification, pay, outlook, hours and next steps\n"
        '- comparisons ("PA vs NP"), lists of jobs, and recommendations ("jobs with no degree")\n'
        '- a short quiz: "which job fits me?"\n'
        'Follow-ups work too: "how much do they make?", "and a biller?", "tell me more".',
        EXAMPLE_QUESTIONS[:3],
    ),
}


def merge_replies(replies: list[Reply]) -> Reply:
    """Several answers in one reply, in the order asked: texts, roles and sources joined."""
    first, last = replies[0], replies[-1]
    return Reply(
        intent=first.intent,
        roles=tuple(dict.fromkeys(r for reply in replies for r in reply.roles)),
        confidence=min(reply.confidence for reply in replies),
        text="\n\n".join(reply.text for reply in replies),
        suggested_roles=tuple(dict.fromkeys(r for reply in replies for r in reply.suggested_roles)),
        follow_ups=last.follow_ups,
        sources=tuple(dict.fromkeys(url for reply in replies for url in reply.sources)),
    )
