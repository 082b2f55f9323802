"""Stage 0: YAML files -> KnowledgeBase and IntentSet, checked against the dataclasses in `types`.

The only module that imports yaml. Files are composed with PyYAML's safe loader into nodes and turned
into plain values here, so that every key keeps its line, duplicate keys are errors (PyYAML would keep
the last silently) and no tag can ever build a Python object. Every problem in every file is collected
before anything is raised, so one `validate` run lists them all.
"""

from __future__ import annotations

import difflib
import functools
import logging
import re
import types
import typing
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import MISSING, fields, is_dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin

import yaml

from ..errors import DataError, Problem
from ..ids import FILE_INTENTS
from .checks import GuideFiles, check_guide
from .guide import CredentialGuide, NearbyJobs, Resources
from .paths import RefusedFile, bundled_dir, read_capped
from .schema import (
    AnswerSpec,
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
URL_PATTERN = re.compile(r"^https?://\S+$")
URL_FIELDS = {"source", "sources"}

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


# --- building dataclasses from plain values, checked against their type hints ----------------------


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


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    return {str: "text", int: "a whole number", float: "a number", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__
    )


_MISSING_VALUE = object()


def build(hint: Any, value: Any, keys: KeyPath, document: _Document) -> Any:
    """Check `value` against `hint` and build it; record every problem; return a value or _MISSING_VALUE."""
    origin = get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in get_args(hint) if a is not type(None)]
        return None if value is None else build(options[0], value, keys, document)
    if hint is str:
        if isinstance(value, str) and value.strip():
            if keys and keys[-1] in URL_FIELDS or (len(keys) > 1 and keys[-2] == "sources"):
                if not URL_PATTERN.match(value):
                    document.problem(keys, f"got {value!r}; expected a source URL starting with http")
                    return _MISSING_VALUE
            return value.strip()
        if isinstance(value, (int, float)) and not isinstance(value, bool) and keys and keys[-1] == "period":
            return str(value)
        document.problem(
            keys, f"got {_describe(value) if value != '' else 'empty text'}; expected {_type_name(hint)}"
        )
        return _MISSING_VALUE
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
        return _MISSING_VALUE
    elif origin is tuple:
        if isinstance(value, list):
            if not value:
                document.problem(keys, "empty list; expected at least one item")
                return _MISSING_VALUE
            items = [build(get_args(hint)[0], item, (*keys, i), document) for i, item in enumerate(value)]
            return _MISSING_VALUE if _MISSING_VALUE in items else tuple(items)
    elif origin is Mapping:
        key_hint, value_hint = get_args(hint)
        if isinstance(value, dict):  # may be empty: `ambiguous_terms: {}` says no word is ambiguous
            built = {k: build(value_hint, v, (*keys, k), document) for k, v in value.items()}
            return _MISSING_VALUE if _MISSING_VALUE in built.values() else built
    elif is_dataclass(hint):
        if isinstance(value, dict):
            return _build_record(hint, value, keys, document)
    else:  # pragma: no cover - a type hint this builder does not know is a programming error
        raise TypeError(f"no builder for {hint!r}")
    document.problem(keys, f"got {_describe(value)}; expected {_type_name(hint)}")
    return _MISSING_VALUE


@functools.cache
def _hints(cls: Any) -> dict[str, Any]:
    """A dataclass's resolved type hints; cached, as resolving them is slow and they never change."""
    return typing.get_type_hints(cls)


def _build_record(cls: Any, value: dict[str, Any], keys: KeyPath, document: _Document) -> Any:
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
        if built is _MISSING_VALUE:
            ok = False
        else:
            arguments[f.name] = built
    return cls(**arguments) if ok else _MISSING_VALUE


def _load_one(cls: type[T], path: Path, problems: list[Problem]) -> tuple[T, _Document] | None:
    document = read_yaml(path, problems)
    if document is None:
        return None
    if not isinstance(document.value, dict):
        problems.append(Problem(path, "", f"got {_describe(document.value)}; expected a mapping of keys"))
        return None
    built = _build_record(cls, document.value, (), document)
    return None if built is _MISSING_VALUE else (built, document)


# --- the knowledge base -----------------------------------------------------------------------------


NameKey = Callable[[str], str]
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def plain_name_key(alias: str) -> str:
    """Lower-cased words: the default clash key when no reader of names is injected."""
    return " ".join(_WORD.findall(alias.casefold()))


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
        _check_lexicon(*lexicon)
    if safety is not None:
        _check_safety(*safety)
    guide = _load_guide(directory, problems)
    if not loaded_roles and not problems:
        problems.append(Problem(directory / "roles", "", "no role files; expected <role_id>.yaml files"))
    if general is not None and out_of_scope is not None:
        _check_references(loaded_roles, general, out_of_scope, problems, unloaded, name_key)
        _check_scripts(loaded_roles, general, out_of_scope)
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


def _check_safety(safety: SafetyInfo, document: _Document) -> None:
    """Rule ids are unique and `also` names rules that exist."""
    ids = [rule.id for rule in safety.rules]
    for index, rule in enumerate(safety.rules):
        if ids.count(rule.id) > 1:
            document.problem(("rules", index, "id"), f"duplicate rule id {rule.id!r}; expected each id once")
        for other in rule.also:
            if other not in ids or other == rule.id:
                document.problem(("rules", index, "also"), f"unknown rule {other!r}; expected one of {ids}")


# Cyrillic and Greek letters that look like Latin ones: a name written with them looks like ours.
_LOOKALIKES = frozenset("авеһіјкмнорсѕтухԁԛԝАВЕНІЈКМНОРСЅТУХΑΒΕΖΗΙΚΜΝΟΡΤΥΧικνοτυχ")
_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK"})


def look_alike_word(name: str) -> str | None:
    """A word of a name that mixes Latin with Cyrillic or Greek letters, or that is all look-alikes."""
    words: list[str] = re.findall(r"[^\W\d_]+", name)
    for word in words:
        scripts = {unicodedata.name(letter, "?").split(" ")[0] for letter in word}
        if len(scripts & _SCRIPTS) > 1 or (scripts <= _SCRIPTS - {"LATIN"} and set(word) <= _LOOKALIKES):
            return word
    return None


def _check_scripts(
    roles: list[tuple[Role, _Document]],
    general: tuple[GeneralInfo, _Document],
    out_of_scope: tuple[OutOfScopeInfo, _Document],
) -> None:
    """Names that only look like Latin ones ('рhlebotomist' with a Cyrillic р) would take over names."""
    named: list[tuple[_Document, KeyPath, str]] = []
    for role, document in roles:
        named += [(document, ("title",), role.title), (document, ("short_title",), role.short_title)]
        named += [(document, ("aliases", index), alias) for index, alias in enumerate(role.aliases)]
    named += [(general[1], ("ambiguous_terms", term), term) for term in general[0].ambiguous_terms]
    for index, occupation in enumerate(out_of_scope[0].other_occupations):
        keys: KeyPath = ("other_occupations", index)
        named.append((out_of_scope[1], (*keys, "name"), occupation.name))
        named += [(out_of_scope[1], (*keys, "aliases", i), a) for i, a in enumerate(occupation.aliases)]
    for document, keys, name in named:
        word = look_alike_word(name)
        if word is not None:
            document.problem(
                keys, f"{word!r} mixes Latin with Cyrillic or Greek look-alike letters; expected one script"
            )


def _check_references(
    roles: list[tuple[Role, _Document]],
    general: tuple[GeneralInfo, _Document],
    out_of_scope: tuple[OutOfScopeInfo, _Document],
    problems: list[Problem],
    unloaded: set[str],
    name_key: NameKey,
) -> None:
    """Checks that span files: ids, alias clashes, role references, traits, categories, sources."""
    checks = _References([role.id for role, _ in roles], unloaded, name_key)
    for role, document in roles:
        checks.identity(role, document)
        checks.fields(role, document, general[0])
    checks.general(*general)
    checks.out_of_scope(*out_of_scope)


class _References:
    """The cross-file checks, sharing the role ids and which role owns each name."""

    def __init__(self, role_ids: list[str], unloaded: set[str], name_key: NameKey) -> None:
        self.role_ids, self.unloaded, self.name_key = role_ids, unloaded, name_key
        self.alias_owner: dict[str, str] = {}

    def role_ref(self, document: _Document, keys: KeyPath, role_id: str) -> None:
        # A role whose own file is broken is not unknown: its file's problem is already reported.
        if role_id not in self.role_ids and role_id not in self.unloaded:
            close = difflib.get_close_matches(role_id, self.role_ids, n=1)
            hint_text = f"; did you mean '{close[0]}'?" if close else "; expected the id of a file in roles/"
            document.problem(keys, f"unknown role id {role_id!r}{hint_text}")

    def identity(self, role: Role, document: _Document) -> None:
        """The id matches the file and is unique; every name belongs to one role; references exist."""
        if role.id != document.path.stem:
            document.problem(
                ("id",), f"id {role.id!r} differs from the file name; expected {document.path.stem!r}"
            )
        if self.role_ids.count(role.id) > 1:
            document.problem(("id",), f"duplicate role id {role.id!r}; expected each id once")
        for index, alias in enumerate((role.title, *role.aliases)):
            owner = self.alias_owner.setdefault(self.name_key(alias), role.id)
            if owner != role.id:
                document.problem(
                    ("aliases", index - 1) if index else ("title",),
                    f"alias {alias!r} is already claimed by role {owner!r}; expected unique names",
                )
        for index, other in enumerate(role.related_roles):
            self.role_ref(document, ("related_roles", index), other)
        for index, other in enumerate(role.career_path.next_roles):
            self.role_ref(document, ("career_path", "next_roles", index), other)

    def fields(self, role: Role, document: _Document, general: GeneralInfo) -> None:
        """Traits and category exist; every figure has a year or a note, and its source listed."""
        trait_ids = [trait.id for trait in general.traits]
        for index, trait in enumerate(role.good_fit_for):
            if trait not in trait_ids:
                close = difflib.get_close_matches(trait, trait_ids, n=1)
                hint_text = (
                    f"; did you mean '{close[0]}'?" if close else f"; expected one of {', '.join(trait_ids)}"
                )
                document.problem(("good_fit_for", index), f"unknown trait {trait!r}{hint_text}")
        if role.category not in [category.id for category in general.categories]:
            document.problem(("category",), f"category {role.category!r} is not in general.yaml categories")
        if role.salary.year is None and not role.salary.note:
            document.problem(
                ("salary", "year"), "missing; expected the year of the figure, or a note saying why none"
            )
        if (role.outlook.growth_percent is None or role.outlook.year is None) and not role.outlook.note:
            document.problem(
                ("outlook", "growth_percent"),
                "missing; expected the projected growth and its year, or a note saying why none",
            )
        for keys, url in (
            (("salary", "source"), role.salary.source),
            (("outlook", "source"), role.outlook.source),
        ):
            if url not in role.sources:
                document.problem(keys, "source URL is not listed in the role's 'sources'; expected it there")

    def general(self, info: GeneralInfo, document: _Document) -> None:
        for term, candidates in info.ambiguous_terms.items():
            owner = self.alias_owner.get(self.name_key(term))
            if owner:
                message = f"{term!r} is an alias of role {owner!r}; expected a bare word"
                document.problem(("ambiguous_terms", term), message)
            for index, other in enumerate(candidates):
                self.role_ref(document, ("ambiguous_terms", term, index), other)

    def out_of_scope(self, info: OutOfScopeInfo, document: _Document) -> None:
        for index, occupation in enumerate(info.other_occupations):
            for alias_index, alias in enumerate(occupation.aliases):
                owner = self.alias_owner.get(self.name_key(alias))
                if owner:
                    document.problem(
                        ("other_occupations", index, "aliases", alias_index),
                        f"{alias!r} is an alias of covered role {owner!r}; "
                        "expected only jobs that no role covers",
                    )
            for ref_index, other in enumerate(occupation.closest):
                self.role_ref(document, ("other_occupations", index, "closest", ref_index), other)


# --- intents ----------------------------------------------------------------------------------------


REQUIRED_INTENTS = FILE_INTENTS  # the contract's intents that come from intent files
# One example is enough to load (another domain's small intent set works); below FEW_EXAMPLES an intent
# loads with a warning, since one odd phrasing then decides what it matches.
FEW_EXAMPLES = 5
log = logging.getLogger(__name__)


def field_hint(path: str) -> Any:
    """The type at a dotted field path of a Role ("work_environment.hours"); KeyError if there is none."""
    hint: Any = Role
    for part in path.split("."):
        if get_origin(hint) is tuple:
            hint = get_args(hint)[0]
        if get_origin(hint) is Mapping:  # extra.<topic>: any topic a role file may hold
            hint = get_args(hint)[1]
            continue
        if not isinstance(hint, type) or not is_dataclass(hint):
            raise KeyError(part)
        hint = _hints(hint)[part]
    return hint


def _check_lexicon(lexicon: Lexicon, document: _Document) -> None:
    """Every field a yes/no word points at is a real field of the role schema."""
    for word, rule in lexicon.field_answers.items():
        try:
            for path in (rule.field, *((rule.detail,) if rule.detail else ())):
                field_hint(path)
        except KeyError:
            document.problem(
                ("field_answers", word, "field"), f"unknown field {rule.field!r}; expected a role field"
            )


def _check_answer(answer: AnswerSpec, document: _Document) -> None:
    """Exactly one way to answer, and every field path a real field of the role schema."""
    kinds = [kind for kind in ("handler", "text", "fields") if getattr(answer, kind)]
    if len(kinds) != 1:
        got = " and ".join(kinds) or "none of them"
        document.problem(("answer",), f"got {got}; expected exactly one of handler, text or fields")
    for key, paths in (("fields", answer.fields), ("sort_by", (answer.sort_by,) if answer.sort_by else ())):
        for index, path in enumerate(paths):
            try:
                field_hint(path)
            except KeyError:
                where = ("answer", key, index) if key == "fields" else ("answer", key)
                document.problem(where, f"unknown field {path!r}; expected a field of the role schema")


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
            _check_answer(intent.answer, document)
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
