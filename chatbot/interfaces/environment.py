"""What the interfaces take from the process, gathered once: streams, terminal, colour, width, paths.

As httpie's `Environment`, it is made once in `main` from the real process (`Environment.from_process`)
and handed to every interface, so no other module reads `os.environ` or asks whether a stream is a
terminal; tests build one with their own streams. `ExitStatus` is every exit code the command uses.
Writing goes through `write`, which turns a closed or full output into `OutputError` (one error line
in `main`, never a traceback).
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from ..knowledge.paths import cache_location, config_dir, state_dir
from ..records import record

MIN_WIDTH, MAX_WIDTH = 40, 120  # narrower breaks the tables; wider prose is hard to read


class ExitStatus(enum.IntEnum):
    """The command's exit codes (128 + the signal's number for a signal)."""

    OK = 0
    ERROR = 1  # a message could not be answered, or the output could not be written
    USAGE = 2  # a usage or data error: one line per problem on stderr
    INTERRUPTED = 130  # Ctrl-C (SIGINT)
    PIPE_CLOSED = 141  # the reader of the output went away (SIGPIPE)
    TERMINATED = 143  # SIGTERM


class OutputError(Exception):
    """The output cannot be written: the stream is closed, the disk is full, the device failed."""


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):  # a closed stream
        return False


def clamp_width(columns: int) -> int:
    """The width to wrap to in a terminal this many columns wide."""
    return max(MIN_WIDTH, min(columns, MAX_WIDTH))


@record
class Environment:
    """The process as the interfaces see it; build it with `from_process`, or by hand in a test."""

    stdin: TextIO | None
    stdout: TextIO | None
    stderr: TextIO | None
    stdin_isatty: bool = False
    stdout_isatty: bool = False
    color: bool = False  # colour on a terminal unless NO_COLOR is set (no-color.org)
    cache_dir: Path | None = None  # the engine cache; None: no cache (CAREERBOT_NO_CACHE)
    history_path: Path | None = None  # the shell's history; None: kept in memory only
    config_dir: Path | None = None  # $XDG_CONFIG_HOME/careerbot (nothing is read from it yet)

    @classmethod
    def from_process(cls, environ: Mapping[str, str] = os.environ) -> Environment:
        """The real streams and variables, read once (a stream closed at start-up is None)."""
        stdout_isatty = _is_terminal(sys.stdout)
        try:
            history: Path | None = state_dir(environ) / "history"
            config: Path | None = config_dir(environ)
        except RuntimeError:  # no home directory to be found
            history = config = None
        return cls(
            stdin=sys.stdin,
            stdout=sys.stdout,
            stderr=sys.stderr,
            stdin_isatty=_is_terminal(sys.stdin),
            stdout_isatty=stdout_isatty,
            color=stdout_isatty and not environ.get("NO_COLOR"),
            cache_dir=cache_location(environ),
            history_path=history,
            config_dir=config,
        )

    def width(self) -> int | None:
        """The width to wrap output to: the terminal's (asked each time: it may be resized), else None."""
        if not self.stdout_isatty or self.stdout is None:
            return None
        try:
            return clamp_width(os.get_terminal_size(self.stdout.fileno()).columns)
        except (OSError, ValueError):
            return None

    def write(self, text: str) -> None:
        """Write to stdout and flush; OutputError for a closed or full output (BrokenPipeError passes)."""
        if self.stdout is None:
            raise OutputError("the output is closed")
        try:
            self.stdout.write(text)
            self.stdout.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as error:  # ValueError: a closed file object
            raise OutputError(getattr(error, "strerror", None) or str(error)) from None

    def error(self, text: str) -> None:
        """One line on stderr; if even stderr is gone, the exit code says it all."""
        try:
            if self.stderr is not None:
                self.stderr.write(text.rstrip("\n") + "\n")
                self.stderr.flush()
        except (OSError, ValueError):
            pass
