"""Finding the knowledge a message names by its words, for the dialogue and the answers alike."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from .guide import Credential, CredentialComparison, CredentialGuide
from .schema import Role


@functools.lru_cache(maxsize=1024)  # the credentials' aliases, looked up for every message
def words_of(text: str) -> str:
    """A text as space-padded lower-case words, to look names up in."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.casefold())) + " "


def state_named(text: str, states: tuple[str, ...]) -> str | None:
    """The US state a text names ("MA pay in Texas" -> "Texas"), the longest name first ("West Virginia")."""
    words = words_of(text)
    return next((state for folded, state in _longest_first(states) if folded in words), None)


@functools.lru_cache(maxsize=4)  # asked of every role question: sorted and folded once per list of states
def _longest_first(states: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    ordered = sorted(states, key=len, reverse=True)
    return tuple((words_of(state), state) for state in ordered)


def named(credential: Credential, words: str) -> bool:
    return any(words_of(alias) in words for alias in credential.aliases)


def named_credentials(text: str, guide: CredentialGuide) -> list[tuple[CredentialComparison, Credential]]:
    """Every credential the text names, with the comparison it belongs to, in the guide's order."""
    words = words_of(text)
    if _alias_words(guide).isdisjoint(words.split()):
        return []  # no word of any credential's name: most messages, looked up for every one
    return [
        (comparison, credential)
        for comparison in guide.comparisons
        for credential in comparison.credentials
        if named(credential, words)
    ]


_ALIAS_WORDS: dict[int, tuple[CredentialGuide, frozenset[str]]] = {}  # by guide, kept with it
MAX_GUIDES = 8


def _alias_words(guide: CredentialGuide) -> frozenset[str]:
    """Every word of every credential's names, worked out once per guide."""
    known = _ALIAS_WORDS.get(id(guide))
    if known is None or known[0] is not guide:
        aliases = (
            alias for c in guide.comparisons for credential in c.credentials for alias in credential.aliases
        )
        known = guide, frozenset(word for alias in aliases for word in words_of(alias).split())
        if len(_ALIAS_WORDS) >= MAX_GUIDES:  # a process that loads many knowledge folders (the tests)
            _ALIAS_WORDS.clear()
        _ALIAS_WORDS[id(guide)] = known
    return known[1]


def credentials_named(
    text: str, guide: CredentialGuide, found: list[tuple[CredentialComparison, Credential]] | None = None
) -> tuple[CredentialComparison, list[Credential]] | None:
    """The first comparison two or more of whose credentials the text names ("CMA vs RMA"), with them
    (`found`: the text's `named_credentials`, when already looked up)."""
    found = named_credentials(text, guide) if found is None else found
    for comparison in guide.comparisons:
        chosen = [credential for owner, credential in found if owner is comparison]
        if len(chosen) >= 2:
            return comparison, chosen
    return None


MISSING_LAST = -(10**9)  # a role with no published figure sorts after every role that has one
# What "rank by pay / training / growth / openings" sorts on, higher first (training: shorter first).
RANK_KEYS: dict[str, Callable[[Role], float]] = {
    "pay": lambda role: role.salary.median_annual,
    "training": lambda role: -role.education.months_to_qualify,
    "growth": lambda role: (
        MISSING_LAST if role.outlook.growth_percent is None else role.outlook.growth_percent
    ),
    "openings": lambda role: role.outlook.openings_per_year or MISSING_LAST,
}


def ranked(roles: Iterable[Role], key: str) -> list[Role]:
    """The roles best first by the key; ties keep the data's order."""
    return sorted(roles, key=RANK_KEYS[key], reverse=True)


def aspect_figure(role: Role, aspect: str) -> float | None:
    """The figure a comparison on an aspect is decided by: median pay, growth, months to qualify."""
    if aspect == "role_salary":
        return float(role.salary.median_annual)
    if aspect == "role_outlook":
        return None if role.outlook.growth_percent is None else float(role.outlook.growth_percent)
    if aspect == "role_education":
        return float(role.education.months_to_qualify)
    return None
