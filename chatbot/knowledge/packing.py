"""Numbers in bulk for the engine cache: arrays and tables of numbers as raw bytes beside the JSON.

The similarity index and its kin hold tens of thousands of numbers; written one by one as JSON text
they would take longer to read than the rest of the engine. Here they become blocks of machine bytes
(`Blobs`), each referred to from the JSON by its index, and are read back with `array.frombytes`.
"""

from __future__ import annotations

import array
import sys
from collections.abc import Iterable
from typing import Any

ARRAY_TYPES = frozenset("bBhHiIlLqQfd")  # array.array's number types
MIN_COLUMN_ROWS = 64  # below this, unpacking arrays costs more than reading the numbers as JSON


class Blobs:
    """Bytes kept beside the JSON (the arrays of numbers), each referred to by its index: no base64,
    nothing to parse. Writing collects them; reading cuts them out of the entry's tail."""

    def __init__(self, data: bytes | memoryview = b"", spans: list[Any] | None = None) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.spans: list[Any] = [] if spans is None else spans
        self.view = memoryview(data)

    def add(self, numbers: array.array[Any]) -> int:
        data = numbers.tobytes()
        self.spans.append([self.size, len(data)])
        self.parts.append(data)
        self.size += len(data)
        return len(self.spans) - 1

    def data(self) -> bytes:
        return b"".join(self.parts)

    def numbers(self, typecode: str, index: int) -> array.array[Any]:
        """The array stored at `index`; ValueError for a type code, index or span that does not fit."""
        if typecode not in ARRAY_TYPES or type(index) is not int or not 0 <= index < len(self.spans):
            raise ValueError("an array the cache cannot read")
        start, length = self.spans[index]
        if not (
            type(start) is int and type(length) is int and 0 <= start and start + length <= len(self.view)
        ):
            raise ValueError("an array outside the entry")
        numbers = array.array(typecode)
        numbers.frombytes(self.view[start : start + length])
        return numbers


def one_array_type(values: Iterable[Any]) -> bool:
    found = {value.typecode if type(value) is array.array else None for value in values}
    return len(found) == 1 and None not in found


def packed(arrays: list[array.array[Any]], blobs: Blobs) -> list[Any]:
    """Arrays of one type code as [type code, byte order, lengths, the index of all their bytes]."""
    joined = array.array(arrays[0].typecode)
    for numbers in arrays:
        joined.extend(numbers)
    return [joined.typecode, sys.byteorder, [len(numbers) for numbers in arrays], blobs.add(joined)]


def number_rows(groups: Iterable[Any], blobs: Blobs) -> list[Any] | None:
    """Tuples of equal-width rows of whole numbers or floats, all alike, as [type codes, byte order,
    group lengths, one array per column]; None when they are not all like that."""
    groups = list(groups)
    if not groups or any(type(group) is not tuple for group in groups):
        return None
    rows = [row for group in groups for row in group]
    if not rows or any(type(row) is not tuple for row in rows) or len({len(row) for row in rows}) != 1:
        return None
    codes = ""
    for column in zip(*rows, strict=True):
        kinds = {type(cell) for cell in column}
        if kinds == {int} and all(-(2**63) <= cell < 2**63 for cell in column):
            codes += "q"
        elif kinds == {float}:
            codes += "d"
        else:
            return None
    columns = zip(codes, zip(*rows, strict=True), strict=True)
    encoded = [blobs.add(array.array(code, column)) for code, column in columns]
    return [codes, sys.byteorder, [len(group) for group in groups], *encoded]


def columns(rows: list[Any] | tuple[Any, ...], tag: str, blobs: Blobs) -> list[Any]:
    """Equal-length tuples of whole numbers or floats ((role, weight) pairs) as one array per column;
    other tuples of scalars as lists. `tag` is "L" or "T", for the sequence that holds them."""
    widths = {len(row) for row in rows}
    if len(widths) == 1 and len(rows) >= MIN_COLUMN_ROWS:
        codes = ""
        for column in zip(*rows, strict=True):
            kinds = {type(cell) for cell in column}
            code = "d" if kinds == {float} else "q" if kinds == {int} else ""
            if code == "q" and not all(-(2**63) <= cell < 2**63 for cell in column):
                code = ""
            codes += code if code else "?"
        if "?" not in codes:
            arrays = [
                array.array(code, column) for code, column in zip(codes, zip(*rows, strict=True), strict=True)
            ]
            return [tag + "C", codes, sys.byteorder, *(blobs.add(numbers) for numbers in arrays)]
    return [tag + "T", *(list(row) for row in rows)]


def row_groups(packed: list[Any], blobs: Blobs) -> list[tuple[Any, ...]]:
    """The tuples of rows `number_rows` wrote: rows made in one go, then cut into their groups."""
    codes, byteorder, lengths, *texts = packed
    if byteorder != sys.byteorder or not set(codes) <= {"q", "d"} or len(codes) != len(texts):
        raise ValueError("packed rows the cache cannot read")
    rows = list(zip(*(blobs.numbers(code, ref) for code, ref in zip(codes, texts, strict=True)), strict=True))
    groups, start = [], 0
    for length in lengths:
        groups.append(tuple(rows[start : start + length]))
        start += length
    if start != len(rows):
        raise ValueError("packed rows of the wrong length in the cache")
    return groups
