"""Where things live and how the bot opens them: bundled data, the user's XDG folders, safe file reads.

Two rules keep a hostile file system from hurting the bot or its user:
- every file the bot reads (knowledge, intents, evaluation input, its own cache) must be a regular
  file, opened without blocking (a FIFO or a device is refused, never waited on) and read with a
  size cap (at most cap + 1 bytes, so /dev/zero or a huge file cannot fill the memory);
- the bot's private folders (engine cache, shell history) belong to the user and to nobody else:
  created 0700, opened without following a symlink, refused when another user owns them, tightened
  to 0700 when the user's own folder is open to others. Files in them get the same checks.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from collections.abc import Mapping
from pathlib import Path

APP = "careerbot"
DISABLE_VARIABLE = "CAREERBOT_NO_CACHE"  # set to any value to always build the engine from the YAML files
READ_CHUNK = 1 << 20  # bytes per read() while filling a capped buffer


class RefusedFile(OSError):
    """A path the bot will not read or write: not a regular file, too big, or not private to the user."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(errno.EPERM, reason, str(path))


@functools.cache
def bundled_dir(name: str) -> Path:
    """Where the bundled `knowledge` or `intents` folder is: inside the wheel, or the source checkout."""
    package = Path(__file__).resolve().parent.parent  # chatbot/
    installed = package / "_data" / name
    return installed if installed.is_dir() else package.parent / name


def _xdg_base(environ: Mapping[str, str], variable: str, fallback: tuple[str, ...]) -> Path:
    """$VARIABLE if it is an absolute path (the XDG spec says to ignore a relative one), else ~/fallback."""
    value = environ.get(variable, "")
    if value and os.path.isabs(value):
        return Path(value)
    home = environ.get("HOME") or str(Path.home())  # Path.home() raises RuntimeError without any home
    return Path(home).joinpath(*fallback)


def cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """$XDG_CACHE_HOME/careerbot, else ~/.cache/careerbot."""
    return _xdg_base(environ, "XDG_CACHE_HOME", (".cache",)) / APP


def cache_location(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The engine cache folder the environment asks for: None when CAREERBOT_NO_CACHE is set."""
    if environ.get(DISABLE_VARIABLE):
        return None
    try:
        return cache_dir(environ)
    except RuntimeError:  # no home directory to be found
        return None


def state_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """$XDG_STATE_HOME/careerbot, else ~/.local/state/careerbot (where the shell keeps its history)."""
    return _xdg_base(environ, "XDG_STATE_HOME", (".local", "state")) / APP


def config_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """$XDG_CONFIG_HOME/careerbot, else ~/.config/careerbot."""
    return _xdg_base(environ, "XDG_CONFIG_HOME", (".config",)) / APP


# --- reading a file that may be anything -------------------------------------------------------------


def read_capped(path: Path | str, cap: int, *, dir_fd: int | None = None, private: bool = False) -> bytes:
    """The bytes of a regular file of at most `cap` bytes; RefusedFile (an OSError) for anything else.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer; fstat() on the
    open descriptor (not the name, which could be swapped) then refuses anything but a regular file.
    A private file is opened without following a symlink and must pass `check_private`.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (os.O_NOFOLLOW if private else 0)
    fd = os.open(path, flags, dir_fd=dir_fd)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFile(path, "not a regular file")
        if private:
            check_private(info, path)
        if info.st_size > cap:
            raise RefusedFile(path, f"file is {info.st_size:,} bytes; expected at most {cap:,}")
        chunks: list[bytes] = []
        total = 0
        while total <= cap:  # the size may have lied (a growing file, /proc): read at most cap + 1
            chunk = os.read(fd, min(READ_CHUNK, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > cap:
            raise RefusedFile(path, f"file is more than {cap:,} bytes; expected at most {cap:,}")
        return b"".join(chunks)
    finally:
        os.close(fd)


# --- the user's private folders ----------------------------------------------------------------------


def check_private(info: os.stat_result, path: Path | str) -> None:
    """RefusedFile unless the user owns the file and neither group nor others may write it."""
    if info.st_uid != os.getuid():
        raise RefusedFile(path, "owned by another user")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise RefusedFile(path, "writable by other users")


def open_private_dir(path: Path, *, create: bool = True) -> int:
    """A descriptor of the user's own folder at `path` (created 0700); RefusedFile/OSError if not safe.

    The folder itself is opened with O_NOFOLLOW, so a symlink put in its place is refused, and every
    later access goes through the descriptor (dir_fd=), so the folder cannot be swapped afterwards.
    """
    if create:
        os.makedirs(path.parent, mode=0o700, exist_ok=True)
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if info.st_uid != os.getuid():
            raise RefusedFile(path, "owned by another user")
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.fchmod(fd, 0o700)  # the user's own folder, left open by an older version or by hand
        return fd
    except BaseException:
        os.close(fd)
        raise


def open_private_file(folder_fd: int, name: str, flags: int, mode: int = 0o600) -> int:
    """A descriptor of a file in a private folder: never a symlink, the user's, and tightened to 0600."""
    fd = os.open(name, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, mode, dir_fd=folder_fd)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFile(name, "not a regular file")
        if info.st_uid != os.getuid():
            raise RefusedFile(name, "owned by another user")
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.fchmod(fd, 0o600)
        return fd
    except BaseException:
        os.close(fd)
        raise
