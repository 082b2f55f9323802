"""Replies that are not a knowledge answer: safety, clarifying questions, the quiz, reminders, help.

Each act's writer takes the Decision and the knowledge base and gives (text, follow-ups, sources).
Counts come from the data: "the 16 roles" is the number of roles loaded.
"""

from __future__ import annotations

from collections.abc import Callable

from ..dialogue.quiz import QUIZ, criteria_for
from ..dialogue.state import Decision, Quiz
from ..knowledge.schema import KnowledgeBase
from .facts import nearby_job
from .handout import Page, page
from .recommend import reason, wishes_in_words
from .wording import a, and_list, lower_first, name

Written = tuple[str, tuple[str, ...], tuple[str, ...]]
EXAMPLE_QUESTIONS = (
    "what does a medical biller do?",
    "how much do coders make?",
    "PA vs NP",
    "which job fits me?",
)
PATIENT_ANSWER = (
    "I'm a careers guide, so I can't help with medical, billing, insurance or appointment questions. "
    "Please call your clinic or doctor's office (or your insurer for coverage questions); in an "
    "emergency, call 911 or your local emergency number. Happy to keep going with questions about careers!"
)


def _safety(decision: Decision, kb: KnowledgeBase) -> Written:
    chosen = [rule for rule in map(kb.safety.rule, decision.safety) if rule is not None]
    text = "\n\n".join(" ".join(rule.reply.split()) for rule in chosen)
    if decision.confidence < 1.0 and kb.safety.guessed_lead:  # the second look's guess, not a cue
        text = f"{' '.join(kb.safety.guessed_lead.split())} {text}"
    return text, (), tuple(dict.fromkeys(url for rule in chosen for url in rule.sources))


def _safety_follow_up(decision: Decision, kb: KnowledgeBase) -> Written:
    rule = kb.safety.rule(decision.safety[0])
    if rule is None or rule.follow_up is None:
        return _safety(decision, kb)
    return " ".join(rule.follow_up.split()), (), rule.sources


def _clarify(decision: Decision, kb: KnowledgeBase) -> Written:
    if not decision.options:
        what = "compare" if decision.intent == "compare_roles" else "ask about"
        text = (
            f"Which role do you want to {what}? For example: medical assistant, coder, RN. "
            f"Say 'list jobs' to see all {len(kb.roles)}."
        )
        return text, (), ()
    options = "\n".join(f"{n}. {kb.role(r).title}" for n, r in enumerate(decision.options, 1))
    return f"Which one do you mean?\n{options}\n(Reply with a number or a name.)", (), ()


def _other_occupation(decision: Decision, kb: KnowledgeBase) -> Written:
    """A job we do not cover: what it is where the knowledge has it (CNA, EMT...), and our closest roles."""
    occupation = decision.others[0]
    closest = tuple(dict.fromkeys(r for o in decision.others for r in o.closest))
    text = nearby_job(occupation.name, kb)
    if text is None:
        text = (
            f"I cover the {len(kb.roles)} roles of a medical office, and {occupation.name} isn't one of "
            "them, so I don't have checked facts to give you."
        )
        if closest:
            text += " Closest roles I do cover: " + ", ".join(kb.role(r).title for r in closest) + "."
    for role_id in decision.roles:  # "is an MA the same as a CNA": our role beside it
        role = kb.role(role_id)
        text += f"\n\nNot the same as {a(name(role).lower())}: {lower_first(role.tagline)}."
    follow_ups = tuple(f"What does {a(name(kb.role(r)).lower())} do?" for r in closest[:2])
    return text, follow_ups, ()


HANDOUTS_SHOWN = 2  # role pages written out in the chat; the printed handout takes up to four


def _handout(decision: Decision, kb: KnowledgeBase) -> Written:
    """The handout's text for the roles in view (so it can be read out or copied at once), and how to
    print it or share it: the handout command, the web page's button, and /save for the chat."""
    ids = " ".join(decision.roles[:4]) if decision.roles else "medical_assistant"
    names = [f"the {lower_first(name(kb.role(r)))}" for r in decision.roles[:4]]
    titles = and_list(names) if names else "a role"
    pages = [_plain_page(page(kb.role(r), kb)) for r in decision.roles[:HANDOUTS_SHOWN]]
    text = "".join(f"{one}\n\n" for one in pages) + (
        f"To print a one-page handout on {titles}, type /handout in the chat shell, or run "
        f"`careerbot handout {ids} --format html -o handout.html` (or `--format md`); the web page has a "
        "Print handout button. To keep this conversation itself, type /save notes.md in the shell: it "
        "writes the whole chat as Markdown."
    )
    return text, ("Rank all roles by pay", "Where do your numbers come from?"), ()


def _plain_page(one: Page) -> str:
    """A handout page as chat text: its sections as short lists, its figures with year and source."""
    lines = [f"Handout: {one.title}", lower_first(one.tagline).capitalize() + ".", one.summary]
    for title, items in one.sections:
        if items:
            lines += [f"{title}:", *(f"- {item}" for item in items)]
    return "\n".join(lines)


def _fallback(decision: Decision, kb: KnowledgeBase) -> Written:
    text = (
        "That's outside what I can help with: I only answer questions about jobs in a medical office, "
        "for example:\n"
        if decision.off_topic  # "will it snow this weekend": read, and not a career question
        else "Sorry, I didn't catch that. I answer questions about jobs in a medical office, for example:\n"
    )
    return text + "\n".join(f"- {q}" for q in EXAMPLE_QUESTIONS), EXAMPLE_QUESTIONS[:3], ()


def _patient(decision: Decision, kb: KnowledgeBase) -> Written:
    return PATIENT_ANSWER, ("What jobs are there in a medical office?", "Which job fits me?"), ()


def _quiz_left(decision: Decision, kb: KnowledgeBase) -> Written:
    text = "OK, quiz closed. Ask me anything else, or say 'which job fits me?' to start again."
    return text, ("What jobs are there in a medical office?", "What does a medical coder do?"), ()


def _stopped(decision: Decision, kb: KnowledgeBase) -> Written:
    text = "OK, stopped. Ask me about any job in a medical office whenever you like."
    return text, EXAMPLE_QUESTIONS[:3], ()


def _quiz(decision: Decision, kb: KnowledgeBase) -> Written:
    assert decision.quiz is not None
    question = quiz_question(decision.quiz, retry=decision.retry)
    if decision.listed:  # a wish said in words along the way: what it points to, before the next question
        names = and_list([lower_first(name(kb.role(r))) for r in decision.listed])
        heard = wishes_in_words(decision.quiz.wishes, kb) if decision.quiz.wishes else ""
        noted = f"Noted: {heard}." if heard else "Noted."
        question = f"{noted} With what you have said so far, the best fits are: {names}.\n\n{question}"
    return question, (), ()


def quiz_question(quiz: Quiz, *, retry: bool = False, resumed: bool = False) -> str:
    """The quiz's current question with its numbered options (and a lead-in when it starts or resumes)."""
    question = QUIZ[quiz.question]
    lead = ""
    if quiz.question == 0 and not retry and not resumed and quiz.wishes is None:
        lead = f"Let's find a fit: {len(QUIZ)} quick questions (say 'stop' to leave, 'back' to go back).\n\n"
    elif retry:
        lead = "Sorry, I didn't get that; please answer with a number (or say 'stop').\n\n"
    elif resumed:
        lead = "Back to the quiz:\n"
    options = "\n".join(f"{n}. {option.label}" for n, option in enumerate(question.options, 1))
    return f"{lead}Q{quiz.question + 1}. {question.prompt}\n{options}"


def _explain(decision: Decision, kb: KnowledgeBase) -> Written:
    """Why the roles of the last recommendation were picked, from what the user asked for."""
    criteria = decision.criteria or criteria_for(())
    roles = decision.roles or decision.listed[:1]
    lines = [f"{kb.role(r).title}: {reason(kb.role(r), criteria, kb)}." for r in roles]
    return "I picked it from what you told me:\n" + "\n".join(lines), (), ()


SPECIAL_ACTS: dict[str, Callable[[Decision, KnowledgeBase], Written]] = {
    "safety": _safety,
    "safety_follow_up": _safety_follow_up,
    "clarify": _clarify,
    "other_occupation": _other_occupation,
    "fallback": _fallback,
    "patient": _patient,
    "quiz_left": _quiz_left,
    "stopped": _stopped,
    "quiz": _quiz,
    "explain": _explain,
    "handout": _handout,
}


def welcome(kb: KnowledgeBase) -> str:
    """What the bot covers and three questions to start with, so nobody faces an empty prompt."""
    examples = "\n".join(f"  {question}" for question in EXAMPLE_QUESTIONS[:3])
    return (
        f"careerbot: I know the {len(kb.roles)} jobs of a medical office, from receptionist to "
        "physician: what they do, pay, training, certification, outlook, and which one fits you.\n"
        f"Ask in your own words, for example:\n{examples}\n"
        "Tab completes role names and /commands; /help lists the commands; Ctrl-D leaves."
    )
