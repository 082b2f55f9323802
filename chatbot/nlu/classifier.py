"""Stage 3: a message (tokens and the mentions found in them) -> an IntentGuess with a confidence.

Each example phrase of each intent is normalised once, with `{role}` as a placeholder token. A message
gets the same treatment: every job mention becomes the placeholder, so "how much do coders make" and
"how much does a PA make" look alike. Words the intents never use are corrected to the nearest word
they do use ("salery" -> "salary"). An intent's score (0..100) blends two views from `similarity`: the
nearest example and the intent as a whole (its centroid), each a cosine over weighted words, word pairs
and character 4-grams; its cue words add a bonus. The out-of-scope cut is not a fixed number: it is
calibrated on the intent set itself, from each example's score with that example left out, so the same
engine works on another intent set. Nothing here knows the product's intent ids except the fallback,
`out_of_scope`.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence

from ..knowledge.schema import IntentId, IntentSet
from ..records import record
from .mentions import Mentions
from .normalize import Token, stem, tokenize
from .roles import allowed_typos, closest
from .similarity import VectorIndex


@record
class IntentScore:
    """One intent's score for a message, with the example that scored best."""

    intent: IntentId
    score: float  # 0..100 (cue bonuses can add a little more)
    example: str  # the example phrase that scored best


@record
class Neighbour:
    """One of the examples nearest to the message: the evidence /why shows."""

    intent: IntentId
    example: str
    similarity: float  # cosine, 0..1


@record
class IntentGuess:
    """The classifier's verdict on a message, with the evidence /why shows."""

    intent: IntentId
    confidence: float  # 0..1
    ranking: tuple[IntentScore, ...]  # best first, for /why
    unexplained: int = 0  # words of the message that the chosen intent's examples never use
    cut: float = 0.0  # the calibrated out-of-scope cut the best score was held against
    nearest: tuple[Neighbour, ...] = ()  # the closest examples of any intent, best first

    @property
    def margin(self) -> float:
        if len(self.ranking) < 2:
            return self.ranking[0].score if self.ranking else 0.0
        return self.ranking[0].score - self.ranking[1].score


ROLE_PLACEHOLDER = "xrole"
CREDENTIAL_HINT = "certification"  # implied after a role named by its credential: "is the CPC hard"
CREDENTIAL_MARK = "xcredential"  # where the hint goes in the masked words; a word nobody types
FALLBACK_INTENT: IntentId = "out_of_scope"  # chosen when nothing matches well enough
# The intent as a whole (its centroid) carries its common words, the nearest example an odd phrasing.
# With character n-grams at 0.2, 0.35 beat 0.45 on cross-validation (0.808 vs 0.803), on three small
# intent sets of other domains (written for the purpose) and on a blind-written set of our own, with
# dev and own unchanged.
NEAREST_SHARE = 0.35
ROLE_FIT_FLOOR = 0.7  # an intent whose examples never name a role keeps 70% of its score for one that does
CUE_BONUS = 8.0  # per cue word or phrase present; cues separate intents whose examples look alike
MAX_CUE_BONUS = 16.0
CANDIDATES = 20  # examples scored in full per message, the best by their shared words (more changed nothing)
TOP_RANKING = 5  # intents kept in the guess for /why
NEAREST_SHOWN = 3  # examples kept in the guess for /why
# An out-of-scope question answered as a role question misleads; a role question sent to the fallback
# only costs a rephrase. So in calibration each out-of-scope example counts this many in-scope ones.
OUT_OF_SCOPE_WEIGHT = 3.0
NO_SCOPE_QUANTILE = 0.01  # without out-of-scope examples, the cut keeps 99% of the examples in scope
NO_SCOPE_FACTOR = 0.5  # ...and sits well below even that, since nothing shows what out of scope looks like


def example_words(text: str) -> tuple[str, ...]:
    """An example's words as the classifier sees them: its `{role}` is the role placeholder."""
    return tuple(token.text for token in tokenize(text.replace("{role}", f" {ROLE_PLACEHOLDER} ")))


class IntentClassifier:
    """Scores a message against every intent's examples; build once per intent set."""

    placeholder = ROLE_PLACEHOLDER  # the word a role mention becomes, for callers that mask text themselves

    def __init__(self, intent_set: IntentSet) -> None:
        self._intent_ids = intent_set.ids
        self._fallback = (
            self._intent_ids.index(FALLBACK_INTENT) if FALLBACK_INTENT in self._intent_ids else -1
        )
        texts: list[tuple[str, ...]] = []
        owners: list[int] = []
        self._example_raw: list[str] = []
        is_example: list[bool] = []  # the examples proper, not cues: calibration scores these
        self._cues_by_first_word: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        intents_using: dict[str, set[int]] = defaultdict(set)
        for index, intent in enumerate(intent_set.intents):
            # A cue is also a tiny example: a message that is only "gtg" or "wages?" matches it fully.
            for example in tuple(dict.fromkeys((*intent.examples, *intent.cues))):
                words = example_words(example)
                for word in words:
                    intents_using[word].add(index)
                texts.append(words)
                owners.append(index)
                self._example_raw.append(example)
                is_example.append(example in intent.examples)
            for cue in (example_words(cue) for cue in intent.cues):
                if cue:
                    self._cues_by_first_word[cue[0]].append((index, cue))
        # How often each intent's examples name a role: a message that names one fits the intents whose
        # examples do ("hi coders" is less a greeting than "hi"). Without a role nothing changes, since a
        # follow-up ("can i do it from home") names its role by a pronoun.
        self._role_share = [
            sum(ROLE_PLACEHOLDER in example_words(e) for e in intent.examples) / max(1, len(intent.examples))
            for intent in intent_set.intents
        ]
        self._index = VectorIndex(texts, owners, len(self._intent_ids))
        self.vocabulary = frozenset(intents_using)
        self._intent_words = {
            intent_id: frozenset(w for w, users in intents_using.items() if index in users)
            for index, intent_id in enumerate(self._intent_ids)
        }
        self._by_stem: dict[str, str] = {}
        for word in sorted(self.vocabulary, key=lambda w: (len(w), w)):
            self._by_stem.setdefault(stem(word), word)
        self._by_letter: dict[str, list[str]] = defaultdict(list)
        for word in sorted(self.vocabulary):  # sorted: a tie between two corrections goes the same way
            if len(word) >= 4:  # in every process, whatever the order of the set
                self._by_letter[word[0]].append(word)
        self.cut = self._calibrate(texts, is_example)  # the texts are not kept: only this needs them

    def masked_words(self, tokens: tuple[Token, ...], mentions: Mentions) -> tuple[str, ...]:
        """The message as the classifier sees it: mentions replaced, unknown words corrected."""
        words: list[str] = []
        spans = dict(mentions.spans)
        credential_ends = mentions.credential_ends
        # a role named again ("the CPB ... a billing job") is one subject, not the "from X to Y" of two
        repeats: set[int] = set()
        seen: set[str] = set()
        for mention in mentions.roles:
            if mention.role_id in seen:
                repeats.add(mention.start)
            seen.add(mention.role_id)
        index = 0
        while index < len(tokens):
            if index in spans:
                if index not in repeats:
                    words.append(ROLE_PLACEHOLDER)
                index = spans[index]
                if index in credential_ends:
                    words.append(CREDENTIAL_MARK)
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
        best = closest(word, self._by_letter.get(word[0], ()), budget)
        return best[0] if best is not None else word

    def classify(self, tokens: tuple[Token, ...], mentions: Mentions) -> IntentGuess:
        """The best intent for a message, with the runners-up; FALLBACK_INTENT when nothing fits."""
        words = self.masked_words(tokens, mentions)
        if not set(words) & self.vocabulary:
            return IntentGuess(FALLBACK_INTENT, 1.0, (), cut=self.cut)
        ranking, nearest = self._rank(words)
        if not ranking:
            return IntentGuess(FALLBACK_INTENT, 1.0, (), cut=self.cut)
        top = ranking[0]
        intent = top.intent if top.score >= self.cut else FALLBACK_INTENT
        sure = min(1.0, top.score / 100.0)
        used = self._intent_words.get(intent, frozenset())
        unexplained = sum(word not in used for word in words if word != CREDENTIAL_MARK)
        return IntentGuess(
            intent,
            sure if intent == top.intent else 1.0 - sure,
            tuple(ranking[:TOP_RANKING]),
            unexplained,
            self.cut,
            nearest,
        )

    def _rank(
        self, words: tuple[str, ...], leave_out: int = -1, texts: Sequence[tuple[str, ...]] = ()
    ) -> tuple[list[IntentScore], tuple[Neighbour, ...]]:
        """Every intent's score for a masked message, best first, and the nearest examples.

        `leave_out` is an example index to ignore, with any example or cue of the same words in `texts`
        (every example's words: calibration).
        """
        index = self._index
        typed = tuple(word for word in words if word != CREDENTIAL_MARK)  # cues count what the user typed
        hints = (CREDENTIAL_HINT,) * (len(words) - len(typed))
        query = index.query(typed, left_out=leave_out >= 0, hints=hints)
        twin = texts[leave_out] if leave_out >= 0 else None
        best: dict[int, tuple[float, int]] = {}
        near: list[tuple[float, int]] = []
        candidates = [
            example
            for example in index.candidates(query, CANDIDATES)
            if twin is None or texts[example] != twin
        ]
        for example, similarity in zip(candidates, index.similarities(query, candidates), strict=True):
            owner = index.owners[example]
            near.append((similarity, example))
            if owner not in best or similarity > best[owner][0]:
                best[owner] = (similarity, example)
        centroid = index.centroid_scores(query, leave_out)
        named = ROLE_PLACEHOLDER in typed
        cue_hits = self._cue_hits(typed)
        scored: list[tuple[float, int, int]] = []
        nothing = (0.0, -1)
        for owner, whole in enumerate(centroid):
            similarity, example = best.get(owner, nothing)
            fit = ROLE_FIT_FLOOR + (1 - ROLE_FIT_FLOOR) * self._role_share[owner] if named else 1.0
            score = fit * 100 * (NEAREST_SHARE * similarity + (1 - NEAREST_SHARE) * whole)
            if owner in cue_hits:
                score += min(MAX_CUE_BONUS, CUE_BONUS * cue_hits[owner])
            if score > 0:
                scored.append((score, owner, example))
        scored.sort(reverse=True)
        ranking = [  # only the few that /why shows become objects
            IntentScore(
                self._intent_ids[owner],
                score,
                self._example_raw[example] if example >= 0 else "(its examples as a whole)",
            )
            for score, owner, example in scored[:TOP_RANKING]
        ]
        near.sort(reverse=True)
        nearest = tuple(
            Neighbour(self._intent_ids[index.owners[i]], self._example_raw[i], round(sim, 3))
            for sim, i in near[:NEAREST_SHOWN]
        )
        return ranking, nearest

    def _calibrate(self, texts: Sequence[tuple[str, ...]], is_example: Sequence[bool]) -> float:
        """The out-of-scope cut that classifies the most examples right, each with itself left out.

        An in-scope example counts as right when its own intent wins with a score at or above the cut; an
        out-of-scope example when the fallback intent wins or the winner scores below the cut. Without
        out-of-scope examples the cut only keeps nearly every example in scope.
        """
        kept: list[float] = []  # scores of in-scope examples read right: each is lost if the cut exceeds it
        caught: list[float] = []  # scores of out-of-scope examples read as another intent: caught above it
        for example, words in enumerate(texts):
            if not is_example[example]:
                continue
            ranking, _ = self._rank(words, leave_out=example, texts=texts)
            if not ranking:
                continue
            owner, top = self._index.owners[example], ranking[0]
            if owner == self._fallback:
                if top.intent != FALLBACK_INTENT:
                    caught.append(top.score)
            elif top.intent == self._intent_ids[owner]:
                kept.append(top.score)
        kept.sort()
        if not caught:
            return NO_SCOPE_FACTOR * kept[int(NO_SCOPE_QUANTILE * len(kept))] if kept else 0.0
        caught.sort()
        best_cut, best_right = 0.0, -1.0
        for cut in sorted({0.0, *(score + 1e-6 for score in caught)}):
            right = (
                len(kept)
                - bisect.bisect_left(kept, cut)
                + OUT_OF_SCOPE_WEIGHT * bisect.bisect_left(caught, cut)
            )
            if right > best_right:
                best_cut, best_right = cut, right
        return round(best_cut, 2)

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
