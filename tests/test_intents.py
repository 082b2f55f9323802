"""Intent classification: our own labelled set, confidence and fallback, and a generic intents folder."""

from pathlib import Path

import pytest
import yaml

from chatbot import Bot
from chatbot.knowledge.schema import Intent, IntentSet
from chatbot.nlu.classifier import FALLBACK_INTENT, IntentClassifier
from chatbot.nlu.mentions import Mentions
from chatbot.nlu.normalize import tokenize
from chatbot.nlu.parts import asked_part

REGRESSION = yaml.safe_load((Path(__file__).parent / "regression.yaml").read_text(encoding="utf-8"))
JOINT_ACCURACY_FLOOR = 0.9  # the held-out target; a drop below it on our own set is a regression


def test_regression_set_joint_accuracy():
    """On our own labelled messages, intent and roles are both right for at least 90%."""
    bot = Bot()
    misses = []
    for text, intent, roles in REGRESSION:
        bot.reset()
        reply = bot.reply(text)
        if reply.intent != intent or set(reply.roles) != set(roles):
            misses.append((text, intent, roles, reply.intent, list(reply.roles)))
    accuracy = 1 - len(misses) / len(REGRESSION)
    assert accuracy >= JOINT_ACCURACY_FLOOR, misses


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how much do coders make", "role_salary"),
        ("medical recepionist wagez", "role_salary"),
        ("what certifcation do billers need", "role_certification"),
        ("asdf qwer zxcv", "out_of_scope"),
    ],
    ids=["plain", "typos", "typo-in-cue", "gibberish"],
)
def test_classify(engine, text, intent):
    """The classifier picks the intent, typos included, and falls back on gibberish."""
    tokens = tokenize(text)
    guess = engine.classifier.classify(tokens, engine.matcher.find(tokens))
    assert guess.intent == intent
    assert 0.0 <= guess.confidence <= 1.0


def test_guess_explains_itself(engine):
    """The guess keeps the runners-up with the example each matched (shown by /why)."""
    tokens = tokenize("how much does a phlebotomist earn")
    guess = engine.classifier.classify(tokens, engine.matcher.find(tokens))
    assert guess.ranking[0].intent == "role_salary"
    assert len(guess.ranking) > 1 and guess.margin >= 0
    assert all(score.example for score in guess.ranking)


def test_role_names_become_a_placeholder(engine):
    """Any role mention reads the same to the classifier, so examples generalise across roles."""
    a, b = tokenize("how much do coders make"), tokenize("how much does a nurse practitioner make")
    masked_a = engine.classifier.masked_words(a, engine.matcher.find(a))
    masked_b = engine.classifier.masked_words(b, engine.matcher.find(b))
    assert "xrole" in masked_a and "xrole" in masked_b


def test_classifier_works_for_any_intent_set():
    """The matcher takes its intent ids from the data: a two-intent set works with no code change."""
    intents = IntentSet(
        (
            Intent(
                "order_pizza",
                "wants pizza",
                ("i want a pizza", "order a large pizza", "pizza please"),
                ("pizza",),
            ),
            Intent(
                "ask_time",
                "wants the time",
                ("what time is it", "tell me the time", "whats the time now"),
                ("time",),
            ),
        )
    )
    classifier = IntentClassifier(intents)
    assert classifier.classify(tokenize("can i get a pizza"), Mentions()).intent == "order_pizza"
    assert classifier.classify(tokenize("the time please?"), Mentions()).intent == "ask_time"
    assert classifier.classify(tokenize("zebra crossing"), Mentions()).intent == FALLBACK_INTENT


def test_another_domains_intents_are_not_overridden_by_the_products_rules(tmp_path):
    """With another domain's intents loaded, a rule whose answer is none of them (the handout for "export",
    the quiz for "quiz") gives way to the classifier; safety still comes first."""
    folder = tmp_path / "intents"
    folder.mkdir()
    for intent, examples in {
        "export_data": ["export my notes as a file", "download all my data", "get a copy of my files"],
        "make_quiz": ["i need a program to make a quiz", "software for quiz worksheets", "build a quiz"],
    }.items():
        lines = "".join(f"  - {example}\n" for example in examples)
        text = f"id: {intent}\ndescription: a user request\nexamples:\n{lines}"
        (folder / f"{intent}.yaml").write_text(text, encoding="utf-8")
    bot = Bot(intents_dir=folder, use_cache=False)
    assert bot.reply("how do i export my notes").intent == "export_data"
    assert Bot(intents_dir=folder, use_cache=False).reply("any program to make a quiz").intent == "make_quiz"
    assert Bot(intents_dir=folder, use_cache=False).reply("i want to kill myself").intent == "crisis"


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("is the CPC hard? thinking about coding school", "is the CPC hard?"),
        ("what do MAs earn? asking for my son", "what do MAs earn?"),
        ("what do MAs earn? and how long is school", "what do MAs earn? and how long is school"),
        ("what do MAs earn?", "what do MAs earn?"),
        ("coders earn what", "coders earn what"),
    ],
    ids=["remark-after", "asking-for", "second-question", "question-only", "no-mark"],
)
def test_the_asked_part_of_a_message(text, asked):
    """A remark after the question mark is context; a second question is not a remark."""
    assert asked_part(text) == asked


def test_a_remark_after_the_question_does_not_decide_the_intent():
    """ "... ? i start nursing school soon": the question asks about the exam, the remark names a school."""
    assert Bot().reply("is the nclex rn hard? i start nursing school soon").intent == "role_certification"
