"""Recommendations: criteria read from a message or a quiz -> roles ranked from knowledge fields.

Nothing here holds a list of answers: every ranking is computed from each role's education level,
months of training, patient contact, blood, remote work, pay, growth and `good_fit_for` traits, so a
role added to the knowledge base takes part with no code change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .types import CONTACT_ORDER, EDUCATION_ORDER, KnowledgeBase, Role, RoleId


def _phrases(text: str) -> tuple[str, ...]:
    """A phrase list written as comma-separated lines of normalised words."""
    return tuple(phrase.strip() for phrase in text.replace("\n", ",").split(",") if phrase.strip())


MAX_SUGGESTIONS = 5
MIN_LIKED = 3  # with fewer roles suiting the stated likes, others that meet the limits fill the list
UNLIKED_PENALTY = 100.0
REMOTE_OK = ("some", "common")

# Phrases (normalised words) that set a criterion; an education ceiling names the highest entry level.
EDUCATION_CEILINGS: dict[str, tuple[str, ...]] = {
    "postsecondary_certificate": _phrases(
        """
        no degree, without a degree, not need a degree, no college, not need a college degree, without college
        without a college degree, high school, ged, certificate, certification program
        """
    ),
    "associate": _phrases("2 year, two year, associate, associates, community college"),
    "bachelor": _phrases("4 year, four year, bachelor, bachelors"),
    "master": _phrases(
        """
        med school is too long, med school is way too long, not med school, without med school, no med school
        skip med school, not become a doctor
        """
    ),
}
# -> at most a year of training
QUICK_TRAINING = _phrases(
    """
    less than a year, under a year, within a year, in a year, few months, couple months
    couple of months, right away, soon, short training, short program
    without going back to school, not go back to school, no school, not want to go back to school
    not a lot of school, little school, least school, least training, minimal training, start working
    fastest to, fastest way, quickest, premed, pre med, gap year, while in college, while in school
    summer job
    """
)
AVOID_BLOOD = _phrases(
    """
    no blood, not blood, blood makes, pass out, faint, needles, squeamish, not deal with blood
    hate blood, afraid of blood, scared of blood, without blood, queasy, nothing clinical
    clinical is out, not clinical, non clinical, nonclinical
    """
)
LESS_CONTACT = _phrases(
    """
    least contact, less contact, no patients, not with patients, away from patients, without patients
    no patient contact, little patient contact, introvert, introverted, behind the scenes
    not patient facing, not deal with patients, shy, antisocial, not people person, not a people person
    not want to deal with people, not want to talk to people, not like people, not good with people
    not like talking, not want to work with people
    """
)
MORE_CONTACT = _phrases(
    """
    patient care, patient contact, with patients, hands on with patients, patient care hours
    patient facing, care for patients, taking care of people, clinical experience, clinical hours
    """
)
REMOTE = _phrases("work from home, from home, remote, remotely, wfh, home based, at home")
HIGHEST_PAY = _phrases(
    """
    highest pay, highest paying, best pay, best paid, best paying, most money, pays the most
    paid the most, top paying, highest salary, make the most, earn the most, well paid, good money
    most lucrative, pays best, pay the most, pay well, pays well, good pay, well paying, good salary
    high salary, high paying
    """
)
FASTEST_GROWTH = _phrases(
    """
    fastest growing, most demand, in demand, job security, most growth, growing fastest, future proof
    most openings, growing field, best outlook, high demand
    """
)

NEGATIONS = _phrases("not, no, never, hate, hates, avoid, scared, afraid, without, nothing, faint")
SPEED_WORDS = frozenset("fast fastest quick quickest quickly asap soonest".split())
PEOPLE_WORDS = ("people", "patients", "talking", "social", "strangers", "customers")
PAY_WORDS = frozenset("pay pays paid paying salary money earn earns lucrative".split())
GROWTH_WORDS = frozenset("growth growing grow demand openings outlook future".split())
TOP_WORDS = frozenset("highest best most top fastest biggest greatest more".split())
BLOOD_WORDS = ("blood", "needle", "needles", "shots", "injections")
NEGATION_REACH = 3  # "can not really stand blood": the negation may sit a few words before


@dataclass(frozen=True, slots=True)
class Criteria:
    """What a user asked of a job. Empty criteria start the quiz."""

    max_education: str | None = None
    max_months: int | None = None
    contact: str | None = None  # "less" | "more"
    avoid_blood: bool = False
    remote: bool = False
    traits: tuple[str, ...] = ()
    sort_by: str | None = None  # "pay" | "growth"

    @property
    def empty(self) -> bool:
        return self == Criteria()


@dataclass(frozen=True, slots=True)
class Suggestion:
    role_id: RoleId
    reason: str
    score: float


def _has(text: str, phrases: tuple[str, ...]) -> bool:
    padded = f" {text} "
    return any(f" {phrase} " in padded for phrase in phrases)


def _negated(words: list[str], targets: tuple[str, ...]) -> bool:
    """Whether a target word comes shortly after a negation ("i can not stand blood")."""
    return any(
        word in targets and any(w in NEGATIONS for w in words[max(0, i - NEGATION_REACH) : i])
        for i, word in enumerate(words)
    )


def _stated(words: list[str], phrase: list[str]) -> bool:
    """Whether the phrase occurs without a negation just before it ("loves science", not "hates people")."""
    size = len(phrase)
    return any(
        words[i : i + size] == phrase and not set(words[max(0, i - NEGATION_REACH) : i]) & set(NEGATIONS)
        for i, word in enumerate(words)
        if word == phrase[0]
    )


def parse_criteria(text: str, kb: KnowledgeBase) -> Criteria:
    """Criteria stated in a normalised message ("no degree", "work from home", "good with numbers")."""
    ceiling = None
    for level, phrases in EDUCATION_CEILINGS.items():
        if _has(text, phrases) and (
            ceiling is None or EDUCATION_ORDER.index(level) < EDUCATION_ORDER.index(ceiling)
        ):
            ceiling = level
    words = text.split()
    present = set(words)
    traits = tuple(
        trait.id
        for trait in kb.general.traits
        if any(cue.split()[0] in present and _stated(words, cue.split()) for cue in trait.cues)
    )
    if _has(text, LESS_CONTACT) or _negated(words, PEOPLE_WORDS):  # "hates talking to people"
        contact: str | None = "less"
    else:
        contact = "more" if _has(text, MORE_CONTACT) else None
    sort_by = None
    if _has(text, HIGHEST_PAY) or (set(words) & PAY_WORDS and set(words) & TOP_WORDS):
        sort_by = "pay"
    elif _has(text, FASTEST_GROWTH) or (set(words) & GROWTH_WORDS and set(words) & TOP_WORDS):
        sort_by = "growth"
    return Criteria(
        max_education=ceiling,
        max_months=12
        if _has(text, QUICK_TRAINING) or (set(words) & SPEED_WORDS and sort_by != "growth")
        else None,
        contact=contact,
        avoid_blood=_has(text, AVOID_BLOOD) or _negated(text.split(), BLOOD_WORDS),
        remote=_has(text, REMOTE),
        traits=traits,
        sort_by=sort_by,
    )


def _fits(role: Role, criteria: Criteria) -> bool:
    education = role.education
    if criteria.max_education and (
        EDUCATION_ORDER.index(education.entry_level) > EDUCATION_ORDER.index(criteria.max_education)
    ):
        return False
    if criteria.max_months is not None and education.months_to_qualify > criteria.max_months:
        return False
    if criteria.avoid_blood and role.work_environment.involves_blood:
        return False
    if criteria.remote and role.work_environment.remote not in REMOTE_OK:
        return False
    contact = CONTACT_ORDER.index(role.work_environment.patient_contact)
    if criteria.contact == "less" and contact > CONTACT_ORDER.index("low"):
        return False
    return not (criteria.contact == "more" and contact < CONTACT_ORDER.index("high"))


def _reason(role: Role, criteria: Criteria, kb: KnowledgeBase) -> str:
    parts: list[str] = []
    labels = {trait.id: trait.label for trait in kb.general.traits}
    liked = [labels[t] for t in criteria.traits if t in role.good_fit_for]
    if liked:
        parts.append("suits " + " and ".join(liked))
    if criteria.sort_by == "pay":
        parts.append(
            f"median pay ${role.salary.median_annual:,}" + (" or more" if role.salary.at_least else "")
        )
    if criteria.sort_by == "growth" and role.outlook.growth_percent is not None:
        parts.append(f"{role.outlook.growth_percent:+d}% growth {role.outlook.period}")
    if criteria.max_education or criteria.max_months is not None:
        months = role.education.months_to_qualify
        time = "trained on the job" if months == 0 else f"about {months} months of training"
        parts.append(f"{role.education.entry_level_text.split(' (')[0]}, {time}")
    if criteria.remote:
        parts.append(
            "remote work is common" if role.work_environment.remote == "common" else "some remote jobs"
        )
    if criteria.contact:
        parts.append(f"{role.work_environment.patient_contact} patient contact")
    if criteria.avoid_blood:
        parts.append("no blood or needles")
    if not parts:
        parts.append(role.tagline)
    return "; ".join(parts)


def rank(criteria: Criteria, kb: KnowledgeBase) -> tuple[Suggestion, ...]:
    """Roles that meet every hard criterion, best first, each with a one-line reason from the data."""
    candidates = [role for role in kb.roles if _fits(role, criteria)]
    if not candidates and criteria.traits:  # hard limits left nothing: keep the stated likes alone
        candidates = [role for role in kb.roles if _fits(role, replace(criteria, max_months=None))]
    scored: list[Suggestion] = []
    top_pay = max((role.salary.median_annual for role in kb.roles), default=1)
    top_growth = max((role.outlook.growth_percent or 0 for role in kb.roles), default=1) or 1
    for role in candidates:
        fit = sum(trait in role.good_fit_for for trait in criteria.traits)
        score = 3.0 * fit
        if criteria.sort_by == "pay":
            score += 10.0 * role.salary.median_annual / top_pay
        elif criteria.sort_by == "growth":
            score += 10.0 * (role.outlook.growth_percent or 0) / top_growth
        else:  # at equal fit, quicker entry and better pay first
            score -= role.education.months_to_qualify / 120.0
            score += role.salary.median_annual / top_pay / 2
        if criteria.remote and role.work_environment.remote == "common":
            score += 1.0
        contact = CONTACT_ORDER.index(role.work_environment.patient_contact)
        if criteria.contact == "more":
            score += contact
        elif criteria.contact == "less":
            score -= contact
        scored.append(
            Suggestion(
                role.id,
                _reason(role, criteria, kb),
                score if fit or not criteria.traits else score - UNLIKED_PENALTY,
            )
        )
    if criteria.traits:  # roles that suit none of the stated likes only fill up a short list
        liked = [s for s in scored if s.score > -UNLIKED_PENALTY / 2]
        if len(liked) >= MIN_LIKED:
            scored = liked
    scored.sort(key=lambda s: s.score, reverse=True)
    return tuple(scored[:MAX_SUGGESTIONS])


# --- the guided quiz, for "which job fits me?" with no criteria ------------------------------------
