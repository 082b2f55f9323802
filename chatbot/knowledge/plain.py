"""An object graph <-> plain JSON data, for the engine cache: data in, data out, no code ever run.

`to_plain` turns the built engine (frozen dataclasses, the matchers' dicts, lists, sets and tuples of
strings and numbers) into lists, dicts, strings and numbers. Every object is written once to a table
and referred to by its index, so shared objects stay shared and the entry stays small. `from_plain`
rebuilds the graph: it creates only instances of the classes defined in the modules it is given and
fills in their attributes with `object.__setattr__`, calling no constructor, `__init__` or
`__setstate__`; anything it does not expect raises ValueError (which the cache treats as a miss).

Layout: a container is `[tag, *items]`: "l"/"t"/"f"/"s" list, tuple, frozenset, set of encoded items;
"L"/"T"/"F" the same holding only scalars (read in one C call); "LT"/"TT" a list or tuple of scalar
tuples, "LC"/"TC" the same when each column is all whole numbers or all floats (one array per column);
"d" a dict as its list of keys and its list of values, "dA" one whose values are arrays of one type
(packed into one), "dC" one whose values are tuples of number rows; "LA"/"TA" a list or tuple of arrays;
"M" a dict with text keys and scalar values, as is (`[tag, dict]`); "dd" a defaultdict, its factory's
name first; "a" an array.array as its type code, byte order and the index of its bytes, which are kept
beside the JSON (`Blobs`); "r" an object by its index in the table; "e" an enum member by class and
name; "c" a class or function of those modules (or str, int, ...) by name, never called. An object in
the table is `[class name, [field values]]` for a dataclass, else `[class name, {attribute: value}]`.
"""

from __future__ import annotations

import array
import collections
import dataclasses
import enum
import inspect
import sys
from collections.abc import Iterable
from types import ModuleType
from typing import Any

from .packing import ARRAY_TYPES, Blobs, columns, number_rows, one_array_type, packed, row_groups

SCALARS = (str, int, float, bool, type(None))
_SEQUENCE_TAGS: dict[type, str] = {list: "l", tuple: "t", frozenset: "f", set: "s"}
FACTORIES: dict[str, type] = {t.__name__: t for t in (list, dict, set, frozenset, tuple, int, float, str)}


def _scalars(items: Iterable[Any]) -> bool:
    return all(type(item) in SCALARS for item in items)


BUILTINS: dict[str, Any] = {f"builtins:{t.__name__}": t for t in (str, int, float, bool, tuple, list)}


class _Names:
    """The classes and functions defined in the allowed modules (and a few builtins), found by name.

    Looked up on demand through the modules' and classes' own `__dict__`, so no `__getattr__`, property
    or import can run while an entry is read.
    """

    def __init__(self, kinds: Iterable[ModuleType]) -> None:
        self.modules = {module.__name__: module for module in kinds}
        self.found: dict[str, Any] = dict(BUILTINS)

    def get(self, name: object) -> Any:
        if not isinstance(name, str):
            return None
        if name not in self.found:
            module_name, _, qualname = name.partition(":")
            thing: Any = self.modules.get(module_name)
            for part in qualname.split("."):
                thing = vars(thing).get(part) if thing is not None and hasattr(thing, "__dict__") else None
            defined_here = isinstance(thing, type) or inspect.isfunction(thing)
            if not defined_here or thing.__module__ != module_name or thing.__qualname__ != qualname:
                thing = None
            self.found[name] = thing
        return self.found[name]


def _name(thing: Any) -> str:
    return f"{thing.__module__}:{thing.__qualname__}"


class _Writer:
    def __init__(self, classes: _Names) -> None:
        self.classes = classes
        self.blobs = Blobs()
        self.table: list[Any] = []
        self.index: dict[int, int] = {}
        self.open: set[int] = set()

    def value(self, value: Any) -> Any:
        kind = type(value)
        if kind in SCALARS:
            return value
        if kind in (list, tuple, frozenset, set):
            tag = _SEQUENCE_TAGS[kind]
            if _scalars(value):
                return [tag.upper() if kind is not set else "s", *value]
            if kind in (list, tuple) and all(type(item) is tuple and _scalars(item) for item in value):
                return columns(value, tag.upper(), self.blobs)
            if kind in (list, tuple) and one_array_type(value):
                return [tag.upper() + "A", *packed(list(value), self.blobs)]
            return [tag, *(self.value(item) for item in value)]
        if kind is collections.defaultdict:
            factory = value.default_factory
            if factory not in FACTORIES.values():
                raise TypeError(f"defaultdict of {factory!r} cannot be cached")
            return ["dd", factory.__name__, *self.keys_and_values(value)]
        if kind is dict:
            if all(type(k) is str for k in value) and _scalars(value.values()):
                return ["M", value]
            if one_array_type(value.values()):  # many vectors of one type: one block and their lengths
                return ["dA", [self.value(k) for k in value], *packed(list(value.values()), self.blobs)]
            table = number_rows(value.values(), self.blobs)
            if table is not None:  # many tuples of (id, weight) rows: one array per column
                return ["dC", [self.value(k) for k in value], *table]
            return ["d", *self.keys_and_values(value)]
        if kind is array.array:  # numbers in bulk (vectors): their bytes, beside the JSON
            return ["a", value.typecode, sys.byteorder, self.blobs.add(value)]
        if (isinstance(value, type) or inspect.isfunction(value)) and self.classes.get(_name(value)) is value:
            return ["c", _name(value)]  # a reference to our own code (a class, a function), by name
        if self.classes.get(_name(kind)) is not kind:
            raise TypeError(f"{_name(kind)} is not one of the classes the cache may hold")
        if isinstance(value, enum.Enum):
            return ["e", _name(kind), value.name]
        return ["r", self.object(value)]

    def keys_and_values(self, mapping: dict[Any, Any]) -> tuple[list[Any], list[Any]]:
        return [self.value(k) for k in mapping], [self.value(v) for v in mapping.values()]

    def object(self, value: Any) -> int:
        if id(value) in self.index:
            return self.index[id(value)]
        if id(value) in self.open:
            raise TypeError(f"{type(value).__name__} refers to itself; it cannot be cached")
        self.open.add(id(value))
        names = _attribute_names(value)
        if dataclasses.is_dataclass(value):  # by position: the class says which field is which
            attributes: Any = [self.value(getattr(value, name)) for name in names]
        else:
            attributes = {name: self.value(getattr(value, name)) for name in names}
        self.open.discard(id(value))
        self.table.append([_name(type(value)), attributes])
        self.index[id(value)] = len(self.table) - 1
        return self.index[id(value)]


def _attribute_names(value: Any) -> list[str]:
    """The attributes that make up an object: a dataclass's fields, else its __dict__ and __slots__."""
    if dataclasses.is_dataclass(value):
        return [field.name for field in dataclasses.fields(value)]
    if callable(value) or isinstance(value, type):
        raise TypeError(f"{value!r} is code, not data; it cannot be cached")
    names = list(getattr(value, "__dict__", {}))
    for cls in type(value).__mro__:
        slots = cls.__dict__.get("__slots__", ())
        names.extend(n for n in ((slots,) if isinstance(slots, str) else slots) if not n.startswith("__"))
    return names


def to_plain(root: Any, kinds: Iterable[ModuleType]) -> tuple[dict[str, Any], bytes]:
    """The object graph under `root` as JSON-able data and the bytes of its arrays; TypeError for
    anything that is not data."""
    writer = _Writer(_Names(kinds))
    encoded = writer.value(root)
    return {"root": encoded, "table": writer.table, "blobs": writer.blobs.spans}, writer.blobs.data()


class _Reader:
    def __init__(self, table: list[Any], kinds: Iterable[ModuleType], blobs: Blobs) -> None:
        self.classes = _Names(kinds)
        self.blobs = blobs
        self.fields: dict[str, tuple[str, ...] | None] = {}  # a dataclass's field names, by class name
        self.objects: list[Any] = []
        for index, entry in enumerate(table):
            self.objects.append(self.object(entry))
            table[index] = None  # its JSON is no longer needed: the peak memory stays near the engine's

    def object(self, entry: Any) -> Any:
        name, attributes = entry
        cls = self.classes.get(name)
        if not isinstance(cls, type) or issubclass(cls, enum.Enum):
            raise ValueError(f"unexpected class {name!r} in the cache")
        if name not in self.fields:
            record = dataclasses.is_dataclass(cls)
            self.fields[name] = tuple(f.name for f in dataclasses.fields(cls)) if record else None  # type: ignore[arg-type]
        fields = self.fields[name]
        if fields is not None and type(attributes) is list and len(attributes) == len(fields):
            pairs: Any = zip(fields, attributes, strict=True)  # a dataclass: its fields, in order
        elif fields is None and type(attributes) is dict:
            pairs = attributes.items()
        else:
            raise ValueError(f"{name}: the cached fields differ from the class's")
        made = object.__new__(cls)
        value, setter, objects = self.value, object.__setattr__, self.objects
        for attribute, item in pairs:
            if type(item) is list:
                item = objects[item[1]] if item[0] == "r" else value(item)
            setter(made, attribute, item)
        return made

    def value(self, value: Any) -> Any:
        if type(value) is not list:
            if type(value) is dict:
                raise ValueError("a bare mapping in the cache")
            return value
        tag = value[0]
        if tag == "r":
            return self.objects[value[1]]
        if tag == "T":
            return tuple(value[1:])
        if tag == "F":
            return frozenset(value[1:])
        if tag == "L":
            return value[1:]
        if tag in _SEQUENCES:
            return _SEQUENCES[tag](self.many(value[1:]))
        if tag == "TT":
            return tuple(map(tuple, value[1:]))
        if tag == "LT":
            return list(map(tuple, value[1:]))
        if tag in ("TA", "LA"):
            pieces = self.arrays(value[1:])
            return tuple(pieces) if tag == "TA" else pieces
        if tag in ("TC", "LC") and value[2] == sys.byteorder and set(value[1]) <= {"q", "d"}:
            columns = [self.blobs.numbers(code, ref) for code, ref in zip(value[1], value[3:], strict=True)]
            rows = zip(*columns, strict=True)
            return tuple(rows) if tag == "TC" else list(rows)
        return self.mapping(value)

    def many(self, items: list[Any]) -> list[Any]:
        """Each item decoded; plain values and references without a call each (most items are these)."""
        read, objects = self.value, self.objects
        return [(objects[x[1]] if x[0] == "r" else read(x)) if type(x) is list else x for x in items]

    def arrays(self, layout: list[Any]) -> list[array.array[Any]]:
        """The arrays `_packed` wrote: one block of numbers cut at the given lengths."""
        typecode, byteorder, lengths, text = layout
        if byteorder != sys.byteorder:
            raise ValueError("an entry written on a machine of the other byte order")
        joined, start, pieces = self.blobs.numbers(typecode, text), 0, []
        for length in lengths:
            pieces.append(joined[start : start + length])
            start += length
        if start != len(joined):
            raise ValueError("packed arrays of the wrong length in the cache")
        return pieces

    def mapping(self, value: list[Any]) -> Any:
        tag = value[0]
        items: Any = value[1] if len(value) > 1 else None
        if tag == "M":
            return dict(items)
        if tag == "d":
            return dict(zip(self.many(value[1]), self.many(value[2]), strict=True))
        if tag == "dd":
            mapping: collections.defaultdict[Any, Any] = collections.defaultdict(FACTORIES[items])
            mapping.update(zip(self.many(value[2]), self.many(value[3]), strict=True))
            return mapping
        if tag == "a" and items in ARRAY_TYPES and value[2] == sys.byteorder:
            return self.blobs.numbers(items, value[3])
        if tag == "dA":
            return dict(zip(self.many(items), self.arrays(value[2:]), strict=True))
        if tag == "dC":
            return dict(zip(self.many(items), row_groups(value[2:], self.blobs), strict=True))
        if tag == "c" and self.classes.get(items) is not None:
            return self.classes.get(items)
        if tag == "e":
            cls = self.classes.get(items)
            if not isinstance(cls, type) or not issubclass(cls, enum.Enum):
                raise ValueError(f"unexpected enum {items!r} in the cache")
            return cls[value[2]]
        raise ValueError(f"unknown tag {tag!r} in the cache")


_SEQUENCES: dict[str, Any] = {"t": tuple, "l": list, "f": frozenset, "s": set}


def from_plain(data: Any, kinds: Iterable[ModuleType], binary: bytes | memoryview = b"") -> Any:
    """The object graph `to_plain` wrote (with its bytes), built only from the classes of these
    modules; ValueError for anything else."""
    if not isinstance(data, dict) or set(data) != {"root", "table", "blobs"}:
        raise ValueError("not an engine cache")
    if not isinstance(data["table"], list) or not isinstance(data["blobs"], list):
        raise ValueError("not an engine cache")
    return _Reader(data["table"], kinds, Blobs(binary, data["blobs"])).value(data["root"])
