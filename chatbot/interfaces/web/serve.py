"""`careerbot serve`: run the web chat under uvicorn, with one key shared by all of its workers.

Imported by the command line without the web extra installed, so uvicorn and Starlette are imported
only inside `run`, where a missing extra becomes a one-line error that names the install command.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from ...errors import UsageError

INSTALL_HINT = (
    "careerbot serve needs the web extra (Starlette and uvicorn): pip install 'careerbot[web]' "
    "(in a clone of the project: pip install '.[web]')"
)
APP_FACTORY = "chatbot.interfaces.web.app:create_app"
MAX_WORKERS = 64  # more is a typo; a big site runs more machines, not one huge process tree


def run(
    host: str,
    port: int,
    workers: int,
    *,
    log_messages: bool = False,
    log_misses: Path | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """Serve until interrupted; UsageError when the extra is missing or the key is unusable."""
    if not 1 <= port <= 65535:
        raise UsageError(f"--port must be between 1 and 65535, not {port}")
    if not 1 <= workers <= MAX_WORKERS:
        raise UsageError(f"--workers must be between 1 and {MAX_WORKERS}, not {workers}")
    try:
        import starlette  # noqa: F401
        import uvicorn
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    from .app import LOG_MESSAGES_VAR, LOG_MISSES_VAR, SECRET_VAR, WebConfig
    from .tokens import new_key

    if not os.environ.get(SECRET_VAR):
        os.environ[SECRET_VAR] = new_key()  # inherited by the worker processes, so they share it
        out.write(
            f"No {SECRET_VAR} set: made a key for this run, shared by its {workers} worker(s). "
            f"Conversations do not survive a restart; to serve from several machines, set the same "
            f"{SECRET_VAR} on each.\n"
        )
    if log_messages:
        os.environ[LOG_MESSAGES_VAR] = "1"
    if log_misses is not None:
        os.environ[LOG_MISSES_VAR] = str(log_misses.resolve())
    WebConfig.from_environ(os.environ)  # a short key fails here, once, not in every worker
    out.write(_address_line(host, port))
    out.flush()
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        log_level="info",
        server_header=False,
    )
    return 0


def _address_line(host: str, port: int) -> str:
    """Where to point a browser; an all-addresses host is not an address a browser can open."""
    if host in ("0.0.0.0", "::"):
        return (
            f"careerbot web chat on every address of this machine, port {port}: open "
            f"http://127.0.0.1:{port}/ here, or this machine's address from other devices (Ctrl-C to stop)\n"
        )
    shown = f"[{host}]" if ":" in host else host
    return f"careerbot web chat on http://{shown}:{port}/ (Ctrl-C to stop)\n"
