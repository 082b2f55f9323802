"""Batch mode (`printf '...' | careerbot`): one message per input line, one answer (or JSON line) each.

A line is read with a bound (a 120 MB line without a newline is never held in memory: the bot reads
only the first characters of a message anyway, and the rest of the line is skipped). A message that
makes the bot fail costs that one answer, not the conversation: one line on stderr, and the next
message is answered with the conversation as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO, TextIO

from . import render
from .environment import Environment, ExitStatus

if TYPE_CHECKING:
    from ..answers.reply import Reply
    from ..bot import Bot

MAX_LINE_BYTES = 64 * 1024  # far beyond the 1,000 characters of a message the bot reads


def print_reply(reply: Reply, as_json: bool, env: Environment, *, gap: bool = True) -> None:
    """One reply on the output: a JSON line, or text (wrapped and coloured on a terminal)."""
    if as_json:
        env.write(render.json_line(reply) + "\n")
    else:
        env.write(render.text(reply, width=env.width(), color=env.color) + ("\n\n" if gap else "\n"))


def read_lines(source: TextIO | BinaryIO) -> Iterator[tuple[int, str]]:
    """(line number, text) for each line, UTF-8 with bad bytes replaced; an overlong line is cut."""
    stream = getattr(source, "buffer", source)
    number = 0
    while True:
        raw: bytes | str = stream.readline(MAX_LINE_BYTES)
        if not raw:
            return
        number += 1
        newline = b"\n" if isinstance(raw, bytes) else "\n"
        if not raw.endswith(newline):  # type: ignore[arg-type]
            _skip_rest_of_line(stream, newline)
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        yield number, text.rstrip("\r\n")


def _skip_rest_of_line(stream: TextIO | BinaryIO, newline: bytes | str) -> None:
    while True:
        more: bytes | str = stream.readline(MAX_LINE_BYTES)
        if not more or more.endswith(newline):  # type: ignore[arg-type]
            return


def run_batch(bot: Bot, env: Environment, *, as_json: bool) -> int:
    """Answer stdin line by line (blank lines skipped); ExitStatus.ERROR at the end if a message failed."""
    failed = 0
    if env.stdin is None:
        return ExitStatus.OK
    for number, line in read_lines(env.stdin):
        if not line.strip():
            continue
        try:
            reply = bot.reply(line)
        except Exception as error:  # noqa: BLE001 - a bug on one message must not end the conversation
            failed += 1
            reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            env.error(
                f"Error: line {number}: the bot failed on this message ({render.safe(reason)}); "
                "it went on with the next one (in the chat shell, /why shows how a message was read)"
            )
            if as_json:
                env.write(json.dumps({"error": "the bot failed on this message", "line": number}) + "\n")
            continue
        print_reply(reply, as_json, env)
    return ExitStatus.ERROR if failed else ExitStatus.OK
