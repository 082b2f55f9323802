"""The knowledge schema: frozen dataclasses that are also the schema of the YAML files. No logic here.

The knowledge dataclasses double as the schema of the YAML files: `loader` checks every file against
their type hints, so a field added here is a field the validator demands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Literal

from ..records import record
from .guide import (
    CredentialGuide,
    FigureBasis,
    JobLife,
    LearnMore,
    NearbyJobs,
    PayRange,
    RelatedPay,
    Resources,
    Schedule,
    WhereToStudy,
)

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


@record
class Skill:
    """A skill the role needs, and why it matters in the job."""

    name: str
    why: str


@record
class Education:
    """How one qualifies: the entry level, programs, coursework and how long it takes."""

    entry_level: EducationLevel
    entry_level_text: str
    programs: tuple[str, ...]
    coursework: tuple[str, ...]
    typical_length: str
    months_to_qualify: int
    note: str | None = None
    length_estimate: bool = False  # typical_length and months_to_qualify have no source: our estimate
    # The lowest level that still leads in, where it is below the typical one (an ADN for an RN): what a
    # "2-year degree" limit is checked against.
    shortest_route: EducationLevel | None = None

    @property
    def lowest_level(self) -> EducationLevel:
        return self.shortest_route or self.entry_level


@record
class Certification:
    """A credential for the role, who issues it and whether employers require it."""

    name: str
    abbreviation: str
    issuer: str
    requirement: Requirement
    eligibility: str


@record
class Licensure:
    """Whether a state licence is required, and what it involves."""

    required: bool
    details: str


@record
class Salary:
    """The median pay with its source and year (BLS unless `basis` says otherwise)."""

    median_annual: int
    median_hourly: float
    year: int | None  # None only for an undated estimate, which `note` must explain
    source: str
    at_least: bool = False  # BLS top-codes some medians ("$239,200 or more")
    basis: FigureBasis = "bls"
    hourly_estimate: bool = False  # hourly = annual / 2,080 where BLS did not publish it
    note: str | None = None  # says when the figure is an estimate or a wider group's


@record
class Outlook:
    """Projected job growth over a period, with its source and year."""

    growth_percent: int | None  # None where no projection exists; `note` must say why
    label: str
    period: str | None
    year: int | None
    source: str
    openings_per_year: int | None = None
    note: str | None = None
    basis: FigureBasis = "bls"


@record
class WorkEnvironment:
    """Where and how the work is done: settings, schedule, remote work, contact, blood."""

    settings: tuple[str, ...]
    schedule: str
    remote: RemoteWork
    remote_note: str
    patient_contact: PatientContact
    involves_blood: bool
    physical_demands: str
    stress: str


@record
class CareerPath:
    """Where people come from into the role and where it leads."""

    enters_from: tuple[str, ...]
    moves_to: tuple[str, ...]
    next_roles: tuple[RoleId, ...] = ()


@record
class Interests:
    """The role's Holland (RIASEC) interest code and what it is based on."""

    riasec: str
    basis: str


@record
class Role:
    """Everything the bot knows about one position: one file in `knowledge/roles/`."""

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
    pay_range: PayRange
    where_to_study: WhereToStudy
    schedule: Schedule
    job_life: JobLife
    learn_more: LearnMore
    also_covers: tuple[RelatedPay, ...] = ()
    # Exams on the way in ("PANCE", "NCLEX-RN"): a user who names one means the role, and asks about
    # its credential. Unique across roles, like aliases.
    exams: tuple[str, ...] = ()
    # What the job does in a user's words ("draws blood from patients"): "the one who draws blood" is it.
    described_as: tuple[str, ...] = ()
    # What the job is, as a phrase ("run a medical office"): names the role when typed exactly; its words
    # stay ordinary words (never typos of a name) and are not fuzzy-matched, as an alias's would be
    activities: tuple[str, ...] = ()
    # Knowledge not in the schema yet (statements per topic), answerable by an intent that declares
    # `fields: [extra.<topic>]`: a new field needs data, not code.
    extra: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@record
class CategoryInfo:
    """A group of roles (clinical, administrative...) with its description."""

    id: Category
    title: str
    description: str


@record
class GeneralSkill:
    """A skill useful in any medical-office role, with an example."""

    name: str
    why: str
    example: str


@record
class Trait:
    """A preference a user may state ("good with numbers"), matched by its cue words."""

    id: str
    label: str
    cues: tuple[str, ...]


@record
class GeneralInfo:
    """`general.yaml`: categories, general skills, ambiguous words and the quiz's traits."""

    categories: tuple[CategoryInfo, ...]
    general_skills: tuple[GeneralSkill, ...]
    ambiguous_terms: Mapping[str, tuple[RoleId, ...]]
    traits: tuple[Trait, ...]


@record
class OtherOccupation:
    """A job the bot does not cover, so that it is recognised instead of force-matched to a role."""

    name: str
    aliases: tuple[str, ...]
    closest: tuple[RoleId, ...] = ()


@record
class OutOfScopeInfo:
    """`out_of_scope.yaml`: jobs the bot does not cover and the cues of a patient's question."""

    other_occupations: tuple[OtherOccupation, ...]
    patient_cues: tuple[str, ...]


SafetyIntent = Literal["crisis", "medical_advice"]


@record
class SafetyRule:
    """One kind of message that needs a safe reply before anything else (an emergency, a crisis...)."""

    id: str
    intent: SafetyIntent
    reply: str
    cues: tuple[str, ...]
    also: tuple[str, ...] = ()  # ids of other rules whose replies follow this one's
    unless: tuple[str, ...] = ()  # words that make it another kind of message ("refill": a request)
    sources: tuple[str, ...] = ()
    # Words just after a counted cue that make it no cue: "took 10 pills a day" is a regimen
    not_followed_by: tuple[str, ...] = ()
    # A count taken, however it is worded ("my son took 15-20 of his ritalin", "ate a bag of gummies, maybe
    # a dozen"): a taking word, then what was taken and a count of 5 or more, in either order, close by.
    taking_words: tuple[str, ...] = ()
    taken_words: tuple[str, ...] = ()
    # Taking words that count only before a medicine's own name: "had 12 xanax", not "had 40 meds to pass"
    named_taking_words: tuple[str, ...] = ()
    # With these, a taking word counts only just after one ("gonna take 30 ambien"): a plan, not a dose
    planning_words: tuple[str, ...] = ()
    count_units: tuple[str, ...] = ()  # a count of these is no dose: "it took 20 years to get my pills"
    modifier_nouns: tuple[str, ...] = ()  # after the medicine word, a noun it describes: "20 med histories"
    # Phrases that hold a cue but mean something else ("swallowed my pride"): a cue inside
    # one does not count (the same cue elsewhere in the message still does)
    figures_of_speech: tuple[str, ...] = ()
    # Words that are a cue only about a person's own situation: a person word shortly before them and no
    # career frame ("my knee is swollen", not "do MAs get swollen feet from standing all day").
    personal: tuple[str, ...] = ()
    # Cues that say nothing of health by themselves ("is that normal", "should i be worried"): in a career
    # question they count only beside a health word ("$15 an hour at the front desk, is that normal").
    vague: tuple[str, ...] = ()
    # Said when the next message, just after this reply, is no career question ("i dont want to call
    # anyone", "thanks"): the help again, and that the bot is still there to talk about jobs.
    follow_up: str | None = None
    # How many words before a cue may hold the person word that makes it about someone's own life: more
    # for thoughts of self-harm, told after a story ("lost my job ... been thinking about ending it").
    person_reach: int = 6
    # Messages of this kind in other words than the cues: a message read as out of scope is compared with
    # them (dialogue/safety_net.py), so that "my dad went grey and wont answer me" is not "didn't catch that"
    examples: tuple[str, ...] = ()
    # Thoughts of self-harm (one's own or someone's): read in a sentence of its own even beside a career
    # question, and said again just after its reply it gets that reply alone.
    self_harm: bool = False


@record
class SafetyInfo:
    """`safety.yaml`: the rules, and the words that tell a person's situation from a career question."""

    person_words: tuple[str, ...]
    job_words: tuple[str, ...]
    rules: tuple[SafetyRule, ...]
    # People in general ("someone", "a patient"): in a career question they count as a person only when
    # no hypothetical word comes before the cue ("what does a nurse do when someone collapses").
    other_people: tuple[str, ...] = ()
    hypothetical_words: tuple[str, ...] = ()
    first_person: tuple[str, ...] = ()  # the user about themselves: about a person, in any frame
    owner_prepositions: tuple[str, ...] = ()  # "on my arm": whose body comes after the cue
    first_person_owners: tuple[str, ...] = ()  # the owners that count beside a career question
    workplaces: tuple[str, ...] = ()  # "pain in our office": a place of work after the owner, not a body
    asking_verbs: tuple[str, ...] = ()  # "tylenol can my son have": a person asked about after the cue
    happening_words: tuple[str, ...] = ()  # "just collapsed": happening now
    relative_pronouns: tuple[str, ...] = ()  # "patients who just overdosed": a kind of patient
    help_requests: tuple[str, ...] = ()  # "what should i do" just after a safety reply: help with it
    case_words: tuple[str, ...] = ()  # "how do i code an overdose": a case coded, billed or charted
    # Words read through one typo ("sucidal", "siezure"), long and unlike any other word, and the real
    # words one typo from them that stay as typed ("overdone" is not "overdose")
    misspelt_words: tuple[str, ...] = ()
    subjectless_starts: tuple[str, ...] = ()  # "been peeing a lot": a sentence that dropped its "i"
    # Everyday messages that are no safety message ("my dad fell asleep on the couch"): beside the intents'
    # examples, what the second look (dialogue/safety_net.py) compares a message with
    everyday_examples: tuple[str, ...] = ()
    # Words of a light tone ("lol", "im fine"): a message with one gets no second look, only the cues
    calm_words: tuple[str, ...] = ()
    denials: tuple[str, ...] = ()  # "no i meant math class": just after a guessed reply, it misread
    guessed_lead: str = ""  # before a safety reply the second look chose: it may have misread the message
    real_look_alikes: tuple[str, ...] = ()

    def rule(self, rule_id: str | None) -> SafetyRule | None:
        """The rule with this id; None for no id or an unknown one (a restored state may hold any text)."""
        return next((rule for rule in self.rules if rule.id == rule_id), None)


@record
class FieldAnswer:
    """A field that answers yes or no by its value ("do coders work with patients": patient contact)."""

    field: str  # a field path of the role schema
    no: tuple[str, ...]  # the values that mean "no"
    says: str = ""  # the evidence line; "{value}" is the field's value
    detail: str | None = None  # or a field path whose text is the evidence (licensure.details)


@record
class TopicCue:
    """A detail topic of a role question and the words that ask for it (`needed` of them at least)."""

    topic: str
    words: str
    needed: int = 1
    unless: str = ""  # words that mean another question ("day" beside "night" asks about shifts)
    also: str = ""  # one of these too ("free" with "training": "school" and "program" alone ask nothing)


@record
class DialogueLexicon:
    """`lexicon.yaml` `dialogue:`: the words the dialogue's rules read, each list space-separated."""

    ask_filler: str
    back_references: str
    back_words: str
    contrast_words: str
    defining_words: str
    ellipsis_words: str
    filler: str
    greeting_words: str
    handout_words: str
    job_words: str
    least_words: str
    linking_words: str
    later_words: str  # "could i become an RN later": a move from the job in view, in time
    instead_words: str  # "could i become a PA later instead": in place of the job in view, not from it
    else_words: str  # "i dont want to be a nurse, what else": the jobs left once some are ruled out
    option_words: str  # "what other options", "anything else": the words that ask for other jobs
    ruling_out_words: str  # "dont want to be a nurse", "anything but nursing": a job ruled out just after
    ruling_out_fillers: str  # the words that may come between ("dont want to be a")
    request_words: str  # "make me a handout", "i need a pdf": a sentence that asks for something
    handout_verbs: str  # "can you make one on scribes?": a question that asks for the handout told of
    being_words: str  # "as one", "become one": with no role named, "one" is the role in view
    list_references: str
    more_filler: str
    more_words: str
    most_words: str
    profile_words: str
    demonstratives: str
    quick_words: str
    choosing_words: str
    quiz_words: str
    pronouns: str
    subject_pronouns: str  # the pronouns that can be a sentence's subject: "do they work under a doctor"
    relation_words: str  # "under", "with": a role named after one is the one worked with, not asked about
    story_pronouns: str  # "my mom's an NP. what does a PA make next to her": a question pointing back
    possessives: str
    one_job_words: str
    result_words: str
    self_words: str  # "im organized", "i like people": the user describing themselves
    asking_words: str  # "what job", "any jobs": with a job word, a job asked for
    similar_words: str  # "something similar with less school": the same kind of job as the one in view
    closest_words: str  # "which of your jobs is closest to that": the roles nearest a job we do not cover
    not_names: str  # ordinary words one typo from a job name ("interests", "codes"): no role mention
    relatives: str  # "my brother's a phlebotomist": a relative's job is context beside the job asked about
    pointing_words: str  # "that one", "this job": with a job word or "one", a single role pointed at
    local_words: str  # "pay in our area", "by ZIP code": a pay question about where the user lives
    worth_words: str  # "is the money worth the loans": a pay question, even beside the cost of school
    question_words: str
    quit_words: str
    referring_words: str
    return_words: str
    setting_words: str
    duration_words: str  # "all day", "every week": the word before is a time, not a setting or a count
    thanks_words: str
    experience_words: str  # "does my medic time count": the user's own past in a job we do not cover
    repeat_verbs: str  # "say that number again", "give me the pa one again": with "again", a repeat
    site_words: str  # "which sites show wages in my state": where to look, for every role alike
    lookup_words: str  # "sites to check pay", "sites to dig into": looking something up, not a work site
    goodbye_words: str  # "cool, that's what i needed. bye": a goodbye at the end of a remark
    why_words: str
    yes_no_starts: str
    yes_no_leads: str
    quit_phrases: tuple[str, ...]
    more_phrases: tuple[str, ...]  # "go on", "keep going": more of the last answer
    repeat_phrases: tuple[str, ...]  # "say that again": the last answer once more
    handout_phrases: tuple[str, ...]  # "share this": a handout, where "share" alone is a verb of traits
    self_descriptions: tuple[str, ...]  # "i am a", "as a": the words before a job the user holds
    ordinals: Mapping[str, int]
    count_words: Mapping[str, int]
    aspect_words: Mapping[str, str]  # intent id -> the words that point at that aspect
    topic_words: tuple[TopicCue, ...]


@record
class Lexicon:
    """`lexicon.yaml`: words the engine reads the knowledge with, e.g. "shots" also means "injections"."""

    synonyms: Mapping[str, tuple[str, ...]]
    negations: tuple[str, ...]  # words that turn a statement into a "no"
    # words that ask whether a thing can be done without something ("without a degree"): a field's
    # "no, it is not needed" is then the question's "yes"
    absence_words: tuple[str, ...]
    field_answers: Mapping[str, FieldAnswer]  # a question word -> the field whose value answers it
    dialogue: DialogueLexicon


@record
class KnowledgeBase:
    """All the knowledge files, loaded and checked: what every answer is made from."""

    roles: tuple[Role, ...]
    general: GeneralInfo
    out_of_scope: OutOfScopeInfo
    safety: SafetyInfo
    credentials: CredentialGuide
    nearby: NearbyJobs
    resources: Resources
    lexicon: Lexicon
    _by_id: Mapping[RoleId, Role] = field(default_factory=dict, compare=False, repr=False)

    def role(self, role_id: RoleId) -> Role:
        """The role with this id; KeyError for an unknown id (ids come from the loaded data)."""
        return self._by_id[role_id]

    @property
    def role_ids(self) -> tuple[RoleId, ...]:
        return tuple(role.id for role in self.roles)


Layout = Literal["section", "list", "table"]


@record
class AnswerSpec:
    """How an intent is answered, declared in its file: exactly one of `handler`, `text` or `fields`.

    - handler: the name of an answer written in code (comparisons, the quiz, safety...);
    - text: a fixed reply;
    - fields: knowledge fields of the role(s) in focus ("work_environment.hours", "extra.attire"), shown
      as a section or a list, or as a table over every role sorted by `sort_by` (a field path too).
    A text may have fields too: they are shown after it for the roles the message names ("is 45 too old
    to start as an MA": the text, then the MA's training).
    """

    handler: str | None = None
    text: str | None = None
    fields: tuple[str, ...] = ()
    layout: Layout = "section"
    title: str | None = None  # "{role}" is replaced by the role's name
    sort_by: str | None = None
    follow_ups: tuple[str, ...] = ()


@record
class Intent:
    """One intent file: what the intent means, its example phrases and cue words."""

    id: IntentId
    description: str
    examples: tuple[str, ...]
    cues: tuple[str, ...] = ()
    answer: AnswerSpec | None = None


@record
class IntentSet:
    """Every intent in a folder, in a fixed order (the classifier numbers them by it)."""

    intents: tuple[Intent, ...]

    @property
    def ids(self) -> tuple[IntentId, ...]:
        return tuple(intent.id for intent in self.intents)
