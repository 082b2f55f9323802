"""Plain language: role summaries and the counsellor's prose read at US school grade 9 or below.

The grade is the Flesch-Kincaid grade level, 0.39 * words per sentence + 11.8 * syllables per word - 15.59,
computed here with the vowel-group syllable count the README names: each run of the vowels a, e, i, o, u
and y is one syllable, a final silent "e" (but not "-le", "-ee" or "-ye") is dropped, every word has at
least one syllable, and a number counts as one word of one syllable. Short lines (one pro, one con) are
measured together per role, because the formula is noisy on a single short sentence.
"""

from __future__ import annotations

import re

import pytest

from chatbot.knowledge.loader import load_knowledge
from chatbot.knowledge.schema import Role

KB = load_knowledge()
MAX_GRADE = 9.0  # issue 12: plain words for a 16-year-old
_SENTENCE_END = re.compile(r"[.!?]+(?:\s+|$)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d[\d,.]*")


def syllables(word: str) -> int:
    """Vowel groups of a word, less a final silent e; at least one."""
    letters = re.sub(r"[^a-z]", "", word.lower())
    if not letters:
        return 1  # a number
    count = len(re.findall(r"[aeiouy]+", letters))
    if letters.endswith("e") and not letters.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def grade(text: str) -> float:
    """The Flesch-Kincaid grade level of a text."""
    sentences = [s for s in _SENTENCE_END.split(text) if re.search(r"[A-Za-z0-9]", s)]
    words = _WORD.findall(text)
    syllable_count = sum(syllables(word) for word in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syllable_count / len(words) - 15.59


def _joined(items: tuple[str | None, ...] | list[str]) -> str:
    """Lines as one text, each ending in a full stop, so that each line counts as a sentence."""
    return " ".join(line if line.rstrip().endswith((".", "?", "!")) else f"{line}." for line in items if line)


def _role_prose(role: Role) -> str:
    life, study = role.job_life, role.where_to_study
    lines = (
        *life.day,
        *life.pros,
        *life.cons,
        *life.first_job,
        *study.accreditors,
        study.finder,
        study.online,
    )
    return _joined((*lines, role.schedule.statement, role.pay_range.note))


@pytest.mark.parametrize(
    ("word", "expected"),
    [("cat", 1), ("nurse", 1), ("table", 2), ("coder", 2), ("medical", 3), ("physician", 3), ("44,200", 1)],
)
def test_syllable_count(word: str, expected: int) -> None:
    """The vowel-group count gives the usual syllables for common words; a number is one."""
    assert syllables(word) == expected


def test_grade_formula_on_a_worked_example() -> None:
    """Two sentences, six one-syllable words: 0.39 * 3 + 11.8 * 1 - 15.59 = -2.62."""
    assert grade("The cat sat. The dog ran.") == pytest.approx(-2.62)


def test_a_hard_text_measures_above_the_limit() -> None:
    """Long sentences of long words measure well above grade 9, so the limit can fail."""
    hard = (
        "Comprehensive osteopathic licensing examinations necessitate considerable preparation, "
        "administrative documentation and institutional accreditation verification before eligibility."
    )
    assert grade(hard) > 15


@pytest.mark.parametrize("role", KB.roles, ids=[role.id for role in KB.roles])
def test_role_summary_reads_at_grade_9_or_below(role: Role) -> None:
    """Every role summary, the first thing a student reads, is plain."""
    assert grade(role.summary) <= MAX_GRADE


@pytest.mark.parametrize("role", KB.roles, ids=[role.id for role in KB.roles])
def test_new_role_prose_reads_at_grade_9_or_below(role: Role) -> None:
    """A day in the job, pros, cons, first job, where to study, hours and pay notes are plain."""
    assert grade(_role_prose(role)) <= MAX_GRADE


@pytest.mark.parametrize(
    "part",
    ["about_data", "sites", "nearby_jobs", "credentials"],
)
def test_guide_prose_reads_at_grade_9_or_below(part: str) -> None:
    """The shared prose of resources.yaml, nearby_jobs.yaml and credentials.yaml is plain."""
    resources = KB.resources
    sites = (*resources.learn_more_sites, *resources.paying_for_training, *resources.state_sites)
    comparisons = KB.credentials.comparisons
    texts = {
        "about_data": _joined([*resources.about_data, resources.program_check, resources.state_figures]),
        "sites": _joined([site.what for site in sites]),
        "nearby_jobs": _joined([job.what for job in KB.nearby.jobs]),
        "credentials": _joined(
            [c.contrast for c in comparisons]
            + [
                text
                for c in comparisons
                for cred in c.credentials
                for text in (cred.eligibility, cred.renewal)
            ]
        ),
    }
    assert grade(texts[part]) <= MAX_GRADE
