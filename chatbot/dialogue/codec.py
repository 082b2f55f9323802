"""Frozen dataclasses <-> plain JSON-able values, driven by their type hints.

The web chat carries the conversation state to the browser and back, so the state must survive a trip
through JSON. Nothing here names a field of `DialogueState`: the shapes come from `typing.get_type_hints`,
so a field the dialogue gains or renames is carried with no change here. Decoding trusts nothing: a value
that does not fit the hints (a wrong type, an unknown or missing field, a value outside a Literal) raises
ValueError, which the callers turn into a clear "bad state" answer.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import math
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar, Union

T = TypeVar("T")
JSONValue = Any  # what json.dumps accepts: dict, list, str, int, float, bool, None
EXACT_SCALARS = (str, int, bool)  # JSON gives exactly these types; float needs its finiteness check
MAX_DEPTH = 32  # a state nests a few levels; anything deeper is not one of ours


def encode(value: Any) -> JSONValue:
    """A frozen dataclass (or any value its hints allow) as dicts, lists and scalars.

    Fields equal to their default are left out, which keeps tokens short; `decode` fills them in.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, JSONValue] = {}
        for spec in _init_fields(type(value)):
            item = getattr(value, spec.name)
            if not _is_default(spec, item):
                out[spec.name] = encode(item)
        return out
    if isinstance(value, enum.Enum):
        return encode(value.value)
    if isinstance(value, (tuple, list)):
        return [encode(item) for item in value]
    if isinstance(value, (frozenset, set)):
        return sorted((encode(item) for item in value), key=repr)
    if isinstance(value, Mapping):
        return {str(key): encode(item) for key, item in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot encode a {type(value).__name__}")


def decode(cls: type[T], data: JSONValue) -> T:
    """The `cls` instance that `data` describes; ValueError when it does not fit the type hints."""
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise TypeError(f"{cls!r} is not a dataclass")
    result: T = _decode(cls, data, cls.__name__, 0)
    return result


def _decode(hint: Any, data: JSONValue, where: str, depth: int) -> Any:
    if type(data) is hint and hint in EXACT_SCALARS:  # the common case first: a str, int or bool as hinted
        return data
    if depth > MAX_DEPTH:
        raise ValueError(f"{where}: nested too deeply")
    origin = typing.get_origin(hint)
    if hint is Any or hint is object:
        raise TypeError(f"{where}: a field typed {hint!r} cannot be checked, so it cannot be decoded")
    if hint is None or hint is type(None):
        return _expect(data is None, data, where, "null")
    if origin is typing.Literal:
        allowed = typing.get_args(hint)
        if any(data == option and type(data) is type(option) for option in allowed):
            return data
        raise ValueError(f"{where}: {data!r} is not one of {list(allowed)!r}")
    if origin is Union or origin is types.UnionType:
        return _decode_union(hint, data, where, depth)
    if origin is tuple:
        return _decode_tuple(hint, data, where, depth)
    if origin in (frozenset, set, typing.AbstractSet) or hint in (frozenset, set):
        (item_hint,) = typing.get_args(hint) or (Any,)
        items = _expect(isinstance(data, list), data, where, "a list")
        return frozenset(_decode(item_hint, item, f"{where}[]", depth + 1) for item in items)
    if origin in (dict, Mapping, typing.Mapping) or hint is dict:
        return _decode_mapping(hint, data, where, depth)
    if isinstance(hint, type):
        return _decode_class(hint, data, where, depth)
    raise TypeError(f"{where}: unsupported type hint {hint!r}")


def _decode_class(hint: type, data: JSONValue, where: str, depth: int) -> Any:
    if dataclasses.is_dataclass(hint):
        return _decode_dataclass(hint, data, where, depth)
    if issubclass(hint, enum.Enum):
        try:
            return hint(data)
        except ValueError:
            raise ValueError(f"{where}: {data!r} is not a {hint.__name__}") from None
    if hint is bool:
        return _expect(isinstance(data, bool), data, where, "true or false")
    if hint is int:
        return _expect(isinstance(data, int) and not isinstance(data, bool), data, where, "an integer")
    if hint is float:
        number = isinstance(data, (int, float)) and not isinstance(data, bool)
        _expect(number and math.isfinite(data), data, where, "a finite number")
        return float(data)
    if hint is str:
        return _expect(isinstance(data, str), data, where, "a string")
    raise TypeError(f"{where}: unsupported type {hint.__name__}")


def _decode_dataclass(cls: type, data: JSONValue, where: str, depth: int) -> Any:
    fields = _init_fields(cls)
    values = _expect(isinstance(data, dict), data, where, "an object")
    unknown = sorted(set(values) - {spec.name for spec in fields})
    if unknown:
        raise ValueError(f"{where}: unknown field {unknown[0]!r}")
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for spec in fields:
        if spec.name in values:
            kwargs[spec.name] = _decode(
                hints[spec.name], values[spec.name], f"{where}.{spec.name}", depth + 1
            )
        elif spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
            raise ValueError(f"{where}: missing field {spec.name!r}")
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as error:  # a __post_init__ check of the dataclass itself
        raise ValueError(f"{where}: {error}") from None


def _decode_union(hint: Any, data: JSONValue, where: str, depth: int) -> Any:
    options = typing.get_args(hint)
    if data is None and type(None) in options:
        return None
    problems: list[str] = []
    for option in options:
        if option is type(None):
            continue
        try:
            return _decode(option, data, where, depth)
        except ValueError as error:
            problems.append(str(error))
    raise ValueError(problems[0] if len(problems) == 1 else f"{where}: {data!r} fits none of {hint}")


def _decode_tuple(hint: Any, data: JSONValue, where: str, depth: int) -> tuple[Any, ...]:
    items = _expect(isinstance(data, list), data, where, "a list")
    args = typing.get_args(hint)
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(_decode(args[0], item, f"{where}[{n}]", depth + 1) for n, item in enumerate(items))
    if args == ((),):  # tuple[()]: the empty tuple
        args = ()
    if len(items) != len(args):
        raise ValueError(f"{where}: expected {len(args)} items, got {len(items)}")
    pairs = enumerate(zip(args, items, strict=True))
    return tuple(_decode(arg, item, f"{where}[{n}]", depth + 1) for n, (arg, item) in pairs)


def _decode_mapping(hint: Any, data: JSONValue, where: str, depth: int) -> dict[Any, Any]:
    key_hint, value_hint = typing.get_args(hint) or (str, Any)
    items = _expect(isinstance(data, dict), data, where, "an object")
    return {
        _decode(key_hint, key, f"{where} key", depth + 1): _decode(
            value_hint, value, f"{where}[{key!r}]", depth + 1
        )
        for key, value in items.items()
    }


def _expect(ok: bool, data: T, where: str, what: str) -> T:
    if not ok:
        raise ValueError(f"{where}: expected {what}, got {type(data).__name__}")
    return data


@functools.cache
def _init_fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return tuple(spec for spec in dataclasses.fields(cls) if spec.init)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """The resolved hints of a dataclass (string annotations included), once per class."""
    try:
        return typing.get_type_hints(cls)
    except NameError as error:  # a name imported only under TYPE_CHECKING
        raise TypeError(f"cannot resolve the type hints of {cls.__name__}: {error}") from None


def _is_default(spec: dataclasses.Field[Any], value: Any) -> bool:
    if spec.default is not dataclasses.MISSING:
        return bool(value == spec.default)
    if spec.default_factory is not dataclasses.MISSING:
        return bool(value == spec.default_factory())
    return False
