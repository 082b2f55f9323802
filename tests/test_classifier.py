"""The intent classifier: nearest example plus centroid, the calibrated cut, its evidence, other intent sets,
roles named only as context, and `evaluate --cross-validate`."""

import json
import logging
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chatbot.interfaces.cli import main
from chatbot.interfaces.crossval import cross_validate, folds
from chatbot.knowledge.loader import load_intents
from chatbot.knowledge.schema import Intent, IntentSet
from chatbot.nlu.classifier import FALLBACK_INTENT, IntentClassifier
from chatbot.nlu.mentions import Mentions
from chatbot.nlu.normalize import name_key, tokenize

CROSS_VALIDATED_FLOOR = 0.78  # the old fixed-cut matcher scores 0.778 on these folds; this method about 0.80

# A small intent set from another domain, written for these tests: no roles, no out_of_scope intent.
TRANSIT = IntentSet(
    (
        Intent(
            "next_departure",
            "when the next bus or train leaves",
            (
                "when is the next bus",
                "what time does the next train leave",
                "next departure from the central station",
                "how long until the 42 comes",
                "when does the last tram run tonight",
            ),
        ),
        Intent(
            "ticket_price",
            "what a ticket costs",
            (
                "how much is a ticket",
                "price of a day pass",
                "what does a monthly pass cost",
                "are tickets cheaper for students",
                "fare to the airport",
            ),
        ),
        Intent(
            "lost_property",
            "something left behind on a vehicle",
            (
                "i left my bag on the bus",
                "where is the lost and found",
                "i lost my phone on the train",
                "someone found my umbrella",
            ),
        ),
    )
)


def _guess(classifier, text, mentions=None):
    tokens = tokenize(text)
    return classifier.classify(tokens, mentions if mentions is not None else Mentions())


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("when will the next train come", "next_departure"),
        ("what time is the last bus", "next_departure"),
        ("how much does a student ticket cost", "ticket_price"),
        ("day pass price", "ticket_price"),
        ("i think i left my wallet on the tram", "lost_property"),
        ("lost and found office", "lost_property"),
    ],
    ids=["next-train", "last-bus", "student-ticket", "pass-price", "left-wallet", "lost-and-found"],
)
def test_another_domain_generalises_from_a_few_examples(text, intent):
    """Paraphrases of a five-example intent set from another domain find their intent, none falls back."""
    assert _guess(IntentClassifier(TRANSIT), text).intent == intent


def test_cut_is_calibrated_from_the_intent_set(engine):
    """The cut comes from the examples: it differs between intent sets and drops without out-of-scope ones."""
    bundled = engine.classifier.cut
    without_fallback = IntentSet(tuple(i for i in engine.intents.intents if i.id != FALLBACK_INTENT))
    assert 0 < bundled < 100
    assert IntentClassifier(without_fallback).cut < bundled
    assert IntentClassifier(TRANSIT).cut != bundled


def test_a_set_without_out_of_scope_examples_keeps_its_own_messages(engine):
    """With nothing showing what out of scope looks like, every example of the set stays in scope."""
    classifier = IntentClassifier(TRANSIT)
    for intent in TRANSIT.intents:
        for example in intent.examples:
            assert _guess(classifier, example).intent == intent.id


def test_out_of_scope_below_the_cut(engine):
    """A message scoring under the cut falls back, and its confidence says how far below it was."""
    guess = _guess(engine.classifier, "purple submarines orbit quietly")
    assert guess.intent == FALLBACK_INTENT
    top = guess.ranking[0] if guess.ranking else None
    assert top is None or top.intent == FALLBACK_INTENT or top.score < guess.cut
    assert 0.0 <= guess.confidence <= 1.0


def test_guess_shows_its_evidence(engine):
    """The guess carries the cut and the nearest examples, best first, for /why."""
    guess = _guess(engine.classifier, "how much money does a coder bring home", engine.matcher.find("coder"))
    assert guess.intent == "role_salary"
    assert guess.cut == engine.classifier.cut
    assert guess.nearest and guess.nearest[0].intent == "role_salary"
    similarities = [n.similarity for n in guess.nearest]
    assert similarities == sorted(similarities, reverse=True) and all(0 <= s <= 1 for s in similarities)
    assert guess.ranking[0].score >= guess.cut


def test_typed_certification_is_not_the_credential_hint(engine):
    """'certification' typed by the user counts in full; only a credential name adds it as a weak hint."""
    tokens = tokenize("which certification do phlebotomists usually get")
    assert engine.classifier.classify(tokens, engine.matcher.find(tokens)).intent == "role_certification"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("is a four year degree needed to work as an LPN", "role_education"),
        ("can a medical biller do the job from a home office", "role_work_environment"),
        ("what would my paycheck look like as a scribe", "role_salary"),
        ("are there going to be openings for phlebotomists in ten years", "role_outlook"),
        ("what do receptionists actually spend their day on", "role_overview"),
        ("where can an office manager go after a few years", "role_career_path"),
        ("which roles exist in a small family practice", "list_roles"),
        ("what qualities make a good coder", "role_skills"),
    ],
    ids=["degree", "home-office", "paycheck", "openings", "day", "next-step", "which-roles", "qualities"],
)
def test_aspect_words_decide(bot, text, intent):
    """The word for the aspect asked about decides, through the whole bot (our own phrasings)."""
    assert bot.reply(text).intent == intent


@pytest.mark.parametrize(
    "text",
    [
        "what does a firefighter do",
        "what will the temperature be on friday",
        "DROP TABLE users; --",
        "how do i dispute a charge on my hospital bill",
        "zxqv wrrt plok",
    ],
    ids=["other-job", "weather", "sql", "patient-bill", "gibberish"],
)
def test_out_of_scope_stays_out(bot, text):
    """Other jobs, weather, code and a patient's own bill are out of scope, not a role question."""
    assert bot.reply(text).intent == "out_of_scope"


@pytest.mark.parametrize(
    ("text", "subjects", "context"),
    [
        ("tell me about coders, not billers", ["medical_coder"], ["medical_biller"]),
        ("we hired a PA instead of another physician", ["physician_assistant"], ["physician"]),
        ("what does a family doctors receptionist do", ["medical_secretary"], ["physician"]),
        ("PA vs NP", ["physician_assistant", "nurse_practitioner"], []),
        ("is a nurse practitioner not a doctor", ["nurse_practitioner"], ["physician"]),
        ("not a phlebotomist", ["phlebotomist"], []),
    ],
    ids=["not-x", "instead-of", "possessive", "two-subjects", "not-a", "alone-negated-stays"],
)
def test_roles_named_as_context_are_not_subjects(matcher, text, subjects, context):
    """A negated role or one that owns the next role is context; a lone negated role is still the subject."""
    mentions = matcher.find(text)
    assert list(mentions.role_ids) == subjects
    assert [m.role_id for m in mentions.context] == context


def test_context_roles_are_still_masked(engine):
    """The classifier reads a context role as the placeholder, like any role name."""
    tokens = tokenize("tell me about coders, not billers")
    words = engine.classifier.masked_words(tokens, engine.matcher.find(tokens))
    assert words.count(engine.classifier.placeholder) == 2


def _write_intents(folder: Path, intents: IntentSet) -> Path:
    folder.mkdir()
    for intent in intents.intents:
        lines = [f"id: {intent.id}", f"description: {intent.description}", "examples:"]
        lines += [f"  - {example}" for example in intent.examples]
        (folder / f"{intent.id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_small_intent_sets_load_with_a_warning(tmp_path, caplog):
    """One example is enough to load; fewer than five gets a warning naming the file."""
    tiny = IntentSet((replace(TRANSIT.intents[0], examples=("when is the next bus",)), *TRANSIT.intents[1:]))
    folder = _write_intents(tmp_path / "intents", tiny)
    with caplog.at_level(logging.WARNING):
        loaded = load_intents(folder, name_key=name_key)
    assert [len(i.examples) for i in loaded.intents] == [4, 1, 5]  # files load in name order
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 2 and all("5 or more" in m for m in warned)
    assert any("next_departure.yaml: only 1 examples" in m for m in warned)


def test_folds_are_stratified():
    """Every example is in exactly one fold, and each intent is spread evenly over the folds."""
    dealt = folds(TRANSIT, 2)
    everything = sorted(pair for fold in dealt for pair in fold)
    assert everything == sorted((i.id, e) for i in TRANSIT.intents for e in i.examples)
    for intent in TRANSIT.intents:
        counts = [sum(1 for owner, _ in fold if owner == intent.id) for fold in dealt]
        assert max(counts) - min(counts) <= 1


def test_an_added_example_moves_only_its_own_intents_folds():
    """Folds of the other intents stay put, so the score of one new example is not a reshuffle of all."""
    first, *rest = TRANSIT.intents
    grown = IntentSet((replace(first, examples=(*first.examples, "a brand new way to ask")), *rest))
    before, after = folds(TRANSIT, 3), folds(grown, 3)
    for old, new in zip(before, after, strict=True):
        assert [p for p in old if p[0] != first.id] == [p for p in new if p[0] != first.id]


def test_cross_validation_never_sees_the_example_it_scores():
    """Held-out examples are classified by a classifier built without them."""
    unique = IntentSet(
        (
            Intent("a", "a", ("alpha one", "alpha two", "alpha three")),
            Intent("b", "b", ("beta one", "beta two", "zeta only here")),
        )
    )
    results = {r.text: r for r in cross_validate(unique, 3)}
    assert results["alpha two"].predicted == "a"
    assert results["zeta only here"].predicted != "b"  # its one telling word left with it


def test_cross_validated_accuracy_of_the_bundled_intents(capsys):
    """5-fold cross-validation over intents/ stays above the old matcher's score."""
    assert main(["evaluate", "--cross-validate", "5", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)[0]
    assert report["n"] > 900
    assert report["intent_accuracy"] >= CROSS_VALIDATED_FLOOR, report["misses"][:20]


def test_cross_validate_on_another_intent_set(tmp_path, capsys):
    """`evaluate --cross-validate K --intents DIR` works on any intent set and prints a report."""
    folder = _write_intents(tmp_path / "transit", TRANSIT)
    assert main(["evaluate", "--cross-validate", "2", "--intents", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "cross-validation (2 folds): 14 examples" in out and "intent accuracy" in out


@pytest.mark.parametrize("k", ["1", "0", "-3"])
def test_cross_validate_needs_two_folds(k, capsys):
    """K below 2 is a usage error: one line, exit 2."""
    assert main(["evaluate", "--cross-validate", k]) == 2
    assert "--cross-validate needs K of at least 2" in capsys.readouterr().err


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_a_well_formed_guess(engine, text):
    """Any text, control codes and lone surrogates included, gets a guess with sane scores and evidence."""
    tokens = tokenize(text)
    guess = engine.classifier.classify(tokens, engine.matcher.find(tokens))
    assert guess.intent in engine.intents.ids
    assert 0.0 <= guess.confidence <= 1.0
    assert [s.score for s in guess.ranking] == sorted((s.score for s in guess.ranking), reverse=True)
    assert all(0.0 <= n.similarity <= 1.0 + 1e-9 for n in guess.nearest)


def test_a_typo_between_two_words_is_read_the_same_in_every_process(tmp_path: Path) -> None:
    """'store' is one letter from 'score', 'stone' and 'storm': the correction must not depend on the order
    of a set, which changes with each process's hash seed (replies are meant to be repeatable)."""
    for word in ("score", "stone", "storm"):
        examples = "".join(
            f"  - {text}\n"
            for text in (
                f"{word} please",
                f"the {word} tonight",
                f"a {word}",
                f"any {word} news",
                f"tell me the {word}",
            )
        )
        (tmp_path / f"ask_{word}.yaml").write_text(
            f"id: ask_{word}\ndescription: a {word}\nexamples:\n{examples}"
        )
    code = (
        "from chatbot.bot import Bot\n"
        f"print(Bot(intents_dir={str(tmp_path)!r}, use_cache=False).understand('store please').guess.intent)"
    )
    read = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout.strip()
        for seed in range(6)
    }
    assert len(read) == 1, read


@pytest.mark.parametrize(
    "text",
    ["if i dropped my wallet on the 42, who has it", "say i lost my phone on the bus, what now"],
)
def test_a_condition_that_carries_the_topic_is_kept(tmp_path, text):
    """'if I become an MA, what do I make' is read without its condition; a question that asks little on its
    own keeps it, in any intent set: the condition is what the message is about."""
    from chatbot.bot import Bot

    bot = Bot(intents_dir=_write_intents(tmp_path / "intents", TRANSIT), use_cache=False)
    assert bot.understand(text).guess.intent == "lost_property"
