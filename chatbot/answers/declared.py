"""Answers declared in an intent file (`answer: {fields: [...]}` or `{text: ...}`): no code per intent.

A declared answer shows knowledge fields of the roles in focus, as a section or a list, or as a table
over every role sorted by a field; or a fixed text. The code-written answers register their names
in HANDLERS, so that `validate` can tell an intent whose answer nobody writes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from ..knowledge.schema import AnswerSpec, KnowledgeBase, Role
from .reply import Reply
from .wording import lower_first, money, name

# The answers written in code, by the name an intent file gives as `answer: {handler: ...}`.
HANDLERS = frozenset(
    """
    role_overview role_skills role_education role_certification role_salary role_outlook
    role_work_environment role_career_path compare_roles list_roles general_skills recommend_roles
    greeting thanks goodbye help about_data out_of_scope crisis medical_advice
    """.split()
)


def field_value(role: Role, path: str) -> object:
    """The value at a dotted path of a role ("work_environment.hours", "extra.attire"); None if absent."""
    value: object = role
    for part in path.split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif dataclasses.is_dataclass(value):
            value = getattr(value, part, None)
        else:
            return None
    return value


def _lines(value: object) -> list[str]:
    """A field's value as lines of text: text, a number, a list of either, or a record's text fields."""
    if value is None or value == () or value == {}:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, (int, float)):
        return [money(value) if value >= 1000 else f"{value:g}"]
    if isinstance(value, (tuple, list)):
        return [line for item in value for line in _lines(item)]
    if dataclasses.is_dataclass(value):
        texts = [getattr(value, f.name) for f in dataclasses.fields(value)]
        return ["; ".join(t for t in texts if isinstance(t, str) and "://" not in t)]
    return [str(value)]


def _label(path: str) -> str:
    return path.split(".")[-1].replace("_", " ").capitalize()


def _section(role: Role, spec: AnswerSpec) -> str:
    title = (spec.title or "{role}").replace("{role}", name(role))
    lines = [f"{title}:"]
    for path in spec.fields:
        values = _lines(field_value(role, path))
        if spec.layout == "list" or len(values) > 1:
            lines.extend(f"- {lower_first(v) if spec.layout == 'list' else v}" for v in values)
        elif values:
            lines.append(values[0] if len(spec.fields) == 1 else f"{_label(path)}: {values[0]}")
    if len(lines) == 1:
        lines.append(f"I have nothing on that for {name(role).lower()} yet.")
    return "\n".join(lines)


def _table(kb: KnowledgeBase, spec: AnswerSpec) -> str:
    def key(role: Role) -> float:
        value = field_value(role, spec.sort_by) if spec.sort_by else None
        return float(value) if isinstance(value, (int, float)) else float("-inf")

    roles = sorted(kb.roles, key=key, reverse=True)
    title = (spec.title or "Every role").replace("{role}", "every role")
    rows = [
        f"- {name(role)}: " + "; ".join(v for p in spec.fields for v in _lines(field_value(role, p)))
        for role in roles
    ]
    return "\n".join([f"{title}:", *rows])


def declared_reply(intent: str, spec: AnswerSpec, roles: tuple[Role, ...], kb: KnowledgeBase) -> Reply:
    """The reply an intent file declares, for the roles in focus (none for a text or a table)."""
    if spec.text is not None:
        text = " ".join(spec.text.split()).replace("{count}", str(len(kb.roles)))
        if not (spec.fields and roles):
            return Reply(intent, (), 1.0, text, (), spec.follow_ups)
        text = "\n\n".join([text, *(_section(role, spec) for role in roles)])
        sources = tuple(dict.fromkeys(url for role in roles for url in role.sources[:1]))
        return Reply(intent, tuple(role.id for role in roles), 1.0, text, (), spec.follow_ups, sources)
    if spec.layout == "table":
        return Reply(intent, (), 1.0, _table(kb, spec), kb.role_ids, spec.follow_ups)
    text = "\n\n".join(_section(role, spec) for role in roles)
    sources = tuple(dict.fromkeys(url for role in roles for url in role.sources[:1]))
    return Reply(intent, tuple(role.id for role in roles), 1.0, text, (), spec.follow_ups, sources)
