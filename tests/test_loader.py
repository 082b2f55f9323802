"""The loader: YAML files -> KnowledgeBase and IntentSet, and every problem reported at once with its place.

Each broken case starts from a copy of the real knowledge/ or intents/ folder in tmp_path and breaks one
thing, so the fixtures stay as real as the data. Text edits keep the file's lines, so the expected line is
computed from where the edit landed; structural edits re-dump the YAML and check the key path instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from chatbot import Bot, DataError
from chatbot.errors import Problem
from chatbot.interfaces.cli import main
from chatbot.knowledge.loader import check_product_intents, load_intents, load_knowledge

REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"
INTENT_FILES = len(list((Path(__file__).resolve().parent.parent / "intents").glob("*.yaml")))
INTENTS = REPO / "intents"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CODER = "roles/medical_coder.yaml"
SCRIBE = "roles/medical_scribe.yaml"


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled knowledge folder, free to break."""
    return Path(shutil.copytree(KNOWLEDGE, tmp_path / "knowledge"))


@pytest.fixture
def intents_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled intents folder, free to break."""
    return Path(shutil.copytree(INTENTS, tmp_path / "intents"))


def edit_text(path: Path, pattern: str | None, replacement: str) -> int:
    """Replace the first match of `pattern` (a whole line's start with re.M), or the whole file when None.

    Returns the 1-based line where the edit starts. A lone surrogate in `replacement` is written as the raw
    byte it escapes, which is how a test plants invalid UTF-8.
    """
    text = path.read_text(encoding="utf-8")
    if pattern is None:
        new_text, line = replacement, 1
    else:
        match = re.search(pattern, text, flags=re.M)
        assert match, f"the fixture no longer breaks anything: {pattern!r} not in {path.name}"
        line = text[: match.start()].count("\n") + 1
        new_text = text[: match.start()] + match.expand(replacement) + text[match.end() :]
    path.write_bytes(new_text.encode("utf-8", "surrogateescape"))
    return line


def line_of(path: Path, pattern: str) -> int:
    """The 1-based line where `pattern` (re.M) first matches in a file."""
    text = path.read_text(encoding="utf-8")
    match = re.search(pattern, text, flags=re.M)
    assert match, f"{pattern!r} not in {path.name}"
    return text[: match.start()].count("\n") + 1


def edit_data(path: Path, change: Callable[[Any], object]) -> None:
    """Load a YAML file as plain data, let `change` mutate it, and write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def knowledge_problems(directory: Path) -> tuple[Problem, ...]:
    """The problems load_knowledge reports for a folder (it must report some)."""
    with pytest.raises(DataError) as caught:
        load_knowledge(directory)
    return caught.value.problems


def intent_problems(directory: Path) -> tuple[Problem, ...]:
    """The problems load_intents reports for a folder (it must report some)."""
    with pytest.raises(DataError) as caught:
        load_intents(directory)
    return caught.value.problems


def assert_reported(problems: tuple[Problem, ...], path: Path, where: str, expectation: str) -> None:
    """One problem's line names the file, the place (line or key path) and what was expected."""
    located = f"{path}, {where}: " if where else f"{path}: "
    lines = [str(p) for p in problems]
    assert any(line.startswith(located) and expectation in line for line in lines), "\n".join(lines)


# --- the bundled data ------------------------------------------------------------------------------


def test_bundled_knowledge_loads() -> None:
    """The bundled knowledge folder loads into 16 roles, each findable by its id."""
    kb = load_knowledge(KNOWLEDGE)
    assert len(kb.roles) == 16
    assert all(kb.role(role_id).id == role_id for role_id in kb.role_ids)


def test_bundled_intents_load() -> None:
    """The bundled intents folder loads, and has every intent the product needs."""
    intent_set = load_intents(INTENTS)
    assert len(intent_set.intents) == INTENT_FILES
    assert check_product_intents(intent_set, INTENTS) == []


def test_loaded_values_are_frozen_tuples() -> None:
    """Lists in YAML arrive as tuples, so a loaded knowledge base cannot be changed by its users."""
    role = load_knowledge(KNOWLEDGE).role("medical_coder")
    assert isinstance(role.aliases, tuple) and isinstance(role.skills, tuple)
    with pytest.raises(AttributeError):
        role.title = "changed"  # type: ignore[misc]


# --- one broken file: syntax and schema, with exact lines ---------------------------------------------

TEXT_BREAKS = [
    # (pattern, replacement, where ({line} = the edited line, {next} = the line after), expectation)
    (
        r"^category: .*$",
        "category: administrative: oops",
        "line {line}, column 25",
        "YAML syntax error: mapping values are not allowed",
    ),  # libyaml ends "in this context", PyYAML "here"
    (
        r"^category: .*$",
        "\tcategory: administrative",
        "line {line}, column 1",
        "YAML syntax error: found ",
    ),  # libyaml: "a tab character that violates indentation"
    (r"^category: ", "category: \udcff", "line {line}", "invalid UTF-8; expected a UTF-8 text file"),
    (None, "", "", "file is empty; expected a mapping of keys"),
    (None, "# a role will go here\n", "", "file is empty; expected a mapping of keys"),
    (None, "- id: medical_coder\n- title: Medical coder\n", "", "got a list; expected a mapping of keys"),
    (
        r"^  median_annual: .*$",
        '  median_annual: "lots"',
        "key 'salary.median_annual' (line {line})",
        "got text; expected a whole number",
    ),
    (
        r"^  months_to_qualify: .*$",
        "  months_to_qualify: 6.5",
        "key 'education.months_to_qualify' (line {line})",
        "got a number; expected a whole number",
    ),
    (
        r"^  median_annual:",
        "  median_anual:",
        "key 'salary.median_anual' (line {line})",
        "unknown key; did you mean 'median_annual'?",
    ),
    (
        r"^category: .*$",
        "category: administrativ",
        "key 'category' (line {line})",
        "got 'administrativ'; expected one of 'clinical', 'administrative', 'management', 'laboratory'; "
        "did you mean 'administrative'?",
    ),
    (
        r"^  remote: .*$",
        "  remote: sometimes",
        "key 'work_environment.remote' (line {line})",
        "expected one of 'none', 'rare', 'some', 'common'; did you mean 'some'?",
    ),
    (
        r"^category: .*$",
        r"\g<0>\ncategory: clinical",
        "key 'category' (line {next})",
        "duplicate key; expected each key once",
    ),
    (
        r"^  median_hourly: .*$",
        r"\g<0>\n  median_hourly: 1.0",
        "key 'salary.median_hourly' (line {next})",
        "duplicate key; expected each key once",
    ),
    (
        r"^  year: .*$",
        "  year: 2024-05-01",
        "line {line}, column 9",
        "YAML tag 'tag:yaml.org,2002:timestamp' is not allowed; expected plain values",
    ),
    (
        r"^category: .*$",
        'category: !!python/object/apply:os.system ["echo owned"]',
        "line {line}, column 11",
        "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; expected plain values",
    ),
]
TEXT_BREAK_IDS = [
    "yaml-syntax-error",
    "tab-indent",
    "invalid-utf8",
    "empty-file",
    "comments-only",
    "list-not-mapping",
    "text-for-number",
    "fraction-for-whole-number",
    "unknown-key-did-you-mean",
    "bad-enum-did-you-mean",
    "bad-nested-enum-did-you-mean",
    "duplicate-key",
    "duplicate-nested-key",
    "date-for-year",
    "python-tag",
]


@pytest.mark.parametrize(("pattern", "replacement", "where", "expectation"), TEXT_BREAKS, ids=TEXT_BREAK_IDS)
def test_broken_role_file_is_reported_at_its_line(
    kb_dir: Path, pattern: str | None, replacement: str, where: str, expectation: str
) -> None:
    """A broken role file is reported with its path, line (or key path and line) and the expectation."""
    path = kb_dir / CODER
    line = edit_text(path, pattern, replacement)
    problems = knowledge_problems(kb_dir)
    assert_reported(problems, path, where.format(line=line, next=line + 1), expectation)


@pytest.mark.parametrize(
    ("pattern", "replacement"),
    [
        (r"^category: .*$", "category: administrative: oops"),
        (None, "- just\n- a list\n"),
        (r"^  median_annual:", "  median_anual:"),
    ],
    ids=["syntax-error", "list-not-mapping", "schema-error"],
)
def test_broken_role_file_does_not_make_its_id_unknown_elsewhere(
    kb_dir: Path, pattern: str | None, replacement: str
) -> None:
    """Only the broken file is reported: roles that refer to it are not flagged as naming an unknown id."""
    path = kb_dir / CODER
    edit_text(path, pattern, replacement)
    assert {problem.path for problem in knowledge_problems(kb_dir)} == {path}


# --- one broken file: schema and cross-references, by key path ------------------------------------------


def _set(keys: tuple[str | int, ...], value: object) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        for key in keys[:-1]:
            data = data[key]
        data[keys[-1]] = value

    return change


def _drop(*keys: str) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        for key in keys[:-1]:
            data = data[key]
        del data[keys[-1]]

    return change


SCHEMA_BREAKS = [
    # (file, change, key path, expectation)
    (CODER, _drop("tagline"), "tagline", "missing; expected text"),
    (
        CODER,
        _drop("education", "months_to_qualify"),
        "education.months_to_qualify",
        "missing; expected a whole number",
    ),
    (CODER, _set(("title",), ["Medical coder"]), "title", "got a list; expected text"),
    (CODER, _set(("aliases",), "coder"), "aliases", "got text; expected a non-empty list of text"),
    (CODER, _set(("licensure", "required"), "yes"), "licensure.required", "got text; expected true or false"),
    (CODER, _set(("summary",), ""), "summary", "got empty text; expected text"),
    (CODER, _set(("duties",), []), "duties", "empty list; expected at least one item"),
    (
        CODER,
        _set(("work_environment", "settings"), []),
        "work_environment.settings",
        "empty list; expected at least one item",
    ),
    (CODER, _drop("salary", "source"), "salary.source", "missing; expected text"),
    (CODER, _drop("outlook", "year"), "outlook.year", "missing; expected a whole number or null"),
    (CODER, _set(("salary", "source"), "BLS"), "salary.source", "expected a source URL starting with http"),
    (CODER, _set(("sources", 0), "bls.gov"), "sources[0]", "expected a source URL starting with http"),
    (
        CODER,
        _set(("outlook", "source"), "https://example.org/coders"),
        "outlook.source",
        "source URL is not listed in the role's 'sources'; expected it there",
    ),
    (
        SCRIBE,
        _drop("salary", "note"),
        "salary.year",
        "missing; expected the year of the figure, or a note saying why none",
    ),
    (
        SCRIBE,
        _drop("outlook", "note"),
        "outlook.growth_percent",
        "missing; expected the projected growth and its year, or a note saying why none",
    ),
    (
        CODER,
        _set(("id",), "medical_coding"),
        "id",
        "id 'medical_coding' differs from the file name; expected 'medical_coder'",
    ),
    (
        CODER,
        _set(("related_roles", 0), "medical_biler"),
        "related_roles[0]",
        "unknown role id 'medical_biler'; did you mean 'medical_biller'?",
    ),
    (
        CODER,
        _set(("career_path", "next_roles", 0), "records_specialist"),
        "career_path.next_roles[0]",
        "unknown role id 'records_specialist'; did you mean 'medical_records_specialist'?",
    ),
    (
        CODER,
        _set(("related_roles", 0), "astronaut"),
        "related_roles[0]",
        "unknown role id 'astronaut'; expected the id of a file in roles/",
    ),
    (
        CODER,
        _set(("good_fit_for", 0), "numbrs"),
        "good_fit_for[0]",
        "unknown trait 'numbrs'; did you mean 'numbers'?",
    ),
    (
        "general.yaml",
        _set(("ambiguous_terms", "nurse", 0), "registred_nurse"),
        "ambiguous_terms.nurse[0]",
        "unknown role id 'registred_nurse'; did you mean 'registered_nurse'?",
    ),
    (
        "general.yaml",
        _set(("ambiguous_terms", "coder"), ["medical_coder", "medical_biller"]),
        "ambiguous_terms.coder",
        "'coder' is an alias of role 'medical_coder'; expected a bare word",
    ),
    ("general.yaml", _set(("traits",), []), "traits", "empty list; expected at least one item"),
    (
        "out_of_scope.yaml",
        _set(("other_occupations", 0, "closest", 0), "dental_asistant"),
        "other_occupations[0].closest[0]",
        "unknown role id 'dental_asistant'",
    ),
    (
        "out_of_scope.yaml",
        _set(("other_occupations", 0, "aliases", 0), "Medical-Coder"),
        "other_occupations[0].aliases[0]",
        "is an alias of covered role 'medical_coder'; expected only jobs",
    ),
    (
        "out_of_scope.yaml",
        _set(("other_occupations", 0, "nmae"), "x"),
        "other_occupations[0].nmae",
        "unknown key; did you mean 'name'?",
    ),
]
SCHEMA_BREAK_IDS = [
    "missing-field",
    "missing-nested-field",
    "list-for-text",
    "text-for-list",
    "text-for-bool",
    "empty-text",
    "empty-list",
    "empty-nested-list",
    "figure-without-source",
    "figure-without-year",
    "source-not-a-url",
    "sources-entry-not-a-url",
    "source-not-in-role-sources",
    "null-year-without-note",
    "null-growth-without-note",
    "id-differs-from-file-stem",
    "unknown-related-role",
    "unknown-next-role",
    "unknown-role-no-close-match",
    "unknown-trait",
    "ambiguous-term-unknown-role",
    "ambiguous-term-is-an-alias",
    "general-empty-list",
    "other-occupation-unknown-closest",
    "other-occupation-is-a-covered-role",
    "other-occupation-unknown-key",
]


@pytest.mark.parametrize(("file", "change", "key", "expectation"), SCHEMA_BREAKS, ids=SCHEMA_BREAK_IDS)
def test_schema_problem_is_reported_with_its_key_path(
    kb_dir: Path, file: str, change: Callable[[Any], None], key: str, expectation: str
) -> None:
    """A bad value or an unknown role id is reported with its file, key path and the expectation."""
    path = kb_dir / file
    edit_data(path, change)
    problems = knowledge_problems(kb_dir)
    located = [p for p in problems if p.path == path and p.where.startswith(f"key '{key}'")]
    assert located, "\n".join(str(p) for p in problems)
    assert any(expectation in p.message for p in located), "\n".join(str(p) for p in located)


def test_undated_figure_with_a_note_is_allowed(kb_dir: Path) -> None:
    """A null year or growth loads when the record's note explains it (the scribe's undated estimate)."""
    edit_data(kb_dir / CODER, _set(("salary", "year"), None))
    edit_data(kb_dir / CODER, _set(("outlook", "growth_percent"), None))
    role = load_knowledge(kb_dir).role("medical_coder")
    assert role.salary.year is None and role.salary.note
    assert role.outlook.growth_percent is None and role.outlook.note


# --- problems that span files --------------------------------------------------------------------------


def test_duplicate_role_id_is_reported_in_both_files(kb_dir: Path) -> None:
    """Two files with one id are both reported, and the copy's id is said to differ from its file name."""
    copy = kb_dir / "roles" / "coder_copy.yaml"
    shutil.copy(kb_dir / CODER, copy)
    where = f"key 'id' (line {line_of(copy, '^id:')})"
    problems = knowledge_problems(kb_dir)
    assert_reported(problems, copy, where, "duplicate role id 'medical_coder'; expected each id once")
    assert_reported(problems, kb_dir / CODER, where, "duplicate role id 'medical_coder'")
    assert_reported(problems, copy, where, "differs from the file name; expected 'coder_copy'")


def test_alias_claimed_by_two_roles_is_reported(kb_dir: Path) -> None:
    """An alias two roles claim (case and hyphens ignored) is reported at the second one, naming the first."""
    edit_text(kb_dir / "roles" / "medical_biller.yaml", r"^aliases:\n", r"\g<0>  - Medical-Coder\n")
    problems = knowledge_problems(kb_dir)
    where = f"key 'title' (line {line_of(kb_dir / CODER, '^title:')})"
    expectation = "alias 'Medical coder' is already claimed by role 'medical_biller'; expected unique names"
    assert_reported(problems, kb_dir / CODER, where, expectation)


def test_every_problem_of_every_file_is_reported_at_once(kb_dir: Path) -> None:
    """Problems in several files come in one DataError, one Problem each, not one file at a time."""
    coder, phleb, general = kb_dir / CODER, kb_dir / "roles" / "phlebotomist.yaml", kb_dir / "general.yaml"
    edit_text(coder, r"^  median_annual:", "  median_anual:")
    line = edit_text(phleb, r"^category: .*$", "category: lab")
    edit_text(general, r"^  nurse: \[registered_nurse", "  nurse: [registred_nurse")
    problems = knowledge_problems(kb_dir)
    assert {problem.path for problem in problems} == {coder, phleb, general}
    assert_reported(problems, phleb, f"key 'category' (line {line})", "got 'lab'; expected one of")


@pytest.mark.parametrize(
    "tag",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        '!!python/object/apply:builtins.open ["{marker}", "w"]',
        '!!python/object/new:builtins.open ["{marker}", "w"]',
        "!!python/name:os.system",
    ],
    ids=["apply-os-system", "apply-open", "new-open", "name"],
)
@pytest.mark.parametrize("where", ["value", "whole-file"])
def test_python_tag_is_refused_and_never_run(
    kb_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tag: str, where: str
) -> None:
    """A !!python tag is reported as not allowed, and nothing it names is ever called or built."""
    marker = tmp_path / "owned"
    monkeypatch.setattr(os, "system", lambda command: pytest.fail(f"os.system ran {command!r}"))
    payload = tag.format(marker=marker)
    if where == "value":
        edit_text(kb_dir / CODER, r"^category: .*$", f"category: {payload}")
    else:
        edit_text(kb_dir / CODER, None, f"{payload}\n")
    problems = knowledge_problems(kb_dir)
    assert any(
        "YAML tag 'tag:yaml.org,2002:python/" in p.message and "is not allowed" in p.message for p in problems
    ), "\n".join(str(p) for p in problems)
    assert not marker.exists()


def test_folder_without_roles_is_reported(tmp_path: Path) -> None:
    """A knowledge folder with no roles/ inside says what it expected instead of loading nothing."""
    problems = knowledge_problems(tmp_path)
    assert_reported(problems, tmp_path, "", "expected a knowledge folder with a 'roles' folder inside")


# --- intents ---------------------------------------------------------------------------------------------


def _keep(count: int) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        data["examples"] = data["examples"][:count]

    return change


def _repeat_first_example(data: Any) -> None:
    data["examples"].append(data["examples"][0].upper() + "!")


def _rename(old: str, new: str) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        data[new] = data.pop(old)

    return change


INTENT_BREAKS = [
    # (change to greeting.yaml, key path, expectation)
    (_keep(0), "examples", "empty list; expected at least one item"),
    (_repeat_first_example, "examples[", "duplicate example 'HI!'; expected each example once"),
    (_set(("id",), "greet"), "id", "id 'greet' differs from the file name; expected 'greeting'"),
    (_drop("examples"), "examples", "missing; expected a non-empty list of text"),
    (_set(("examples",), []), "examples", "empty list; expected at least one item"),
    (_rename("examples", "exampels"), "exampels", "unknown key; did you mean 'examples'?"),
    (_set(("examples", 3), 42), "examples[3]", "got a whole number; expected text"),
]
INTENT_BREAK_IDS = [
    "no-examples",
    "duplicate-example",
    "id-differs-from-file-stem",
    "missing-examples",
    "empty-examples",
    "unknown-key-did-you-mean",
    "number-for-text",
]


@pytest.mark.parametrize(("change", "key", "expectation"), INTENT_BREAKS, ids=INTENT_BREAK_IDS)
def test_broken_intent_file_is_reported_with_its_key_path(
    intents_dir: Path, change: Callable[[Any], None], key: str, expectation: str
) -> None:
    """A broken intent file is reported with its path, key path and the expectation."""
    path = intents_dir / "greeting.yaml"
    edit_data(path, change)
    problems = intent_problems(intents_dir)
    located = [p for p in problems if p.path == path and p.where.startswith(f"key '{key}")]
    assert any(expectation in p.message for p in located), "\n".join(str(p) for p in problems)


def test_intent_syntax_error_is_reported_at_its_line(intents_dir: Path) -> None:
    """A YAML syntax error in an intent file names the file, line and column."""
    path = intents_dir / "greeting.yaml"
    line = edit_text(path, r"^examples:$", "examples: [")
    assert_reported(intent_problems(intents_dir), path, f"line {line + 1}, column 3", "YAML syntax error")


def test_missing_intent_file_is_reported(intents_dir: Path) -> None:
    """Each of the 17 product intents without a file is named, with the file it expected."""
    (intents_dir / "thanks.yaml").unlink()
    (intents_dir / "help.yaml").unlink()
    problems = check_product_intents(load_intents(intents_dir), intents_dir)
    assert sorted(str(p) for p in problems) == [
        f"{intents_dir / 'help.yaml'}: missing intent file; expected intent 'help'",
        f"{intents_dir / 'thanks.yaml'}: missing intent file; expected intent 'thanks'",
    ]


def test_every_broken_intent_file_is_reported_at_once(intents_dir: Path) -> None:
    """Two broken intent files are both reported in one DataError."""
    greeting, thanks = intents_dir / "greeting.yaml", intents_dir / "thanks.yaml"
    edit_data(greeting, _keep(0))
    edit_text(thanks, None, "")
    assert {p.path for p in intent_problems(intents_dir)} == {greeting, thanks}


def test_empty_intents_folder_is_reported(tmp_path: Path) -> None:
    """A folder with no intent files says what it expected."""
    expectation = "no intent files; expected <intent_id>.yaml files"
    assert_reported(intent_problems(tmp_path), tmp_path, "", expectation)


# --- `careerbot validate` --------------------------------------------------------------------------------


def test_validate_bundled_data_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """`careerbot validate` on the bundled data prints OK with the counts and exits 0."""
    assert main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert out == f"OK: 16 roles and {INTENT_FILES} intents are valid.\n"
    assert err == ""


def test_validate_prints_one_line_per_problem_and_exits_2(
    kb_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every problem becomes one 'Error: ...' line on stderr, with exit code 2 and no traceback."""
    edit_text(kb_dir / CODER, r"^  median_annual:", "  median_anual:")
    edit_text(kb_dir / "roles" / "phlebotomist.yaml", r"^category: .*$", "category: [laboratory")
    expected = [f"Error: {problem}" for problem in knowledge_problems(kb_dir)]
    assert main(["validate", "--knowledge", str(kb_dir)]) == 2
    out, err = capsys.readouterr()
    assert err.splitlines() == expected
    assert len(expected) == 3  # unknown key + the missing key it leaves + the syntax error
    assert out == "" and "Traceback" not in err


def test_validate_reports_broken_intents(intents_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Broken intent files fail `validate --intents` the same way: one line each, exit 2."""
    path = intents_dir / "greeting.yaml"
    edit_data(path, _keep(0))
    assert main(["validate", "--intents", str(intents_dir)]) == 2
    line = line_of(path, "^examples:")
    expected = f"Error: {path}, key 'examples' (line {line}): empty list; expected at least one item\n"
    assert capsys.readouterr().err == expected


def _run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chatbot", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_validate_works_from_another_directory(tmp_path: Path) -> None:
    """The installed command finds its bundled data whatever the working directory."""
    result = _run_cli("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"OK: 16 roles and {INTENT_FILES} intents")


def test_validate_relative_folder_from_another_directory(kb_dir: Path, tmp_path: Path) -> None:
    """A relative --knowledge is read from the working directory; a broken one exits 2 without a traceback."""
    assert _run_cli("validate", "--knowledge", "knowledge", cwd=tmp_path).returncode == 0
    edit_text(kb_dir / CODER, None, "")
    result = _run_cli("validate", "--knowledge", "knowledge", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: ") and "file is empty" in result.stderr
    assert "Traceback" not in result.stderr


# --- a new role is one file ------------------------------------------------------------------------------


def _add_interpreter(kb_dir: Path) -> None:
    shutil.copy(FIXTURES / "medical_interpreter.yaml", kb_dir / "roles" / "medical_interpreter.yaml")


def _stop_listing_interpreter_as_not_covered(kb_dir: Path) -> None:
    # The bundled data names medical interpreters as a job the bot does not cover; covering it ends that.
    edit_data(
        kb_dir / "out_of_scope.yaml",
        lambda data: data.update(
            other_occupations=[
                job for job in data["other_occupations"] if job["name"] != "medical interpreter"
            ]
        ),
    )


def test_new_role_file_loads_with_no_code_change(kb_dir: Path) -> None:
    """A 17th role added as one YAML file loads with everything the schema asks for."""
    _add_interpreter(kb_dir)
    _stop_listing_interpreter_as_not_covered(kb_dir)
    kb = load_knowledge(kb_dir)
    assert len(kb.roles) == 17
    role = kb.role("medical_interpreter")
    assert role.title == "Medical interpreter"
    assert role.salary.year == 2023 and role.salary.source in role.sources


def test_new_role_file_validates(kb_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`careerbot validate` accepts the knowledge folder with the new role."""
    _add_interpreter(kb_dir)
    _stop_listing_interpreter_as_not_covered(kb_dir)
    assert main(["validate", "--knowledge", str(kb_dir)]) == 0
    assert capsys.readouterr().out.startswith("OK: 17 roles")


def test_new_role_clashing_with_a_not_covered_job_is_reported(kb_dir: Path) -> None:
    """A new role still listed among the jobs the bot does not cover is reported in out_of_scope.yaml."""
    _add_interpreter(kb_dir)
    problems = knowledge_problems(kb_dir)
    assert {p.path for p in problems} == {kb_dir / "out_of_scope.yaml"}
    assert any(
        "'medical interpreter' is an alias of covered role 'medical_interpreter'" in p.message
        for p in problems
    )


@pytest.mark.parametrize(
    ("question", "intent", "text"),
    [
        ("what does a medical interpreter do", "role_overview", "lets a patient and a clinician talk"),
        ("how much do healthcare interpreters make", "role_salary", "$57,090"),
    ],
    ids=["overview", "salary"],
)
def test_bot_answers_about_the_new_role(kb_dir: Path, question: str, intent: str, text: str) -> None:
    """The bot answers about the new role from its file alone."""
    _add_interpreter(kb_dir)
    _stop_listing_interpreter_as_not_covered(kb_dir)
    reply = Bot(knowledge_dir=kb_dir).reply(question)
    assert (reply.intent, reply.roles) == (intent, ("medical_interpreter",))
    assert text in reply.text


def test_alias_expansion_is_capped(tmp_path: Path) -> None:
    """A "billion laughs" file of nested aliases is refused with a problem, not expanded for minutes."""
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    lines, previous = ["a: &a [x, x, x, x, x, x, x, x, x, x]"], "a"
    for name in "bcdefgh":  # 10**8 values once expanded
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
        previous = name
    path = folder / "roles" / "medical_coder.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_knowledge(folder)
    assert any("more than 100,000 values" in str(problem) for problem in raised.value.problems)


def test_a_safety_rule_id_that_is_not_a_plain_word_is_reported(kb_dir: Path) -> None:
    """Rule ids are plain words (the safety check marks some of its keys with other signs)."""
    safety = kb_dir / "safety.yaml"
    line = edit_text(safety, r"^  - id: medical_advice$", "  - id: medical advice?")
    problems = knowledge_problems(kb_dir)
    assert_reported(
        problems, safety, f"key 'rules[4].id' (line {line})", "expected lowercase letters, digits, _"
    )
