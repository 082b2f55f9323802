"""The values the dialogue passes on: the conversation state, one understood message, and a Decision.

All frozen: `policy.step` returns a new state, so a conversation is just its latest state, and a state
can be stored anywhere (the web app signs it into a token).
"""

from __future__ import annotations

from typing import Literal

from ..knowledge.schema import AnswerSpec, IntentId, OtherOccupation, RoleId
from ..nlu.classifier import IntentGuess
from ..nlu.criteria import Criteria
from ..nlu.mentions import Mentions
from ..nlu.normalize import Token
from ..records import record

MAX_RECENT = 6  # roles remembered for "which of those three"; older ones drop off
MAX_SHOWN = 40  # answer parts remembered, so "tell me more" and repeats show something new

Act = Literal[
    "answer",  # answer the intent for the roles
    "clarify",  # ask which role (options) or which roles at all
    "overview",  # a role named with no clear question: its overview, saying so
    "patient",  # a patient's own billing or appointment question
    "other_occupation",  # a job we do not cover
    "fallback",  # nothing understood
    "quiz",  # ask the quiz's next question
    "quiz_left",  # the user left the quiz
    "safety",  # an emergency, a crisis or a health question: the safe reply
    "safety_follow_up",  # just after a crisis reply, a message that is no career question: stay with them
    "explain",  # "why that one?": the reasons behind the last recommendation
    "reminder",  # the same question again: a short reminder, not the block
    "stopped",  # "stop" with nothing to stop
    "declared",  # the answer the intent's file declares (a text, or knowledge fields)
    "profile",  # the full profile card of one role
    "handout",  # how to print or share what was discussed
]


@record
class Quiz:
    """A quiz in progress: the answers so far (option index per question), retries of this question, and
    wishes stated in the user's own words ("i cant afford a long program")."""

    answers: tuple[int, ...] = ()  # SKIPPED where the user answered in their own words instead
    retries: int = 0
    wishes: Criteria | None = None  # what the user said in their own words during the quiz

    @property
    def question(self) -> int:
        return len(self.answers)


@record
class Pending:
    """A question waiting for the user to pick a role."""

    intent: IntentId
    options: tuple[RoleId, ...]
    known: tuple[RoleId, ...] = ()  # roles already named in the question, kept beside the choice
    aspect: IntentId | None = None
    term: str = ""  # the ambiguous word asked about ("assistant"): "the medical one" is "medical assistant"


@record
class DialogueState:
    """What the conversation has established so far; each turn makes a new one."""

    focus: tuple[RoleId, ...] = ()
    recent: tuple[RoleId, ...] = ()  # distinct roles named or answered, most recent last
    last_intent: IntentId | None = None
    last_safety: str | None = None  # the safety rule of the previous reply, if it was one
    last_guessed: bool = False  # that reply was the second look's guess: only a plea for help follows it up
    last_aspect: IntentId | None = None
    pending: Pending | None = None
    quiz: Quiz | None = None
    shown_list: tuple[RoleId, ...] = ()  # the latest list the bot showed: "those", "the first one"
    list_criteria: Criteria | None = None  # what that list was chosen by, for "why that one?"
    shown: tuple[str, ...] = ()  # answer parts already shown ("role_overview:medical_coder:duties")
    named_before: tuple[RoleId, ...] = ()  # roles named in the previous message
    last_text: str = ""  # the previous message, normalised: the very same question gets a reminder
    # the questions of the previous message when it asked several ("pay, and what degree?"): "what about
    # phlebotomists?" then asks them all
    last_intents: tuple[IntentId, ...] = ()
    # the job we do not cover that the previous reply was about ("dental hygienist"), by its name:
    # "what do they make tho" and "which of ur jobs is closest to that" are about it
    last_other: str = ""


@record
class Understanding:
    """The per-message input to `step`: tokens, mentions, the intent guess, the normalised text."""

    tokens: tuple[Token, ...]
    mentions: Mentions
    guess: IntentGuess
    text: str
    safety: tuple[str, ...] = ()  # ids of the safety rules the message triggers, first one first
    patient: bool = False  # a patient's own question ("my bill", "book an appointment")
    answer: AnswerSpec | None = None  # how the guessed intent is answered, when its file declares it
    # The loaded intent set's ids: a rule whose answer is none of them (the product's handout or quiz,
    # with another domain's intents loaded) gives way. Empty: any intent.
    intents: frozenset[IntentId] = frozenset()
    safety_guessed: bool = False  # the rule is the second look's guess (dialogue/safety_net.py), no cue's


PREREQUISITE = "prerequisite"  # a topic: "do NPs have to be RNs first" (whether `needed` comes first)


@record
class Decision:
    """What to answer, decided from the message and the context; `answers.compose` words it."""

    intent: IntentId
    roles: tuple[RoleId, ...]
    confidence: float
    act: Act
    aspect: IntentId | None = None  # for a comparison: what was asked (salary, education...)
    more_aspects: tuple[IntentId, ...] = ()  # "compare them on pay and training": the others asked
    detail: bool = False  # "tell me more"
    options: tuple[RoleId, ...] = ()  # choices offered by a clarifying question
    others: tuple[OtherOccupation, ...] = ()
    criteria: Criteria | None = None
    quiz: Quiz | None = None  # the quiz whose current question to ask
    retry: bool = False  # the last quiz answer was not understood
    safety: tuple[str, ...] = ()  # safety rule ids, for act "safety"
    skip: tuple[str, ...] = ()  # answer parts already shown, to leave out
    listed: tuple[RoleId, ...] = ()  # roles the answer ranks or lists ("which of those pays most")
    superlative: Literal["most", "least"] | None = None
    asks: tuple[str, ...] = ()  # the words a yes/no question asks about ("give", "shots")
    credentials: tuple[str, ...] = ()  # credentials named to compare ("CMA", "RMA"), as typed
    place: str | None = None  # a US state the question names: national figures, where to look locally
    topic: str | None = None  # a detail topic of a role question: "pros_cons", "day", "pay_range"...
    leader: RoleId | None = None  # the role a superlative picked: the focus after the answer
    then_quiz: Quiz | None = None  # after answering a side question, ask this quiz question again
    quiz_aside: bool = False  # the quiz was put aside after too many side questions: say so
    off_topic: bool = False  # a fallback for a message read as another subject ("will it snow"), not unread
    needed: RoleId | None = None  # of the roles, the one asked about as needed first ("RNs" above)
    excluded: tuple[RoleId, ...] = ()  # roles the user ruled out ("i dont want to be a nurse, what else")
