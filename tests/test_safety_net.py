"""The second look for safety (dialogue/safety_net.py): a message about to get the out-of-scope reply that
is near the safety rules' examples gets their reply, hedged. In our own words, none from an eval set."""

from __future__ import annotations

from dataclasses import replace

from chatbot import Bot
from chatbot.bot import safety_net
from chatbot.dialogue.safety_net import MIN_WORDS, SafetyNet

HEDGE = "may have misread"


def test_a_poisoning_told_in_words_no_cue_has_gets_poison_help_hedged() -> None:
    reply = Bot().reply("my little girl got into the garage and drank something blue from a jug")
    assert reply.intent == "crisis"
    assert "1-800-222-1222" in reply.text
    assert HEDGE in reply.text


def test_a_crisis_told_in_words_no_cue_has_gets_988() -> None:
    reply = Bot().reply("i feel like a weight on everyone and they would be lighter without me around")
    assert reply.intent == "crisis"
    assert "988" in reply.text and HEDGE in reply.text


def test_a_cue_is_not_hedged() -> None:
    reply = Bot().reply("my brother is not breathing")
    assert "911" in reply.text and HEDGE not in reply.text


def test_small_talk_and_trivia_stay_out_of_scope() -> None:
    for text in [
        "whats the weather like in denver tomorrow",
        "we finally repainted the kitchen, looks great",
        "who won the game last night",
    ]:
        assert Bot().reply(text).intent == "out_of_scope", text


def test_a_message_too_short_to_be_near_anything_is_not_read() -> None:
    bot = Bot()
    words = ["make", "it", "stop"][: MIN_WORDS - 1]
    assert safety_net(bot.engine).rule_for(words) is None
    assert Bot().reply("stop").intent != "crisis"  # a word of a crisis example, alone


def test_a_patients_own_question_is_not_read_again() -> None:
    reply = Bot().reply("can you fix the bill from my last visit")
    assert reply.intent == "out_of_scope" and HEDGE not in reply.text


def test_why_says_the_second_look_chose_the_rule() -> None:
    bot = Bot()
    reply = bot.reply("i feel like a weight on everyone and they would be lighter without me around")
    assert bot.last_understanding is not None and bot.last_understanding.safety_guessed
    assert "nearest to its examples" in bot.explain(reply)


def test_without_examples_the_second_look_finds_nothing() -> None:
    safety = Bot().kb.safety
    bare = replace(safety, rules=tuple(replace(rule, examples=()) for rule in safety.rules))
    net = SafetyNet(bare, [[("what", "does", "a", "coder", "do")]])
    assert net.rule_for("i feel like a weight on everyone and they would be lighter".split()) is None


def test_just_after_a_safety_reply_its_follow_up_answers() -> None:
    bot = Bot()
    assert "988" in bot.reply("i want to kill myself").text
    reply = bot.reply("my little girl got into the garage and drank something blue from a jug")
    assert HEDGE not in reply.text  # the conversation is about the crisis: no second look


def test_a_family_members_job_news_is_no_crisis() -> None:
    """People are no evidence in the vectors: "my husband" does not make a message near someone's crisis."""
    for text in [
        "my husband got laid off",
        "my dad got laid off after 30 years",
        "i'm the first in my family to go to college",
    ]:
        assert Bot().reply(text).intent != "crisis", text


def test_who_a_guessed_crisis_is_about_comes_from_the_people_named() -> None:
    own = Bot().reply("i feel like a weight on everyone and they would be lighter without me around")
    theirs = Bot().reply("my friend keeps saying everyone would be better off without her")
    assert "someone you care about" not in own.text
    assert "someone you care about" in theirs.text


def test_job_news_and_cases_asked_about_get_no_second_look() -> None:
    for text in [
        "my company is closing next month",  # near "my throat is closing", but news of a job
        "what happens if a patient faints during a blood draw",  # a case supposed, not one happening
        "i'm so done with my job",  # a job word: the cues alone decide
    ]:
        assert Bot().reply(text).intent != "crisis", text
