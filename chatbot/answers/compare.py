"""Comparisons: two or three roles side by side as an aligned text table, then one sentence.

The table's rows come from knowledge fields (tagline, entry education, months to qualify, key
credential, median pay, growth, patient contact); the sentence names the field where the roles differ
most, or answers what the user asked about (pay, training, growth).
"""

from __future__ import annotations

from collections.abc import Callable

from ..knowledge.lookup import aspect_figure
from ..knowledge.schema import Role
from .wording import (
    CONTACT_PHRASES,
    CONTACT_WORDS,
    REMOTE_WORDS,
    and_list,
    footnotes,
    growth_line,
    growth_short,
    lower_first,
    median_pay,
    money,
    months_text,
    name,
    pay_line,
    training_time,
)

COLUMN_WIDTH = 24  # three roles side by side fit in 100 columns


def _key_credential(role: Role) -> str:
    """The first credential with its exam ("PA-C (PANCE)"), or with the licence it needs first ("APRN
    license + RN license"): what sets two close roles apart ("PA vs NP")."""
    first = role.certifications[0]
    exams = [exam for exam in role.exams if exam not in first.abbreviation]
    if exams:
        return f"{first.abbreviation} ({' or '.join(exams)})"
    second = role.certifications[1:2]
    also = [c.abbreviation for c in second if c.requirement == first.requirement == "required"]
    return " + ".join([first.abbreviation, *also])


def _compare_table(roles: list[Role]) -> str:
    rows: list[tuple[str, ...]] = [
        ("", *(role.short_title for role in roles)),
        ("Does", *(role.tagline for role in roles)),
        ("Entry education", *(role.education.entry_level_text for role in roles)),
        ("Time to qualify", *(training_time(role) for role in roles)),
        ("Key credential", *(_key_credential(role) for role in roles)),
        ("Median pay", *(median_pay(role) for role in roles)),
        ("Growth", *(growth_short(role) for role in roles)),
        ("Patient contact", *(CONTACT_WORDS[role.work_environment.patient_contact] for role in roles)),
    ]
    width = max(12, min(COLUMN_WIDTH, max(len(cell) for row in rows for cell in row[1:])))
    label_width = max(len(row[0]) for row in rows)
    lines = []
    for row in rows:
        wrapped = [_wrap(cell, width) for cell in row[1:]]
        for depth in range(max(len(cell) for cell in wrapped)):
            label = row[0] if depth == 0 else ""
            cells = [(cell[depth] if depth < len(cell) else "").ljust(width) for cell in wrapped]
            lines.append((label.ljust(label_width) + "  " + "  ".join(cells)).rstrip())
    return "\n".join(lines)


def _wrap(cell: str, width: int) -> list[str]:
    """A cell's lines, filled word by word (a word longer than a line is cut). Not textwrap: it costs a
    quarter of a millisecond a table, more than the rest of a comparison."""
    lines: list[str] = []
    line = ""
    for word in cell.split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if line and len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            if line:
                lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines or [""]


def compare(
    roles: list[Role],
    aspect: str | None,
    direction: str | None = None,
    table: bool = True,
    more_aspects: tuple[str, ...] = (),
) -> str:
    """The comparison table (left out on a follow-up about the same roles) and its summary: one line
    per aspect asked ("on pay and training")."""
    shown_table = _compare_table(roles) + "\n\n" if table else ""
    by_pay = sorted(roles, key=lambda r: r.salary.median_annual, reverse=True)
    by_time = sorted(roles, key=lambda r: r.education.months_to_qualify)
    if aspect in FIGURES:
        summary = "\n".join(
            _aspect_summary(roles, one, direction if one == aspect else None)
            for one in (aspect, *more_aspects)
            if one in FIGURES
        )
        if not table:  # a follow-up on the same roles: the new aspect for each, not the table again
            summary += "\n" + "\n".join(f"- {name(role)}: {DETAIL[aspect](role)}" for role in roles)
    elif aspect == "role_work_environment":  # "which has better hours": each one's hours, side by side
        summary = "Hours and remote work:\n" + "\n".join(
            f"- {name(role)}: {role.work_environment.schedule.rstrip('.')}; "
            f"{REMOTE_WORDS[role.work_environment.remote]}."
            for role in roles
        )
    elif len(roles) > 2:
        summary = (
            f"In short: {_names(_leaders(roles, 'role_education', 'least'), mid=True)} the quickest path to "
            f"qualify ({months_text(by_time[0].education.months_to_qualify)}); "
            f"{_names(_leaders(roles, 'role_salary', 'most'), mid=True)} the highest median pay "
            f"({money(by_pay[0].salary.median_annual)})."
        )
    else:
        summary = _main_difference(roles[0], roles[1])
    years = sorted({r.salary.year for r in roles if r.salary.year})
    footer = f"Pay: May {', '.join(map(str, years))} medians" if years else "Pay: estimates"
    flagged = [f"the {lower_first(r.short_title)}" for r in roles if r.salary.note]
    if flagged:
        footer += (
            f"; for {and_list(flagged)} the figure is an estimate or a wider group's "
            "(ask about their pay for details)"
        )
    notes = "".join(f"\n{note}" for note in footnotes(roles))
    return f"{shown_table}{summary}\n({footer}.){notes}"


def _main_difference(first: Role, second: Role) -> str:
    """One sentence on the field where two roles differ most."""
    one, two = lower_first(first.short_title), lower_first(second.short_title)
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
            f"The main difference is training: the {lower_first(quick.short_title)} qualifies in "
            f"{months_text(quick.education.months_to_qualify)}, the {lower_first(slow.short_title)} needs "
            f"{months_text(slow.education.months_to_qualify)}."
        )
    high, low = sorted((first, second), key=lambda r: r.salary.median_annual, reverse=True)
    if high.salary.median_annual >= 1.2 * low.salary.median_annual:
        return (
            f"The main difference is pay: the {lower_first(high.short_title)} earns a median "
            f"{money(high.salary.median_annual)}, the {lower_first(low.short_title)} "
            f"{money(low.salary.median_annual)}."
        )
    return (
        "On paper they are close; the difference is the daily work. "
        f"The {one}: {lower_first(first.tagline)}; the {two}: {lower_first(second.tagline)}."
    )


FIGURES: dict[str, tuple[str, str]] = {  # aspect: what "most" and "least" are called (the figure: lookup)
    "role_salary": ("the highest median pay", "the lowest median pay"),
    "role_outlook": ("the fastest projected growth", "the weakest outlook"),
    "role_education": ("the longest path to qualify", "the quickest path to qualify"),
}
COMPARATIVES = {"highest": "higher", "lowest": "lower", "fastest": "faster", "weakest": "weaker"}
COMPARATIVES |= {"longest": "longer", "quickest": "quicker"}
DETAIL: dict[str, Callable[[Role], str]] = {
    "role_salary": pay_line,
    "role_outlook": growth_line,
    "role_education": lambda r: lower_first(r.education.typical_length),
}


def _leaders(roles: list[Role], aspect: str, direction: str) -> list[Role]:
    """Every role that shares the top (or bottom) figure: a tie is a tie."""
    known = [(value, role) for role in roles if (value := aspect_figure(role, aspect)) is not None]
    if not known:
        return []
    best = (max if direction == "most" else min)(value for value, _ in known)
    return [role for value, role in known if value == best]


def _joined(roles: list[Role], *, mid: bool = False) -> str:
    """Role names in a sentence: "Medical coder and medical records specialist" to open one, "the medical
    coder and the medical records specialist" inside one."""
    names = [
        f"the {lower_first(name(role))}" if mid else name(role) if i == 0 else lower_first(name(role))
        for i, role in enumerate(roles)
    ]
    return and_list(names)


def _names(roles: list[Role], *, mid: bool = False) -> str:
    return _joined(roles, mid=mid) + (" has" if len(roles) == 1 else " share")


def _aspect_summary(roles: list[Role], aspect: str, asked: str | None) -> str:
    """Who leads on the aspect asked, over every role compared; ties said so, with the reason."""
    direction = asked or ("least" if aspect == "role_education" else "most")
    leaders = _leaders(roles, aspect, direction)
    if not leaders:
        return "BLS gives no figure for these roles."
    label = FIGURES[aspect][1 if direction == "least" else 0]
    if len(roles) == 2:  # of two, the higher pay
        label = " ".join(COMPARATIVES.get(word, word) for word in label.split())
    if len(leaders) == len(roles):
        text = f"It's a tie: {_joined(roles, mid=True)} have the same figure ({DETAIL[aspect](leaders[0])})."
    else:
        text = f"{_names(leaders)} {label} ({DETAIL[aspect](leaders[0])})."
        if aspect == "role_salary" and len(roles) == 2 and len(leaders) == 1:  # "how far apart is their pay"
            other = roles[1] if roles[0] is leaders[0] else roles[0]
            gap = leaders[0].salary.median_annual - other.salary.median_annual
            more = "more" if gap > 0 else "less"
            text += f" That is {money(abs(gap))} a year {more} than the {lower_first(other.short_title)}."
    source = {r.salary.source if aspect == "role_salary" else r.outlook.source for r in leaders}
    if len(leaders) > 1 and aspect != "role_education" and len(source) == 1:
        text += " BLS reports these jobs under one occupation group, so they share one figure."
    slowest = _leaders(roles, aspect, "most") if aspect == "role_education" else []
    if slowest and slowest[0] not in leaders:
        verb = "takes" if len(slowest) == 1 else "take"
        text += f" {_joined(slowest)} {verb} longest ({DETAIL[aspect](slowest[0])})."
    return text


def superlative_line(winner: Role, aspect: str, direction: str, listed: list[Role]) -> str:
    """'Of those, the lab tech pays the most' over the latest list, with every role's figure after it."""
    if aspect not in FIGURES:
        return f"Of those, the {lower_first(name(winner))}:"
    leaders = _leaders(listed, aspect, direction)
    label = FIGURES[aspect][0 if direction == "most" else 1]
    who = _names(leaders, mid=True) if leaders else f"the {lower_first(name(winner))} has"

    def figure(role: Role) -> float | None:
        return aspect_figure(role, aspect)

    ranked = sorted(
        (r for r in listed if figure(r) is not None),
        key=lambda r: figure(r) or 0.0,
        reverse=(direction == "most"),
    )
    rows = "\n".join(f"{n}. {name(r)}: {DETAIL[aspect](r)}" for n, r in enumerate(ranked, 1))
    if len(leaders) == len(listed) > 1:  # "which one grows faster", both at +7%: a tie, said so
        return f"It's a tie: {_joined(listed, mid=True)} have the same figure.\n{rows}"
    return f"Of those {len(listed)}, {who} {label}.\n{rows}"
