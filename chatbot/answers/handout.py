"""Printable handouts: one page per role (`careerbot handout`, `Bot.handout`) as Markdown or HTML.

A page is built once as plain data (sections of lines, and a table of figures) and then written in
either format, so the two always say the same. Every line that shows a figure carries its year and its
source, and the figures table at the end lists each one with both. HTML output escapes every piece of
text, so nothing in a data file can become markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ..knowledge.schema import KnowledgeBase, Role
from ..records import record
from .facts import learn_more_links
from .wording import FOOTNOTES, length_basis, marked, median_pay, money, site

HandoutFormat = Literal["md", "html"]
FORMATS: tuple[HandoutFormat, ...] = ("md", "html")
STYLE = (
    "body{font-family:Arial,Helvetica,sans-serif;font-size:12pt;line-height:1.4;"
    "max-width:46rem;margin:1rem auto}"
    "h1{font-size:20pt;margin-bottom:0}h2{font-size:13pt;margin:1rem 0 .2rem}.tagline{margin-top:.2rem}"
    "table{border-collapse:collapse;font-size:10pt}"
    "td,th{border:1px solid #999;padding:2px 6px;text-align:left}"
    "@media print{section{page-break-after:always}a{color:inherit}}"
)


def _escape(text: str) -> str:
    import html  # imported here: only an HTML handout needs it, and html.entities is 0.5 MB at every start

    return html.escape(text)


@record
class Figure:
    """One figure of a handout page with its source."""

    label: str
    value: str
    year: str
    source: str


@record
class Page:
    """One role's printable page, before it is written as Markdown or HTML."""

    title: str
    tagline: str
    summary: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    figures: tuple[Figure, ...]
    notes: tuple[str, ...]


def _figures(role: Role) -> list[Figure]:
    """Every figure shown on the page, with its year and source."""
    salary, spread, outlook = role.salary, role.pay_range, role.outlook
    pay_year = f"May {salary.year}" if salary.year else "undated estimate"
    spread_year = f"May {spread.year}" if spread.year else "undated estimate"
    rows = [
        Figure(
            "Median pay" if salary.basis != "estimate" else "Pay", median_pay(role), pay_year, salary.source
        )
    ]
    for label, amount in (
        ("Low end (10th percentile)", spread.low_annual),
        ("High end (90th percentile)", spread.high_annual),
        ("Median in doctors' offices", spread.offices_of_physicians),
    ):
        if amount is not None:
            rows.append(Figure(label, marked(money(amount), spread.basis), spread_year, spread.source))
    for other in role.also_covers:
        rows.append(
            Figure(f"{other.name}: median pay", money(other.median_annual), f"May {other.year}", other.source)
        )
    if outlook.growth_percent is not None:
        growth = marked(f"{outlook.growth_percent:+d}%", outlook.basis)
        rows.append(Figure("Job growth", growth, f"{outlook.period} projection", outlook.source))
    if outlook.openings_per_year:
        rows.append(
            Figure("Openings a year", f"{outlook.openings_per_year:,}", f"{outlook.period}", outlook.source)
        )
    return rows


def _tagged(figure: Figure) -> str:
    return f"{figure.label}: {figure.value} ({figure.year}, {site(figure.source)})"


def page(role: Role, kb: KnowledgeBase) -> Page:
    """One role's handout page as plain data."""
    figures = _figures(role)
    education = role.education
    pay_notes = [note for note in (role.salary.note, role.pay_range.note) if note]
    when = f"{figures[0].year}, {site(role.salary.source)}"
    sections = (
        ("What they do", tuple(role.duties[:5])),
        (
            "Training",
            (
                f"Entry: {education.entry_level_text}",
                f"How long: {marked(education.typical_length.rstrip('.'), length_basis(role))}",
                *education.programs,
            ),
        ),
        ("Where to study", role.where_to_study.accreditors),
        ("Credentials", tuple(f"{c.abbreviation}: {c.name}, from {c.issuer}" for c in role.certifications)),
        ("Pay and outlook", (*(_tagged(f) for f in figures), *(f"Note: {n} ({when})" for n in pay_notes))),
        (
            "Learn more",
            tuple(f"{title}: {url}" for title, url in learn_more_links(role))
            or (role.learn_more.note or "",),
        ),
    )
    used = {role.salary.basis, role.outlook.basis, role.pay_range.basis, length_basis(role)}
    notes = tuple(text for basis, text in FOOTNOTES.items() if basis in used)
    return Page(role.title, role.tagline, role.summary, sections, tuple(figures), notes)


def _markdown(pages: list[Page]) -> str:
    out: list[str] = []
    for one in pages:
        out += [f"# {one.title}", "", f"*{one.tagline}*", "", one.summary, ""]
        for title, lines in one.sections:
            out += [f"## {title}", "", *(f"- {line}" for line in lines), ""]
        out += ["## Figures and sources", "", "| Figure | Value | Year | Source |", "|---|---|---|---|"]
        out += [f"| {f.label} | {f.value} | {f.year} | {f.source} |" for f in one.figures]
        out += ["", *one.notes, "" if one.notes else "", "---", ""]
    return "\n".join(out).rstrip("-\n") + "\n"


def _link(text: str) -> str:
    """Escaped text; a trailing URL becomes a link."""
    head, _, url = text.rpartition(" ")
    if url.startswith(("https://", "http://")):
        return f'{_escape(head)} <a href="{_escape(url)}">{_escape(url)}</a>'
    return _escape(text)


def _html(pages: list[Page]) -> str:
    out = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
        "<title>Career handout</title>",
    ]
    out.append(f"<style>{STYLE}</style>\n</head>\n<body>")
    for one in pages:
        out.append(f"<section>\n<h1>{_escape(one.title)}</h1>")
        out.append(f'<p class="tagline"><em>{_escape(one.tagline)}</em></p>\n<p>{_escape(one.summary)}</p>')
        for title, lines in one.sections:
            items = "".join(f"<li>{_link(line)}</li>" for line in lines)
            out.append(f"<h2>{_escape(title)}</h2>\n<ul>{items}</ul>")
        rows = "".join(
            f"<tr><td>{_escape(f.label)}</td><td>{_escape(f.value)}</td><td>{_escape(f.year)}</td>"
            f"<td>{_link(f.source)}</td></tr>"
            for f in one.figures
        )
        header = "<tr><th>Figure</th><th>Value</th><th>Year</th><th>Source</th></tr>"
        out.append(f"<h2>Figures and sources</h2>\n<table>{header}{rows}</table>")
        out.extend(f"<p>{_escape(note)}</p>" for note in one.notes)
        out.append("</section>")
    out.append("</body>\n</html>\n")
    return "\n".join(out)


def handout(roles: Sequence[Role], kb: KnowledgeBase, fmt: HandoutFormat = "md") -> str:
    """A printable summary, one page per role, in Markdown ("md") or HTML ("html")."""
    pages = [page(role, kb) for role in roles]
    return _html(pages) if fmt == "html" else _markdown(pages)
