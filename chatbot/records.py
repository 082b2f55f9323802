"""`@record`: a frozen, slotted dataclass whose methods are shared by every class, not compiled for each.

Why: `@dataclass(frozen=True, slots=True)` writes six methods for each class as source text and compiles
them (`__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`): about 1 ms a class on
the 2-core machine. A start needs some 70 classes, and that was 90 ms of the 240 ms `careerbot ask` took
beyond bare Python. A record is still a dataclass (`fields`, `replace`, `asdict` and `match` work, and
type checkers see a frozen dataclass); its methods are written once, here, and read the class's fields.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError
from itertools import repeat
from typing import TYPE_CHECKING, Any, TypeVar

T = TypeVar("T")
_set = object.__setattr__


class _Spec:
    """What the shared methods need to know of one record class, worked out once when it is defined."""

    def __init__(self, cls: type) -> None:
        found = dataclasses.fields(cls)
        if any(not f.init or f.kw_only for f in found):
            raise TypeError(f"{cls.__name__}: a record's fields are all plain __init__ arguments")
        self.name = cls.__qualname__
        self.fields = tuple(f.name for f in found)
        self.field_set = frozenset(self.fields)
        self.position = {name: index for index, name in enumerate(self.fields)}
        self.values = _reader(self.fields)  # every field's value, in order
        self.defaults = {f.name: f.default for f in found if f.default is not MISSING}
        self.factories = {f.name: f.default_factory for f in found if f.default_factory is not MISSING}
        compared = [f.name for f in found if f.compare]
        self.key = _reader(tuple(compared))
        self.shown = tuple(f.name for f in found if f.repr)
        self.post_init = hasattr(cls, "__post_init__")


def _reader(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function that reads these fields of a record as a tuple, in one C call when there are several."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    return lambda obj: tuple(getattr(obj, name) for name in names)


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    spec: _Spec = self._record
    names = spec.fields
    if kwargs or len(args) != len(names):
        if not args and len(kwargs) == len(names) and kwargs.keys() == spec.field_set:
            args = tuple(map(kwargs.__getitem__, names))  # every field by name: `replace` does this
        else:
            args = _arguments(spec, args, kwargs)
    _fill(self, names, args)
    if spec.post_init:
        self.__post_init__()


def _fill(obj: Any, names: tuple[str, ...], values: Any) -> None:
    """Set each field, bypassing the frozen `__setattr__`, in one pass in C."""
    any(map(_set, repeat(obj), names, values))


def _arguments(spec: _Spec, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """The value of every field, from the arguments given and the defaults; TypeError as a call's."""
    names = spec.fields
    if len(args) > len(names):
        raise TypeError(f"{spec.name}() takes {len(names)} arguments but {len(args)} were given")
    values = list(args)
    for name in names[len(args) :]:
        if name in kwargs:
            values.append(kwargs.pop(name))
        elif name in spec.defaults:
            values.append(spec.defaults[name])
        elif name in spec.factories:
            values.append(spec.factories[name]())
        else:
            raise TypeError(f"{spec.name}() missing argument {name!r}")
    if kwargs:
        raise TypeError(f"{spec.name}() got an unexpected or repeated argument {next(iter(kwargs))!r}")
    return tuple(values)


def _replace(obj: T, /, **changes: Any) -> T:
    """`dataclasses.replace`, quicker for a record (it runs several times in every reply)."""
    spec: _Spec | None = getattr(type(obj), "_record", None)
    if spec is None:
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    if not spec.field_set.issuperset(changes):
        raise TypeError(f"{spec.name} has no field {next(iter(set(changes) - spec.field_set))!r}")
    values = list(spec.values(obj))
    for name, value in changes.items():
        values[spec.position[name]] = value
    made: T = object.__new__(type(obj))
    _fill(made, spec.fields, values)
    if spec.post_init:
        made.__post_init__()  # type: ignore[attr-defined]
    return made


def _eq(self: Any, other: Any) -> Any:  # NotImplemented for another class, as dataclasses do
    if other.__class__ is not self.__class__:
        return NotImplemented
    key = self._record.key
    return key(self) == key(other)


def _hash(self: Any) -> int:
    return hash(self._record.key(self))


def _repr(self: Any) -> str:
    spec: _Spec = self._record
    return f"{spec.name}({', '.join(f'{name}={getattr(self, name)!r}' for name in spec.shown)})"


def _setattr(self: Any, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: Any) -> list[Any]:  # copy and pickle: a frozen class cannot take the default setattr
    return list(self._record.values(self))


def _setstate(self: Any, state: list[Any]) -> None:
    for name, value in zip(self._record.fields, state, strict=True):
        _set(self, name, value)


def _make_record(cls: type[T]) -> type[T]:
    if not cls.__doc__:  # what dataclass would say, without its costly look at the signature
        cls.__doc__ = f"{cls.__name__}({', '.join(cls.__dict__.get('__annotations__', {}))})"
    made = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=True)
    made._record = _Spec(made)  # type: ignore[attr-defined]
    for name, method in (
        ("__init__", _init),
        ("__repr__", _repr),
        ("__eq__", _eq),
        ("__hash__", _hash),
        ("__setattr__", _setattr),
        ("__delattr__", _delattr),
        ("__getstate__", _getstate),
        ("__setstate__", _setstate),
    ):
        setattr(made, name, method)
    return made


if TYPE_CHECKING:  # type checkers see `@dataclass(frozen=True, slots=True)` and check `replace` calls as
    # theirs; nothing is imported at run time
    from dataclasses import replace as replace

    from typing_extensions import dataclass_transform

    @dataclass_transform(frozen_default=True)
    def record(cls: type[T]) -> type[T]: ...

else:
    record, replace = _make_record, _replace
