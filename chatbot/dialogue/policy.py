"""Stage 4: one understood message + the conversation so far -> a Decision and the next state.

Resolves what a message means in context: pronouns and ellipsis ("how much do they make?") take the
roles in focus, a message that only names a role ("and billers?", "no, I meant coders") repeats the
last question for it, "how is that different from X" compares the focus with X, an ambiguous word
("nurse") asks which role, and a guided quiz runs over several turns. The state is a frozen value:
each step returns a new one, so a conversation is just the latest state.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

from ..knowledge.schema import IntentId, KnowledgeBase, OtherOccupation, RoleId
from ..nlu.classifier import IntentGuess
from ..nlu.criteria import Criteria, parse_criteria
from ..nlu.mentions import Mentions, RoleMention
from ..nlu.normalize import Token, stem
from .quiz import QUIZ, apply_answer, quiz_answer

ROLE_INTENTS = frozenset(
    """
    role_overview role_skills role_education role_certification role_salary role_outlook
    role_work_environment role_career_path
    """.split()
)
COMPARE = "compare_roles"
CAREER_PATH = "role_career_path"
RECOMMEND = "recommend_roles"
OUT_OF_SCOPE = "out_of_scope"
MAX_RECENT = 6  # roles remembered for "which of those three"; older ones drop off
REFERRING_WORDS = frozenset("one that it them there".split())
LINKING_WORDS = frozenset("become becoming to into than from as like versus and or with".split())
SOCIAL_INTENTS = frozenset("greeting thanks goodbye help".split())
SOCIAL_MAX_UNEXPLAINED = 3  # greetings and thanks are formulaic: 3 words their examples never use is a sign
NAMED_ROLE_MARGIN = 10.0  # score points a general intent may lead by and still yield to a role intent
PATIENT_CUE_GAP = 2  # "my bill" also matches "my hospital bill", "my last bill"

# Words that point back to roles already in the conversation.
BACK_REFERENCES = frozenset(
    """
    they them their theirs it its that this those these one ones he she him her there both either two
    three job role
    """.split()
)
# Words that carry no question of their own: "and billers?", "what about an RN", "no, I meant coders".
FILLER = frozenset(
    """
    and what about for a an the how no i meant mean sorry actually oh ok okay so then instead is it of
    like um hmm wait please also too same question with those ones one not correction rather do you as
    well abt hey yeah yes sure but or again now ah right
    """.split()
)
MORE_WORDS = frozenset(
    """
    more detail details detailed elaborate expand further deeper everything full
    """.split()
)
QUIT_WORDS = frozenset("quit stop exit cancel skip nevermind enough leave".split())
PRONOUNS = frozenset("they them their it its that this those these he she".split())
JOB_WORDS = frozenset("job jobs career careers role roles position positions field".split())
COUNT_WORDS = {"two": 2, "both": 2, "three": 3, "all": 0}
SETTING_WORDS = frozenset(
    """
    clinic clinics office offices practice healthcare hospital general any all every overall staff
    """.split()
)
GENERAL_COUNTERPART: dict[IntentId, IntentId] = {
    "role_skills": "general_skills",
    "role_overview": "list_roles",
}


@dataclass(frozen=True, slots=True)
class Decision:
    """What to answer, decided from the message and the context; `answers.compose` words it."""

    intent: IntentId
    roles: tuple[RoleId, ...]
    confidence: float
    act: str  # answer | clarify | overview | patient | other_occupation | fallback | quiz | quiz_left
    aspect: IntentId | None = None  # for a comparison: what was asked (salary, education...)
    detail: bool = False  # "tell me more"
    options: tuple[RoleId, ...] = ()  # choices offered by a clarifying question
    others: tuple[OtherOccupation, ...] = ()
    criteria: Criteria | None = None
    quiz_step: int = -1  # the quiz question to ask next, or -1
    retry: bool = False  # the last quiz answer was not understood


@dataclass(frozen=True, slots=True)
class Pending:
    """A question waiting for the user to pick a role."""

    intent: IntentId
    options: tuple[RoleId, ...]
    known: tuple[RoleId, ...] = ()  # roles already named in the question, kept beside the choice


@dataclass(frozen=True, slots=True)
class DialogueState:
    focus: tuple[RoleId, ...] = ()
    recent: tuple[RoleId, ...] = ()  # distinct roles named or answered, most recent last
    last_intent: IntentId | None = None
    last_aspect: IntentId | None = None
    pending: Pending | None = None
    quiz_step: int = -1
    quiz_criteria: Criteria = field(default_factory=Criteria)
    quiz_retries: int = 0


@dataclass(frozen=True, slots=True)
class Understanding:
    """The per-message input to `step`: tokens, mentions, the intent guess, the normalised text."""

    tokens: tuple[Token, ...]
    mentions: Mentions
    guess: IntentGuess
    text: str


def _remember(state: DialogueState, roles: tuple[RoleId, ...]) -> tuple[RoleId, ...]:
    recent = [r for r in state.recent if r not in roles] + list(roles)
    return tuple(recent[-MAX_RECENT:])


def _answered(state: DialogueState, decision: Decision) -> tuple[Decision, DialogueState]:
    """Record a role-bearing answer as the new focus."""
    if not decision.roles:
        return decision, state
    # after "can a MA become an office manager?", "it" and "they" mean where the move leads
    focus = decision.roles[-1:] if decision.intent == CAREER_PATH else decision.roles
    return decision, replace(
        state,
        focus=focus,
        recent=_remember(state, decision.roles),
        last_intent=decision.intent,
        last_aspect=decision.aspect,
        pending=None,
    )


def _outside_words(understanding: Understanding) -> list[str]:
    """The message's words that are not part of any role mention."""
    spans = understanding.mentions.spans
    return [
        token.text
        for index, token in enumerate(understanding.tokens)
        if not any(start <= index < end for start, end in spans)
    ]


def _is_patient_question(understanding: Understanding, kb: KnowledgeBase) -> bool:
    """A patient's own question: a patient cue, allowing a word or two inside it ("my hospital bill")."""
    words = [token.text for token in understanding.tokens]
    cues = _patient_cues(kb.out_of_scope.patient_cues)
    return any(
        _has_loose(words, start, cue) for start, word in enumerate(words) for cue in cues.get(word, ())
    )


@functools.lru_cache(maxsize=4)
def _patient_cues(cues: tuple[str, ...]) -> dict[str, list[list[str]]]:
    """The patient cues indexed by their first word, so a message is scanned once."""
    index: dict[str, list[list[str]]] = {}
    for cue in cues:
        words = cue.split()
        if words:
            index.setdefault(words[0], []).append(words)
    return index


def _has_loose(words: list[str], start: int, phrase: list[str], max_gap: int = PATIENT_CUE_GAP) -> bool:
    """Whether the phrase's words follow words[start] in order, at most `max_gap` other words apart."""
    position = start
    for wanted in phrase[1:]:
        window = words[position + 1 : position + 2 + max_gap]
        if wanted not in window:
            return False
        position += 1 + window.index(wanted)
    return True


def resolve_references(state: DialogueState, tokens: tuple[Token, ...], mentions: Mentions) -> Mentions:
    """Read "one" or "that" after a linking word as the role in focus, when another role is named.

    "could a medical assistant become one" (office manager in focus) is then the two-role question
    it is, for the classifier and the dialogue alike.
    """
    if len(state.focus) != 1 or not mentions.roles or state.focus[0] in mentions.role_ids:
        return mentions
    taken = {i for start, end in mentions.spans for i in range(start, end)}
    added = [
        RoleMention(state.focus[0], i, i + 1, token.text, 100.0)
        for i, token in enumerate(tokens)
        if token.text in REFERRING_WORDS and i > 0 and tokens[i - 1].text in LINKING_WORDS and i not in taken
    ]
    if not added:
        return mentions
    roles = tuple(sorted((*mentions.roles, *added), key=lambda mention: mention.start))
    return replace(mentions, roles=roles)


def step(
    state: DialogueState, understanding: Understanding, kb: KnowledgeBase
) -> tuple[Decision, DialogueState]:
    """Decide what one message asks, given the conversation; return the decision and the new state."""
    mentions, guess = understanding.mentions, understanding.guess
    words = _outside_words(understanding)
    named = mentions.role_ids

    if state.quiz_step >= 0:
        handled = _quiz_turn(state, understanding, words)
        if handled is not None:
            return handled
        state = replace(state, quiz_step=-1, quiz_criteria=Criteria(), quiz_retries=0)

    if state.pending is not None:
        chosen = _resolve_pending(state.pending, understanding, words)
        if chosen:
            roles = tuple(dict.fromkeys((*state.pending.known, *chosen)))
            intent = state.pending.intent
            if len(roles) > 1 and intent in ROLE_INTENTS and intent != CAREER_PATH:
                intent, aspect = COMPARE, state.pending.intent
            else:
                aspect = None
            return _answered(
                replace(state, pending=None), Decision(intent, roles, 1.0, "answer", aspect=aspect)
            )
        state = replace(state, pending=None)

    intent = guess.intent
    confidence = guess.confidence

    if intent in SOCIAL_INTENTS and guess.unexplained >= SOCIAL_MAX_UNEXPLAINED:
        # "how do you say thank you in spanish": a social phrase inside a question about something else
        intent = OUT_OF_SCOPE
    if _is_patient_question(understanding, kb) and not (named and intent in ROLE_INTENTS | {COMPARE}):
        return Decision(OUT_OF_SCOPE, (), confidence, "patient"), state
    if mentions.others and not named:
        return Decision(
            OUT_OF_SCOPE,
            (),
            confidence,
            "other_occupation",
            others=tuple(m.occupation for m in mentions.others),
        ), state

    if intent in GENERAL_COUNTERPART.values() and named:
        # "is being a doctor in private practice a 9 to 5": a question that names a role is about it,
        # unless the general reading wins clearly
        about_role = next((s for s in guess.ranking if s.intent in ROLE_INTENTS | {COMPARE}), None)
        if about_role and guess.ranking[0].score - about_role.score <= NAMED_ROLE_MARGIN:
            intent = about_role.intent
    content = [w for w in words if w not in FILLER]
    # "tell me more": the last answer again, in detail
    if (
        state.last_intent
        and not named
        and content
        and all(w in MORE_WORDS | {"tell", "me", "info", "information", "go", "on"} for w in content)
        and set(content) & MORE_WORDS
    ):
        return _answered(
            state,
            Decision(state.last_intent, state.focus, 1.0, "answer", aspect=state.last_aspect, detail=True),
        )
    if words and not content and not named and not mentions.ambiguous and intent not in SOCIAL_INTENTS:
        # "no", "and?", "ok so": nothing to answer yet, so say what the bot can do rather than guess
        return Decision(OUT_OF_SCOPE, (), confidence, "fallback"), state
    # a message that only names roles repeats the last question for them: "and billers?", "I meant coders"
    if named and not content and not mentions.ambiguous:
        last = state.last_intent if state.last_intent in ROLE_INTENTS else "role_overview"
        aspect = state.last_aspect if state.last_intent == COMPARE else None
        if state.last_intent == COMPARE and aspect:
            last = aspect
        intent, confidence = last, 1.0

    if intent == "list_roles" or (
        intent in ROLE_INTENTS
        and intent not in GENERAL_COUNTERPART
        and not named
        and not state.focus
        and not mentions.ambiguous
    ):
        # "jobs with no degree", "best paid job": a list with a wish is a recommendation
        if not parse_criteria(understanding.text, kb).empty:
            intent = RECOMMEND

    if intent == RECOMMEND:
        criteria = parse_criteria(understanding.text, kb)
        if criteria.empty:
            return Decision(RECOMMEND, (), confidence, "quiz", quiz_step=0), replace(
                state, quiz_step=0, quiz_criteria=Criteria(), quiz_retries=0
            )
        return Decision(RECOMMEND, (), confidence, "answer", criteria=criteria), state

    if intent == COMPARE or intent in ROLE_INTENTS:
        return _role_question(state, understanding, intent, confidence, words, kb)

    if intent == OUT_OF_SCOPE and not named and JOB_WORDS & set(words):
        criteria = parse_criteria(understanding.text, kb)
        if not criteria.empty:  # "premed looking for clinical hours, any job ideas": wishes about a job
            return Decision(RECOMMEND, (), confidence, "answer", criteria=criteria), state
    if intent == OUT_OF_SCOPE and named:  # a known role but no clear question: its overview, not a guess
        return _answered(state, Decision("role_overview", named, confidence, "overview"))
    if intent == OUT_OF_SCOPE and mentions.ambiguous:
        ambiguous = mentions.ambiguous[0]
        return Decision("role_overview", (), confidence, "clarify", options=ambiguous.candidates), replace(
            state, pending=Pending("role_overview", ambiguous.candidates)
        )
    act = "fallback" if intent == OUT_OF_SCOPE else "answer"
    return Decision(intent, (), confidence, act), state


def _role_question(
    state: DialogueState,
    understanding: Understanding,
    intent: IntentId,
    confidence: float,
    words: list[str],
    kb: KnowledgeBase,
) -> tuple[Decision, DialogueState]:
    """A question about one or more roles: fill in roles from context, compare, or ask which."""
    mentions = understanding.mentions
    named = mentions.role_ids
    refers_back = bool(BACK_REFERENCES & set(words)) or len(named) == 0
    roles: tuple[RoleId, ...] = named

    if intent == COMPARE or intent == CAREER_PATH:
        if len(named) < 2 and refers_back:  # both need two roles: "how's that different from X"
            roles = _with_context(state, understanding, named, words, intent)
    elif not named and not mentions.ambiguous:
        if JOB_WORDS & set(words) and not PRONOUNS & set(
            words
        ):  # "a job with no nights": any job, not this one
            criteria = parse_criteria(understanding.text, kb)
            if not criteria.empty:
                return Decision(RECOMMEND, (), confidence, "answer", criteria=criteria), state
        if not state.focus or (SETTING_WORDS & set(words) and intent in GENERAL_COUNTERPART):
            if intent in GENERAL_COUNTERPART:
                return Decision(GENERAL_COUNTERPART[intent], (), confidence, "answer"), state
            return Decision(intent, (), confidence, "clarify"), replace(state, pending=Pending(intent, ()))
        roles = state.focus

    if mentions.ambiguous and len(roles) < (2 if intent == COMPARE else 1):
        in_context = [r for r in mentions.ambiguous[0].candidates if r in state.recent and r not in roles]
        if in_context:  # "back to the records job": the records role we were talking about
            roles = (*roles, in_context[-1]) if intent == COMPARE else (in_context[-1],)
    if mentions.ambiguous and len(roles) < (2 if intent == COMPARE else 1):
        options = mentions.ambiguous[0].candidates
        return Decision(intent, roles, confidence, "clarify", options=options), replace(
            state, pending=Pending(intent, options, roles)
        )

    aspect: IntentId | None = None
    if intent in ROLE_INTENTS and intent != CAREER_PATH and len(roles) > 1:
        # two roles in one question: a career move when that reading is close ("can a MA become one"),
        # else a comparison of them on what was asked
        ranking = understanding.guess.ranking
        move = next((s for s in ranking if s.intent == CAREER_PATH), None)
        if move and ranking and ranking[0].score - move.score <= NAMED_ROLE_MARGIN:
            intent = CAREER_PATH
        else:
            intent, aspect = COMPARE, intent
    if intent == COMPARE:
        aspect = aspect or _compare_aspect(understanding)
        if len(roles) < 2:
            if not roles:
                return Decision(COMPARE, (), confidence, "clarify"), state
            # "which one is more remote friendly" with one role in view: answer that about it
            intent = aspect or "role_overview"
            return _answered(state, Decision(intent, roles, confidence, "answer" if aspect else "overview"))
    if not roles:
        return Decision(intent, (), confidence, "clarify"), replace(state, pending=Pending(intent, ()))
    return _answered(state, Decision(intent, roles, confidence, "answer", aspect=aspect))


def _with_context(
    state: DialogueState,
    understanding: Understanding,
    named: tuple[RoleId, ...],
    words: list[str],
    intent: IntentId,
) -> tuple[RoleId, ...]:
    """Roles for "how is that different from X" or "which of those three": context + the roles named."""
    if not named:
        count = next((COUNT_WORDS[w] for w in words if w in COUNT_WORDS), 2)
        if state.last_intent == COMPARE and (count == 0 or count == len(state.focus)):
            return state.focus
        pool = state.recent if count == 0 else state.recent[-max(count, 2) :]
        return pool if len(pool) > 1 else state.focus
    context = tuple(r for r in state.focus if r not in named)
    if not context:
        return named
    # the back-reference sits where the context roles go: "can a receptionist move up to that"
    first_mention = understanding.mentions.roles[0].start
    tokens = understanding.tokens
    reference_at = next((i for i, t in enumerate(tokens) if t.text in BACK_REFERENCES), first_mention)
    return (*context, *named) if reference_at < first_mention else (*named, *context)


ASPECT_WORDS: tuple[tuple[IntentId, frozenset[str]], ...] = (
    ("role_salary", frozenset({"pay", "pays", "paid", "salary", "money", "earn", "earns", "make", "wage"})),
    (
        "role_education",
        frozenset(
            {
                "school",
                "training",
                "longer",
                "degree",
                "education",
                "study",
                "become",
                "years",
                "long",
                "faster",
                "quicker",
            }
        ),
    ),
    ("role_outlook", frozenset({"growth", "demand", "outlook", "future", "openings", "security"})),
    ("role_certification", frozenset({"certification", "certifications", "license", "exam", "certified"})),
    ("role_work_environment", frozenset({"hours", "remote", "home", "stress", "stressful", "schedule"})),
    ("role_skills", frozenset({"skills", "skill", "qualities"})),
)


_ASPECT_STEMS = tuple((aspect, frozenset(stem(cue) for cue in cues)) for aspect, cues in ASPECT_WORDS)


def _compare_aspect(understanding: Understanding) -> IntentId | None:
    """What a comparison is about, if the message says ("which pays better" -> salary)."""
    words = {stem(token.text) for token in understanding.tokens}
    for aspect, stems in _ASPECT_STEMS:
        if words & stems:
            return aspect
    return None


def _resolve_pending(pending: Pending, understanding: Understanding, words: list[str]) -> tuple[RoleId, ...]:
    """The role a reply to a clarifying question picks: "2", "the LPN one", "practical nurse"."""
    chosen = tuple(r for r in understanding.mentions.role_ids if not pending.options or r in pending.options)
    if chosen:
        return chosen
    for word in words:
        if word.isdigit() and 1 <= int(word) <= len(pending.options) and len(words) <= 4:
            return (pending.options[int(word) - 1],)
    return ()


def _quiz_turn(
    state: DialogueState, understanding: Understanding, words: list[str]
) -> tuple[Decision, DialogueState] | None:
    """One answer in the quiz; None when the user left it (the message is then handled normally)."""
    step_index = state.quiz_step
    if QUIT_WORDS & set(words):
        left = Decision(RECOMMEND, (), 1.0, "quiz_left")
        return left, replace(state, quiz_step=-1, quiz_criteria=Criteria(), quiz_retries=0)
    option = quiz_answer(QUIZ[step_index], tuple(words))
    if option is None:
        strong = (
            understanding.guess.intent not in (OUT_OF_SCOPE, RECOMMEND)
            and understanding.guess.confidence > 0.6
        )
        if strong or state.quiz_retries >= 1:
            return None
        return Decision(RECOMMEND, (), 1.0, "quiz", quiz_step=step_index, retry=True), replace(
            state, quiz_retries=state.quiz_retries + 1
        )
    criteria = apply_answer(state.quiz_criteria, option)
    if step_index + 1 < len(QUIZ):
        return Decision(RECOMMEND, (), 1.0, "quiz", quiz_step=step_index + 1), replace(
            state, quiz_step=step_index + 1, quiz_criteria=criteria, quiz_retries=0
        )
    done = Decision(RECOMMEND, (), 1.0, "answer", criteria=criteria)
    return done, replace(state, quiz_step=-1, quiz_criteria=Criteria(), quiz_retries=0)
