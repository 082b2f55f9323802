"""Shared fixtures: the bundled engine is loaded once per test session."""

import os

import pytest

# Tests build engines from many temporary folders: keep them out of the user's engine cache
# (test_cache.py turns it back on in a temporary folder of its own).
os.environ["CAREERBOT_NO_CACHE"] = "1"

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
