"""`careerbot evaluate`: scores the bot on labelled JSONL files, single messages and dialogues.

Each single-turn example runs in a fresh conversation; each dialogue runs in one conversation of its
own, turn by turn. Roles are compared as sets. The report gives intent, role and joint accuracy,
per-intent precision/recall/F1, out-of-scope precision/recall, the recommendation hit rate where
`suggest_any` is given, and every miss.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..bot import Bot
from ..errors import UsageError

OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    intent: str
    roles: tuple[str, ...]
    suggest_any: tuple[str, ...] = ()
    where: str = ""  # "dev.jsonl:12" or "dev_dialogues.jsonl:v03 turn 2"


@dataclass(frozen=True, slots=True)
class Outcome:
    example: Example
    intent: str
    roles: tuple[str, ...]
    suggested: tuple[str, ...]

    @property
    def intent_ok(self) -> bool:
        return self.intent == self.example.intent

    @property
    def roles_ok(self) -> bool:
        return set(self.roles) == set(self.example.roles)


@dataclass(frozen=True, slots=True)
class Report:
    name: str
    outcomes: tuple[Outcome, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        outcomes = self.outcomes
        total = len(outcomes) or 1
        labels = sorted({o.example.intent for o in outcomes} | {o.intent for o in outcomes})
        per_intent = {}
        for label in labels:
            tp = sum(o.intent == label and o.intent_ok for o in outcomes)
            predicted = sum(o.intent == label for o in outcomes)
            actual = sum(o.example.intent == label for o in outcomes)
            precision = tp / predicted if predicted else 0.0
            recall = tp / actual if actual else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            per_intent[label] = {"precision": precision, "recall": recall, "f1": f1, "support": actual}
        suggest = [o for o in outcomes if o.example.suggest_any]
        oos = per_intent.get(OUT_OF_SCOPE, {"precision": 0.0, "recall": 0.0})
        return {
            "file": self.name,
            "examples": len(outcomes),
            "intent_accuracy": sum(o.intent_ok for o in outcomes) / total,
            "role_accuracy": sum(o.roles_ok for o in outcomes) / total,
            "joint_accuracy": sum(o.intent_ok and o.roles_ok for o in outcomes) / total,
            "out_of_scope_precision": oos["precision"],
            "out_of_scope_recall": oos["recall"],
            "recommend_hit_rate": (
                sum(bool(set(o.suggested) & set(o.example.suggest_any)) for o in suggest) / len(suggest)
                if suggest
                else None
            ),
            "recommend_examples": len(suggest),
            "per_intent": per_intent,
            "misses": [
                {
                    "where": o.example.where,
                    "text": o.example.text,
                    "expected": {"intent": o.example.intent, "roles": list(o.example.roles)},
                    "got": {"intent": o.intent, "roles": list(o.roles)},
                }
                for o in outcomes
                if not (o.intent_ok and o.roles_ok)
            ],
        }


def _read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {path}: {error}") from error
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise UsageError(f"{path}, line {number}: not JSON ({error.msg})") from error
        if not isinstance(row, dict):
            raise UsageError(f"{path}, line {number}: expected a JSON object")
        rows.append((number, row))
    return rows


def _example(row: dict[str, Any], where: str) -> Example:
    try:
        return Example(
            str(row["text"]),
            str(row["intent"]),
            tuple(row.get("roles", ())),
            tuple(row.get("suggest_any", ())),
            where,
        )
    except (KeyError, TypeError) as error:
        raise UsageError(f"{where}: expected keys 'text', 'intent' and 'roles' ({error})") from error


def _run(bot: Bot, example: Example) -> Outcome:
    reply = bot.reply(example.text)
    return Outcome(example, reply.intent, reply.roles, reply.suggested_roles)


def score_examples(path: Path, bot: Bot) -> Report:
    """Each line a single message in a fresh conversation."""
    outcomes = []
    for number, row in _read_jsonl(path):
        bot.reset()
        outcomes.append(_run(bot, _example(row, f"{path.name}:{number}")))
    return Report(path.name, tuple(outcomes))


def score_dialogues(path: Path, bot: Bot) -> Report:
    """Each line a dialogue; its turns run in order in one conversation."""
    outcomes = []
    for number, row in _read_jsonl(path):
        bot.reset()
        turns = row.get("turns")
        if not isinstance(turns, list):
            raise UsageError(f"{path}, line {number}: expected a 'turns' list")
        for index, turn in enumerate(turns, 1):
            where = f"{path.name}:{row.get('id', number)} turn {index}"
            outcomes.append(_run(bot, _example(turn, where)))
    return Report(path.name, tuple(outcomes))


def format_report(report: dict[str, Any]) -> str:
    """The report as text for people: headline numbers, per-intent table, misses."""
    lines = [f"== {report['file']}: {report['examples']} examples"]
    for key in (
        "intent_accuracy",
        "role_accuracy",
        "joint_accuracy",
        "out_of_scope_precision",
        "out_of_scope_recall",
    ):
        lines.append(f"{key.replace('_', ' '):24} {report[key]:.3f}")
    if report["recommend_hit_rate"] is not None:
        lines.append(
            f"{'recommend hit rate':24} {report['recommend_hit_rate']:.3f}"
            f"  ({report['recommend_examples']} with suggest_any)"
        )
    lines.append("")
    lines.append(f"{'intent':24} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}")
    for intent, row in report["per_intent"].items():
        lines.append(
            f"{intent:24} {row['precision']:6.2f} {row['recall']:6.2f} {row['f1']:6.2f} {row['support']:4d}"
        )
    if report["misses"]:
        lines.append(f"\nmisses ({len(report['misses'])}):")
        for miss in report["misses"]:
            expected, got = miss["expected"], miss["got"]
            lines.append(
                f"- {miss['where']}: {miss['text']!r}\n    expected {expected['intent']} "
                f"{expected['roles']}, got {got['intent']} {got['roles']}"
            )
    return "\n".join(lines)


def evaluate(
    examples: Path | None, dialogues: Path | None, knowledge: Path | None, intents: Path | None
) -> list[dict[str, Any]]:
    """Reports for the given files, in order."""
    bot = Bot(knowledge, intents)
    reports = []
    if examples is not None:
        reports.append(score_examples(examples, bot).to_dict())
    if dialogues is not None:
        reports.append(score_dialogues(dialogues, bot).to_dict())
    return reports
