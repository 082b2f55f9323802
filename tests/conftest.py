"""Shared fixtures: the bundled engine is loaded once per test session."""

import pytest

from chatbot import Bot
from chatbot.bot import load_engine


@pytest.fixture(scope="session")
def engine():
    return load_engine()


@pytest.fixture(scope="session")
def kb(engine):
    return engine.kb


@pytest.fixture(scope="session")
def matcher(engine):
    return engine.matcher


@pytest.fixture()
def bot():
    return Bot()
