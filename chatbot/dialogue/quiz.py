"""The guided quiz for "which job fits me?" with no criteria: four questions that build Criteria.

The dialogue asks the questions one turn at a time. A side question is answered and the quiz then
asks its question again; "back" goes back one question; "stop" leaves. The answers become the same
Criteria that a message like "no degree, no blood" gives, ranked by `answers.recommend.rank`.
"""

from __future__ import annotations

from ..nlu.criteria import Criteria, merged
from ..records import record, replace
from .ranking import recommend
from .state import Decision, Quiz
from .turn import Outcome, Turn, answered

RECOMMEND = "recommend_roles"
MAX_SIDE_QUESTIONS = 2  # questions in a row that are not answers before the quiz is put aside
SKIPPED = -1  # a question answered in the user's own words (kept as wishes), not by an option


@record
class QuizOption:
    """One answer to a quiz question and what it says about the user's wishes."""

    label: str
    words: tuple[str, ...]  # words that pick this option besides its number
    sets: tuple[tuple[str, object], ...]  # Criteria fields this answer sets


@record
class QuizQuestion:
    """One question of the quiz and its numbered options."""

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
                "Four years or more is fine",
                ("four", "more", "long", "longer", "any", "whatever"),
                (("long_training_ok", True),),
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
            QuizOption(
                "Yes, no problem", ("yes", "ok", "okay", "fine", "sure", "yeah", "yep"), (("blood_ok", True),)
            ),
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
    words = _unbothered(words)
    for word in words:
        if word.isdigit() and 1 <= int(word) <= len(question.options):
            return question.options[int(word) - 1]
    hits = [sum(word in option.words for word in words) for option in question.options]
    best = max(hits, default=0)
    return question.options[hits.index(best)] if best and hits.count(best) == 1 else None


def _clear_answer(option: QuizOption, words: tuple[str, ...]) -> bool:
    """A number, or at least two of the option's words: not one word that happens to be among them."""
    words = _unbothered(words)
    return any(word.isdigit() for word in words) or sum(word in option.words for word in words) >= 2


NOT_BOTHERED = frozenset({"mind", "bother", "bothers", "care"})  # "i do not mind blood": it is fine


def _unbothered(words: tuple[str, ...]) -> tuple[str, ...]:
    """'not' before 'mind' or 'bother' is a yes ("blood does not bother me"), not a no: read as 'fine'."""
    kept: list[str] = []
    for index, word in enumerate(words):
        if word == "not" and words[index + 1 : index + 2] and words[index + 1] in NOT_BOTHERED:
            continue
        kept.append("fine" if word in NOT_BOTHERED and index and words[index - 1] == "not" else word)
    return tuple(kept)


def apply_answer(criteria: Criteria, option: QuizOption) -> Criteria:
    """Criteria with one quiz answer added."""
    changes: dict[str, object] = {}
    for name, value in option.sets:
        if name == "traits" and isinstance(value, tuple):
            changes[name] = criteria.traits + value
        else:
            changes[name] = value
    return replace(criteria, **changes)  # type: ignore[arg-type]


def criteria_for(answers: tuple[int, ...]) -> Criteria:
    """The criteria that a list of answers (option index per question) sets."""
    criteria = Criteria()
    for question, option in zip(QUIZ, answers, strict=False):
        if option != SKIPPED:
            criteria = apply_answer(criteria, question.options[option])
    return criteria


SO_FAR_SHOWN = 3  # roles named after a wish said in the middle of the quiz
NO_WISHES = Criteria()


def start(turn: Turn) -> Outcome:
    quiz = Quiz()
    return Decision(RECOMMEND, (), turn.confidence, "quiz", quiz=quiz), replace(turn.state, quiz=quiz)


def in_progress(turn: Turn) -> Outcome | None:
    """One message during the quiz: an answer, 'back', 'stop', or a side question (None: answered
    by the other rules, and `policy.step` asks the quiz question again after it)."""
    quiz = turn.state.quiz
    if quiz is None:
        return None
    words = turn.words
    if set(words) & turn.w.quit_words or " ".join(words) in turn.w.quit_phrases:
        return Decision(RECOMMEND, (), 1.0, "quiz_left"), replace(turn.state, quiz=None)
    if set(words) & turn.w.back_words and len(words) <= 4:
        back = Quiz(quiz.answers[:-1])
        return Decision(RECOMMEND, (), 1.0, "quiz", quiz=back), replace(turn.state, quiz=back)
    if turn.has(turn.w.result_words) and (quiz.answers or quiz.wishes):  # "so what do you recommend"
        return _results(turn, quiz.answers, quiz.wishes)
    short_answer = len(words) <= 3 or any(word.isdigit() for word in words)
    if not short_answer and _side_question(turn):
        return None
    option = quiz_answer(QUIZ[quiz.question], words) if len(words) <= 8 else None
    # "i like people way more than computers" to the training question: one option word ("more") by the
    # way, and a wish that answers another question; a number or two option words do answer this one
    by_the_way = option is not None and not _clear_answer(option, words)
    elsewhere = by_the_way and not _settled(QUIZ[quiz.question], turn.wishes)
    if (option is None or elsewhere) and turn.wishes != NO_WISHES:  # "needles dont bother me, i like..."
        wishes = merged(quiz.wishes or Criteria(), turn.wishes)
        # it answers this question ("i hate needles" to the needles one) or another: then this is asked again
        answered_here = _settled(QUIZ[quiz.question], turn.wishes)
        answers = (*quiz.answers, SKIPPED) if answered_here else quiz.answers
        later = replace(quiz, answers=answers, retries=0, wishes=wishes)
        # a wish said in words is worth showing at once: the roles it points to so far, then the quiz
        so_far = recommend(merged(criteria_for(later.answers), wishes), turn.kb, 1.0).listed[:SO_FAR_SHOWN]
        return _next(turn, later, so_far)
    if option is None:
        if _side_question(turn):
            return None
        if quiz.retries >= 1:
            return None
        retry = replace(quiz, retries=quiz.retries + 1)
        return Decision(RECOMMEND, (), 1.0, "quiz", quiz=retry, retry=True), replace(turn.state, quiz=retry)
    answers = (*quiz.answers, QUIZ[quiz.question].options.index(option))
    return _next(turn, replace(quiz, answers=answers, retries=0))


def _next(turn: Turn, quiz: Quiz, so_far: tuple[str, ...] = ()) -> Outcome:
    """The next question (after the roles that fit so far, if given), or the results after the last one.
    A question the user's own words already answered ("no needles for me" before the needles question)
    is not asked."""
    while (
        quiz.wishes is not None and quiz.question < len(QUIZ) and _settled(QUIZ[quiz.question], quiz.wishes)
    ):
        quiz = replace(quiz, answers=(*quiz.answers, SKIPPED))
    if len(quiz.answers) < len(QUIZ):
        decision = Decision(RECOMMEND, (), 1.0, "quiz", quiz=quiz, listed=so_far)
        return decision, replace(turn.state, quiz=quiz)
    return _results(turn, quiz.answers, quiz.wishes)


def _settled(question: QuizQuestion, wishes: Criteria) -> bool:
    """Whether the wishes already set what this question's answers would (its criteria fields)."""
    fields = {field for option in question.options for field, _ in option.sets}
    return any(getattr(wishes, field) != getattr(NO_WISHES, field) for field in fields)


def _results(turn: Turn, answers: tuple[int, ...], wishes: Criteria | None) -> Outcome:
    """The roles that fit the answers so far and the wishes said along the way."""
    criteria = merged(criteria_for(answers), wishes) if wishes else criteria_for(answers)
    done = recommend(criteria, turn.kb, 1.0)
    return answered(replace(turn.state, quiz=None, list_criteria=criteria), done)


def _side_question(turn: Turn) -> bool:
    """A question of its own in the middle of the quiz: a role named, or a clear other intent."""
    guess = turn.understanding.guess
    if turn.named or turn.understanding.mentions.ambiguous:
        return True
    if turn.wishes.every or turn.wishes.sort_by:  # "rank all jobs by growth": a ranking, not an answer
        return True
    asks = bool(turn.words) and turn.words[0] in turn.w.question_words
    if not turn.wishes.empty and not asks:  # "working at a computer, getting the numbers right": an answer
        return False
    return guess.intent not in ("out_of_scope", RECOMMEND) and guess.confidence > 0.5
