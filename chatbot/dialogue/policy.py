"""Stage 4: one understood message + the conversation so far -> a Decision and the next state.

The policy is an ordered table of small rules (`RULES`), read top to bottom: the first rule that
returns an outcome decides. Safety comes first, then a quiz in progress, then a pending clarification,
then small talk, references to earlier answers, recommendations and questions about roles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..knowledge.guide import Credential, CredentialComparison
from ..knowledge.lookup import credentials_named, named_credentials
from ..knowledge.schema import (
    CategoryInfo,
    IntentId,
    KnowledgeBase,
    OtherOccupation,
    Role,
    RoleId,
    SafetyRule,
)
from ..nlu.criteria import Criteria, merged
from ..nlu.normalize import stem
from ..nlu.roles import TRAINING_NOUNS, needed_first
from ..records import replace
from . import quiz, topics
from .quiz import MAX_SIDE_QUESTIONS
from .ranking import recommend
from .safety import pleads
from .state import PREREQUISITE, Act, Decision, DialogueState, Quiz, Understanding
from .turn import Outcome, Turn, answered, remember
from .words import (
    GENERAL_COUNTERPART,
    ROLE_INTENTS,
    SOCIAL_INTENTS,
    Words,
)

OUT_OF_SCOPE = "out_of_scope"
SELF_REACH = 6  # words before a job in which "i am a" says it is the user's own
# What a message just after a crisis reply may be read as and still get the rule's follow-up
# (and "age_to_start": "its too late i already took them" is about the crisis, not a late start)
AFTER_CRISIS_INTENTS = frozenset({OUT_OF_SCOPE, "thanks", "greeting", "goodbye", "help", "age_to_start"})
SAFETY_ACTS = ("safety", "safety_follow_up")  # answered whatever the loaded intents; keep the last rule
RECOMMEND = "recommend_roles"
STATEMENT_SUBJECTS = frozenset("i we you they he she it".split())  # "i will be showing": not a question
# "i plan to show you to my class", "i will show them": an infinitive or a verb after a modal states
ASKED_JOB_REACH = 7  # "whats a good medical office job": the job word within six words of the question word
ROLE_SITE_TOPICS = frozenset({"study", "learn_more"})  # sites asked for of a role: its schools, its pages
RECENCY_WORDS = frozenset("current recent recently updated old date year years new newest latest".split())
BECOMING_WORDS = frozenset("become becoming be being start starting as into".split())  # the job to be
LEADING_FILLERS = frozenset("now ok okay so please pls and then also just".split())  # "now print that"
ASKING_YOU = frozenset({("can", "you"), ("could", "you"), ("would", "you"), ("will", "you"), ("can", "i")})
NOT_ASKING_AFTER = STATEMENT_SUBJECTS | frozenset("to will would can could should might may must".split())
# "is there anything...", anywhere in a message (after a story); "is it", "are they" only at its start:
# "the main thing is that i hate blood" states
EXISTENTIAL_QUESTIONS = frozenset({("is", "there"), ("are", "there")})
QUESTION_INVERSIONS = frozenset({("is", "it"), ("are", "they"), ("is", "that")})
PARTING_WORDS = 3  # a goodbye among the last words ("bye for now") ends the message as a goodbye
DATA_FIGURES = ("role_salary", "role_outlook")  # the figures whose source a question about the data asks
SOCIAL_MAX_UNEXPLAINED = 3  # greetings and thanks are formulaic: 3 words their examples never use is a sign

Rule = Callable[[Turn], Outcome | None]
PREREQUISITE_ENDINGS = frozenset({"first", "before", "already", "beforehand", "too"})
GUESSED_SAFETY = 0.5  # the confidence of a safety reply the second look chose, not a cue
MORE_TOPICS = {"role_salary": "pay_range", "role_education": "study"}  # "tell me more" after these


def safety_first(turn: Turn) -> Outcome | None:
    """An emergency, a crisis or a health question: the safe reply, whatever else the message says."""
    ids = turn.understanding.safety
    if not ids:
        return None
    rule = turn.kb.safety.rule(ids[0])
    if rule is None:
        return None
    before = turn.kb.safety.rule(turn.state.last_safety)
    if before is not None and before.self_harm and not rule.self_harm:  # "i want to die", "i took them all"
        ids = tuple(dict.fromkeys((*ids, before.id)))  # the overdose's reply, and the 988 line again
    # A guess (the second look's) holds the conversation only for a plea ("what should i do"); the rest is
    # read as it comes ("lol no, i meant at the gym"), where a cue's reply is followed up ("i dont want to
    # call anyone").
    state = replace(turn.state, last_safety=rule.id, last_guessed=turn.understanding.safety_guessed)
    if turn.named:  # "im in MA school and ...": the next career question is still about the MA
        state = replace(state, focus=turn.named, recent=remember(state.recent, turn.named))
    sure = GUESSED_SAFETY if turn.understanding.safety_guessed else 1.0  # the reply then says it may be wrong
    return Decision(rule.intent, (), sure, "safety", safety=ids), state


def after_a_crisis(turn: Turn) -> Outcome | None:
    """Just after a crisis reply, a message that asks no career question ("i dont want to call anyone",
    "thanks for not being weird"): the rule's follow-up, not "I didn't catch that"."""
    rule = turn.kb.safety.rule(turn.state.last_safety)
    if rule is None:
        return None
    understanding = turn.understanding
    plea = pleads(turn.kb.safety, understanding.tokens, understanding.mentions, turn.wishes)
    if turn.state.last_guessed and (_denies(turn) or turn.named or turn.has(turn.w.job_words)) and not plea:
        return None  # the guess was wrong ("no i meant math class"), or a job question follows: as it comes
    if rule.follow_up is None and plea:
        # "what should i do" after a health-question reply: that reply again, not the job quiz
        return follow_up_of(rule), turn.state
    if rule.follow_up is None or (turn.named and not plea):
        return None  # ("what do i do, the doctor isnt here" names a person, and pleads)
    guess = understanding.guess
    no_question = (
        guess.intent in AFTER_CRISIS_INTENTS
        or (guess.intent == RECOMMEND and turn.wishes.empty)
        or plea  # "what should i do right now please", "please help"
    )
    of_no_role = (
        guess.intent in topics.ROLE_QUESTION_INTENTS and not turn.state.focus
    )  # "i dont want to call"
    if not (no_question or of_no_role):
        return None
    return follow_up_of(rule), replace(turn.state, last_safety=rule.id)


def _denies(turn: Turn) -> bool:
    """Whether the message says a guessed safety reply misread it ("lol no", "no i meant math class")."""
    words = turn.all_words
    spaced = f" {' '.join(words)} "
    denials = turn.kb.safety.denials
    return bool(words) and (words[0] in denials or any(f" {d} " in spaced for d in denials if " " in d))


def follow_up_of(rule: SafetyRule) -> Decision:
    """The reply after a safety reply to a message that asks no career question: the rule's follow-up; a
    rule without one ("ask a doctor, nurse or pharmacist") says its reply again."""
    act: Act = "safety_follow_up" if rule.follow_up else "safety"
    return Decision(rule.intent, (), 1.0, act, safety=(rule.id,))


def stop_outside_quiz(turn: Turn) -> Outcome | None:
    """'stop' or 'never mind' when nothing is running: say so, without guessing a question."""
    if turn.named or not turn.words or len(turn.words) > 3:
        return None
    text = " ".join(turn.words)
    rest = set(turn.words) - turn.w.filler - turn.w.pronouns
    if (rest and rest <= turn.w.quit_words) or text in turn.w.quit_phrases:
        return Decision("help", (), 1.0, "stopped"), replace(turn.state, pending=None)
    return None


def small_talk(turn: Turn) -> Outcome | None:
    """Greetings, thanks, goodbyes and help, including 'hi, I'm doing a project' and 'thanks, that helps'."""
    guess = turn.understanding.guess
    leading = turn.words[0] if turn.words else ""
    if _bids_for_a_handout(turn):
        return None  # "great, thanks. now print that for me": the request, not the thanks before it
    if not turn.named and not _asks(turn.words, turn.w.question_words, turn.sentence_starts):
        greets = bool(set(turn.words[:2]) & turn.w.greeting_words)  # "good morning! I'm a counsellor..."
        greets &= leading in turn.w.greeting_words or guess.intent != OUT_OF_SCOPE  # "translate hello"
        if greets and guess.intent != "goodbye":
            return Decision("greeting", (), 1.0, "answer"), turn.state
        trailing = turn.words[-1] if turn.words else ""  # "good to know, thanks"
        if turn.w.goodbye_words.intersection(turn.words[-PARTING_WORDS:]):  # "thanks, bye for now"
            return Decision("goodbye", (), 1.0, "answer"), turn.state
        if leading in turn.w.thanks_words or trailing in turn.w.thanks_words:
            return Decision("thanks", (), 1.0, "answer"), turn.state
    # "ok. maybe i will. thanks for not being weird about it": thanks inside a message that asks nothing
    thanked = turn.has(turn.w.thanks_words) and leading not in turn.w.question_words
    if thanked and not turn.named and guess.intent in (OUT_OF_SCOPE, "thanks"):
        return Decision("thanks", (), 1.0, "answer"), turn.state
    # "cool, that's what i needed. bye": a remark that ends with a goodbye
    parting = (
        bool(turn.words) and turn.words[-1] in turn.w.goodbye_words and leading not in turn.w.question_words
    )
    if parting and not turn.named:
        return Decision("goodbye", (), 1.0, "answer"), turn.state
    if guess.intent not in SOCIAL_INTENTS:
        return None
    if (
        guess.intent in ("greeting", "goodbye")
        and turn.named
        and _asks(turn.words, turn.w.question_words, turn.sentence_starts)
    ):
        return None  # "hey, whats a phlebotomist", "logging off soon, but what do coders make": the question
    if guess.unexplained >= SOCIAL_MAX_UNEXPLAINED:
        return None  # "how do you say goodbye in spanish": a social phrase inside another question
    return Decision(guess.intent, (), guess.confidence, "answer"), turn.state


def _asks(words: Sequence[str], question_words: frozenset[str], starts: frozenset[int] = frozenset()) -> bool:
    """A question word that asks ("what", "can you"), not one inside a statement ("i will be showing"); one
    that starts a sentence (`starts`) always asks ("... sick of it. what jobs have day hours")."""
    return (
        any(
            word in question_words
            and (index == 0 or index in starts or words[index - 1] not in NOT_ASKING_AFTER)
            for index, word in enumerate(words)
        )
        or any(pair in EXISTENTIAL_QUESTIONS for pair in zip(words, words[1:], strict=False))
        or (tuple(words[:2]) in QUESTION_INVERSIONS)
    )


def patient_question(turn: Turn) -> Outcome | None:
    """A patient's own billing or appointment question, unless it is plainly about a role."""
    if not turn.understanding.patient:
        return None
    words, mentions = turn.all_words, turn.understanding.mentions.roles
    # "my medical records", "my new doctor": the patient's own, not a job
    owned = all(set(words[max(0, m.start - 2) : m.start]) & turn.w.possessives for m in mentions)
    about_a_job = turn.intent in topics.ROLE_QUESTION_INTENTS or topics.yes_no_words(turn)
    if turn.named and not owned and about_a_job:
        return None  # "does a medical assistant give flu shots": about the job, not the patient
    return Decision(OUT_OF_SCOPE, (), turn.confidence, "patient"), turn.state


def profile_card(turn: Turn) -> Outcome | None:
    """'pull up the MA profile', 'show me the coder card': the full profile card of a role."""
    ordinal = turn.ordinal
    listed = turn.state.shown_list
    from_list = (listed[ordinal - 1],) if 0 < ordinal <= len(listed) else ()  # "the top one", "the first"
    in_view = turn.state.focus if turn.has(turn.w.pronouns | turn.w.referring_words) else ()
    roles = turn.named or from_list or in_view
    if not turn.has(turn.w.profile_words) or len(roles) != 1:
        return None
    return answered(turn.state, Decision("role_overview", roles, 1.0, "profile"))


def handout_request(turn: Turn) -> Outcome | None:
    """'can I print this', 'make a handout': how to get one, for the roles just discussed."""
    asked = turn.has(turn.w.handout_words) or turn.says(turn.w.handout_phrases)
    if not asked or turn.understanding.safety or _handout_only_told(turn):
        return None
    if len(turn.named) > 1 and turn.has(turn.w.contrast_words):
        return None  # "for a comparison handout, put an MA and a phlebotomist side by side": compare first
    state = turn.state
    compared = state.shown_list if state.last_intent == "compare_roles" and len(state.shown_list) > 1 else ()
    roles = turn.named or compared or state.focus or state.shown_list  # after a comparison: all it compared
    return Decision("help", roles, 1.0, "handout"), turn.state


def _handout_only_told(turn: Turn) -> bool:
    """'I'm putting together a handout for juniors. What does a HIT do?': the handout word is in a sentence
    that asks for nothing (no `request_words`) and another sentence asks a question of a job named in it
    that is no request for one (no `handout_verbs`: "can you make one on scribes?" is): that question is
    what is asked. Not "i'm making a handout. what should i include?", which asks about the handout."""
    tokens = turn.understanding.tokens
    starts = [0, *(i + 1 for i, token in enumerate(tokens[:-1]) if token.stop)]
    spans = list(zip(starts, [*starts[1:], len(tokens)], strict=True))
    if len(spans) < 2 or turn.says(turn.w.handout_phrases):
        return False
    handout, request = turn.w.handout_words, turn.w.request_words
    named_at = {mention.start for mention in turn.understanding.mentions.roles}
    sentences = [([t.text for t in tokens[a:b]], any(a <= at < b for at in named_at)) for a, b in spans]
    told = [words for words, _ in sentences if not handout.isdisjoint(words)]
    asked = [
        words
        for words, names_a_job in sentences
        if handout.isdisjoint(words) and names_a_job and _asks(words, turn.w.question_words, frozenset({0}))
    ]
    if not told or not asked or any(not request.isdisjoint(words) for words in told):
        return False
    return all(turn.w.handout_verbs.isdisjoint(words) for words in asked)


def _bids_for_a_handout(turn: Turn) -> bool:
    """A sentence that asks for a handout outright: it opens with one of `handout_verbs` ("now print that
    for me"), or with "can you" and such, and has a handout word; not "i'll share this with my class"."""
    if not turn.has(turn.w.handout_words):  # (most messages: asked of every one)
        return False
    for sentence in _sentences(turn):
        words = list(sentence)
        while words and words[0] in LEADING_FILLERS:
            words.pop(0)
        opens = bool(words) and (words[0] in turn.w.handout_verbs or tuple(words[:2]) in ASKING_YOU)
        if opens and not turn.w.handout_words.isdisjoint(sentence):
            return True
    return False


def _sentences(turn: Turn) -> list[tuple[str, ...]]:
    """The message's words (outside role mentions), sentence by sentence."""
    starts = sorted(turn.sentence_starts) or [0]
    ends = [*starts[1:], len(turn.words)]
    return [turn.words[start:end] for start, end in zip(starts, ends, strict=True)]


def category_list(turn: Turn) -> Outcome | None:
    """'list the laboratory roles': the roles of one category, which become the latest list."""
    asks_a_list = turn.intent == "list_roles" or (turn.intent == "recommend_roles" and turn.wishes.empty)
    if not asks_a_list or turn.named or turn.has(turn.w.quiz_words):  # "give me the quiz": not a list
        return None
    category = _category_named(turn)
    if category is None:
        return None
    members = tuple(role.id for role in turn.kb.roles if role.category == category.id)
    decision = Decision("list_roles", (), turn.confidence, "answer", listed=members, topic=category.id)
    return answered(turn.state, decision)


def _category_named(turn: Turn) -> CategoryInfo | None:
    """The category of roles the message names ("the laboratory roles", "clinical jobs"), if any."""
    stems = {stem(word) for word in turn.words}
    return next((c for c in turn.kb.general.categories if stem(c.id) in stems), None)


def other_occupation(turn: Turn) -> Outcome | None:
    """A job we do not cover ("pharmacist") named alone, or set against one of ours ("is an MA the same
    as a CNA"): what that job is, beside our role."""
    others = [
        m
        for m in turn.understanding.mentions.others
        if not _about_oneself(turn, m.start) and not _someone_known(turn, m.start)
    ]
    if not others or (turn.named and not turn.has(turn.w.contrast_words)):
        return None
    occupations = tuple(m.occupation for m in others)
    decision = Decision(OUT_OF_SCOPE, turn.named, turn.confidence, "other_occupation", others=occupations)
    alone = len(occupations) == 1 and not turn.named  # "is a pharmacist like a PA": "they" may be either
    return decision, replace(turn.state, last_other=occupations[0].name if alone else "")


def about_the_other_job(turn: Turn) -> Outcome | None:
    """Just after an answer about a job we do not cover ("how do i become a dental hygienist"), a message
    that points back at it and names no job: "what do they make tho" is still about it (not one of mine,
    its short version again); "which of ur jobs is closest to that" gets the closest roles I cover."""
    name = turn.state.last_other
    mentions = turn.understanding.mentions
    if not name or turn.named or mentions.ambiguous or mentions.others:
        return None
    occupation = next((o for o in turn.kb.out_of_scope.other_occupations if o.name == name), None)
    if occupation is None or not turn.has(turn.w.pronouns | turn.w.referring_words):
        return None
    if turn.has(turn.w.return_words):  # "ok anyway, do they need a degree": back to the role before
        return None
    if turn.has(turn.w.similar_words | turn.w.closest_words) and occupation.closest:
        decision = Decision(
            RECOMMEND, (), turn.confidence, "answer", criteria=turn.wishes, listed=occupation.closest
        )
        return answered(turn.state, replace(decision, others=(occupation,)))
    if turn.intent not in ROLE_INTENTS:
        return None
    decision = Decision(OUT_OF_SCOPE, (), turn.confidence, "other_occupation", others=(occupation,))
    return decision, replace(turn.state, last_other=name, last_intent=turn.intent)  # then "and MAs?" asks it


def _someone_known(turn: Turn, start: int) -> bool:
    """'my counselor said you have a quiz', 'her dentist': a person in the user's life, not that job asked
    about (unless set against a role: "my counselor vs a coder")."""
    tokens = turn.all_words
    compared = bool(turn.named) and turn.has(turn.w.contrast_words)
    return start > 0 and tokens[start - 1] in turn.w.possessives and not compared


def _about_oneself(turn: Turn, start: int) -> bool:
    """'I'm a counselor', 'as a teacher': the user saying who they are, not asking about that job; or,
    beside a role of ours, someone in their life ("my counselor says PAs...")."""
    tokens = turn.all_words
    possessed = start > 0 and tokens[start - 1] in turn.w.possessives
    # "does my medic time count toward it": the user's own past, whether or not a role of ours is named
    past = possessed and any(word in turn.w.experience_words for word in tokens[start + 1 : start + 3])
    owned = (bool(turn.named) and possessed) or past
    compared = start >= 3 and tokens[start - 3] in turn.w.contrast_words  # "the same as a CNA"
    # "i am a high school career counselor": a few describing words may come between
    before = f" {' '.join(tokens[max(0, start - SELF_REACH) : start])}"
    said = any(f" {phrase} " in f"{before} " for phrase in turn.w.self_descriptions)
    return owned or (said and not compared)


def credential_comparison(turn: Turn) -> Outcome | None:
    """'CMA vs RMA', 'CPC or CCS': two credentials of one role, side by side; one credential asked about
    ('does military training count toward the RMA'): it beside its rivals, whose rules say who may apply."""
    text, guide = turn.understanding.text, turn.kb.credentials
    each = named_credentials(text, guide)  # one look-up serves both readings
    found = credentials_named(text, guide, each)
    alone = each[0] if found is None and len(each) == 1 else None
    asked = turn.intent == "role_certification"
    if alone is not None and asked and len(set(turn.named)) <= 1 and not _key_credential(turn, *alone):
        comparison, credential = alone
        decision = Decision(
            "role_certification", comparison.roles[:1], 1.0, "answer", credentials=(credential.aliases[0],)
        )
        return answered(turn.state, decision)
    if found is None:
        return None
    comparison, credentials = found
    names = tuple(credential.aliases[0] for credential in credentials)
    decision = Decision("role_certification", comparison.roles[:1], 1.0, "answer", credentials=names)
    return answered(turn.state, decision)


def _key_credential(turn: Turn, comparison: CredentialComparison, credential: Credential) -> bool:
    """Whether it is its role's first credential, the one the usual answer is about ("cpc required?")."""
    role = turn.kb.role(comparison.roles[0])
    key = role.certifications[0].abbreviation.split(" ")[0] if role.certifications else ""
    return credential.abbreviation.split(" ")[0] == key


def say_it_again(turn: Turn) -> Outcome | None:
    """'can you repeat that': the last answer about the roles in view, in full."""
    state = turn.state
    if not state.last_intent:
        return None
    # "say that number again"; not "tell me again which jobs can be done from home" (a question of its own)
    again = "again" in turn.word_set and turn.has(turn.w.repeat_verbs) and not turn.aspects
    again = again and turn.wishes.empty
    if not (again or turn.says(turn.w.repeat_phrases)):
        return None
    if not turn.named:
        return Decision(state.last_intent, state.focus, 1.0, "answer", aspect=state.last_aspect), state
    # "say the PA one again" after PA vs NP pay: what was said of that role (the aspect compared)
    intent = state.last_aspect or state.last_intent
    if turn.aspects or intent not in ROLE_INTENTS or not set(turn.named) <= set(state.recent):
        return None  # "say again the money for RN" asks its own question
    return answered(state, Decision(intent, turn.named, 1.0, "answer"))


def tell_me_more(turn: Turn) -> Outcome | None:
    """'tell me more', 'more please': more of the last answer, leaving out what was shown."""
    state = turn.state
    content = set(turn.content) - turn.w.more_filler
    go_on = " ".join(turn.words) in turn.w.more_phrases  # "go on", "keep going"
    if not state.last_intent or turn.named or not (go_on or content & turn.w.more_words):
        return None
    about_it = turn.w.more_words | turn.w.pronouns | turn.w.job_words  # "tell me more about that job"
    if not go_on and not content <= about_it:
        return None
    # more on an aspect is its detailed answer, once; then more about the role is its overview's next parts
    intent = state.last_intent
    detail_shown = all(f"{intent}:{role}:detail" in state.shown for role in state.focus)
    if intent in ROLE_INTENTS and state.focus and (intent == "role_overview" or detail_shown):
        intent = "role_overview"
    aspect = None if intent == "role_overview" else state.last_aspect
    topic = MORE_TOPICS.get(intent or "")  # more about pay is its spread, not the median again
    decision = Decision(
        intent, state.focus, 1.0, "answer", aspect=aspect, detail=True, skip=state.shown, topic=topic
    )
    return answered(state, decision)


def why_that(turn: Turn) -> Outcome | None:
    """'why that one?' after a recommendation or the quiz: the reasons, from the user's own answers."""
    state = turn.state
    if not turn.has(turn.w.why_words) or turn.state.list_criteria is None or len(turn.content) > 6:
        return None
    if turn.aspects:  # "y cuanto pagan? how much pay?": a question of its own about the one in view
        return None
    plural = turn.has(turn.w.list_references & turn.w.pronouns)  # "why those?": every one listed
    roles = turn.named or (state.shown_list[:5] if plural else ()) or state.focus[:1] or state.shown_list[:1]
    decision = Decision(
        RECOMMEND, roles, 1.0, "explain", criteria=state.list_criteria, listed=state.shown_list
    )
    return decision, state


def declared_answer(turn: Turn) -> Outcome | None:
    """An intent whose file declares its answer: a text as it stands, fields for the roles in view."""
    spec = turn.understanding.answer
    if spec is None or _wants_a_job(turn):
        return None
    # the text, then the fields of the jobs to be: "is 60 too old to be a phlebotomist or a coder"
    targets = _jobs_to_be(turn) if spec.text is not None and spec.fields else ()
    if targets:
        return answered(turn.state, Decision(turn.intent, targets, turn.confidence, "declared"))
    if spec.text is not None or spec.layout == "table":
        return Decision(turn.intent, (), turn.confidence, "declared"), turn.state
    roles = turn.named or turn.state.focus
    if not roles:
        ambiguous = turn.understanding.mentions.ambiguous
        return topics.clarify(turn, turn.intent, (), ambiguous[0].candidates if ambiguous else ())
    return answered(turn.state, Decision(turn.intent, roles, turn.confidence, "declared"))


def prerequisite_question(turn: Turn) -> Outcome | None:
    """'do NPs have to be RNs first', 'do you need to be an MA before PA school': whether the one job needs
    the other first, answered from what the first one's data says of the other. Only a question ("i need to
    be an RN first, how long is NP school" tells it and asks the time)."""
    mentions, words = turn.understanding.mentions, turn.all_words
    first = next((word for word in words if word not in LEADING_FILLERS), "")  # "and does a PA need..."
    if first not in turn.w.yes_no_starts:
        return None
    named = (*mentions.roles, *mentions.context)  # ("...an MA before PA school": both set aside as context)
    needed = next((m for m in named if needed_first(words, m)), None)
    if needed is None:
        return None
    subjects = list(dict.fromkeys(m.role_id for m in named if m.role_id != needed.role_id))
    focus = [role for role in turn.state.focus if role != needed.role_id]
    # "do they have to be RNs first"; "do you have to be an MA first", but not "do you have to be a doctor
    # to prescribe": that asks what the job allows
    ends_the_question = set(words[needed.end :]) <= PREREQUISITE_ENDINGS
    referred = not turn.w.pronouns.isdisjoint(words) or ("you" in words and ends_the_question)
    if not subjects and len(focus) == 1 and referred:
        subjects = focus  # "what does an NP do" then "do they have to be RNs first"
    if len(subjects) != 1:
        return None
    # the job asked about; the one needed first is its context, as in "before PA school"
    decision = Decision(
        topics.EDUCATION,
        (subjects[0],),
        turn.confidence,
        "answer",
        topic=PREREQUISITE,
        needed=needed.role_id,
    )
    return answered(turn.state, decision)


def _jobs_to_be(turn: Turn) -> tuple[RoleId, ...]:
    """The jobs named as ones to become ("too old to become an RN", "to start as a phlebotomist or a coder"),
    not the one the user has ("im 45 and a medical assistant, is it too late to switch")."""
    words, found = turn.all_words, list[RoleId]()
    for mention in turn.understanding.mentions.roles:
        at = mention.start - 1
        while at >= 0 and words[at] in ("a", "an", "the"):
            at -= 1
        before = words[at] if at >= 0 else ""
        if before in BECOMING_WORDS or (before in ("or", "and") and found):
            found.append(mention.role_id)
    return tuple(dict.fromkeys(found))


def ruled_out(turn: Turn) -> Outcome | None:
    """'i dont want to be a nurse, what else is there', 'what jobs are there besides nursing': the roles
    left, listed; with wishes ("anything but nursing that pays well"), the recommendation leaves them out.
    A role ruled out is set aside by an excluding word (`Mentions.set_aside`) or comes a few words after a
    negation; any role still named as a subject ("not coders, billers") is the question instead."""
    mentions, excluded = turn.understanding.mentions, turn.ruled_out
    # set aside by "besides", "other than": unless an aspect is asked ("other certifications besides the CPC")
    of_the_others = turn.has(turn.w.option_words) or turn.intent not in ROLE_INTENTS - {"role_overview"}
    asks = turn.asks_for_others or (bool(mentions.set_aside) and of_the_others)
    if not asks or not excluded:
        return None
    still_asked = [m for m in mentions.roles if m.role_id not in excluded]
    unclear = [m for m in mentions.ambiguous if not set(m.candidates) <= set(excluded)]
    if still_asked or unclear:  # "not coders, what do billers make": the billers' question
        return None
    if turn.intent == "role_career_path" and not mentions.ambiguous:  # "... a coder forever, what else
        return None  # could i move into": from the job they have
    if not turn.wishes.empty:  # "i dont want to be a nurse, what else pays well": ranked without them
        return _recommended(turn, turn.wishes)
    left = tuple(role for role in turn.kb.role_ids if role not in excluded)
    category = _category_named(turn)
    if category is not None:  # "im not a nurse, what other clinical jobs are there"
        left = tuple(role for role in left if turn.kb.role(role).category == category.id)
    elif turn.has(turn.w.similar_words) and len(excluded) == 1:  # "not a PA, what else is similar"
        left = _same_kind(turn.kb, turn.kb.role(excluded[0]))
    decision = Decision("list_roles", (), turn.confidence, "answer", listed=left, excluded=excluded)
    return answered(turn.state, decision)


def filler_only(turn: Turn) -> Outcome | None:
    """'no', 'and?', 'ok so': nothing to answer yet, so say what the bot can do rather than guess."""
    mentions = turn.understanding.mentions
    if turn.words and not turn.content and not turn.named and not mentions.ambiguous:
        return Decision(OUT_OF_SCOPE, (), turn.confidence, "fallback"), turn.state
    return None


def recommendation(turn: Turn) -> Outcome | None:
    """'which job fits me' starts the quiz; a wish about a job ('no degree, no blood') ranks the roles."""
    if turn.has(turn.w.quiz_words) and not turn.named:  # "give me the career quiz"
        return quiz.start(turn)
    on_the_way = _only_as_a_school(turn)  # "what job gets me patient hours for PA school"
    if len(turn.named) == 1 and not on_the_way:  # "is phlebotomy a bad idea if...": that role's question
        return None  # (decided before the wishes are read: most messages name one role)
    intent = turn.intent
    wishes = turn.wishes
    about_any_job = intent in ROLE_INTENTS and intent not in GENERAL_COUNTERPART and not turn.named
    listing = intent == "list_roles" or (about_any_job and not turn.state.focus)
    if (listing or wishes.every) and not wishes.empty and not turn.understanding.mentions.ambiguous:
        intent = RECOMMEND
    # "is that job still around in 10 years": the job in view, not any job with wishes
    that_job = turn.has(turn.w.pronouns) and bool(turn.state.focus)
    job_wish = turn.has(turn.w.job_words) and not wishes.empty and not that_job
    # (a declared answer leaves a wish to this rule: "are there part-time jobs for someone my age")
    declared = turn.understanding.answer is not None
    if (intent == "general_skills" or intent in GENERAL_COUNTERPART or declared) and _wants_a_job(turn):
        intent = RECOMMEND
    kin: tuple[str, ...] = ()  # "something similar with less school": the same kind of job
    if wishes.shorter and len(turn.state.focus) == 1 and not turn.named:  # "too long, what needs less school"
        in_view = turn.kb.role(turn.state.focus[0])
        wishes = _shorter_than(wishes, in_view)
        intent = RECOMMEND
        if turn.has(turn.w.similar_words):
            kin = _same_kind(turn.kb, in_view)
    if _similar_that_pays_more(turn):  # "whats a similar job that pays more": kin of the one in view
        in_view = turn.kb.role(turn.state.focus[0])
        kin = tuple(dict.fromkeys((*in_view.related_roles, *_same_kind(turn.kb, in_view))))
        wishes = replace(wishes, min_pay=(in_view.salary.median_annual or 0) + 1, sort_by="pay")
        intent = RECOMMEND
    if intent in (OUT_OF_SCOPE, "help") and not turn.named and job_wish:
        intent = RECOMMEND  # "premed looking for clinical hours, any job ideas": wishes about a job
    if _career_change(turn, intent):
        intent = RECOMMEND
    refers = turn.has(turn.w.list_references)
    shown = turn.state.shown_list
    from_the_list = not turn.state.focus or (len(shown) == 1 and turn.state.focus == shown)  # a one-role list
    asks_data = intent == "about_data"  # "where do these numbers come from": not the numbers trait
    if refers and wishes.limits and shown and not turn.named and from_the_list and not asks_data:
        intent = RECOMMEND  # "which of those can I do part time" just after a list: the list, filtered
    if on_the_way and job_wish and intent in ROLE_INTENTS:
        intent = RECOMMEND
    if _more_wishes(turn):  # "working at a computer, getting the numbers right" just after the results
        intent, wishes = RECOMMEND, merged(turn.state.list_criteria or wishes, wishes)
    if intent != RECOMMEND:
        return None
    return _recommended(turn, wishes, kin)


def _same_kind(kb: KnowledgeBase, role: Role) -> tuple[RoleId, ...]:
    """The other roles of the role's category."""
    return tuple(other.id for other in kb.roles if other.category == role.category and other.id != role.id)


def _similar_that_pays_more(turn: Turn) -> bool:
    """'a similar job that pays more', 'something like it with better pay': of the one role in view."""
    more_pay = "role_salary" in turn.aspects and turn.has(turn.w.most_words)
    return more_pay and turn.has(turn.w.similar_words) and len(turn.state.focus) == 1 and not turn.named


def _more_wishes(turn: Turn) -> bool:
    """A statement of wishes, asking nothing and naming no role, just after a recommendation: more of
    what the user wants, so the same recommendation, narrowed."""
    # "and which ones need no college" asks anew
    asks = _asks(turn.words, turn.w.question_words, turn.sentence_starts)
    after_results = turn.state.list_criteria is not None and not turn.state.focus  # no role asked since
    wishes = turn.wishes  # a ranking, or a long path now fine, starts over: "actually a long degree is fine"
    anew = wishes.sort_by is not None or wishes.every or wishes.long_training_ok
    return after_results and not asks and not turn.named and not wishes.empty and not anew


def _recommended(turn: Turn, wishes: Criteria, kin: tuple[RoleId, ...] = ()) -> Outcome:
    """The roles that fit the wishes (of those in view, when the user points at them), or the quiz."""
    refers = bool(turn.list_words)  # "of those", "the second"; not "highest first"
    if wishes.empty:
        jobs = _own_jobs(turn)
        known = tuple(dict.fromkeys(role for job in jobs for role in job.closest))
        if known:  # "ex-EMT here, which office job would use that": the roles closest to that job
            decision = Decision(RECOMMEND, (), turn.confidence, "answer", criteria=wishes, listed=known)
            return answered(turn.state, replace(decision, others=jobs))
        return quiz.start(turn)
    pool, set_aside = _pool(turn, refers, kin)
    decision = recommend(wishes, turn.kb, turn.confidence, pool)
    if pool and not decision.listed and not set_aside:  # none of those: of all the roles, then
        decision = recommend(wishes, turn.kb, turn.confidence)
    one = turn.has(turn.w.one_job_words) and not turn.has(turn.w.job_words - turn.w.one_job_words)
    if wishes.sort_by and one and turn.count in (None, 1) and decision.listed:
        decision = replace(decision, leader=decision.listed[0])  # "the best paid job": then "become one"
    return answered(replace(turn.state, list_criteria=wishes), decision)


def _career_change(turn: Turn, intent: IntentId) -> bool:
    """'ex-EMT here, what office job makes sense next', 'i'm a CNA, what's the next step up': from a job we
    do not cover to ours. With a role in view, 'would my firefighter experience count' asks about it."""
    if turn.named:
        return False
    jobs, own_roles = _own_jobs(turn), [m for m in turn.understanding.mentions.context if m.own]
    if intent == "list_roles" and jobs and not own_roles and not any(job.closest for job in jobs):
        return False  # "I'm a school counselor... what positions are in an office": who asks, and a list
    if _asks_for_a_job(turn, by_name=True) and _says_own_job(turn):
        return True
    weighs_past = bool(turn.state.focus) and turn.has(turn.w.experience_words)
    return intent == "role_career_path" and bool(_own_jobs(turn)) and not weighs_past


def _pool(turn: Turn, refers: bool, kin: tuple[RoleId, ...]) -> tuple[tuple[RoleId, ...], set[RoleId]]:
    """The roles a recommendation picks from (none: all of them), and those the user set aside."""
    pool = turn.state.shown_list if refers else ()  # "now sort them by training time"
    if len(turn.named) > 1:  # "rank RN, LPN and MA by pay": those
        pool = turn.named
    pool = pool or kin
    set_aside = {mention.role_id for mention in turn.understanding.mentions.context} | set(turn.ruled_out)
    if set_aside:  # "jobs other than MA or phlebotomist that need no degree": the others
        pool = tuple(r for r in pool or turn.kb.role_ids if r not in set_aside)
    return pool, set_aside


def _wants_a_job(turn: Turn) -> bool:
    """A wish about a job ("super detail oriented, what role suits that", "which office job uses my
    spanish"), with no role named and no skills asked for: a recommendation, whatever the classifier said."""
    asked_skills = "role_skills" in turn.aspects
    about_me = bool(turn.wishes.traits or turn.wishes.contact) and turn.has(turn.w.self_words)  # "im neat"
    asks = _asks_for_a_job(turn) or (about_me and turn.has(turn.w.question_words))
    return asks and not turn.wishes.empty and not turn.named and not asked_skills


def _says_own_job(turn: Turn) -> bool:
    """The user names the job they hold or held ("former paramedic", "i used to be an MA")."""
    mentions = turn.understanding.mentions
    starts = [m.start for m in mentions.context] + [m.start for m in mentions.others]
    return any(_about_oneself(turn, start) for start in starts)


def _own_jobs(turn: Turn) -> tuple[OtherOccupation, ...]:
    """The jobs we do not cover that the user says they hold or held ("8 years as a combat medic")."""
    found = (m.occupation for m in turn.understanding.mentions.others if _about_oneself(turn, m.start))
    return tuple(job for job in found if job is not None)


def _asks_for_a_job(turn: Turn, by_name: bool = False) -> bool:
    """'which job uses my spanish', 'what role suits that', 'any jobs where typing matters': a job asked
    for; not 'is typing important for healthcare jobs', a question about jobs in general. `by_name`: only
    a question word just before the word job ('what office job should i'), not 'i am ... jobs'."""
    words = turn.words
    wanted = turn.w.job_words | turn.w.result_words  # "what job", "whats a good fit"
    return any(
        word in turn.w.asking_words and set(words[index + 1 : index + ASKED_JOB_REACH]) & wanted
        for index, word in enumerate(words)
    ) or (not by_name and turn.has(turn.w.job_words) and turn.has(turn.w.self_words))


def _only_as_a_school(turn: Turn) -> bool:
    """Every role named is named as its school ("before PA school"): a goal, not the job asked about."""
    words, mentions = turn.all_words, turn.understanding.mentions.roles
    return bool(mentions) and all(m.end < len(words) and words[m.end] in TRAINING_NOUNS for m in mentions)


def _shorter_than(wishes: Criteria, role: Role) -> Criteria:
    """The wishes with a training limit below the role's ("less school than a doctor")."""
    months = role.education.months_to_qualify
    if months <= 1:
        return wishes
    limit = months - 1 if wishes.max_months is None else min(wishes.max_months, months - 1)
    return replace(wishes, max_months=limit)


def _data_of(turn: Turn) -> tuple[tuple[RoleId, ...], IntentId | None]:
    """The roles whose figures a question about the data asks of: those named, or those in view when it
    points at them ("where would pay figures for that job come from"); none for "where do your numbers
    come from". With them, "role_outlook" when the figure is the projection: the one asked about ("where
    do the pay figures come from"), else the one just shown ("where does that number come from" after the
    outlook); None for the pay."""
    pointing = turn.w.pronouns | turn.w.pointing_words | turn.w.demonstratives
    roles = turn.named or (turn.state.focus[: topics.MAX_COMPARED] if turn.has(pointing) else ())
    named = [aspect for aspect in turn.aspects if aspect in DATA_FIGURES]  # not "from a school website"
    shown = next(iter(named), None) or turn.state.last_aspect or turn.state.last_intent
    return roles, "role_outlook" if roles and shown == "role_outlook" else None


def fallback(turn: Turn) -> Outcome:
    """Nothing else applied: a general answer, a role's overview, a question about a word, or help."""
    mentions = turn.understanding.mentions
    unanswerable = topics.ROLE_QUESTION_INTENTS | SOCIAL_INTENTS  # social ones were small talk's to take
    intent = turn.intent if turn.intent not in unanswerable else OUT_OF_SCOPE
    guess = turn.understanding.guess
    if turn.intent in SOCIAL_INTENTS and not turn.named and not turn.wishes.empty:
        return _recommended(turn, turn.wishes)  # "Hey. I'm 52. Is there something I could learn quickly?"
    if turn.intent in SOCIAL_INTENTS and not turn.named:  # small talk declined it: the next reading, if close
        runner_up = next((s for s in guess.ranking[1:2] if s.score >= guess.cut), None)
        if runner_up and runner_up.intent not in unanswerable and guess.margin <= topics.NAMED_ROLE_MARGIN:
            intent = runner_up.intent  # "which careers can i ask u about": the list
        if intent == RECOMMEND:  # "Hi, I'm asking for my shy son... is there work that would suit him?"
            return _recommended(turn, turn.wishes)
    # not "hi! im a new MA", "cya, heading to my RN shift"
    asking = _asks(turn.words, turn.w.question_words, turn.sentence_starts)
    if turn.intent in SOCIAL_INTENTS and turn.named and asking:  # "logging off soon, but what do coders make"
        asked = next((s for s in guess.ranking if s.intent in ROLE_INTENTS and s.score >= guess.cut), None)
        if asked is not None:
            return answered(turn.state, Decision(asked.intent, turn.named, turn.confidence, "answer"))
    if turn.named and intent in (OUT_OF_SCOPE, RECOMMEND):
        intent = OUT_OF_SCOPE  # a role named with no question of its own: about the role (below)
    site_topic = topics.topic_of(turn) if intent == topics.ABOUT_DATA and turn.named else None
    if site_topic in ROLE_SITE_TOPICS:  # "any websites where i can look up phlebotomy programs": that role's
        aspect_intent = topics.EDUCATION if site_topic == "study" else topics.OVERVIEW
        decision = Decision(aspect_intent, turn.named, turn.confidence, "answer", topic=site_topic)
        return answered(turn.state, decision)
    if intent != OUT_OF_SCOPE:  # "what jobs are there" (then the latest list), "skills for office work"
        listed = turn.kb.role_ids if intent == "list_roles" else ()
        roles, aspect = _data_of(turn) if intent == topics.ABOUT_DATA else ((), None)
        # "which websites let students look up wages in their state": where to find local pay; "is that
        # figure national or for Texas" of the MA in view: the MA's pay there
        place = topics.place_of(turn) if intent == topics.ABOUT_DATA else None
        recency = turn.has(RECENCY_WORDS)  # "how current is that number for california": about the data
        if place and roles and aspect is None and not recency:  # "is that figure national or for texas"
            intent = "role_salary"
        elif place and (recency or "role_salary" not in turn.aspects):
            place = None
        decision = Decision(
            intent, roles, turn.confidence, "answer", aspect=aspect, listed=listed, place=place
        )
        return answered(turn.state, decision)
    if turn.named:  # a known role but no clear question: its overview, not a guess
        topic = topics.topic_of(turn)  # "pros and cons of billing work": that part of it
        asks = topics.yes_no_words(turn)  # "is phlebotomy a bad idea if blood makes me queasy"
        act: Act = "answer" if topic or asks else "overview"
        decision = Decision("role_overview", turn.named, turn.confidence, act, topic=topic, asks=asks)
        return answered(turn.state, decision)
    if mentions.ambiguous:
        return topics.clarify(turn, "role_overview", (), mentions.ambiguous[0].candidates)
    top = guess.ranking[0] if guess.ranking else None
    off_topic = top is not None and top.intent == OUT_OF_SCOPE and top.score >= guess.cut  # like its examples
    return Decision(OUT_OF_SCOPE, (), turn.confidence, "fallback", off_topic=off_topic), turn.state


RULES: tuple[Rule, ...] = (
    safety_first,
    after_a_crisis,
    quiz.in_progress,
    topics.pending_choice,
    stop_outside_quiz,
    say_it_again,
    tell_me_more,
    small_talk,
    handout_request,
    profile_card,
    patient_question,
    credential_comparison,
    other_occupation,
    about_the_other_job,
    why_that,
    ruled_out,
    filler_only,
    prerequisite_question,
    declared_answer,
    category_list,
    topics.elliptical_follow_up,
    topics.the_other_end,
    topics.about_the_list,
    recommendation,
    topics.role_question,
)


def decide(turn: Turn, rules: tuple[Rule, ...] = RULES) -> Outcome:
    """The first rule's outcome, or the fallback."""
    for rule in rules:
        outcome = rule(turn)
        if outcome is not None and _in_the_intent_set(outcome[0], turn):
            return outcome
    outcome = fallback(turn)
    if _in_the_intent_set(outcome[0], turn):
        return outcome
    return Decision(OUT_OF_SCOPE, (), turn.confidence, "fallback"), turn.state


def _in_the_intent_set(decision: Decision, turn: Turn) -> bool:
    """An answer the loaded intents can have: safety and the fallback always can."""
    known = turn.understanding.intents
    always = decision.act in SAFETY_ACTS or decision.intent == OUT_OF_SCOPE
    return always or not known or decision.intent in known


def step(
    state: DialogueState, understanding: Understanding, kb: KnowledgeBase, words: Words | None = None
) -> tuple[Decision, DialogueState]:
    """Decide what one message asks, given the conversation; return the decision and the new state.
    `words` are the lexicon's word lists (built from `kb` when not given; the engine builds them once)."""
    decision, new_state = decide(Turn(state, understanding, kb, words or Words.of(kb.lexicon.dialogue)))
    if new_state.pending is not None and new_state.pending is state.pending:
        new_state = replace(new_state, pending=None)  # not answered: the question moved on
    if state.quiz is not None and new_state.quiz is state.quiz:
        new_state = _after_side_question(state.quiz, decision, new_state)
        if decision.act != "safety":
            decision = replace(decision, then_quiz=new_state.quiz, quiz_aside=new_state.quiz is None)
    named = understanding.mentions.role_ids or (decision.roles if state.pending else ())
    if decision.act not in SAFETY_ACTS:
        new_state = replace(new_state, last_safety=None, last_guessed=False)
    if decision.act != "other_occupation":
        new_state = replace(new_state, last_other="")
    # several aspects asked of one role stay asked: "and coders?" then "and billers?"
    several = (decision.intent, *decision.more_aspects) if len(decision.roles) == 1 else ()
    asked = several if decision.more_aspects and decision.intent in ROLE_INTENTS else ()
    return decision, replace(new_state, named_before=named, last_text=understanding.text, last_intents=asked)


def _after_side_question(quiz: Quiz, decision: Decision, state: DialogueState) -> DialogueState:
    """Keep the quiz after a side question, unless it was a safety reply or one too many."""
    if decision.act == "safety" or quiz.retries + 1 > MAX_SIDE_QUESTIONS:
        return replace(state, quiz=None)
    return replace(state, quiz=replace(quiz, retries=quiz.retries + 1))
