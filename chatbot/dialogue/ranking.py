"""Recommendations: criteria read from a message or the quiz -> the roles that fit, best first.

Nothing here holds a list of answers: every ranking is computed from each role's education level,
months of training, patient contact, blood, remote work, pay, growth and `good_fit_for` traits, so a
role added to the knowledge base takes part with no code change.
"""

from __future__ import annotations

from ..knowledge.lookup import MISSING_LAST, RANK_KEYS, ranked
from ..knowledge.schema import CONTACT_ORDER, EDUCATION_ORDER, KnowledgeBase, Role, RoleId
from ..nlu.criteria import Criteria
from ..records import record, replace
from .state import Decision

MAX_SUGGESTIONS = 5
MIN_LIKED = 3  # with fewer roles suiting the stated likes, others that meet the limits fill the list
UNLIKED_PENALTY = 100.0
REMOTE_OK = ("some", "common")


@record
class Suggestion:
    """A role that fits the user's wishes, with its score in the ranking."""

    role_id: RoleId
    score: float


def _fits(role: Role, criteria: Criteria) -> bool:
    education = role.education
    if criteria.min_pay is not None and role.salary.median_annual < criteria.min_pay:
        return False
    if criteria.part_time and role.schedule.part_time not in ("common", "some"):
        return False
    if criteria.regular_hours and role.schedule.evenings_weekends == "common":
        return False
    if criteria.max_education and (
        EDUCATION_ORDER.index(education.lowest_level) > EDUCATION_ORDER.index(criteria.max_education)
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


def ranking(criteria: Criteria, roles: tuple[Role, ...]) -> tuple[Suggestion, ...]:
    """Every role that fits, sorted by the one key asked ("rank all roles by training time")."""
    key = criteria.sort_by or "pay"
    fitting = ranked((r for r in roles if _fits(r, criteria)), key)
    if criteria.lowest:  # "the worst paying jobs": from the bottom; a role with no figure stays last
        known = [role for role in fitting if RANK_KEYS[key](role) != MISSING_LAST]
        fitting = known[::-1] + [role for role in fitting if RANK_KEYS[key](role) == MISSING_LAST]
    return tuple(Suggestion(role.id, float(RANK_KEYS[key](role))) for role in fitting)


def rank(criteria: Criteria, kb: KnowledgeBase, pool: tuple[RoleId, ...] = ()) -> tuple[Suggestion, ...]:
    """Roles (of the pool, if given: "which of those can I do part time") that meet every hard criterion,
    best first (`answers.recommend.reason` says why)."""
    roles = [kb.role(r) for r in pool] if pool else list(kb.roles)
    candidates = [role for role in roles if _fits(role, criteria)]
    if not candidates and criteria.traits:  # hard limits left nothing: keep the stated likes alone
        candidates = [role for role in roles if _fits(role, replace(criteria, max_months=None))]
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
        elif criteria.long_training_ok:  # a long path is fine: what it leads to counts, pay first
            score += 2.0 * role.salary.median_annual / top_pay
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
        scored.append(Suggestion(role.id, score if fit or not criteria.traits else score - UNLIKED_PENALTY))
    if criteria.traits:  # roles that suit none of the stated likes only fill up a short list
        liked = [s for s in scored if s.score > -UNLIKED_PENALTY / 2]
        if len(liked) >= MIN_LIKED:
            scored = liked
    scored.sort(key=lambda s: s.score, reverse=True)
    return tuple(scored[:MAX_SUGGESTIONS])


def recommend(
    criteria: Criteria, kb: KnowledgeBase, confidence: float, pool: tuple[RoleId, ...] = ()
) -> Decision:
    """A recommendation or a ranking (of the pool: "sort them by pay"); the roles become the latest list."""
    if criteria.every or criteria.lowest or criteria.sort_by in ("training", "openings"):
        roles = tuple(kb.role(r) for r in pool) if pool else kb.roles
        ranked = ranking(criteria, roles)
        listed = tuple(s.role_id for s in (ranked if criteria.every else ranked[:MAX_SUGGESTIONS]))
    else:
        listed = tuple(s.role_id for s in rank(criteria, kb, pool))
    return Decision("recommend_roles", (), confidence, "answer", criteria=criteria, listed=listed)
