"""The chat shell: driven through prompt_toolkit's pipe input as a person would type, plus its plain parts."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.data_structures import Size
from prompt_toolkit.document import Document
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from chatbot import Bot
from chatbot.errors import UsageError
from chatbot.interfaces.commands import COMMANDS, Shell, compared_roles, explain, markdown, toolbar
from chatbot.interfaces.environment import Environment
from chatbot.interfaces.shell import ShellCompleter, open_history, run_shell

ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
CTRL_C, CTRL_D, TAB, ENTER = "\x03", "\x04", "\t", "\r"


class Screen:
    """A terminal of a fixed size that keeps what the shell wrote (not a tty, so no colour)."""

    def __init__(self, columns: int = 100) -> None:
        self.stream = io.StringIO()
        self.output = Vt100_Output(self.stream, lambda: Size(rows=50, columns=columns))

    @property
    def raw(self) -> str:
        return self.stream.getvalue()

    @property
    def text(self) -> str:
        return ESCAPE.sub("", self.raw).replace("\r", "")


@pytest.fixture
def bot() -> Bot:
    return Bot()


@pytest.fixture
def history(tmp_path: Path) -> Path:
    return tmp_path / "state" / "history"


def chat(bot: Bot, keys: str, history: Path, screen: Screen | None = None) -> int:
    """Type the keys into a shell and run it; the input is closed after them, so it ends either way."""
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        env = Environment(None, None, None, history_path=history)
        return run_shell(bot, env, input=pipe, output=screen.output if screen else DummyOutput())


@pytest.fixture
def shell(bot: Bot) -> Shell:
    return Shell(bot)


# --- driving the shell through its terminal ----------------------------------------------------------


def test_a_question_gets_its_answer(bot: Bot, history: Path) -> None:
    """A typed question is answered, and the role becomes the focus of the conversation."""
    screen = Screen()
    assert chat(bot, "what does a coder do" + ENTER + CTRL_D, history, screen) == 0
    assert "Medical coder: A medical coder reads" in screen.text
    assert bot.state.focus == ("medical_coder",)


def test_welcome_says_what_the_bot_covers_with_three_examples(bot: Bot, history: Path) -> None:
    """The welcome names the subject and shows three questions to try."""
    screen = Screen()
    chat(bot, CTRL_D, history, screen)
    welcome = screen.text.split("you>")[0]
    assert "16 jobs of a medical office" in welcome
    assert len(re.findall(r"^  \S.*$", welcome, re.MULTILINE)) == 3


def test_tab_completes_a_partial_role_name(bot: Bot, history: Path) -> None:
    """'what does a phleb' + Tab sends 'what does a phlebotomist'."""
    chat(bot, "what does a phleb" + TAB + ENTER + CTRL_D, history)
    assert bot.last_understanding is not None
    assert bot.last_understanding.text == "what does a phlebotomist"
    assert bot.state.focus == ("phlebotomist",)


def test_tab_completes_a_slash_command(bot: Bot, history: Path) -> None:
    """'/wh' + Tab runs /why."""
    screen = Screen()
    chat(bot, "/wh" + TAB + ENTER + CTRL_D, history, screen)
    assert "Nothing to explain yet" in screen.text


def test_slash_role_shows_the_profile_card(bot: Bot, history: Path) -> None:
    """/role prints the full card and puts the role in focus (and so in the toolbar)."""
    screen = Screen()
    chat(bot, "/role lab tech" + ENTER + CTRL_D, history, screen)
    assert "Overview:" in screen.text and "Career path:" in screen.text
    assert "Medical laboratory technician" in toolbar(bot)


def test_why_explains_the_last_message(bot: Bot, history: Path) -> None:
    """/why shows the normalised text, the roles found with scores, and the intents with their examples."""
    screen = Screen()
    chat(bot, "What does a CODER do?" + ENTER + "/why" + ENTER + CTRL_D, history, screen)
    why = screen.text.split("/why")[-1]
    assert "Normalised text: what does a coder do" in why
    assert re.search(r'Medical coder, from "coder" \(score 100\)', why)
    assert re.search(r'role_overview +\d+\.\d  "[^"]*\{role\}[^"]*"', why)


def test_save_writes_the_conversation_as_markdown(bot: Bot, history: Path, tmp_path: Path) -> None:
    """/save FILE writes each message and each answer, with its sources."""
    path = tmp_path / "chat.md"
    screen = Screen()
    chat(
        bot,
        "what does a coder do" + ENTER + "how much do they make" + ENTER + f"/save {path}" + ENTER + CTRL_D,
        history,
        screen,
    )
    saved = path.read_text(encoding="utf-8")
    assert saved.startswith("# careerbot conversation\n")
    assert "> **You:** what does a coder do" in saved and "> **You:** how much do they make" in saved
    assert "Medical coder pay: median $50,250 a year" in saved
    assert "Sources: <https://www.bls.gov/" in saved
    assert f"Saved 2 exchanges to {path}" in screen.text


@pytest.mark.parametrize(
    ("answer", "overwritten"),
    [("", False), ("n", False), ("whatever", False), ("y", True), ("YES", True)],
    ids=["enter-means-no", "n", "anything-else-is-no", "y", "yes"],
)
def test_save_never_overwrites_without_a_yes(
    bot: Bot, history: Path, tmp_path: Path, answer: str, overwritten: bool
) -> None:
    """An existing file is replaced only after a y/yes to the question; the default is no."""
    path = tmp_path / "notes.md"
    path.write_text("keep me\n", encoding="utf-8")
    screen = Screen()
    chat(bot, "hi" + ENTER + f"/save {path}" + ENTER + answer + ENTER + CTRL_D, history, screen)
    assert "exists. Overwrite it? [y/N]" in screen.text
    assert (path.read_text(encoding="utf-8") != "keep me\n") is overwritten


def test_ctrl_d_leaves_with_a_goodbye(bot: Bot, history: Path) -> None:
    """Ctrl-D leaves at once with exit code 0; nothing typed after it is read."""
    screen = Screen()
    assert chat(bot, CTRL_D + "hi" + ENTER, history, screen) == 0
    assert "Goodbye" in screen.text
    assert bot.last_understanding is None


def test_quit_leaves_like_ctrl_d(bot: Bot, history: Path) -> None:
    """/quit leaves with a goodbye and exit code 0."""
    screen = Screen()
    assert chat(bot, "/quit" + ENTER + "hi" + ENTER, history, screen) == 0
    assert "Goodbye" in screen.text
    assert bot.last_understanding is None


def test_ctrl_c_clears_the_line_and_keeps_going(bot: Bot, history: Path) -> None:
    """Ctrl-C drops the half-typed line; the shell goes on to the next one."""
    screen = Screen()
    assert chat(bot, "what does a cod" + CTRL_C + "/why" + ENTER + CTRL_D, history, screen) == 0
    assert "Nothing to explain yet" in screen.text


def test_answers_are_wrapped_to_the_terminal_width(bot: Bot, history: Path) -> None:
    """Prose is wrapped to the window, welcome and answers alike."""
    screen = Screen(columns=60)
    chat(bot, "what does a coder do" + ENTER + CTRL_D, history, screen)
    prose = [
        line
        for line in screen.text.split("\n")
        if "you>" not in line and not line.startswith(("Sources:", "You could ask:"))
    ]
    assert max(len(line) for line in prose) <= 60


def test_no_colour_when_output_is_not_a_terminal(bot: Bot, history: Path) -> None:
    """Figures are coloured only on a terminal; a captured output gets plain text."""
    screen = Screen()
    chat(bot, "how much do coders make" + ENTER + CTRL_D, history, screen)
    assert "$50,250" in screen.raw and "\x1b[32m" not in screen.raw


def test_pasted_control_codes_are_not_echoed(bot: Bot, history: Path) -> None:
    """A pasted escape sequence (here: set the window title) never reaches the terminal as typed."""
    screen = Screen()
    paste = "\x1b[200~/role \x1b]0;pwned\x07coder\x1b[201~"
    chat(bot, paste + ENTER + CTRL_D, history, screen)
    assert "\x1b]0;pwned" not in screen.raw


def test_history_is_kept_across_runs(bot: Bot, history: Path) -> None:
    """What was typed in one run is in the history the next run loads."""
    chat(bot, "what does a coder do" + ENTER + CTRL_D, history)
    assert history.exists() and history.stat().st_mode & 0o077 == 0  # private to the user
    again = open_history(history)
    assert isinstance(again, FileHistory)
    assert "what does a coder do" in list(again.load_history_strings())


@pytest.mark.parametrize("where", ["directory", "under-a-file"])
def test_unwritable_history_only_disables_history(bot: Bot, tmp_path: Path, where: str) -> None:
    """A history file that cannot be written falls back to memory; the shell still runs."""
    (tmp_path / "file").write_text("", encoding="utf-8")
    path = tmp_path if where == "directory" else tmp_path / "file" / "history"
    assert isinstance(open_history(path), InMemoryHistory)
    screen = Screen()
    assert chat(bot, "hi" + ENTER + CTRL_D, path, screen) == 0
    assert "Hi! I'm careerbot" in screen.text


def test_history_lives_in_the_xdg_state_directory(tmp_path: Path) -> None:
    """$XDG_STATE_HOME/careerbot/history, or ~/.local/state/... when it is unset or relative."""
    home = {"HOME": str(tmp_path / "home")}
    env = Environment.from_process({**home, "XDG_STATE_HOME": str(tmp_path / "state")})
    assert env.history_path == tmp_path / "state" / "careerbot" / "history"
    for unusable in ("", "relative/state"):
        env = Environment.from_process({**home, "XDG_STATE_HOME": unusable})
        assert env.history_path == tmp_path / "home" / ".local" / "state" / "careerbot" / "history"


def test_colour_needs_a_terminal_and_no_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    """Colour on a tty; none when NO_COLOR is set or the output is not a terminal."""
    main_end, tty_end = os.openpty()
    try:
        with open(tty_end, "w", closefd=False) as terminal:
            monkeypatch.setattr("sys.stdout", terminal)
            assert Environment.from_process({}).color
            assert not Environment.from_process({"NO_COLOR": "1"}).color
        monkeypatch.setattr("sys.stdout", io.StringIO())
        assert not Environment.from_process({}).color
    finally:
        os.close(main_end)
        os.close(tty_end)


# --- completion --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def completer() -> ShellCompleter:
    return ShellCompleter(Bot())


def completions(completer: ShellCompleter, text: str) -> list[str]:
    found = completer.get_completions(Document(text), CompleteEvent(completion_requested=True))
    return [completion.text for completion in found]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("what does a phleb", ["phlebotomist"]),
        ("what does a Phleb", ["phlebotomist"]),
        ("how much does a medical bil", ["medical biller"]),
        ("is a lab te", ["lab technician"]),
        ("/role recep", ["receptionist"]),
        ("/com", ["/compare"]),
        ("/qu", ["/quiz", "/quit"]),
        ("/ROL", ["/roles", "/role"]),
        ("what does a ", []),
        ("", []),
    ],
    ids=[
        "partial",
        "capitalised",
        "two-words",
        "short-title",
        "command-argument",
        "command",
        "two-commands",
        "command-any-case",
        "after-a-space",
        "empty",
    ],
)
def test_completion_offers_role_names_and_commands(
    completer: ShellCompleter, typed: str, expected: list[str]
) -> None:
    """Role names complete anywhere in a line, one per role; slash commands at its start."""
    assert completions(completer, typed) == expected


def test_every_role_completes_from_its_title(completer: ShellCompleter) -> None:
    """Each role is offered when its title is nearly typed out."""
    for role in Bot().kb.roles:
        typed = Document(f"tell me about {role.title[:-2]}")
        found = completer.get_completions(typed, CompleteEvent(completion_requested=True))
        assert role.title in [completion.display_meta_text for completion in found]


# --- slash commands, without a terminal ---------------------------------------------------------------


ISSUE_COMMANDS = [
    "/help",
    "/roles",
    "/role",
    "/compare",
    "/quiz",
    "/reset",
    "/save",
    "/handout",
    "/why",
    "/quit",
]


def test_every_slash_command_is_in_help(shell: Shell) -> None:
    """/help lists every command the shell knows, and the shell knows those the issue asked for."""
    help_text = shell.handle("/help").text
    assert sorted(command.name for command in COMMANDS) == sorted(ISSUE_COMMANDS)
    for command in COMMANDS:
        assert command.usage in help_text
    assert set(re.findall(r"^  (/\w+)", help_text, re.MULTILINE)) == set(ISSUE_COMMANDS)


@pytest.mark.parametrize(
    ("argument", "roles"),
    [
        ("PA NP", ("physician_assistant", "nurse_practitioner")),
        ("lab tech, phlebotomist", ("medical_laboratory_technician", "phlebotomist")),
        (
            "medical assistant phlebotomist registered nurse",
            ("medical_assistant", "phlebotomist", "registered_nurse"),
        ),
        ("medical assistant, phlebotomist, RN", ("medical_assistant", "phlebotomist", "registered_nurse")),
        ("RN vs LPN", ("registered_nurse", "licensed_practical_nurse")),
    ],
    ids=["acronyms", "comma", "three-by-name", "three-by-comma", "vs"],
)
def test_compare_finds_the_roles_named(shell: Shell, argument: str, roles: tuple[str, ...]) -> None:
    """/compare accepts names split by spaces, commas or 'vs', and the bot compares exactly those."""
    assert compared_roles(shell.bot, argument) == roles
    reply = shell.handle(f"/compare {argument}").reply
    assert reply is not None and reply.intent == "compare_roles" and reply.roles == roles


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("RN", "two or three roles"),
        ("RN LPN NP MA", "two or three roles"),
        ("nurse coder", "could mean several roles"),
        ("coder zzzzqq", "no role matches 'zzzzqq'"),
    ],
    ids=["one", "four", "ambiguous", "unknown"],
)
def test_compare_says_what_is_wrong(shell: Shell, argument: str, message: str) -> None:
    """A /compare that cannot be done says why, and the conversation is untouched."""
    with pytest.raises(UsageError, match=message):
        compared_roles(shell.bot, argument)
    assert message in shell.handle(f"/compare {argument}").text
    assert shell.transcript == []


def test_quiz_starts_the_recommendation_quiz(shell: Shell) -> None:
    """/quiz asks the quiz's first question."""
    reply = shell.handle("/quiz").reply
    assert reply is not None and reply.intent == "recommend_roles" and "Q1." in reply.text


def test_reset_forgets_the_roles_in_focus(shell: Shell) -> None:
    """/reset starts a new conversation: 'they' no longer means the last role."""
    shell.handle("what does a coder do")
    shell.handle("/reset")
    assert shell.bot.state.focus == ()
    assert "Role in focus: none" in toolbar(shell.bot)


def test_unknown_role_and_command_say_what_to_do(shell: Shell) -> None:
    """Mistyped commands get a suggestion; an unknown role points to /roles."""
    assert "did you mean /role?" in shell.handle("/rol lab tech").text
    assert "no role matches 'zzzzqq'; type /roles" in shell.handle("/role zzzzqq").text


def test_why_tells_when_the_conversation_changed_the_answer(shell: Shell) -> None:
    """A follow-up ("and a coder?") is answered as the last question; /why says so."""
    shell.handle("how much does a phlebotomist make?")
    shell.handle("and a coder?")
    why = shell.handle("/why").text
    assert "Answered as role_salary about Medical coder, in the light of the conversation so far" in why


def test_why_before_any_message(bot: Bot) -> None:
    """/why with nothing asked yet says so instead of failing."""
    assert explain(bot) == "Nothing to explain yet: ask me something first."


@pytest.mark.parametrize(
    ("argument", "message"),
    [("", "name a file"), ("{tmp}", "is a folder"), ("{tmp}/missing/chat.md", "there is no folder")],
    ids=["no-name", "directory", "missing-folder"],
)
def test_save_refuses_what_it_cannot_write(shell: Shell, tmp_path: Path, argument: str, message: str) -> None:
    """/save needs a file name in an existing folder, never a folder."""
    shell.handle("hi")
    assert message in shell.handle(f"/save {argument.format(tmp=tmp_path)}").text
    assert list(tmp_path.iterdir()) == []


def test_save_asks_before_replacing_a_file(bot: Bot, tmp_path: Path) -> None:
    """The overwrite question names the resolved path; the answer decides."""
    asked: list[str] = []
    shell = Shell(bot, confirm=lambda question: asked.append(question) or True)
    shell.handle("hi")
    (tmp_path / "chat.md").write_text("old", encoding="utf-8")
    shell.handle(f"/save {tmp_path}/sub/../chat.md")
    assert asked == [f"{tmp_path.resolve()}/chat.md exists. Overwrite it?"]
    assert (tmp_path / "chat.md").read_text(encoding="utf-8").startswith("# careerbot conversation")


def test_saved_markdown_has_no_control_codes(shell: Shell, tmp_path: Path) -> None:
    """Control codes typed into a message are not written to the file."""
    shell.handle("what does a coder do \x1b]0;pwned\x07 \x1b[2J")
    text = markdown(shell.transcript)
    assert "\x1b" not in text and "\x07" not in text


def test_markdown_keeps_tables_aligned(shell: Shell) -> None:
    """A comparison table goes into a code block, so Markdown keeps its columns."""
    shell.handle("/compare PA NP")
    text = markdown(shell.transcript)
    assert re.search(r"```text\n +PA +NP\n", text)


def test_slash_handout_writes_the_roles_in_focus(bot: Bot, tmp_path: Path) -> None:
    """/handout FILE.html writes a printable page of the roles just discussed; nothing in focus says so."""
    from chatbot.interfaces.commands import Shell

    shell = Shell(bot)
    assert "Ask me about a role first" in shell.handle("/handout x.html").text
    shell.handle("what does a phlebotomist do")
    target = tmp_path / "phleb.html"
    assert "Wrote the handout" in shell.handle(f"/handout {target}").text
    page = target.read_text()
    assert page.lstrip().lower().startswith("<!doctype html") and "Phlebotomist" in page
