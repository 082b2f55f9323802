"""Signed conversation state: a JSON payload and its HMAC-SHA256, both base64url, in one token.

The server keeps no conversation: the state rides with the client, and any process that holds the same
key can continue it. The signature only proves the token came from us unchanged; the state it carries is
not secret (it names roles and quiz answers, never message text).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from typing import Any

VERSION = "v1"  # bumped if the token layout changes, so old tokens fail cleanly instead of misparsing
MIN_KEY_CHARS = 16  # a shorter secret is guessable; HMAC itself takes any length
MAX_TOKEN_CHARS = 12_000  # well under the 16 KB body limit; a real state is a few hundred characters


class TokenError(ValueError):
    """A token that is malformed, signed with another key, or altered."""


def new_key() -> str:
    """A random key for one deployment when CAREERBOT_SECRET is not set."""
    return secrets.token_urlsafe(32)


def check_key(key: str) -> bytes:
    """The key as bytes; ValueError when it is too short to be a secret."""
    if len(key) < MIN_KEY_CHARS:
        raise ValueError(f"CAREERBOT_SECRET must be at least {MIN_KEY_CHARS} characters long")
    return key.encode("utf-8")


class Signer:
    """Seals a JSON-able dict into a token and opens it again, with one key."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._key, VERSION.encode() + b"." + payload, hashlib.sha256).digest()

    def seal(self, data: dict[str, Any]) -> str:
        payload = json.dumps(data, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode()
        return f"{VERSION}.{_b64(payload)}.{_b64(self._mac(payload))}"

    def open(self, token: str) -> dict[str, Any]:
        """The dict a token carries; TokenError unless it is well formed and signed with our key."""
        if len(token) > MAX_TOKEN_CHARS:
            raise TokenError("state token is too long")
        parts = token.split(".")
        if len(parts) != 3 or parts[0] != VERSION:
            raise TokenError("state token is malformed")
        payload, mac = _unb64(parts[1]), _unb64(parts[2])
        if not hmac.compare_digest(mac, self._mac(payload)):
            raise TokenError("state token signature does not match")
        try:
            data = json.loads(payload)
        except (ValueError, RecursionError):
            raise TokenError("state token does not parse") from None
        if not isinstance(data, dict):
            raise TokenError("state token does not hold an object")
        return data


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise TokenError("state token is malformed") from None
