"""`careerbot evaluate --cross-validate K`: how well the classifier generalises, from the intent files alone.

Stratified K-fold: each intent's examples are put in an order fixed by a hash of their text and dealt into
K folds, so every fold holds about 1/K of every intent. An example added to one intent moves only that
intent's examples between folds, so the score of a change is not a reshuffle of every fold. For each fold
the classifier is built from the other folds (cues kept, since they are part of an intent's definition)
and classifies the fold's examples, with `{role}` read as the role placeholder. No dev set is needed, so
anyone can measure a change to the examples or to the method, and the same command works on any intent
set (`--intents DIR`).
"""

from __future__ import annotations

import zlib
from collections import Counter
from pathlib import Path
from typing import Any

from ..knowledge.loader import load_intents
from ..knowledge.schema import IntentId, IntentSet
from ..nlu.classifier import FALLBACK_INTENT, IntentClassifier
from ..nlu.mentions import Mentions
from ..nlu.normalize import name_key, tokenize
from ..records import record, replace

MAX_MISSES_SHOWN = 30


@record
class HeldOut:
    """One example classified by a classifier that never saw it."""

    text: str
    intent: IntentId
    predicted: IntentId
    fold: int


def folds(intent_set: IntentSet, k: int) -> list[list[tuple[IntentId, str]]]:
    """Every example dealt into k folds, stratified by intent (each intent's examples in hash order)."""
    dealt: list[list[tuple[IntentId, str]]] = [[] for _ in range(k)]
    for intent in intent_set.intents:
        examples = sorted(intent.examples, key=lambda text: _hashed(f"{intent.id} {text}"))
        offset = _hashed(intent.id)  # small intents do not all start in fold 0
        for index, example in enumerate(examples):
            dealt[(offset + index) % k].append((intent.id, example))
    return dealt


def _hashed(text: str) -> int:
    """The same number on every run and machine (`hash` of a string changes with each process)."""
    return zlib.crc32(text.encode("utf-8"))


def _without(intent_set: IntentSet, held_out: set[tuple[IntentId, str]]) -> IntentSet:
    intents = tuple(
        replace(intent, examples=tuple(e for e in intent.examples if (intent.id, e) not in held_out))
        for intent in intent_set.intents
    )
    return IntentSet(intents)


def cross_validate(intent_set: IntentSet, k: int) -> list[HeldOut]:
    """Each example classified once, by a classifier built without its fold."""
    results: list[HeldOut] = []
    for number, fold in enumerate(folds(intent_set, k)):
        classifier = IntentClassifier(_without(intent_set, set(fold)))
        for intent_id, example in fold:
            tokens = tokenize(example.replace("{role}", f" {classifier.placeholder} "))
            guess = classifier.classify(tokens, Mentions())
            results.append(HeldOut(example, intent_id, guess.intent, number))
    return results


def run(intents_dir: Path | None, k: int) -> dict[str, Any]:
    """The cross-validation report for an intents folder (the bundled one by default)."""
    return report(load_intents(intents_dir, name_key=name_key), k)


def report(intent_set: IntentSet, k: int) -> dict[str, Any]:
    """Accuracy, out-of-scope precision and recall, per-intent recall and the misses, as JSON-able data."""
    if k < 2:
        raise ValueError(f"--cross-validate needs K of at least 2; got {k}")
    results = cross_validate(intent_set, k)
    right = sum(r.predicted == r.intent for r in results)
    total = len(results) or 1
    per_intent = Counter(r.intent for r in results)
    hits = Counter(r.intent for r in results if r.predicted == r.intent)
    predicted_oos = [r for r in results if r.predicted == FALLBACK_INTENT]
    gold_oos = [r for r in results if r.intent == FALLBACK_INTENT]
    return {
        "name": f"cross-validation ({k} folds)",
        "n": len(results),
        "intent_accuracy": round(right / total, 4),
        "out_of_scope_precision": _ratio(
            sum(r.intent == FALLBACK_INTENT for r in predicted_oos), predicted_oos
        ),
        "out_of_scope_recall": _ratio(sum(r.predicted == FALLBACK_INTENT for r in gold_oos), gold_oos),
        "recall_by_intent": {i: round(hits[i] / n, 4) for i, n in sorted(per_intent.items())},
        "misses": [
            {"text": r.text, "intent": r.intent, "predicted": r.predicted}
            for r in results
            if r.predicted != r.intent
        ],
    }


def _ratio(count: int, of: list[HeldOut]) -> float | None:
    return round(count / len(of), 4) if of else None


def format_report(data: dict[str, Any]) -> str:
    """The report as aligned text for a terminal."""
    lines = [
        f"== {data['name']}: {data['n']} examples",
        f"{'intent accuracy':<24} {data['intent_accuracy']:.3f}",
    ]
    for key in ("out_of_scope_precision", "out_of_scope_recall"):
        if data[key] is not None:
            lines.append(f"{key.replace('_', ' '):<24} {data[key]:.3f}")
    lines += ["", f"{'intent':<26} recall"]
    lines += [f"{intent:<26} {value:6.2f}" for intent, value in data["recall_by_intent"].items()]
    misses = data["misses"]
    lines += ["", f"misses ({len(misses)}):"]
    lines += [f"- {m['text']!r}: {m['intent']}, got {m['predicted']}" for m in misses[:MAX_MISSES_SHOWN]]
    if len(misses) > MAX_MISSES_SHOWN:
        lines.append(f"  ... and {len(misses) - MAX_MISSES_SHOWN} more (--json lists them all)")
    return "\n".join(lines)
