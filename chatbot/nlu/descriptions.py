"""A role named by what it does: "the one where you draw blood", "the job that does the insurance claims".

Right after a list, people pick a role by describing it rather than by its name. The description's words
are matched by stem against what each role's data says it does (summary, tagline, duties), each word
weighted by how few roles it describes ("draw" one, "patients" most). Only the roles in view can be
meant, and only a clear winner is taken: otherwise the bot asks which role, as for any unnamed one.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ..knowledge.schema import KnowledgeBase, RoleId
from .normalize import stem

# "the one where you...", "the job that...", "the person who...": a role pointed at by a description
_DESCRIBED = re.compile(
    r"\bthe (?:one|job|role|position|person|guy|lady|career)s?\s+(?:where|who|that|which|whose|with)\s+"
    r"(?:you\s+|they\s+|he\s+|she\s+|u\s+)?([^,.;:?!]+)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z]+")
# "the one that pays more", "the one with the best hours": a ranking, read by the rules for it
RANKING_WORDS = frozenset(
    "most least more less best worst highest lowest fastest quickest shortest longest pays pay".split()
)
WINNER_FACTOR = 1.5  # the best role's match must outweigh the next one's by half again


class RoleDescriptions:
    """Each role's describing stems with their weights (stems every role shares weigh nothing)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        texts = {role.id: " ".join((role.summary, role.tagline, *role.duties)).lower() for role in kb.roles}
        stems = {role: {stem(word) for word in _WORD.findall(text)} for role, text in texts.items()}
        count = len(stems)
        spread = Counter(s for found in stems.values() for s in found)
        self.weights: dict[RoleId, dict[str, float]] = {
            role: {s: math.log(count / spread[s]) for s in found if spread[s] < count}
            for role, found in stems.items()
        }

    def described(self, text: str, pool: tuple[RoleId, ...]) -> tuple[RoleId, str] | None:
        """The role of the pool that the message describes, if it describes one clearly, with the
        description ("the one where you draw blood"), which stands for the role's name."""
        found = _DESCRIBED.search(text)
        if found is None or len(pool) < 2:
            return None
        words = _WORD.findall(found.group(1).lower())
        if not words or RANKING_WORDS.intersection(words):
            return None
        asked = {stem(word) for word in words}
        scores = sorted(
            ((sum(self.weights.get(role, {}).get(s, 0.0) for s in asked), role) for role in pool),
            reverse=True,
        )
        (best, role), (second, _) = scores[0], scores[1]
        return (role, found.group(0)) if best > 0 and best >= WINNER_FACTOR * second else None
