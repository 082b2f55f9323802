"""Reliability and security (issue 10): special files, full disks, escape codes, look-alike letters,
one failing message, /save and the history file, Ctrl-C at start-up. Each test names its finding."""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from prompt_toolkit.history import FileHistory, InMemoryHistory

from chatbot import Bot
from chatbot.interfaces import batch
from chatbot.interfaces.cli import main
from chatbot.interfaces.commands import Shell
from chatbot.interfaces.environment import Environment, ExitStatus
from chatbot.interfaces.shell import open_history
from chatbot.knowledge.paths import bundled_dir

OTHER_USER = 12345
as_root = pytest.mark.skipif(os.getuid() != 0, reason="chown to another user needs root")
TIMEOUT = 60  # seconds: far more than any of these takes; a hang fails instead of blocking the suite


def careerbot() -> str:
    beside = Path(sys.executable).parent / "careerbot"
    found = str(beside) if beside.exists() else shutil.which("careerbot")
    assert found, "careerbot is not installed: pip install -e '.[test]'"
    return found


def run(
    *args: str, stdin: bytes = b"", stdout: int | object = subprocess.PIPE
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [careerbot(), *args], input=stdin, stdout=stdout, stderr=subprocess.PIPE, timeout=TIMEOUT, check=False
    )


def one_error_line(done: subprocess.CompletedProcess) -> str:
    """The process wrote exactly one line on stderr, an 'Error: ...' one, and no traceback."""
    error = done.stderr.decode()
    assert "Traceback" not in error and error.startswith("Error: ") and error.count("\n") == 1, error
    return error


@pytest.fixture()
def knowledge(tmp_path: Path) -> Path:
    shutil.copytree(bundled_dir("knowledge"), tmp_path / "knowledge")
    return tmp_path / "knowledge"


# --- 6. special files: devices and FIFOs are refused, never read without end or waited on ------------


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "fifo"])
def test_a_device_or_fifo_as_a_role_file_is_a_problem(knowledge: Path, special: str) -> None:
    """roles/zz.yaml -> /dev/zero or a FIFO: exit 2 at once with the file named, no hang, no MemoryError."""
    role_file = knowledge / "roles" / "zz.yaml"
    if special == "fifo":
        os.mkfifo(role_file)
    else:
        role_file.symlink_to(special)
    done = run("validate", "--knowledge", str(knowledge))
    assert done.returncode == ExitStatus.USAGE
    assert "zz.yaml: not a regular file; expected a regular YAML file" in done.stderr.decode()


def test_a_fifo_as_evaluate_input_is_refused(tmp_path: Path) -> None:
    """`careerbot evaluate FIFO` says the file is not a regular one instead of waiting for a writer."""
    os.mkfifo(tmp_path / "examples.jsonl")
    done = run("evaluate", str(tmp_path / "examples.jsonl"))
    assert done.returncode == ExitStatus.USAGE
    assert "examples.jsonl: cannot read the file (not a regular file)" in one_error_line(done)


# --- 9. a full or closed output: one error line and exit 1 ------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["ask", "hi"], ["roles"], ["role", "coder"], [], ["validate"], ["--help"], ["evaluate", "{examples}"]],
    ids=["ask", "roles", "role", "batch", "validate", "help", "evaluate"],
)
def test_output_to_a_full_disk_is_one_error_line(args: list[str], tmp_path: Path) -> None:
    """`... > /dev/full`: 'Error: cannot write the output (No space left on device)', exit 1."""
    examples = tmp_path / "examples.jsonl"
    examples.write_text('{"text": "hi", "intent": "greeting", "roles": []}\n', encoding="utf-8")
    args = [arg.format(examples=examples) for arg in args]
    with open("/dev/full", "wb") as full:
        done = run(*args, stdin=b"hi\n", stdout=full)
    assert done.returncode == ExitStatus.ERROR
    assert "cannot write the output (No space left on device)" in one_error_line(done)


def test_a_closed_output_is_one_error_line() -> None:
    """`careerbot ask hi >&-`: no output stream at all is an error, not a traceback."""
    done = subprocess.run(
        [careerbot(), "ask", "hi"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        close_fds=True,
        preexec_fn=lambda: os.close(1),
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == ExitStatus.ERROR
    assert "cannot write the output" in one_error_line(done)


# --- 8. escape codes from data or input never reach the terminal -------------------------------------


def test_escape_codes_written_as_yaml_escapes_are_a_problem(knowledge: Path) -> None:
    """A title with "\\e]0;...\\a" passes the raw-text check but not the parsed-value check."""
    path = knowledge / "roles" / "medical_coder.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"(?m)^title: .*$", r'title: "Medical coder \\e]0;pwned\\a"', text), encoding="utf-8"
    )
    done = run("roles", "--knowledge", str(knowledge))
    assert done.returncode == ExitStatus.USAGE and b"\x1b" not in done.stdout + done.stderr
    assert "medical_coder.yaml, line" in done.stderr.decode()
    assert "control character U+001B in the text" in done.stderr.decode()


def test_the_roles_table_goes_through_render_safe(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """Even a table built from data the loader never saw is made safe on its way out."""
    monkeypatch.setattr(Bot, "roles_table", lambda self, category=True: "Coder \x1b]0;pwned\x07 \x1b[2J")
    assert main(["roles"], _env(sys.stdout)) == ExitStatus.OK
    assert "\x1b" not in capsys.readouterr().out


def test_evaluate_labels_are_made_safe(tmp_path: Path) -> None:
    """Labels from the JSONL (intent, role, id) cannot change the terminal title or clear the screen."""
    examples = tmp_path / "examples.jsonl"
    row = {"text": "hi", "intent": "\x1b]0;pwned\x07", "roles": ["\x1b[2J"]}
    examples.write_text(json.dumps(row) + "\n", encoding="utf-8")
    done = run("evaluate", str(examples))
    assert done.returncode == ExitStatus.OK and b"\x1b" not in done.stdout and b"\x07" not in done.stdout


# --- 14. look-alike letters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "alias",
    ["\u0440hlebotomist", "\u0399ab tech", "\u0420\u0410"],
    ids=["cyrillic-r", "greek-iota", "all-cyrillic-PA"],
)
def test_an_alias_with_look_alike_letters_is_a_problem(knowledge: Path, alias: str) -> None:
    """validate flags an alias that mixes Latin with Cyrillic or Greek letters, or is all look-alikes."""
    path = knowledge / "roles" / "medical_coder.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("aliases:\n", f"aliases:\n  - {alias}\n", 1), encoding="utf-8")
    done = run("validate", "--knowledge", str(knowledge))
    assert done.returncode == ExitStatus.USAGE
    assert "mixes Latin with Cyrillic or Greek look-alike letters" in done.stderr.decode()


# --- one message can never end a conversation --------------------------------------------------------


def _env(stdout: object, stdin: str = "") -> Environment:
    return Environment(io.StringIO(stdin), stdout, sys.stderr)  # type: ignore[arg-type]


@pytest.fixture()
def failing_reply(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bot.reply fails on any message containing 'boom', as a bug would."""
    real = Bot.reply

    def reply(self: Bot, text: str) -> object:
        if "boom" in text:
            raise IndexError("list index out of range")
        return real(self, text)

    monkeypatch.setattr(Bot, "reply", reply)


def test_batch_mode_survives_a_failing_message(failing_reply: None, capsys) -> None:
    """The failing line gets one stderr line; the next is answered in the same conversation; exit 1."""
    stdin = "what does a coder do\nboom\nhow much do they make\n"
    assert main(["--json"], _env(sys.stdout, stdin)) == ExitStatus.ERROR
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert lines[1] == {"error": "the bot failed on this message", "line": 2}
    assert lines[2]["intent"] == "role_salary" and lines[2]["roles"] == ["medical_coder"]
    assert (
        captured.err.count("\n") == 1 and "line 2: the bot failed on this message (IndexError" in captured.err
    )


def test_the_shell_survives_a_failing_message(failing_reply: None) -> None:
    """The shell says so in one line, mentions /why, and the conversation goes on with its focus."""
    shell = Shell(Bot())
    shell.handle("what does a coder do")
    outcome = shell.handle("boom")
    assert outcome.reply is None and "something went wrong" in outcome.text and "/why" in outcome.text
    after = shell.handle("how much do they make")
    assert after.reply is not None and after.reply.roles == ("medical_coder",)
    assert [turn.message for turn in shell.transcript] == ["what does a coder do", "how much do they make"]


def test_ask_reports_a_bug_in_one_line(failing_reply: None, capsys) -> None:
    """`careerbot ask` on a message the bot fails on: one line, exit 1, no traceback."""
    assert main(["ask", "boom"], _env(sys.stdout)) == ExitStatus.ERROR
    assert (
        capsys.readouterr().err
        == "Error: internal error (IndexError: list index out of range); please report it\n"
    )


# --- 15. a batch line without a newline is read with a bound -----------------------------------------


def test_an_endless_line_is_read_in_bounded_pieces() -> None:
    """A 20 MB line with no newline yields one message of at most MAX_LINE_BYTES, then the next line."""
    source = io.BytesIO(b"x" * 20_000_000 + b"\nwhat does a coder do\n")
    lines = list(batch.read_lines(source))  # type: ignore[arg-type]
    assert [number for number, _ in lines] == [1, 2]
    assert len(lines[0][1]) == batch.MAX_LINE_BYTES and lines[1][1] == "what does a coder do"


def test_a_long_line_is_answered_with_the_cut_noted() -> None:
    """The piece the bot gets is still longer than what it reads, so it says it read only the start."""
    done = run("--json", stdin=b"what does a coder do " + b"a" * 500_000)
    assert done.returncode == ExitStatus.OK
    assert "read only its first 1,000 characters" in json.loads(done.stdout)["text"]


# --- 10. /save: a temporary file and a rename ---------------------------------------------------------


SAVE_UNDER_A_SIZE_LIMIT = """
import resource, signal, sys
from pathlib import Path
from chatbot import Bot
from chatbot.interfaces.commands import Shell
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
shell = Shell(Bot(), confirm=lambda question: True)
for question in ("what does a coder do", "what does a biller do", "PA vs NP", "how do I become an RN"):
    shell.handle(question)
resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))  # the chat is ~3 kB
print(shell.handle("/save " + sys.argv[1]).text)
"""


@pytest.mark.parametrize("existing", [True, False], ids=["overwrite", "new-file"])
def test_save_on_a_full_disk_keeps_the_old_file_and_leaves_nothing(tmp_path: Path, existing: bool) -> None:
    """A save that cannot be written whole changes nothing: the old file intact, no new or temporary file."""
    target = tmp_path / "chat.md"
    if existing:
        target.write_text("my notes\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", SAVE_UNDER_A_SIZE_LIMIT, str(target)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Sorry: could not save to" in done.stdout
    assert [p.name for p in tmp_path.iterdir()] == (["chat.md"] if existing else [])
    if existing:
        assert target.read_text(encoding="utf-8") == "my notes\n"


def test_save_replaces_a_file_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    """An allowed overwrite swaps in the new text and keeps the file's permissions; no temporary is left."""
    target = tmp_path / "chat.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    shell = Shell(Bot(), confirm=lambda question: True)
    shell.handle("what does a coder do")
    assert "Saved 1 exchange" in shell.handle(f"/save {target}").text
    assert target.read_text(encoding="utf-8").startswith("# careerbot conversation")
    assert target.stat().st_mode & 0o777 == 0o640 and [p.name for p in tmp_path.iterdir()] == ["chat.md"]


@pytest.mark.parametrize(
    "name", ["chat\n.md", "chat\x1b[2J.md", "chat\x07.md"], ids=["newline", "csi", "bell"]
)
def test_save_refuses_names_with_control_characters(tmp_path: Path, name: str) -> None:
    """A file name with a newline or an escape code is refused; nothing is written."""
    shell = Shell(Bot())
    shell.handle("hi")
    text = shell.handle(f"/save {tmp_path}/{name}").text
    assert "has control characters" in text and "\x1b" not in text and "\x07" not in text
    assert list(tmp_path.iterdir()) == []


# --- 11. the history file gets the cache's rules ------------------------------------------------------


@as_root
def test_history_in_another_users_open_folder_stays_in_memory(tmp_path: Path) -> None:
    """A 0777 folder with a 0666 file, both another user's: what the user types is never written there."""
    folder = tmp_path / "careerbot"
    folder.mkdir()
    (folder / "history").write_text("", encoding="utf-8")
    for path, mode in ((folder / "history", 0o666), (folder, 0o777)):
        os.chown(path, OTHER_USER, OTHER_USER)
        path.chmod(mode)
    assert isinstance(open_history(folder / "history"), InMemoryHistory)
    os.chown(folder, os.getuid(), os.getgid())  # our folder now, but still their file
    assert isinstance(open_history(folder / "history"), InMemoryHistory)


def test_history_folder_and_file_of_ours_are_made_private(tmp_path: Path) -> None:
    """Our own folder left 0777 and file left 0666 are tightened to 0700 and 0600, then used."""
    folder = tmp_path / "careerbot"
    folder.mkdir()
    (folder / "history").write_text("", encoding="utf-8")
    folder.chmod(0o777)
    (folder / "history").chmod(0o666)
    assert isinstance(open_history(folder / "history"), FileHistory)
    assert folder.stat().st_mode & 0o777 == 0o700 and (folder / "history").stat().st_mode & 0o777 == 0o600


def test_a_symlink_as_history_file_is_not_followed(tmp_path: Path) -> None:
    """history -> somewhere else: refused, so the typed text cannot be sent to a file of the link's choice."""
    folder = tmp_path / "careerbot"
    folder.mkdir(mode=0o700)
    (tmp_path / "elsewhere").write_text("", encoding="utf-8")
    (folder / "history").symlink_to(tmp_path / "elsewhere")
    assert isinstance(open_history(folder / "history"), InMemoryHistory)


# --- 12. Ctrl-C during start-up -----------------------------------------------------------------------


def test_ctrl_c_during_start_up_never_shows_a_traceback_from_our_code() -> None:
    """SIGINT at random moments of the first 150 ms: exit 130 (or killed before Python runs our code)."""
    rng = random.Random(12)
    for _ in range(12):
        process = subprocess.Popen([careerbot(), "ask", "hi"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.0, 0.15))
        process.send_signal(signal.SIGINT)
        _, error = process.communicate(timeout=TIMEOUT)
        frames = re.findall(r'File "([^"]+)"', error.decode())
        assert not [frame for frame in frames if "/chatbot/" in frame], error.decode()


def test_ctrl_c_wrapped_by_an_import_is_still_an_interrupt(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C inside a class body being imported reaches us as a RuntimeError ("Error calling
    __set_name__") caused by the KeyboardInterrupt: exit 130 and one line, as for a plain interrupt."""
    import chatbot.__main__ as entry
    import chatbot.interfaces.cli as cli

    def interrupted_import() -> int:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as interrupt:
            raise RuntimeError("Error calling __set_name__ on 'cached_property' instance") from interrupt

    monkeypatch.setattr(cli, "main", interrupted_import)
    with pytest.raises(SystemExit) as exit_info:
        entry.run()
    assert exit_info.value.code == 130 and "Interrupted." in capsys.readouterr().err


def test_sigterm_exits_143_without_a_traceback(tmp_path: Path) -> None:
    """SIGTERM while the bot waits for input ends it with 143 and no traceback (cleanup code runs)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    with subprocess.Popen([careerbot(), "--json"], env=env, **pipes) as process:  # type: ignore[call-overload]
        process.stdin.write(b"hi\n")
        process.stdin.flush()
        assert json.loads(process.stdout.readline())["intent"] == "greeting"
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=TIMEOUT)
        error = process.stderr.read()
    assert process.returncode in (ExitStatus.TERMINATED, -signal.SIGTERM) and b"Traceback" not in error


def test_processes_starting_together_on_an_empty_cache(tmp_path: Path) -> None:
    """Four cold starts at once: every one answers, one whole entry remains, no temporary file."""
    env = {key: value for key, value in os.environ.items() if key != "CAREERBOT_NO_CACHE"}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    processes = [
        subprocess.Popen([careerbot(), "ask", "hi"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    results = [process.communicate(timeout=TIMEOUT) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0, 0]
    assert all(out.startswith(b"Hi") and err == b"" for out, err in results)
    assert [path.name.startswith("engine-") for path in (tmp_path / "careerbot").iterdir()] == [True]


# --- 17. command-line rough edges ---------------------------------------------------------------------


def test_role_takes_json_anywhere_and_shows_every_role_named(capsys) -> None:
    """`role --json coder` works; `role "PA NP"` shows both cards; `roles --json` is one object per role."""
    assert main(["role", "--json", "coder"], _env(sys.stdout)) == ExitStatus.OK
    card = json.loads(capsys.readouterr().out)
    assert card["roles"] == ["medical_coder"] and "Medical coder" in card["text"]
    assert main(["--json", "role", "PA NP"], _env(sys.stdout)) == ExitStatus.OK
    cards = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [c["roles"] for c in cards] == [["physician_assistant"], ["nurse_practitioner"]]
    assert main(["roles", "--json"], _env(sys.stdout)) == ExitStatus.OK
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 16 and {"id", "title"} <= set(rows[0])


def test_a_job_we_do_not_cover_gets_no_weak_suggestion(capsys) -> None:
    """'dentist' is a job the bot does not cover, not a misspelt phlebotomist."""
    assert main(["role", "dentist"], _env(sys.stdout)) == ExitStatus.USAGE
    error = capsys.readouterr().err
    assert "'dentist' is not one of my roles" in error and "phlebotomist" not in error


def test_unknown_slash_command_has_no_stray_semicolon() -> None:
    """'Unknown command /foo (/help lists them)', with a suggestion only when one is close."""
    shell = Shell(Bot())
    assert shell.handle("/foo").text == "Unknown command /foo (/help lists them)"
    assert shell.handle("/rol x").text == "Unknown command /rol; did you mean /role? (/help lists them)"


def test_evaluate_lists_every_bad_line_and_says_n_a(tmp_path: Path, capsys) -> None:
    """Every broken line is reported at once; out-of-scope scores are n/a when the file has none."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "hi"}\nnot json\n[1]\n{"text": "hi", "intent": "greeting", "roles": "x"}\n')
    assert main(["evaluate", str(bad)], _env(sys.stdout)) == ExitStatus.USAGE
    errors = capsys.readouterr().err.splitlines()
    assert [line.split(": ", 2)[1].split(",")[-1].strip() for line in errors] == [
        "line 1",
        "line 2",
        "line 3",
        "line 4",
    ]
    good = tmp_path / "good.jsonl"
    good.write_text(
        '{"text": "what does a coder do", "intent": "role_overview", "roles": ["medical_coder"]}\n'
    )
    assert main(["evaluate", str(good)], _env(sys.stdout)) == ExitStatus.OK
    report = capsys.readouterr().out
    assert re.search(r"out of scope precision +n/a", report) and re.search(
        r"out of scope recall +n/a", report
    )
