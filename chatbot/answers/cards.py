"""Whole-role views: the profile card (`careerbot role`, /role) and the table of every role."""

from __future__ import annotations

from ..knowledge.schema import KnowledgeBase, Role
from .facts import learn_more_links, pay_range_lines
from .follow_ups import FOLLOW_UPS
from .reply import Reply
from .wording import (
    CONTACT_WORDS,
    REMOTE_WORDS,
    footnotes,
    growth_line,
    length_basis,
    marked,
    median_pay,
    name,
    pay_line,
)


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
    table = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    return "\n".join(table + footnotes(kb.roles))


def _sections(role: Role, kb: KnowledgeBase) -> list[tuple[str, list[str]]]:
    """The card's sections, each fact once: where, hours and pay appear in one section only."""
    education, work, life = role.education, role.work_environment, role.job_life
    length = marked(education.typical_length.rstrip("."), length_basis(role))
    credentials = [
        f"- {c.abbreviation}: {c.name}, from {c.issuer} ({c.requirement.replace('_', ' ')})"
        for c in role.certifications
    ]
    path = role.career_path
    return [
        ("Overview", [role.summary, "Main duties:", *_bullets(role.duties)]),
        ("A typical day", _bullets(life.day)),
        ("Skills", [f"- {skill.name}: {skill.why}" for skill in role.skills]),
        (
            "Training",
            [f"Entry: {education.entry_level_text}.", f"How long: {length}.", *_bullets(education.programs)],
        ),
        ("Where to study", _bullets(role.where_to_study.accreditors)),
        ("Credentials", [*credentials, f"Licence: {role.licensure.details}"]),
        ("Pay", [f"{pay_line(role)}.", *pay_range_lines(role, median=False)]),
        (
            "Outlook",
            [f"{growth_line(role)}."] + ([f"Note: {role.outlook.note}"] if role.outlook.note else []),
        ),
        (
            "Work",
            [
                "Settings: " + "; ".join(work.settings) + ".",
                f"Hours: {role.schedule.statement}",
                f"Remote work: {REMOTE_WORDS[work.remote]}.",
                f"Patient contact: {CONTACT_WORDS[work.patient_contact]}.",
            ],
        ),
        ("Pros", _bullets(life.pros)),
        ("Cons", _bullets(life.cons)),
        ("Career path", _bullets(path.moves_to)),
        ("First job", _bullets(life.first_job)),
        (
            "Learn more",
            [f"- {title}: {url}" for title, url in learn_more_links(role)] or [role.learn_more.note or ""],
        ),
    ]


def _bullets(items: tuple[str, ...]) -> list[str]:
    return [f"- {item}" for item in items]


def profile(role: Role, kb: KnowledgeBase) -> Reply:
    """The full profile card of one role, readable on a projector: plain headings, each fact once."""
    parts = [f"{role.title}: {role.tagline}"]
    parts.extend(f"{title}:\n" + "\n".join(lines) for title, lines in _sections(role, kb))
    notes = footnotes([role])
    text = "\n\n".join(parts + (["\n".join(notes)] if notes else []))
    return Reply(
        "role_overview",
        (role.id,),
        1.0,
        text,
        role.career_path.next_roles,
        FOLLOW_UPS["role_overview"][:2],
        role.sources,
    )
