"""A per-user cache of the built engine, so that `careerbot ask` starts in milliseconds, not tenths.

Parsing and checking 35 YAML files and indexing them takes ~0.2 s; unpickling the result takes ~10 ms.
An entry is keyed by a fingerprint of every data file and every module of the package (path, size,
modification time) and of the Python version, so any edit to the data or the code makes the old entry
unusable. Only engines built from valid data are stored. A cache that cannot be
read or written is ignored: it only ever saves time. The folder is the user's own (mode 0700).
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .paths import cache_dir

T = TypeVar("T")
DISABLE_VARIABLE = "CAREERBOT_NO_CACHE"  # set to any value to always build from the YAML files


def fingerprint(folders: tuple[Path, ...]) -> str:
    """What decides the engine: every data file and module (path, size, mtime) and the Python version."""
    lines = [sys.version]
    package = Path(__file__).resolve().parent.parent  # the whole chatbot package
    for folder, pattern in (*((f, "*.yaml") for f in folders), (package, "*.py")):
        for path in sorted(folder.rglob(pattern)):
            stat = path.stat()
            lines.append(f"{path}|{stat.st_size}|{stat.st_mtime_ns}")
    return "\n".join(lines)


def cached(folders: tuple[Path, ...], build: Callable[[], T]) -> T:
    """The engine for these folders from the cache, or built (and then stored) when it is not there."""
    if os.environ.get(DISABLE_VARIABLE):
        return build()
    key = fingerprint(folders)
    path = cache_dir() / f"engine-{zlib.crc32(key.encode()):08x}.pickle"
    try:
        with path.open("rb") as stream:
            stored_key, engine = pickle.load(stream)
        if stored_key == key:  # the short file name may collide; the full fingerprint may not
            return engine  # type: ignore[no-any-return]
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    engine = build()
    _store(path, (key, engine))
    return engine


def _store(path: Path, entry: object) -> None:
    import tempfile  # only on a miss: it costs start-up time

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        for old in path.parent.glob("engine-*.pickle"):
            old.unlink(missing_ok=True)  # one entry is enough: older ones can never match again
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".engine-")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(entry, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # atomic: a reader sees the old file or the whole new one
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # a read-only home or an unpicklable engine only costs the time saved
