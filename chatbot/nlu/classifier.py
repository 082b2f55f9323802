"""Stage 3: a message (tokens and the mentions found in them) -> an IntentGuess with a confidence.

Each example phrase of each intent is normalised once, with `{role}` as a placeholder token. A message
gets the same treatment: every job mention becomes the placeholder, so "how much do coders make" and
"how much does a PA make" look alike. Words the intents never use are corrected to the nearest word
they do use ("salery" -> "salary"). Then rapidfuzz scores the message against every example in one
batch call; an intent's score is its best example's, plus a bonus for each of its cue words present.
Nothing here knows the product's intent ids except the fallback, `out_of_scope`.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ..knowledge.schema import IntentId, IntentSet
from .mentions import Mentions
from .normalize import Token, stem, tokenize
from .roles import allowed_typos


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


ROLE_PLACEHOLDER = "xrole"
CREDENTIAL_HINT = "certification"  # added after a role named by its credential: "is the CPC hard"
FALLBACK_INTENT: IntentId = "out_of_scope"  # chosen when nothing matches well enough
MIN_SCORE = 40.0  # below this best score (0..100+) the message matches no intent well enough
CUE_BONUS = 8.0  # per cue word or phrase present; cues separate intents whose examples look alike
MAX_CUE_BONUS = 16.0
DICE_SHARE = 0.5  # weighted word overlap decides most; word order (token_sort_ratio) the rest
INFORMATIVE_WEIGHT = (
    0.8  # words used by nearly every intent ("what", "a") pick no candidates and add no overlap
)
MAX_POSTINGS = 100  # a word in more examples than this finds no candidates of its own
RESCORED_PER_INTENT = 4  # examples per intent whose word order is scored...
RESCORED_IN_ALL = 50  # ...among the 50 best overlaps of all (on our sets none beyond them ever won)
UNKNOWN_WORD_WEIGHT = 1.0  # a word no example uses still counts a little against every match
TOP_RANKING = 5  # intents kept in the guess for /why


def _words(text: str) -> tuple[str, ...]:
    return tuple(token.text for token in tokenize(text.replace("{role}", f" {ROLE_PLACEHOLDER} ")))


class IntentClassifier:
    """Scores a message against every intent's examples; build once per intent set."""

    def __init__(self, intent_set: IntentSet) -> None:
        self._intent_ids = intent_set.ids
        self._example_words: list[frozenset[str]] = []
        self._example_text: list[str] = []
        self._example_intent: list[int] = []
        self._example_raw: list[str] = []
        self._cues_by_first_word: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        intents_using: dict[str, set[int]] = defaultdict(set)
        for index, intent in enumerate(intent_set.intents):
            # A cue is also a tiny example: a message that is only "gtg" or "wages?" matches it fully.
            for example in tuple(dict.fromkeys((*intent.examples, *intent.cues))):
                words = _words(example)
                for word in words:
                    intents_using[word].add(index)
                self._example_words.append(frozenset(words))
                self._example_text.append(" ".join(words))
                self._example_intent.append(index)
                self._example_raw.append(example)
            cues = [_words(cue) for cue in intent.cues]
            for cue in cues:
                if cue:
                    self._cues_by_first_word[cue[0]].append((index, cue))
            for cue in cues:
                for word in cue:
                    intents_using[word].add(index)
        # A word used by every intent says nothing; one used by a single intent says a lot.
        count = max(1, len(self._intent_ids))
        self._weight = {word: math.log(1 + count / len(users)) for word, users in intents_using.items()}
        # Words used by nearly every intent ("what", "a") are left out of the overlap: they cost time,
        # not accuracy.
        self._example_mass = [
            sum(self._weight[w] for w in ws if self._weight[w] >= INFORMATIVE_WEIGHT)
            for ws in self._example_words
        ]
        self._example_full_mass = [sum(self._weight[w] for w in ws) for ws in self._example_words]
        self._postings: dict[str, list[int]] = defaultdict(list)
        for example_index, example_words in enumerate(self._example_words):
            for word in example_words:
                self._postings[word].append(example_index)
        self.vocabulary = frozenset(self._weight)
        self._intent_words = {
            intent_id: frozenset(w for w, users in intents_using.items() if index in users)
            for index, intent_id in enumerate(self._intent_ids)
        }
        self._by_stem: dict[str, str] = {}
        for word in sorted(self.vocabulary, key=lambda w: (len(w), w)):
            self._by_stem.setdefault(stem(word), word)
        self._by_letter: dict[str, list[str]] = defaultdict(list)
        for word in self.vocabulary:
            if len(word) >= 4:
                self._by_letter[word[0]].append(word)

    def masked_words(self, tokens: tuple[Token, ...], mentions: Mentions) -> tuple[str, ...]:
        """The message as the classifier sees it: mentions replaced, unknown words corrected."""
        words: list[str] = []
        spans = dict(mentions.spans)
        credential_ends = mentions.credential_ends
        index = 0
        while index < len(tokens):
            if index in spans:
                words.append(ROLE_PLACEHOLDER)
                index = spans[index]
                if index in credential_ends:
                    words.append(CREDENTIAL_HINT)
                continue
            words.append(self._correct(tokens[index].text))
            index += 1
        return tuple(words)

    def _correct(self, word: str) -> str:
        """A word the examples never use, mapped to one they do: same stem, else within a typo or two."""
        if word in self.vocabulary or len(word) < 4 or word.isdigit():
            return word
        same_stem = self._by_stem.get(stem(word))
        if same_stem:
            return same_stem
        budget = allowed_typos(len(word))  # none below five letters: "tall" is a word, not "talk" misspelt
        if budget == 0:
            return word
        best = process.extractOne(
            word, self._by_letter.get(word[0], ()), scorer=Levenshtein.distance, score_cutoff=budget
        )
        return best[0] if best is not None else word

    def classify(self, tokens: tuple[Token, ...], mentions: Mentions) -> IntentGuess:
        """The best intent for a message, with the runners-up; FALLBACK_INTENT when nothing fits."""
        words = self.masked_words(tokens, mentions)
        known = set(words) & self.vocabulary
        if not known:
            return IntentGuess(FALLBACK_INTENT, 1.0, ())
        unknown = len(set(words) - known)
        informative = [w for w in known if self._weight[w] >= INFORMATIVE_WEIGHT]
        masses = self._example_mass
        if not informative:  # "what can you do": only common words, so let them all count
            informative, masses = list(known), self._example_full_mass
        query_mass = sum(self._weight[w] for w in informative) + UNKNOWN_WORD_WEIGHT * unknown
        # Candidates come from the rarer words; a word in most examples (the role placeholder) only adds
        # its weight to them, which keeps the loop short.
        rare = [w for w in informative if len(self._postings[w]) <= MAX_POSTINGS] or informative
        frequent = [w for w in informative if w not in rare]
        overlap: dict[int, float] = defaultdict(float)
        for word in rare:
            weight = self._weight[word]
            for example_index in self._postings[word]:
                overlap[example_index] += weight
        for word in frequent:
            weight = self._weight[word]
            for example_index in overlap:
                if word in self._example_words[example_index]:
                    overlap[example_index] += weight
        by_dice = heapq.nlargest(
            RESCORED_IN_ALL, ((2 * shared / (query_mass + masses[i]), i) for i, shared in overlap.items())
        )
        text = " ".join(words)
        best: dict[int, tuple[float, int]] = {}
        rescored: dict[int, int] = defaultdict(int)
        for dice, example_index in by_dice:
            # word order (token_sort_ratio) re-scores only each intent's few best overlaps
            intent_index = self._example_intent[example_index]
            if rescored[intent_index] >= RESCORED_PER_INTENT:
                continue
            rescored[intent_index] += 1
            order = fuzz.token_sort_ratio(text, self._example_text[example_index])
            score = DICE_SHARE * 100 * dice + (1 - DICE_SHARE) * order
            if intent_index not in best or score > best[intent_index][0]:
                best[intent_index] = (score, example_index)
        typed = tuple(word for word in words if word != CREDENTIAL_HINT)  # cues count what the user typed
        cue_hits = self._cue_hits(typed)
        ranking: list[IntentScore] = []
        for intent_index in range(len(self._intent_ids)):
            bonus = min(MAX_CUE_BONUS, CUE_BONUS * cue_hits.get(intent_index, 0))
            score, example_index = best.get(intent_index, (0.0, -1))
            if score + bonus > 0:
                example = self._example_raw[example_index] if example_index >= 0 else "(cue words only)"
                ranking.append(IntentScore(self._intent_ids[intent_index], score + bonus, example))
        if not ranking:
            return IntentGuess(FALLBACK_INTENT, 1.0, ())
        ranking.sort(key=lambda item: item.score, reverse=True)
        top = ranking[0]
        intent = top.intent if top.score >= MIN_SCORE else FALLBACK_INTENT
        confidence = (
            min(1.0, top.score / 100.0) if intent == top.intent else 1.0 - min(1.0, top.score / 100.0)
        )
        used = self._intent_words.get(intent, frozenset())
        unexplained = sum(word not in used for word in words)
        return IntentGuess(intent, confidence, tuple(ranking[:TOP_RANKING]), unexplained)

    def _cue_hits(self, words: tuple[str, ...]) -> dict[int, int]:
        """How many distinct cues of each intent the message contains."""
        found: set[tuple[int, tuple[str, ...]]] = set()
        for start, word in enumerate(words):
            for intent_index, cue in self._cues_by_first_word.get(word, ()):
                if words[start : start + len(cue)] == cue:
                    found.add((intent_index, cue))
        hits: dict[int, int] = defaultdict(int)
        for intent_index, _ in found:
            hits[intent_index] += 1
        return hits
