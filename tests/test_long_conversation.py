"""A conversation of 10,000 turns keeps what it remembers bounded: memory stays flat, state stays small.

Not a timed test: tracemalloc counts what a window of 2,000 turns leaves allocated, and the count of
live objects is compared after 1,000 and after 10,000 turns.
"""

from __future__ import annotations

import gc
import itertools
import tracemalloc

from chatbot import Bot
from chatbot.dialogue.state import MAX_RECENT
from chatbot.ids import SAFETY_INTENTS

TURNS = 10_000
WARM_UP = 1_000
TRACED = 2_000  # tracing makes a turn about ten times slower, so only a window is traced
MAX_NEW_OBJECTS = 2_000  # live objects after 10,000 turns versus after 1,000
MAX_GROWTH_BYTES = 256 * 1024  # a history that kept every turn grows by ~630 kB per 1,000 turns

# A loop of turns that touches every part of the conversation state: focus, recent roles, a pending
# clarifying question, the quiz, follow-ups, comparisons, off-topic and hostile messages.
SCRIPT = (
    "hello",
    "tell me about being a phlebotomist",
    "what do they earn",
    "and lab techs?",
    "how is that different from an RN",
    "which of those takes longer to learn",
    "what about a nurse",
    "2",
    "which career would suit me",
    "I like working with people",
    "quit",
    "what does an office manager do all day",
    "tell me more",
    "can a medical assistant move up to that",
    "what about dental hygienists",
    "how do I pay my hospital bill",
    "\x1b[31m\x00 \ud800 zzzz",
    "what's the weather on mars",
    "scribe vs transcriptionist vs coder vs biller",
    "x" * 2_000,
    "thanks, bye",
)


def _talk(bot: Bot, turns: int, script: itertools.cycle[str]) -> None:
    for _ in range(turns):
        reply = bot.reply(next(script))
        assert reply.intent in (*bot.engine.intents.ids, *SAFETY_INTENTS) and reply.text


def test_memory_stays_flat_over_ten_thousand_turns() -> None:
    """Memory after 10,000 turns is not meaningfully above memory after 1,000: nothing keeps every turn."""
    bot = Bot()
    script = itertools.cycle(SCRIPT)
    _talk(bot, WARM_UP, script)
    gc.collect()
    objects_after_warm_up = len(gc.get_objects())
    tracemalloc.start()
    try:
        _talk(bot, TRACED, script)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0]
        top = tracemalloc.take_snapshot().statistics("lineno")[:5] if grown >= MAX_GROWTH_BYTES else []
    finally:
        tracemalloc.stop()
    assert grown < MAX_GROWTH_BYTES, [str(stat) for stat in top]
    _talk(bot, TURNS - WARM_UP - TRACED, script)
    gc.collect()
    assert len(gc.get_objects()) - objects_after_warm_up < MAX_NEW_OBJECTS


def test_conversation_state_stays_small() -> None:
    """However long the conversation, the state holds at most MAX_RECENT recent roles."""
    bot = Bot()
    script = itertools.cycle(SCRIPT)
    for _ in range(20):
        _talk(bot, len(SCRIPT), script)
        assert len(bot.state.recent) <= MAX_RECENT
        assert len(bot.state.focus) <= MAX_RECENT
