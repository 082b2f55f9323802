"""Plain values (from YAML) -> frozen dataclasses, each value checked against its type hint.

The dataclasses in `schema` and `guide` are the schema: a field added there is a field the files
must hold, checked here with the key path and a did-you-mean for a misspelt key.
"""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import MISSING, fields, is_dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin

if TYPE_CHECKING:
    from .loader import KeyPath, _Document

URL_PATTERN = re.compile(r"^https?://\S+$")
URL_FIELDS = {"source", "sources"}


def _type_name(hint: Any) -> str:
    origin = get_origin(hint)
    if origin in (types.UnionType, typing.Union):  # `int | None`: a null is allowed, with a note saying why
        options = [a for a in get_args(hint) if a is not type(None)]
        return f"{_type_name(options[0])} or null"
    if hint is str:
        return "text"
    if hint is int:
        return "a whole number"
    if hint is float:
        return "a number"
    if hint is bool:
        return "true or false"
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in get_args(hint))
    if origin is tuple:
        return f"a non-empty list of {_type_name(get_args(hint)[0])}"
    if is_dataclass(hint):
        return "a mapping with keys " + ", ".join(f.name for f in fields(hint) if not f.name.startswith("_"))
    if origin in (Mapping, dict) or origin is typing.Mapping:
        return "a mapping"
    return str(hint)


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    return {str: "text", int: "a whole number", float: "a number", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__
    )


MISSING_VALUE = object()


def build(hint: Any, value: Any, keys: KeyPath, document: _Document) -> Any:
    """Check `value` against `hint` and build it; record every problem; return a value or MISSING_VALUE."""
    origin = get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in get_args(hint) if a is not type(None)]
        return None if value is None else build(options[0], value, keys, document)
    if hint is str:
        if isinstance(value, str) and value.strip():
            if keys and keys[-1] in URL_FIELDS or (len(keys) > 1 and keys[-2] == "sources"):
                if not URL_PATTERN.match(value):
                    document.problem(keys, f"got {value!r}; expected a source URL starting with http")
                    return MISSING_VALUE
            return value.strip()
        if isinstance(value, (int, float)) and not isinstance(value, bool) and keys and keys[-1] == "period":
            return str(value)
        document.problem(
            keys, f"got {describe(value) if value != '' else 'empty text'}; expected {_type_name(hint)}"
        )
        return MISSING_VALUE
    if hint is bool:
        if isinstance(value, bool):
            return value
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif origin is Literal:
        if value in get_args(hint):
            return value
        close = difflib.get_close_matches(str(value), [str(a) for a in get_args(hint)], n=1)
        hint_text = f"; did you mean {close[0]!r}?" if close else ""
        document.problem(keys, f"got {value!r}; expected {_type_name(hint)}{hint_text}")
        return MISSING_VALUE
    elif origin is tuple:
        if isinstance(value, list):
            if not value:
                document.problem(keys, "empty list; expected at least one item")
                return MISSING_VALUE
            items = [build(get_args(hint)[0], item, (*keys, i), document) for i, item in enumerate(value)]
            return MISSING_VALUE if MISSING_VALUE in items else tuple(items)
    elif origin is Mapping:
        key_hint, value_hint = get_args(hint)
        if isinstance(value, dict):  # may be empty: `ambiguous_terms: {}` says no word is ambiguous
            built = {k: build(value_hint, v, (*keys, k), document) for k, v in value.items()}
            return MISSING_VALUE if MISSING_VALUE in built.values() else built
    elif is_dataclass(hint):
        if isinstance(value, dict):
            return build_record(hint, value, keys, document)
    else:  # pragma: no cover - a type hint this builder does not know is a programming error
        raise TypeError(f"no builder for {hint!r}")
    document.problem(keys, f"got {describe(value)}; expected {_type_name(hint)}")
    return MISSING_VALUE


@functools.cache
def _hints(cls: Any) -> dict[str, Any]:
    """A dataclass's resolved type hints; cached, as resolving them is slow and they never change."""
    return typing.get_type_hints(cls)


def build_record(cls: Any, value: dict[str, Any], keys: KeyPath, document: _Document) -> Any:
    hints = _hints(cls)
    known = [f for f in fields(cls) if not f.name.startswith("_")]
    names = [f.name for f in known]
    ok = True
    for key in value:
        if key not in names:
            close = difflib.get_close_matches(key, names, n=1)
            hint_text = f"; did you mean '{close[0]}'?" if close else f"; expected one of {', '.join(names)}"
            document.problem((*keys, key), f"unknown key{hint_text}")
            ok = False
    arguments: dict[str, Any] = {}
    for f in known:
        if f.name not in value:
            if f.default is MISSING and f.default_factory is MISSING:
                document.problem((*keys, f.name), f"missing; expected {_type_name(hints[f.name])}")
                ok = False
            continue
        if value[f.name] == [] and f.default == ():
            continue  # a list that may be empty says so with a default of ()
        built = build(hints[f.name], value[f.name], (*keys, f.name), document)
        if built is MISSING_VALUE:
            ok = False
        else:
            arguments[f.name] = built
    return cls(**arguments) if ok else MISSING_VALUE
