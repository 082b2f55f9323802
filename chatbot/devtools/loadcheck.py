"""A bounded load check of the web chat: a fixed number of chat requests, N at a time, on localhost.

Not a test and not part of the pipeline: a developer's measuring tool (with its own small argparse).
It starts `careerbot serve --workers 2` on a free loopback port (or uses --url, which must be on this
machine), runs short conversations that carry their state from turn to turn, as browsers do, and prints
requests per second, latency percentiles and errors. Only the standard library: one asyncio loop for
the clients (threads would wait for each other's GIL and inflate the latencies they measure).

    python -m chatbot.devtools.loadcheck                 # 2,000 requests, 50 concurrent, 2 workers
    python -m chatbot.devtools.loadcheck --requests 200 --concurrency 10
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import math
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from ..records import record

P99_TARGET_MS = 150.0  # issue 14: 50 concurrent clients on a 2-core machine
LOOPBACK = ("127.0.0.1", "localhost", "::1")
START_TIMEOUT_S = 60.0
REQUEST_TIMEOUT_S = 30.0
# Short conversations a student might have; each client walks one, carrying the state token.
CONVERSATIONS: tuple[tuple[str, ...], ...] = (
    ("what is the job of a medical coder", "what is their pay like", "and a biller?", "compare the two"),
    ("hi", "which job fits me?", "1", "3", "2", "1"),
    ("PA vs NP", "which one pays better?", "how long is the training for a PA?"),
    ("jobs with no degree where i can work from home", "what a medical biller does", "cheers, thank you"),
    ("how much does a nurse make?", "2", "is there demand for them?", "what can they move up to?"),
    ("describe the work of a phlebotomist", "what certification do they need?", "is a dental hygienist one?"),
)


@record
class Result:
    requests: int
    errors: int
    seconds: float
    latencies_ms: tuple[float, ...]

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return math.nan
        return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def _messages(client: int) -> Iterator[tuple[str, bool]]:
    """(message, starts a new conversation) forever, for one client."""
    conversation = client % len(CONVERSATIONS)
    while True:
        for turn, message in enumerate(CONVERSATIONS[conversation]):
            yield message, turn == 0
        conversation = (conversation + 1) % len(CONVERSATIONS)


async def _post(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, body: bytes) -> tuple[int, bytes]:
    """One POST /api/chat on a keep-alive connection: (status, body)."""
    head = (
        "POST /api/chat HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    writer.write(head.encode() + body)
    await writer.drain()
    lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    fields = dict(line.split(":", 1) for line in lines[1:] if ":" in line)
    length = int(next((v for k, v in fields.items() if k.strip().lower() == "content-length"), "0"))
    return status, await reader.readexactly(length)


async def _client(host: str, port: int, client: int, count: int, out: list[float], errors: list[str]) -> None:
    """One keep-alive connection sending `count` chat requests in turn; latencies appended to `out`."""
    reader, writer = await asyncio.open_connection(host, port)
    state: str | None = None
    messages = _messages(client)
    for _ in range(count):
        message, fresh = next(messages)
        body = json.dumps({"message": message, "state": None if fresh else state}).encode()
        started = time.perf_counter()
        try:
            status, payload = await asyncio.wait_for(_post(reader, writer, body), REQUEST_TIMEOUT_S)
            out.append((time.perf_counter() - started) * 1000)
            if status != 200:
                errors.append(f"HTTP {status}: {payload[:120]!r}")
                continue
            state = json.loads(payload)["state"]
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError, KeyError) as error:
            errors.append(f"{type(error).__name__}: {error}")
            writer.close()
            reader, writer = await asyncio.open_connection(host, port)
    writer.close()
    await writer.wait_closed()


async def _load(host: str, port: int, shares: list[int], out: list[float], errors: list[str]) -> None:
    await asyncio.gather(*(_client(host, port, n, share, out, errors) for n, share in enumerate(shares)))


def run_load(host: str, port: int, requests: int, concurrency: int) -> Result:
    """Send `requests` chat requests from `concurrency` clients at once; every request is counted."""
    shares = [requests // concurrency + (1 if n < requests % concurrency else 0) for n in range(concurrency)]
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    asyncio.run(_load(host, port, shares, latencies, errors))
    seconds = time.perf_counter() - started
    for error in sorted(set(errors))[:5]:
        print(f"  error: {error}", file=sys.stderr)
    return Result(requests, len(errors), seconds, tuple(latencies))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_for(host: str, port: int, process: subprocess.Popen[bytes] | None) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        connection = http.client.HTTPConnection(host, port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        if (process is not None and process.poll() is not None) or time.monotonic() > deadline:
            raise SystemExit("the server did not come up")
        time.sleep(0.2)


@contextmanager
def serving(workers: int) -> Iterator[tuple[str, int]]:
    """`careerbot serve --workers N` on a free loopback port for the duration of the block."""
    port = _free_port()
    env = {**os.environ, "CAREERBOT_SECRET": os.environ.get("CAREERBOT_SECRET") or "loadcheck-" + "k" * 24}
    command = [sys.executable, "-m", "chatbot", "serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for("127.0.0.1", port, process)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def report(result: Result, concurrency: int, workers: int | None) -> str:
    rate = result.requests / result.seconds if result.seconds else math.nan
    p99 = result.percentile(0.99)
    ok = result.errors == 0 and p99 < P99_TARGET_MS
    where = f"serve --workers {workers}" if workers else "the given server"
    lines = [
        f"{result.requests} chat requests, {concurrency} concurrent, against {where}",
        f"  requests per second  {rate:8.1f}",
        f"  latency p50          {result.percentile(0.50):8.1f} ms",
        f"  latency p90          {result.percentile(0.90):8.1f} ms",
        f"  latency p99          {p99:8.1f} ms   (target < {P99_TARGET_MS:.0f} ms)",
        f"  latency max          {max(result.latencies_ms, default=math.nan):8.1f} ms",
        f"  errors               {result.errors:8d}      (target 0)",
        f"  machine load (1 min) {os.getloadavg()[0]:8.2f}      (other work here slows all figures)",
        f"  result               {'pass' if ok else 'MISSED'}",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m chatbot.devtools.loadcheck", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--requests", type=int, default=2000, help="chat requests in all (default 2000)")
    parser.add_argument("--concurrency", type=int, default=50, help="clients at once (default 50)")
    parser.add_argument("--workers", type=int, default=2, help="serve --workers (default 2)")
    parser.add_argument("--url", help="an already running server on this machine, e.g. http://127.0.0.1:8000")
    args = parser.parse_args(argv)
    if not (1 <= args.concurrency <= args.requests <= 100_000):
        parser.error("need 1 <= --concurrency <= --requests <= 100000")
    if args.url:
        target = urllib.parse.urlsplit(args.url)
        if target.hostname not in LOOPBACK:
            parser.error("--url must be a loopback address (127.0.0.1, localhost or ::1)")
        host, port = target.hostname, target.port or 80
        _wait_for(host, port, None)
        result = run_load(host, port, args.requests, args.concurrency)
        print(report(result, args.concurrency, None))
    else:
        with serving(args.workers) as (host, port):
            run_load(host, port, min(100, args.requests), min(10, args.concurrency))  # warm both workers
            result = run_load(host, port, args.requests, args.concurrency)
        print(report(result, args.concurrency, args.workers))
    return 0 if result.errors == 0 and result.percentile(0.99) < P99_TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
