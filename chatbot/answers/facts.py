"""One role's headline facts as plain data, for front ends that draw their own cards and charts.

The web page shows these as a role card, a comparison table and a pay chart. Every figure travels with
its year and source, and `marked` says when it is an estimate or a wider group's figure, so a front end
can flag it without parsing the prose.
"""

from __future__ import annotations

from typing import Any

from ..knowledge.schema import Role
from .wording import name, site


def role_facts(role: Role) -> dict[str, Any]:
    """Title, summary, pay, training, key credential, growth and learn-more links of one role."""
    salary, outlook, education = role.salary, role.outlook, role.education
    key = role.certifications[0] if role.certifications else None
    return {
        "id": role.id,
        "title": role.title,
        "short_title": name(role),
        "tagline": role.tagline,
        "summary": role.summary,
        "pay": {
            "median_annual": salary.median_annual,
            "median_hourly": salary.median_hourly,
            "at_least": salary.at_least,
            "hourly_estimate": salary.hourly_estimate,
            "year": salary.year,
            "when": f"May {salary.year}" if salary.year else "undated estimate",
            "source": salary.source,
            "source_name": site(salary.source),
            "marked": salary.note is not None or salary.year is None,
            "note": salary.note,
            "range": None,
        },
        "training": {
            "entry": education.entry_level_text,
            "length": education.typical_length,
            "months": education.months_to_qualify,
        },
        "credential": None
        if key is None
        else {
            "name": key.name,
            "abbreviation": key.abbreviation,
            "issuer": key.issuer,
            "requirement": key.requirement.replace("_", " "),
        },
        "growth": {
            "percent": outlook.growth_percent,
            "label": outlook.label,
            "period": outlook.period,
            "year": outlook.year,
            "when": f"{outlook.period} projection" if outlook.period else "no projection",
            "source": outlook.source,
            "source_name": site(outlook.source),
            "marked": outlook.note is not None,
            "note": outlook.note,
        },
        "links": [{"title": site(url), "url": url} for url in role.sources],
    }
