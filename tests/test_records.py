"""`@record` behaves as `@dataclass(frozen=True, slots=True)` does, with its methods shared."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from chatbot.records import record, replace


@record
class Point:
    """A point with a label that equality ignores."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = ()
    seen: list[str] = dataclasses.field(default_factory=list, compare=False, repr=False)


@record
class Checked:
    """A record whose __post_init__ refuses a negative value."""

    value: int

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("negative")


def test_arguments_by_position_keyword_and_default() -> None:
    assert Point(1, 2) == Point(x=1, y=2) == Point(1, y=2)
    assert Point(1).y == 0 and Point(1).tags == ()


def test_a_default_factory_gives_each_instance_its_own_value() -> None:
    first, second = Point(1), Point(1)
    assert first.seen == [] and first.seen is not second.seen


def test_wrong_arguments_are_a_type_error_that_names_them() -> None:
    with pytest.raises(TypeError, match="'x'"):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="'z'"):
        Point(1, z=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="'x'"):
        Point(1, x=2)  # type: ignore[misc]
    with pytest.raises(TypeError, match="takes 4 arguments but 5"):
        Point(1, 2, (), [], 5)  # type: ignore[call-arg]


def test_frozen() -> None:
    point = Point(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):  # slots: no attribute outside the fields
        object.__setattr__(point, "z", 1)


def test_equality_and_hash_by_the_compared_fields() -> None:
    assert Point(1, 2, seen=["a"]) == Point(1, 2, seen=["b"])
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert Point(1, 2) != Point(2, 1)
    assert Point(1) != (1, 0, ())  # another class is never equal
    assert len({Point(1), Point(1), Point(2)}) == 2


def test_a_record_of_one_field_compares_and_hashes() -> None:
    assert Checked(3) == Checked(3) and Checked(3) != Checked(4)
    assert {Checked(3): "a"}[Checked(3)] == "a"


def test_repr_leaves_out_the_hidden_fields() -> None:
    assert repr(Point(1, 2, ("a",))) == "Point(x=1, y=2, tags=('a',))"


def test_post_init_runs() -> None:
    with pytest.raises(ValueError, match="negative"):
        Checked(-1)


def test_dataclass_tools_work() -> None:
    point = Point(1, 2)
    assert dataclasses.is_dataclass(point)
    assert [f.name for f in dataclasses.fields(point)] == ["x", "y", "tags", "seen"]
    assert dataclasses.replace(point, y=5) == Point(1, 5)
    assert dataclasses.asdict(point)["y"] == 2
    match point:
        case Point(1, y):
            assert y == 2
        case _:
            pytest.fail("no match")


def test_copy_and_pickle_give_an_equal_record() -> None:
    point = Point(1, 2, ("a",), ["seen"])
    for twin in (copy.copy(point), copy.deepcopy(point), pickle.loads(pickle.dumps(point))):
        assert twin == point and twin.seen == ["seen"]


def test_a_class_without_a_docstring_is_named_by_its_fields() -> None:
    @record
    class Bare:
        a: int
        b: str

    assert Bare.__doc__ == "Bare(a, b)"


def test_replace_copies_a_record_with_changes() -> None:
    point = Point(1, 2, ("a",))
    moved = replace(point, y=5)
    assert moved == Point(1, 5, ("a",)) and point.y == 2 and type(moved) is Point
    with pytest.raises(TypeError, match="'z'"):
        replace(point, z=1)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="negative"):
        replace(Checked(1), value=-1)  # __post_init__ checks the copy too


def test_replace_works_on_a_plain_dataclass() -> None:
    @dataclasses.dataclass(frozen=True)
    class Plain:
        a: int

    assert replace(Plain(1), a=2) == Plain(2)


def test_every_field_by_keyword_or_position_takes_the_quick_path_correctly() -> None:
    assert Point(x=1, y=2, tags=(), seen=[]) == Point(1, 2, (), [])
    with pytest.raises(TypeError, match="'w'"):
        Point(x=1, y=2, tags=(), w=[])  # type: ignore[call-arg]
