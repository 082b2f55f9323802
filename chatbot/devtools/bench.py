"""`python -m chatbot.bench [--quick] [--output FILE]`: how fast the bot starts and answers, and its memory.

Not a test and not part of the pipeline: a developer's measuring tool (with its own small argparse, as a
separate entry point). It measures the whole-process start-up of `careerbot ask` beside a bare
`python -c pass`; the latency of one reply over the public dev set's texts, each in a fresh conversation
(or the intents' own examples when the dev set is not next to the checkout); replies per second; the
peak memory of a child process that loads the bot and answers the set; and the same latency and memory
with a synthetic knowledge base of many roles, to see how the cost grows. It prints a table with each
target and whether it is met, writes the numbers as JSON, and exits 0 whatever they are.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..bot import Bot
from ..knowledge.cache import DISABLE_VARIABLE
from ..knowledge.paths import bundled_dir
from ..records import record

P99_BUNDLED_MS = 2.0  # a reply must feel instant, with room for a slower machine
P99_SYNTHETIC_MS = 20.0  # with 1,000 roles the bot should still answer within a frame
STARTUP_OVERHEAD_MS = 250.0  # `careerbot ask` beyond bare Python: the wait before a scripted answer
PEAK_MEMORY_MB = 60.0  # the bundled bot, answering, fits beside other tools on a small machine
ASK_QUESTION = "what does a coder do"
DEV_SET = Path("..") / "shared" / "eval" / "dev.jsonl"  # relative to the repository root
ALIASES_PER_ROLE = 10
SEED = 7


@record
class Plan:
    """How much to measure."""

    name: str
    startup_runs: int
    passes: int
    synthetic_roles: int


FULL = Plan("full", startup_runs=15, passes=10, synthetic_roles=1000)
QUICK = Plan("quick", startup_runs=3, passes=2, synthetic_roles=100)


@record
class Latency:
    load_s: float  # building the engine: loading, validating and indexing the data
    replies: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    replies_per_s: float


# --- what to ask ----------------------------------------------------------------------------------------


def dev_texts() -> tuple[list[str], str]:
    """The dev set's texts if it is beside the checkout, else the intents' examples with roles filled in."""
    for root in (Path.cwd(), Path(__file__).resolve().parent.parent):
        path = (root / DEV_SET).resolve()
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()
            return [json.loads(line)["text"] for line in lines if line.strip()], str(path)
    from ..knowledge.loader import load_intents, load_knowledge  # here: the memory child must not load YAML

    kb, intents = load_knowledge(), load_intents()
    names = itertools.cycle(
        [(role.title, *role.aliases)[k % (1 + len(role.aliases))] for k in range(3) for role in kb.roles]
    )  # one role after another
    texts = [
        re.sub(r"\{role\}", lambda _: next(names), example)  # each placeholder its own role
        for intent in intents.intents
        for example in intent.examples
    ]
    return texts, "the intents' examples, {role} filled in"


# --- start-up -------------------------------------------------------------------------------------------


def _median_ms(command: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    # the first run warms the file cache, the .pyc files and the engine cache
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def startup(runs: int) -> dict[str, Any]:
    """Median wall time of `careerbot ask` and of `python -c pass`, each a whole new process."""
    script = Path(sys.executable).with_name("careerbot.exe" if sys.platform == "win32" else "careerbot")
    ask = [str(script)] if script.is_file() else [sys.executable, "-m", "chatbot"]
    ask_ms = _median_ms([*ask, "ask", ASK_QUESTION], runs)
    cold_ms = _median_ms([*ask, "ask", ASK_QUESTION], runs, env={**os.environ, DISABLE_VARIABLE: "1"})
    bare_ms = _median_ms([sys.executable, "-c", "pass"], runs)
    return {
        "command": " ".join([*ask, "ask", repr(ASK_QUESTION)]),
        "runs": runs,
        "ask_ms": ask_ms,
        "ask_without_engine_cache_ms": cold_ms,
        "bare_python_ms": bare_ms,
        "overhead_ms": ask_ms - bare_ms,
    }


# --- latency and memory ---------------------------------------------------------------------------------


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted values (share 0.99 for p99)."""
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def latency(texts: list[str], passes: int, knowledge: Path | None) -> Latency:
    """Time each text's reply in a fresh conversation, `passes` times over."""
    start = time.perf_counter()
    Bot(knowledge)  # the first Bot builds the engine that the others share
    load_s = time.perf_counter() - start
    samples: list[float] = []
    for _ in range(passes):
        for text in texts:
            bot = Bot(knowledge)
            start = time.perf_counter()
            bot.reply(text)
            samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return Latency(
        load_s,
        len(samples),
        percentile(samples, 0.5),
        percentile(samples, 0.99),
        samples[-1],
        len(samples) / (sum(samples) / 1000),
    )


def peak_memory(texts_file: Path, knowledge: Path | None) -> dict[str, Any]:
    """Peak memory of a child process that loads the bot and answers every text once."""
    command = [sys.executable, "-m", "chatbot.devtools.bench", "--child-memory", str(texts_file)]
    if knowledge is not None:
        command += ["--knowledge", str(knowledge)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return dict(json.loads(result.stdout))


def _child_memory(texts_file: Path, knowledge: Path | None) -> int:
    """In the child: answer every text, then print the peak memory and how it was measured."""
    try:
        import resource
    except ImportError:  # Windows: no getrusage; Python's own allocations are the best measure left
        resource = None  # type: ignore[assignment]
        import tracemalloc

        tracemalloc.start()
    for text in json.loads(texts_file.read_text(encoding="utf-8")):
        Bot(knowledge).reply(text)
    high_water = _high_water_mark()
    if high_water is not None:
        peak, method = high_water, "VmHWM of the child process (its own peak, from /proc)"
    elif resource is not None:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak, method = rss * (1 if sys.platform == "darwin" else 1024), "ru_maxrss of the child process"
    else:
        peak, method = tracemalloc.get_traced_memory()[1], "tracemalloc peak (Python allocations only)"
    print(json.dumps({"peak_mb": peak / 2**20, "method": method}))
    return 0


def _high_water_mark() -> int | None:
    """Linux: the peak resident memory of this program, in bytes. Unlike ru_maxrss it starts afresh at
    exec, so it does not count the parent's pages that the fork copied (a parent that has just answered
    1,800 messages would otherwise add its own size)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


# --- a synthetic knowledge base -------------------------------------------------------------------------

SYLLABLES = (
    "ka",
    "zo",
    "ri",
    "ven",
    "dra",
    "lu",
    "mex",
    "tor",
    "qui",
    "bel",
    "sna",
    "fo",
    "gri",
    "pax",
    "wu",
    "yel",
    "ob",
    "ist",
    "cran",
    "dov",
    "hel",
    "jun",
    "ko",
    "rav",
    "sel",
    "tif",
    "um",
    "zed",
)
NOUNS = ("clerk", "technician", "specialist", "coordinator", "aide", "analyst", "officer", "assistant")


def _made_up_words(count: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4))))
    return sorted(words)


def synthetic_knowledge(folder: Path, total_roles: int) -> Path:
    """A knowledge folder of `total_roles` roles: the bundled ones plus copies with new ids and names."""
    source = bundled_dir("knowledge")
    shutil.copytree(source, folder)
    templates = sorted((source / "roles").glob("*.yaml"))
    template_ids = [path.stem for path in templates]
    rng = random.Random(SEED)
    words = _made_up_words(2 * total_roles, rng)
    rng.shuffle(words)
    for number in range(total_roles - len(templates)):
        template = templates[number % len(templates)]
        block = number - number % len(templates)

        def sibling(match: re.Match[str], block: int = block) -> str:
            """The copy of a referenced role made from the same batch of templates, if there is one."""
            index = block + template_ids.index(match.group())
            return f"synthetic_{index:04d}" if index < total_roles - len(templates) else match.group()

        first, second = words[2 * number], words[2 * number + 1]
        noun, other = rng.sample(NOUNS, 2)
        aliases = (
            first,
            second,
            f"{first} {noun}",
            f"{first} {other}",
            f"{second} {noun}",
            f"senior {first}",
            f"lead {second} {other}",
            f"{first}{second}",
            f"certified {first} {noun}",
            f"{first} {second}",
        )
        assert len(aliases) == ALIASES_PER_ROLE
        text = template.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^id: .*$", f"id: synthetic_{number:04d}", text)
        text = re.sub(r"(?m)^title: .*$", f"title: {first.capitalize()} {noun}", text)
        text = re.sub(r"(?m)^short_title: .*$", f"short_title: {first.capitalize()}", text)
        listed = "".join(f"  - {alias}\n" for alias in aliases)
        text = re.sub(r"(?m)^aliases:\n(?:  - .*\n)+", "aliases:\n" + listed, text)
        text = re.sub(r"(?m)^exams: \[.*\]\n", "", text)  # exam names, like aliases, belong to one role
        text = re.sub(
            r"(?m)^\s*(?:next_roles|related_roles): \[.*\]$",
            lambda line: re.sub(rf"\b(?:{'|'.join(template_ids)})\b", sibling, line.group()),
            text,
        )
        (folder / "roles" / f"synthetic_{number:04d}.yaml").write_text(text, encoding="utf-8")
    return folder


# --- the report -----------------------------------------------------------------------------------------


def _row(measure: str, value: float, unit: str, target: float | None = None) -> dict[str, Any]:
    return {
        "measure": measure,
        "value": round(value, 3),
        "unit": unit,
        "target": target,
        "pass": None if target is None else value < target,
    }


def report_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The measures in table order, each with its target (if any) and whether it is met."""
    up, bundled, synthetic = results["startup"], results["bundled"], results["synthetic"]
    roles = results["synthetic"]["roles"]
    return [
        _row("start-up: python -c pass (median)", up["bare_python_ms"], "ms"),
        _row("start-up: careerbot ask (median)", up["ask_ms"], "ms"),
        _row("start-up: ask minus bare python", up["overhead_ms"], "ms", STARTUP_OVERHEAD_MS),
        _row("start-up: ask, engine cache off (median)", up["ask_without_engine_cache_ms"], "ms"),
        _row(f"bundled {bundled['roles']} roles: engine load", bundled["latency"]["load_s"] * 1000, "ms"),
        _row("bundled: reply p50", bundled["latency"]["p50_ms"], "ms"),
        _row("bundled: reply p99", bundled["latency"]["p99_ms"], "ms", P99_BUNDLED_MS),
        _row("bundled: reply max", bundled["latency"]["max_ms"], "ms"),
        _row("bundled: replies per second", bundled["latency"]["replies_per_s"], "/s"),
        _row("bundled: peak memory", bundled["memory"]["peak_mb"], "MB", PEAK_MEMORY_MB),
        _row(f"{roles} roles: engine load", synthetic["latency"]["load_s"] * 1000, "ms"),
        _row(f"{roles} roles: reply p50", synthetic["latency"]["p50_ms"], "ms"),
        _row(f"{roles} roles: reply p99", synthetic["latency"]["p99_ms"], "ms", P99_SYNTHETIC_MS),
        _row(f"{roles} roles: reply max", synthetic["latency"]["max_ms"], "ms"),
        _row(f"{roles} roles: replies per second", synthetic["latency"]["replies_per_s"], "/s"),
        _row(f"{roles} roles: peak memory", synthetic["memory"]["peak_mb"], "MB"),
    ]


def format_table(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'measure':<38} {'value':>11}  {'target':<10} result", "-" * 70]
    for row in rows:
        target = f"< {row['target']:g} {row['unit']}" if row["target"] is not None else ""
        result = "" if row["pass"] is None else ("pass" if row["pass"] else "FAIL")
        lines.append(f"{row['measure']:<38} {row['value']:>8.2f} {row['unit']:<2}  {target:<10} {result}")
    return "\n".join(lines)


def run(plan: Plan) -> dict[str, Any]:
    """Every measure of a plan, as a JSON-ready dict."""
    texts, texts_source = dev_texts()
    results: dict[str, Any] = {
        "plan": asdict(plan),
        "python": sys.version.split()[0],
        "platform": sys.platform,
        "texts": {"count": len(texts), "source": texts_source},
    }
    with tempfile.TemporaryDirectory(prefix="careerbot-bench-") as temp:
        texts_file = Path(temp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        bundled = latency(texts, plan.passes, None)  # first, before the many processes started below
        results["bundled"] = {
            "roles": len(Bot().kb.roles),
            "latency": asdict(bundled),
            "memory": peak_memory(texts_file, None),
        }
        results["startup"] = startup(plan.startup_runs)
        knowledge = synthetic_knowledge(Path(temp) / "knowledge", plan.synthetic_roles)
        synthetic = latency(texts, plan.passes, knowledge)
        results["synthetic"] = {
            "roles": len(Bot(knowledge).kb.roles),
            "aliases_per_role": ALIASES_PER_ROLE,
            "latency": asdict(synthetic),
            "memory": peak_memory(texts_file, knowledge),
        }
    results["rows"] = report_rows(results)
    results["memory_method"] = results["bundled"]["memory"]["method"]
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; print the table and write the JSON file."""
    parser = argparse.ArgumentParser(prog="python -m chatbot.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and 100 roles: proves it works")
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("bench-results.json"),
        metavar="FILE",
        help="where to write the JSON results (default: bench-results.json)",
    )
    parser.add_argument("--child-memory", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--knowledge", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_memory is not None:
        return _child_memory(args.child_memory, args.knowledge)
    plan = QUICK if args.quick else FULL
    started = time.perf_counter()
    results = run(plan)
    results["seconds"] = round(time.perf_counter() - started, 1)
    texts = results["texts"]
    print(
        f"careerbot benchmark, {plan.name} run: {plan.startup_runs} start-ups, {plan.passes} passes over "
        f"{texts['count']} texts ({texts['source']}), {results['synthetic']['roles']} roles synthetic"
    )
    print(f"memory: {results['memory_method']}\n")
    print(format_table(results["rows"]))
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(
        f"\n{sum(r['pass'] is False for r in results['rows'])} target(s) missed; "
        f"took {results['seconds']} s; results in {args.output}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
