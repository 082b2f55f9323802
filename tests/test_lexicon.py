"""The dialogue's words come from the lexicon: a second lexicon changes what the rules read, no code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from chatbot import Bot, DataError
from chatbot.knowledge.loader import load_knowledge

REPO = Path(__file__).resolve().parent.parent


def _knowledge_with(tmp_path: Path, replace: dict[str, str]) -> Path:
    """A copy of the knowledge whose lexicon has these `dialogue:` word lists instead."""
    folder = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", folder)
    lexicon = folder / "lexicon.yaml"
    text = lexicon.read_text()
    for key, words in replace.items():
        text, count = re.subn(rf"(?m)^  {key}: .*(\n    .*)*$", f"  {key}: {words}", text)
        assert count == 1, key
    lexicon.write_text(text)
    return folder


def test_a_second_lexicon_changes_the_words_the_rules_read(tmp_path: Path) -> None:
    knowledge = _knowledge_with(tmp_path, {"quit_words": "basta alto", "greeting_words": "hola buenas"})
    bot = Bot(knowledge)
    assert "stopped" in bot.reply("basta").text
    assert "stopped" not in bot.reply("stop").text
    assert bot.reply("hola, soy estudiante").intent == "greeting"


def test_the_bundled_lexicon_reads_english(tmp_path: Path) -> None:
    assert "stopped" in Bot().reply("stop").text
    assert "stopped" not in Bot().reply("basta").text


def test_a_lexicon_missing_a_word_list_is_a_data_error(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", folder)
    lexicon = folder / "lexicon.yaml"
    lexicon.write_text(re.sub(r"(?m)^  why_words: .*\n", "", lexicon.read_text()))
    with pytest.raises(DataError) as raised:
        load_knowledge(folder)
    problem = next(p for p in raised.value.problems if p.path.name == "lexicon.yaml")
    assert "why_words" in problem.where + problem.message
