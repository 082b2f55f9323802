"""Rankings of every role ("rank all roles by pay"), with an optional filter, as one aligned table.

Unlike a recommendation (the top few that fit a person), a ranking lists every role that passes the
filter, so a counsellor can project the whole picture. Every estimate or stand-in figure is marked, and
the footnotes under the table say what each marker means.
"""

from __future__ import annotations

from typing import Literal

from ..knowledge.lookup import ranked
from ..knowledge.schema import EDUCATION_ORDER, EducationLevel, KnowledgeBase, Role
from ..records import record
from .wording import footnotes, marked, median_pay, name, training_time

RankKey = Literal["pay", "training", "growth", "openings"]
KEY_WORDS: dict[RankKey, str] = {
    "pay": "median pay, highest first",
    "training": "training time, quickest first",
    "growth": "projected growth, fastest first",
    "openings": "openings a year, most first",
}


@record
class RankFilter:
    """What a ranking keeps: "need only two years" is max_months=24; the schedule words filter too."""

    max_months: int | None = None
    max_education: EducationLevel | None = None
    part_time: bool = False  # "part time while in college": part-time work common or in some jobs
    regular_hours: bool = False  # "a job with regular hours": evenings and weekends not common

    def keeps(self, role: Role) -> bool:
        education = role.education
        if self.max_months is not None and education.months_to_qualify > self.max_months:
            return False
        if self.max_education is not None and EDUCATION_ORDER.index(
            education.lowest_level
        ) > EDUCATION_ORDER.index(self.max_education):
            return False
        if self.part_time and role.schedule.part_time not in ("common", "some"):
            return False
        return not (self.regular_hours and role.schedule.evenings_weekends == "common")

    def describe(self) -> str:
        parts = []
        if self.max_months is not None:
            parts.append(f"training of {self.max_months} months or less")
        if self.max_education is not None:
            parts.append(f"entry education up to {self.max_education.replace('_', ' ')}")
        if self.part_time:
            parts.append("part-time work possible")
        if self.regular_hours:
            parts.append("evenings and weekends not common")
        return ", ".join(parts)


def ranked_roles(kb: KnowledgeBase, key: RankKey, keep: RankFilter | None = None) -> list[Role]:
    """Every role that passes the filter, best first by the key (ties keep the data's order)."""
    keep = keep or RankFilter()
    return ranked((role for role in kb.roles if keep.keeps(role)), key)


def _growth(role: Role) -> str:
    growth = role.outlook.growth_percent
    return "n/a" if growth is None else marked(f"{growth:+d}%", role.outlook.basis)


def _openings(role: Role) -> str:
    return f"{role.outlook.openings_per_year:,}" if role.outlook.openings_per_year else "n/a"


def ranking(kb: KnowledgeBase, key: RankKey, keep: RankFilter | None = None) -> str:
    """ "Rank all roles by pay", "the highest paid that need only two years": a table of every role."""
    keep = keep or RankFilter()
    roles = ranked_roles(kb, key, keep)
    condition = keep.describe()
    title = f"All {len(kb.roles)} roles by {KEY_WORDS[key]}:"
    if condition:
        title = f"Roles with {condition}, by {KEY_WORDS[key]} ({len(roles)} of {len(kb.roles)}):"
    if not roles:
        return f"No role has {condition}. Try a looser limit."
    header = ("#", "Role", "Median pay", "Training", "Growth", "Openings/yr")
    rows = [header] + [
        (str(place), name(role), median_pay(role), training_time(role), _growth(role), _openings(role))
        for place, role in enumerate(roles, start=1)
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    years = sorted({str(role.salary.year) for role in roles if role.salary.year})
    sources = f"Pay: May {', '.join(years)} (BLS); growth and openings: 2024-34 projections (BLS)."
    return "\n".join([title, *lines, sources, *footnotes(roles)])
