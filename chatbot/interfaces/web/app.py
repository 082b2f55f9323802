"""The web chat's ASGI app: the page, POST /api/chat, GET /healthz, and the security headers.

Stateless by design: each request carries the conversation as a signed token (`tokens`), a fresh `Bot`
continues it and hands back the next token, so any worker on any machine with the same key can answer
any request, and nothing about a conversation is stored here. Bad input is a 4xx with a JSON body,
never a 500; message text reaches the logs only with --log-messages.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ... import Bot, Reply
from ...errors import UsageError
from ...records import record
from .tokens import Signer, TokenError, check_key

SECRET_VAR = "CAREERBOT_SECRET"
LOG_MESSAGES_VAR = "CAREERBOT_LOG_MESSAGES"
LOG_MISSES_VAR = "CAREERBOT_LOG_MISSES"
MAX_BODY_BYTES = 16 * 1024  # a chat message is short; anything larger is a mistake or an attack
STATIC_DIR = Path(__file__).parent / "static"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
# Intent ids of the JSON contract that decide how the page lays a reply out.
COMPARE, RECOMMEND, OVERVIEW, OUT_OF_SCOPE = (
    "compare_roles",
    "recommend_roles",
    "role_overview",
    "out_of_scope",
)
MAX_CHART_ROLES = 8
MAX_HANDOUT_ROLES = 16  # a handout is a page per role; more is not a handout
NONE = "'none'"
OPTION_LINE = re.compile(r"^\s*(\d{1,2})\.\s+(.+?)\s*$", re.MULTILINE)

log = logging.getLogger("careerbot.web")

ASGIApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
    Awaitable[None],
]


@record
class WebConfig:
    """What a worker needs to know; `serve` passes it to its worker processes as environment variables."""

    key: bytes
    log_messages: bool = False
    misses_file: Path | None = None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> WebConfig:
        """The config from CAREERBOT_SECRET and friends; UsageError when there is no usable key."""
        secret = environ.get(SECRET_VAR, "")
        if not secret:
            raise UsageError(f"set {SECRET_VAR} (the same value on every process and machine)")
        try:
            key = check_key(secret)
        except ValueError as error:
            raise UsageError(str(error)) from None
        misses = environ.get(LOG_MISSES_VAR)
        return cls(key, environ.get(LOG_MESSAGES_VAR) == "1", Path(misses) if misses else None)


class ASCIIJSONResponse(JSONResponse):
    """JSON with non-ASCII escaped, so a lone surrogate from a client's message cannot break encoding."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _error(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    return ASCIIJSONResponse({"error": message}, status_code=status, headers=headers)


class ChatApp:
    """The request handlers over one key and one loaded engine (the engine is shared by the process)."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.signer = Signer(config.key)
        # One Bot per process, loaded now so that a data problem stops the start, not the first request.
        # It holds no conversation between requests: each request restores its own state into it and
        # exports the next one with no `await` in between, so requests on this event loop cannot mix.
        self.bot = Bot()
        self.page = (STATIC_DIR / "index.html").read_bytes()

    async def index(self, request: Request) -> Response:
        return Response(self.page, media_type="text/html; charset=utf-8")

    async def handout(self, request: Request) -> Response:
        """GET /handout?roles=a,b: the printable handout of those roles, framed and printed by the page."""
        wanted = [r for r in request.query_params.get("roles", "").split(",") if r]
        if not 1 <= len(wanted) <= MAX_HANDOUT_ROLES:
            return _error(400, f"'roles' must name 1 to {MAX_HANDOUT_ROLES} role ids, separated by commas")
        try:
            page = self.bot.handout(list(dict.fromkeys(wanted)), "html")
        except KeyError:
            return _error(404, "no such role; the ids are those of the 'cards' in /api/chat answers")
        return Response(page, media_type="text/html; charset=utf-8", headers=_handout_headers(page))

    async def healthz(self, request: Request) -> Response:
        return ASCIIJSONResponse({"status": "ok"})

    async def chat(self, request: Request) -> Response:
        started = time.perf_counter()
        payload = _parse(await _read_body(request))
        message, token = payload["message"], payload["state"]
        bot = self.bot
        bot.reset()
        if token is not None:
            try:
                bot.restore_state(self.signer.open(token)["s"])
            except (TokenError, KeyError, TypeError, ValueError) as error:
                return _error(400, f"bad state: {error}; start a new conversation with state null")
        reply = bot.reply(message)
        body = {"reply": reply.to_dict(), "state": self.signer.seal({"s": bot.export_state()})}
        body.update(_layout(bot, reply))
        self._log(message, reply, started, _is_miss(bot, reply))
        return ASCIIJSONResponse(body, headers={"cache-control": "no-store"})

    def _log(self, message: str, reply: Reply, started: float, miss: bool) -> None:
        took = (time.perf_counter() - started) * 1000
        if self.config.log_messages:
            log.info("chat %s -> %s (%.1f ms)", json.dumps(message), reply.intent, took)
        if self.config.misses_file is not None and miss:
            line = json.dumps({"time": _utc_now(), "text": message}, ensure_ascii=True) + "\n"
            try:  # one write of one line in append mode, so several workers can share the file
                with open(self.config.misses_file, "a", encoding="ascii") as out:
                    out.write(line)
            except OSError as error:
                log.warning("could not write to the misses file: %s", error.strerror)


def _handout_headers(page: str) -> dict[str, str]:
    """A stricter policy for the handout: no script at all, only its own inline style (by hash), and
    framing by our own page, which prints it."""
    styles = re.findall(r"<style>(.*?)</style>", page, flags=re.DOTALL)
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()}'" for style in styles
    )
    policy = (
        f"default-src 'self'; script-src 'none'; style-src {hashes or NONE}; object-src 'none'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
    )
    return {"content-security-policy": policy, "x-frame-options": "SAMEORIGIN"}


async def _read_body(request: Request) -> bytes:
    """The request body, refused with 413 as soon as it passes the limit (declared or streamed)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
        raise HTTPException(413 if declared.isdigit() else 400, f"body over {MAX_BODY_BYTES} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise HTTPException(413, f"body over {MAX_BODY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _parse(body: bytes) -> dict[str, Any]:
    """{"message": str, "state": str | None} from the body; HTTPException 400 saying what is wrong."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise HTTPException(400, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise HTTPException(400, 'the body must be a JSON object: {"message": "...", "state": null}')
    message = data.get("message")
    if not isinstance(message, str):
        raise HTTPException(400, "'message' is missing or not a string")
    if not message.strip():
        raise HTTPException(400, "'message' is empty")
    state = data.get("state")
    if state is not None and not isinstance(state, str):
        raise HTTPException(400, "'state' must be null or the token from the last reply")
    return {"message": message, "state": state}


def _layout(bot: Bot, reply: Reply) -> dict[str, Any]:
    """How the page shows a reply: a card, a comparison or a ranking (with role facts), and options."""
    if reply.intent == COMPARE and len(reply.roles) > 1:
        view, roles = "compare", reply.roles
    elif reply.intent == RECOMMEND and reply.suggested_roles:
        view, roles = "ranking", reply.suggested_roles[:MAX_CHART_ROLES]
    elif reply.intent == OVERVIEW and len(reply.roles) == 1:
        view, roles = "card", reply.roles
    else:
        view, roles = "text", ()
    options = [] if view == "ranking" else _options(reply.text)
    return {"view": view, "cards": [bot.role_facts(r) for r in roles], "options": options}


def _options(text: str) -> list[dict[str, str]]:
    """The numbered choices a reply offers ("1. Registered nurse"), which the page shows as buttons."""
    found = [{"value": number, "label": label} for number, label in OPTION_LINE.findall(text)]
    numbers = [int(option["value"]) for option in found]
    return found if numbers == list(range(1, len(found) + 1)) and len(found) > 1 else []


def _is_miss(bot: Bot, reply: Reply) -> bool:
    """A question that fell to the fallback: out of scope, and not a patient's question, a job the bot
    knows it does not cover, or a safety message (those have answers of their own)."""
    understood = bot.last_understanding
    if reply.intent != OUT_OF_SCOPE or understood is None:
        return False
    return not (understood.patient or understood.mentions.others or understood.safety)


def _utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _error(exc.status_code, str(exc.detail), exc.headers)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error")
    return _error(500, "internal error; the conversation is unchanged, please try again")


class SecurityHeaders:
    """Adds the security headers to every response, errors included (it wraps the whole app); a route
    that sets a stricter header of its own (the handout) keeps it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(config: WebConfig | None = None) -> SecurityHeaders:
    """The ASGI app; without a config it is read from the environment (how uvicorn workers start it)."""
    config = config or WebConfig.from_environ(os.environ)
    if (config.log_messages or config.misses_file) and not log.handlers:
        handler = logging.StreamHandler()  # uvicorn configures only its own loggers
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    chat = ChatApp(config)
    routes = [
        Route("/", chat.index, methods=["GET"]),
        Route("/healthz", chat.healthz, methods=["GET"]),
        Route("/handout", chat.handout, methods=["GET"]),
        Route("/api/chat", chat.chat, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    handlers = {HTTPException: _http_error, Exception: _server_error}
    return SecurityHeaders(Starlette(routes=routes, exception_handlers=handlers))
