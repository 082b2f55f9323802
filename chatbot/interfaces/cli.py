"""The command line: `careerbot` (chat shell or batch), `ask`, `roles`, `role`, `validate`, `evaluate`.

The only argparse user. Library errors arrive as ChatbotError and leave as one line per problem on
stderr with exit code 2; an interrupt exits 130; a closed output pipe exits 141 (128 + SIGPIPE).
prompt-toolkit is imported only when a terminal shell is opened, so scripted use starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import signal
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .. import __version__
from ..errors import ChatbotError, DataError, UsageError
from . import render
from .environment import Environment, ExitStatus, OutputError

if TYPE_CHECKING:  # imported for real only when used, to keep start-up light
    from _typeshed import SupportsWrite

    from ..bot import Bot

EPILOG = """examples:
  careerbot                                   chat in the terminal
  careerbot ask "what does a medical biller do?"
  careerbot ask "PA vs NP" --json
  printf 'hi\\nwhat does a coder do\\nhow much do they make\\n' | careerbot --json
  careerbot roles
  careerbot role "lab tech"
  careerbot handout MA coder --format html -o handout.html
  careerbot validate --knowledge ./my-knowledge
  careerbot evaluate dev.jsonl --dialogues dev_dialogues.jsonl
  careerbot evaluate --conversations tests/conversations
  careerbot evaluate --cross-validate 5       intent accuracy from the intent files alone (K folds)
  careerbot serve --port 8000                 the web chat (pip install 'careerbot[web]')
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see 'careerbot --help')")

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        """As argparse's, minus its silence on write errors: --help > /dev/full must fail loudly."""
        if message:
            import sys

            try:
                (file or sys.stdout).write(message)
            except BrokenPipeError:
                raise
            except (OSError, ValueError) as error:
                raise OutputError(getattr(error, "strerror", None) or str(error)) from None


def _data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--knowledge", type=Path, metavar="DIR", help="knowledge folder (default: bundled)")
    parser.add_argument("--intents", type=Path, metavar="DIR", help="intents folder (default: bundled)")


def _json_option(parser: argparse.ArgumentParser, summary: str) -> None:
    # SUPPRESS: an unset subcommand option must not undo `careerbot --json roles`
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=summary)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="careerbot",
        description="A career-exploration chatbot about the jobs in a medical office.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"careerbot {__version__}")
    parser.add_argument("--json", action="store_true", help="write one JSON object per reply")
    _data_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    ask = commands.add_parser("ask", help="answer one question and exit")
    ask.add_argument("question", nargs="+", help="the question, e.g. 'how much do coders make?'")
    _json_option(ask, "write the reply as JSON")
    _data_options(ask)
    roles = commands.add_parser("roles", help="table of all roles")
    _json_option(roles, "write one JSON object per role")
    _data_options(roles)
    role = commands.add_parser("role", help="the full profile card of one role (fuzzy name)")
    role.add_argument("name", nargs="+", help="a role name, e.g. 'lab tech' or MA")
    _json_option(role, "write the card as JSON")
    _data_options(role)
    handout = commands.add_parser("handout", help="a printable one-page summary per role")
    handout.add_argument("roles", nargs="+", metavar="ROLE", help="role names, e.g. MA 'lab tech'")
    handout.add_argument("--format", choices=("md", "html"), default="md", help="Markdown (default) or HTML")
    handout.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    _data_options(handout)
    validate = commands.add_parser("validate", help="check the knowledge and intent files")
    _data_options(validate)
    evaluate = commands.add_parser("evaluate", help="score the bot on labelled files or conversation tests")
    evaluate.add_argument("file", type=Path, nargs="?", help="JSONL of {text, intent, roles}")
    evaluate.add_argument(
        "--conversations",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="conversation tests to score by their checks (YAML or persona JSONL; files or folders)",
    )
    evaluate.add_argument(
        "--dialogues", type=Path, metavar="FILE", help="JSONL of dialogues to score by turn"
    )
    evaluate.add_argument(
        "--cross-validate",
        type=int,
        metavar="K",
        help="stratified K-fold cross-validation of the intent classifier over the intent files alone",
    )
    evaluate.add_argument("--json", action="store_true", help="write the report as JSON")
    _data_options(evaluate)
    serve = commands.add_parser("serve", help="the web chat in a browser (needs the web extra)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default: 1)")
    serve.add_argument("--log-messages", action="store_true", help="write message text to the log")
    serve.add_argument("--log-misses", type=Path, metavar="FILE", help="append fallback questions to FILE")
    return parser


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    """Run the command line; returns the exit code (an ExitStatus)."""
    env = env or Environment.from_process()
    with _sigterm_as_exit():
        try:
            code = _run(argv, env)
            env.write("")  # flushes: a full disk shows up here at the latest, not at interpreter exit
            return code
        except DataError as error:
            for problem in error.problems:
                env.error(f"Error: {render.safe(str(problem))}")
            return ExitStatus.USAGE
        except ChatbotError as error:
            env.error(f"Error: {render.safe(str(error))}")
            return ExitStatus.USAGE
        except KeyboardInterrupt:
            env.error("\nInterrupted.")
            return ExitStatus.INTERRUPTED
        except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
            _silence_stdout(env)
            return ExitStatus.PIPE_CLOSED
        except OutputError as error:
            _silence_stdout(env)
            env.error(f"Error: cannot write the output ({render.safe(str(error))})")
            return ExitStatus.ERROR
        except Exception as error:  # noqa: BLE001 - a bug: one line for the user, not a traceback
            env.error(f"Error: internal error ({render.safe(_describe(error))}); please report it")
            return ExitStatus.ERROR


def _run(argv: Sequence[str] | None, env: Environment) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as done:  # only --help and --version exit here (errors raise UsageError)
        return done.code if isinstance(done.code, int) else ExitStatus.OK
    return _dispatch(args, env)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _silence_stdout(env: Environment) -> None:
    """Point the output at /dev/null, so that Python's own flush at exit cannot fail a second time."""
    try:
        if env.stdout is not None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, env.stdout.fileno())
            os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):  # a test's StringIO has no descriptor
        pass


@contextlib.contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """SIGTERM raises SystemExit(143), so that `finally` blocks (the cache's temporary file) still run."""

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(ExitStatus.TERMINATED)

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _evaluate(args: argparse.Namespace, env: Environment) -> int:
    """`careerbot evaluate`: labelled files, cross-validation and conversation tests, in one report."""
    from ..bot import Bot
    from .evaluate import evaluate, format_report

    labelled = args.file is not None or args.dialogues is not None
    if not labelled and not args.conversations and args.cross_validate is None:
        raise UsageError(
            "evaluate needs FILE.jsonl, --dialogues FILE, --conversations FILE... or --cross-validate K"
        )
    if args.cross_validate is not None and args.cross_validate < 2:
        raise UsageError(f"--cross-validate needs K of at least 2; got {args.cross_validate}")
    reports = evaluate(args.file, args.dialogues, args.knowledge, args.intents) if labelled else []
    texts = [format_report(report) for report in reports]
    if args.cross_validate is not None:
        from . import crossval

        reports.append(crossval.run(args.intents, args.cross_validate))
        texts.append(crossval.format_report(reports[-1]))
    if args.conversations:
        from . import conversations

        reports.append(conversations.score_files(args.conversations, Bot(args.knowledge, args.intents)))
        texts.append(conversations.format_report(reports[-1]))
    if args.json:
        import json

        env.write(json.dumps(reports, indent=2, ensure_ascii=True) + "\n")
    else:
        env.write(render.safe("\n\n".join(texts)) + "\n")
    return ExitStatus.OK


def _dispatch(args: argparse.Namespace, env: Environment) -> int:
    from ..bot import Bot

    command = args.command
    if command == "validate":
        from ..bot import intent_problems, load_engine

        engine = load_engine(args.knowledge, args.intents, use_cache=False)
        problems = intent_problems(engine.intents, args.intents)
        if problems:  # the product's intents, each with an answer, checked for any folder
            raise DataError(problems)
        env.write(f"OK: {len(engine.kb.roles)} roles and {len(engine.intents.intents)} intents are valid.\n")
        return ExitStatus.OK
    if command == "evaluate":
        return _evaluate(args, env)
    if command == "serve":
        from .web.serve import run

        return run(
            args.host, args.port, args.workers, log_messages=args.log_messages, log_misses=args.log_misses
        )
    bot = Bot(args.knowledge, args.intents, cache_dir=env.cache_dir, use_cache=env.cache_dir is not None)
    if command == "ask":
        from .batch import print_reply

        print_reply(bot.reply(" ".join(args.question)), args.json, env)
        return ExitStatus.OK
    if command == "roles":
        return _roles(bot, args.json, env)
    if command == "role":
        return _role(bot, " ".join(args.name), args.json, env)
    if command == "handout":
        return _handout(bot, args.roles, args.format, args.output, env)
    if env.stdin_isatty and env.stdout_isatty and not args.json:
        from .shell import run_shell

        return run_shell(bot, env)
    from .batch import run_batch

    return run_batch(bot, env, as_json=args.json)


def _roles(bot: Bot, as_json: bool, env: Environment) -> int:
    """`careerbot roles`: the table, or one JSON object per role with its headline facts."""
    if as_json:
        import json

        env.write("".join(json.dumps(bot.role_facts(r), ensure_ascii=True) + "\n" for r in bot.kb.role_ids))
    else:
        env.write(render.safe(bot.roles_table()) + "\n")
    return ExitStatus.OK


def _handout(
    bot: Bot, names: list[str], fmt: Literal["md", "html"], output: Path | None, env: Environment
) -> int:
    """`careerbot handout ROLE...`: a printable page per role, on stdout or in a file."""
    from .commands import find_roles

    role_ids = list(dict.fromkeys(role_id for name in names for role_id in find_roles(bot, name)))
    text = bot.handout(role_ids, fmt)
    if output is None:
        env.write(render.safe(text))
        return ExitStatus.OK
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {render.safe(str(output))}: {error.strerror}") from None
    env.write(f"Wrote a {fmt} handout of {len(role_ids)} role(s) to {render.safe(str(output))}\n")
    return ExitStatus.OK


def _role(bot: Bot, name: str, as_json: bool, env: Environment) -> int:
    """`careerbot role NAME`: the profile card of each role the name means ("PA NP": both)."""
    from .batch import print_reply
    from .commands import find_roles

    for index, role_id in enumerate(find_roles(bot, name)):
        if index and not as_json:
            env.write("\n")
        print_reply(bot.profile(role_id), as_json, env, gap=False)
    return ExitStatus.OK
