"""The command line: `main([...])` in-process for the logic, the installed `careerbot` script for the rest."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chatbot import __version__
from chatbot.interfaces.cli import main
from chatbot.interfaces.environment import ExitStatus


def careerbot() -> str:
    """The installed script: beside this Python (a venv's bin), else on PATH."""
    beside = Path(sys.executable).parent / "careerbot"
    found = str(beside) if beside.exists() else shutil.which("careerbot")
    assert found, "careerbot is not installed: pip install -e '.[test]'"
    return found


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    """Run the script with bytes on stdin; its output decoded as UTF-8 (it writes nothing else)."""
    done = subprocess.run([careerbot(), *args], input=stdin, capture_output=True, check=False)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


# --- the installed script ----------------------------------------------------------------------------


def test_batch_json_follows_the_conversation() -> None:
    """The README's example: three JSON lines, the last one resolving 'they' to the coder."""
    done = run("--json", stdin=b"hi\nwhat does a coder do\nhow much do they make\n")
    assert done.returncode == ExitStatus.OK and done.stderr == ""
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert [reply["intent"] for reply in replies] == ["greeting", "role_overview", "role_salary"]
    assert [reply["roles"] for reply in replies] == [[], ["medical_coder"], ["medical_coder"]]


def test_batch_text_answers_each_line_and_skips_blank_ones() -> None:
    """Without --json each answer is plain text (no colour on a pipe), blank lines ignored."""
    done = run(stdin=b"what does a coder do\n\n   \nhow much do they make\n")
    assert done.returncode == ExitStatus.OK and done.stderr == ""
    assert "Medical coder: A medical coder" in done.stdout
    assert "Medical coder pay: median $50,250" in done.stdout
    assert "\x1b[" not in done.stdout
    assert done.stdout.count("You could ask:") == 2


def test_ask_answers_one_question() -> None:
    """`ask` answers once, in text or JSON."""
    text = run("ask", "what does a medical biller do?")
    assert text.returncode == ExitStatus.OK and text.stdout.startswith("Medical biller: ")
    as_json = json.loads(run("ask", "PA vs NP", "--json").stdout)
    assert as_json["intent"] == "compare_roles"
    assert as_json["roles"] == ["physician_assistant", "nurse_practitioner"]


def test_roles_lists_every_role() -> None:
    """`roles` prints a table with a row per role."""
    done = run("roles")
    assert done.returncode == ExitStatus.OK
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["Role", "Category", "Entry", "education", "Median", "pay"]
    assert len([line for line in lines if not line.startswith("(")]) == 2 + 16  # then the markers' footnotes


def test_role_prints_the_profile_card_of_a_fuzzy_name() -> None:
    """`role "lab tech"` finds the medical laboratory technician and prints every section."""
    done = run("role", "lab tech")
    assert done.returncode == ExitStatus.OK
    assert "Medical laboratory technician: " in done.stdout
    for section in ("Overview:", "Pay:", "Career path:"):
        assert section in done.stdout


def test_version() -> None:
    done = run("--version")
    assert (done.returncode, done.stdout.strip()) == (ExitStatus.OK, f"careerbot {__version__}")


def test_help_lists_the_commands() -> None:
    """--help names every subcommand, validate and evaluate included, with examples."""
    done = run("--help")
    assert done.returncode == ExitStatus.OK
    listed = re.findall(r"^    (\w+) +\w", done.stdout, re.MULTILINE)
    assert listed == ["ask", "roles", "role", "handout", "validate", "evaluate", "serve"]
    assert "careerbot validate --knowledge" in done.stdout and "careerbot evaluate " in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["role", "zzzzqq"], "no role matches 'zzzzqq'"),
        (["role", "nurse"], "could mean several roles"),
        (["ask"], "the following arguments are required: question"),
        (["--colour"], "unrecognized arguments: --colour"),
    ],
    ids=["unknown-command", "unknown-role", "ambiguous-role", "missing-question", "unknown-option"],
)
def test_bad_usage_is_one_line_and_exit_code_2(args: list[str], message: str) -> None:
    """A usage error is one 'Error: ...' line on stderr, exit code 2, no traceback."""
    done = run(*args)
    assert done.returncode == ExitStatus.USAGE
    assert done.stdout == ""
    assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1
    assert message in done.stderr and "Traceback" not in done.stderr


def test_invalid_utf8_on_stdin_is_answered() -> None:
    """Bytes that are not UTF-8 are replaced, not fatal: each line still gets its answer."""
    done = run("--json", stdin=b"what does a coder do \xff\xfe\n\xc3\x28 hi\n")
    assert done.returncode == ExitStatus.OK and done.stderr == ""
    assert len(done.stdout.splitlines()) == 2
    assert json.loads(done.stdout.splitlines()[0])["roles"] == ["medical_coder"]


def test_closed_output_pipe_ends_quietly(tmp_path: Path) -> None:
    """A reader that goes away (`careerbot --json < many | head -1`) ends the bot with 141, no traceback."""
    questions = tmp_path / "questions.txt"
    # far more output than any pipe buffer holds, so the bot is still writing when the reader leaves
    questions.write_text("what does a coder do\n" * 3000, encoding="utf-8")
    with questions.open("rb") as stdin:
        process = subprocess.Popen(
            [careerbot(), "--json"], stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read()
        process.stderr.close()
        code = process.wait()
    assert json.loads(first)["intent"] == "role_overview"
    assert code == ExitStatus.PIPE_CLOSED
    assert stderr == b""


def test_batch_and_ask_do_not_import_prompt_toolkit() -> None:
    """Scripted use stays light: only the terminal shell loads prompt_toolkit."""
    code = (
        "import io, sys\n"
        "from chatbot.interfaces import cli\n"
        "sys.stdin = io.TextIOWrapper(io.BytesIO(b'hi\\nwhat does a coder do\\n'))\n"
        "assert cli.main(['--json']) == 0\n"
        "assert cli.main(['ask', 'PA vs NP']) == 0\n"
        "assert 'prompt_toolkit' not in sys.modules, 'prompt_toolkit was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


# --- main() in-process --------------------------------------------------------------------------------


def test_main_ask_json(capsys: pytest.CaptureFixture[str]) -> None:
    """main() returns the exit code and writes the reply to stdout."""
    assert main(["ask", "how much do coders make?", "--json"]) == ExitStatus.OK
    reply = json.loads(capsys.readouterr().out)
    assert reply["intent"] == "role_salary" and reply["roles"] == ["medical_coder"]


def test_main_batch_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """With no command and no terminal, main() answers stdin line by line."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("hi\nthanks\n"))
    assert main(["--json"]) == ExitStatus.OK
    intents = [json.loads(line)["intent"] for line in capsys.readouterr().out.splitlines()]
    assert intents == ["greeting", "thanks"]


def test_main_opens_the_shell_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal (stdin and stdout both ttys) main() hands over to the chat shell."""
    import chatbot.interfaces.shell

    opened: list[object] = []
    monkeypatch.setattr(chatbot.interfaces.shell, "run_shell", lambda bot, env: opened.append(bot) or 0)
    monkeypatch.setattr(sys, "stdin", _Tty())
    monkeypatch.setattr(sys, "stdout", _Tty())
    assert main([]) == ExitStatus.OK
    assert len(opened) == 1


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_main_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown role is a usage error: exit code 2, a hint on stderr."""
    assert main(["role", "zzzzqq"]) == ExitStatus.USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "Error: no role matches 'zzzzqq'; try 'careerbot roles'\n"


def test_main_help_and_version_return_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """--help and --version return 0 like any other success instead of raising SystemExit."""
    assert main(["--version"]) == ExitStatus.OK
    assert capsys.readouterr().out == f"careerbot {__version__}\n"
    assert main(["--help"]) == ExitStatus.OK
    assert "usage: careerbot" in capsys.readouterr().out


def test_main_validate(capsys: pytest.CaptureFixture[str]) -> None:
    """`validate` checks the bundled data and says how much it checked."""
    assert main(["validate"]) == ExitStatus.OK
    assert capsys.readouterr().out.startswith("OK: 16 roles and ")


def test_ctrl_c_in_batch_mode_exits_130_without_a_traceback() -> None:
    """An interrupt while the bot waits for the next line ends it with 130 and one short line."""
    import signal

    command = [careerbot(), "--json"]
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    with subprocess.Popen(command, **pipes) as process:  # type: ignore[call-overload]
        process.stdin.write(b"what does a coder do\n")
        process.stdin.flush()
        first = process.stdout.readline()  # answered: the bot now waits for more input
        assert json.loads(first)["intent"] == "role_overview"
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)  # stdin stays open: the interrupt, not an end of input, must end it
        error = process.stderr.read()
    assert process.returncode == 130
    assert b"Traceback" not in error
