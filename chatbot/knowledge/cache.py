"""A per-user cache of the built engine as plain JSON data, so that `careerbot ask` starts fast.

Parsing and checking the YAML files takes ~0.15 s and indexing them ~0.07 s; reading the cache takes
~0.02 s. An entry holds the engine's object graph as JSON (numbers, strings, lists and the names of
the classes to fill in), followed by the raw bytes of its arrays of numbers. Reading it can build
only instances of the classes of the modules the caller names, by setting their attributes (no
constructor, no `__setstate__`, nothing that runs code), unlike the pickle of earlier versions. An
entry is used only when all of these hold, else it is a miss and the engine is built from the YAML
files (and stored again):
- the folder is the user's own, not a symlink, mode 0700; the file is a regular file of the user's,
  writable by nobody else, opened without following a symlink or waiting on a FIFO, below a size cap;
- its BLAKE2 digest matches (a torn or flipped byte is never decoded) and so does its fingerprint of
  every data file and module (path, size, modification time) and the Python version.
Entries are written to a temporary file that is renamed into place (readers see the old or the whole
new entry) and removed in `finally` on any failure; only files named like our own entries are pruned.
"""

from __future__ import annotations

import gc
import json
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

try:  # BLAKE2 from CPython's own module: importing hashlib loads OpenSSL, 3.6 MB of memory for a digest
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

from .paths import DISABLE_VARIABLE, cache_location, open_private_dir, read_capped
from .plain import from_plain, to_plain

__all__ = ["DISABLE_VARIABLE", "cache_location", "cached", "digest", "fingerprint"]
T = TypeVar("T")
MAGIC = b"careerbot-engine-cache 4\n"
MAX_ENTRY_BYTES = 256 << 20  # the bundled engine is ~0.5 MB, 1,000 roles ~40 MB
KEEP_ENTRIES = 4  # one per set of data folders in use; the oldest beyond these are removed
STALE_TEMP_SECONDS = 60  # a temporary file this old was left by a killed process (a write takes ms)
ENTRY_NAME = re.compile(r"engine-[0-9a-f]{16}\.json")
OUR_FILES = re.compile(r"engine-[0-9a-f]{8}\.pickle|\.engine-[0-9a-f]{16}\.tmp")  # old entries, temps


def fingerprint(folders: tuple[Path, ...]) -> str | None:
    """What decides the engine: every file the loader may read and every module, or None if one fails.

    The walk follows symlinked folders (as the loader's globbing does), once per real folder, so a
    `roles/` that is a symlink is watched like any other; a file whose stat() fails means no cache.
    """
    package = Path(__file__).resolve().parent.parent
    lines = [sys.version, str(package)]
    try:
        for folder in folders:
            lines.extend(_stat_lines(folder, ".yaml"))
        lines.extend(_stat_lines(package, ".py"))
    except (OSError, RecursionError):
        return None
    return "\n".join(lines)


def _stat_lines(folder: Path | str, suffix: str, seen: set[tuple[int, int]] | None = None) -> list[str]:
    seen = set() if seen is None else seen
    info = os.stat(folder)
    if (info.st_dev, info.st_ino) in seen:  # a symlink loop, or two links to one folder
        return []
    seen.add((info.st_dev, info.st_ino))
    lines = []
    with os.scandir(folder) as found:  # strings and the directory's own type data: ~3x quicker than Path
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_dir():  # follows a symlinked folder, as the loader's globbing does
            if entry.name != "__pycache__":
                lines.extend(_stat_lines(entry.path, suffix, seen))
        elif entry.name.endswith(suffix):
            stats = entry.stat()  # follows a symlink; a dangling or looping one raises
            lines.append(f"{entry.path}|{stats.st_size}|{stats.st_mtime_ns}")
    return lines


def cached(
    folders: tuple[Path, ...],
    build: Callable[[], T],
    *,
    kinds: Iterable[ModuleType],
    directory: Path | None = None,
) -> T:
    """The engine for these folders from the cache, or built (and then stored) when it is not there.

    `kinds` are the modules whose classes an entry may contain; `directory` the cache folder (None:
    no cache). Any failure to read, check or decode an entry is a miss; storing only ever saves time.
    """
    key = fingerprint(folders) if directory is not None else None
    if key is None or directory is None:
        return build()
    name = "engine-" + digest("\n".join(map(str, folders)).encode())[:16] + ".json"
    try:
        folder_fd = open_private_dir(directory)
    except (OSError, ValueError):  # ValueError: a NUL in $XDG_CACHE_HOME
        return build()
    try:
        modules = tuple(kinds)
        found = _load(folder_fd, name, key, modules)
        if found is not None:
            return found  # type: ignore[no-any-return]
        engine = build()
        _store(folder_fd, name, key, engine, modules)
        return engine
    finally:
        os.close(folder_fd)


def _load(folder_fd: int, name: str, key: str, kinds: tuple[ModuleType, ...]) -> Any:
    """The engine in the entry, or None for a missing, foreign, damaged, stale or undecodable one."""
    try:
        data = read_capped(name, MAX_ENTRY_BYTES, dir_fd=folder_fd, private=True)
        header, key_digest, size, body_digest, body = data.split(b"\n", 4)
        del data  # the entry is held once, not twice, while it is read
        if header + b"\n" != MAGIC or key_digest.decode() != digest(key.encode()):
            return None
        if body_digest.decode() != digest(size + b"\n" + body):  # the JSON's length is checked too
            return None
        # Decoding creates the engine's hundred thousand objects, all of them kept: garbage collections
        # while it runs free nothing and only cost time (~7 ms of a ~35 ms read).
        collecting = gc.isenabled()
        gc.disable()
        try:
            split = int(size)
            # the JSON decoded from a copy freed at once, the arrays read in place: no third copy
            plain = json.loads(body[:split].decode("utf-8"))
            return from_plain(plain, kinds, memoryview(body)[split:])
        finally:
            if collecting:
                gc.enable()
    except Exception:  # noqa: BLE001 - whatever is wrong with the entry, the YAML files still work
        return None


def digest(data: bytes) -> str:
    """A 256-bit BLAKE2 digest in hex."""
    return blake2b(data, digest_size=32).hexdigest()


def _store(folder_fd: int, name: str, key: str, engine: object, kinds: tuple[ModuleType, ...]) -> None:
    """Write the entry through a temporary file renamed into place; never leave the temporary behind."""
    temporary = f".engine-{os.urandom(8).hex()}.tmp"
    created = renamed = False
    try:
        plain, numbers = to_plain(engine, kinds)
        text = json.dumps(plain, ensure_ascii=False, separators=(",", ":")).encode()
        body = text + numbers  # the JSON, then the bytes of the arrays it refers to
        size = str(len(text)).encode()
        checked = digest(size + b"\n" + body)  # the JSON's length is covered too
        header = MAGIC + f"{digest(key.encode())}\n{len(text)}\n{checked}\n".encode()
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(temporary, flags, 0o600, dir_fd=folder_fd)
        created = True
        with os.fdopen(fd, "wb") as stream:
            stream.write(header)
            stream.write(body)
        os.replace(temporary, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
        renamed = True
        _prune(folder_fd)
    except (OSError, TypeError, ValueError, RecursionError):
        pass  # a full disk or a read-only home only costs the time the cache would save
    finally:
        if created and not renamed:
            try:
                os.unlink(temporary, dir_fd=folder_fd)
            except OSError:
                pass


def _prune(folder_fd: int) -> None:
    """Remove our own old entries and dead temporaries; any other file in the folder is left alone."""
    entries: list[tuple[float, str]] = []
    now = time.time()
    with os.scandir(folder_fd) as listing:
        for item in listing:
            info = item.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
                continue
            if ENTRY_NAME.fullmatch(item.name):
                entries.append((info.st_mtime, item.name))
            elif OUR_FILES.fullmatch(item.name) and (item.name.endswith(".pickle") or _stale(info, now)):
                os.unlink(item.name, dir_fd=folder_fd)
    for _, old in sorted(entries, reverse=True)[KEEP_ENTRIES:]:
        os.unlink(old, dir_fd=folder_fd)


def _stale(info: os.stat_result, now: float) -> bool:
    return now - info.st_mtime > STALE_TEMP_SECONDS
