"""The Reply: what the bot says for one turn, and its JSON contract."""

from __future__ import annotations

from typing import Any

from ..knowledge.schema import IntentId, RoleId
from ..records import record


@record
class Reply:
    """What the bot says for one turn; `to_dict` is the JSON contract."""

    intent: IntentId
    roles: tuple[RoleId, ...]
    confidence: float
    text: str
    suggested_roles: tuple[RoleId, ...] = ()
    follow_ups: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "roles": list(self.roles),
            "confidence": round(self.confidence, 3),
            "text": self.text,
            "suggested_roles": list(self.suggested_roles),
            "follow_ups": list(self.follow_ups),
            "sources": list(self.sources),
        }
