"""YAML files -> KnowledgeBase and IntentSet, typed by `records` and cross-checked by `references`.

The only module that imports yaml. Files are composed with PyYAML's safe loader into nodes and turned
into plain values here, so that every key keeps its line, duplicate keys are errors (PyYAML would keep
the last silently) and no tag can ever build a Python object. Every problem in every file is collected
before anything is raised, so one `validate` run lists them all.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ..errors import DataError, Problem
from ..ids import FILE_INTENTS
from .checks import GuideFiles, check_guide
from .guide import CredentialGuide, NearbyJobs, Resources
from .paths import RefusedFile, bundled_dir, read_capped
from .records import MISSING_VALUE, build_record, describe
from .references import (
    NameKey,
    check_answer,
    check_lexicon,
    check_references,
    check_safety,
    check_scripts,
    plain_name_key,
)
from .schema import (
    GeneralInfo,
    Intent,
    IntentSet,
    KnowledgeBase,
    Lexicon,
    OutOfScopeInfo,
    Role,
    SafetyInfo,
)

# libyaml's parser when PyYAML has it (the PyPI wheels do): the pure-Python one takes ~0.4 s on start-up.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# What a parsed value may not hold, though YAML escapes ("\e", "\x1b", "\u202e") can write it: terminal
# control codes, C1 codes, bidi overrides and isolates, lone surrogates. Newlines and tabs are text.
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
MAX_NODES = 100_000  # the biggest real file has ~300 values; "billion laughs" aliases have millions
MAX_DEPTH = 20  # the real files nest 3 levels; deeper is damage, and PyYAML recurses per level
MAX_FILE_BYTES = 1_000_000  # the largest real file is ~10 kB; a bigger one is a mistake, not data
PLAIN_TAGS = {  # the only YAML tags a data file may use: plain scalars, lists and mappings
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}

T = TypeVar("T")
KeyPath = tuple[str | int, ...]


# --- YAML with line numbers -------------------------------------------------------------------------


class _Document:
    """One parsed file: its plain value and the line of every key path."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.lines: dict[KeyPath, int] = {}
        self.value: Any = None
        self.constructor = yaml.constructor.SafeConstructor()  # builds plain scalars only
        self.nodes = 0  # counted against MAX_NODES: aliases can make a small file expand enormously

    def where(self, keys: KeyPath) -> str:
        dotted = _dotted(keys)
        line = self.lines.get(keys)
        if not dotted:
            return ""
        return f"key '{dotted}'" + (f" (line {line})" if line else "")

    def problem(self, keys: KeyPath, message: str) -> None:
        self.problems.append(Problem(self.path, self.where(keys), message))


def _dotted(keys: KeyPath) -> str:
    text = ""
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else key)
    return text


def read_yaml(path: Path, problems: list[Problem]) -> _Document | None:
    """Parse one file; on a syntax or encoding error record it and return None."""
    try:  # a regular file only, read with a cap: /dev/zero or a FIFO in roles/ is refused, never waited on
        raw = read_capped(path, MAX_FILE_BYTES)
    except RefusedFile as error:
        problems.append(Problem(path, "", f"{error.strerror}; expected a regular YAML file"))
        return None
    except OSError as error:
        problems.append(Problem(path, "", f"cannot read the file ({error.strerror})"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(Problem(path, f"line {line}", "invalid UTF-8; expected a UTF-8 text file"))
        return None
    bad = _UNPRINTABLE.search(text)
    if bad:  # YAML forbids these; finding them here gives a line and column with either parser
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        problems.append(
            Problem(
                path,
                f"line {line}, column {column}",
                f"control character U+{ord(bad.group()):04X}; expected printable text",
            )
        )
        return None
    loader = _Parser(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problems.append(Problem(path, where, f"YAML syntax error: {error.problem or error.context}"))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(path, "", f"YAML error: {error}; expected plain YAML text"))
        return None
    except RecursionError:
        problems.append(Problem(path, "", f"nested too deeply; expected at most {MAX_DEPTH} levels"))
        return None
    finally:
        loader.dispose()
    document = _Document(path, problems)
    if node is None:
        problems.append(Problem(path, "", "file is empty; expected a mapping of keys"))
        return None
    document.value = _plain(node, (), document)
    return document


def _plain(node: yaml.Node, keys: KeyPath, document: _Document, parents: tuple[int, ...] = ()) -> Any:
    """Turn a composed node into str/int/float/bool/None/list/dict, refusing every other tag."""
    document.lines.setdefault(keys, node.start_mark.line + 1)
    at = f"line {node.start_mark.line + 1}, column {node.start_mark.column + 1}"
    refusal = _refusal(node, document, parents)
    if refusal:
        if refusal != "counted":
            document.problems.append(Problem(document.path, at, refusal))
        return None
    parents = (*parents, id(node))
    if isinstance(node, yaml.MappingNode):
        return _plain_mapping(node, keys, document, parents, at)
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, (*keys, index), document, parents) for index, item in enumerate(node.value)]
    if not isinstance(node, yaml.ScalarNode):
        document.problems.append(Problem(document.path, at, "expected a plain value"))
        return None
    try:
        value = document.constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, KeyError, TypeError, OverflowError):
        tag = node.tag.rsplit(":", 1)[-1]
        document.problems.append(Problem(document.path, at, f"{node.value!r} is not a valid {tag}"))
        return None
    if isinstance(value, str):
        _check_printable(value, at, document)
    return value


def _refusal(node: yaml.Node, document: _Document, parents: tuple[int, ...]) -> str:
    """Why a node is not read (a loop, too many values, too deep, a tag), or "" when it may be."""
    if id(node) in parents:
        return "an alias refers to itself; expected plain values"
    document.nodes += 1
    if document.nodes > MAX_NODES:  # reported once: "counted" after the first
        first = document.nodes == MAX_NODES + 1
        return (
            f"more than {MAX_NODES:,} values (aliases expanding?); expected a small data file"
            if first
            else "counted"
        )
    if len(parents) > MAX_DEPTH:
        return f"nested too deeply; expected at most {MAX_DEPTH} levels"
    if node.tag not in PLAIN_TAGS:
        return f"YAML tag '{node.tag}' is not allowed; expected plain values"
    return ""


def _plain_mapping(
    node: yaml.MappingNode, keys: KeyPath, document: _Document, parents: tuple[int, ...], at: str
) -> dict[str, Any]:
    """A mapping's plain value: text keys only, no merge keys, no duplicates, each key's line kept."""
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        line = key_node.start_mark.line + 1
        if not isinstance(key, str) or key_node.tag not in PLAIN_TAGS:
            document.problems.append(Problem(document.path, f"line {line}", "expected a plain text key"))
            continue
        if key == "<<":
            document.problems.append(Problem(document.path, at, "YAML merge keys are not allowed"))
            continue
        if key in result:
            where = f"key '{_dotted((*keys, key))}' (line {line})"
            document.problems.append(Problem(document.path, where, "duplicate key; expected each key once"))
            continue
        # The key's own line: a block list or mapping as value starts on the line after it.
        document.lines[(*keys, key)] = line
        _check_printable(key, f"line {line}", document)
        result[key] = _plain(value_node, (*keys, key), document, parents)
    return result


def _check_printable(text: str, at: str, document: _Document) -> None:
    """A control character in a parsed key or value is a problem: it would reach a terminal."""
    bad = _CONTROL_IN_VALUE.search(text)
    if bad:
        document.problems.append(
            Problem(
                document.path,
                at,
                f"control character U+{ord(bad.group()):04X} in the text (a YAML escape?); "
                "expected printable text",
            )
        )


def _load_one(cls: type[T], path: Path, problems: list[Problem]) -> tuple[T, _Document] | None:
    document = read_yaml(path, problems)
    if document is None:
        return None
    if not isinstance(document.value, dict):
        problems.append(Problem(path, "", f"got {describe(document.value)}; expected a mapping of keys"))
        return None
    built = build_record(cls, document.value, (), document)
    return None if built is MISSING_VALUE else (built, document)


# --- the knowledge base -----------------------------------------------------------------------------


def load_knowledge(directory: Path | None = None, name_key: NameKey = plain_name_key) -> KnowledgeBase:
    """Load and cross-check a knowledge folder (bundled by default); DataError lists every problem."""
    directory = Path(directory) if directory is not None else bundled_dir("knowledge")
    problems: list[Problem] = []
    if not (directory / "roles").is_dir():
        raise DataError([Problem(directory, "", "expected a knowledge folder with a 'roles' folder inside")])
    loaded_roles: list[tuple[Role, _Document]] = []
    unloaded: set[str] = set()  # stems of role files already reported as broken
    for path in sorted((directory / "roles").glob("*.yaml")):
        result = _load_one(Role, path, problems)
        if result is not None:
            loaded_roles.append(result)
        else:
            unloaded.add(path.stem)
    general = _load_one(GeneralInfo, directory / "general.yaml", problems)
    out_of_scope = _load_one(OutOfScopeInfo, directory / "out_of_scope.yaml", problems)
    safety = _load_one(SafetyInfo, directory / "safety.yaml", problems)
    lexicon = _load_one(Lexicon, directory / "lexicon.yaml", problems)
    if lexicon is not None:
        check_lexicon(*lexicon)
    if safety is not None:
        check_safety(*safety)
    guide = _load_guide(directory, problems)
    if not loaded_roles and not problems:
        problems.append(Problem(directory / "roles", "", "no role files; expected <role_id>.yaml files"))
    if general is not None and out_of_scope is not None:
        check_references(loaded_roles, general, out_of_scope, problems, unloaded, name_key)
        check_scripts(loaded_roles, general, out_of_scope)
        if guide is not None:
            check_guide(loaded_roles, out_of_scope[0], guide, unloaded)
    if problems:
        raise DataError(problems)
    assert general is not None and out_of_scope is not None and safety is not None and guide is not None
    assert lexicon is not None
    roles = tuple(role for role, _ in loaded_roles)
    (credentials, _), (nearby, _), (resources, _) = guide
    by_id = {role.id: role for role in roles}
    return KnowledgeBase(
        roles, general[0], out_of_scope[0], safety[0], credentials, nearby, resources, lexicon[0], by_id
    )


def _load_guide(directory: Path, problems: list[Problem]) -> GuideFiles | None:
    """credentials.yaml, nearby_jobs.yaml and resources.yaml (issue 12), or None if one is broken."""
    credentials = _load_one(CredentialGuide, directory / "credentials.yaml", problems)
    nearby = _load_one(NearbyJobs, directory / "nearby_jobs.yaml", problems)
    resources = _load_one(Resources, directory / "resources.yaml", problems)
    if credentials is None or nearby is None or resources is None:
        return None
    return credentials, nearby, resources


REQUIRED_INTENTS = FILE_INTENTS  # the contract's intents that come from intent files
# One example is enough to load (another domain's small intent set works); below FEW_EXAMPLES an intent
# loads with a warning, since one odd phrasing then decides what it matches.
FEW_EXAMPLES = 5
log = logging.getLogger(__name__)


def load_intents(directory: Path | None = None, name_key: NameKey = plain_name_key) -> IntentSet:
    """Load every `<intent_id>.yaml` of a folder; the ids come from the files, not from this code."""
    directory = Path(directory) if directory is not None else bundled_dir("intents")
    problems: list[Problem] = []
    intents: list[Intent] = []
    paths = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    if not paths:
        raise DataError([Problem(directory, "", "no intent files; expected <intent_id>.yaml files")])
    for path in paths:
        result = _load_one(Intent, path, problems)
        if result is None:
            continue
        intent, document = result
        if intent.answer is not None:
            check_answer(intent.answer, document)
        if intent.id != path.stem:
            document.problem(("id",), f"id {intent.id!r} differs from the file name; expected {path.stem!r}")
        if len(intent.examples) < FEW_EXAMPLES:  # none at all is an error of the schema (an empty list)
            log.warning(
                "Warning: %s: only %d examples; %d or more match more reliably",
                path,
                len(intent.examples),
                FEW_EXAMPLES,
            )
        seen: set[str] = set()
        for index, example in enumerate(intent.examples):
            if name_key(example) in seen:
                document.problem(
                    ("examples", index), f"duplicate example {example!r}; expected each example once"
                )
            seen.add(name_key(example))
        intents.append(intent)
    if problems:
        raise DataError(problems)
    return IntentSet(tuple(intents))


def check_product_intents(intent_set: IntentSet, directory: Path | None = None) -> list[Problem]:
    """The product's intent ids must all have a file (the matcher itself works with any set)."""
    directory = Path(directory) if directory is not None else bundled_dir("intents")
    return [
        Problem(directory / f"{intent_id}.yaml", "", f"missing intent file; expected intent {intent_id!r}")
        for intent_id in REQUIRED_INTENTS
        if intent_id not in intent_set.ids
    ]
