"""Finding the knowledge a message names by its words, for the dialogue and the answers alike."""

from __future__ import annotations

import re

from .guide import Credential, CredentialComparison, CredentialGuide


def words_of(text: str) -> str:
    """A text as space-padded lower-case words, to look names up in."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.casefold())) + " "


def named(credential: Credential, words: str) -> bool:
    return any(words_of(alias) in words for alias in credential.aliases)


def credentials_named(
    text: str, guide: CredentialGuide
) -> tuple[CredentialComparison, list[Credential]] | None:
    """The first comparison two or more of whose credentials the text names ("CMA vs RMA"), with them."""
    words = words_of(text)
    for comparison in guide.comparisons:
        chosen = [credential for credential in comparison.credentials if named(credential, words)]
        if len(chosen) >= 2:
            return comparison, chosen
    return None
