"""Broken data files give a DataError naming the file, never a traceback, and never run code.

Copies of the bundled `knowledge/` and `intents/` folders are damaged on purpose, first in the ways
people and tools damage files (a deleted key, a wrong type, a truncated save, tabs, a duplicated key,
binary junk, a huge file, YAML tags that build Python objects), then by a seeded random mutation loop.
Each time the loader must either load the folder or raise DataError whose every Problem names a file,
and `careerbot validate` must exit 2 with one "Error:" line per problem.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from chatbot.errors import DataError
from chatbot.interfaces import cli
from chatbot.knowledge import loader as loader_module
from chatbot.knowledge.loader import MAX_FILE_BYTES, load_intents, load_knowledge
from chatbot.knowledge.paths import bundled_dir

SEED = 20240601
RANDOM_MUTATIONS = 100
FILES_PER_COPY = 5  # damaged files per copied folder: loading (~0.4 s a folder) is what takes the time
CLI_EVERY = 4  # every fourth copy is checked through `careerbot validate`, the others by loading directly

ROLE = "knowledge/roles/medical_coder.yaml"
GENERAL = "knowledge/general.yaml"
OUT_OF_SCOPE = "knowledge/out_of_scope.yaml"
INTENT = "intents/role_salary.yaml"

Mutation = Callable[[str], "str | bytes"]


@dataclass(frozen=True)
class Damage:
    file: str  # relative to the copied data folder: "knowledge/..." or "intents/..."
    mutate: Mutation | None  # None deletes the file


def replace_line(key: str, new: str) -> Mutation:
    """Replace the first top-level line `key: ...` (and its block) with `new`."""

    def mutate(text: str) -> str:
        lines = text.splitlines(keepends=True)
        start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        end = start + 1
        while end < len(lines) and (lines[end].startswith((" ", "-")) or not lines[end].strip()):
            end += 1
        return "".join(lines[:start]) + (new + "\n" if new else "") + "".join(lines[end:])

    return mutate


def unsafe_tags(sentinel: Path) -> dict[str, str]:
    """YAML tags beyond plain values; the first ones would run code or import objects in an unsafe loader."""
    return {
        "object/apply os.system": f"!!python/object/apply:os.system ['touch {sentinel}']",
        "object/apply subprocess": f"!!python/object/apply:subprocess.check_call [[touch, '{sentinel}']]",
        "object/new": f"!!python/object/new:subprocess.Popen [[touch, '{sentinel}']]",
        "name os.system": "!!python/name:os.system",
        "module os": "!!python/module:os",
        "object": "!!python/object:pathlib.Path {}",
        "tuple": "!!python/tuple [a, b]",
        "local tag": "!shell touch it",
        "binary": "!!binary aGVsbG8=",
        "set": "!!set {a, b}",
        "omap": "!!omap [a: 1]",
        "timestamp": "2024-01-01",
    }


EXPLICIT: dict[str, Damage] = {
    "deleted key": Damage(ROLE, replace_line("title", "")),
    "deleted block": Damage(ROLE, replace_line("salary", "")),
    "deleted intent examples": Damage(INTENT, replace_line("examples", "")),
    "text is a list": Damage(ROLE, replace_line("title", "title: [Medical coder, Coder]")),
    "list is text": Damage(ROLE, replace_line("aliases", "aliases: coder")),
    "mapping is a number": Damage(ROLE, replace_line("salary", "salary: 50000")),
    "empty list": Damage(ROLE, replace_line("duties", "duties: []")),
    "null value": Damage(GENERAL, replace_line("categories", "categories: ~")),
    "number is text": Damage(INTENT, replace_line("id", "id: 42")),
    "unknown key": Damage(ROLE, lambda text: text + "salry: 1\n"),
    "duplicate key": Damage(ROLE, lambda text: text + "title: Medical coder again\n"),
    "duplicate nested key": Damage(ROLE, replace_line("salary", "salary:\n  year: 2024\n  year: 2023")),
    "truncated in a block": Damage(ROLE, lambda text: text[: len(text) // 2]),
    "truncated in a quote": Damage(INTENT, lambda text: text[: text.index('"') + 10]),
    "truncated to one key": Damage(OUT_OF_SCOPE, lambda text: text[: text.index(":") + 1]),
    "tab indentation": Damage(ROLE, lambda text: text.replace("\n  - ", "\n\t- ")),
    "one item indented by a tab": Damage(INTENT, lambda text: text.replace("\n  - ", "\n\t- ", 1)),
    "binary junk": Damage(GENERAL, lambda text: random.Random(SEED).randbytes(4096)),
    "invalid UTF-8": Damage(ROLE, lambda text: text.encode() + b"\nnote: caf\xe9\n"),
    "NUL byte": Damage(INTENT, lambda text: text.replace("\n", "\n\x00", 1)),
    "UTF-16": Damage(ROLE, lambda text: text.encode("utf-16")),
    "empty file": Damage(OUT_OF_SCOPE, lambda text: ""),
    "only a comment": Damage(ROLE, lambda text: "# nothing here\n"),
    "a list, not a mapping": Damage(INTENT, lambda text: "- a\n- b\n"),
    "a plain word": Damage(GENERAL, lambda text: "hello\n"),
    "two documents": Damage(ROLE, lambda text: text + "---\nid: medical_coder\n"),
    "huge file": Damage(ROLE, lambda text: text + ("#" * 99 + "\n") * (MAX_FILE_BYTES // 100 + 10)),
    "huge line": Damage(INTENT, lambda text: text.replace("id: role_salary", "id: " + "x" * MAX_FILE_BYTES)),
    "merge key": Damage(ROLE, lambda text: text + "base: &base {a: 1}\nother:\n  <<: *base\n"),
    "alias of a list": Damage(ROLE, replace_line("related_roles", "related_roles: *nothing")),
    "deleted general file": Damage(GENERAL, None),
    "deleted out_of_scope file": Damage(OUT_OF_SCOPE, None),
    "id differs from file name": Damage(INTENT, replace_line("id", "id: role_pay")),
    "unknown role reference": Damage(ROLE, replace_line("related_roles", "related_roles: [medical_codr]")),
    "source is not a URL": Damage(ROLE, lambda text: re.sub(r"source: \S+", "source: bls", text, count=1)),
    "int tag on a word": Damage(INTENT, replace_line("id", "id: !!int abc")),
    "float tag on a word": Damage(INTENT, replace_line("id", "id: !!float abc")),
    "bool tag on a word": Damage(INTENT, replace_line("id", "id: !!bool maybe")),
    "seq tag on a scalar": Damage(INTENT, replace_line("cues", "cues: !!seq pay")),
    "map tag on a scalar": Damage(INTENT, replace_line("description", "description: !!map x")),
    "recursive alias": Damage(INTENT, replace_line("cues", "cues: &a [pay, *a]")),
    "deep nesting": Damage(INTENT, lambda text: text + "x: " + "[" * 1_000 + "]" * 1_000 + "\n"),
    "control character": Damage(INTENT, lambda text: text.replace("description: ", "description: \x1b[2J")),
    "C1 control character": Damage(ROLE, lambda text: text.replace("title: ", "title: \x9b31m", 1)),
}


@pytest.fixture
def sentinel(tmp_path: Path) -> Iterator[Path]:
    """A file that a YAML tag running code would create."""
    path = tmp_path / "pwned"
    yield path
    assert not path.exists(), "a YAML tag ran a command"


@pytest.fixture(autouse=True)
def no_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if loading data ever tries to run a command."""

    def forbidden(*args: object, **kwargs: object) -> None:
        pytest.fail(f"loading data tried to run a command: {args!r}")

    for module, name in (
        (os, "system"),
        (os, "popen"),
        (os, "execv"),
        (os, "posix_spawn"),
        (subprocess, "Popen"),
        (subprocess, "run"),
        (subprocess, "check_call"),
    ):
        monkeypatch.setattr(module, name, forbidden)


def copy_data(folder: Path) -> Path:
    """A fresh copy of the bundled knowledge and intents under `folder`."""
    shutil.copytree(bundled_dir("knowledge"), folder / "knowledge")
    shutil.copytree(bundled_dir("intents"), folder / "intents")
    return folder


def damage(folder: Path, harm: Damage) -> Path:
    """Apply one Damage in the copy at `folder`; return the damaged file."""
    path = folder / harm.file
    if harm.mutate is None:
        path.unlink()
        return path
    result = harm.mutate(path.read_text(encoding="utf-8"))
    if isinstance(result, str):
        path.write_text(result, encoding="utf-8", newline="")
    else:
        path.write_bytes(result)
    return path


def load(folder: Path, which: str) -> None:
    """Load the knowledge or the intents folder of a copy."""
    if which == "knowledge":
        load_knowledge(folder / "knowledge")
    else:
        load_intents(folder / "intents")


def assert_problems_name_files(error: DataError, folder: Path) -> None:
    """Every problem names a YAML file of the copy, first thing in its text, and says what is wrong."""
    assert error.problems
    for problem in error.problems:
        assert problem.path.suffix == ".yaml", problem
        assert problem.path.is_relative_to(folder), problem
        assert str(problem).startswith(str(problem.path)), problem
        assert problem.message, problem


def _recording(function: Callable[..., object], raised: list[BaseException]) -> Callable[..., object]:
    def wrapper(directory: Path | None = None, **options: object) -> object:
        try:
            return function(directory, **options)
        except BaseException as error:
            raised.append(error)
            raise

    return wrapper


def validate(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, DataError | None]:
    """Run `careerbot validate` on a copy: the exit code, stderr, and the DataError the loader raised.

    The loader functions the CLI calls are wrapped to keep what they raise, so one load serves both the
    check on the exception and the check on what a person sees (loading is what takes the time here).
    """
    raised: list[BaseException] = []
    with pytest.MonkeyPatch.context() as patch:
        for name in ("load_knowledge", "load_intents"):
            patch.setattr(loader_module, name, _recording(getattr(loader_module, name), raised))
        code = cli.main(
            ["validate", "--knowledge", str(folder / "knowledge"), "--intents", str(folder / "intents")]
        )
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert all(isinstance(error, DataError) for error in raised), raised
    if code == 0:
        assert out.startswith("OK: ") and not err and not raised
        return code, err, None
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines and all(line.startswith("Error: ") and str(folder) in line for line in lines), err
    assert len(raised) == 1
    error = raised[0]
    assert isinstance(error, DataError)
    assert len(lines) == len(error.problems)
    return code, err, error


@pytest.mark.parametrize("harm", list(EXPLICIT.values()), ids=list(EXPLICIT))
def test_damaged_file_gives_data_error(
    harm: Damage, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each kind of damage gives a DataError naming the file, and `validate` exits 2 without a traceback."""
    folder = copy_data(tmp_path)
    damaged = damage(folder, harm)
    code, _, error = validate(folder, capsys)
    assert code == 2 and error is not None
    assert_problems_name_files(error, folder)
    assert any(problem.path == damaged for problem in error.problems)


@pytest.mark.parametrize("tag", list(unsafe_tags(Path("x"))), ids=list(unsafe_tags(Path("x"))))
def test_yaml_tag_is_refused(tag: str, tmp_path: Path, sentinel: Path) -> None:
    """A tag that would build a Python object or run a command is reported at its line, and nothing runs."""
    folder = copy_data(tmp_path / "data")
    damage(folder, Damage(INTENT, replace_line("id", f"id: {unsafe_tags(sentinel)[tag]}")))
    with pytest.raises(DataError) as caught:
        load_intents(folder / "intents")
    assert_problems_name_files(caught.value, folder)
    assert any(
        problem.message.startswith("YAML tag ") and problem.where == "line 1, column 5"
        for problem in caught.value.problems
    )


def test_yaml_tags_in_a_role_are_refused_by_validate(
    tmp_path: Path, sentinel: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every such tag at once in a role file: `validate` reports each one, and none is built."""
    folder = copy_data(tmp_path / "data")
    tags = unsafe_tags(sentinel)
    extra = "".join(f"x{index}: {tag}\n" for index, tag in enumerate(tags.values()))
    damage(folder, Damage(ROLE, lambda text: text + extra))
    code, _, error = validate(folder, capsys)
    assert code == 2 and error is not None
    assert_problems_name_files(error, folder)
    reported = {problem.where for problem in error.problems if problem.message.startswith("YAML tag ")}
    assert len(reported) == len(tags)


# --- the random loop ----------------------------------------------------------------------------------

WRONG_VALUES = (
    "[]",
    "{}",
    "42",
    "-1",
    "3.5",
    "true",
    "null",
    "~",
    '""',
    "''",
    "[1, 2]",
    "{a: 1}",
    "- a",
    "'unterminated",
    '"unterminated',
    "&anchor x",
    "*missing",
    "2024-01-01",
    "0x1F",
    ".inf",
    ".nan",
    "1e400",
    "!!binary aGk=",
    "!!python/name:os.system",
    "!!python/object/apply:os.system ['touch {sentinel}']",
    "|",
    ">-",
    "? a",
    "[[[[",
    "}}",
    "%YAML 1.1",
    "@reserved",
    "`reserved",
    "x: y: z",
    "\x1b[31mred",
    "\u202eevil",
    "é" * 300,
)

SPECIAL_CHARACTERS = ":-[]{}&*!|>'\"#%@`?,\t\n\x00\x15\x1b\x85\x9b\u2028\ufeff\ufffe\ud800"


def _mutate(text: str, rng: random.Random, sentinel: Path) -> str | bytes:
    """One random text-level change of a YAML file."""
    lines = text.splitlines(keepends=True) or ["\n"]
    index = rng.randrange(len(lines))
    line = lines[index]
    kind = rng.randrange(11)
    if kind == 0:  # delete a line
        del lines[index]
    elif kind == 1:  # duplicate a line (often a duplicate key)
        lines.insert(index, line)
    elif kind == 2:  # swap two lines
        other = rng.randrange(len(lines))
        lines[index], lines[other] = lines[other], line
    elif kind == 3:  # a tab in the indentation or after a colon
        lines[index] = "\t" + line.lstrip(" ") if rng.random() < 0.5 else line.replace(": ", ":\t", 1)
    elif kind == 4:  # shift the indentation
        lines[index] = " " * rng.choice((1, 2, 3, 5)) + line if rng.random() < 0.5 else line.lstrip()
    elif kind == 5:  # a wrong value
        value = rng.choice(WRONG_VALUES).replace("{sentinel}", str(sentinel))
        key, colon, _ = line.partition(":")
        indent = line[: len(line) - len(line.lstrip())]
        lines[index] = f"{key}: {value}\n" if colon else f"{indent}- {value}\n"
    elif kind == 6:  # a typo in a key
        key, colon, rest = line.partition(":")
        if colon and key.strip():
            spot = rng.randrange(len(key))
            lines[index] = key[:spot] + rng.choice("aeioux_") + key[spot:] + colon + rest
    elif kind == 7:  # truncate the file
        return text[: rng.randrange(len(text) + 1)]
    elif kind == 8:  # binary junk somewhere
        raw = text.encode("utf-8")
        spot = rng.randrange(len(raw) + 1)
        return raw[:spot] + rng.randbytes(rng.randrange(1, 64)) + raw[spot:]
    elif kind == 9:  # a random character somewhere
        spot = rng.randrange(len(text) + 1)
        return text[:spot] + rng.choice(SPECIAL_CHARACTERS) + text[spot:]
    else:  # a key emptied or its value replaced by a block of the wrong kind
        key, colon, _ = line.partition(":")
        lines[index] = f"{key}:\n" if colon else "\n"
    return "".join(lines)


def _random_damage(path: Path, rng: random.Random, sentinel: Path) -> None:
    """Damage one file in one to three ways, or now and then delete it."""
    if rng.random() < 0.03:
        path.unlink()
        return
    content: str | bytes = path.read_text(encoding="utf-8")
    for _ in range(rng.randint(1, 3)):
        text = content if isinstance(content, str) else content.decode("utf-8", "replace")
        content = _mutate(text, rng, sentinel)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8", "surrogatepass"))  # a lone surrogate stays invalid UTF-8
    else:
        path.write_bytes(content)


def test_random_damage_gives_data_error_or_loads(
    tmp_path: Path, sentinel: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hundred seeded random damages: each folder loads or gives a DataError naming files, nothing else."""
    rng = random.Random(SEED)
    broken = 0
    copies = RANDOM_MUTATIONS // FILES_PER_COPY
    for number in range(copies):
        folder = copy_data(tmp_path / f"mutation-{number}")
        for path in rng.sample(sorted(folder.rglob("*.yaml")), FILES_PER_COPY):
            _random_damage(path, rng, sentinel)
        if number % CLI_EVERY == 0:
            errors = [error for error in [validate(folder, capsys)[2]] if error is not None]
        else:
            errors = []
            for which in ("knowledge", "intents"):
                try:
                    load(folder, which)
                except DataError as error:
                    errors.append(error)
        for error in errors:
            assert_problems_name_files(error, folder)
        broken += bool(errors)
        shutil.rmtree(folder)
    assert broken > copies // 2  # the loop really damages files, most of the time fatally
