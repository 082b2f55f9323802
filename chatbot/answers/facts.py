"""Plain functions that word one kind of fact each (issue 12), and `role_facts` for front ends.

Each answer function takes the role (where there is one) and the knowledge base and returns the text;
every figure carries its year and source, and an estimate or stand-in figure its marker and footnote.

| question kind (example)                                  | function                                  |
|----------------------------------------------------------|-------------------------------------------|
| pay at the low and high end ("MA pay low and high end")  | `pay_range(role, kb)`                     |
| receptionist pay beside the secretary's                  | `related_pay(role)` (lines), in pay_range |
| where to study, accreditation ("where can I study coding") | `where_to_study(role, kb)`              |
| paying for training ("how do I pay for MA school")       | `paying_for_training(role, kb)`           |
| schedules, part time, regular hours                      | `schedule(role, kb)`                      |
| a day in the job ("what does a typical day look like")   | `day_in_job(role, kb)`                    |
| pros and cons ("pros and cons of billing")               | `pros_and_cons(role, kb)`                 |
| first job with no experience                             | `first_job(role, kb)`                     |
| learn more / links for one role                          | `learn_more(role, kb)`, `learn_more_line` |
| about the data ("where do your numbers come from")       | `about_data(kb)`                          |
| a job we do not cover ("what does a CNA do")             | `nearby_job(occupation_name, kb)`         |
| a state question ("MA pay in Texas")                     | `find_state(text, kb)`, `state_question`  |
| rankings of all roles ("rank all roles by pay")          | `rankings.ranking(kb, key, RankFilter())` |
| credentials compared ("CMA vs RMA")                      | `credentials.credential_comparison(text, kb)` |
| every credential of one role ("which MA certification")  | `credentials.credentials_of_role(role, kb)` |
| the full profile card ("pull up the coder one")          | `cards.profile(role, kb)`                 |
| a printable handout                                      | `handout.handout(roles, kb, "md"/"html")` |
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..knowledge.guide import FigureBasis, Site
from ..knowledge.lookup import state_named
from ..knowledge.schema import KnowledgeBase, Role, RoleId
from .wording import (
    FOOTNOTES,
    FREQUENCY_WORDS,
    a,
    growth_line,
    marked,
    median_pay,
    median_phrase,
    money,
    name,
    pay_line,
    site,
)


def role_facts(role: Role) -> dict[str, Any]:
    """Title, summary, pay, training, key credential, growth and learn-more links of one role."""
    education = role.education
    key = role.certifications[0] if role.certifications else None
    return {
        "id": role.id,
        "title": role.title,
        "short_title": name(role),
        "tagline": role.tagline,
        "summary": role.summary,
        "pay": _pay_facts(role),
        "training": {
            "entry": education.entry_level_text,
            "length": education.typical_length,
            "months": education.months_to_qualify,
            "estimate": education.length_estimate,
        },
        "credential": None
        if key is None
        else {
            "name": key.name,
            "abbreviation": key.abbreviation,
            "issuer": key.issuer,
            "requirement": key.requirement.replace("_", " "),
        },
        "growth": _growth_facts(role),
        "links": [{"title": title, "url": url} for title, url in learn_more_links(role)],
    }


def _pay_facts(role: Role) -> dict[str, Any]:
    salary, spread = role.salary, role.pay_range
    return {
        "median_annual": salary.median_annual,
        "median_hourly": salary.median_hourly,
        "at_least": salary.at_least,
        "hourly_estimate": salary.hourly_estimate,
        "year": salary.year,
        "when": f"May {salary.year}" if salary.year else "undated estimate",
        "source": salary.source,
        "source_name": site(salary.source),
        "marked": salary.note is not None or salary.year is None,
        "note": salary.note,
        "range": {
            "low_annual": spread.low_annual,
            "high_annual": spread.high_annual,
            "offices_of_physicians": spread.offices_of_physicians,
            "by_setting": dict(spread.by_setting),
            "basis": spread.basis,
            "note": spread.note,
            "year": spread.year,
            "when": f"May {spread.year}" if spread.year else "undated",
            "source": spread.source,
        },
        "basis": salary.basis,
    }


def _growth_facts(role: Role) -> dict[str, Any]:
    outlook = role.outlook
    return {
        "percent": outlook.growth_percent,
        "label": outlook.label,
        "period": outlook.period,
        "year": outlook.year,
        "when": f"{outlook.period} projection" if outlook.period else "no projection",
        "source": outlook.source,
        "source_name": site(outlook.source),
        "marked": outlook.note is not None,
        "note": outlook.note,
        "basis": outlook.basis,
    }


# --- the counsellor's knowledge (issue 12): one question kind, one function ----------------------------


def _site_lines(sites: tuple[Site, ...]) -> list[str]:
    """One line per site: its name, what it is for and its address."""
    return [f"- {place.name}: {place.what} {place.url}" for place in sites]


def _bullets(items: tuple[str, ...]) -> list[str]:
    return [f"- {item}" for item in items]


def _with_notes(lines: list[str], bases: set[FigureBasis]) -> str:
    """The lines, then the footnote of every marker they used."""
    return "\n".join(lines + [text for basis, text in FOOTNOTES.items() if basis in bases])


def related_pay(role: Role) -> list[str]:
    """Pay lines of the jobs a role includes that BLS counts apart (receptionists beside secretaries)."""
    return [
        f"{other.name}, counted apart by BLS: median {money(other.median_annual)} a year "
        f"({money(other.median_hourly)} an hour; low end {money(other.low_hourly)}, high end "
        f"{money(other.high_hourly)} an hour); May {other.year}, {site(other.source)}. {other.note}"
        for other in role.also_covers
    ]


def pay_range_lines(role: Role, *, median: bool = True) -> list[str]:
    """The spread as bullet lines (low end, median, high end, doctors' offices), its note and related pay."""
    spread = role.pay_range
    lines = []
    if spread.basis == "estimate" and spread.low_annual is not None and spread.high_annual is not None:
        low, high = marked(money(spread.low_annual), "estimate"), money(spread.high_annual)
        lines.append(f"- A career website's range: about {low} to {high} a year, not BLS percentiles")
        if median:
            lines.append(f"- Typical pay: {median_phrase(role)}")
    else:
        if spread.low_annual is not None:
            lines.append(
                f"- Low end (10th percentile): {marked(money(spread.low_annual), spread.basis)} a year"
            )
        if median:
            lines.append(f"- Median: {median_pay(role)} a year")
        if spread.high_annual is not None:
            lines.append(
                f"- High end (90th percentile): {marked(money(spread.high_annual), spread.basis)} a year"
            )
    if spread.offices_of_physicians is not None:
        lines.append(f"- Median in doctors' offices: {money(spread.offices_of_physicians)} a year")
    if spread.by_setting:
        settings = "; ".join(  # a wider group's figure is marked as such, like the spread above
            f"{setting} {marked(money(median), spread.basis)}"
            for setting, median in spread.by_setting.items()
        )
        lines.append(f"- Median in other settings: {settings}")
    if spread.note:
        lines.append(f"Note: {spread.note}")
    return lines + related_pay(role)


def pay_range(role: Role, kb: KnowledgeBase) -> str:
    """ "MA pay at the low and high end": 10th and 90th percentile, median, median in doctors' offices."""
    spread = role.pay_range
    when = f"May {spread.year}" if spread.year else "undated"
    lines = [f"{name(role)} pay from low to high ({when}, {site(spread.source)}):", *pay_range_lines(role)]
    return _with_notes(lines, {spread.basis, role.salary.basis})


def where_to_study(role: Role, kb: KnowledgeBase) -> str:
    """ "Where can I study coding", "which accreditation should an MA program have": accreditors, finders."""
    study = role.where_to_study
    lines = [f"Where to study to become {a(name(role).lower())}:", *_bullets(study.accreditors)]
    if study.finder:
        lines.append(f"Find a program: {study.finder}")
    lines.append(f"Online or on campus: {study.online or 'our sources do not say.'}")
    lines.append(kb.resources.program_check)
    return "\n".join(lines)


def paying_for_training(role: Role, kb: KnowledgeBase) -> str:
    """ "How do I pay for MA school": federal aid, WIOA training through job centers; no tuition figures."""
    lines = [f"Paying for training to become {a(name(role).lower())}:"]
    if role.education.months_to_qualify == 0:
        lines.append(
            f"Many employers train new {name(role).lower()}s on the job, so you are paid while you learn."
        )
    lines.extend(_site_lines(kb.resources.paying_for_training))
    lines.append("I have no tuition figures. Ask each school for its full cost before you sign up.")
    return "\n".join(lines)


def paying_for_any_training(kb: KnowledgeBase) -> str:
    """ "Is there free training for laid-off workers": the same help, for training in any of the roles."""
    lines = ["Help paying for training for a medical-office job:"]
    lines.extend(_site_lines(kb.resources.paying_for_training))
    on_the_job = [name(role).lower() for role in kb.roles if role.education.months_to_qualify == 0]
    if on_the_job:
        lines.append(f"Often trained on the job, paid while you learn: {', '.join(on_the_job)}.")
    return "\n".join(lines)


def schedule(role: Role, kb: KnowledgeBase) -> str:
    """ "Can transcriptionists work part time", "regular hours?": the BLS schedule statement, structured."""
    hours = role.schedule
    return (
        f"Hours for {a(name(role).lower())}: {hours.statement}\n"
        f"Part-time work: {FREQUENCY_WORDS[hours.part_time]}. "
        f"Evenings and weekends: {FREQUENCY_WORDS[hours.evenings_weekends]} ({site(hours.source)})."
    )


def day_in_job(role: Role, kb: KnowledgeBase) -> str:
    """ "What does a typical day look like for an MA": the day, step by step."""
    return "\n".join([f"A typical day for {a(name(role).lower())}:", *_bullets(role.job_life.day)])


def pros_and_cons(role: Role, kb: KnowledgeBase) -> str:
    """ "Pros and cons of billing": the good and the hard parts, from the role's data."""
    life = role.job_life
    return "\n".join(
        [f"The good parts of being {a(name(role).lower())}:", *_bullets(life.pros), "The hard parts:"]
        + _bullets(life.cons)
    )


def first_job(role: Role, kb: KnowledgeBase) -> str:
    """ "How do I get hired as a scribe with no experience": the way into a first job."""
    return "\n".join([f"Getting a first job as {a(name(role).lower())}:", *_bullets(role.job_life.first_job)])


def licensing(role: Role, kb: KnowledgeBase) -> str:
    """ "Which states need a license for it": the licence rule, then what a state licence asks (its list)."""
    lines = [f"State licences for {a(name(role).lower())}: {role.licensure.details}"]
    lines.extend(
        f"- {credential.name}: {credential.eligibility}"
        for credential in role.certifications
        if "state" in credential.name.lower() and credential.eligibility
    )
    return "\n".join(lines)


def learn_more_links(role: Role) -> list[tuple[str, str]]:
    """(site name, URL) of the role's pages on BLS, O*NET and My Next Move that exist."""
    links = role.learn_more
    named = (("BLS Occupational Outlook Handbook", links.bls_ooh), ("O*NET OnLine", links.onet))
    return [(title, url) for title, url in (*named, ("My Next Move", links.my_next_move)) if url]


def learn_more_line(role: Role) -> str:
    """One line for the end of an answer, in place of a bare "Sources:" line: "Learn more: <BLS>"."""
    links = learn_more_links(role)
    return (
        f"Learn more: {links[0][1]}" if links else "Learn more: " + (role.learn_more.note or role.sources[0])
    )


def learn_more(role: Role, kb: KnowledgeBase) -> str:
    """ "Where can I read more about phlebotomists": the role's pages and CareerOneStop's finders."""
    lines = [f"Learn more about {a(name(role).lower())}:"]
    lines.extend(f"- {title}: {url}" for title, url in learn_more_links(role))
    if role.learn_more.note:
        lines.append(role.learn_more.note)
    lines.extend(_site_lines(kb.resources.state_sites))
    return "\n".join(lines)


PAY_BASES = (  # how a pay figure is marked, in the order a reader should be warned
    ("stand_in", "A stand-in, the figure of a close job"),
    ("estimate", "An estimate, from a career site or our own math"),
    ("bls_group", "A wider BLS group that includes the role"),
)


def about_data(kb: KnowledgeBase, role_ids: Sequence[RoleId] = (), outlook: bool = False) -> str:
    """ "Where do your numbers come from", "good websites for my students": sources, dates, meanings; first
    the source of each role's figure asked about ("where would pay figures for that job come from"): its
    pay, or its projection just after the outlook."""
    lines = [_figure_source(kb.role(role_id), outlook) for role_id in role_ids]
    lines += kb.resources.about_data
    marked = [(label, [name(r) for r in kb.roles if r.salary.basis == basis]) for basis, label in PAY_BASES]
    if any(roles for _, roles in marked):  # "for which roles is the pay an estimate": each one by name
        lines.append("Pay that is not the role's own BLS figure:")
        lines.extend(f"- {label}: {', '.join(roles)}" for label, roles in marked if roles)
    lines.append("To explore on your own:")
    lines.extend(_site_lines(kb.resources.learn_more_sites))
    return "\n".join(lines)


def _figure_source(role: Role, outlook: bool) -> str:
    """Where one role's pay (or projection) comes from: the figure, its source and date, what kind it is."""
    figure = role.outlook if outlook else role.salary
    shown = f"outlook: {growth_line(role)}" if outlook else f"pay: {pay_line(role)}"
    line = f"{name(role)} {shown}. Source: {figure.source}"
    return f"{line}\n{figure.note}" if figure.note else line


def nearby_job(occupation: str, kb: KnowledgeBase) -> str | None:
    """ "What does a CNA do": not one of mine, what it is, its BLS median and the closest covered roles.

    `occupation` is the name of an out_of_scope.yaml job (an OtherMention's occupation.name); None when
    nearby_jobs.yaml has no entry for it, so the caller keeps its plain "not one of mine" answer.
    """
    job = next((job for job in kb.nearby.jobs if occupation in job.occupations), None)
    if job is None:
        return None
    other = next(o for o in kb.out_of_scope.other_occupations if o.name == occupation)
    median = money(job.median_annual) + (f" ({job.median_note})" if job.median_note else "")
    lines = [
        f"{job.title} is not one of the {len(kb.roles)} roles I cover, but here is the short version.",
        f"{job.what} BLS median pay: {median} a year (May {job.year}).",
        f"Entry: {job.entry_education}. Outlook: {job.outlook}. Source: {job.source}",
    ]
    if other.closest:
        closest = ", ".join(name(kb.role(role_id)) for role_id in other.closest)
        lines.append(f"The closest roles I do cover: {closest}.")
    return "\n".join(lines)


def find_state(text: str, kb: KnowledgeBase) -> str | None:
    """The US state named in a message ("MA pay in Texas" -> "Texas"), the longest name first."""
    return state_named(text, kb.resources.states)


def state_question(role: Role | None, state: str, kb: KnowledgeBase) -> str:
    """ "MA pay in Texas", "do I need a license in Ohio": national figures said plainly, where to look."""
    lines = [kb.resources.state_figures]
    if role is not None:
        lines.append(f"National figure for {a(name(role).lower())}: {pay_line(role)}.")
        lines.append(f"Licence: {role.licensure.details}")
    rules = [r for r in kb.resources.state_rules if r.state == state and (role is None or role.id in r.roles)]
    lines.extend(f"{rule.rule} ({site(rule.source)})" for rule in rules)
    lines.append(f"For {state}, look here:")
    lines.extend(_site_lines(kb.resources.state_sites))
    basis = {role.salary.basis} if role is not None else set()
    return _with_notes(lines, basis)
