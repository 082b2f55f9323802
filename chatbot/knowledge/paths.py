"""Where things live: the bundled data folders and the per-user cache folder (XDG base directories)."""

from __future__ import annotations

import functools
import os
from pathlib import Path


@functools.cache
def bundled_dir(name: str) -> Path:
    """Where the bundled `knowledge` or `intents` folder is: inside the wheel, or the source checkout."""
    package = Path(__file__).resolve().parent.parent  # chatbot/
    installed = package / "_data" / name
    return installed if installed.is_dir() else package.parent / name


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/careerbot, else ~/.cache/careerbot (a relative XDG path is ignored, per the spec)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "careerbot"
