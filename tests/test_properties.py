"""Properties that hold for any text: a Reply, never an exception; safe output; stable normalisation.

Hypothesis draws messages from hostile pieces (control codes, ANSI escapes, lone surrogates, bidi
overrides, combining marks, emoji, chat spellings typed in capitals) mixed with arbitrary Unicode, and
checks the whole pipeline: `Bot.reply`, over one message and over whole conversations, `normalize`,
and both renderers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatbot import Bot, Reply
from chatbot.ids import CONTRACT_INTENTS
from chatbot.interfaces import render
from chatbot.nlu.normalize import CHAT_SPELLINGS, MAX_INPUT_CHARS, clean, normalize, tokenize

PROPERTY_SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONVERSATION_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LONG_TEXT_SETTINGS = settings(  # generating thousands of characters is what takes the time here
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

# Pieces of text that have broken chatbots and terminals before.
HOSTILE = (
    "",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\x00",
    "\x07",
    "\x08",
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\u2029",
    "\x1b[31m",
    "\x1b[0m",
    "\x1b[2J",
    "\x1b[H",
    "\x1b]0;pwned\x07",
    "\x1b]8;;http://x\x1b\\",
    "\x9b31m",
    "\x1bP+q\x1b\\",
    "\ud800",
    "\udfff",
    "\ud83d",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u200f",
    "\u200b",
    "\ufeff",
    "\ufffd",
    "e\u0301",
    "\u0301\u0301\u0301",
    "Z\u0351\u0352\u0353\u0354\u0355",
    "\U0001f469\u200d\u2695\ufe0f",
    "\U0001f600",
    "\U0001f1fa\U0001f1f8",
    "مرحبا، ما عمل المبرمج الطبي؟",
    "שלום",
    "\u0130",
    "\u00df",
    "\ufb03",
    "\uff28\uff49",
    "\ufdfa",
    "ΐ",
    "\U000e0041",
    "\ue000",
    "<script>alert(1)</script>",
    "'; DROP TABLE roles;--",
    "{role}",
    "%s%n",
    "../../etc/passwd",
    "$(touch /tmp/x)",
    "PA",
    "DO",
    "do",
    "MA",
    "RN",
    "np",
    "IM",
    "ID",
    "ILL",
    "ITS",
    "WONT",
    "U",
    "u",
    "ur",
    "&",
    "vs",
    "coder",
    "medical biller",
    "nurse",
    "they",
    "and the scribes?",
    "tell me more",
    "what job would suit me",
    "quit",
    "2",
    "what does a coder do",
    "what do those earn per hour",
    "what about chiropractors",
    "PA vs NP",
    "bye",
    "thanks",
    "help",
)
hostile = st.sampled_from(HOSTILE)
any_char = st.characters(codec=None, exclude_categories=())  # every code point, surrogates included
pieces = st.one_of(hostile, st.text(any_char, max_size=12), st.text(max_size=30))
messages = st.lists(pieces, max_size=10).map(" ".join) | st.lists(pieces, max_size=6).map("".join)
conversations = st.lists(messages, min_size=1, max_size=8)

LONG_MESSAGES = {
    "letters": "a" * 100_000,
    "question repeated": "what does a medical coder do " * 3_500,
    "escape sequences": "\x1b[31m" * 20_000,
    "emoji": "\U0001f469\u200d\u2695\ufe0f" * 25_000,
    "lone surrogates": "\ud800" * 100_000,
    "combining marks": "e" + "\u0301" * 99_999,
    "NUL bytes": "\x00" * 100_000,
    "right-to-left": "\u202eمرحبا " * 16_667,
    "chat spellings": "u " * 50_000,
    "expanding ligatures": "\ufdfa" * 100_000,
}

# What the text renderer may emit: newlines and, with colour, its own SGR codes; no other C0/C1 code.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
RENDERER_SGR = re.compile(
    "|".join(re.escape(code) for code in (render.BOLD, render.CYAN, render.GREEN, render.DIM, render.RESET))
)


# The contract's intents, and the product's own intents declared in intents/ (age_to_start).
PRODUCT_INTENTS = (
    *CONTRACT_INTENTS,
    *(path.stem for path in Path(__file__).parent.parent.glob("intents/*.yaml")),
)


def assert_valid(reply: Reply) -> None:
    assert isinstance(reply, Reply)
    assert reply.intent in PRODUCT_INTENTS
    assert reply.text.strip()
    assert 0.0 <= reply.confidence <= 1.0


@pytest.fixture(scope="module")
def bot() -> Bot:
    return Bot()


@PROPERTY_SETTINGS
@given(text=messages)
def test_any_message_gets_a_reply(bot: Bot, text: str) -> None:
    """Any text gets a Reply with one of the 17 intents and some text, never an exception."""
    bot.reset()
    assert_valid(bot.reply(text))


@CONVERSATION_SETTINGS
@given(turns=conversations)
def test_any_conversation_gets_a_reply_every_turn(turns: list[str]) -> None:
    """Every turn of a conversation of arbitrary messages gets a valid Reply."""
    conversation = Bot()
    for text in turns:
        assert_valid(conversation.reply(text))


@pytest.mark.parametrize("text", list(LONG_MESSAGES.values()), ids=list(LONG_MESSAGES))
def test_long_message_is_cut_with_a_note(bot: Bot, text: str) -> None:
    """A 100,000-character message is read up to MAX_INPUT_CHARS, and the answer says so."""
    bot.reset()
    reply = bot.reply(text)
    assert_valid(reply)
    assert f"first {MAX_INPUT_CHARS:,} characters" in reply.text


def test_message_at_the_limit_has_no_note(bot: Bot) -> None:
    """A message of exactly MAX_INPUT_CHARS characters is read whole, without a note."""
    bot.reset()
    assert "characters.)" not in bot.reply("a" * MAX_INPUT_CHARS).text


@PROPERTY_SETTINGS
@given(text=messages)
def test_normalize_is_idempotent(text: str) -> None:
    """Normalising twice gives what normalising once gave, and never raises."""
    once = normalize(text)
    assert normalize(once) == once


@LONG_TEXT_SETTINGS
@given(
    text=st.text(any_char, min_size=MAX_INPUT_CHARS - 50, max_size=3 * MAX_INPUT_CHARS)
    | st.lists(hostile, min_size=200, max_size=1200).map(" ".join)
)
def test_normalize_is_idempotent_on_long_text(text: str) -> None:
    """Idempotence holds past the length limit too, where chat spellings make the text grow."""
    once = normalize(text)
    assert normalize(once) == once
    assert len(once) <= MAX_INPUT_CHARS


@PROPERTY_SETTINGS
@given(text=messages)
def test_normalized_text_is_plain(text: str) -> None:
    """Normalised text is valid Unicode without control codes, surrogates or bidi overrides."""
    normalized = normalize(text)
    normalized.encode("utf-8")  # no lone surrogate left
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", normalized)
    assert normalized == " ".join(normalized.split())
    clean(text).encode("utf-8")


@pytest.mark.parametrize("word", sorted(CHAT_SPELLINGS), ids=sorted(CHAT_SPELLINGS))
def test_chat_spelling_expansions_are_final(word: str) -> None:
    """A chat spelling expands to words that are not chat spellings themselves (so one pass is enough)."""
    expansion = " ".join(token.text for token in tokenize(word))
    assert " ".join(token.text for token in tokenize(expansion)) == expansion


@PROPERTY_SETTINGS
@given(text=messages)
def test_bot_text_renders_without_control_codes(bot: Bot, text: str) -> None:
    """Whatever the user typed, the rendered answer holds no escape or other control code but newlines."""
    bot.reset()
    reply = bot.reply(text)
    for width in (None, 40):
        assert not CONTROL.search(render.text(reply, width=width))
        assert not CONTROL.search(RENDERER_SGR.sub("", render.text(reply, width=width, color=True)))


replies = st.builds(
    Reply,
    intent=st.sampled_from(CONTRACT_INTENTS),
    roles=st.just(()),
    confidence=st.floats(0, 1),
    text=messages,
    follow_ups=st.lists(messages, max_size=3).map(tuple),
    sources=st.lists(messages, max_size=3).map(tuple),
)


@PROPERTY_SETTINGS
@given(reply=replies, width=st.none() | st.integers(10, 120))
def test_any_reply_renders_without_control_codes(reply: Reply, width: int | None) -> None:
    """Even a Reply whose text, sources and follow-ups are hostile renders safely, with colour or not."""
    plain = render.text(reply, width=width)
    assert not CONTROL.search(plain)
    assert not re.search(r"[\u202a-\u202e\u2066-\u2069]", plain)
    coloured = render.text(reply, width=width, color=True)
    assert not CONTROL.search(RENDERER_SGR.sub("", coloured))


@PROPERTY_SETTINGS
@given(reply=replies)
def test_any_reply_is_one_ascii_json_line(reply: Reply) -> None:
    """The JSON renderer gives one line of ASCII that reads back to the Reply's fields."""
    line = render.json_line(reply)
    assert "\n" not in line and line.isascii()
    assert json.loads(line)["intent"] == reply.intent


_PIECES = st.sampled_from(
    [
        "what",
        "does",
        "a coder",
        "do",
        "how much",
        "and",
        "also",
        "then",
        "plus",
        "pay",
        "for MAs",
        "is it",
        "hi",
    ]
)
_MARKS = st.sampled_from(["", " ", ", ", "? ", ". ", "! ", "; ", " & ", " + ", "?"])


@given(st.lists(st.tuples(_PIECES, _MARKS), max_size=8))
@settings(max_examples=300, deadline=None)
def test_the_quick_look_for_joins_never_changes_how_a_message_is_split(pieces: list[tuple[str, str]]) -> None:
    """A message is split only at a join; skipping the splitter when there is none must change nothing."""
    from chatbot.nlu import parts

    text = "".join(piece + mark for piece, mark in pieces)

    class Always:
        @staticmethod
        def search(_: str) -> bool:
            return True

    def cut(split: parts.Split) -> parts.Split | None:  # one question, however its spaces are trimmed
        return split if len(split.questions) + bool(split.lead) > 1 else None

    quick = parts.split_questions(text)
    original, parts._JOINS = parts._JOINS, Always()  # type: ignore[assignment]
    try:
        assert cut(parts.split_questions(text)) == cut(quick)
    finally:
        parts._JOINS = original


_CRITERIA_WORDS = st.sampled_from(
    "no degree not blood pay best most jobs rank all work from home 9 to 5 in six months over 80k fast "
    "people hate patients good with numbers part time remote growth lowest which job a the coder".split()
)


@given(st.lists(_CRITERIA_WORDS, max_size=10))
@settings(max_examples=300, deadline=None)
def test_the_quick_look_for_criteria_words_never_changes_the_criteria(words: list[str]) -> None:
    """Most messages ask nothing of a job and skip the phrase lists; that must never lose a criterion."""
    from chatbot.nlu import criteria

    kb = Bot().kb
    text = " ".join(words)
    assert criteria.parse_criteria(text, kb) == criteria._parse(text, kb)
