"""The chat shell `careerbot` opens on a terminal; the only prompt_toolkit user.

`commands.Shell` decides what a typed line does; this module adds the terminal around it: completion of
role names and slash commands, history kept across runs, the toolbar, Ctrl-C/Ctrl-D, wrapping and colour.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.application import create_app_session
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import ANSI
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.output import Output

from ..bot import Bot
from ..knowledge.paths import open_private_dir, open_private_file
from . import render
from .commands import COMMANDS, Shell, toolbar
from .environment import Environment, ExitStatus, clamp_width

PROMPT = "you> "


class ShellCompleter(Completer):
    """Slash commands at the start of a line, role names anywhere else."""

    def __init__(self, bot: Bot) -> None:
        # Per role, the names to offer, best first; lower case, since they land in the middle of a sentence.
        self._roles = bot.role_names()
        self._longest = max(len(n.split()) for _, names in self._roles for n in names)

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        text = document.text_before_cursor
        if text.startswith("/") and " " not in text:
            for command in COMMANDS:
                if command.name.startswith(text.lower()):
                    yield Completion(command.name, -len(text), display_meta=command.summary)
        elif text and not text[-1].isspace():
            yield from self._role_names(text)

    def _role_names(self, text: str) -> Iterable[Completion]:
        """One completion per role whose name starts with the most of the last words typed."""
        starts = [match.start() for match in re.finditer(r"\S+", text)]
        for count in range(min(len(starts), self._longest), 0, -1):  # "a medical bi": biller, not billing
            fragment = text[starts[-count] :]
            typed = " ".join(fragment.split()).lower()
            found = [
                (title, next((n for n in names if n.startswith(typed)), None)) for title, names in self._roles
            ]
            completions = [Completion(hit, -len(fragment), display_meta=title) for title, hit in found if hit]
            if completions:
                return completions
        return []


def _key_bindings() -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add("tab")
    def _complete(event: KeyPressEvent) -> None:
        """A sole match goes in at once (prompt_toolkit completes later): Tab, Enter sends the whole name."""
        buffer = event.current_buffer
        if buffer.complete_state or buffer.completer is None:
            buffer.complete_next()
            return
        asked = CompleteEvent(completion_requested=True)
        found = list(buffer.completer.get_completions(buffer.document, asked))
        if len(found) == 1:
            buffer.apply_completion(found[0])
        elif found:
            buffer.start_completion(insert_common_part=True)

    return bindings


class _QuietFileHistory(FileHistory):
    def store_string(self, string: str) -> None:
        try:  # the disk may fill or the folder vanish mid-chat: losing history beats losing the chat
            super().store_string(string)
        except OSError:
            pass


def open_history(path: Path | None) -> History:
    """Input history kept across runs, private to the user; in memory only when that cannot be had.

    The same rules as the engine cache: the folder is the user's own (created 0700, tightened to 0700,
    never a symlink, refused if another user owns it); the file is a regular file of the user's (0600,
    never a symlink). Another user's folder or file, however open, never receives what the user typed.
    """
    if path is None:
        return InMemoryHistory()
    try:
        folder = open_private_dir(path.parent)
        try:
            os.close(open_private_file(folder, path.name, os.O_WRONLY | os.O_APPEND | os.O_CREAT))
        finally:
            os.close(folder)
    except (OSError, ValueError):  # ValueError: a NUL in the path
        return InMemoryHistory()
    return _QuietFileHistory(path)


def _yes(session: PromptSession[str], question: str) -> bool:
    try:
        return session.prompt(f"{render.safe(question)} [y/N] ").strip().lower() in ("y", "yes")
    except (EOFError, KeyboardInterrupt):
        return False


def run_shell(bot: Bot, env: Environment, *, input: Input | None = None, output: Output | None = None) -> int:
    """Chat on the terminal until Ctrl-D or /quit; returns the exit code."""
    with create_app_session(input=input, output=output) as app_session:
        out = app_session.output
        session: PromptSession[str] = PromptSession(
            history=open_history(env.history_path),
            completer=ShellCompleter(bot),
            complete_while_typing=False,
            key_bindings=_key_bindings(),
            bottom_toolbar=lambda: toolbar(bot),
        )
        answers_only: PromptSession[str] = PromptSession()  # its own history: a "y" is not worth recalling
        shell = Shell(bot, confirm=lambda question: _yes(answers_only, question))

        def width() -> int:  # asked each time: the window may have been resized
            return clamp_width(out.get_size().columns)

        def say(text: str) -> None:
            print_formatted_text(ANSI(text + "\n"), output=out)

        say(render.wrap(render.safe(bot.welcome()), width()))
        while True:
            try:
                outcome = shell.handle(session.prompt(PROMPT))
            except KeyboardInterrupt:
                continue  # Ctrl-C clears the line, as in a shell
            except EOFError:
                break
            if outcome.reply is not None:
                say(render.text(outcome.reply, width=width(), color=env.color))
            elif outcome.text:
                say(render.wrap(render.safe(outcome.text), width()))
            if outcome.leave:
                break
        say(bot.goodbye())
    return ExitStatus.OK
