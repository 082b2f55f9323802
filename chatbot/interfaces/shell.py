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

from ..answers.compose import GOODBYE
from ..answers.wording import name
from ..bot import Bot
from ..knowledge.schema import KnowledgeBase
from . import render
from .cli import EXIT_OK
from .commands import COMMANDS, Shell, toolbar, welcome

MIN_WIDTH, MAX_WIDTH = 40, 120  # as in cli.py: narrower breaks the tables, wider prose is hard to read
PROMPT = "you> "


class ShellCompleter(Completer):
    """Slash commands at the start of a line, role names anywhere else."""

    def __init__(self, kb: KnowledgeBase) -> None:
        # Per role, the names to offer, best first; lower case, since they land in the middle of a sentence.
        self._roles = tuple(
            (
                role.title,
                tuple(
                    dict.fromkeys(
                        n.lower() for n in (name(role), role.title, role.short_title, *role.aliases)
                    )
                ),
            )
            for role in kb.roles
        )
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


def default_history_path() -> Path:
    """$XDG_STATE_HOME/careerbot/history, else ~/.local/state/careerbot/history (XDG base directories)."""
    state = os.environ.get("XDG_STATE_HOME", "")  # a relative path is to be ignored, says the spec
    base = Path(state) if os.path.isabs(state) else Path.home() / ".local" / "state"
    return base / "careerbot" / "history"


class _QuietFileHistory(FileHistory):
    def store_string(self, string: str) -> None:
        try:  # the disk may fill or the folder vanish mid-chat: losing history beats losing the chat
            super().store_string(string)
        except OSError:
            pass


def open_history(path: Path | None = None) -> History:
    """Input history kept across runs, private to the user; in memory only if the file can't be written."""
    try:
        path = path or default_history_path()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600))
    except (OSError, RuntimeError):  # RuntimeError: no home directory to be found
        return InMemoryHistory()
    return _QuietFileHistory(path)


def wants_color(output: Output) -> bool:
    """Colour only on a real terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return os.isatty(output.fileno())
    except (OSError, ValueError, NotImplementedError):  # a pipe, a test's output: no real terminal
        return False


def _yes(session: PromptSession[str], question: str) -> bool:
    try:
        return session.prompt(f"{render.safe(question)} [y/N] ").strip().lower() in ("y", "yes")
    except (EOFError, KeyboardInterrupt):
        return False


def run_shell(
    bot: Bot, *, input: Input | None = None, output: Output | None = None, history_path: Path | None = None
) -> int:
    """Chat on the terminal until Ctrl-D or /quit; returns the exit code."""
    with create_app_session(input=input, output=output) as app_session:
        out = app_session.output
        session: PromptSession[str] = PromptSession(
            history=open_history(history_path),
            completer=ShellCompleter(bot.kb),
            complete_while_typing=False,
            key_bindings=_key_bindings(),
            bottom_toolbar=lambda: toolbar(bot),
        )
        answers_only: PromptSession[str] = PromptSession()  # its own history: a "y" is not worth recalling
        shell = Shell(bot, confirm=lambda question: _yes(answers_only, question))

        def width() -> int:  # asked each time: the window may have been resized
            return max(MIN_WIDTH, min(out.get_size().columns, MAX_WIDTH))

        def say(text: str) -> None:
            print_formatted_text(ANSI(text + "\n"), output=out)

        say(render.wrap(render.safe(welcome(bot.kb)), width()))
        while True:
            try:
                outcome = shell.handle(session.prompt(PROMPT))
            except KeyboardInterrupt:
                continue  # Ctrl-C clears the line, as in a shell
            except EOFError:
                break
            if outcome.reply is not None:
                say(render.text(outcome.reply, width=width(), color=wants_color(out)))
            elif outcome.text:
                say(render.wrap(render.safe(outcome.text), width()))
            if outcome.leave:
                break
        say(GOODBYE)
    return EXIT_OK
