"""The schema of the counsellor's knowledge (issue 12): pay spread, study, schedules, job life, links,
credential comparisons, nearby jobs and resources. Frozen dataclasses, checked by `loader` like the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Literal

from ..records import record

RoleId = str

# Where a figure comes from, so every table and answer can mark what is not the role's own BLS number:
# bls = the role's own BLS occupation; bls_group = a wider BLS group that includes the role;
# stand_in = a different occupation standing in where BLS has none; estimate = third-party or our arithmetic.
FigureBasis = Literal["bls", "bls_group", "stand_in", "estimate"]
Frequency = Literal["common", "some", "rare", "unknown"]  # how often a schedule feature occurs


@record
class PayRange:
    """The pay spread: 10th and 90th percentile, and the median in physicians' offices and in the other
    largest settings where BLS gives them."""

    source: str
    basis: FigureBasis
    year: int | None = None  # None only for an undated estimate
    low_annual: int | None = (
        None  # 10th percentile (or an estimate's low end); None: unknown, `note` says why
    )
    high_annual: int | None = None  # 90th percentile (or an estimate's high end)
    offices_of_physicians: int | None = None
    note: str | None = None
    # the median in other large settings ("hospitals": 45930), for "and in a hospital vs a doctors office?"
    by_setting: Mapping[str, int] = field(default_factory=dict)


@record
class RelatedPay:
    """A job the role includes that BLS counts apart, shown beside it (receptionists beside secretaries)."""

    name: str
    aliases: tuple[str, ...]
    median_annual: int
    median_hourly: float
    low_hourly: float
    high_hourly: float
    year: int
    source: str
    note: str


@record
class WhereToStudy:
    """Who accredits or approves programs, where to look them up, and online versus on campus."""

    accreditors: tuple[str, ...]
    sources: tuple[str, ...]
    finder: str | None = None  # where to look up programs; None where the sources name no list
    online: str | None = None  # None where the sources say nothing about online study


@record
class Schedule:
    """The BLS work-schedule statement, structured so that 'part time' and 'regular hours' can filter."""

    part_time: Frequency
    evenings_weekends: Frequency
    statement: str
    source: str


@record
class JobLife:
    """A day in the job, pros and cons, and how to get a first job: short lines in our own words."""

    day: tuple[str, ...]
    pros: tuple[str, ...]
    cons: tuple[str, ...]
    first_job: tuple[str, ...]
    sources: tuple[str, ...]


@record
class LearnMore:
    """Where a student can read more about the role: None where the site has no page for it."""

    bls_ooh: str | None = None
    onet: str | None = None
    my_next_move: str | None = None
    note: str | None = None  # says why a site has no page, or where the closest page is


@record
class Credential:
    """One credential in a side-by-side comparison (credentials.yaml), with what users type for it."""

    abbreviation: str
    name: str
    issuer: str
    aliases: tuple[str, ...]
    eligibility: str
    exam: str
    renewal: str
    sources: tuple[str, ...]


@record
class CredentialComparison:
    """Rival credentials for the same job (CMA vs RMA vs CCMA), compared field by field."""

    id: str
    title: str
    roles: tuple[RoleId, ...]
    credentials: tuple[Credential, ...]
    contrast: str
    note: str | None = None


@record
class CredentialGuide:
    """`credentials.yaml`: comparisons of look-alike credentials (CMA vs RMA...)."""

    comparisons: tuple[CredentialComparison, ...]


@record
class NearbyJob:
    """A related job the bot does not cover: what it is, its BLS median and entry education."""

    occupations: tuple[str, ...]  # names in out_of_scope.yaml other_occupations
    title: str
    what: str
    median_annual: int
    entry_education: str
    outlook: str
    year: int
    source: str
    median_note: str | None = None


@record
class NearbyJobs:
    """`nearby_jobs.yaml`: related jobs the bot does not cover, for pointers."""

    jobs: tuple[NearbyJob, ...]


@record
class Site:
    """A website to point people to (to learn more, pay for training, a state board) and what it offers."""

    name: str
    url: str
    what: str


@record
class StateRule:
    """A state rule the sources state (phlebotomy licences in four states), for state questions."""

    state: str
    roles: tuple[RoleId, ...]
    rule: str
    source: str


@record
class Resources:
    """About the data, sites to explore, paying for training, and state questions (resources.yaml)."""

    about_data: tuple[str, ...]
    program_check: str  # how to tell a legitimate program, for every "where to study" answer
    learn_more_sites: tuple[Site, ...]
    paying_for_training: tuple[Site, ...]
    state_figures: str
    state_sites: tuple[Site, ...]
    states: tuple[str, ...]
    state_rules: tuple[StateRule, ...]
