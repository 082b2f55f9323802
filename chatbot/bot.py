"""Wires the stages once per process; a Bot is one conversation over them.

text -> normalize.tokenize -> entities.RoleMatcher.find -> intents.IntentClassifier.classify
     -> dialogue.step (with the conversation state) -> answers.compose -> Reply
"""

from __future__ import annotations

import functools
import gc
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .answers.acts import welcome
from .answers.cards import profile, roles_table
from .answers.compose import GOODBYE, compose, merge_replies
from .answers.declared import HANDLERS
from .answers.evidence import StatementIndex
from .answers.facts import role_facts
from .answers.reply import Reply
from .answers.wording import name
from .dialogue.policy import follow_up_of, step
from .dialogue.references import resolve_description, resolve_references
from .dialogue.safety import SafetyCheck, about_jobs, pleads
from .dialogue.safety_net import CUT, UPGRADE_CUT, SafetyNet
from .dialogue.state import Decision, DialogueState, Understanding
from .dialogue.topics import NAMED_ROLE_MARGIN, ROLE_QUESTION_INTENTS
from .dialogue.turn import remember, remember_shown
from .dialogue.words import GENERAL_COUNTERPART, ROLE_INTENTS, SOCIAL_INTENTS, Words
from .errors import DataError, Problem
from .ids import SAFETY_INTENTS
from .knowledge.cache import cache_location, cached, digest
from .knowledge.paths import bundled_dir
from .knowledge.schema import AnswerSpec, IntentSet, KnowledgeBase, RoleId, SafetyRule
from .nlu.classifier import FALLBACK_INTENT, IntentClassifier, IntentGuess, example_words
from .nlu.criteria import parse_criteria
from .nlu.descriptions import RoleDescriptions
from .nlu.mentions import Mentions
from .nlu.normalize import COMPARATIVES, MAX_INPUT_CHARS, Token, clean, name_key, tokenize
from .nlu.parts import Split, asked_part, asks_something, split_questions, without_condition
from .nlu.phrases import PhraseMatcher
from .nlu.roles import RoleMatcher
from .records import record, replace

if TYPE_CHECKING:
    from .answers.handout import HandoutFormat


@record
class Engine:
    """The loaded data and the matchers built from it; shared by every Bot of a process."""

    kb: KnowledgeBase
    intents: IntentSet
    classifier: IntentClassifier
    matcher: RoleMatcher
    safety: SafetyCheck
    patient_cues: PhraseMatcher
    declared: Mapping[str, AnswerSpec]  # intents answered from their file's `answer:` (text or fields)
    statements: StatementIndex  # every role's statements, stemmed once, for yes/no questions
    words: Words  # the lexicon's word lists the dialogue reads
    descriptions: RoleDescriptions  # what each role does, to know "the one where you draw blood"


def load_engine(
    knowledge_dir: Path | None = None,
    intents_dir: Path | None = None,
    *,
    use_cache: bool = True,
    cache_dir: Path | None = None,
) -> Engine:
    """The engine for these folders (bundled by default), once per process; DataError lists problems.

    The engine cache lives in `cache_dir`, by default where `cache_location` says (None: no cache).
    """
    knowledge = Path(knowledge_dir or bundled_dir("knowledge")).resolve()
    intents = Path(intents_dir or bundled_dir("intents")).resolve()
    if not use_cache:
        return _build_engine(knowledge, intents)
    return _engine(knowledge, intents, cache_dir or cache_location())


ENGINES_KEPT = 4  # engines (and their second looks) kept per process: one per knowledge folder used


@functools.lru_cache(maxsize=ENGINES_KEPT)
def _engine(knowledge: Path, intents: Path, cache_dir: Path | None) -> Engine:
    package = __name__.partition(".")[0]
    # A cache entry may hold instances of the package's own classes only (those already imported).
    modules = tuple(m for name, m in list(sys.modules.items()) if name.partition(".")[0] == package)
    build = functools.partial(_build_engine, knowledge, intents)
    engine = cached((knowledge, intents), build, kinds=modules, directory=cache_dir)
    # The engine lives as long as the process: out of the garbage collector's sight, a full collection
    # no longer walks its hundred thousand objects in the middle of a reply (a pause of several ms).
    gc.freeze()
    return engine


def intent_problems(intents: IntentSet, directory: Path | None = None) -> list[Problem]:
    """The product's intents are all there, and every intent says how it is answered: by an answer
    written in code (its `handler`, by default its own id) or declared in the file (text or fields)."""
    from .knowledge.loader import check_product_intents

    problems = check_product_intents(intents, directory)
    folder = directory or bundled_dir("intents")
    for intent in intents.intents:
        handler = intent.answer.handler if intent.answer else intent.id
        if handler is not None and handler not in HANDLERS:
            problems.append(
                Problem(
                    folder / f"{intent.id}.yaml",
                    "key 'answer'",
                    f"no answer is written for {handler!r}; expected `answer:` with a text, knowledge "
                    f"fields, or one of the handlers {', '.join(sorted(HANDLERS))}",
                )
            )
    return problems


def _build_engine(knowledge_dir: Path, intents_dir: Path) -> Engine:
    """Load, validate and index the data (the slow path: YAML parsing and checking)."""
    from .knowledge.loader import load_intents, load_knowledge

    kb = load_knowledge(knowledge_dir, name_key=name_key)
    intents = load_intents(intents_dir, name_key=name_key)
    if intents_dir == bundled_dir("intents").resolve():
        problems = intent_problems(intents, intents_dir)
        if problems:
            raise DataError(problems)
    classifier = IntentClassifier(intents)
    patient_cues = PhraseMatcher((("patient", cue) for cue in kb.out_of_scope.patient_cues), max_gap=2)
    matcher = RoleMatcher(kb, classifier.vocabulary | set(kb.lexicon.dialogue.not_names.split()))
    declared = {i.id: i.answer for i in intents.intents if i.answer is not None and i.answer.handler is None}
    safety = SafetyCheck(kb.safety)
    words = Words.of(kb.lexicon.dialogue)
    statements, descriptions = StatementIndex(kb), RoleDescriptions(kb)
    return Engine(
        kb, intents, classifier, matcher, safety, patient_cues, declared, statements, words, descriptions
    )


_SAFETY_NETS: dict[int, tuple[Engine, SafetyNet]] = {}  # by engine, as many as `_engine` keeps


def safety_net(engine: Engine) -> SafetyNet:
    """The engine's second look for safety, built on first use (about 60 ms) and kept for the process:
    most messages never need it, so the engine cache and every start stay without it. Compared with the
    safety rules' examples, the everyday ones and the out-of-scope intent's examples."""
    known = _SAFETY_NETS.get(id(engine))
    if known is None or known[0] is not engine:
        if len(_SAFETY_NETS) >= ENGINES_KEPT:  # (an engine built without the cache is not kept for long)
            del _SAFETY_NETS[next(iter(_SAFETY_NETS))]
        scope = [i for i in engine.intents.intents if i.id == FALLBACK_INTENT]
        background = [[example_words(text) for text in (*i.examples, *i.cues)] for i in scope]
        known = _SAFETY_NETS[id(engine)] = (engine, SafetyNet(engine.kb.safety, background))
    return known[1]


Reading = tuple[tuple[Token, ...], Mentions, tuple[str, ...]]  # tokens, roles (references resolved), safety


CLEAR_MARGIN = 12.0  # score points a question's reading leads by, alone, to outweigh the story before it
# the question after a condition must score this share of the whole message's best to be read alone
CONDITION_SHARE = 0.7
# a handout asked for by name just after a safety reply is a request to answer; "can I print this" or
# "share this" may mean the safety words themselves, and gets the follow-up
HANDOUT_NOUNS = frozenset({"handout", "handouts", "printout"})
STORY_CHECK_WORDS = 4  # "is that true?": a question this short, about "that", asks what the story says
HELP_INTENT = "help"  # "what can you do": asked after a story, the story changes nothing
GREETING_INTENT = "greeting"
SMALL_TALK_WORDS = 3  # a lead this short may be a 'thanks' or a 'hi' before the question
# "ty. last one, whats a similar job that pays more?": a 'thanks' or 'hi' of up to SMALL_TALK_WORDS words,
# then at least REST_WORDS more that ask something: the rest is the message
_OPENER = re.compile(r"^\s*(\w+(?:\s+\w+){0,2})\s*[.!,]+\s+(?=\S)")
REST_WORDS = 4
SMALL_TALK = frozenset({"greeting", "thanks", "goodbye"})
CRISIS_INTENT, HEALTH_QUESTION = SAFETY_INTENTS  # the second is also the health question's safety rule


def _said_again(reply: Reply, before: Reply) -> bool:
    """The same answer as the one before, or its reminder: same intent and roles, and its first line or
    most of its lines are in the earlier answer ("do scribes need certification? is it required?": one
    answer, not two blocks that open with a different yes or no)."""
    if (reply.intent, reply.roles) != (before.intent, before.roles):
        return False
    lines = [line for line in reply.text.split("\n") if line.strip()]
    repeated = sum(line in before.text for line in lines)
    return bool(lines) and (lines[0] in before.text or 2 * repeated >= len(lines))


@record
class RoleLookup:
    """What a role name typed into a command means: roles, an ambiguous word's choices, or a job we lack."""

    roles: tuple[RoleId, ...] = ()  # every role it names, in order ("PA NP" names two)
    choices: tuple[RoleId, ...] = ()  # the roles an ambiguous word ("nurse") could mean
    other: str | None = None  # a job the bot does not cover ("dentist"), by its name
    closest: tuple[RoleId, ...] = ()  # the covered roles closest to that job


class Bot:
    """One conversation: `reply(text)` answers a message in the light of the earlier ones."""

    def __init__(
        self,
        knowledge_dir: str | Path | None = None,
        intents_dir: str | Path | None = None,
        *,
        cache_dir: Path | None = None,
        use_cache: bool = True,
    ) -> None:
        self.engine = load_engine(
            Path(knowledge_dir) if knowledge_dir is not None else None,
            Path(intents_dir) if intents_dir is not None else None,
            use_cache=use_cache,
            cache_dir=cache_dir,
        )
        self.state = DialogueState()
        self.last_understanding: Understanding | None = None
        # During one reply: its parts' tokens and roles, and their intents for the roles as resolved
        # (a two-part message is read whole and by parts; each reading is done once).
        self._readings: dict[str, tuple[DialogueState, Reading, Mentions]] = {}
        self._guesses: dict[tuple[str, Mentions], tuple[IntentGuess, str | None]] = {}
        self._splits: dict[str, Split] = {}  # its questions, asked for by the parts and by the story check
        self._replying = False
        self._intent_ids = frozenset(self.engine.intents.ids)  # what an answer may be labelled

    @property
    def kb(self) -> KnowledgeBase:
        return self.engine.kb

    def understand(self, text: str) -> Understanding:
        """Normalise a message and find its roles and intent, in the light of the roles in focus."""
        tokens, mentions, safety = self._read(text)
        known_guess = self._guesses.get((text, mentions))
        if known_guess is None:
            # "is the CPC hard? thinking about coding": the question, not the remark after it
            asked = asked_part(text)
            asked_tokens, asked_mentions = (tokens, mentions) if asked == text else self._read(asked)[:2]
            guess = self.engine.classifier.classify(asked_tokens, asked_mentions)
            asked, guess = self._without_condition(asked, guess)
            known_guess = self._clearer_alone(asked, guess)
            if self._replying:
                self._guesses[(text, mentions)] = known_guess
        guess, question = known_guess
        if question is not None:  # "my sister's an RN and thinks I'd be a good MA. what do MAs get paid"
            alone_tokens, alone_mentions, _ = self._read(question)  # the roles of the question, not the story
            if alone_mentions.roles and alone_mentions.role_ids != mentions.role_ids:
                tokens, mentions = alone_tokens, alone_mentions
        words = [token.text for token in tokens]
        patient = bool(self.engine.patient_cues.find(words))
        answer = self.engine.declared.get(guess.intent)
        known = self._intent_ids
        return Understanding(tokens, mentions, guess, " ".join(words), safety, patient, answer, known)

    def _without_condition(self, text: str, guess: IntentGuess) -> tuple[str, IntentGuess]:
        """The question after a condition ("if i become an MA, what do i make": "what do i make") with its
        reading: the condition's words say what is supposed, not what is asked. A condition that supposes no
        job keeps its words when the question matches little alone ("if I delete my account, will I lose my
        apps": it is about the condition)."""
        rest = without_condition(text)
        if rest == text or not guess.ranking:
            return text, guess
        tokens, mentions, _ = self._read(rest)
        alone = self.engine.classifier.classify(tokens, mentions)
        if self._read(text[: len(text) - len(rest)])[1].roles:
            return rest, alone  # "if i become an RN, ...": a job supposed, the question asked of it
        best = guess.ranking[0].score
        reads_alone = bool(alone.ranking) and alone.ranking[0].score >= CONDITION_SHARE * best
        return (rest, alone) if reads_alone else (text, guess)

    def _clearer_alone(self, text: str, guess: IntentGuess) -> tuple[IntentGuess, str | None]:
        """The reading of the one question after a story ("I have a biology degree. What does a lab tech
        in a clinic do?") when that question, naming its role, is clear on its own: the story's words
        ("degree") must not turn it into another question. A story that only tips a close call stays
        part of it ("I'm pre-med. Is being a scribe worth it?"). With the reading, the question it is of
        (None: the whole message's)."""
        split = self._split(text)
        if not split.lead or len(split.questions) != 1 or split.questions[0] == text:
            return guess, None
        tokens, mentions, _ = self._read(split.questions[0])
        story_roles = self._read(text)[1].role_ids
        # the role may be in the story ("I run the front desk... What does my kind of job pay?")
        if not mentions.roles and not story_roles:
            return guess, None
        alone = self.engine.classifier.classify(tokens, mentions)
        clear = alone.margin >= CLEAR_MARGIN and alone.intent in ROLE_QUESTION_INTENTS
        # "my sister's an RN... what do MAs get paid"; not "my mom is an NP. what does a PA make next to her"
        words = self.engine.words
        # "compared to her", and "do RNs earn more?" after "my aunt is an LPN": set against the story's job
        # (a comparative only when the question names one job: "which pays more, coder or biller" has two)
        named = len(mentions.roles) + len(mentions.ambiguous)  # "do nurses or coders make more": two
        pointing = words.story_pronouns | (COMPARATIVES if named < 2 else frozenset())
        points_back = any(token.text in pointing for token in tokens)
        other_roles = bool(mentions.roles) and mentions.role_ids != story_roles and not points_back
        # "my friend says coding is quick to get into. is that true?": a short question pointing at the story
        # asks what the story says
        about_the_story = (
            not mentions.roles
            and len(tokens) <= STORY_CHECK_WORDS
            and any(token.text in words.pointing_words for token in tokens)
        )
        return (
            (alone, split.questions[0])
            if clear and (alone.intent != guess.intent or other_roles) and not about_the_story
            else (guess, None)
        )

    def _split(self, text: str) -> Split:
        """The message cut into its questions, once per reply."""
        split = self._splits.get(text)
        if split is None:
            split = split_questions(clean(text))
            if self._replying:
                self._splits[text] = split
        return split

    def _read(self, text: str) -> Reading:
        """The cheap part of understanding: tokens, roles and the safety rules a message triggers."""
        known = self._readings.get(text)
        if known is None:
            tokens = tokenize(text)
            found = self.engine.matcher.find(tokens)
        else:
            read_in, reading, found = known
            if read_in is self.state:
                return reading
            tokens = reading[0]
        mentions = resolve_references(self.state, tokens, found, self.engine.words)
        mentions = resolve_description(
            self.state, text, tokens, mentions, self.engine.descriptions, self.engine.words
        )
        safety = self._safety(tokens, mentions)
        if self._replying:  # the roles found stay; the references are resolved again after an answer
            self._readings[text] = (self.state, (tokens, mentions, safety), found)
        return tokens, mentions, safety

    def _safety(self, tokens: tuple[Token, ...], mentions: Mentions) -> tuple[str, ...]:
        """The safety rules a message triggers, sentence by sentence: a job named in one sentence makes
        only that one a career question ("kinda want to disappear tbh. anyway what does a biller make").
        The readings of a message are kept per state, so this may read the state."""
        # just after a safety reply the other sentences tell how it ended ("the ambulance came. what does a
        # coordinator do?"): the message is read whole, as the career question it has become; only
        # self-harm said again in a sentence of its own still counts ("kms. what does a biller make")
        after_safety = bool(self.state.last_safety)
        starts = [0, *(i + 1 for i, token in enumerate(tokens[:-1]) if token.stop), len(tokens)]
        context = {m.start for m in mentions.context}  # roles named only as context are no career frame
        named = [start for start, _ in mentions.spans if start not in context]
        check = self.engine.safety
        words = [token.text for token in tokens]
        found = [rule.id for rule in check.rules_for(words, bool(named))]  # the message as one
        if len(starts) > 2:
            career = bool(named) or check.asks_about_jobs(words)
            for start, end in zip(starts, starts[1:], strict=False):
                sentence = words[start:end]
                # each sentence as part of a career question: "what does an MA make? also how much tylenol
                # can a toddler have" (a person word still needed: "how do you code a stroke?" asks none)
                as_part = check.rules_for(sentence, career, career)
                found.extend(rule.id for rule in as_part if not after_safety)
                # self-harm told in a sentence of its own needs no person word: "kinda want to disappear"
                names_a_job = any(start <= at < end for at in named)
                alone = as_part if names_a_job == career else check.rules_for(sentence, names_a_job, career)
                found.extend(rule.id for rule in alone if rule.self_harm)
        return tuple(dict.fromkeys(found))

    def reply(self, text: str) -> Reply:
        """Answer one message; never raises on any text."""
        self._replying = True
        try:
            return self._reply(text)
        finally:
            self._replying = False
            self._readings.clear()
            self._guesses.clear()
            self._splits.clear()

    def _reply(self, text: str) -> Reply:
        was_cut = len(text) > MAX_INPUT_CHARS
        text = self._past_small_talk(text)
        reply = self._resumed_after_safety(text) or self._several_questions(text)
        if reply is None:
            understanding = self.understand(text)  # tokenize cleans it
            self.last_understanding = understanding
            reply = self._answer(understanding)
        if was_cut:
            note = f"(Your message was long, so I read only its first {MAX_INPUT_CHARS:,} characters.)"
            reply = replace(reply, text=f"{note}\n{reply.text}")
        return reply

    def _past_small_talk(self, text: str) -> str:
        """The message after a 'thanks' or 'hi' that opens it, when the whole reads as that small talk but
        the rest asks something of its own ("Thank you. Several students want to know which jobs need no
        degree", "hey. i work nights... what jobs have daytime hours?"). Else the message itself."""
        opener = _OPENER.match(text)
        if opener is None or len(text[opener.end() :].split()) < REST_WORDS or self.state.last_safety:
            return text  # (just after a safety reply the whole message is read: its follow-up may come first)
        rest = text[opener.end() :]
        # not "Hello, I'm a career counsellor." (it asks nothing), nor past safety words ("hi im suicidal.")
        if not asks_something(rest) or self._read(text)[2] or self._read(opener.group(1))[2]:
            return text
        if self.understand(text).guess.intent not in SMALL_TALK:
            return text
        if self.understand(opener.group(1)).guess.intent not in SMALL_TALK:
            return text  # "ok so. what do i do": no small talk before it
        alone = self.understand(rest)
        asks = alone.guess.intent not in SOCIAL_INTENTS | {FALLBACK_INTENT} or bool(alone.mentions.roles)
        return rest if asks else text

    def _answer(self, understanding: Understanding) -> Reply:
        decision, state = step(self.state, understanding, self.engine.kb, self.engine.words)
        second = self._second_look(understanding, decision)
        if second is not None:  # "my dad went grey and wont answer me": not "I didn't catch that"
            understanding = replace(understanding, safety=(second,), safety_guessed=True)
            decision, state = step(self.state, understanding, self.engine.kb, self.engine.words)
            self.last_understanding = understanding  # what /why shows
        elif understanding.safety == (HEALTH_QUESTION,) and not self.state.last_safety:
            # a health question told in an emergency's words: the emergency's reply first, then its own
            nearest = safety_net(self.engine).rule_for(understanding.text.split(), UPGRADE_CUT)
            rule = self.engine.kb.safety.rule(nearest)
            if rule is not None and rule.intent == CRISIS_INTENT:
                understanding = replace(understanding, safety=(rule.id, HEALTH_QUESTION))
                decision, state = step(self.state, understanding, self.engine.kb, self.engine.words)
                self.last_understanding = understanding
        reply, shown = compose(decision, self.engine.kb, self.engine.declared, self.engine.statements)
        self.state = remember_shown(state, shown)  # only once the reply is written: a failure keeps the old
        return reply

    def _second_look(self, understanding: Understanding, decision: Decision) -> str | None:
        """The safety rule a message about to get the out-of-scope reply is nearest to (`SafetyNet`), or
        None. Not for a patient's own question, one that names a role, or just after a safety reply (its
        follow-up is the answer then). Also "which role do you want to ask about?" to a message that names
        none ("everyone would be happier if i disappeared"), and, with the higher cut since career wishes
        land there too ("so what should i be"), the quiz started by a message that did not ask for it ("i
        want to go to sleep and not wake up")."""
        unasked_quiz = decision.act == "quiz" and self.state.quiz is None
        unasked_quiz &= self.engine.words.quiz_words.isdisjoint(understanding.text.split())
        unclear = decision.act == "clarify" and not decision.options and not understanding.mentions.ambiguous
        out_of_scope = decision.act == "fallback" or (
            decision.act == "answer" and decision.intent == FALLBACK_INTENT
        )
        # a job named, even one we do not cover, or a job word: a career question ("im so done with my
        # job", "my feet are killing me after my shift"), where the cues alone decide
        mentions, words = understanding.mentions, understanding.text.split()
        if not (out_of_scope or unclear or unasked_quiz) or mentions.roles or mentions.others:
            return None
        if self.engine.safety.asks_about_jobs(words):
            return None
        if understanding.safety or understanding.patient or self.state.last_safety:
            return None
        cut = UPGRADE_CUT if unasked_quiz else CUT
        return safety_net(self.engine).rule_for(words, cut)

    def _resumed_after_safety(self, text: str) -> Reply | None:
        """Just after a safety reply, how it ended and a career question ("they took her in. ok, how long
        is the exam?"): the questions answered for the roles in view. The safety words come first: after
        thoughts of self-harm the follow-up (988 again), whatever the story says; if the story retells the
        same emergency ("the paramedics checked me"), that reply. None when a question is itself a health
        question, when the message sets off another safety rule (it stands alone), or asks nothing of jobs."""
        last = self.engine.kb.safety.rule(self.state.last_safety) if self.state.last_safety else None
        split = self._split(text) if last is not None else None
        if last is None or split is None or not (split.lead or len(split.questions) > 1):
            return None
        readings = [self.understand(part) for part in split.questions]
        if any(reading.safety for reading in readings):
            return None
        asked, helped = self._career_parts(split.questions, readings)
        found = self._read(text)[2]  # the rule set off first, then those its reply brings along
        if helped and not asked and not found:  # "we called. what should we do now?"
            return self._follow_up(last)
        if not asked or (found and (found[0] != last.id or last.self_harm)):
            return None  # another emergency, or self-harm said again: that reply alone, as always
        replies = []
        if found:  # the same emergency retold ("the paramedics checked me"): its reply again, first
            replies.append(self._answer(self.understand(split.lead or text)))
        elif (last.self_harm and last.follow_up) or helped:  # after self-harm, or a plea: its follow-up
            replies.append(self._follow_up(last))
        self.state = replace(self.state, last_safety=None)  # the questions, not another follow-up
        for part in asked:
            question = self.understand(part)  # in the light of the replies before
            self.last_understanding = question
            replies.append(self._answer(question))
        if len(replies) == 1:
            return replies[0]
        answer = replies[-1]  # the reply is to the question; the safety words come with it
        return replace(merge_replies(replies), intent=answer.intent, roles=answer.roles)

    def _career_parts(
        self, parts: Sequence[str], readings: Sequence[Understanding]
    ) -> tuple[list[str], bool]:
        """Of a message just after a safety reply, the parts that ask about jobs ("I'm okay for tonight. Can
        we keep going? What exam do they take?"), and whether one asks for help with what happened ("what
        should i do"). Beside such a plea only a part that names a job or a job word is a career question
        ("what should i do now? also what does a coder make?"); "what should i do to become an MA" is one."""
        safety, kb = self.engine.kb.safety, self.engine.kb
        wishes = [parse_criteria(r.text, kb) for r in readings]  # "what can i do if i hate blood": a job
        helped = [pleads(safety, r.tokens, r.mentions, w) for r, w in zip(readings, wishes, strict=True)]
        asked = [
            part
            for part, reading, helping, wish in zip(parts, readings, helped, wishes, strict=True)
            if not helping
            and (
                reading.guess.intent not in SOCIAL_INTENTS | {FALLBACK_INTENT}
                or not HANDOUT_NOUNS.isdisjoint(reading.text.split())  # "can you make a handout of this chat"
            )
            and (not any(helped) or about_jobs(safety, reading.tokens, reading.mentions, wish))
        ]
        return asked, any(helped)

    def _follow_up(self, rule: SafetyRule) -> Reply:
        """The safety rule's follow-up reply (988 again, call 911 now, Poison Help), as a reply of its own."""
        return compose(follow_up_of(rule), self.engine.kb, self.engine.declared, self.engine.statements)[0]

    def _several_questions(self, text: str) -> Reply | None:
        """'what does a coder do and how much do they make': each question answered, in order, in one
        reply; 'thanks. what jobs need no degree': the question. None when the message is one question
        (or its parts are not all questions about roles), or a safety message."""
        split = self._split(text)
        if len(split.questions) + bool(split.lead) < 2 or self._read(text)[2]:
            return None
        questions = list(split.questions)
        if split.lead and not self._small_talk(split.lead):
            if len(questions) < 2:
                # "I'm showing this to a class. First, what can it do?": what the bot does needs no story
                # (the whole message reads as help, or as a greeting: "hi, i'm a coder. what can you do?";
                # "no blood please. what are my options" does not). Read once: the reply reads it again.
                if self.understand(text).guess.intent in (HELP_INTENT, GREETING_INTENT):
                    alone = self.understand(questions[0])
                    if alone.guess.intent == HELP_INTENT and not alone.mentions.roles:
                        self.last_understanding = alone
                        return self._answer(alone)
                return None  # "I like science. what job fits me": the first sentence is part of the question
            # "I'm a receptionist now. What does a manager do, and what do they make": the statement goes
            # with the first question
            questions[0] = f"{split.lead} {questions[0]}"
        if len(questions) > 1 and any(
            not self._read(part)[1].roles
            and self.understand(part).guess.intent not in ROLE_QUESTION_INTENTS
            and not (number and self._read(questions[0])[1].roles and self._points_back(part))
            for number, part in enumerate(questions)
        ):
            return None  # not several role questions: read the message as one
        if len(questions) > 1 and self._only_names_roles(questions[0]):
            return None  # "what about PAs, how long for them": the second part asks it of the first's roles
        first = self._read(questions[0])[1]
        ambiguous_first = len(questions) > 1 and first.ambiguous and not first.roles
        if ambiguous_first and not any(self._read(part)[1].roles for part in questions[1:]):
            return None  # "how can I work as a nurse here? which exam do I need?": one "which nurse?" for all
        asked = [self.understand(part) for part in questions]
        replies = [self._answer(asked[0])]
        for part, first_reading in zip(questions[1:], asked[1:], strict=True):
            # in the light of the earlier answers ("how much do they make"): read again if that changes it
            again = self._read(part)[1] != first_reading.mentions
            understanding = self.understand(part) if again else first_reading
            replies.append(self._answer(understanding))
        self.last_understanding = asked[-1]
        asked_of_roles = tuple(dict.fromkeys(r.intent for r in replies if r.intent in ROLE_INTENTS))
        if len(asked_of_roles) > 1:  # then "what about phlebotomists?" asks all of them again
            self.state = replace(self.state, last_intents=asked_of_roles)
        # "what is the CPC exam like, and how often do you renew it": one answer, not a reminder after it;
        # the same roles asked another part of one aspect ("what does a coder do and list the pros and
        # cons", "...a license, and which pays more") get it
        replies = [r for i, r in enumerate(replies) if not i or not _said_again(r, replies[i - 1])]
        return merge_replies(replies) if len(replies) > 1 else replies[0]

    def _small_talk(self, lead: str) -> bool:
        """A short 'thanks' or 'hi' before a question: nothing to answer on its own. Only a short lead is
        classified: a story before the question ("I have two kids so I need normal hours") never is."""
        if len(self._read(lead)[0]) > SMALL_TALK_WORDS:
            return False
        return self.understand(lead).guess.intent in ("greeting", "thanks")

    def _points_back(self, part: str) -> bool:
        """A later part about "them" ("and do they work in offices?") read as a question of all jobs, with
        a role question a close second: the dialogue asks that of the roles in view, as it would here."""
        words = {token.text for token in self._read(part)[0]}
        ranking = self.understand(part).guess.ranking
        if not ranking or ranking[0].intent not in GENERAL_COUNTERPART.values():
            return False
        top = ranking[0].score
        close = any(s.intent in ROLE_QUESTION_INTENTS and top - s.score <= NAMED_ROLE_MARGIN for s in ranking)
        return bool(words & self.engine.words.pronouns) and close

    def _only_names_roles(self, part: str) -> bool:
        """A part that names roles and asks nothing of its own ("what about PAs", "and for coders")."""
        tokens, mentions, _ = self._read(part)
        inside = {index for start, end in mentions.spans for index in range(start, end)}
        words = self.engine.words
        idle = (words.filler | words.ellipsis_words) - words.defining_words  # "what is a scribe" asks
        rest = {token.text for index, token in enumerate(tokens) if index not in inside}
        # "what do managers do" asks (no "about", "and"...): only a part that points elsewhere hands on, or
        # one that is all name ("the one where you draw blood, how long is the training")
        return bool(mentions.roles) and rest <= idle and (not rest or bool(rest & words.ellipsis_words))

    def focus_on(self, role_id: str) -> None:
        """Put a role in focus, as if the user had just asked about it (e.g. after a profile card)."""
        self.kb.role(role_id)  # KeyError for an unknown id, before the state changes
        self.state = replace(self.state, focus=(role_id,), recent=remember(self.state.recent, (role_id,)))

    def profile(self, role_id: str) -> Reply:
        """The full profile card of one role (KeyError for an unknown id)."""
        return profile(self.kb.role(role_id), self.kb)

    def roles_table(self, *, category: bool = True) -> str:
        """Every role with its entry education and median pay, in aligned columns."""
        return roles_table(self.kb, category=category)

    def handout(self, role_ids: Sequence[str], fmt: HandoutFormat = "md") -> str:
        """A printable page per role, Markdown ("md") or HTML ("html"); KeyError for an unknown id."""
        from .answers.handout import handout  # not needed to answer a message: imported when used

        return handout([self.kb.role(role_id) for role_id in role_ids], self.kb, fmt)

    def export_state(self) -> dict[str, Any]:
        """The conversation so far as plain JSON-able data, for a front end that keeps it (the web chat)."""
        from .dialogue import codec

        return {"data": self._data_version, "state": codec.encode(self.state)}

    def restore_state(self, data: dict[str, Any]) -> None:
        """Continue a conversation from `export_state`; ValueError when the data does not fit this bot."""
        if not isinstance(data, dict) or set(data) != {"data", "state"}:
            raise ValueError("state: expected an object with 'data' and 'state'")
        if data["data"] != self._data_version:
            raise ValueError("state: made with other roles or intents than this bot's")
        from .dialogue import codec

        self.state = codec.decode(DialogueState, data["state"])
        self.last_understanding = None

    @functools.cached_property
    def _data_version(self) -> str:
        """A short digest of the role and intent ids a saved state may refer to (once per Bot: the web
        chat checks it on every request)."""
        ids = "\n".join((*self.kb.role_ids, "", *self.engine.intents.ids))
        return digest(ids.encode())[:16]

    def find_role(self, name: str) -> RoleLookup:
        """What a typed role name means ('lab tech', 'PA NP', 'nurse', 'dentist'), for commands taking one."""
        found = self.engine.matcher.find(name)
        return RoleLookup(
            roles=found.role_ids,
            choices=found.ambiguous[0].candidates if found.ambiguous else (),
            other=found.others[0].occupation.name if found.others else None,
            closest=found.others[0].occupation.closest if found.others else (),
        )

    @property
    def focus(self) -> tuple[RoleId, ...]:
        """The roles in focus: what 'they' in the next message would mean (the shell's toolbar shows them)."""
        return self.state.focus

    def explain(self, reply: Reply | None = None) -> str:
        """How the last message was understood, for /why; `reply` is the answer it got."""
        from .answers.explain import explanation

        return explanation(self.last_understanding, self.kb, reply)

    def role_facts(self, role_id: str) -> dict[str, Any]:
        """One role's headline facts as plain data: pay, training, credential, growth, links (KeyError)."""
        return role_facts(self.kb.role(role_id))

    def welcome(self) -> str:
        """What the bot covers and three questions to start with, for a shell or a page to open with."""
        return welcome(self.kb)

    def goodbye(self) -> str:
        return GOODBYE

    def role_names(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Per role, its title and the names a user may type (lower case, best first), for completion."""
        return tuple(
            (
                role.title,
                tuple(
                    dict.fromkeys(
                        n.lower() for n in (name(role), role.title, role.short_title, *role.aliases)
                    )
                ),
            )
            for role in self.kb.roles
        )

    def reset(self) -> None:
        """Start a new conversation."""
        self.state = DialogueState()
        self.last_understanding = None
