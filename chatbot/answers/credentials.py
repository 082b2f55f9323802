"""Credential comparisons ("CMA vs RMA", "CPC or CCS?"): issuer, who can apply, exam and renewal.

The comparisons live in knowledge/credentials.yaml; a credential is found in a message by its aliases,
matched as whole words of the cleaned text, so "cpc" never matches inside another word.
"""

from __future__ import annotations

from ..knowledge.guide import Credential, CredentialComparison
from ..knowledge.lookup import credentials_named, named, words_of
from ..knowledge.schema import KnowledgeBase, Role


def _block(credential: Credential) -> str:
    return (
        f"{credential.abbreviation}, {credential.name}, from {credential.issuer}\n"
        f"  Who can apply: {credential.eligibility}\n"
        f"  Exam: {credential.exam}\n"
        f"  Renewal: {credential.renewal}"
    )


def _compare(comparison: CredentialComparison, chosen: list[Credential]) -> str:
    title = " vs ".join(credential.abbreviation for credential in chosen)
    parts = [f"{title}:", *(_block(credential) for credential in chosen), f"In short: {comparison.contrast}"]
    if comparison.note:
        parts.append(comparison.note)
    parts.append("Rules and fees change, so check with the group that gives the credential.")
    return "\n".join(parts)


def credential_comparison(text: str, kb: KnowledgeBase) -> str | None:
    """ "CMA vs RMA", "CPT or PBT": the named credentials side by side; None unless two are named."""
    found = credentials_named(text, kb.credentials)
    return _compare(*found) if found else None


def credentials_of_role(role: Role, kb: KnowledgeBase, first: str = "") -> str | None:
    """ "Which MA certification is best": every rival credential of the role compared, the one the user
    named (`first`, any text naming it) first; None if it has none."""
    words = words_of(first)
    for comparison in kb.credentials.comparisons:
        if role.id in comparison.roles:
            chosen = sorted(comparison.credentials, key=lambda credential: not named(credential, words))
            return _compare(comparison, chosen)
    return None


def credential_sources(text: str, role: Role | None, kb: KnowledgeBase) -> tuple[str, ...]:
    """The sources of the credentials an answer compares, for the Reply's `sources`."""
    words = words_of(text)
    found = [
        url
        for comparison in kb.credentials.comparisons
        for credential in comparison.credentials
        if named(credential, words) or (role is not None and role.id in comparison.roles)
        for url in credential.sources
    ]
    return tuple(dict.fromkeys(found))
