"""The command line: `careerbot` (chat shell or batch), `ask`, `roles`, `role`, `validate`, `evaluate`.

The only argparse user. Library errors arrive as ChatbotError and leave as one line per problem on
stderr with exit code 2; an interrupt exits 130; a closed output pipe exits 141 (128 + SIGPIPE).
prompt-toolkit is imported only when a terminal shell is opened, so scripted use starts fast.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .. import __version__
from ..errors import ChatbotError, DataError, UsageError
from . import render

if TYPE_CHECKING:  # imported for real only when used, to keep start-up light
    from ..answers.reply import Reply
    from ..bot import Bot

EXIT_OK, EXIT_USAGE, EXIT_INTERRUPT, EXIT_PIPE = 0, 2, 130, 141

EPILOG = """examples:
  careerbot                                   chat in the terminal
  careerbot ask "what does a medical biller do?"
  careerbot ask "PA vs NP" --json
  printf 'hi\\nwhat does a coder do\\nhow much do they make\\n' | careerbot --json
  careerbot roles
  careerbot role "lab tech"
  careerbot validate --knowledge ./my-knowledge
  careerbot evaluate dev.jsonl --dialogues dev_dialogues.jsonl
  careerbot evaluate --conversations tests/conversations
  careerbot serve --port 8000                 the web chat (pip install 'careerbot[web]')
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see 'careerbot --help')")


def _data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--knowledge", type=Path, metavar="DIR", help="knowledge folder (default: bundled)")
    parser.add_argument("--intents", type=Path, metavar="DIR", help="intents folder (default: bundled)")


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
    ask.add_argument("--json", action="store_true", help="write the reply as JSON")
    _data_options(ask)
    roles = commands.add_parser("roles", help="table of all roles")
    _data_options(roles)
    role = commands.add_parser("role", help="the full profile card of one role (fuzzy name)")
    role.add_argument("name", nargs="+", help="a role name, e.g. 'lab tech' or MA")
    _data_options(role)
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
    evaluate.add_argument("--json", action="store_true", help="write the report as JSON")
    _data_options(evaluate)
    serve = commands.add_parser("serve", help="the web chat in a browser (needs the web extra)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default: 1)")
    serve.add_argument("--log-messages", action="store_true", help="write message text to the log")
    serve.add_argument("--log-misses", type=Path, metavar="FILE", help="append fallback questions to FILE")
    return parser


def _wants_color(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _width(stream: TextIO) -> int | None:
    if not stream.isatty():
        return None
    return max(40, min(os.get_terminal_size(stream.fileno()).columns, 120))


def _print_reply(reply: Reply, as_json: bool, out: TextIO) -> None:
    if as_json:
        out.write(render.json_line(reply) + "\n")
    else:
        out.write(render.text(reply, width=_width(out), color=_wants_color(out)) + "\n\n")
    out.flush()


def run_batch(bot: Bot, source: io.BufferedIOBase | TextIO, as_json: bool, out: TextIO) -> int:
    """One message per input line (UTF-8, bad bytes replaced, blank lines skipped), one answer each."""
    stream = source.buffer if hasattr(source, "buffer") else source
    for raw in stream:
        line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        _print_reply(bot.reply(line), as_json, out)
    return EXIT_OK


def find_role(bot: Bot, name: str, *, hint: str = "try 'careerbot roles'") -> str:
    """The id of the role a name means, fuzzily; UsageError with suggestions (or the hint) when none."""
    mentions = bot.engine.matcher.find(name)
    if mentions.role_ids:
        return mentions.role_ids[0]
    if mentions.ambiguous:
        options = ", ".join(bot.kb.role(r).title for r in mentions.ambiguous[0].candidates)
        raise UsageError(f"'{render.safe(name)}' could mean several roles: {options}")
    import difflib

    titles = {role.title.lower(): role.id for role in bot.kb.roles}
    close = difflib.get_close_matches(name.lower(), list(titles), n=3, cutoff=0.4)
    suggestion = f"did you mean {', '.join(close)}?" if close else hint
    raise UsageError(f"no role matches '{render.safe(name)}'; {suggestion}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    out = sys.stdout
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as done:  # only --help and --version exit here (errors raise UsageError)
            return done.code if isinstance(done.code, int) else EXIT_OK
        return _dispatch(args, out)
    except DataError as error:
        for problem in error.problems:
            sys.stderr.write(f"Error: {render.safe(str(problem))}\n")
        return EXIT_USAGE
    except ChatbotError as error:
        sys.stderr.write(f"Error: {render.safe(str(error))}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("\nInterrupted.\n")
        return EXIT_INTERRUPT
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, and keep Python from complaining at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE


def _dispatch(args: argparse.Namespace, out: TextIO) -> int:
    from ..bot import Bot

    command = args.command
    if command == "validate":
        from ..bot import load_engine
        from ..knowledge.loader import check_product_intents

        engine = load_engine(args.knowledge, args.intents, use_cache=False)
        missing = check_product_intents(engine.intents, args.intents)
        if missing:  # the product's 17 intents, checked here for any folder (the matcher needs none of them)
            raise DataError(missing)
        out.write(f"OK: {len(engine.kb.roles)} roles and {len(engine.intents.intents)} intents are valid.\n")
        return EXIT_OK
    if command == "evaluate":
        from .evaluate import evaluate, format_report

        if args.file is None and args.dialogues is None and not args.conversations:
            raise UsageError("evaluate needs FILE.jsonl, --dialogues FILE or --conversations FILE...")
        reports = evaluate(args.file, args.dialogues, args.knowledge, args.intents)
        texts = [format_report(report) for report in reports]
        if args.conversations:
            from . import conversations

            reports.append(conversations.score_files(args.conversations, Bot(args.knowledge, args.intents)))
            texts.append(conversations.format_report(reports[-1]))
        if args.json:
            import json

            out.write(json.dumps(reports, indent=2) + "\n")
        else:
            out.write("\n\n".join(texts) + "\n")
        return EXIT_OK
    if command == "serve":
        from .web.serve import run

        return run(
            args.host, args.port, args.workers, log_messages=args.log_messages, log_misses=args.log_misses
        )
    bot = Bot(args.knowledge, args.intents)
    if command == "ask":
        _print_reply(bot.reply(" ".join(args.question)), args.json, out)
        return EXIT_OK
    if command == "roles":
        out.write(bot.roles_table() + "\n")
        return EXIT_OK
    if command == "role":
        card = bot.profile(find_role(bot, " ".join(args.name)))
        out.write(render.text(card, width=_width(out), color=_wants_color(out)) + "\n")
        return EXIT_OK
    if sys.stdin.isatty() and out.isatty() and not args.json:
        from .shell import run_shell

        return run_shell(bot)
    return run_batch(bot, sys.stdin, args.json, out)
