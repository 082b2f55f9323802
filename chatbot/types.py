"""Frozen dataclasses passed between the pipeline stages, and the id aliases. No logic lives here.

The knowledge dataclasses double as the schema of the YAML files: `loader` checks every file against
their type hints, so a field added here is a field the validator demands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

RoleId = str
IntentId = str

EducationLevel = Literal[
    "high_school", "postsecondary_certificate", "associate", "bachelor", "master", "doctoral"
]
EDUCATION_ORDER: tuple[str, ...] = (
    "high_school",
    "postsecondary_certificate",
    "associate",
    "bachelor",
    "master",
    "doctoral",
)
Requirement = Literal["required", "often_required", "preferred", "optional"]
RemoteWork = Literal["none", "rare", "some", "common"]
PatientContact = Literal["none", "low", "medium", "high"]
CONTACT_ORDER: tuple[str, ...] = ("none", "low", "medium", "high")
Category = Literal["clinical", "administrative", "management", "laboratory"]


# --- knowledge (one YAML file per role, plus general.yaml and out_of_scope.yaml) ---------------------


@dataclass(frozen=True, slots=True)
class Skill:
    name: str
    why: str


@dataclass(frozen=True, slots=True)
class Education:
    entry_level: EducationLevel
    entry_level_text: str
    programs: tuple[str, ...]
    coursework: tuple[str, ...]
    typical_length: str
    months_to_qualify: int
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Certification:
    name: str
    abbreviation: str
    issuer: str
    requirement: Requirement
    eligibility: str


@dataclass(frozen=True, slots=True)
class Licensure:
    required: bool
    details: str


@dataclass(frozen=True, slots=True)
class Salary:
    median_annual: int
    median_hourly: float
    year: int | None  # None only for an undated estimate, which `note` must explain
    source: str
    at_least: bool = False  # BLS top-codes some medians ("$239,200 or more")
    hourly_estimate: bool = False  # hourly = annual / 2,080 where BLS did not publish it
    note: str | None = None  # says when the figure is an estimate or a wider group's


@dataclass(frozen=True, slots=True)
class Outlook:
    growth_percent: int | None  # None where no projection exists; `note` must say why
    label: str
    period: str | None
    year: int | None
    source: str
    openings_per_year: int | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class WorkEnvironment:
    settings: tuple[str, ...]
    schedule: str
    remote: RemoteWork
    remote_note: str
    patient_contact: PatientContact
    involves_blood: bool
    physical_demands: str
    stress: str


@dataclass(frozen=True, slots=True)
class CareerPath:
    enters_from: tuple[str, ...]
    moves_to: tuple[str, ...]
    next_roles: tuple[RoleId, ...] = ()


@dataclass(frozen=True, slots=True)
class Interests:
    riasec: str
    basis: str


@dataclass(frozen=True, slots=True)
class Role:
    id: RoleId
    title: str
    short_title: str
    aliases: tuple[str, ...]
    category: Category
    tagline: str
    summary: str
    duties: tuple[str, ...]
    skills: tuple[Skill, ...]
    education: Education
    certifications: tuple[Certification, ...]
    licensure: Licensure
    salary: Salary
    outlook: Outlook
    work_environment: WorkEnvironment
    career_path: CareerPath
    related_roles: tuple[RoleId, ...]
    good_fit_for: tuple[str, ...]
    interests: Interests
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CategoryInfo:
    id: Category
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class GeneralSkill:
    name: str
    why: str
    example: str


@dataclass(frozen=True, slots=True)
class Trait:
    """A preference a user may state ("good with numbers"), matched by its cue words."""

    id: str
    label: str
    cues: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GeneralInfo:
    categories: tuple[CategoryInfo, ...]
    general_skills: tuple[GeneralSkill, ...]
    ambiguous_terms: Mapping[str, tuple[RoleId, ...]]
    traits: tuple[Trait, ...]


@dataclass(frozen=True, slots=True)
class OtherOccupation:
    """A job the bot does not cover, so that it is recognised instead of force-matched to a role."""

    name: str
    aliases: tuple[str, ...]
    closest: tuple[RoleId, ...] = ()


@dataclass(frozen=True, slots=True)
class OutOfScopeInfo:
    other_occupations: tuple[OtherOccupation, ...]
    patient_cues: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    roles: tuple[Role, ...]
    general: GeneralInfo
    out_of_scope: OutOfScopeInfo
    _by_id: Mapping[RoleId, Role] = field(default_factory=dict, compare=False, repr=False)

    def role(self, role_id: RoleId) -> Role:
        """The role with this id; KeyError for an unknown id (ids come from the loaded data)."""
        return self._by_id[role_id]

    @property
    def role_ids(self) -> tuple[RoleId, ...]:
        return tuple(role.id for role in self.roles)


@dataclass(frozen=True, slots=True)
class Intent:
    id: IntentId
    description: str
    examples: tuple[str, ...]
    cues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IntentSet:
    intents: tuple[Intent, ...]

    @property
    def ids(self) -> tuple[IntentId, ...]:
        return tuple(intent.id for intent in self.intents)


# --- pipeline ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoleMention:
    """A role named in the user's text: where, how it was written, how sure the match is."""

    role_id: RoleId
    start: int  # token index in the normalised text
    end: int  # token index one past the mention
    surface: str
    score: float  # 0..100, 100 for an exact alias
    credential: bool = False  # named by its credential ("CPC", "RHIT"): a hint the question is about it


@dataclass(frozen=True, slots=True)
class AmbiguousMention:
    """A bare word such as "nurse" that could mean several roles; the dialogue asks which."""

    term: str
    candidates: tuple[RoleId, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class OtherMention:
    """A job the bot does not cover ("pharmacist"), so it is not force-matched to a role."""

    occupation: OtherOccupation
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mentions:
    """Everything `entities` found in one message, each kind in the order it was written."""

    roles: tuple[RoleMention, ...] = ()
    ambiguous: tuple[AmbiguousMention, ...] = ()
    others: tuple[OtherMention, ...] = ()

    @property
    def role_ids(self) -> tuple[RoleId, ...]:
        """Distinct role ids in the order named."""
        return tuple(dict.fromkeys(mention.role_id for mention in self.roles))

    @property
    def credential_ends(self) -> frozenset[int]:
        """Token positions just past a role named by its credential."""
        return frozenset(m.end for m in self.roles if m.credential)

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """Token spans of every mention of any kind, sorted by position."""
        return tuple(
            sorted(
                [(m.start, m.end) for m in self.roles]
                + [(m.start, m.end) for m in self.ambiguous]
                + [(m.start, m.end) for m in self.others]
            )
        )


@dataclass(frozen=True, slots=True)
class IntentScore:
    intent: IntentId
    score: float  # 0..100
    example: str  # the example phrase that scored best


@dataclass(frozen=True, slots=True)
class IntentGuess:
    intent: IntentId
    confidence: float  # 0..1
    ranking: tuple[IntentScore, ...]  # best first, for /why
    unexplained: int = 0  # words of the message that the chosen intent's examples never use

    @property
    def margin(self) -> float:
        if len(self.ranking) < 2:
            return self.ranking[0].score if self.ranking else 0.0
        return self.ranking[0].score - self.ranking[1].score


@dataclass(frozen=True, slots=True)
class Reply:
    """What the bot says for one turn; `to_dict` is the JSON contract."""

    intent: IntentId
    roles: tuple[RoleId, ...]
    confidence: float
    text: str
    suggested_roles: tuple[RoleId, ...] = ()
    follow_ups: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "roles": list(self.roles),
            "confidence": round(self.confidence, 3),
            "text": self.text,
            "suggested_roles": list(self.suggested_roles),
            "follow_ups": list(self.follow_ups),
            "sources": list(self.sources),
        }
