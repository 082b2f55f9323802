"""A conversation of 10,000 turns keeps what it remembers bounded: memory stays flat, state stays small.

Not a timed test: tracemalloc counts what turns 1,000 to 10,000 leave allocated.
"""

from __future__ import annotations

import gc
import itertools
import tracemalloc

from chatbot import Bot
from chatbot.dialogue import MAX_RECENT
from chatbot.loader import REQUIRED_INTENTS

TURNS = 10_000
WARM_UP = 1_000
MAX_GROWTH_BYTES = 256 * 1024  # a history that kept every turn would grow by megabytes over 9,000 turns

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
        assert reply.intent in REQUIRED_INTENTS and reply.text


def test_memory_stays_flat_over_ten_thousand_turns() -> None:
    """Memory after 10,000 turns is not meaningfully above memory after 1,000: nothing keeps every turn."""
    bot = Bot()
    script = itertools.cycle(SCRIPT)
    _talk(bot, WARM_UP, script)
    gc.collect()
    # Tracing from turn 1,000 on counts exactly what the later turns leave behind (and tracing makes a
    # turn about ten times slower, so the first thousand run untraced).
    tracemalloc.start()
    try:
        _talk(bot, TURNS - WARM_UP, script)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0]
        top = tracemalloc.take_snapshot().statistics("lineno")[:5] if grown >= MAX_GROWTH_BYTES else []
    finally:
        tracemalloc.stop()
    assert grown < MAX_GROWTH_BYTES, [str(stat) for stat in top]


def test_conversation_state_stays_small() -> None:
    """However long the conversation, the state holds at most MAX_RECENT recent roles."""
    bot = Bot()
    script = itertools.cycle(SCRIPT)
    for _ in range(20):
        _talk(bot, len(SCRIPT), script)
        assert len(bot.state.recent) <= MAX_RECENT
        assert len(bot.state.focus) <= MAX_RECENT
