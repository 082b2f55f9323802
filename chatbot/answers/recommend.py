"""Why a recommended role fits: one line from the criteria and the role's own figures.

The roles themselves are chosen by `dialogue.ranking`; this words each one.
"""

from __future__ import annotations

from ..knowledge.schema import KnowledgeBase, Role
from ..nlu.criteria import Criteria
from .wording import CONTACT_PHRASES, FREQUENCY_WORDS, length_basis, marked, median_phrase


def reason(role: Role, criteria: Criteria, kb: KnowledgeBase) -> str:
    """Why a role fits the criteria, then its pay and training time, so every line can be compared."""
    parts: list[str] = []
    labels = {trait.id: trait.label for trait in kb.general.traits}
    liked = [labels[t] for t in criteria.traits if t in role.good_fit_for]
    if liked:
        parts.append("suits " + " and ".join(liked))
    if criteria.sort_by == "growth" and role.outlook.growth_percent is not None:
        parts.append(
            f"{marked(f'{role.outlook.growth_percent:+d}%', role.outlook.basis)} growth {role.outlook.period}"
        )
    if criteria.sort_by == "openings" and role.outlook.openings_per_year:
        parts.append(f"about {role.outlook.openings_per_year:,} openings a year")
    parts.append(median_phrase(role))
    months = role.education.months_to_qualify
    time = (
        "trained on the job"
        if months == 0
        else f"about {marked(str(months), length_basis(role))} months of training"
    )
    parts.append(f"{role.education.entry_level_text.split(' (')[0]}, {time}")
    if criteria.remote:
        parts.append(
            "remote work is common" if role.work_environment.remote == "common" else "some remote jobs"
        )
    if criteria.contact:
        parts.append(CONTACT_PHRASES[role.work_environment.patient_contact])
    if criteria.part_time:
        parts.append(f"part-time work: {FREQUENCY_WORDS[role.schedule.part_time]}")
    if criteria.regular_hours:
        parts.append(f"evenings and weekends: {FREQUENCY_WORDS[role.schedule.evenings_weekends]}")
    if criteria.avoid_blood:
        parts.append(
            "works with blood or needles" if role.work_environment.involves_blood else "no blood or needles"
        )
    return "; ".join(parts)


SCHOOLING_WISHES = {  # the highest entry level wished for, as the user would say it
    "postsecondary_certificate": "no degree",
    "associate": "at most an associate degree",
    "bachelor": "at most a bachelor's degree",
    "master": "no medical school",
}


def wishes_in_words(criteria: Criteria, kb: KnowledgeBase) -> str:
    """What the user asked of a job, in a few words ("work from home, no blood or needles"), to show the
    wish was heard."""
    labels = {trait.id: trait.label for trait in kb.general.traits}
    months = criteria.max_months or 0
    length = (
        f"{months // 12} year{'s' if months > 12 else ''}"
        if months and months % 12 == 0
        else f"{months} months"
    )
    said = [
        (criteria.max_months is not None, f"training of up to {length}"),
        (criteria.max_education is not None, SCHOOLING_WISHES.get(criteria.max_education or "", "")),
        (criteria.min_pay is not None, f"pay of at least ${criteria.min_pay or 0:,}"),
        (criteria.remote, "work from home"),
        (criteria.contact == "more", "a lot of time with patients"),
        (criteria.contact == "less", "little patient contact"),
        (criteria.avoid_blood, "no blood or needles"),
        (criteria.blood_ok, "blood and needles are fine"),
        (criteria.part_time, "part-time work"),
        (criteria.regular_hours, "regular hours"),
    ]
    words = [text for wanted, text in said if wanted and text]
    words += [labels[trait] for trait in criteria.traits if trait in labels]
    return ", ".join(words)
