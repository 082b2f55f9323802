"""Handouts: `careerbot handout ROLE... [--format md|html] [-o FILE]` and `Bot.handout`.

The HTML must parse as well-formed markup, every figure must sit next to its year and its source, and
nothing from a data file may become markup.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from chatbot import Bot
from chatbot.answers.handout import handout
from chatbot.interfaces.cli import main
from chatbot.knowledge.schema import KnowledgeBase

FIGURE = re.compile(r"\$\d[\d,]*|[+-]?\d+%")
YEAR = re.compile(r"\b(19|20)\d\d\b|undated")
SOURCE = re.compile(r"\b[\w-]+\.(gov|org|com|app|edu)\b")
VOID = {"meta", "br", "hr", "img", "link", "input"}


class _Checker(HTMLParser):
    """Collects the text of every list item and table row, and fails on badly nested tags."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.blocks: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in VOID:
            self.open.append(tag)
        if tag in ("li", "tr", "p"):
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1] if self.open else None}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.blocks and any(t in ("li", "tr", "p") for t in self.open):
            self.blocks[-1] += data


def _parse(text: str) -> _Checker:
    checker = _Checker()
    checker.feed(text)
    checker.close()
    assert checker.open == [], f"unclosed tags: {checker.open}"
    return checker


@pytest.mark.parametrize("role_id", ["medical_assistant", "medical_scribe", "patient_care_coordinator"])
def test_html_parses_and_every_figure_has_its_year_and_source(role_id: str) -> None:
    """Well-formed HTML; each list item or table row that shows a figure also shows a year and a source."""
    checker = _parse(Bot().handout([role_id], "html"))
    assert checker.tags[:2] == ["html", "head"] and "table" in checker.tags
    with_figures = [block for block in checker.blocks if FIGURE.search(block)]
    assert with_figures
    for block in with_figures:
        assert YEAR.search(block) and SOURCE.search(block), block


def test_markdown_lines_with_figures_carry_year_and_source() -> None:
    """In Markdown too, every line with a figure names its year and its source."""
    text = Bot().handout(["medical_secretary", "phlebotomist"], "md")
    assert text.count("\n# ") == 1 and text.startswith("# Medical secretary")
    lines = [line for line in text.splitlines() if FIGURE.search(line)]
    assert any("$37,230" in line for line in lines)  # receptionists beside the secretary
    for line in lines:
        assert YEAR.search(line) and SOURCE.search(line), line


def test_a_page_has_every_part_a_counsellor_prints() -> None:
    """Duties, training, where to study, credentials, pay with range, outlook, learn more, sources."""
    text = Bot().handout(["medical_assistant"], "md")
    for heading in (
        "What they do",
        "Training",
        "Where to study",
        "Credentials",
        "Pay and outlook",
        "Learn more",
    ):
        assert f"## {heading}" in text
    for figure in ("$44,200", "$35,020", "$57,830", "+12%", "112,300", "CAAHEP", "onetonline.org"):
        assert figure in text


def test_estimates_and_stand_ins_are_marked_with_a_footnote() -> None:
    """The scribe's pay is marked (est.), the coordinator's (stand-in), each with its footnote."""
    text = Bot().handout(["medical_scribe", "patient_care_coordinator"], "md")
    assert "$35,000 (est.)" in text and "(est.) An estimate" in text
    assert "$51,030 (stand-in)" in text and "(stand-in) BLS has no figure" in text


def test_data_text_is_escaped_in_html(kb: KnowledgeBase) -> None:
    """Markup in a data file comes out as text, never as a tag."""
    role = replace(kb.role("phlebotomist"), tagline='<script>alert("x")</script> & <b>bold</b>')
    text = handout([role], kb, "html")
    checker = _parse(text)
    assert "script" not in checker.tags and "b" not in checker.tags
    assert "&lt;script&gt;" in text


def test_cli_writes_an_html_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`handout MA 'lab tech' --format html -o FILE` writes both pages to the file."""
    out = tmp_path / "handout.html"
    assert main(["handout", "MA", "lab tech", "--format", "html", "-o", str(out)]) == 0
    written = out.read_text(encoding="utf-8")
    assert written.count("<section>") == 2 and "Medical laboratory technician" in written
    assert "2 role(s)" in capsys.readouterr().out


def test_cli_prints_markdown_and_rejects_an_unknown_role(capsys: pytest.CaptureFixture[str]) -> None:
    """Without -o the Markdown goes to stdout; a name that matches no role is a usage error (exit 2)."""
    assert main(["handout", "coder"]) == 0
    assert capsys.readouterr().out.startswith("# Medical coder")
    assert main(["handout", "zzqqxx"]) == 2
    assert "no role matches" in capsys.readouterr().err
