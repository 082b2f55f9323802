"""`careerbot evaluate`: scores the bot on labelled JSONL files, single messages and dialogues.

Each single-turn example runs in a fresh conversation; each dialogue runs in one conversation of its
own, turn by turn. Roles are compared as sets. The report gives intent, role and joint accuracy,
per-intent precision/recall/F1, out-of-scope precision/recall, the recommendation hit rate where
`suggest_any` is given, and every miss.
"""

from __future__ import annotations

import json
import re
from dataclasses import field
from pathlib import Path
from typing import Any

from ..bot import Bot
from ..errors import DataError, Problem
from ..knowledge.paths import read_capped
from ..records import record
from . import render

OUT_OF_SCOPE = "out_of_scope"
MAX_INPUT_BYTES = 50_000_000  # an evaluation set of a million lines; beyond that a mistake, not data


@record
class Example:
    text: str
    intent: str
    roles: tuple[str, ...]
    suggest_any: tuple[str, ...] = ()
    where: str = ""  # "dev.jsonl:12" or "dev_dialogues.jsonl:v03 turn 2"


@record
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


@record
class Report:
    name: str
    outcomes: tuple[Outcome, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        outcomes = self.outcomes
        total = len(outcomes) or 1
        labels = sorted({o.example.intent for o in outcomes} | {o.intent for o in outcomes})
        per_intent = {}
        undefined: dict[str, tuple[bool, bool]] = {}  # (no predictions, no examples) per label
        for label in labels:
            tp = sum(o.intent == label and o.intent_ok for o in outcomes)
            predicted = sum(o.intent == label for o in outcomes)
            actual = sum(o.example.intent == label for o in outcomes)
            precision = tp / predicted if predicted else 0.0
            recall = tp / actual if actual else 0.0
            undefined[label] = (predicted == 0, actual == 0)
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            per_intent[label] = {"precision": precision, "recall": recall, "f1": f1, "support": actual}
        suggest = [o for o in outcomes if o.example.suggest_any]
        oos = per_intent.get(OUT_OF_SCOPE, {"precision": None, "recall": None})
        no_predictions, no_examples = undefined.get(OUT_OF_SCOPE, (True, True))
        return {
            "file": self.name,
            "examples": len(outcomes),
            "intent_accuracy": sum(o.intent_ok for o in outcomes) / total,
            "role_accuracy": sum(o.roles_ok for o in outcomes) / total,
            "joint_accuracy": sum(o.intent_ok and o.roles_ok for o in outcomes) / total,
            # None ("n/a") where undefined: a file without out-of-scope examples has no recall to give
            "out_of_scope_precision": None if no_predictions else oos["precision"],
            "out_of_scope_recall": None if no_examples else oos["recall"],
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


def _read_jsonl(path: Path, problems: list[Problem]) -> list[tuple[int, dict[str, Any]]]:
    """The JSON objects of a JSONL file by line number; every bad line is a problem, not only the first."""
    try:  # a regular file with a cap: a FIFO or /dev/zero given as input is refused, never waited on
        text = read_capped(path, MAX_INPUT_BYTES).decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(path, "", f"invalid UTF-8 at byte {error.start}; expected a UTF-8 text file"))
        return []
    except OSError as error:
        problems.append(Problem(path, "", f"cannot read the file ({error.strerror or error})"))
        return []
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(Problem(path, f"line {number}", f"not JSON ({error.msg})"))
            continue
        if not isinstance(row, dict):
            problems.append(Problem(path, f"line {number}", "expected a JSON object"))
            continue
        rows.append((number, row))
    return rows


def _texts(value: Any) -> tuple[str, ...] | None:
    """A JSON list of strings as a tuple, else None."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


def _example(row: Any, path: Path, line: int, where: str, problems: list[Problem]) -> Example | None:
    """One labelled message, or None with a problem saying what is wrong with it."""
    at = f"line {line}" + (f" ({where.split(' ', 1)[1]})" if " " in where else "")
    if not isinstance(row, dict):
        problems.append(Problem(path, at, "expected a JSON object with 'text', 'intent' and 'roles'"))
        return None
    roles, suggest = _texts(row.get("roles", [])), _texts(row.get("suggest_any", []))
    if not isinstance(row.get("text"), str) or not isinstance(row.get("intent"), str):
        problems.append(Problem(path, at, "expected 'text' and 'intent' as strings"))
    elif roles is None or suggest is None:
        problems.append(Problem(path, at, "expected 'roles' and 'suggest_any' as lists of role ids"))
    else:
        return Example(row["text"], row["intent"], roles, suggest, where)
    return None


def _run(bot: Bot, example: Example) -> Outcome:
    reply = bot.reply(example.text)
    return Outcome(example, reply.intent, reply.roles, reply.suggested_roles)


def read_examples(path: Path, problems: list[Problem]) -> list[Example]:
    """Each line a single message to score in a fresh conversation."""
    found = (_example(row, path, n, f"{path.name}:{n}", problems) for n, row in _read_jsonl(path, problems))
    return [example for example in found if example is not None]


def read_dialogues(path: Path, problems: list[Problem]) -> list[list[Example]]:
    """Each line a dialogue whose turns are scored in order in one conversation."""
    dialogues = []
    for number, row in _read_jsonl(path, problems):
        turns = row.get("turns")
        if not isinstance(turns, list):
            problems.append(Problem(path, f"line {number}", "expected a 'turns' list"))
            continue
        label = row.get("id", number)
        found = [
            _example(turn, path, number, f"{path.name}:{label} turn {index}", problems)
            for index, turn in enumerate(turns, 1)
        ]
        dialogues.append([example for example in found if example is not None])
    return dialogues


def score_examples(name: str, examples: list[Example], bot: Bot) -> Report:
    """Each example in a fresh conversation."""
    outcomes = []
    for example in examples:
        bot.reset()
        outcomes.append(_run(bot, example))
    return Report(name, tuple(outcomes))


def score_dialogues(name: str, dialogues: list[list[Example]], bot: Bot) -> Report:
    """Each dialogue in a conversation of its own, turn by turn."""
    outcomes: list[Outcome] = []
    for turns in dialogues:
        bot.reset()
        outcomes.extend(_run(bot, example) for example in turns)
    return Report(name, tuple(outcomes))


def format_report(report: dict[str, Any]) -> str:
    """The report as text for people: headline numbers, per-intent table, misses."""
    lines = [f"== {render.safe(report['file'])}: {report['examples']} examples"]
    for key in (
        "intent_accuracy",
        "role_accuracy",
        "joint_accuracy",
        "out_of_scope_precision",
        "out_of_scope_recall",
    ):
        value = "n/a" if report[key] is None else f"{report[key]:.3f}"
        lines.append(f"{key.replace('_', ' '):24} {value}")
    if report["recommend_hit_rate"] is not None:
        lines.append(
            f"{'recommend hit rate':24} {report['recommend_hit_rate']:.3f}"
            f"  ({report['recommend_examples']} with suggest_any)"
        )
    lines.append("")
    lines.append(f"{'intent':24} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}")
    for intent, row in report["per_intent"].items():
        lines.append(
            f"{render.safe(intent):24} {row['precision']:6.2f} {row['recall']:6.2f} {row['f1']:6.2f} "
            f"{row['support']:4d}"
        )
    if report["misses"]:
        lines.append(f"\nmisses ({len(report['misses'])}):")
        for miss in report["misses"]:
            expected, got = miss["expected"], miss["got"]
            lines.append(
                f"- {miss['where']}: {miss['text']!r}\n    expected {expected['intent']} "
                f"{expected['roles']}, got {got['intent']} {got['roles']}"
            )
    return render.safe("\n".join(lines))  # every label comes from the file: no control code gets out


def _in_file_order(problem: Problem) -> tuple[str, int]:
    line = re.match(r"line (\d+)", problem.where)
    return str(problem.path), int(line.group(1)) if line else 0


def evaluate(
    examples: Path | None, dialogues: Path | None, knowledge: Path | None, intents: Path | None
) -> list[dict[str, Any]]:
    """Reports for the given files, in order; DataError listing every bad line of both files first."""
    problems: list[Problem] = []
    singles = read_examples(examples, problems) if examples is not None else None
    turns = read_dialogues(dialogues, problems) if dialogues is not None else None
    if problems:
        raise DataError(sorted(problems, key=_in_file_order))
    bot = Bot(knowledge, intents)
    reports = []
    if examples is not None and singles is not None:
        reports.append(score_examples(examples.name, singles, bot).to_dict())
    if dialogues is not None and turns is not None:
        reports.append(score_dialogues(dialogues.name, turns, bot).to_dict())
    return reports
