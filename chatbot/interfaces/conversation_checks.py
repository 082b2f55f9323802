"""The conversation test format: turns, their checks, and how a check judges one reply.

Shared by the file reader (conversation_files) and the scorer (conversations). A check is one of
intent, intent_not, roles (exact, in order), roles_any, roles_all, roles_none (over the reply's roles and
suggestions, as ../shared/eval/score_personas.py counts them) and text_all, text_any, text_none
(case-insensitive regexes on the reply text).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..answers.reply import Reply
from ..records import record

ROLE_CHECKS = ("roles_any", "roles_all", "roles_none")
TEXT_CHECKS = ("text_all", "text_any", "text_none")
CHECKS = ("intent", "intent_not", "roles", *ROLE_CHECKS, *TEXT_CHECKS)
TOP_SUGGESTIONS = 5  # roles_none looks at the first five suggestions only, as score_personas.py does
NO_CLASS = "(none)"


@record
class Check:
    """One expectation on a reply: `values` are role or intent ids, or case-insensitive regexes."""

    key: str
    values: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...] = ()

    def failure(self, reply: Reply) -> str | None:
        """Why the reply fails this check, or None when it passes."""
        return _CHECKERS[self.key](self, reply)


@record
class Turn:
    number: int
    say: str
    category: str  # the turn's class, else its conversation's, else NO_CLASS
    checks: tuple[Check, ...]


@record
class Conversation:
    id: str
    source: Path
    persona: str
    pending: str  # why it is expected to fail for now; "" when it must pass
    turns: tuple[Turn, ...]


def _found(reply: Reply) -> str:
    return f"(roles {list(reply.roles)}, suggested {list(reply.suggested_roles)})"


def _intent(check: Check, reply: Reply) -> str | None:
    if reply.intent in check.values:
        return None
    return f"intent: expected {' or '.join(check.values)}, got {reply.intent}"


def _intent_not(check: Check, reply: Reply) -> str | None:
    return f"intent_not {list(check.values)}: got {reply.intent}" if reply.intent in check.values else None


def _roles(check: Check, reply: Reply) -> str | None:
    if reply.roles == check.values:
        return None
    return f"roles: expected exactly {list(check.values)}, got {list(reply.roles)}"


def _roles_any(check: Check, reply: Reply) -> str | None:
    if set(check.values) & {*reply.roles, *reply.suggested_roles}:
        return None
    return f"roles_any: none of {list(check.values)} {_found(reply)}"


def _roles_all(check: Check, reply: Reply) -> str | None:
    missing = [r for r in check.values if r not in {*reply.roles, *reply.suggested_roles}]
    return f"roles_all: missing {missing} {_found(reply)}" if missing else None


def _roles_none(check: Check, reply: Reply) -> str | None:
    top = {*reply.roles, *reply.suggested_roles[:TOP_SUGGESTIONS]}
    present = [r for r in check.values if r in top]
    return f"roles_none: {present} present {_found(reply)}" if present else None


def _text_all(check: Check, reply: Reply) -> str | None:
    missing = [p.pattern for p in check.patterns if not p.search(reply.text)]
    return "text_all: no match for " + " | ".join(map(repr, missing)) if missing else None


def _text_any(check: Check, reply: Reply) -> str | None:
    if any(p.search(reply.text) for p in check.patterns):
        return None
    return "text_any: no match for any of " + " | ".join(repr(p.pattern) for p in check.patterns)


def _text_none(check: Check, reply: Reply) -> str | None:
    hits = [p.pattern for p in check.patterns if p.search(reply.text)]
    return "text_none: matched " + " | ".join(map(repr, hits)) if hits else None


_CHECKERS: dict[str, Callable[[Check, Reply], str | None]] = {
    "intent": _intent,
    "intent_not": _intent_not,
    "roles": _roles,
    "roles_any": _roles_any,
    "roles_all": _roles_all,
    "roles_none": _roles_none,
    "text_all": _text_all,
    "text_any": _text_any,
    "text_none": _text_none,
}
