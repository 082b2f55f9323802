"""Weighted word, word-pair and character n-gram vectors, and the two similarities the classifier uses.

A text (already masked: role mentions are one placeholder word) becomes a sparse vector of features:
word stems, adjacent word pairs and the character 4-grams of longer words. A feature's weight is its
inverse frequency over intents, so "salary" (one intent) outweighs "what" (every intent). Two views of an
intent are scored: its nearest example (cosine to each example, candidates found through an inverted
index) and the intent as a whole (cosine to the sum of its example vectors, a centroid). Both can leave one
example out, which is how the out-of-scope cut is calibrated on the examples themselves. Features are
numbered and stored in arrays: the index of ~1,000 examples stays a few megabytes.
"""

from __future__ import annotations

import functools
import math
import operator
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import repeat

from ..records import record
from .normalize import stem

PAIR_WEIGHT = 0.7  # a word pair ("how much", "work from") is evidence, but less than its two words
# Per 4-gram: many per word, so each counts little; they carry typos and word forms. 0.2, not 0.35: with
# few examples per intent, shared letters of unrelated words ("account", "accounts") misled more.
CHAR_WEIGHT = 0.2
CHAR_N = 4
MIN_CHAR_WORD = 5  # shorter words are whole features already; their 4-grams would add noise
IDF_POWER = 1.5  # sharpened: a word of every intent ("what") weighs a ninth of one of a single intent
HINT_WEIGHT = 0.5  # a word implied, not typed ("certification" after "CPC") tips a close call, no more
MAX_POSTINGS = 60  # a word in more examples than this finds no candidates of its own (it adds to others)
SEARCH_FEATURES = 16  # the heaviest word features of a message that look for candidates
UNKNOWN_IDF = 2.0  # a feature no example has still weighs in the message: unknown words lower every match


def features(words: Sequence[str], chars: bool = True) -> list[tuple[str, float]]:
    """The features of a word sequence with their base weights (before the inverse frequency); without
    `chars`, words and word pairs only."""
    stems = [stem(word) for word in words]
    found: list[tuple[str, float]] = [(f"w {s}", 1.0) for s in stems]
    found += [(f"p {a} {b}", PAIR_WEIGHT) for a, b in zip(stems, stems[1:], strict=False)]
    for word in words if chars else ():
        if len(word) >= MIN_CHAR_WORD:
            found += _char_features(word)
    return found


@functools.lru_cache(maxsize=4096)  # a pure function of one word, asked for the same words all the time
def _char_features(word: str) -> tuple[tuple[str, float], ...]:
    padded = f"<{word}>"
    return tuple((f"c {padded[i : i + CHAR_N]}", CHAR_WEIGHT) for i in range(len(padded) - CHAR_N + 1))


@record
class Query:
    """A message as a unit vector over numbered features (unknown ones count in its length only)."""

    weights: dict[int, float]

    def dot(self, ids: array[int], values: array[float]) -> float:
        # map over C functions, not a generator: this runs for every candidate of every message
        return float(sum(map(operator.mul, values, map(self.weights.get, ids, repeat(0.0)))))


class Rows:
    """Sparse rows of (id, value) packed into flat arrays, row n at offsets[n]:offsets[n + 1].

    One block of numbers per array instead of thousands of small objects: small in memory and quick to
    read back from the engine cache.
    """

    def __init__(self, rows: Iterable[Iterable[tuple[int, float]]]) -> None:
        self.offsets = array("i", [0])
        self.ids = array("i")
        self.values = array("d")
        for row in rows:
            for key, value in row:
                self.ids.append(key)
                self.values.append(value)
            self.offsets.append(len(self.ids))

    def row(self, index: int) -> tuple[array[int], array[float]]:
        start, end = self.offsets[index], self.offsets[index + 1]
        return self.ids[start:end], self.values[start:end]

    def size(self, index: int) -> int:
        return self.offsets[index + 1] - self.offsets[index]


class VectorIndex:
    """Example vectors grouped by intent, their centroids and an inverted index of word features."""

    def __init__(
        self, texts: Sequence[Sequence[str]], owners: Sequence[int], intent_count: int, chars: bool = True
    ) -> None:
        """`chars`: character n-grams too (they carry typos and word forms, and most of the index's size)."""
        self.owners = array("i", owners)
        self.chars = chars
        raw = [_summed(features(words, chars)) for words in texts]
        self._ids: dict[str, int] = {}
        users: list[set[int]] = []
        for owner, found in zip(owners, raw, strict=True):
            for key in found:
                feature = self._ids.get(key)
                if feature is None:
                    feature = self._ids[key] = len(users)
                    users.append(set())
                users[feature].add(owner)
        count = max(1, intent_count)
        self._idf = array("d", (math.log(1 + count / len(u)) ** IDF_POWER for u in users))
        uses = Counter(self._ids[key] for found in raw for key in found)
        # 1 for a feature of a single example, unknown once it is left out: a byte a feature, not a set
        self._once = array("B", (uses[feature] == 1 for feature in range(len(users))))
        vectors = [
            self._unit({self._ids[key]: weight * self._idf[self._ids[key]] for key, weight in found.items()})
            for found in raw
        ]
        self._examples = Rows(vector.items() for vector in vectors)
        self._build_centroids(vectors, count)
        postings: list[list[tuple[int, float]]] = [[] for _ in users]
        words = {feature for key, feature in self._ids.items() if key[0] != "c"}  # char n-grams find none
        for example, vector in enumerate(vectors):
            for feature in vector:
                if feature in words:
                    postings[feature].append((example, 1.0))  # presence: the query's weight decides
        self._postings = Rows(postings)

    def _build_centroids(self, vectors: list[dict[int, float]], count: int) -> None:
        sums: list[dict[int, float]] = [defaultdict(float) for _ in range(count)]
        for owner, vector in zip(self.owners, vectors, strict=True):
            for feature, value in vector.items():
                sums[owner][feature] += value
        self._sum_norm2 = array("d", (sum(v * v for v in s.values()) for s in sums))
        # each example's dot product with its own intent's sum, so that leaving it out costs nothing
        self._own_dot = array(
            "d",
            (
                sum(v * sums[o][f] for f, v in vector.items())
                for o, vector in zip(self.owners, vectors, strict=True)
            ),
        )
        by_feature: list[list[tuple[int, float]]] = [[] for _ in self._idf]
        for owner, summed in enumerate(sums):
            for feature, value in summed.items():
                by_feature[feature].append((owner, value))
        self._centroids = Rows(by_feature)

    @staticmethod
    def _unit(vector: dict[int, float], unknown_mass: float = 0.0) -> dict[int, float]:
        norm = math.sqrt(sum(v * v for v in vector.values()) + unknown_mass)
        return {k: v / norm for k, v in vector.items()} if norm else {}

    def query(self, words: Sequence[str], *, left_out: bool = False, hints: Sequence[str] = ()) -> Query:
        """A message's vector. Features no example has match nothing but still weigh in its length; for an
        example scored as if left out, so do the features only it has. Hints are words the user did not
        type, weighed as a single word at HINT_WEIGHT."""
        found = features(words, self.chars) + [(f"w {stem(hint)}", HINT_WEIGHT) for hint in hints]
        known: dict[int, float] = defaultdict(float)
        unknown: dict[str, float] = defaultdict(float)
        for key, weight in found:
            feature = self._ids.get(key, -1)
            if feature < 0 or (left_out and self._once[feature]):
                unknown[key] += weight * UNKNOWN_IDF
            else:
                known[feature] += weight * self._idf[feature]
        return Query(self._unit(known, sum(v * v for v in unknown.values())))

    def similarities(self, query: Query, examples: Iterable[int]) -> list[float]:
        """Cosine of the query to each of these examples (inlined: it runs for every candidate)."""
        get, offsets, ids, values = (
            query.weights.get,
            self._examples.offsets,
            self._examples.ids,
            self._examples.values,
        )
        found = []
        for example in examples:
            start, end = offsets[example], offsets[example + 1]
            found.append(
                float(sum(map(operator.mul, values[start:end], map(get, ids[start:end], repeat(0.0)))))
            )
        return found

    def centroid_scores(self, query: Query, leave_out: int = -1) -> list[float]:
        """Cosine of the query to each intent's centroid (without example `leave_out`, if given)."""
        dots = [0.0] * len(self._sum_norm2)
        offsets, owners, sums = self._centroids.offsets, self._centroids.ids, self._centroids.values
        for feature, value in query.weights.items():
            start, end = offsets[feature], offsets[feature + 1]
            for owner, summed in zip(owners[start:end], sums[start:end]):  # noqa: B905 (same length)
                dots[owner] += value * summed
        norms2 = list(self._sum_norm2)
        if leave_out >= 0:
            owner = self.owners[leave_out]
            dots[owner] -= query.dot(*self._examples.row(leave_out))
            norms2[owner] += 1.0 - 2 * self._own_dot[leave_out]  # |s - x|^2 with |x| = 1
        return [d / math.sqrt(n) if n > 1e-9 else 0.0 for d, n in zip(dots, norms2, strict=True)]

    def candidates(self, query: Query, limit: int) -> list[int]:
        """The `limit` examples sharing the most query weight in words and word pairs.

        Words in more than MAX_POSTINGS examples ("what", the role placeholder) find none, unless the
        query has nothing rarer ("what can you do"): the full cosine that follows counts them anyway.
        """
        weights, offsets, examples = query.weights, self._postings.offsets, self._postings.ids
        sizes = [(feature, offsets[feature + 1] - offsets[feature]) for feature in weights]
        keys = [feature for feature, size in sizes if size]
        rare = [feature for feature, size in sizes if 0 < size <= MAX_POSTINGS] or keys
        if len(rare) > SEARCH_FEATURES:  # a long message: its rarest words find the candidates
            rare = sorted(rare, key=weights.__getitem__, reverse=True)[:SEARCH_FEATURES]
        partial: dict[int, float] = defaultdict(float)
        for feature in rare:
            weight = weights[feature]
            for example in examples[offsets[feature] : offsets[feature + 1]]:
                partial[example] += weight
        # the same order as heapq.nlargest (ties by first appearance), quicker for a few hundred
        return sorted(partial, key=partial.__getitem__, reverse=True)[:limit]


def _summed(found: list[tuple[str, float]]) -> dict[str, float]:
    summed: dict[str, float] = defaultdict(float)
    for key, weight in found:
        summed[key] += weight
    return summed
