"""Checks that span the knowledge files: ids, names and their clashes, references, scripts, safety
rules, the lexicon and the answers intent files declare. Run by `loader` once every file is typed."""

from __future__ import annotations

import difflib
import re
import typing
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import is_dataclass
from typing import TYPE_CHECKING, Any, get_args, get_origin

from ..errors import Problem
from .schema import AnswerSpec, GeneralInfo, Lexicon, OutOfScopeInfo, Role, SafetyInfo

if TYPE_CHECKING:
    from .loader import KeyPath, _Document

NameKey = Callable[[str], str]
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def plain_name_key(alias: str) -> str:
    """Lower-cased words: the default clash key when no reader of names is injected."""
    return " ".join(_WORD.findall(alias.casefold()))


RULE_ID = re.compile(r"[a-z][a-z0-9_]*")  # plain words: the safety check marks some keys with other signs


def check_safety(safety: SafetyInfo, document: _Document) -> None:
    """Rule ids are unique plain words and `also` names rules that exist."""
    ids = [rule.id for rule in safety.rules]
    for index, rule in enumerate(safety.rules):
        if not RULE_ID.fullmatch(rule.id):
            document.problem(
                ("rules", index, "id"), f"rule id {rule.id!r}; expected lowercase letters, digits, _"
            )
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


def check_scripts(
    roles: list[tuple[Role, _Document]],
    general: tuple[GeneralInfo, _Document],
    out_of_scope: tuple[OutOfScopeInfo, _Document],
) -> None:
    """Names that only look like Latin ones ('рhlebotomist' with a Cyrillic р) would take over names."""
    named: list[tuple[_Document, KeyPath, str]] = []
    for role, document in roles:
        named += [(document, ("title",), role.title), (document, ("short_title",), role.short_title)]
        named += [(document, ("aliases", index), alias) for index, alias in enumerate(role.aliases)]
        named += [(document, ("exams", index), exam) for index, exam in enumerate(role.exams)]
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


def check_references(
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
        names: list[tuple[KeyPath, str]] = [(("title",), role.title)]
        names += [(("aliases", index), alias) for index, alias in enumerate(role.aliases)]
        names += [(("exams", index), exam) for index, exam in enumerate(role.exams)]
        for keys, alias in names:
            owner = self.alias_owner.setdefault(self.name_key(alias), role.id)
            if owner != role.id:
                document.problem(
                    keys, f"alias {alias!r} is already claimed by role {owner!r}; expected unique names"
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
        hint = typing.get_type_hints(hint)[part]
    return hint


def check_lexicon(lexicon: Lexicon, document: _Document) -> None:
    """Every field a yes/no word points at is a real field of the role schema."""
    for word, rule in lexicon.field_answers.items():
        try:
            for path in (rule.field, *((rule.detail,) if rule.detail else ())):
                field_hint(path)
        except KeyError:
            document.problem(
                ("field_answers", word, "field"), f"unknown field {rule.field!r}; expected a role field"
            )


def check_answer(answer: AnswerSpec, document: _Document) -> None:
    """Exactly one way to answer (a text may add fields of the roles named), and every field path a real
    field of the role schema."""
    kinds = [kind for kind in ("handler", "text", "fields") if getattr(answer, kind)]
    if kinds == ["text", "fields"]:
        kinds = ["text"]
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
