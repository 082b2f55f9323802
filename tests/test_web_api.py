"""The web chat's JSON API (Starlette's test client), its signed state, and the state codec under it."""

from __future__ import annotations

import dataclasses
import enum
import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatbot import Bot
from chatbot.dialogue import codec
from chatbot.errors import UsageError
from chatbot.interfaces import cli

pytest.importorskip("starlette", reason="pip install '.[test,web]' for the web chat tests")

from starlette.testclient import TestClient  # noqa: E402

from chatbot.interfaces.web.app import MAX_BODY_BYTES, WebConfig, create_app  # noqa: E402
from chatbot.interfaces.web.tokens import Signer  # noqa: E402

KEY = b"api-test-key-0123456789abcdef"
REPLY_KEYS = {"intent", "roles", "confidence", "text", "suggested_roles", "follow_ups", "sources"}
STATIC = Path(__file__).parent.parent / "chatbot" / "interfaces" / "web" / "static"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig(KEY))) as test_client:
        yield test_client


def _chat(client: TestClient, message: str, state: str | None = None) -> dict[str, Any]:
    response = client.post("/api/chat", json={"message": message, "state": state})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# --- the contract ----------------------------------------------------------------------------------


def test_a_message_gets_the_reply_contract_and_a_state_token(client: TestClient) -> None:
    """POST /api/chat answers with Reply.to_dict() and an opaque state string."""
    body = _chat(client, "what is the job of a medical coder")
    assert set(body["reply"]) == REPLY_KEYS
    assert body["reply"]["intent"] == "role_overview" and body["reply"]["roles"] == ["medical_coder"]
    assert isinstance(body["state"], str) and body["state"]
    assert body["view"] == "card" and [card["id"] for card in body["cards"]] == ["medical_coder"]


def test_the_state_carries_the_conversation(client: TestClient) -> None:
    """A follow-up with the returned state is read in the light of the earlier message."""
    first = _chat(client, "what is the job of a medical coder")
    follow = _chat(client, "what is their pay like", first["state"])
    assert follow["reply"]["intent"] == "role_salary" and follow["reply"]["roles"] == ["medical_coder"]
    fresh = _chat(client, "what is their pay like")
    assert fresh["reply"]["roles"] != ["medical_coder"]


def test_another_app_with_the_same_key_continues_the_conversation() -> None:
    """Two app instances (two workers or machines) that share a key continue each other's state."""
    one, two = TestClient(create_app(WebConfig(KEY))), TestClient(create_app(WebConfig(KEY)))
    state = _chat(one, "describe the work of a phlebotomist")["state"]
    follow = _chat(two, "and how long is the training?", state)
    assert follow["reply"]["roles"] == ["phlebotomist"]


def test_an_app_with_another_key_refuses_the_state() -> None:
    """A token signed with another key is a 400, not a silently fresh conversation."""
    state = _chat(TestClient(create_app(WebConfig(KEY))), "describe the work of a phlebotomist")["state"]
    other = TestClient(create_app(WebConfig(b"some-other-key-0123456789")))
    response = other.post("/api/chat", json={"message": "and their pay?", "state": state})
    assert response.status_code == 400 and "signature" in response.json()["error"]


def _tamper(token: str, part: int) -> str:
    pieces = token.split(".")
    middle = len(pieces[part]) // 2
    flipped = "A" if pieces[part][middle] != "A" else "B"
    pieces[part] = pieces[part][:middle] + flipped + pieces[part][middle + 1 :]
    return ".".join(pieces)


@pytest.mark.parametrize("part", [1, 2], ids=["payload", "signature"])
def test_a_tampered_state_is_refused(client: TestClient, part: int) -> None:
    """Changing one character of the payload or of the signature gives 400 with a JSON error."""
    state = _chat(client, "tell me what a medical biller does")["state"]
    response = client.post("/api/chat", json={"message": "and pay?", "state": _tamper(state, part)})
    assert response.status_code == 400
    assert "state" in response.json()["error"]


@pytest.mark.parametrize(
    "payload",
    [
        {"s": {"data": "0" * 16, "state": {}}},
        {"s": {"state": {}}},
        {"s": "not a dict"},
        {"other": 1},
    ],
    ids=["other-data-version", "no-version", "not-an-object", "no-state"],
)
def test_a_signed_state_that_does_not_fit_is_a_400(client: TestClient, payload: dict[str, Any]) -> None:
    """A correctly signed token whose content does not fit this bot is a 400, never a 500."""
    token = Signer(KEY).seal(payload)
    response = client.post("/api/chat", json={"message": "hi", "state": token})
    assert response.status_code == 400


def test_a_signed_state_with_wrong_field_types_is_a_400(client: TestClient) -> None:
    """The codec checks every field against its type hint, so a wrong type in a valid token is refused."""
    exported = Bot().export_state()
    for bad_state in ({"focus": "medical_coder"}, {"quiz_step": "two"}, {"no_such_field": 1}):
        token = Signer(KEY).seal({"s": {**exported, "state": bad_state}})
        response = client.post("/api/chat", json={"message": "and pay?", "state": token})
        assert response.status_code == 400, bad_state


def test_a_long_conversation_keeps_a_small_token(client: TestClient) -> None:
    """A hundred turns over every role: each answered, the token stays far below the body limit."""
    questions = ["what is a {} like as a job", "pay for a {}?", "training to be a {}", "tell me more"]
    roles = Bot().kb.role_ids
    state = None
    for turn in range(100):
        role = roles[turn % len(roles)].replace("_", " ")
        state = _chat(client, questions[turn % len(questions)].format(role), state)["state"]
        assert len(state) < MAX_BODY_BYTES // 4


# --- errors ----------------------------------------------------------------------------------------

BAD_BODIES = [
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe\x00", "not valid JSON"),
    (b"[" * 5000 + b"]" * 5000, "not valid JSON|JSON object"),
    (b'["hi"]', "JSON object"),
    (b"{}", "'message'"),
    (b'{"message": 42}', "'message'"),
    (b'{"message": null}', "'message'"),
    (b'{"message": "   "}', "empty"),
    (b'{"message": "hi", "state": 7}', "'state'"),
    (b'{"message": "hi", "state": "garbage"}', "state"),
    (b'{"message": "hi", "state": "v1.!!!.???"}', "state"),
]


@pytest.mark.parametrize("body,error", BAD_BODIES, ids=[error for _, error in BAD_BODIES])
def test_bad_requests_get_400_with_a_json_error(client: TestClient, body: bytes, error: str) -> None:
    """Malformed JSON, a missing or non-string message, or a bad state: 400 and {"error": ...}."""
    response = client.post("/api/chat", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    assert any(part in response.json()["error"] for part in error.split("|"))


def test_a_body_over_16_kb_is_413(client: TestClient) -> None:
    """A large body is refused with 413, whether its length is declared or streamed."""
    big = json.dumps({"message": "x" * (MAX_BODY_BYTES + 10)}).encode()
    assert client.post("/api/chat", content=big).status_code == 413

    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b" " * 1024

    response = client.post("/api/chat", content=chunks())
    assert response.status_code == 413 and "error" in response.json()


def test_a_message_just_under_the_limit_is_answered(client: TestClient) -> None:
    """A long message within 16 KB is answered (the bot reads its first part and says so)."""
    body = _chat(client, "how much do coders make " * 600)
    assert body["reply"]["text"]


@pytest.mark.parametrize(
    "method,path", [("GET", "/api/chat"), ("PUT", "/api/chat"), ("POST", "/healthz"), ("DELETE", "/")]
)
def test_other_methods_are_405(client: TestClient, method: str, path: str) -> None:
    """Only the documented methods are allowed; others get 405 with a JSON body."""
    response = client.request(method, path)
    assert response.status_code == 405 and "error" in response.json()


def test_an_unknown_path_is_a_json_404(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "error" in response.json()


def test_hostile_text_is_answered_as_ascii_json(client: TestClient) -> None:
    """A lone surrogate, control codes and markup in a message give a 200 whose body is pure ASCII."""
    response = client.post(
        "/api/chat",
        content=b'{"message": "\\ud800 \\u001b[31m <script>alert(1)</script> coder pay"}',
    )
    assert response.status_code == 200
    response.content.decode("ascii")  # raises if anything non-ASCII was written raw


# --- headers, page, health -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,path",
    [("GET", "/"), ("GET", "/healthz"), ("GET", "/static/app.js"), ("GET", "/nope"), ("PUT", "/")],
)
def test_every_response_has_the_security_headers(client: TestClient, method: str, path: str) -> None:
    """CSP without inline script, nosniff, no referrer, no framing: on pages, files and errors alike."""
    headers = client.request(method, path).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_the_page_has_no_inline_script_and_the_accessible_parts(client: TestClient) -> None:
    """Every script is a file of ours; the transcript is a live log; the box is labelled 'Message'."""
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    parser = _PageParser()
    parser.feed(response.text)
    scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
    assert scripts and all(str(attrs.get("src", "")).startswith("/static/") for attrs in scripts)
    assert not any(name.startswith("on") for _, attrs in parser.tags for name in attrs)
    assert any(attrs.get("role") == "log" and attrs.get("aria-live") for _, attrs in parser.tags)
    assert ("label", {"for": "message"}) in parser.tags
    for tag, attrs in parser.tags:  # every referenced file is served (no CDN, works offline)
        url = attrs.get("src") or (attrs.get("href") if tag == "link" else None)
        if url:
            assert url.startswith("/static/") and client.get(url).status_code == 200


def test_the_handout_is_served_with_no_script_allowed(client: TestClient) -> None:
    """The printable handout of the roles on screen: HTML, script-src 'none', its style allowed by hash."""
    response = client.get("/handout", params={"roles": "phlebotomist,medical_coder"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "<h1>Phlebotomist</h1>" in response.text and "<h1>Medical coder</h1>" in response.text
    csp = response.headers["content-security-policy"]
    assert "script-src 'none'" in csp and "'sha256-" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'self'" in csp and csp.count("default-src") == 1
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "roles,status",
    [("", 400), ("nope", 404), (",".join(["phlebotomist"] * 17), 400)],
    ids=["none", "unknown", "many"],
)
def test_a_bad_handout_request_is_a_json_error(client: TestClient, roles: str, status: int) -> None:
    response = client.get("/handout", params={"roles": roles})
    assert response.status_code == status and "error" in response.json()


def test_the_script_never_inserts_markup() -> None:
    """The page script builds nodes with textContent; no HTML-string APIs appear in it at all."""
    script = (STATIC / "app.js").read_text()
    for api in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert api not in script


# --- views for the page ----------------------------------------------------------------------------


def test_a_comparison_comes_with_facts_for_a_table_and_chart(client: TestClient) -> None:
    """Each compared role has pay with year and source, and a flag on estimates and stand-in figures."""
    body = _chat(client, "coder vs physician assistant")
    assert body["view"] == "compare"
    cards = {card["id"]: card for card in body["cards"]}
    assert set(cards) == {"medical_coder", "physician_assistant"}
    for card in cards.values():
        assert (
            card["pay"]["median_annual"] > 0
            and card["pay"]["year"]
            and card["pay"]["source"].startswith("http")
        )
        assert card["growth"]["source"].startswith("http")
    assert cards["medical_coder"]["pay"]["marked"] and not cards["physician_assistant"]["pay"]["marked"]


def test_a_ranking_comes_with_facts_and_no_option_buttons(client: TestClient) -> None:
    body = _chat(client, "which jobs pay the most?")
    assert body["view"] == "ranking" and body["cards"] and body["options"] == []
    assert [card["id"] for card in body["cards"]] == body["reply"]["suggested_roles"][: len(body["cards"])]


def test_quiz_and_clarification_options_are_listed_for_buttons(client: TestClient) -> None:
    """Numbered choices in the reply come as options whose value is the number to send."""
    quiz = _chat(client, "which job fits me?")
    assert [option["value"] for option in quiz["options"]] == ["1", "2", "3", "4"]
    second = _chat(client, quiz["options"][0]["value"], quiz["state"])
    assert second["options"] and second["options"][0]["label"] != quiz["options"][0]["label"]
    nurse = _chat(client, "how much does a nurse make?")
    assert len(nurse["options"]) == 3
    picked = _chat(client, "1", nurse["state"])
    assert picked["reply"]["intent"] == "role_salary" and len(picked["reply"]["roles"]) == 1


# --- logs and config -------------------------------------------------------------------------------


def test_message_text_is_logged_only_when_asked(caplog: pytest.LogCaptureFixture) -> None:
    secret_words = "my private question about coders"
    with caplog.at_level(logging.INFO, logger="careerbot.web"):
        _chat(TestClient(create_app(WebConfig(KEY))), secret_words)
        assert secret_words not in caplog.text
        _chat(TestClient(create_app(WebConfig(KEY, log_messages=True))), secret_words)
        assert secret_words in caplog.text


def test_fallback_questions_are_appended_to_the_misses_file(tmp_path: Path) -> None:
    """--log-misses keeps text and time of questions that fell to the fallback, and nothing else."""
    misses = tmp_path / "misses.jsonl"
    client = TestClient(create_app(WebConfig(KEY, misses_file=misses)))
    _chat(client, "what is the job of a medical coder")
    _chat(client, "my bill from the clinic is wrong")  # a patient's question has its own answer
    _chat(client, "what does a dentist do?")  # a job it knows it does not cover
    _chat(client, "qwzx plorp vendigast")
    lines = [json.loads(line) for line in misses.read_text().splitlines()]
    assert [line["text"] for line in lines] == ["qwzx plorp vendigast"]
    assert set(lines[0]) == {"time", "text"} and lines[0]["time"].endswith("Z")


def test_a_missing_or_short_secret_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="CAREERBOT_SECRET"):
        WebConfig.from_environ({})
    with pytest.raises(UsageError, match="at least"):
        WebConfig.from_environ({"CAREERBOT_SECRET": "short"})
    config = WebConfig.from_environ({"CAREERBOT_SECRET": "x" * 20, "CAREERBOT_LOG_MESSAGES": "1"})
    assert config.log_messages and config.misses_file is None


def test_serve_without_the_web_extra_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without Starlette/uvicorn, `careerbot serve` says which command installs them and exits 2."""
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # makes `import uvicorn` raise ImportError
    assert cli.main(["serve"]) == 2
    assert "pip install 'careerbot[web]'" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["--port", "0"], ["--port", "70000"], ["--workers", "0"]])
def test_serve_refuses_bad_numbers(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", *args]) == 2
    assert "Error:" in capsys.readouterr().err


# --- two real processes ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _post(url: str, payload: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(url + "api/chat", data=json.dumps(payload).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        body: dict[str, Any] = json.loads(response.read())
        return body


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url + "healthz", timeout=1):
                return
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, "serve did not start"
            time.sleep(0.2)


def test_two_serve_processes_with_one_secret_continue_one_conversation() -> None:
    """Turn one on one server, turn two on another: no sticky sessions needed."""
    env = {**os.environ, "CAREERBOT_SECRET": "two-process-secret-0123456789"}
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "chatbot", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        urls = [f"http://127.0.0.1:{port}/" for port in ports]
        for url, process in zip(urls, processes, strict=True):
            _wait_until_up(url, process)
        first = _post(urls[0], {"message": "tell me what a medical biller does", "state": None})
        second = _post(urls[1], {"message": "and what do they earn?", "state": first["state"]})
        assert second["reply"]["intent"] == "role_salary" and second["reply"]["roles"] == ["medical_biller"]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


# --- the codec -------------------------------------------------------------------------------------


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@dataclasses.dataclass(frozen=True, slots=True)
class Inner:
    label: str
    weight: float = 1.0


@dataclasses.dataclass(frozen=True, slots=True)
class Everything:
    """One field of every kind the codec supports, as a future DialogueState might hold them."""

    name: str
    count: int
    flag: bool
    mode: Literal["fast", "slow"]
    colour: Colour
    pair: tuple[str, int]
    items: tuple[Inner, ...]
    maybe: Inner | None = None
    tags: frozenset[str] = frozenset()
    table: Mapping[str, tuple[int, ...]] = dataclasses.field(default_factory=dict)
    ratio: float | None = None


SAMPLE = Everything(
    "x", 3, True, "slow", Colour.BLUE, ("a", 1), (Inner("i"), Inner("j", 2.5)), Inner("m"),
    frozenset({"t", "u"}), {"k": (1, 2)}, 0.5,
)  # fmt: skip


def test_the_codec_round_trips_every_supported_kind_through_json() -> None:
    """Driven only by type hints: a new field of any of these kinds needs no codec change."""
    data = json.loads(json.dumps(codec.encode(SAMPLE)))
    assert codec.decode(Everything, data) == SAMPLE


def test_the_codec_leaves_out_defaults_and_fills_them_back() -> None:
    small = Everything("x", 0, False, "fast", Colour.RED, ("a", 0), ())
    assert set(codec.encode(small)) == {"name", "count", "flag", "mode", "colour", "pair", "items"}
    assert codec.decode(Everything, codec.encode(small)) == small


def test_every_state_of_a_real_conversation_round_trips() -> None:
    bot = Bot()
    for message in ["what does a nurse do?", "2", "what about a coder", "which job fits me?", "1", "3"]:
        bot.reply(message)
        exported = json.loads(json.dumps(bot.export_state()))
        again = Bot()
        again.restore_state(exported)
        assert again.state == bot.state


BAD_VALUES = [
    ({"count": True}, "integer"),
    ({"count": 1.5}, "integer"),
    ({"name": 3}, "string"),
    ({"flag": 1}, "true or false"),
    ({"mode": "medium"}, "not one of"),
    ({"colour": "green"}, "Colour"),
    ({"pair": ["a"]}, "2 items"),
    ({"pair": ["a", "1"]}, "integer"),
    ({"items": [{"label": "i", "extra": 1}]}, "unknown field"),
    ({"items": [{}]}, "missing field"),
    ({"items": "abc"}, "a list"),
    ({"ratio": float("nan")}, "finite"),
    ({"table": {"k": [1, "2"]}}, "integer"),
    ({"tags": "t"}, "a list"),
    ({"maybe": 5}, "an object"),
]


@pytest.mark.parametrize("change,message", BAD_VALUES, ids=[m for _, m in BAD_VALUES])
def test_the_codec_rejects_what_does_not_fit_the_hints(change: dict[str, Any], message: str) -> None:
    data = {**codec.encode(SAMPLE), **change}
    with pytest.raises(ValueError, match=message):
        codec.decode(Everything, data)


def test_the_codec_rejects_absurd_nesting_and_non_objects() -> None:
    with pytest.raises(ValueError):
        codec.decode(Everything, ["not", "an", "object"])
    deep: Any = {"label": "x"}
    for _ in range(100):
        deep = {"label": "x", "weight": deep}
    with pytest.raises(ValueError):
        codec.decode(Inner, deep)


def test_the_load_check_runs_bounded_conversations_without_errors() -> None:
    """The load check's machinery, in miniature (its timings are for the README, never asserted)."""
    from chatbot.devtools import loadcheck

    with loadcheck.serving(workers=1) as (host, port):
        result = loadcheck.run_load(host, port, requests=24, concurrency=4)
    assert result.errors == 0 and len(result.latencies_ms) == 24
    assert "requests per second" in loadcheck.report(result, 4, 1)


WORDS = ["nurse", "which", "1", "2", "coder", "vs", "pay", "stop", "those", "quiz", "<b>", "\x1b[2J", "?"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(WORDS) | st.text(max_size=12), min_size=1, max_size=5), max_size=4))
def test_no_conversation_gets_a_500(client: TestClient, turns: list[list[str]]) -> None:
    """Any short conversation of odd words and text: every turn is a 200 or a 400, never a server error."""
    state = None
    for words in turns:
        response = client.post("/api/chat", json={"message": " ".join(words), "state": state})
        assert response.status_code in (200, 400)
        if response.status_code == 200:
            state = response.json()["state"]
