"""A role named by what it does: "the one where you draw blood", "the person who types up recordings".

People pick a role from a list by describing it, or ask what a job is called. The description's words are
matched by stem against each role's `described_as` phrases and tagline (plain words for what the job
does), each word weighted by how few roles it describes ("draw" one, "patients" many). The roles in view
break a tie among all of them, and only a clear winner is taken: otherwise the bot asks which role,
as for any role not named.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ..knowledge.schema import KnowledgeBase, RoleId
from ..records import record
from .normalize import stem

# "the one where you...", "the job that...", "the person who...", "the job called where you...", "the
# person at the desk who...": a role pointed at by a description
_DESCRIBED = re.compile(
    r"\bthe (?:one|job|role|position|person|guy|lady|career)s?\s+(?:(?:is\s+)?called\s+)?"
    r"((?:at|in|on|behind)\s+(?:the\s+)?[a-z]+\s+)?"  # "the person at the front who checks you in"
    r"(?:where|who|that|which|whose|with)(?:'s|s)?\s+(?:you\s+|they\s+|he\s+|she\s+|u\s+)?([^,.;:?!]+)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z]+")
# "the one that pays more", "the one with the best hours": a ranking, read by the rules for it
RANKING_WORDS = frozenset(
    "most least more less best worst highest lowest fastest quickest shortest longest pays pay".split()
)
# "the job where I can help people", "the job that doesn't involve blood", "the one that lets you work from
# home": a wish for a job or a filter of them (the recommendation reads it), not a description of one
NOT_DESCRIBING = frozenset(
    """i me my im mine not no dont doesnt don doesn isn isnt aren arent without never
    lets allows home remote""".split()
)
# the user's own place after a description starts their story ("the guy who draws blood at my clinic was
# nice"); any other first-person word makes it a wish ("the one with needles freaks me out")
_STORY_START = re.compile(r"\b(?:at|in|from|near|for)\s+(?:my|our)\b", re.IGNORECASE)
# (only of a person described: "the job where you can work from my house" is a wish)
_A_PERSON = re.compile(r"^the (?:person|guy|lady|one)s?\b.*?\bwho\b|^the (?:person|guy|lady)", re.IGNORECASE)
MIN_DESCRIBING_WORDS = 2  # "draws blood at my clinic": two words describe before the story
# "the clinical one", "the lab job": a role of the ones in view, by its kind (its category's words)
_KIND = re.compile(r"\bthe ([a-z]+) (?:one|job|role|position)\b", re.IGNORECASE)
WINNER_FACTOR = 1.5  # the best role's match must outweigh the next one's by half again
MAX_FITS = 3  # a description that fits several roles: these many are offered to choose from


class RoleDescriptions:
    """Each role's describing stems with their weights (stems every role shares weigh nothing)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        texts = {role.id: " ".join((*role.described_as, role.tagline)).lower() for role in kb.roles}
        stems = {role: {stem(word) for word in _WORD.findall(text)} for role, text in texts.items()}
        count = len(stems)
        spread = Counter(s for found in stems.values() for s in found)
        self._weights: dict[RoleId, dict[str, float]] = {
            role: {s: math.log(count / spread[s]) for s in found if spread[s] < count}
            for role, found in stems.items()
        }
        titles = {category.id: category.title for category in kb.general.categories}
        self._kinds: dict[RoleId, frozenset[str]] = {
            role.id: frozenset({role.category, *_WORD.findall(titles.get(role.category, "").lower())})
            for role in kb.roles
        }

    def of_kind(self, text: str, in_view: tuple[RoleId, ...]) -> tuple[RoleId, str] | None:
        """'the clinical one' of the roles in view: the one of that kind, if only one is ("lab" for
        laboratory), with the words that stand for its name."""
        found = _KIND.search(text)
        if found is None:
            return None
        word = found.group(1).lower()
        fits = [
            role
            for role in in_view
            if any(
                kind == word or (len(word) >= 3 and kind.startswith(word))
                for kind in self._kinds.get(role, ())
            )
        ]
        return (fits[0], found.group(0)) if len(fits) == 1 else None

    def described(
        self, text: str, in_view: tuple[RoleId, ...], choices: tuple[RoleId, ...] = ()
    ) -> Description | None:
        """The description of a role in the message ("the one where you draw blood"), which stands for a
        role's name, with the roles it fits: one if it clearly fits one, or one of those in view; of the
        choices offered, when the bot has just asked which role."""
        found = _DESCRIBED.search(text)
        if found is None:
            return None
        said, described = found.group(0), found.group(2)
        # "the lady who draws blood at my job is so calm": the user's own story after it is no part of it
        story = _STORY_START.search(described) if _A_PERSON.search(found.group(0)) else None
        if story is not None and len(_WORD.findall(described[: story.start()])) >= MIN_DESCRIBING_WORDS:
            said = said[: found.start(2) - found.start(0) + story.start()].rstrip()
            described = described[: story.start()]
        words = _WORD.findall(f"{found.group(1) or ''} {described}".lower())  # where they are counts too
        if not words or RANKING_WORDS.intersection(words) or NOT_DESCRIBING.intersection(words):
            return None
        asked = {stem(word) for word in words}
        if len(choices) > 1:  # "which one do you mean?" was asked: one of those ("the one like a doctor")
            return Description(said, self._fits(asked, choices))
        fits = self._fits(asked, tuple(self._weights))
        in_view_fits = tuple(role for role in in_view if role in fits)  # the list just shown decides a tie
        return Description(said, in_view_fits if len(in_view_fits) == 1 else fits)

    def _fits(self, asked: set[str], pool: tuple[RoleId, ...]) -> tuple[RoleId, ...]:
        """The roles of the pool whose match is within WINNER_FACTOR of the best, best first (at most 3)."""
        scores = sorted(
            ((sum(self._weights.get(role, {}).get(s, 0.0) for s in asked), role) for role in pool),
            reverse=True,
        )
        best = scores[0][0]
        return tuple(role for score, role in scores[:MAX_FITS] if best > 0 and score * WINNER_FACTOR > best)


@record
class Description:
    """A role described in a message: the words that stand for its name, and the roles they fit."""

    text: str
    fits: tuple[RoleId, ...]  # one: that role; several: which of them; none: no role we know
