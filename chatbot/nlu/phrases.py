"""Finding phrases from the data in a message, loosely: words in order, a small gap allowed, simple forms.

Used for the safety cues (exact words: "pass out" is not "passed out") and the patient cues
(simple forms: "bills" finds "bill"); "cant really breathe" finds "can not breathe". Phrases are
read with the same normaliser as messages, once, when the matcher is built; a message is then
scanned once, by the first word of each phrase.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..records import record
from .normalize import stem, tokenize

MAX_GAP = 1  # other words allowed between two words of a phrase


@record
class PhraseHit:
    """Where a phrase of a list was found in a message."""

    key: str  # what the phrase stands for (a rule id, "patient")
    phrase: str
    start: int  # token index of the phrase's first word
    end: int  # one past its last word


class PhraseMatcher:
    """Phrases grouped under keys; `find(words)` gives every hit, in message order."""

    def __init__(
        self, phrases: Iterable[tuple[str, str]], max_gap: int = MAX_GAP, stems: bool = True
    ) -> None:
        self._max_gap = max_gap
        self._stems = stems  # a flag, not the function: the engine cache stores plain data
        self._by_first: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
        for key, phrase in phrases:
            forms = tuple(self._word_form(token.text) for token in tokenize(phrase))
            if forms:
                self._by_first.setdefault(forms[0], []).append((key, phrase, forms))

    def _word_form(self, word: str) -> str:
        return stem(word) if self._stems else word

    def starts_a_phrase(self, word: str) -> bool:
        """Whether some phrase begins with this word (as the matcher reads words)."""
        return self._word_form(word) in self._by_first

    def find(self, words: Sequence[str]) -> tuple[PhraseHit, ...]:
        stems = [self._word_form(word) for word in words]
        hits: list[PhraseHit] = []
        for start, first in enumerate(stems):
            for key, phrase, wanted in self._by_first.get(first, ()):
                end = self._match_end(stems, start, wanted)
                if end is not None:
                    hits.append(PhraseHit(key, phrase, start, end))
        return tuple(hits)

    def _match_end(self, stems: Sequence[str], start: int, wanted: tuple[str, ...]) -> int | None:
        position = start
        for word in wanted[1:]:
            window = stems[position + 1 : position + 2 + self._max_gap]
            if word not in window:
                return None
            position += 1 + window.index(word)
        return position + 1
