"""A new intent and a new knowledge field become a new answer with no Python change (issue 11)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chatbot import Bot, DataError
from chatbot.bot import intent_problems
from chatbot.knowledge.loader import load_intents

REPO = Path(__file__).resolve().parent.parent
ATTIRE_EXAMPLES = [
    "what does {role} wear to work",
    "what do {role} wear",
    "is there a dress code for {role}",
    "do {role} wear scrubs",
    "what clothes does {role} wear on the job",
    "dress code for a {role}",
    "what is the uniform of {role}",
    "do {role} have a uniform",
    "can a {role} wear jeans",
    "what should i wear as {role}",
    "work clothes for {role}",
    "what do {role} put on for a shift",
    "are {role} allowed to wear sneakers",
    "what outfit does {role} need",
    "do {role} need special shoes",
    "what attire is expected of {role}",
    "business casual or scrubs for {role}",
    "do {role} buy their own scrubs",
    "what is the dress for {role} at a clinic",
    "how do {role} dress at work",
]


def _copy_data(tmp_path: Path) -> tuple[Path, Path]:
    knowledge, intents = tmp_path / "knowledge", tmp_path / "intents"
    shutil.copytree(REPO / "knowledge", knowledge)
    shutil.copytree(REPO / "intents", intents)
    return knowledge, intents


def _add_attire(knowledge: Path, intents: Path, fields: str = "[extra.attire]") -> None:
    for role, wear in (
        ("medical_assistant", "Most wear scrubs in the clinic colour, with closed shoes."),
        ("medical_coder", "Office clothes, often business casual; remote coders wear what they like."),
    ):
        path = knowledge / "roles" / f"{role}.yaml"
        path.write_text(path.read_text() + f"extra:\n  attire:\n    - {wear}\n")
    examples = "\n".join(f"  - {e}" for e in ATTIRE_EXAMPLES)
    (intents / "role_attire.yaml").write_text(
        "id: role_attire\n"
        "description: What people in a role wear to work.\n"
        "cues: [wear, scrubs, uniform, dress, clothes, attire, outfit]\n"
        f"answer:\n  fields: {fields}\n  title: What a {{role}} wears\n"
        f"examples:\n{examples}\n"
    )


def test_new_intent_and_field_answer_from_data_alone(tmp_path: Path) -> None:
    knowledge, intents = _copy_data(tmp_path)
    _add_attire(knowledge, intents)
    bot = Bot(knowledge, intents)
    reply = bot.reply("what do medical assistants wear to work?")
    assert reply.intent == "role_attire"
    assert reply.roles == ("medical_assistant",)
    assert "scrubs in the clinic colour" in reply.text
    assert bot.reply("and what about a medical coder, what do they wear").roles == ("medical_coder",)


def test_declared_answer_for_a_role_without_the_field_says_so(tmp_path: Path) -> None:
    knowledge, intents = _copy_data(tmp_path)
    _add_attire(knowledge, intents)
    reply = Bot(knowledge, intents).reply("what does a phlebotomist wear to work")
    assert reply.intent == "role_attire"
    assert "nothing on that" in reply.text


def test_unknown_field_is_a_data_error_naming_file_and_key(tmp_path: Path) -> None:
    knowledge, intents = _copy_data(tmp_path)
    _add_attire(knowledge, intents, fields="[work_environment.dress_code]")
    with pytest.raises(DataError) as raised:
        load_intents(intents)
    problem = next(p for p in raised.value.problems if p.path.name == "role_attire.yaml")
    assert "answer.fields[0]" in problem.where and "dress_code" in problem.message


def test_an_intent_nobody_answers_is_reported(tmp_path: Path) -> None:
    _, intents = _copy_data(tmp_path)
    text = (intents / "thanks.yaml").read_text().replace("id: thanks", "id: role_attire")
    (intents / "role_attire.yaml").write_text(text)
    problems = intent_problems(load_intents(intents), intents)
    assert any(p.path.name == "role_attire.yaml" and "no answer" in p.message for p in problems)


def test_a_fixed_text_answer(tmp_path: Path) -> None:
    _, intents = _copy_data(tmp_path)
    examples = "\n".join(
        f"  - {e}"
        for e in (
            "who made you",
            "who built this bot",
            "who created careerbot",
            "who wrote you",
            "who is behind this chatbot",
            "which team made this",
            "who programmed you",
            "who designed you",
            "who are your makers",
            "what company made you",
            "who developed careerbot",
            "who owns this bot",
            "who maintains you",
            "who is your creator",
            "where do you come from",
            "who invented you",
            "who runs this bot",
            "who coded you",
            "who put you together",
            "who are the people behind you",
        )
    )
    (intents / "about_bot.yaml").write_text(
        "id: about_bot\ndescription: Who made the bot.\n"
        "answer:\n  text: A small team built me to explain the {count} jobs of a medical office.\n"
        f"examples:\n{examples}\n"
    )
    reply = Bot(REPO / "knowledge", intents).reply("who made this bot")
    assert reply.intent == "about_bot"
    assert reply.text == "A small team built me to explain the 16 jobs of a medical office."
