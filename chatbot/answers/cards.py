"""Whole-role views: the profile card (`careerbot role`, /role) and the table of every role."""

from __future__ import annotations

from ..knowledge.schema import KnowledgeBase, Role
from .compose import (
    FOLLOW_UPS,
    _career_path,
    _certification,
    _education,
    _outlook,
    _overview,
    _salary,
    _skills,
    _work_environment,
)
from .reply import Reply
from .wording import median_pay, name


def roles_table(kb: KnowledgeBase, *, category: bool = True) -> str:
    """Every role with its entry education and median pay (and category), in aligned columns."""
    header = (
        ("Role", "Category", "Entry education", "Median pay")
        if category
        else ("Role", "Entry education", "Median pay")
    )
    rows = [header] + [
        (
            name(role),
            *((role.category,) if category else ()),
            role.education.entry_level_text.split(" (")[0],
            median_pay(role),
        )
        for role in kb.roles
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    rows.insert(1, tuple("-" * width for width in widths))
    return "\n".join("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows)


def profile(role: Role, kb: KnowledgeBase) -> Reply:
    """The full profile card of one role: every section in detail, with all its sources."""
    sections = [
        ("Overview", _overview(role, True)),
        ("Skills", _skills(role, True)),
        ("Education and training", _education(role, True)),
        ("Certification", _certification(role, True)),
        ("Pay", _salary(role, True)),
        ("Outlook", _outlook(role, True)),
        ("Work environment", _work_environment(role, True)),
        ("Career path", _career_path(role, True, kb)),
    ]
    text = "\n\n".join(f"## {title}\n{body}" for title, body in sections)
    return Reply(
        "role_overview",
        (role.id,),
        1.0,
        text,
        role.career_path.next_roles,
        FOLLOW_UPS["role_overview"][:2],
        role.sources,
    )
