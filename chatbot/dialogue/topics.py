"""Rules for questions about roles: a choice after 'which one?', follow-ups, the latest list, comparisons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from ..knowledge.lookup import aspect_figure, state_named
from ..knowledge.schema import IntentId, KnowledgeBase, Role, RoleId
from ..nlu.roles import COMPARING_WORDS, TRAINING_NOUNS
from ..records import replace
from .ranking import recommend
from .references import with_context
from .state import Act, Decision, Pending
from .turn import Outcome, Turn, answered
from .words import (
    GENERAL_COUNTERPART,
    ROLE_INTENTS,
    SOCIAL_INTENTS,
)

COMPARE = "compare_roles"
CAREER_PATH = "role_career_path"
CERTIFICATION = "role_certification"
EDUCATION = "role_education"
OVERVIEW = "role_overview"
ABOUT_DATA = "about_data"
ROLE_QUESTION_INTENTS = ROLE_INTENTS | {COMPARE}
# "is that in a doctor's office or overall?" just after a pay answer: the pay by setting (its spread)
PAY_SETTINGS = frozenset(
    """office offices clinic clinics hospital hospitals setting settings overall
    outpatient government labs""".split()
)
FIGURE_ASPECTS = frozenset({"role_salary", "role_outlook", "role_education"})  # a figure to rank roles by
SORTED_ASPECTS = {"pay": "role_salary", "growth": "role_outlook", "training": "role_education"}  # sort_by ->
MAX_OTHER_END_WORDS = 3  # "and the worst?", "what about the lowest": a follow-up of a few words
ASPECT_WORD_MARGIN = 20.0  # points an overview may lead the one aspect a follow-up names ("what does it pay")
NAMED_ROLE_MARGIN = 10.0  # score points a general intent may lead by and still yield to a role intent
# A question about a role in view ("that one", a role named) needs less evidence to be a role question:
# its best role intent counts from this share of the out-of-scope cut.
FOLLOW_UP_SHARE = 0.9
MAX_COMPARED = 4  # roles side by side in one table
YES_NO_REACH = 6  # "the first one, are you...": a yes/no question after the pick and a comma
QUALIFIERS = frozenset({"with", "in", "at", "on", "during", "after", "for", "without", "than"})
WORKING_WORDS = frozenset({"work", "works", "working", "where", "like"})
MAX_SETTING_WORDS = 6  # "and in a hospital vs a doctors office?": a short follow-up naming only settings
MAX_CHOICES = 5  # roles offered when asking "which one?"


def aspect_of(turn: Turn) -> IntentId | None:
    """What a comparison is about, if the message says ("which pays better" -> salary)."""
    return turn.aspect


def yes_no_words(turn: Turn) -> tuple[str, ...]:
    """The words a yes/no question asks about: "do MAs give shots" -> ("give", "shots")."""
    tokens = turn.understanding.tokens
    start = 0
    while start < len(tokens) - 1 and tokens[start].text in turn.w.yes_no_leads:  # "and do coders..."
        start += 1
    if not tokens or tokens[start].text not in turn.w.yes_no_starts:
        return ()
    return _asked_words(turn)


def _asked_words(turn: Turn) -> tuple[str, ...]:
    """The words a yes/no question asks about, its filler left out; with the names of any other job it
    asks after ("do PAs need to be nurses first": "nurses" too, which the evidence must hold)."""
    mentions, tokens = turn.understanding.mentions, turn.understanding.tokens
    spans = [(m.start, m.end) for m in mentions.ambiguous] + [(m.start, m.end) for m in mentions.context]
    others = tuple(tokens[index].text for start, end in spans for index in range(start, end))
    return tuple(word for word in (*turn.words, *others) if word not in turn.w.ask_filler)


LOCAL_PLACE = "your area"  # a pay question about where the user lives, with no state named


def place_of(turn: Turn) -> str | None:
    """The US state a question names ("MA pay in Texas"), the longest name first ("West Virginia"); or
    the user's own area when they ask about pay there ("wages by ZIP code", "pay in our area")."""
    state = state_named(turn.understanding.text, turn.kb.resources.states)
    about_pay = turn.intent == "role_salary" or "role_salary" in turn.aspects
    if state is None and about_pay and turn.has(turn.w.local_words):
        return LOCAL_PLACE
    return state


def topic_of(turn: Turn) -> str | None:
    """The detail topic a role question asks about, if any ("pros and cons of billing")."""
    words = set(turn.words)
    return next(
        (
            topic
            for topic, cues, needed, unless, also in turn.w.topics
            if len(words & cues) >= needed and words.isdisjoint(unless) and (not also or words & also)
        ),
        None,
    )


def clarify(turn: Turn, intent: IntentId, known: tuple[RoleId, ...], options: tuple[RoleId, ...]) -> Outcome:
    """Ask which role; the options become the latest list, so '2' or 'the RN' picks one. A word with one
    role it can mean ("manager") is that role: its answer names it, which says how it was read."""
    if len(options) == 1 and options[0] not in known:
        return _answer_roles(turn, intent, (*known, options[0]))
    aspect = aspect_of(turn) if intent == COMPARE else None
    decision = Decision(intent, known, turn.confidence, "clarify", options=options)
    ambiguous = turn.understanding.mentions.ambiguous
    pending = Pending(intent, options, known, aspect, ambiguous[0].term if ambiguous else "")
    return decision, replace(turn.state, pending=pending, shown_list=options or turn.state.shown_list)


def pending_choice(turn: Turn) -> Outcome | None:
    """The answer to 'which one do you mean?': a number, an ordinal or a name among the options."""
    pending = turn.state.pending
    if pending is None:
        return None
    chosen = tuple(r for r in turn.named if not pending.options or r in pending.options)
    if chosen and _asks_its_own(turn, pending.intent):
        return None  # "what is LPN? is it different from RN?": a new question that names the options
    if not chosen and len(turn.words) <= 4:
        number = next((_number(w, turn.w.ordinals) for w in turn.words if _number(w, turn.w.ordinals)), 0)
        if 1 <= number <= len(pending.options):
            chosen = (pending.options[number - 1],)
    if not chosen:
        chosen = _named_in_part(turn, pending.options, pending.term)
    aspect_asked = aspect_of(turn)
    direction = _direction(turn, aspect_asked)
    by_aspect = False
    if not chosen and aspect_asked and direction:  # "the kind with the shortest training"
        chosen, by_aspect = _top(turn.kb, pending.options, aspect_asked, direction, 1), True
    if not chosen:
        return None  # a fresh question: it simply moves on
    roles = tuple(dict.fromkeys((*pending.known, *chosen)))
    options_list = turn.state.shown_list == pending.options  # the choice used the list up
    state = replace(turn.state, pending=None, shown_list=() if options_list else turn.state.shown_list)
    intent, aspect = pending.intent, pending.aspect
    # "which kind is quickest to become" asks about the training too; "the one with the least training"
    # only picks one, for the question asked before
    if by_aspect and aspect_asked and pending.intent in ROLE_INTENTS and turn.has(turn.w.question_words):
        intent = aspect_asked
    if intent == COMPARE and len(roles) < 2:
        roles = tuple(dict.fromkeys((*[r for r in state.focus if r not in roles][-1:], *roles)))
    if intent == COMPARE and len(roles) < 2:
        intent, aspect = aspect or OVERVIEW, None
    elif len(roles) > 1 and intent in ROLE_INTENTS and intent != CAREER_PATH:
        intent, aspect = COMPARE, intent
    topic = topic_of(turn) if intent in ROLE_INTENTS else None  # "can fafsa pay for phlebotomy": its cost
    return answered(state, Decision(intent, roles, 1.0, "answer", aspect=aspect, topic=topic))


def _asks_its_own(turn: Turn, pending: IntentId) -> bool:
    """A full question of another kind, not a pick ("the RN one", "what about the LPN", "2")."""
    other = turn.intent in ROLE_QUESTION_INTENTS and turn.intent != pending
    asks = turn.has(turn.w.question_words) or turn.understanding.tokens[0].text in turn.w.yes_no_starts
    return other and asks and not turn.has(turn.w.ellipsis_words)  # "is np growing" asks too


def _named_in_part(turn: Turn, options: tuple[RoleId, ...], term: str) -> tuple[RoleId, ...]:
    """'registered', 'the medical one', 'lab': the option one of whose names these words complete (with
    the word asked about: "medical" + "assistant"), else the one whose names share most of them."""
    words = {w for w in turn.words if w not in turn.w.filler} - {term}
    if not words or len(turn.words) > 5:
        return ()
    names = {r: [set(n.lower().replace("/", " ").split()) for n in _names(turn.kb.role(r))] for r in options}
    exact = [r for r in options if any(name == words | {term} for name in names[r])]
    if len(exact) == 1:
        return (exact[0],)
    scores = [max((len(words & name) for name in names[r]), default=0) for r in options]
    best = max(scores, default=0)
    return (options[scores.index(best)],) if best and scores.count(best) == 1 else ()


def _names(role: Role) -> tuple[str, ...]:
    return (role.title, role.short_title, *role.aliases)


def _number(word: str, ordinals: Mapping[str, int]) -> int:
    return int(word) if word.isdigit() and len(word) < 3 else ordinals.get(word, 0)


def _swapped_in(turn: Turn) -> Outcome | None:
    """'what about a coder instead of the LPN' after comparing three: the three with the coder in the LPN's
    place, on the same aspect."""
    state, aside = turn.state, [m.role_id for m in turn.understanding.mentions.context]
    compared = state.shown_list if state.last_intent == COMPARE else ()
    if len(turn.named) != 1 or len(aside) != 1 or aside[0] not in compared or turn.named[0] in compared:
        return None
    roles = tuple(turn.named[0] if role == aside[0] else role for role in compared)
    decision = Decision(COMPARE, roles, 1.0, "answer", aspect=state.last_aspect)
    return answered(state, replace(decision, listed=roles))


def elliptical_follow_up(turn: Turn) -> Outcome | None:
    """A message that only names roles: 'whats a scribe' asks what it is, 'and billers?' repeats the
    last question for them, 'no, I meant coders' corrects it."""
    if not turn.named or turn.content or turn.understanding.mentions.ambiguous:
        return None
    state = turn.state
    # "whats a scribe", "what do managers do": a fresh question, not "and coders?" repeating the last one
    asks = turn.has(turn.w.defining_words) or bool(turn.words[:1]) and turn.words[0] in turn.w.question_words
    fresh = asks and not turn.has(turn.w.ellipsis_words)
    if len(turn.named) > 1 and turn.has(turn.w.contrast_words):  # "is a coder the same as a biller"
        return answered(state, Decision(COMPARE, turn.named, 1.0, "answer"))
    general = next((k for k, v in GENERAL_COUNTERPART.items() if v == state.last_intent), None)
    if general and not fresh and len(turn.named) == 1:  # "and for a biller" after skills for any office job
        return answered(state, Decision(general, turn.named, 1.0, "answer"))
    # "whats a CPC", "CPC?" (whatever was asked before): the credential itself; "whats a scribe": the role
    credential = all(mention.credential for mention in turn.understanding.mentions.roles)
    if credential and (fresh or not turn.words):
        return answered(state, Decision(CERTIFICATION, turn.named, 1.0, "answer"))
    if fresh or state.last_intent not in ROLE_QUESTION_INTENTS:
        return answered(state, Decision(OVERVIEW, turn.named, 1.0, "answer"))
    swapped = _swapped_in(turn)
    if swapped is not None:
        return swapped
    if _asks_of_its_credential(turn):  # "and the CMA?" with MAs in view: that credential
        return answered(state, Decision(CERTIFICATION, turn.named, 1.0, "answer"))
    if len(state.last_intents) > 1 and len(turn.named) == 1:  # "pay, and what degree?" then "and MAs?"
        first, *more = state.last_intents
        return answered(state, Decision(first, turn.named, 1.0, "answer", more_aspects=tuple(more)))
    intent, aspect = state.last_intent or OVERVIEW, None
    if intent == COMPARE:
        intent = state.last_aspect or OVERVIEW
    if len(turn.named) > 1 and intent in ROLE_INTENTS and intent != CAREER_PATH:
        intent, aspect = COMPARE, intent
    return answered(state, Decision(intent, turn.named, 1.0, "answer", aspect=aspect))


def _asks_of_its_credential(turn: Turn) -> bool:
    """'and what about the CMA?' with MAs in view: the role's credential, not the last question again."""
    mentions = turn.understanding.mentions.roles
    named_credential = bool(mentions) and all(mention.credential for mention in mentions)
    brief = not turn.content or turn.has(turn.w.ellipsis_words)
    return named_credential and brief and turn.named == turn.state.focus


def _word_pair(turn: Turn, firsts: frozenset[str], seconds: frozenset[str]) -> bool:
    """Whether a word of `firsts` comes just before a word of `seconds`."""
    words = turn.words
    return any(a in firsts and b in seconds for a, b in zip(words, words[1:], strict=False))


def _points_at_one(turn: Turn) -> bool:
    """'that one', 'this job': one role pointed at; just after a list, its first (the best fit)."""
    return _word_pair(turn, turn.w.pointing_words, turn.w.one_job_words | {"one"})


def _which_one(turn: Turn) -> bool:
    """'which one grows faster': a choice between the roles just talked about."""
    return _word_pair(turn, turn.w.choosing_words, frozenset({"one"}))


def about_the_list(turn: Turn) -> Outcome | None:
    """'which of those pays most', 'the first one', 'compare them': about the latest list shown (or,
    with none shown, the roles just asked about one by one: "which of those three grows fastest")."""
    if turn.intent in SOCIAL_INTENTS or turn.intent == ABOUT_DATA:
        return None  # "is there a site to look up more jobs like these": not a question of the roles
    if _points_at_schooling(turn):
        return None  # "who accredits those programs": the programs of the role in view, not the list
    which_one, points = _which_one(turn), _points_at_one(turn)
    recent_two = turn.state.recent[-2:] if which_one and len(turn.state.recent) >= 2 else ()
    counted = _counted_recent(turn)
    listed = turn.state.shown_list or counted or recent_two
    if turn.count and len(listed) != turn.count and len(counted) == turn.count:
        listed = counted  # "which of the three grows fastest" after a list of two: the three just talked of
    if (
        turn.named
        or len(listed) < 2
        or not (
            turn.has(turn.w.list_references | frozenset(turn.w.count_words) | frozenset(turn.w.ordinals))
            or points
            or which_one
        )
    ):
        return None
    # "which needs the least schooling" picks from the list; "which pay more than 100k" filters it
    superlative = bool(aspect_of(turn) and _direction(turn, aspect_of(turn))) and not turn.wishes.min_pay
    if turn.wishes.every or (turn.wishes.limits and turn.state.shown_list and not superlative):
        return None  # "now sort them by training time", "which of them pay over 100k": a recommendation
    pointed = which_one or turn.has(
        turn.w.demonstratives | frozenset(turn.w.count_words) | frozenset(turn.w.ordinals)
    )
    if not pointed and turn.state.last_intent in ROLE_INTENTS:
        return None  # "is there demand for them" just after an answer about one role: that role
    ordinal = turn.ordinal or (1 if points and not turn.state.focus else 0)
    aspect = aspect_of(turn)
    direction = _direction(turn, aspect)
    if 1 <= ordinal <= len(listed) and not (aspect and direction):  # "tell me more about the first one"
        intent = turn.intent if turn.intent in ROLE_INTENTS else OVERVIEW
        picked = Decision(intent, (listed[ordinal - 1],), 1.0, "answer", asks=_asked_after_the_pick(turn))
        return answered(turn.state, picked)  # "the first one, are you on your feet all day?": asked of it
    if aspect and direction:
        winner = (_top(turn.kb, listed, aspect, direction, 1) or listed)[0]
        count = turn.count or 0
        if 0 < count < len(listed):  # "which three grow fastest": the best three of the list
            listed = _top(turn.kb, listed, aspect, direction, count)
        decision = Decision(COMPARE, listed, 1.0, "answer", aspect, listed=listed, superlative=direction)
        return answered(turn.state, replace(decision, leader=winner))
    if turn.wishes.limits:  # "which of those can I do part time": the list filtered (recommendation rule)
        return None
    each = frozenset(turn.w.count_words) | (turn.w.list_references & turn.w.pronouns)  # "each", "those"
    if turn.intent == COMPARE or (aspect and turn.has(each)):
        roles = listed[:MAX_COMPARED]
        again = turn.state.last_intent == COMPARE and set(roles) == set(turn.state.focus)
        decision = Decision(COMPARE, roles, 1.0, "answer", aspect=aspect, skip=("table",) if again else ())
        return answered(turn.state, decision)
    return None


def _asked_after_the_pick(turn: Turn) -> tuple[str, ...]:
    """'the first one, are you on your feet all day?': the yes/no question after the pick and its comma."""
    tokens = turn.understanding.tokens
    at = next((i for i in range(1, min(len(tokens), YES_NO_REACH)) if tokens[i - 1].pause), 0)
    if not at or tokens[at].text not in turn.w.yes_no_starts:
        return ()
    return _asked_words(turn)


def the_other_end(turn: Turn) -> Outcome | None:
    """'and the worst?' just after 'which of those grows fastest': the same list and aspect, that way."""
    state = turn.state
    aspect = state.last_aspect
    if turn.named or len(turn.content) > MAX_OTHER_END_WORDS or turn.aspects:
        return None  # ("and which one is growing faster?" asks of another aspect)
    just_listed = state.focus in ((), state.shown_list[:1])  # the list's first in focus: nothing asked since
    ranked = state.list_criteria if just_listed else None
    if ranked is not None and ranked.sort_by is not None:  # "which role grows fastest", "and the slowest?"
        direction = _direction(turn, SORTED_ASPECTS.get(ranked.sort_by))
        if direction is None:
            return None
        wishes = replace(ranked, lowest=direction == "least")
        return answered(replace(state, list_criteria=wishes), recommend(wishes, turn.kb, turn.confidence))
    follow_up = state.last_intent == COMPARE and aspect in FIGURE_ASPECTS and len(state.shown_list) > 1
    if not follow_up or aspect is None:
        return None
    direction = _direction(turn, aspect)
    if direction is None:
        return None
    listed = state.shown_list
    winner = (_top(turn.kb, listed, aspect, direction, 1) or listed)[0]
    decision = Decision(COMPARE, listed, 1.0, "answer", aspect, listed=listed, superlative=direction)
    return answered(state, replace(decision, leader=winner))


def _points_at_schooling(turn: Turn) -> bool:
    """A list word that points at schooling ("those programs", "these classes"), not at the roles."""
    words = turn.all_words
    return any(
        word in turn.w.list_references and words[index + 1 : index + 2] and words[index + 1] in TRAINING_NOUNS
        for index, word in enumerate(words)
    )


def _counted_recent(turn: Turn) -> tuple[RoleId, ...]:
    count = turn.count
    if count is None or len(turn.state.recent) < 2:
        return ()
    return turn.state.recent if count == 0 else turn.state.recent[-count:]


def _direction(turn: Turn, aspect: IntentId | None) -> Literal["most", "least"] | None:
    words = turn.words  # "a year or less", "less than a year": a limit, not "the least"
    limit = {
        i
        for i, w in enumerate(words)
        if w == "less" and (words[i - 1 : i] == ("or",) or words[i + 1 : i + 2] == ("than",))
    }
    compared = {w for i, w in enumerate(words) if i not in limit}
    if aspect == "role_education" and compared & turn.w.quick_words:
        return "least"
    if compared & turn.w.least_words:
        return "least"
    return "most" if turn.has(turn.w.most_words) else None


def _top(
    kb: KnowledgeBase, roles: tuple[RoleId, ...], aspect: IntentId, direction: str, count: int
) -> tuple[RoleId, ...]:
    """The `count` roles with the highest (or lowest) figure for the aspect, best first; ties keep order."""
    with_figure = [r for r in roles if aspect_figure(kb.role(r), aspect) is not None]
    ordered = sorted(
        with_figure, key=lambda r: aspect_figure(kb.role(r), aspect) or 0.0, reverse=direction == "most"
    )
    return tuple(ordered[:count])


def _no_role_named(turn: Turn, intent: IntentId) -> Outcome | None:
    """A role question naming no role: any job with these wishes, the question of all jobs, an answer
    true of every role, or 'which one?'; None when the role in view is meant."""
    state = turn.state
    if turn.has(turn.w.job_words) and not turn.has(turn.w.pronouns):  # "a job with no nights": any job
        wishes = turn.wishes
        if not wishes.empty:  # remembered as the latest list, as every recommendation is
            return answered(replace(state, list_criteria=wishes), recommend(wishes, turn.kb, turn.confidence))
    if state.focus and not (turn.has(turn.w.setting_words) and intent in GENERAL_COUNTERPART):
        return None
    if intent in GENERAL_COUNTERPART:
        return answered(state, Decision(GENERAL_COUNTERPART[intent], (), turn.confidence, "answer"))
    place, topic = place_of(turn), topic_of(turn)
    if place or topic == "paying":  # "free training for laid-off workers": true of every role
        return answered(state, Decision(intent, (), turn.confidence, "answer", topic=topic, place=place))
    # "how much do they make" just after a list: which of those (a number picks one)
    listed = state.shown_list[:MAX_CHOICES] if turn.has(turn.w.pronouns) else ()
    return clarify(turn, intent, (), listed)


def role_question(turn: Turn) -> Outcome | None:
    """A question about one or more roles: fill in roles from context, compare, or ask which."""
    intent = _role_reading(turn)
    if intent not in ROLE_QUESTION_INTENTS:
        return None
    if intent != CERTIFICATION and _asks_of_its_credential(turn):
        intent = CERTIFICATION
    nothing_named = not turn.named and not turn.understanding.mentions.ambiguous and not turn.state.recent
    if intent == COMPARE and nothing_named and turn.has(turn.w.job_words):  # "the different jobs in a clinic"
        return answered(turn.state, Decision("list_roles", (), turn.confidence, "answer"))
    mentions, state, named = turn.understanding.mentions, turn.state, turn.named
    if not named and mentions.ambiguous and mentions.ambiguous[0].described and intent == COMPARE:
        intent = aspect_of(turn) or OVERVIEW  # "who is the one that types up notes": which one, not a table
    found = _where_to_look(turn, intent) or (
        _one_role_two_names(turn) or _other_sense(turn) if intent == COMPARE else None
    )
    if found is not None:
        return found
    roles: tuple[RoleId, ...] = named
    if intent in (COMPARE, CAREER_PATH) and not (mentions.ambiguous and not named):
        # a comparison needs two: "vs phlebotomist" sets the one named against the one in view
        if len(named) < 2 and (_refers_back(turn) or not named or intent == COMPARE):
            roles = with_context(turn)
    elif not named and not mentions.ambiguous:
        unnamed = _no_role_named(turn, intent)
        if unnamed is not None:
            return unnamed
        roles = state.focus
    if _against_focus(turn, intent):
        roles = with_context(turn)
    if intent == CAREER_PATH:
        roles = _moved_from(turn, roles)
    needed = 2 if intent == COMPARE else 1
    superlative = _direction(turn, aspect_of(turn)) and turn.has(turn.w.choosing_words)
    if mentions.ambiguous and not named and (intent == COMPARE or superlative):
        candidates = mentions.ambiguous[0].candidates  # "which nurse pays most": all of them, on pay
        if aspect_of(turn):
            return _answer_roles(turn, COMPARE, candidates)
        return clarify(turn, intent, (), candidates)
    if mentions.ambiguous and len(roles) < needed:
        candidates = mentions.ambiguous[0].candidates
        just_named = [
            r
            for r in candidates
            if r not in roles
            and (
                r in state.named_before
                or r in state.focus  # "what can i move up to from records work", records work in view
                or (turn.has(turn.w.return_words) and r in state.recent)
            )
        ]
        if not just_named:  # "nurse" alone: ask, unless this message or the one before said which
            return clarify(turn, intent, roles, candidates)
        roles = (*roles, just_named[0])  # both in view ("the records person"): the word's first sense
    return _answer_roles(turn, intent, roles)


def _refers_back(turn: Turn) -> bool:
    """Whether the message points at the roles in view ("that job", "them"); "a scribe job" names its own."""
    spans = turn.understanding.mentions.spans
    inside = {index for start, end in spans for index in range(start, end)}
    own_job = {end for _, end in spans}  # "scribe job": the word just after a name
    words = turn.w
    return any(
        token.text in words.back_references
        and index not in inside
        and not (index in own_job and token.text in words.one_job_words)
        for index, token in enumerate(turn.understanding.tokens)
    )


def _pay_by_setting(turn: Turn) -> bool:
    """'no, I mean in a doctor's office' after the pay of the role in view: its pay in that setting."""
    follow_up = turn.state.last_intent == "role_salary" and bool(turn.state.focus) and not turn.named
    # "a doctor's office" reads as the office's jobs; "and in a hospital vs an office?" as the role or two
    general = turn.intent in ("list_roles", "out_of_scope") or (
        turn.intent in (OVERVIEW, COMPARE, "role_work_environment")
        and not turn.aspects
        and len(turn.content) <= MAX_SETTING_WORDS
        and not turn.has(WORKING_WORDS)  # "do they work in hospitals?": where they work, not the pay
    )
    about_jobs = turn.has(turn.w.job_words)  # "what other jobs are there in a hospital": the jobs
    return follow_up and general and not about_jobs and not PAY_SETTINGS.isdisjoint(turn.words)


def _where_to_look(turn: Turn, intent: IntentId) -> Outcome | None:
    """Sites asked for with no role named: the same for every role ("which sites show wages in my state",
    "any sites they could use to dig deeper"); None for the sites that pay for training, and for "do they
    work at blood donation sites" (a role in view, and nothing looked up)."""
    looks_up = turn.has(turn.w.lookup_words) or not turn.state.focus
    if turn.named or not turn.has(turn.w.site_words) or not looks_up:
        return None
    place = place_of(turn)
    if place:
        return answered(turn.state, Decision(intent, (), turn.confidence, "answer", place=place))
    if topic_of(turn) != "paying":
        return answered(turn.state, Decision(ABOUT_DATA, (), turn.confidence, "answer"))
    return None


def _against_focus(turn: Turn, intent: IntentId) -> bool:
    """'how much more do they earn than RNs', 'and the MA, pay more or less?': the one named against the
    role in view; 'how much more do RNs make' after LPNs and RNs compared: against the other one."""
    named, focus = turn.named, turn.state.focus
    brief_comparative = len(turn.content) <= 4 and turn.has(turn.w.most_words | turn.w.least_words)
    if intent not in ROLE_INTENTS or len(named) != 1 or not focus:
        return False
    if intent == "role_salary" and _bare_comparative(turn):  # "how much more do RNs make": than the other
        return any(role != named[0] for role in focus)
    pointed = turn.has(turn.w.pronouns) or brief_comparative
    return pointed and turn.has(turn.w.contrast_words) and named[0] not in focus


def _moved_from(turn: Turn, roles: tuple[RoleId, ...]) -> tuple[RoleId, ...]:
    """The roles of a career move: from the user's own job ("i've been a biller, could i move into"), or
    from the one role in view ("could i become an RN later" about the LPN); not from the role in view when
    the user says their own job ("i'm a receptionist now. could i become an RN later?")."""
    own = tuple(m.role_id for m in turn.understanding.mentions.context if m.own and m.role_id not in roles)
    moving = turn.has(turn.w.linking_words)  # "move into", "switch to"; not "how do PAs advance"
    if own and len(roles) < 2 and moving:
        return (own[0], *roles)
    named, focus = turn.named, turn.state.focus
    later = turn.has(turn.w.later_words) and moving and not own and not turn.has(turn.w.instead_words)
    if later and len(named) == 1 and len(focus) == 1 and focus != named:
        # along a path the role in view leads to ("an RN later" after LPNs), not any job asked of before
        if named[0] in turn.kb.role(focus[0]).career_path.next_roles:
            return (focus[0], named[0])
    return roles


def _bare_comparative(turn: Turn) -> bool:
    """'how much more do RNs make', 'do coders make more': more or less, and no qualifier that says against
    what ("more at night", "more in california", "with a bsn", "with experience")."""
    words = turn.words
    comparing = [i for i, word in enumerate(words) if word in turn.w.most_words | turn.w.least_words]
    if not comparing or not QUALIFIERS.isdisjoint(words):
        return False
    at = comparing[-1]
    return at == len(words) - 1 or (at > 0 and words[at - 1] == "much")


def _one_role_two_names(turn: Turn) -> Outcome | None:
    """'the difference between a medical secretary and a receptionist': one role here, named twice, one
    name a job it covers that BLS counts apart: the role, with that job's own figures beside it."""
    mentions = turn.understanding.mentions.roles
    if len(turn.named) != 1 or len({m.surface for m in mentions}) < 2 or turn.aspects:
        return None  # ("secretary vs receptionist, which needs more training": that aspect of the role)
    role = turn.kb.role(turn.named[0])
    said = " ".join(m.surface for m in mentions)
    if not any(alias in said for other in role.also_covers for alias in other.aliases):
        return None
    return answered(
        turn.state, Decision(OVERVIEW, turn.named, turn.confidence, "answer", topic="also_covers")
    )


def _other_sense(turn: Turn) -> Outcome | None:
    """'coordinators vs receptionists': a word of two senses beside one of them means the other, so the
    two are compared (in the order named) rather than asking which coordinator."""
    mentions, named = turn.understanding.mentions, turn.named
    if len(named) != 1 or len(mentions.ambiguous) != 1:
        return None
    if any(role.end == mentions.ambiguous[0].start for role in mentions.roles):
        return None  # "an RN care manager": one job, the word naming a kind of it
    rest = [role for role in mentions.ambiguous[0].candidates if role not in named]
    if len(rest) != 1:
        return None
    first = mentions.ambiguous[0].start < mentions.roles[0].start
    return _answer_roles(turn, COMPARE, (rest[0], *named) if first else (*named, rest[0]))


def _role_reading(turn: Turn) -> IntentId:
    """The intent, preferring a role reading when a role is named and a general reading leads narrowly;
    a yes/no question about 'them' with a role in focus is about that role ("do they give shots")."""
    guess = turn.understanding.guess
    follow_up = (
        turn.has(turn.w.ellipsis_words) and not turn.has(turn.w.setting_words) and len(turn.content) <= 2
    )
    if guess.intent in GENERAL_COUNTERPART.values() and turn.state.focus and not turn.named and follow_up:
        return next(k for k, v in GENERAL_COUNTERPART.items() if v == guess.intent)  # "what about skills"
    asked_of_all = next((k for k, v in GENERAL_COUNTERPART.items() if v == turn.state.last_intent), None)
    brief = guess.intent == OVERVIEW or len(turn.content) <= 2  # nothing of its own asked
    if asked_of_all and turn.named and turn.has(turn.w.ellipsis_words) and brief:
        return asked_of_all  # "what about for a biller specifically", after skills for any office job
    about_them = turn.has(turn.w.pronouns) and turn.state.focus and not turn.understanding.mentions.others
    if guess.intent == "greeting" and turn.named and turn.has(turn.w.question_words):
        # "hi, can you show me the pay for coders": the greeting's words won, the question is the rest
        asked = next((s.intent for s in guess.ranking if s.intent in ROLE_QUESTION_INTENTS), None)
        if asked is not None:
            return asked
    if guess.intent == "out_of_scope" and len(turn.named) > 1 and turn.has(turn.w.contrast_words):
        return COMPARE  # "would coding be the better bet? billing jobs are shrinking": the two, side by side
    if guess.intent == "out_of_scope" and yes_no_words(turn) and (turn.named or about_them):
        return OVERVIEW
    top = guess.ranking[0] if guess.ranking else None
    if guess.intent == "out_of_scope" and top and top.intent in ROLE_INTENTS and (turn.named or about_them):
        if top.score >= FOLLOW_UP_SHARE * guess.cut:  # "how do i get into that one": a role in view
            return top.intent
    paying_for_training = topic_of(turn) == "paying" and "role_education" in turn.aspects  # not a bill
    if guess.intent in ("out_of_scope", "list_roles", "help") and paying_for_training:
        return "role_education"  # "any help paying for training since I was laid off": true of every role
    in_view = turn.named or (turn.state.focus and not turn.understanding.mentions.others)
    if guess.intent == "out_of_scope" and in_view and (topic_of(turn) or place_of(turn)):
        return "role_salary" if place_of(turn) else OVERVIEW  # "what's the spread", "and in Ohio?"
    # a role named, even an ambiguous one ("what does an assistant at a doctors office do"), tips it
    general = guess.intent in GENERAL_COUNTERPART.values() and bool(
        turn.named or turn.understanding.mentions.ambiguous or about_them  # "do they work in offices?"
    )
    if general or (guess.intent == "recommend_roles" and turn.named):  # "ADN or BSN for an RN, which to pick"
        about_role = next((s for s in guess.ranking if s.intent in ROLE_QUESTION_INTENTS), None)
        if about_role and guess.ranking[0].score - about_role.score <= NAMED_ROLE_MARGIN:
            return about_role.intent
    # "what does that job pay", of the role in view: the overview is the reading of "what does X do"; one
    # aspect word asks for that aspect when its reading is close behind
    if _pay_by_setting(turn):
        return "role_salary"
    aspects = turn.aspects
    if guess.intent == OVERVIEW and not turn.named and len(aspects) == 1 and aspects[0] in ROLE_INTENTS:
        behind = next((s for s in guess.ranking[1:3] if s.intent == aspects[0]), None)
        if behind is not None and guess.margin <= ASPECT_WORD_MARGIN:
            return aspects[0]
    # "in actual dollars, how far apart is their pay": out of scope by a hair, the aspect close behind
    if guess.intent == "out_of_scope" and about_them and len(aspects) == 1 and aspects[0] in ROLE_INTENTS:
        behind = next((s for s in guess.ranking[:3] if s.intent == aspects[0]), None)
        if behind is not None and behind.score >= FOLLOW_UP_SHARE * guess.cut:
            return aspects[0]
    return guess.intent


def _one_field(turn: Turn, intent: IntentId, roles: tuple[RoleId, ...]) -> bool:
    """'a billing and coding program': two roles joined by 'and' in a question about training, with no
    word of comparing, are one field of study: each one's path, not a table of differences."""
    mentions = turn.understanding.mentions.roles
    if intent != "role_education" or len(roles) != 2 or len(mentions) != 2:
        return False
    between = [t.text for t in turn.understanding.tokens[mentions[0].end : mentions[1].start]]
    comparing = turn.has(COMPARING_WORDS) or any(word.startswith("differ") for word in turn.words)
    return between == ["and"] and not comparing


def _answer_roles(turn: Turn, intent: IntentId, roles: tuple[RoleId, ...]) -> Outcome:
    """Two roles asked one thing: a comparison (or a career move); one role: the answer."""
    aspect: IntentId | None = None
    if (
        intent in ROLE_INTENTS
        and intent != CAREER_PATH
        and len(roles) > 1
        and not _one_field(turn, intent, roles)
    ):
        ranking = turn.understanding.guess.ranking
        cut = turn.understanding.guess.cut  # a move that scores as a question of its own, and close
        move = next((s for s in ranking if s.intent == CAREER_PATH and s.score >= cut), None)
        if move and ranking and ranking[0].score - move.score <= NAMED_ROLE_MARGIN:
            intent = CAREER_PATH
        else:
            intent, aspect = COMPARE, intent
    if intent == COMPARE:
        mentions = turn.understanding.mentions.roles
        by_credential = sum(m.credential for m in mentions) > 1  # "RHIT or CPC", "CHDS or RHDS for them"
        aspect = aspect or aspect_of(turn) or ("role_certification" if by_credential else None)
        if len(roles) < 2:
            if not roles:
                return clarify(turn, COMPARE, (), ())
            # "which one is more remote friendly" with one role in view: answer that about it
            topic = topic_of(turn)
            act: Act = "answer" if aspect or topic else "overview"
            one = Decision(aspect or OVERVIEW, roles, turn.confidence, act, topic=topic)
            return answered(turn.state, one)
        roles = roles[:MAX_COMPARED]
        again = turn.state.last_intent == COMPARE and set(roles) == set(turn.state.focus) and aspect
        more = tuple(other for other in turn.aspects if other != aspect)  # "on pay and training"
        decision = Decision(COMPARE, roles, turn.confidence, "answer", aspect=aspect, more_aspects=more)
        decision = replace(decision, superlative=_direction(turn, aspect), skip=("table",) if again else ())
        return answered(turn.state, decision)
    if not roles:
        return clarify(turn, intent, (), ())
    topic = topic_of(turn) or ("pay_range" if _pay_by_setting(turn) else None)
    worth_the_pay = intent == "role_salary" and turn.has(turn.w.worth_words)  # "is the money worth the loans"
    if topic == "paying" and worth_the_pay:
        topic = None  # the pay, with the cost of school in mind
    elif topic == "paying":  # "phlebotomy, can fafsa cover it": paying for training
        intent = "role_education"
    if topic == "pay_range":  # "rn pay at a clinic vs a hospital": the pay, whatever the setting words said
        intent = "role_salary"
    if intent == CAREER_PATH and "role_salary" in turn.aspects:  # "moves up to that pay better"
        aspect = "role_salary"
    quicker = turn.has(turn.w.quick_words) and set(turn.aspects) <= {"role_education", CAREER_PATH}
    if intent == CAREER_PATH and len(roles) == 1 and quicker:  # not "less stressful"
        intent = "role_education"  # "is becoming a PA a shorter path?": how long it takes
    decision = Decision(
        intent, roles, turn.confidence, "answer", aspect=aspect, topic=topic, place=place_of(turn)
    )
    if len(roles) == 1 and intent in ROLE_INTENTS and intent != CAREER_PATH:
        decision = replace(decision, asks=yes_no_words(turn))
    if not (decision.aspect or decision.topic or decision.asks) and _asked_again(turn, decision):
        # the very same words: a reminder; the same topic asked another way ("and how long is the
        # training, usually"): the answer in full, since the short one did not say what they want
        same = turn.understanding.text == turn.state.last_text
        decision = replace(decision, act="reminder") if same else replace(decision, detail=True)
    return answered(turn.state, decision)


def _asked_again(turn: Turn, decision: Decision) -> bool:
    """The same question about the same roles as the last answer."""
    state = turn.state
    return decision.intent == state.last_intent and decision.roles == state.focus and not state.last_aspect
