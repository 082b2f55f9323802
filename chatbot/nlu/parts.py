"""Two or three questions in one message: "what does a coder do and how much do they make".

A message is cut where a new question starts after a joining word or a question mark; the bot then
answers each part in turn, when every part is a question about roles on its own.
"""

from __future__ import annotations

import re

MAX_PARTS = 3
_QUESTION_START = (
    r"(?:what|whats|what's|how|is|are|do|does|did|can|could|where|which|will|would|should|who)\b"
)
_CUT = re.compile(
    rf"\s*(?:\?+\s*(?:and\s+|also\s+|plus\s+)?|[,;]?\s+(?:and|also|plus|then)\s+)(?={_QUESTION_START})",
    re.IGNORECASE,
)


def split_questions(text: str) -> list[str]:
    """The message's questions in order (the whole message when it asks one)."""
    parts = [part.strip(" ,;") for part in _CUT.split(text) if part.strip(" ,;?")]
    return parts if 1 < len(parts) <= MAX_PARTS else [text]
