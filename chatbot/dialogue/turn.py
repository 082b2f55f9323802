"""One message in its conversation, as every dialogue rule sees it, and the helpers rules share."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..knowledge.schema import IntentId, KnowledgeBase, RoleId
from ..nlu.criteria import Criteria, parse_criteria
from ..nlu.normalize import stem
from ..records import replace
from .state import MAX_RECENT, MAX_SHOWN, Decision, DialogueState, Understanding
from .words import GENERAL_COUNTERPART, ROLE_INTENTS, Words

Outcome = tuple[Decision, DialogueState]
RULING_OUT_REACH = 5  # "i dont want to be a nurse": the negation a few words before the job
ARTICLES = frozenset({"a", "an", "the", "more", "any"})


@dataclass(frozen=True)
class Turn:
    """The state before the message, the message understood, and the knowledge base."""

    state: DialogueState
    understanding: Understanding
    kb: KnowledgeBase
    w: Words  # the lexicon's word lists

    @cached_property
    def words(self) -> tuple[str, ...]:
        """The message's words that are not part of any role mention."""
        tokens = self.understanding.tokens
        return tuple(tokens[index].text for index in self._kept)

    @cached_property
    def sentence_starts(self) -> frozenset[int]:
        """Where in `words` a sentence starts ("... sick of it. what jobs": "what" asks after a full stop)."""
        tokens = self.understanding.tokens
        return frozenset(at for at, index in enumerate(self._kept) if at == 0 or tokens[index - 1].stop)

    @cached_property
    def _kept(self) -> list[int]:
        """The token indexes of `words`: not inside a role mention or a time idiom ("all day")."""
        inside = {index for start, end in self.understanding.mentions.spans for index in range(start, end)}
        inside |= self._time_idioms()
        return [index for index in range(len(self.understanding.tokens)) if index not in inside]

    def _time_idioms(self) -> set[int]:
        """Where "all", "every" or "any" only starts a time ("all day", "every weekend", "all the time")."""
        texts, times = self.all_words, self.w.duration_words
        found: set[int] = set()
        if times.isdisjoint(texts):
            return found
        for index, word in enumerate(texts[:-1]):
            if word in self.w.setting_words or self.w.count_words.get(word, -1) == 0:  # not "two years"
                skip = texts[index + 1] == "the" and index + 2 < len(texts)  # "all the time"
                if texts[index + 2 if skip else index + 1] in times:
                    found.add(index)
        return found

    @cached_property
    def all_words(self) -> list[str]:
        """Every word of the message, role mentions included, by token index."""
        return [token.text for token in self.understanding.tokens]

    @cached_property
    def word_set(self) -> frozenset[str]:
        return frozenset(self.words)

    @cached_property
    def count(self) -> int | None:
        """The number a count word says ("three" -> 3, "all" -> 0, "all three" -> 3), if there is one."""
        found = [self.w.count_words[w] for w in self.words if w in self.w.count_words]
        return next((number for number in found if number), found[0] if found else None)

    @cached_property
    def ordinal(self) -> int:
        """The place an ordinal names ("the second one" -> 2), or 0."""
        return next((self.w.ordinals[w] for w in self.words if w in self.w.ordinals), 0)

    @cached_property
    def list_words(self) -> frozenset[str]:
        """The words that point at the list in view ("those", "them", "the second"), without an ordinal
        that only orders a ranking ("highest first", "fastest first")."""
        ranking, words = self.w.most_words | self.w.least_words, self.words
        return frozenset(
            word
            for index, word in enumerate(words)
            if word in self.w.list_references
            and not (word in self.w.ordinals and index and words[index - 1] in ranking)
        )

    @cached_property
    def content(self) -> tuple[str, ...]:
        """The words outside role mentions that carry a question of their own."""
        return tuple(word for word in self.words if word not in self.w.filler)

    @cached_property
    def ruled_out(self) -> tuple[RoleId, ...]:
        """The roles the message rules out: set aside by an excluding word ("jobs besides nursing") or
        named a few words after a negation ("i dont want to be a nurse"), an ambiguous word's all."""
        mentions = self.understanding.mentions
        named = [
            *((m.start, m.candidates) for m in mentions.ambiguous),
            *((m.start, (m.role_id,)) for m in (*mentions.roles, *mentions.context)),
        ]
        negated = [role for start, roles in named if self._ruled_out_at(start) for role in roles]
        # a role named itself, not ruled out, stays ("not a nurse, i meant a nurse practitioner")
        kept = {m.role_id for m in mentions.roles if not self._ruled_out_at(m.start)}
        return tuple(dict.fromkeys(role for role in (*mentions.set_aside, *negated) if role not in kept))

    def _ruled_out_at(self, start: int) -> bool:
        """Whether a ruling-out word comes shortly before `start`, with only fillers between ("dont want
        to be a"); not "not sure about", "but what else does a"."""
        before = self.all_words[max(0, start - RULING_OUT_REACH) : start]
        for index in range(len(before) - 1, -1, -1):
            if before[index] in self.w.ruling_out_words:
                # "no nurses", but a "no" that answers ("no i am a medical assistant") rules nothing out
                return before[index] != "no" or set(before[index + 1 :]) <= ARTICLES
            if before[index] not in self.w.ruling_out_fillers:
                return False
        return False

    @cached_property
    def asks_for_others(self) -> bool:
        """'what else is there', 'what other jobs', 'other clinical jobs': the message asks for other jobs
        ("what other certifications" asks about a role; "the other one" points at one)."""
        words = self.all_words
        return any(
            word in self.w.else_words
            and (word == "else" or not self.w.option_words.isdisjoint(words[i + 1 : i + 3]))
            for i, word in enumerate(words)
        )

    @cached_property
    def wishes(self) -> Criteria:
        """What the message asks of a job ("no degree", "best paid"), read once per message."""
        return parse_criteria(self.understanding.text, self.kb)

    @cached_property
    def aspects(self) -> tuple[IntentId, ...]:
        """Every aspect the message names ("on pay and training"), in the order it names them ("which
        grows faster": growth, then training)."""
        stems = [stem(token.text) for token in self.understanding.tokens]
        named = (aspect for word in stems for aspect, cues in self.w.aspects if word in cues)
        return tuple(dict.fromkeys(named))

    @cached_property
    def aspect(self) -> IntentId | None:
        """What a comparison or a superlative is about, if the message says ("which pays better"); of
        several, the one beside a "best" or "most" ("which of those no-degree jobs pays best": pay)."""
        if len(self.aspects) < 2:
            return self.aspects[0] if self.aspects else None
        texts = [token.text for token in self.understanding.tokens]
        ranking = self.w.most_words | self.w.least_words
        for index, word in enumerate(texts):
            near = texts[max(0, index - 2) : index] + texts[index + 1 : index + 3]
            if ranking.isdisjoint(near):
                continue
            found = next((aspect for aspect, cues in self.w.aspects if stem(word) in cues), None)
            if found is not None:
                return found
        return self.aspects[0]

    @property
    def named(self) -> tuple[RoleId, ...]:
        return self.understanding.mentions.role_ids

    @property
    def intent(self) -> IntentId:
        return self.understanding.guess.intent

    @property
    def confidence(self) -> float:
        return self.understanding.guess.confidence

    def has(self, words: frozenset[str]) -> bool:
        return not words.isdisjoint(self.word_set)

    @cached_property
    def _spaced(self) -> str:
        return f" {' '.join(self.all_words)} "

    def says(self, padded_phrases: tuple[str, ...]) -> bool:
        """Whether the message holds one of these phrases as whole words (" share this ", " say that again ",
        each padded with a space at both ends, as `Words` keeps them)."""
        spaced = self._spaced
        return any(phrase in spaced for phrase in padded_phrases)


def remember(recent: tuple[RoleId, ...], roles: tuple[RoleId, ...]) -> tuple[RoleId, ...]:
    """The recent roles with these moved to the end, without duplicates, at most MAX_RECENT."""
    kept = [r for r in recent if r not in roles] + list(dict.fromkeys(roles))
    return tuple(kept[-MAX_RECENT:])


def answered(state: DialogueState, decision: Decision) -> Outcome:
    """Record a role-bearing answer as the new focus (and a ranked list as the latest list)."""
    if decision.listed:
        state = replace(state, shown_list=decision.listed)
    if not decision.roles:  # a list shown (a recommendation, the quiz's results): its one role, or none
        if decision.listed:
            one = (decision.leader,) if decision.leader else decision.listed  # "the best paid job": its top
            state = replace(state, focus=one if len(one) == 1 else ())
        if decision.intent in GENERAL_COUNTERPART.values():  # then "and for a coder?" asks it of one
            state = replace(state, last_intent=decision.intent, last_aspect=None)
        return decision, state
    # after "can a MA become an office manager?", "it" and "they" mean where the move leads
    career_move = decision.intent == "role_career_path"
    focus = decision.roles[-1:] if career_move else decision.roles
    if decision.leader:  # "which of those pays most": then "how do I get into that one" means the winner
        focus = (decision.leader,)
    if len(decision.roles) > 1 and decision.intent == "compare_roles" and not decision.listed:
        state = replace(state, shown_list=decision.roles)
    return decision, replace(
        state,
        focus=focus,
        recent=remember(state.recent, decision.roles),
        last_intent=decision.intent,
        last_aspect=decision.aspect,
        pending=None,
    )


def is_role_intent(intent: IntentId) -> bool:
    return intent in ROLE_INTENTS


def remember_shown(state: DialogueState, shown: tuple[str, ...]) -> DialogueState:
    """Add the answer parts just shown, so "tell me more" and repeats leave them out."""
    if not shown:
        return state
    kept = [key for key in state.shown if key not in shown] + list(shown)
    return replace(state, shown=tuple(kept[-MAX_SHOWN:]))
