"""Scoring conversation files: replay each conversation in a fresh Bot and check every turn.

`careerbot evaluate --conversations FILE...` prints `format_report(score_files(...))`; the tests replay
one conversation at a time with `replay`. The report gives the pass rate per class and overall, the
pending conversations (known gaps, marked in the data) and every failing turn with its checks and reply.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..answers.reply import Reply
from ..bot import Bot
from ..records import record
from .conversation_checks import Conversation, Turn
from .conversation_files import load_conversations
from .render import safe

REPLY_PREVIEW_CHARS = 400  # enough to see why a check failed without a whole comparison table


@record
class TurnResult:
    turn: Turn
    reply: Reply
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


@record
class ConversationResult:
    conversation: Conversation
    turns: tuple[TurnResult, ...]

    @property
    def passed(self) -> bool:
        return all(result.passed for result in self.turns)

    @property
    def failing(self) -> tuple[TurnResult, ...]:
        return tuple(result for result in self.turns if not result.passed)


def _answer(bot: Bot, text: str) -> Reply:
    try:
        return bot.reply(text)
    except Exception as error:  # a crash is a failed turn in the report, not a broken run
        return Reply("(crashed)", (), 0.0, f"<the bot raised {type(error).__name__}: {error}>")


def replay(bot: Bot, conversation: Conversation) -> ConversationResult:
    """Every turn of one conversation, from a fresh start, with the checks that failed."""
    bot.reset()
    results = []
    for turn in conversation.turns:
        reply = _answer(bot, turn.say)
        failures = tuple(f for check in turn.checks if (f := check.failure(reply)) is not None)
        results.append(TurnResult(turn, reply, failures))
    return ConversationResult(conversation, tuple(results))


def _rate(passed: int, total: int) -> float:
    return round(passed / total, 3) if total else 0.0


def _tally(results: Sequence[ConversationResult]) -> dict[str, dict[str, Any]]:
    classes: dict[str, list[int]] = {}
    for result in results:
        for turn in (t for t in result.turns if t.turn.checks):
            tally = classes.setdefault(turn.turn.category, [0, 0, 0])
            tally[0] += turn.passed
            tally[1] += 1
            tally[2] += bool(result.conversation.pending)
    return {
        name: {"passed": p, "total": n, "rate": _rate(p, n), "pending_turns": pending}
        for name, (p, n, pending) in sorted(classes.items())
    }


def _failure(result: ConversationResult, turn: TurnResult) -> dict[str, Any]:
    conversation = result.conversation
    return {
        "file": conversation.source.name,
        "conversation": conversation.id,
        "turn": turn.turn.number,
        "class": turn.turn.category,
        "pending": conversation.pending or None,
        "say": turn.turn.say,
        "checks": list(turn.failures),
        "intent": turn.reply.intent,
        "roles": list(turn.reply.roles),
        "suggested_roles": list(turn.reply.suggested_roles),
        "reply": turn.reply.text,
    }


def report(results: Sequence[ConversationResult]) -> dict[str, Any]:
    """The scores as plain data (the JSON contract of `evaluate --conversations --json`)."""
    checked = [(r, t) for r in results for t in r.turns if t.turn.checks]
    firm = [t for r, t in checked if not r.conversation.pending]
    pending = [r for r in results if r.conversation.pending]
    turns_passed = sum(t.passed for _, t in checked)
    return {
        "kind": "conversations",
        "files": list(dict.fromkeys(str(r.conversation.source) for r in results)),
        "conversations": len(results),
        "conversations_passed": sum(r.passed for r in results),
        "conversations_pass_rate": _rate(sum(r.passed for r in results), len(results)),
        "turns": len(checked),
        "turns_passed": turns_passed,
        "turns_pass_rate": _rate(turns_passed, len(checked)),
        "without_pending": {"turns": len(firm), "turns_passed": sum(t.passed for t in firm)},
        "pending": {
            "conversations": len(pending),
            "turns": sum(1 for r, _ in checked if r.conversation.pending),
            "now_passing": [r.conversation.id for r in pending if r.passed],
        },
        "classes": _tally(results),
        "failures": [_failure(r, t) for r in results for t in r.failing],
    }


def score_files(paths: Iterable[Path], bot: Bot) -> dict[str, Any]:
    """Read, validate and replay every conversation in these files and folders (DataError if broken)."""
    roles = [role.id for role in bot.kb.roles]
    conversations = load_conversations(paths, roles, bot.engine.intents.ids)
    return report([replay(bot, conversation) for conversation in conversations])


def _preview(text: str) -> str:
    shown = safe(text)
    if len(shown) > REPLY_PREVIEW_CHARS:
        shown = shown[:REPLY_PREVIEW_CHARS].rstrip() + " ..."
    return shown.replace("\n", "\n      ")


def _failure_lines(failure: dict[str, Any]) -> list[str]:
    pending = f" (pending: {safe(failure['pending'])})" if failure["pending"] else ""
    roles = ", ".join(failure["roles"]) or "none"
    return [
        f"- {failure['file']}: {safe(failure['conversation'])} turn {failure['turn']}"
        f" [{safe(failure['class'])}]{pending}",
        f"    say: {safe(failure['say'])!r}",
        *(f"    check {safe(check)}" for check in failure["checks"]),
        f"    reply ({failure['intent']}; roles {roles}):",
        f"      {_preview(failure['reply'])}",
    ]


def format_report(scores: dict[str, Any]) -> str:
    """The scores as text for people: a class table, the totals, pending, then every failing turn."""
    classes = scores["classes"]
    width = max([len(name) for name in classes] + [5])
    lines = [
        f"== conversations: {scores['conversations']} in {len(scores['files'])} file(s)",
        f"{'class':<{width}}  {'pass/n':>9}  {'rate':>5}  pending turns",
    ]
    for name, row in classes.items():
        share = f"{row['passed']}/{row['total']}"
        lines.append(f"{safe(name):<{width}}  {share:>9}  {row['rate']:5.3f}  {row['pending_turns']}")
    share = f"{scores['turns_passed']}/{scores['turns']}"
    lines.append(
        f"{'all':<{width}}  {share:>9}  {scores['turns_pass_rate']:5.3f}  {scores['pending']['turns']}"
    )
    firm, pending = scores["without_pending"], scores["pending"]
    lines += [
        "",
        f"conversations passed    {scores['conversations_passed']}/{scores['conversations']}"
        f" ({scores['conversations_pass_rate']:.3f})",
        f"turns without pending   {firm['turns_passed']}/{firm['turns']}",
        f"pending conversations   {pending['conversations']} ({pending['turns']} checked turns)",
    ]
    if pending["now_passing"]:
        lines.append(
            "pending but now passing (drop 'pending'): " + ", ".join(map(safe, pending["now_passing"]))
        )
    if scores["failures"]:
        lines.append(f"\nfailing turns ({len(scores['failures'])}):")
        for failure in scores["failures"]:
            lines += _failure_lines(failure)
    return "\n".join(lines)
