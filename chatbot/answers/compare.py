"""Comparisons: two or three roles side by side as an aligned text table, then one sentence.

The table's rows come from knowledge fields (tagline, entry education, months to qualify, key
credential, median pay, growth, patient contact); the sentence names the field where the roles differ
most, or answers what the user asked about (pay, training, growth).
"""

from __future__ import annotations

import textwrap

from ..knowledge.schema import Role
from .wording import (
    CONTACT_PHRASES,
    CONTACT_WORDS,
    growth_line,
    lower_first,
    median_pay,
    money,
    name,
    pay_line,
)

COLUMN_WIDTH = 24  # three roles side by side fit in 100 columns


def _compare_table(roles: list[Role]) -> str:
    rows: list[tuple[str, ...]] = [
        ("", *(role.short_title for role in roles)),
        ("Does", *(role.tagline for role in roles)),
        ("Entry education", *(role.education.entry_level_text for role in roles)),
        ("Time to qualify", *(_months(role.education.months_to_qualify) for role in roles)),
        ("Key credential", *(role.certifications[0].abbreviation for role in roles)),
        (
            "Median pay",
            *(median_pay(role) + ("" if role.salary.year else " (est.)") for role in roles),
        ),
        (
            "Growth",
            *(
                "n/a"
                if role.outlook.growth_percent is None
                else f"{role.outlook.growth_percent:+d}% ({role.outlook.period})"
                for role in roles
            ),
        ),
        ("Patient contact", *(CONTACT_WORDS[role.work_environment.patient_contact] for role in roles)),
    ]
    width = max(12, min(COLUMN_WIDTH, max(len(cell) for row in rows for cell in row[1:])))
    label_width = max(len(row[0]) for row in rows)
    lines = []
    for row in rows:
        wrapped = [textwrap.wrap(cell, width) or [""] for cell in row[1:]]
        for depth in range(max(len(cell) for cell in wrapped)):
            label = row[0] if depth == 0 else ""
            cells = [(cell[depth] if depth < len(cell) else "").ljust(width) for cell in wrapped]
            lines.append((label.ljust(label_width) + "  " + "  ".join(cells)).rstrip())
    return "\n".join(lines)


def _months(months: int) -> str:
    if months == 0:
        return "on the job"
    if months < 24:
        return f"~{months} months"
    return f"~{months / 12:.0f} years"


def compare(roles: list[Role], aspect: str | None) -> str:
    """The comparison table and its one-sentence summary."""
    table = _compare_table(roles)
    by_pay = sorted(roles, key=lambda r: r.salary.median_annual, reverse=True)
    by_time = sorted(roles, key=lambda r: r.education.months_to_qualify)
    if aspect == "role_salary":
        summary = f"{name(by_pay[0])} has the higher median pay ({pay_line(by_pay[0])})."
    elif aspect == "role_education":
        summary = (
            f"{name(by_time[0])} is the quicker path ({lower_first(by_time[0].education.typical_length)}); "
            f"{name(by_time[-1]).lower()} takes longest "
            f"({lower_first(by_time[-1].education.typical_length)})."
        )
    elif aspect == "role_outlook":
        known = [r for r in roles if r.outlook.growth_percent is not None]
        best = max(known, key=lambda r: r.outlook.growth_percent or 0) if known else roles[0]
        summary = f"{name(best)} has the fastest projected growth: {growth_line(best)}."
    elif len(roles) > 2:
        summary = (
            f"In short: {name(by_time[0])} is the quickest to qualify "
            f"({_months(by_time[0].education.months_to_qualify)}), {name(by_pay[0]).lower()} has the "
            f"highest median pay ({money(by_pay[0].salary.median_annual)})."
        )
    else:
        summary = _main_difference(roles[0], roles[1])
    years = sorted({r.salary.year for r in roles if r.salary.year})
    footer = f"Pay: May {', '.join(map(str, years))} medians" if years else "Pay: estimates"
    flagged = [r.short_title for r in roles if r.salary.note]
    if flagged:
        footer += (
            f"; for {', '.join(flagged)} it is an estimate or a wider group's figure "
            "(ask their salary for details)"
        )
    return f"{table}\n\n{summary}\n({footer}.)"


def _main_difference(first: Role, second: Role) -> str:
    """One sentence on the field where two roles differ most."""
    one, two = first.short_title, second.short_title
    if first.category != second.category:
        return (
            f"The main difference: the {one} does {first.category} work with "
            f"{CONTACT_PHRASES[first.work_environment.patient_contact]}, the {two} does "
            f"{second.category} work with {CONTACT_PHRASES[second.work_environment.patient_contact]}."
        )
    gap = abs(first.education.months_to_qualify - second.education.months_to_qualify)
    if gap >= 12:
        quick, slow = sorted((first, second), key=lambda r: r.education.months_to_qualify)
        return (
            f"The main difference is training: the {quick.short_title} qualifies in "
            f"{_months(quick.education.months_to_qualify)}, the {slow.short_title} needs "
            f"{_months(slow.education.months_to_qualify)}."
        )
    high, low = sorted((first, second), key=lambda r: r.salary.median_annual, reverse=True)
    if high.salary.median_annual >= 1.2 * low.salary.median_annual:
        return (
            f"The main difference is pay: the {high.short_title} earns a median "
            f"{money(high.salary.median_annual)}, the {low.short_title} {money(low.salary.median_annual)}."
        )
    return (
        f"On paper they are close; the difference is the daily work. {one}: {first.tagline}. "
        f"{two}: {second.tagline}."
    )
