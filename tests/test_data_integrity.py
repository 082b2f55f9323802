"""The bundled data against the taxonomy: every role and intent has its file, every field is filled, every
figure has a year and a known source, and the intent examples neither name a role nor copy the dev set.

The reference fact sheet and the public dev set live in ../shared beside the repository; the checks that need
them are skipped when that folder is absent, and only those.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import MISSING, fields, is_dataclass
from pathlib import Path
from typing import Any

import pytest

from chatbot.bot import load_engine
from chatbot.knowledge.loader import check_product_intents, load_intents, load_knowledge
from chatbot.knowledge.schema import Role
from chatbot.nlu.normalize import name_key as alias_key
from chatbot.nlu.normalize import tokenize

REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"
INTENTS = REPO / "intents"
SHARED = REPO.parent / "shared"
REFERENCE = SHARED / "reference" / "roles-facts.yaml"
DEV_SET = SHARED / "eval" / "dev.jsonl"

ROLE_IDS = tuple(
    """
    physician physician_assistant nurse_practitioner registered_nurse licensed_practical_nurse
    medical_assistant medical_secretary medical_coder medical_biller office_manager phlebotomist
    medical_records_specialist medical_transcriptionist medical_scribe patient_care_coordinator
    medical_laboratory_technician
    """.split()
)
INTENT_IDS = tuple(
    """
    role_overview role_skills role_education role_certification role_salary role_outlook
    role_work_environment role_career_path compare_roles list_roles general_skills recommend_roles
    greeting thanks goodbye help out_of_scope about_data
    """.split()
)
MIN_EXAMPLES = 20
# BLS and O*NET have no scribe occupation: its pay is an undated third-party estimate and its growth unknown.
UNDATED_ROLES = {"medical_scribe"}
# Required fields that may hold null, each explained by the note of its record.
NULLABLE_WITH_NOTE = {"salary.year", "outlook.growth_percent", "outlook.period", "outlook.year"}
# "hi", "thanks", "good morning": a stock phrase of two words or fewer has no other way to be written,
# so sharing it with the dev set is not copying.
STOCK_PHRASE_MAX_WORDS = 2
URL = re.compile(r"https?://[^\s\"'\],}]+")

KB = load_knowledge(KNOWLEDGE)
INTENT_SET = load_intents(INTENTS)


def normalised(text: str) -> str:
    """Text as the bot reads it: casefolded tokens, chat spellings expanded, punctuation gone."""
    return " ".join(token.text for token in tokenize(text))


def empty_fields(record: Any, prefix: str = "") -> Iterator[str]:
    """Key paths of the required fields of a record (recursively) that hold null, blank text or no items."""
    for f in fields(record):
        if f.name.startswith("_"):
            continue
        value = getattr(record, f.name)
        key = f"{prefix}.{f.name}" if prefix else f.name
        if is_dataclass(value):
            yield from empty_fields(value, key)
        elif isinstance(value, tuple) and value and is_dataclass(value[0]):
            for index, item in enumerate(value):
                yield from empty_fields(item, f"{key}[{index}]")
        elif f.default is MISSING and (value is None or value == "" or value == ()):
            yield key


# --- roles -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_every_taxonomy_role_has_a_file(role_id: str) -> None:
    """Each of the 16 taxonomy roles has knowledge/roles/<id>.yaml."""
    assert (KNOWLEDGE / "roles" / f"{role_id}.yaml").is_file()


def test_roles_are_exactly_the_taxonomy() -> None:
    """The 16 roles load, and no role outside the taxonomy does."""
    assert sorted(KB.role_ids) == sorted(ROLE_IDS)
    assert sorted(path.stem for path in (KNOWLEDGE / "roles").glob("*.yaml")) == sorted(ROLE_IDS)


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_every_role_fills_every_field(role_id: str) -> None:
    """Every required field of a role holds a value; only an undated role's figures may be null."""
    expected = NULLABLE_WITH_NOTE if role_id in UNDATED_ROLES else set()
    assert set(empty_fields(KB.role(role_id))) == expected


def _reference_urls() -> set[str]:
    return set(URL.findall(REFERENCE.read_text(encoding="utf-8"))) if REFERENCE.is_file() else set()


@pytest.mark.parametrize("figure", ["salary", "outlook"])
@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_every_figure_has_a_year_and_a_known_source(role_id: str, figure: str) -> None:
    """A pay or outlook figure has a year (or a note why none) and a source the role or fact sheet cites."""
    role: Role = KB.role(role_id)
    record = getattr(role, figure)
    if role_id in UNDATED_ROLES:
        assert record.year is None and record.note
    else:
        assert isinstance(record.year, int) and 2000 <= record.year <= 2100
    assert record.source in set(role.sources) | _reference_urls()


def _first_number(value: object) -> float | None:
    """The figure in a fact-sheet value: 50250, "$22.68 estimate", ">= $239,200"; None for "unknown"."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    match = re.search(r"\$?(\d[\d,]*(?:\.\d+)?)", value) if isinstance(value, str) else None
    return float(match.group(1).replace(",", "")) if match else None


@pytest.mark.skipif(not REFERENCE.is_file(), reason="the fact sheet lives in ../shared, absent here")
@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_figures_match_the_fact_sheet(role_id: str) -> None:
    """Median pay, hourly pay, growth and openings are the verified fact sheet's, where it gives them."""
    import yaml

    facts = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))[role_id]
    role = KB.role(role_id)
    pairs = [
        (facts.get("pay", {}).get("median_annual"), role.salary.median_annual),
        (facts.get("pay", {}).get("median_hourly"), role.salary.median_hourly),
        (facts.get("outlook", {}).get("change_pct"), role.outlook.growth_percent),
        (facts.get("outlook", {}).get("annual_openings"), role.outlook.openings_per_year),
    ]
    for fact, ours in pairs:
        figure = _first_number(fact)
        if figure is not None and not (isinstance(fact, str) and "unknown" in fact):
            assert ours == pytest.approx(figure, abs=0.01), (fact, ours)


def test_undated_figures_are_explained_by_a_note() -> None:
    """The scribe's null year and growth load because each is explained by a note."""
    scribe = KB.role("medical_scribe")
    assert scribe.salary.year is None and "estimate" in (scribe.salary.note or "")
    assert scribe.outlook.growth_percent is None and scribe.outlook.note


# --- intents -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_every_intent_has_a_file_with_enough_examples(intent_id: str) -> None:
    """Each of the 17 intents has intents/<id>.yaml with at least 20 examples."""
    assert (INTENTS / f"{intent_id}.yaml").is_file()
    intent = next(intent for intent in INTENT_SET.intents if intent.id == intent_id)
    assert len(intent.examples) >= MIN_EXAMPLES


def test_intents_are_the_taxonomy_plus_declared_product_intents() -> None:
    """The loaded intents are those of the taxonomy, plus product intents whose files declare their
    answer (a text or knowledge fields, no code); the loader's own check agrees."""
    extra = {intent.id for intent in INTENT_SET.intents if intent.id not in INTENT_IDS}
    assert set(INTENT_IDS) <= set(INTENT_SET.ids)
    assert all(next(i for i in INTENT_SET.intents if i.id == e).answer is not None for e in extra), extra
    assert check_product_intents(INTENT_SET, INTENTS) == []


@pytest.mark.parametrize("intent_id", INTENT_IDS)
def test_intent_examples_name_no_real_role(intent_id: str) -> None:
    """Examples write {role} instead of a role's name, so intents are learnt apart from roles."""
    matcher = load_engine(KNOWLEDGE.resolve(), INTENTS.resolve()).matcher  # the bot's own alias matching
    intent = next(intent for intent in INTENT_SET.intents if intent.id == intent_id)
    named = {example: matcher.find(example.replace("{role}", " ")).role_ids for example in intent.examples}
    assert {example: roles for example, roles in named.items() if roles} == {}


def test_no_example_belongs_to_two_intents() -> None:
    """The same example under two intents would teach the classifier both answers."""
    owners: dict[str, set[str]] = defaultdict(set)
    for intent in INTENT_SET.intents:
        for example in intent.examples:
            owners[alias_key(example)].add(intent.id)
    assert {example: ids for example, ids in owners.items() if len(ids) > 1} == {}


@pytest.mark.skipif(not DEV_SET.is_file(), reason="the public dev set (../shared) is not beside the repo")
def test_no_intent_example_copies_the_dev_set() -> None:
    """The dev set measures the bot, so no example repeats one of its sentences (stock phrases aside)."""
    lines = DEV_SET.read_text(encoding="utf-8").splitlines()
    dev = {normalised(json.loads(line)["text"]) for line in lines if line.strip()}
    copied = sorted(
        f"{intent.id}: {example}"
        for intent in INTENT_SET.intents
        for example in intent.examples
        if normalised(example) in dev and len(normalised(example).split()) > STOCK_PHRASE_MAX_WORDS
    )
    assert copied == []
