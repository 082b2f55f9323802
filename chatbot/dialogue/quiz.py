"""The guided quiz for "which job fits me?" with no criteria: four questions that build Criteria.

The dialogue asks the questions one turn at a time and the user may leave at any time; the answers
become the same Criteria that a message like "no degree, no blood" gives, ranked by `recommend.rank`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..nlu.criteria import Criteria


@dataclass(frozen=True, slots=True)
class QuizOption:
    label: str
    words: tuple[str, ...]  # words that pick this option besides its number
    sets: tuple[tuple[str, object], ...]  # Criteria fields this answer sets


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    prompt: str
    options: tuple[QuizOption, ...]


QUIZ: tuple[QuizQuestion, ...] = (
    QuizQuestion(
        "How long are you willing to train before you start?",
        (
            QuizOption(
                "A few months at most",
                ("months", "few", "weeks", "short", "asap", "quick"),
                (("max_months", 6),),
            ),
            QuizOption("Up to about a year", ("year", "one", "12"), (("max_months", 12),)),
            QuizOption(
                "About two years (an associate degree)",
                ("two", "associate", "associates"),
                (("max_education", "associate"),),
            ),
            QuizOption(
                "Four years or more is fine", ("four", "more", "long", "longer", "any", "whatever"), ()
            ),
        ),
    ),
    QuizQuestion(
        "How much do you want to work hands-on with patients?",
        (
            QuizOption(
                "A lot: that is why I want healthcare",
                ("lot", "hands", "love", "yes", "definitely"),
                (("contact", "more"),),
            ),
            QuizOption("Some is fine", ("some", "bit", "fine", "okay", "ok", "sometimes"), ()),
            QuizOption(
                "As little as possible",
                ("little", "possible", "no", "not", "none", "rather", "avoid"),
                (("contact", "less"),),
            ),
        ),
    ),
    QuizQuestion(
        "Are you OK with blood and needles?",
        (
            QuizOption("Yes, no problem", ("yes", "ok", "okay", "fine", "sure", "yeah", "yep"), ()),
            QuizOption(
                "No, I would rather avoid them",
                ("no", "nope", "avoid", "not", "rather", "hate"),
                (("avoid_blood", True),),
            ),
        ),
    ),
    QuizQuestion(
        "Which of these do you enjoy most?",
        (
            QuizOption(
                "Computers and careful detail work",
                ("computers", "computer", "detail", "details"),
                (("traits", ("computers", "detail")),),
            ),
            QuizOption(
                "Numbers, money and insurance puzzles",
                ("numbers", "money", "math", "insurance"),
                (("traits", ("numbers",)),),
            ),
            QuizOption(
                "Helping and talking with people",
                ("helping", "people", "talking", "help"),
                (("traits", ("helping", "people")),),
            ),
            QuizOption(
                "Science and lab work",
                ("science", "lab", "biology", "chemistry"),
                (("traits", ("science",)),),
            ),
            QuizOption(
                "Organising things and leading a team",
                ("organising", "organizing", "leading", "lead", "team", "running"),
                (("traits", ("organizing", "leading")),),
            ),
        ),
    ),
)


def quiz_answer(question: QuizQuestion, words: tuple[str, ...]) -> QuizOption | None:
    """The option a reply picks: its number ("2"), or the option whose words it uses most; None if unclear."""
    for word in words:
        if word.isdigit() and 1 <= int(word) <= len(question.options):
            return question.options[int(word) - 1]
    hits = [sum(word in option.words for word in words) for option in question.options]
    best = max(hits, default=0)
    return question.options[hits.index(best)] if best and hits.count(best) == 1 else None


def apply_answer(criteria: Criteria, option: QuizOption) -> Criteria:
    """Criteria with one quiz answer added."""
    changes: dict[str, object] = {}
    for name, value in option.sets:
        if name == "traits" and isinstance(value, tuple):
            changes[name] = criteria.traits + value
        else:
            changes[name] = value
    return replace(criteria, **changes)  # type: ignore[arg-type]
