"""The chat shell's slash commands and transcript, as plain functions: `repl` puts them on a terminal.

A typed line goes to `Shell.handle`, which asks the Bot or runs a slash command and returns an Outcome
(plain text or a Reply) for the terminal to render; nothing here needs one, so tests call it directly.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from ..answers.reply import Reply
from ..bot import Bot
from ..errors import UsageError
from ..knowledge.schema import RoleId
from ..records import record
from . import render
from .files import save_text

QUIZ = "which job fits me?"  # what starts the bot's quiz
SUGGEST_CUTOFF = 0.75  # difflib ratio for "did you mean": below it the names only share letters
NOT_FOUND_HINT = "type /roles to see them all"
# Split "/compare lab tech, MA" or "PA vs NP"; not "and", which is inside "billing and coding specialist".
NAME_SEPARATORS = re.compile(r"\s*(?:[,;]|\b(?:vs|versus)\b\.?)\s*", re.IGNORECASE)


@record
class Turn:
    """One exchange, kept for /save: what the user typed and the answer it got."""

    message: str
    reply: Reply


@record
class Outcome:
    """What one typed line produced: a Reply to render, or plain text; `leave` ends the shell."""

    text: str = ""
    reply: Reply | None = None
    leave: bool = False


@record
class Command:
    """A slash command: how /help shows it and the function that runs it with the rest of the line."""

    usage: str  # "/role NAME": the name, then what it takes
    summary: str
    run: Callable[[Shell, str], Outcome]

    @property
    def name(self) -> str:
        return self.usage.split()[0]


class Shell:
    """One chat: the Bot, the transcript for /save, and how to ask yes or no (the terminal's or a test's)."""

    def __init__(self, bot: Bot, confirm: Callable[[str], bool] = lambda question: False) -> None:
        self.bot = bot
        self.confirm = confirm
        self.transcript: list[Turn] = []
        self.last_reply: Reply | None = None  # the answer to the message /why explains

    def handle(self, line: str) -> Outcome:
        """Answer a message, or run the slash command it starts with; never raises on any text."""
        line = line.strip()
        if not line.startswith("/"):
            return self.ask(line, line) if line else Outcome()
        word, _, argument = line.partition(" ")
        command = COMMANDS_BY_NAME.get(word.lower())
        if command is None:
            close = difflib.get_close_matches(word.lower(), list(COMMANDS_BY_NAME), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            return Outcome(f"Unknown command {render.safe(word)}{hint} (/help lists them)")
        try:
            return command.run(self, argument.strip())
        except UsageError as error:
            return Outcome(f"Sorry: {error}")

    def ask(self, message: str, question: str) -> Outcome:
        """Put a question to the bot and remember the exchange under what the user typed.

        A bug the message runs into costs this answer only: the shell says so in one line and the
        conversation (and the transcript for /save) goes on as it was.
        """
        try:
            reply = self.bot.reply(question)
        except Exception as error:  # noqa: BLE001 - one message must never end the conversation
            self.last_reply = None
            return Outcome(
                f"Sorry, something went wrong with that message ({type(error).__name__}); the "
                "conversation goes on. /why shows how I read it; please rephrase it."
            )
        self.last_reply = reply
        return self.answered(message, reply)

    def answered(self, message: str, reply: Reply) -> Outcome:
        self.transcript.append(Turn(message, reply))
        return Outcome(reply=reply)


def toolbar(bot: Bot) -> str:
    """The bottom line: which role a "how much do they make?" would be about."""
    focus = ", ".join(bot.kb.role(role_id).title for role_id in bot.focus) or "none"
    return render.safe(f" Role in focus: {focus}  |  /help for commands")


def find_roles(bot: Bot, name: str, *, hint: str = "try 'careerbot roles'") -> tuple[RoleId, ...]:
    """Every role a name means ("PA NP": two); UsageError saying why when it means none."""
    found = bot.find_role(name)
    shown = render.safe(name)
    if found.roles:
        return found.roles
    if found.choices:
        options = ", ".join(bot.kb.role(r).title for r in found.choices)
        raise UsageError(f"'{shown}' could mean several roles: {options}")
    if found.other is not None:
        closest = ", ".join(bot.kb.role(r).title for r in found.closest)
        nearest = f"; the closest I cover: {closest}" if closest else ""
        what = "" if found.other.lower() == name.strip().lower() else f" ({render.safe(found.other)})"
        raise UsageError(f"'{shown}'{what} is not one of my roles, a job I don't cover{nearest}; {hint}")
    # Only a close spelling is worth suggesting: "dentist" is nothing like "phlebotomist".
    titles = [role.title.lower() for role in bot.kb.roles]
    close = difflib.get_close_matches(name.lower(), titles, n=3, cutoff=SUGGEST_CUTOFF)
    suggestion = f"did you mean {', '.join(close)}?" if close else hint
    raise UsageError(f"no role matches '{shown}'; {suggestion}")


def find_role(bot: Bot, name: str, *, hint: str = "try 'careerbot roles'") -> RoleId:
    """The one role a name means; UsageError when it means none, or two ("PA NP")."""
    roles = find_roles(bot, name, hint=hint)
    if len(roles) > 1:
        titles = " and ".join(bot.kb.role(r).title for r in roles)
        raise UsageError(f"'{render.safe(name)}' names {len(roles)} roles ({titles}); name one")
    return roles[0]


def compared_roles(bot: Bot, argument: str) -> tuple[RoleId, ...]:
    """The 2-3 roles a /compare names: "lab tech, phlebotomist", "PA vs NP", or just "RN LPN"."""
    names = [part for part in NAME_SEPARATORS.split(argument) if part]
    found = bot.find_role(argument)
    if len(names) < 2 and len(found.roles) > 1 and not found.choices and found.other is None:
        roles = found.roles  # no separators, but the matcher finds the (multi-word) names
    else:
        names = names if len(names) > 1 else argument.split()
        roles = tuple(dict.fromkeys(find_role(bot, part, hint=NOT_FOUND_HINT) for part in names))
    if not 2 <= len(roles) <= 3:
        raise UsageError("/compare takes two or three roles, e.g. /compare PA NP or /compare lab tech, MA")
    return roles


def explain(bot: Bot, reply: Reply | None = None) -> str:
    """How the last message was understood (the bot's own account), safe for a terminal."""
    return render.safe(bot.explain(reply))


def markdown(transcript: Sequence[Turn]) -> str:
    """The conversation as Markdown: each message quoted, each answer as written, with its sources."""
    parts = ["# careerbot conversation"]
    for turn in transcript:
        parts.append(f"> **You:** {render.safe(turn.message)}")
        parts.extend(_markdown_block(block) for block in render.safe(turn.reply.text).split("\n\n"))
        if turn.reply.sources:
            parts.append("Sources: " + ", ".join(f"<{render.safe(url)}>" for url in turn.reply.sources))
        parts.append("---")
    return "\n\n".join(parts) + "\n"


def _markdown_block(block: str) -> str:
    lines = block.split("\n")
    if any("   " in line.strip() for line in lines):  # an aligned table: only a code block keeps it aligned
        return "```text\n" + block + "\n```"
    # Each line of an answer is its own paragraph; list items stay together as one list.
    out = lines[0]
    for line in lines[1:]:
        out += ("\n" if re.match(r"(- |\d+\. )", line) else "\n\n") + line
    return out


def save(shell: Shell, argument: str) -> Outcome:
    """Write the transcript to the file named, never over an existing one without a yes."""
    if not shell.transcript:
        return Outcome("Nothing to save yet: ask me something first.")
    count = len(shell.transcript)
    done = f"Saved {count} exchange{'s' if count != 1 else ''} to {{path}}."
    return _write(shell, argument, lambda path: markdown(shell.transcript), done, "/save chat.md")


def _handout(shell: Shell, argument: str) -> Outcome:
    """A printable handout of the roles in focus (Markdown, or HTML for a .html name)."""
    roles = shell.bot.focus
    if not roles:
        return Outcome("Ask me about a role first; /handout then prints the roles we talked about.")

    def text(path: Path) -> str:
        return shell.bot.handout(roles, "html" if path.suffix.lower() in (".html", ".htm") else "md")

    return _write(
        shell, argument, text, "Wrote the handout to {path}; open it to print.", "/handout coder.html"
    )


def _write(shell: Shell, argument: str, text: Callable[[Path], str], done: str, example: str) -> Outcome:
    """Write a file the user named, never over an existing one without a yes.

    The text goes to a temporary file beside the target, renamed over it only when whole: a full disk
    leaves the old file as it was and no new empty one.
    """
    argument = argument[1:-1] if len(argument) > 1 and argument[0] == argument[-1] in "'\"" else argument
    if not argument:
        raise UsageError(f"name a file, e.g. {example}")
    if render.has_control_characters(argument):
        raise UsageError(f"the name {render.safe(argument)!r} has control characters; type a plain file name")
    try:
        path = Path(argument).expanduser().resolve()
        shown = render.safe(str(path))
        if path.is_dir():
            raise UsageError(
                f"{shown} is a folder; name a file in it, e.g. {example.split()[0]} {shown}/file"
            )
        if not path.parent.is_dir():
            raise UsageError(f"there is no folder {render.safe(str(path.parent))}")
        replace = path.exists()
        if replace:
            if not path.is_file():
                raise UsageError(f"{shown} is not a regular file")
            if not shell.confirm(f"{shown} exists. Overwrite it?"):
                return Outcome(f"Not saved; {shown} is unchanged.")
        save_text(path, text(path), replace=replace)
    except (OSError, ValueError, RuntimeError) as error:  # ValueError: a NUL; RuntimeError: no home for ~
        reason = getattr(error, "strerror", None) or error
        raise UsageError(f"could not save to {render.safe(argument)}: {render.safe(str(reason))}") from None
    return Outcome(done.format(path=shown))


def _role(shell: Shell, argument: str) -> Outcome:
    if not argument:
        raise UsageError("name a role, e.g. /role lab tech")
    role = shell.bot.kb.role(find_role(shell.bot, argument, hint=NOT_FOUND_HINT))
    # The card is about this role now, so "how much do they make?" next should be too.
    shell.bot.focus_on(role.id)
    return shell.answered(f"/role {argument}", shell.bot.profile(role.id))


def _compare(shell: Shell, argument: str) -> Outcome:
    roles = compared_roles(shell.bot, argument)
    # Through the bot, so the comparison becomes the conversation's focus; titles always match exactly.
    return shell.ask(f"/compare {argument}", " vs ".join(shell.bot.kb.role(r).title for r in roles))


def _roles(shell: Shell, argument: str) -> Outcome:
    return Outcome(shell.bot.roles_table(category=False))  # fits 80 columns


def _reset(shell: Shell, argument: str) -> Outcome:
    shell.bot.reset()
    return Outcome("New conversation: no role in focus. (/save still has everything said so far.)")


def _help(shell: Shell, argument: str) -> Outcome:
    width = max(len(command.usage) for command in COMMANDS)
    lines = ["Ask about any medical-office job in your own words. Commands:"]
    lines += [f"  {command.usage:<{width}}  {command.summary}" for command in COMMANDS]
    lines.append(
        "Keys: Tab completes, Up and Ctrl-R search earlier messages, Ctrl-C clears the line, Ctrl-D leaves."
    )
    return Outcome("\n".join(lines))


COMMANDS: tuple[Command, ...] = (
    Command("/help", "this list", _help),
    Command("/roles", "every role with its entry education and pay", _roles),
    Command("/role NAME", "the full profile card of one role", _role),
    Command("/compare A B [C]", "compare two or three roles side by side", _compare),
    Command("/quiz", "a few questions to find a job that fits you", lambda s, _: s.ask("/quiz", QUIZ)),
    Command("/reset", "start over: forget the roles in focus", _reset),
    Command("/save FILE", "save the conversation as Markdown", save),
    Command("/handout FILE", "a printable handout of the roles we talked about (.md or .html)", _handout),
    Command("/why", "how I understood your last message", lambda s, _: Outcome(explain(s.bot, s.last_reply))),
    Command("/quit", "leave (Ctrl-D does too)", lambda s, _: Outcome(leave=True)),
)
COMMANDS_BY_NAME = {command.name: command for command in COMMANDS}
