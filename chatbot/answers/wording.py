"""How figures and names are worded in answers: money, pay and growth lines, articles, role names.

Shared by `answers` and `compare`, so that a figure reads the same wherever it appears.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..knowledge.guide import FigureBasis
from ..knowledge.schema import Role

CONTACT_WORDS = {"none": "none", "low": "a little", "medium": "some", "high": "a lot"}
CONTACT_PHRASES = {
    "none": "no patient contact",
    "low": "a little patient contact",
    "medium": "some patient contact",
    "high": "a lot of patient contact",
}
# Short markers for a figure that is not the role's own BLS number, and the footnote each one needs.
MARKERS: dict[FigureBasis, str] = {"bls": "", "bls_group": "", "stand_in": "(stand-in)", "estimate": "(est.)"}
FOOTNOTES: dict[FigureBasis, str] = {
    "stand_in": "(stand-in) BLS has no figure for this job; the figure of a close job stands in for it.",
    "estimate": "(est.) An estimate, not a BLS figure: a career website's number or our own reckoning.",
}
FREQUENCY_WORDS = {  # how often a schedule fact holds (part time, evenings and weekends)
    "common": "common",
    "some": "in some jobs",
    "rare": "rare",
    "unknown": "our sources do not say",
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


def marked(text: str, basis: FigureBasis) -> str:
    """A figure with its marker: "$51,030 (stand-in)"; a role's own BLS figure stays bare."""
    return f"{text} {MARKERS[basis]}" if MARKERS[basis] else text


def footnotes(roles: Iterable[Role]) -> list[str]:
    """The footnote of every marker these roles' pay or growth figures carry, in a fixed order."""
    used = {basis for role in roles for basis in (role.salary.basis, role.outlook.basis, length_basis(role))}
    return [text for basis, text in FOOTNOTES.items() if basis in used]


def median_pay(role: Role) -> str:
    """The median for tables: "$50,250", "$239,200+" where BLS gives only a floor, marked if not BLS's own."""
    return marked(money(role.salary.median_annual) + ("+" if role.salary.at_least else ""), role.salary.basis)


def median_phrase(role: Role) -> str:
    """The pay for a recommendation line: "median pay $44,200", never "median" for an estimate."""
    if role.salary.basis == "estimate":
        return f"about {median_pay(role)} a year"
    if role.salary.at_least:  # "$239,200 or more", not "$239,200+ or more"
        return f"median pay {marked(money(role.salary.median_annual), role.salary.basis)} or more"
    return f"median pay {median_pay(role)}"


def pay_line(role: Role) -> str:
    salary = role.salary
    floor = " or more" if salary.at_least else ""
    hourly = (
        f"about {money(salary.median_hourly)} an hour, our estimate"
        if salary.hourly_estimate
        else (f"{money(salary.median_hourly)}{floor} an hour")
    )
    when = f"May {salary.year}" if salary.year else "undated"
    if salary.basis == "estimate":
        return (
            f"about {marked(money(salary.median_annual), 'estimate')} a year, a career website's {when} "
            f"estimate, not a measured median ({hourly}); {site(salary.source)}"
        )
    amount = marked(money(salary.median_annual) + floor, salary.basis)
    return f"median {amount} a year ({hourly}); {when}, {site(salary.source)}"


def months_text(months: int) -> str:
    """Training time for tables: "on the job", "~9 months", "~4 years"."""
    if months == 0:
        return "on the job"
    return f"~{months} months" if months < 24 else f"~{months / 12:.0f} years"


def length_basis(role: Role) -> FigureBasis:
    return "estimate" if role.education.length_estimate else "bls"


def training_time(role: Role) -> str:
    """The months to qualify for tables, marked "(est.)" where the length has no source."""
    return marked(months_text(role.education.months_to_qualify), length_basis(role))


def growth_short(role: Role) -> str:
    """Growth for tables: "+12% (2024-34)", marked if not BLS's own; "n/a" where none is published."""
    outlook = role.outlook
    if outlook.growth_percent is None:
        return "n/a"
    return marked(f"{outlook.growth_percent:+d}% ({outlook.period})", outlook.basis)


def growth_line(role: Role) -> str:
    outlook = role.outlook
    if outlook.growth_percent is None:
        return "no published projection"
    openings = f", about {outlook.openings_per_year:,} openings a year" if outlook.openings_per_year else ""
    growth = marked(f"{outlook.growth_percent:+d}%", outlook.basis)
    return f"{growth} over {outlook.period} ({outlook.label}){openings}; {site(outlook.source)}"


def and_list(names: list[str]) -> str:
    """Names in a sentence: "the biller", "the biller and the coder", "a, b and c"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def lower_first(text: str) -> str:
    """Lower-case the first letter for use mid-sentence, unless the word is an abbreviation ("MSN")."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() or any(ch.isupper() for ch in first[1:]) else text[:1].lower() + text[1:]
