"""Two or three questions in one message: "what does a coder do and how much do they make".

A message is cut where a new question starts after a joining word or a question mark; the bot then
answers each part in turn, when every part is a question about roles on its own.
"""

from __future__ import annotations

import re

from ..records import record

MAX_PARTS = 3
OPENING_WORDS = 4  # "for a PA, what do they do": the question word comes within the first four
_QUESTION_START = (
    r"(?:what|whats|what's|how|is|are|do|does|did|can|could|where|which|will|would|should|who"
    r"|tell\s+me|show\s+me|give\s+me|compare|rank|list|explain)\b"  # a request asks too: "then tell me"
)
_CUT = re.compile(
    rf"\s*(?:\?+\s*(?:and\s+|also\s+|plus\s+)?|[,;]?\s+(?:and|also|plus|then)\s+|[,;]\s*)(?={_QUESTION_START})",
    re.IGNORECASE,
)
_ASKS = re.compile(rf"\b{_QUESTION_START}", re.IGNORECASE)
# "thanks. what jobs...", "hi! what does...": a short lead of up to three words before a question
_LEAD = re.compile(rf"^\s*(\w+(?:\s+\w+){{0,2}})\s*[.!]+\s+(?={_QUESTION_START})", re.IGNORECASE)
# "I'm a receptionist now. What does a manager do...": a first sentence that states, then the questions
# (after a word that only orders them: "... on the projector. First, what can it do?")
# (two at most: "ok so what cert...", "um, so how long")
_ORDERING = r"(?:(?:first|firstly|so|ok|okay|now|well|anyway|alright|um|umm|uh)\s*,?\s+){0,2}"
# (one sentence or several: "thank you. i think i'm okay now. do billers have to be certified?"; or one
# that announces the question: "Back to the career question: what's the typical pay?", "Back to jobs — does")
_STATEMENT = re.compile(
    rf"^\s*([^?!]+?)\s*[.!:\u2013\u2014]+\s+(?={_ORDERING}{_QUESTION_START})", re.IGNORECASE
)
_ORDER_WORD = re.compile(rf"^{_ORDERING}", re.IGNORECASE)
# "pay and training for MAs": two aspects of one role, each asked on its own
_TWO_ASPECTS = re.compile(r"^\s*(\w+)\s*(?:,|and|&|\+)\s*(\w+)(\s+(?:for|of|about|as)\s+.+)$", re.IGNORECASE)
# "if I went the LPN route, ...", "say I did coding, ...": a condition before the question, not a story
_CONDITION = re.compile(
    r"^\s*(?:(?:and|so|but|ok|okay|well|now)\s*,?\s+)?(?:if|say|suppose|assuming)\b[^,?]{0,60},\s*",
    re.IGNORECASE,
)  # (after a word that joins it to the talk: "and if I kept going to become an NP, ...")
_JOINED = re.compile(r"^(?:(?:and|also|plus|so|but|or)\b\s*)+", re.IGNORECASE)
# Every cut above needs one of these: a message without any is one question (most are: checked first)
_JOINS = re.compile(r"[?,;.!&+]|\b(?:and|also|plus|then)\b", re.IGNORECASE)


# A message that asks something: a question mark, a sentence that opens as a question, or an indirect
# question ("several students want to know which jobs...", "i was wondering if")
_ASKING = re.compile(
    rf"\?|(?:^|[.!:;]\s*){_ORDERING}{_QUESTION_START}"
    r"|\b(?:(?:want|wants|wanted|like|love)\s+to\s+know|wondering|wonder|asking|curious)\s+"
    r"(?:(?:about\s+)?(?:if|whether|which|what|how|who|where|when))\b",
    re.IGNORECASE,
)


@record
class Split:
    """A message cut into its questions, and a short lead before them ("thanks", "hi"), if any."""

    lead: str
    questions: tuple[str, ...]


def asked_part(text: str) -> str:
    """The question of a message that adds a remark after it ("is the CPC hard? thinking about coding"):
    the part up to the last question mark, when what follows asks nothing; else the whole message."""
    head, mark, tail = text.rpartition("?")
    remark = _JOINED.sub("", tail.strip())  # "and how long is school" asks again
    if not mark or not head.strip() or not remark or _ASKS.match(remark) or "?" in head:
        return text
    return head + mark


def asks_something(text: str) -> bool:
    """Whether the text asks something ("want to know which" does; "thanks, thats what I needed" not)."""
    return bool(_ASKING.search(text))


def without_condition(text: str) -> str:
    """The question after a condition ("if i become an MA, what do i make": "what do i make"), for the
    classifier: the condition's words ("become") say what is supposed, not what is asked."""
    condition = _CONDITION.match(text)
    rest = text[condition.end() :] if condition else text
    return rest if condition and _ASKS.match(rest) else text


def split_questions(text: str) -> Split:
    """The message's questions in order (the whole message when it asks one)."""
    if not _JOINS.search(text):
        return Split("", (text,))
    two = _TWO_ASPECTS.match(text)
    if two:
        return Split("", (two.group(1) + two.group(3), two.group(2) + two.group(3)))
    lead = _LEAD.match(text) or _STATEMENT.match(text)
    head, rest = (lead.group(1), _ORDER_WORD.sub("", text[lead.end() :])) if lead else ("", text)
    condition = _CONDITION.match(rest)  # kept with the first question, not cut off as a part of its own
    said = condition.group(0) if condition else ""
    parts = tuple(part.strip(" ,;") for part in _CUT.split(rest[len(said) :]) if part.strip(" ,;?"))
    # "MA and PA, which pays more" is one question; "thanks. what jobs..." is a thanks and a question
    # the first part must be a question from its first words: a long story before the questions is
    # their context ("ive done retail for years... how would i start"), not a question of its own
    opens_with_a_question = bool(parts) and bool(_ASKS.search(" ".join(parts[0].split()[:OPENING_WORDS])))
    if len(parts) <= MAX_PARTS and opens_with_a_question and all(_ASKS.search(part) for part in parts):
        return Split(head, (f"{said}{parts[0]}", *parts[1:]) if said else parts)
    return Split("", (text,))
