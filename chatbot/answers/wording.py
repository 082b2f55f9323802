"""How figures and names are worded in answers: money, pay and growth lines, articles, role names.

Shared by `answers` and `compare`, so that a figure reads the same wherever it appears.
"""

from __future__ import annotations

from ..knowledge.schema import Role

CONTACT_WORDS = {"none": "none", "low": "a little", "medium": "some", "high": "a lot"}
CONTACT_PHRASES = {
    "none": "no patient contact",
    "low": "a little patient contact",
    "medium": "some patient contact",
    "high": "a lot of patient contact",
}
REMOTE_WORDS = {
    "none": "not remote",
    "rare": "rarely remote",
    "some": "sometimes remote",
    "common": "often remote",
}


def site(url: str) -> str:
    """The short name of a source: 'bls.gov' for a BLS page."""
    host = url.split("://", 1)[-1].split("/", 1)[0]
    return host[4:] if host.startswith("www.") else host


def name(role: Role) -> str:
    """A role's plain name for sentences: "Medical secretary" for "Medical secretary / receptionist"."""
    return role.title.split(" / ")[0]


def a(noun: str) -> str:
    """The noun with its indefinite article: "an office manager", "a medical coder", "an RN"."""
    first = noun.split()[0] if noun.split() else noun
    vowel = first[0].lower() in "aeio" or (first.isupper() and first[0] in "AEFHILMNORSX")
    return f"{'an' if vowel else 'a'} {noun}"


def money(amount: float) -> str:
    return f"${amount:,.0f}" if amount >= 1000 else f"${amount:,.2f}"


def median_pay(role: Role) -> str:
    """The median for tables: "$50,250", or "$239,200+" where BLS gives only a floor."""
    return money(role.salary.median_annual) + ("+" if role.salary.at_least else "")


def pay_line(role: Role) -> str:
    salary = role.salary
    floor = " or more" if salary.at_least else ""
    hourly = (
        f"about {money(salary.median_hourly)} an hour, our estimate"
        if salary.hourly_estimate
        else (f"{money(salary.median_hourly)}{floor} an hour")
    )
    when = f"May {salary.year}" if salary.year else "undated estimate"
    return f"median {money(salary.median_annual)}{floor} a year ({hourly}); {when}, {site(salary.source)}"


def growth_line(role: Role) -> str:
    outlook = role.outlook
    if outlook.growth_percent is None:
        return "no published projection"
    openings = f", about {outlook.openings_per_year:,} openings a year" if outlook.openings_per_year else ""
    return (
        f"{outlook.growth_percent:+d}% over {outlook.period} ({outlook.label}){openings}; "
        f"{site(outlook.source)}"
    )


def lower_first(text: str) -> str:
    """Lower-case the first letter for use mid-sentence, unless the word is an abbreviation ("MSN")."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() or any(ch.isupper() for ch in first[1:]) else text[:1].lower() + text[1:]
