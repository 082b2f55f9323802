"""Output stages: a Reply -> text for people (optionally coloured and wrapped) or a JSON line.

Whatever reaches a terminal goes through `safe`, so no control code from a data file or a user's
message can move the cursor, change the title or hide text.
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only a type here: importing it would load the schema before the CLI handles Ctrl-C
    from ..answers.reply import Reply

# Control codes (escape sequences start with one), C1 codes, bidi overrides and isolates, and lone
# surrogates (which no terminal encoding can write).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_HEADING = re.compile(r"^(## .+|[A-Z][\w ,'/()-]{0,40}?:)(?=\s|$)", re.MULTILINE)
_FIGURE = re.compile(r"(\$[\d,]+(?:\.\d\d)?\+?|[+-]?\d+%)")
BOLD, CYAN, GREEN, DIM, RESET = "\x1b[1m", "\x1b[36m", "\x1b[32m", "\x1b[2m", "\x1b[0m"


def safe(text: str) -> str:
    """Text with every control character (escape sequences included) replaced, newlines kept."""
    return _UNSAFE.sub("\ufffd", text.replace("\r\n", "\n").replace("\t", "    "))


def has_control_characters(text: str) -> bool:
    """Whether `safe` would change anything but tabs and line ends (for names that must be plain)."""
    return bool(_UNSAFE.search(text.replace("\r\n", "\n"))) or "\n" in text or "\t" in text


def wrap(text: str, width: int) -> str:
    """Wrap prose to the width; leave aligned tables and list items' indentation intact."""
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width or "   " in line.strip():
            out.append(line)
            continue
        indent = "  " if line.startswith(("- ", "1", "2", "3", "4", "5", "6", "7", "8", "9")) else ""
        out.extend(textwrap.wrap(line, width, subsequent_indent=indent) or [""])
    return "\n".join(out)


def text(reply: Reply, *, width: int | None = None, color: bool = False, sources: bool = True) -> str:
    """The reply as people read it: the answer, its sources, and what to ask next."""
    body = safe(reply.text)
    if width:
        body = wrap(body, width)
    if color:
        body = _HEADING.sub(lambda m: f"{BOLD}{m.group(1)}{RESET}", body)
        body = _FIGURE.sub(lambda m: f"{GREEN}{m.group(1)}{RESET}", body)
    parts = [body]
    if sources and reply.sources:
        listed = "Sources: " + ", ".join(safe(url) for url in reply.sources)
        listed = wrap(listed, width) if width else listed
        parts.append(f"{DIM}{listed}{RESET}" if color else listed)
    if reply.follow_ups:
        tip = "You could ask: " + " | ".join(safe(q) for q in reply.follow_ups)
        tip = wrap(tip, width) if width else tip
        parts.append(f"{CYAN}{tip}{RESET}" if color else tip)
    return "\n".join(parts)


def json_line(reply: Reply) -> str:
    """Reply.to_dict() as one JSON line (non-ASCII escaped, so it is safe on any terminal)."""
    import json  # only JSON output needs it; imported here to keep start-up light

    return json.dumps(reply.to_dict(), ensure_ascii=True)
