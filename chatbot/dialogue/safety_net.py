"""A second look for safety: a message read as out of scope, compared with the safety rules' examples.

Why: the rules' cues are exact phrases, and people in trouble describe it in words no list holds ("my dad
went grey and wont answer me", "gave my cat to my neighbour, i wont need her"). Such a message matches no
career intent, so it is read as out of scope, which is also where a false alarm costs least (the reply would
have been "I didn't catch that"). There it is scored against each rule's `examples` and against the
out-of-scope intent's examples and everyday messages (no safety message), with the classifier's vectors:
its nearest example and each kind as a whole; a safety kind must win with a score of CUT. Its reply then
says that it may have misread the message.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..knowledge.schema import SafetyInfo
from ..nlu.classifier import example_words
from ..nlu.phrases import PhraseMatcher
from ..nlu.similarity import VectorIndex

NEAREST_SHARE = 0.5  # the nearest example and the kind as a whole count alike, as in the classifier
CANDIDATES = 20  # examples scored in full per message
# The score a safety kind needs. Measured (2026-12-02), each example left out in turn: at 0.2, 72 of the
# rules' 228 examples are caught and 5 of the 214 everyday ones taken for safety (0.25: 43 and none; 0.15:
# 115 and 9). Of 120 everyday messages written apart from all examples, none more gets a safety reply at
# 0.2 than with the cues alone. A missed crisis costs more than a hedged reply to small talk: 0.2.
CUT = 0.2
# A health question (a cue of the medical_advice rule) as near as this to an emergency, a poisoning or a
# crisis gets that reply first, then its own. Higher than CUT: in the read sets, real emergencies told as
# health questions scored 0.38, and a bruise on an arm, near an emergency's words too, 0.21.
UPGRADE_CUT = 0.3
MIN_WORDS = 5  # "stop", "what should i be": too few words to be near anything but by chance


class SafetyNet:
    """Built once per engine; `rule_for(words)` for a message about to get the out-of-scope reply."""

    def __init__(self, safety: SafetyInfo, background: Sequence[Sequence[Sequence[str]]]) -> None:
        """`background`: groups of messages that are no safety message (an intent's examples), as words;
        the safety file's `everyday_examples` are one more group. Each group is a kind of its own, so that a
        word's weight says how many kinds use it, as in the classifier."""
        rules = [rule for rule in safety.rules if rule.examples]
        self._ids = tuple(rule.id for rule in rules)
        self._safe_kinds = len(rules)  # kinds 0 .. this - 1 are the rules; the rest, no safety message
        # Who a message is about is read apart (below); in the vectors, people are no evidence: "my husband
        # got laid off" is not near "my husband is talking about ending his life" for its "my husband".
        self._people = frozenset((*safety.person_words, *safety.first_person, *safety.other_people))
        self._hypothetical = frozenset(safety.hypothetical_words)
        self._general = frozenset((*safety.other_people, *(f"{word}s" for word in safety.other_people)))
        groups = [[self._content(example_words(text)) for text in rule.examples] for rule in rules]
        groups += [[self._content(words) for words in group] for group in background]
        groups.append([self._content(example_words(text)) for text in safety.everyday_examples])
        texts = [words for group in groups for words in group]
        owners = [kind for kind, group in enumerate(groups) for _ in group]
        # words and word pairs only: the safety words' typos are the safety check's (`misspelt_words`)
        self._index = VectorIndex(texts, owners, len(groups), chars=False) if rules else None
        self._calm = PhraseMatcher((("calm", phrase) for phrase in safety.calm_words), 0, stems=False)
        # Thoughts of self-harm are the user's own or someone else's by who the message is about, not by
        # likeness ("im so depressed about my job search" is not a friend's crisis): of the self-harm
        # rules, the one whose examples most often name someone else answers a message that does.
        self._others = frozenset(safety.person_words) - frozenset(safety.first_person)
        about_others = {
            index: sum(not self._others.isdisjoint(example_words(text)) for text in rule.examples)
            / len(rule.examples)
            for index, rule in enumerate(rules)
            if rule.self_harm
        }
        ranked = sorted(about_others, key=about_others.__getitem__)
        self._own, self._someone_elses = (ranked[0], ranked[-1]) if len(ranked) > 1 else (-1, -1)

    def _supposes_a_case(self, words: Sequence[str]) -> bool:
        """A hypothetical word and, within two words, someone in general ("if a patient", "when someone"):
        a case asked about, not one happening."""
        return any(
            word in self._hypothetical and not self._general.isdisjoint(words[i + 1 : i + 3])
            for i, word in enumerate(words)
        )

    def _content(self, words: Sequence[str]) -> tuple[str, ...]:
        return tuple(word for word in words if word not in self._people)

    def _safe(self, kind: int) -> bool:
        return kind < self._safe_kinds

    def rule_for(self, words: Sequence[str], cut: float = CUT) -> str | None:
        """The id of the safety rule whose examples the message is nearest to, or None (below the cut, or
        nearer to the examples of no safety message)."""
        if self._index is None or len(words) < MIN_WORDS or self._calm.find(words):
            return None
        if self._supposes_a_case(words):  # "what happens if a patient faints during a blood draw"
            return None
        kind, score = self._best(words)
        if not self._safe(kind) or score < cut:
            return None
        if kind in (self._own, self._someone_elses):
            kind = self._someone_elses if not self._others.isdisjoint(words) else self._own
        return self._ids[kind]

    def _best(self, words: Sequence[str]) -> tuple[int, float]:
        """The kind that scores best for these words, with its score (0 to 1)."""
        index = self._index
        assert index is not None
        query = index.query(self._content(words))
        candidates = index.candidates(query, CANDIDATES)
        whole = index.centroid_scores(query)
        nearest = [0.0] * len(whole)
        for example, similarity in zip(candidates, index.similarities(query, candidates), strict=True):
            kind = index.owners[example]
            nearest[kind] = max(nearest[kind], similarity)
        scores = [NEAREST_SHARE * n + (1 - NEAREST_SHARE) * w for n, w in zip(nearest, whole, strict=True)]
        best = max(range(len(scores)), key=scores.__getitem__)
        return best, scores[best]
