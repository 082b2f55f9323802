"""The engine cache: a second start reads it, any change to the data is noticed, a broken cache is ignored."""

import shutil

import pytest

from chatbot import bot as bot_module
from chatbot.bot import load_engine
from chatbot.knowledge.cache import DISABLE_VARIABLE
from chatbot.knowledge.paths import bundled_dir


@pytest.fixture()
def cache_home(tmp_path, monkeypatch):
    monkeypatch.delenv(DISABLE_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bot_module._engine.cache_clear()
    yield tmp_path / "cache" / "careerbot"
    bot_module._engine.cache_clear()


def _data_copy(tmp_path):
    shutil.copytree(bundled_dir("knowledge"), tmp_path / "knowledge")
    shutil.copytree(bundled_dir("intents"), tmp_path / "intents")
    return tmp_path / "knowledge", tmp_path / "intents"


def test_second_load_comes_from_the_cache(cache_home, tmp_path, monkeypatch):
    """The first start stores the engine; the next one loads it without reading any YAML."""
    knowledge, intents = _data_copy(tmp_path)
    first = load_engine(knowledge, intents)
    assert len(list(cache_home.glob("engine-*.pickle"))) == 1
    bot_module._engine.cache_clear()
    monkeypatch.setattr(bot_module, "_build_engine", lambda *_: pytest.fail("rebuilt despite the cache"))
    second = load_engine(knowledge, intents)
    assert second is not first and second.kb.role_ids == first.kb.role_ids


def test_an_edited_data_file_is_noticed(cache_home, tmp_path):
    """Changing a knowledge file makes the cached engine unusable: the new figure is served."""
    knowledge, intents = _data_copy(tmp_path)
    load_engine(knowledge, intents)
    bot_module._engine.cache_clear()
    path = knowledge / "roles" / "phlebotomist.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("median_annual: 43660", "median_annual: 43661"),
        encoding="utf-8",
    )
    assert load_engine(knowledge, intents).kb.role("phlebotomist").salary.median_annual == 43661


def test_a_corrupt_cache_is_ignored(cache_home, tmp_path):
    """A damaged cache file is rebuilt from the YAML files, not an error."""
    knowledge, intents = _data_copy(tmp_path)
    load_engine(knowledge, intents)
    for entry in cache_home.glob("engine-*.pickle"):
        entry.write_bytes(b"not a pickle")
    bot_module._engine.cache_clear()
    assert load_engine(knowledge, intents).kb.role("medical_coder").id == "medical_coder"


def test_invalid_data_is_never_cached(cache_home, tmp_path):
    """Broken data raises its DataError every time; nothing is stored for it."""
    from chatbot.errors import DataError

    knowledge, intents = _data_copy(tmp_path)
    (knowledge / "roles" / "phlebotomist.yaml").write_text("id: [", encoding="utf-8")
    with pytest.raises(DataError):
        load_engine(knowledge, intents)
    assert not list(cache_home.glob("engine-*.pickle"))
