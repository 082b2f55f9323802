"""Random short conversations: whatever order the turns come in, every turn gets a real reply.

Hypothesis strings together 2-4 messages of the kinds that move the dialogue state around: ambiguous
words and the answers to a clarification, quiz starts, answers, "back" and "stop", comparisons and
follow-ups that refer back, yes/no questions and safety messages.
"""

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from chatbot import Bot, Reply
from chatbot.bot import load_engine

ROLE_IDS = frozenset(role.id for role in load_engine().kb.roles)

# One kind of message a line, "|" between messages.
AMBIGUOUS = "nurse|what does a nurse do|how much does an assistant make|coordinator pay|tech".split("|")
ANSWERS = "1|2|3|4|5|0|99|the RN one|registered|the medical one|lab|yes|no|ok 2".split("|")
QUIZ = "which job fits me|quiz me|back|stop|quit|never mind|as little as possible|computers".split("|")
COMPARE = "PA vs NP|compare coder and biller|which of those pays most|which is quickest|and pay?".split("|")
FOLLOW_UPS = "tell me more|more|and coders?|what about them|why that one?|the first one|how long".split("|")
YES_NO = "do MAs give shots|can coders work remotely|is 40 too old to start|do they need a license".split("|")
SAFETY = "i cant breathe|i want to end my life|how much advil can i take|she took a lot of pills".split("|")
OTHER = ["hi", "thanks", "bye", "", "   ", "???", "what does a phlebotomist do", "weather?", "\x1b[2J"]
MESSAGES = st.sampled_from(AMBIGUOUS + ANSWERS + QUIZ + COMPARE + FOLLOW_UPS + YES_NO + SAFETY + OTHER)


def _assert_real(reply: Reply) -> None:
    assert isinstance(reply, Reply)
    assert reply.text.strip()
    assert isinstance(reply.intent, str) and reply.intent
    assert set(reply.roles) <= ROLE_IDS and set(reply.suggested_roles) <= ROLE_IDS


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MESSAGES, min_size=2, max_size=4))
def test_every_turn_of_a_random_conversation_gets_a_reply(messages):
    """No order of clarifications, quiz moves, references and safety messages leaves a turn unanswered."""
    bot = Bot()
    for message in messages:
        _assert_real(bot.reply(message))


@settings(max_examples=60, deadline=None)
@given(st.lists(MESSAGES, min_size=1, max_size=3), st.text(max_size=40))
def test_any_text_after_any_short_history_gets_a_reply(history, text):
    """Arbitrary text, typed in any dialogue state, is answered rather than raising."""
    bot = Bot()
    for message in history:
        bot.reply(message)
    _assert_real(bot.reply(text))


SAFETY_INTENTS = {"crisis", "medical_advice"}


@settings(max_examples=60, deadline=None)
@given(st.lists(MESSAGES, min_size=1, max_size=3), st.sampled_from(SAFETY))
def test_a_safety_message_is_read_as_one_in_any_state(history, message):
    """Safety comes first: a message that is an emergency or a health question alone stays one anywhere."""
    alone = Bot().reply(message)
    assume(alone.intent in SAFETY_INTENTS)
    bot = Bot()
    for earlier in history:
        bot.reply(earlier)
    assert bot.reply(message).intent == alone.intent
