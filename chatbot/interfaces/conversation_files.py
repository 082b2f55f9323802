"""Reading conversation files: YAML or persona JSONL -> validated Conversations.

Every problem in every file is collected before anything is raised, each with the file, the line, the
conversation and turn, and what was expected (with a did-you-mean for misspelt keys and ids), so an
author can fix them all in one go. YAML is read by the knowledge loader's safe reader, which keeps lines.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import DataError, Problem
from ..knowledge.loader import REQUIRED_INTENTS, read_yaml
from ..knowledge.paths import read_capped
from ..records import record
from .conversation_checks import CHECKS, NO_CLASS, TEXT_CHECKS, Check, Conversation, Turn

CONVERSATION_KEYS = ("id", "persona", "class", "pending", "turns")
YAML_TURN_KEYS = {"say": "say", "class": "class", "expect": "expect"}
PERSONA_TURN_KEYS = {"text": "say", "class": "class", "check": "expect"}  # JSONL name -> field
# The 20 intent ids of the JSON contract (../shared/eval/README.md); some come from rules, not intent files.
CONTRACT_INTENTS = frozenset(REQUIRED_INTENTS) | {"crisis", "medical_advice", "about_data"}
FILE_SUFFIXES = (".yaml", ".yml", ".jsonl")
MAX_JSONL_BYTES = 10_000_000  # thousands of conversations; beyond that a mistake, not a test set
SHOWN_CHARS = 60  # a bad value is quoted this far in a problem: enough to find it, never a whole turn

KeyPath = tuple[str | int, ...]
Locate = Callable[[KeyPath], str]  # a key path inside one conversation -> "line 12"


@record
class _Context:
    """What validation of one conversation needs: where it is, what ids exist, where to report."""

    path: Path
    locate: Locate
    turn_keys: dict[str, str]
    roles: frozenset[str]
    intents: frozenset[str]
    problems: list[Problem]

    def problem(self, label: str, keys: KeyPath, message: str) -> None:
        where = ", ".join(part for part in (label, self.locate(keys)) if part)
        self.problems.append(Problem(self.path, where, message))


def _show(value: Any) -> str:
    """A value as a problem message quotes it: short, whatever was in the file."""
    shown = repr(value)
    return shown if len(shown) <= SHOWN_CHARS else shown[:SHOWN_CHARS] + "..."


def _unknown(key: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f"; expected one of {', '.join(known)}"
    return f"unknown key '{key}'{hint}"


def _strings(value: Any, *, allow_empty: bool = False) -> tuple[str, ...] | None:
    if isinstance(value, str) and value:
        return (value,)
    if isinstance(value, list) and (value or allow_empty) and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    return None


def _check(key: str, value: Any, label: str, keys: KeyPath, ctx: _Context) -> Check | None:
    """One expect entry as a Check, or None after recording what is wrong with it."""
    values = _strings(value, allow_empty=key == "roles")
    if values is None or (key not in ("intent", "roles") and not isinstance(value, list)):
        shape = "an intent id or a list of them" if key == "intent" else "a list of strings"
        ctx.problem(label, keys, f"'{key}' must be {shape}; got {_show(value)}")
        return None
    if key in TEXT_CHECKS:
        patterns = []
        for pattern in values:
            try:
                patterns.append(re.compile(pattern, re.IGNORECASE))
            except re.error as error:
                ctx.problem(label, keys, f"'{key}': bad regex {pattern!r} ({error}); expected a Python regex")
        return Check(key, values, tuple(patterns)) if len(patterns) == len(values) else None
    known, kind = (ctx.intents, "intent") if key.startswith("intent") else (ctx.roles, "role")
    bad = [v for v in values if v not in known]
    if bad:
        close = [m for v in bad for m in difflib.get_close_matches(v, list(known), n=1)]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        ctx.problem(label, keys, f"'{key}': unknown {kind} id {', '.join(bad)}{hint}")
        return None
    return Check(key, values)


def _checks(expect: Any, label: str, keys: KeyPath, ctx: _Context) -> tuple[Check, ...]:
    if expect is None:
        return ()
    if not isinstance(expect, dict):
        ctx.problem(label, keys, f"expected a mapping of checks ({', '.join(CHECKS)}); got {_show(expect)}")
        return ()
    checks = []
    for key, value in expect.items():
        if key not in CHECKS:
            ctx.problem(label, (*keys, key), _unknown(key, CHECKS))
        elif (check := _check(key, value, label, (*keys, key), ctx)) is not None:
            checks.append(check)
    return tuple(checks)


def _optional_text(raw: dict[str, Any], key: str, label: str, ctx: _Context) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str) or (key in raw and not value.strip()):
        ctx.problem(label, (key,), f"'{key}' must be a non-empty string; got {_show(value)}")
        return ""
    return value


def _turn(raw: Any, number: int, default_class: str, label: str, ctx: _Context) -> Turn | None:
    keys: KeyPath = ("turns", number - 1)
    label = f"{label}, turn {number}"
    names = {field: name for name, field in ctx.turn_keys.items()}
    if not isinstance(raw, dict):
        ctx.problem(label, keys, f"expected a mapping with '{names['say']}'; got {_show(raw)}")
        return None
    for key in raw:
        if key not in ctx.turn_keys:
            ctx.problem(label, (*keys, key), _unknown(key, ctx.turn_keys))
    fields = {ctx.turn_keys[key]: value for key, value in raw.items() if key in ctx.turn_keys}
    say = fields.get("say")
    if not isinstance(say, str):
        hint = f"; got {_show(say)} (put quotes around a number: '2')" if "say" in fields else ""
        ctx.problem(label, keys, f"'{names['say']}' must be the text the user types{hint}")
        return None
    category = fields.get("class", default_class)
    if not isinstance(category, str) or not category.strip():
        message = f"'class' must be a non-empty string; got {_show(category)}"
        ctx.problem(label, (*keys, names["class"]), message)
        category = NO_CLASS
    checks = _checks(fields.get("expect"), label, (*keys, names["expect"]), ctx)
    return Turn(number, say, category, checks)


def _conversation(raw: Any, ctx: _Context) -> Conversation | None:
    if not isinstance(raw, dict):
        ctx.problem("", (), f"expected a conversation (a mapping with id and turns); got {_show(raw)}")
        return None
    raw_id = raw.get("id")
    cid = raw_id.strip() if isinstance(raw_id, str) else ""
    label = f"conversation '{cid}'" if cid else "a conversation"
    if not cid:
        ctx.problem(label, (), f"'id' must be a non-empty string; got {_show(raw_id)}")
    for key in raw:
        if key not in CONVERSATION_KEYS:
            ctx.problem(label, (key,), _unknown(key, CONVERSATION_KEYS))
    persona, pending = _optional_text(raw, "persona", label, ctx), _optional_text(raw, "pending", label, ctx)
    default_class = _optional_text(raw, "class", label, ctx) or NO_CLASS
    raw_turns = raw.get("turns")
    if not isinstance(raw_turns, list) or not raw_turns:
        ctx.problem(label, ("turns",), "'turns' must be a non-empty list of turns")
        return None
    turns = [_turn(t, n, default_class, label, ctx) for n, t in enumerate(raw_turns, 1)]
    kept = tuple(t for t in turns if t is not None)
    if not cid or len(kept) < len(turns):
        return None
    return Conversation(cid, ctx.path, persona, pending, kept)


def _yaml_conversations(path: Path, problems: list[Problem]) -> list[tuple[Any, Locate]]:
    document = read_yaml(path, problems)
    if document is None:
        return []
    if not isinstance(document.value, list):
        problems.append(Problem(path, "", "expected a list of conversations (lines starting '- id:')"))
        return []

    def locator(index: int) -> Locate:
        def locate(keys: KeyPath) -> str:
            while (index, *keys) not in document.lines and keys:
                keys = keys[:-1]
            line = document.lines.get((index, *keys))
            return f"line {line}" if line else ""

        return locate

    return [(raw, locator(index)) for index, raw in enumerate(document.value)]


def _jsonl_conversations(path: Path, problems: list[Problem]) -> list[tuple[Any, Locate]]:
    try:  # a regular file with a cap: a FIFO or a device given as input is refused, never waited on
        lines = read_capped(path, MAX_JSONL_BYTES).decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        problems.append(Problem(path, "", f"invalid UTF-8 at byte {error.start}; expected a UTF-8 text file"))
        return []
    except OSError as error:
        problems.append(Problem(path, "", f"cannot read the file ({error.strerror or error})"))
        return []
    rows: list[tuple[Any, Locate]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rows.append((json.loads(line), _at_line(number)))
        except json.JSONDecodeError as error:
            message = f"not valid JSON ({error.msg}); expected one conversation object a line"
            problems.append(Problem(path, f"line {number}", message))
    return rows


def _at_line(number: int) -> Locate:
    """A JSONL conversation is one line: every key in it is on that line."""
    return lambda keys: f"line {number}"


def conversation_files(paths: Iterable[Path], problems: list[Problem]) -> list[Path]:
    """The files to read: each file given, and the .yaml/.yml/.jsonl files of each folder, sorted."""
    files = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in FILE_SUFFIXES and p.is_file())
            if not found:
                expected = ", ".join(FILE_SUFFIXES)
                problems.append(Problem(path, "", f"no conversation files; expected {expected} files"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            problems.append(Problem(path, "", "not a regular file or folder; expected a conversation file"))
        else:
            problems.append(Problem(path, "", "no such file or folder"))
    return files


def load_conversations(
    paths: Iterable[Path], roles: Iterable[str], intents: Iterable[str] = ()
) -> tuple[Conversation, ...]:
    """Every conversation in these files and folders, checked against the ids; DataError lists problems."""
    problems: list[Problem] = []
    known_roles, known_intents = frozenset(roles), frozenset(intents) | CONTRACT_INTENTS
    conversations: list[Conversation] = []
    seen: dict[str, Path] = {}
    for path in conversation_files(paths, problems):
        jsonl = path.suffix == ".jsonl"
        read = _jsonl_conversations if jsonl else _yaml_conversations
        turn_keys = PERSONA_TURN_KEYS if jsonl else YAML_TURN_KEYS
        for raw, locate in read(path, problems):
            ctx = _Context(path, locate, turn_keys, known_roles, known_intents, problems)
            conversation = _conversation(raw, ctx)
            if conversation is None:
                continue
            if conversation.id in seen:
                label, other = f"conversation '{conversation.id}'", seen[conversation.id]
                ctx.problem(label, ("id",), f"duplicate id (also in {other}); expected unique ids")
            seen[conversation.id] = path
            conversations.append(conversation)
    if problems:
        raise DataError(problems)
    return tuple(conversations)
