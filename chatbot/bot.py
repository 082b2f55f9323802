"""Wires the stages once per process; a Bot is one conversation over them.

text -> normalize.tokenize -> entities.RoleMatcher.find -> intents.IntentClassifier.classify
     -> dialogue.step (with the conversation state) -> answers.compose -> Reply
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .answers.cards import profile, roles_table
from .answers.compose import compose
from .answers.facts import role_facts
from .answers.reply import Reply
from .dialogue import codec
from .dialogue.policy import MAX_RECENT, DialogueState, Understanding, resolve_references, step
from .errors import DataError
from .knowledge.cache import cached
from .knowledge.paths import bundled_dir
from .knowledge.schema import IntentSet, KnowledgeBase
from .nlu.classifier import IntentClassifier
from .nlu.normalize import MAX_INPUT_CHARS, name_key, tokenize
from .nlu.roles import RoleMatcher


@dataclass(frozen=True, slots=True)
class Engine:
    """The loaded data and the matchers built from it; shared by every Bot of a process."""

    kb: KnowledgeBase
    intents: IntentSet
    classifier: IntentClassifier
    matcher: RoleMatcher


def load_engine(
    knowledge_dir: Path | None = None, intents_dir: Path | None = None, *, use_cache: bool = True
) -> Engine:
    """The engine for these folders (bundled by default), once per process; DataError lists problems."""
    knowledge = Path(knowledge_dir or bundled_dir("knowledge")).resolve()
    intents = Path(intents_dir or bundled_dir("intents")).resolve()
    if not use_cache:
        return _build_engine(knowledge, intents)
    return _engine(knowledge, intents)


@functools.lru_cache(maxsize=4)
def _engine(knowledge: Path, intents: Path) -> Engine:
    return cached((knowledge, intents), lambda: _build_engine(knowledge, intents))


def _build_engine(knowledge_dir: Path, intents_dir: Path) -> Engine:
    """Load, validate and index the data (the slow path: YAML parsing and checking)."""
    from .knowledge.loader import check_product_intents, load_intents, load_knowledge

    kb = load_knowledge(knowledge_dir, name_key=name_key)
    intents = load_intents(intents_dir, name_key=name_key)
    if intents_dir == bundled_dir("intents").resolve():
        problems = check_product_intents(intents, intents_dir)
        if problems:
            raise DataError(problems)
    classifier = IntentClassifier(intents)
    return Engine(kb, intents, classifier, RoleMatcher(kb, classifier.vocabulary))


class Bot:
    """One conversation: `reply(text)` answers a message in the light of the earlier ones."""

    def __init__(
        self, knowledge_dir: str | Path | None = None, intents_dir: str | Path | None = None
    ) -> None:
        self.engine = load_engine(
            Path(knowledge_dir) if knowledge_dir is not None else None,
            Path(intents_dir) if intents_dir is not None else None,
        )
        self.state = DialogueState()
        self.last_understanding: Understanding | None = None

    @property
    def kb(self) -> KnowledgeBase:
        return self.engine.kb

    def understand(self, text: str) -> Understanding:
        """Normalise a message and find its roles and intent, in the light of the roles in focus."""
        tokens = tokenize(text)
        mentions = resolve_references(self.state, tokens, self.engine.matcher.find(tokens))
        guess = self.engine.classifier.classify(tokens, mentions)
        return Understanding(tokens, mentions, guess, " ".join(t.text for t in tokens))

    def reply(self, text: str) -> Reply:
        """Answer one message; never raises on any text."""
        was_cut = len(text) > MAX_INPUT_CHARS
        understanding = self.understand(text)  # tokenize cleans it
        self.last_understanding = understanding
        decision, self.state = step(self.state, understanding, self.engine.kb)
        reply = compose(decision, self.engine.kb)
        if was_cut:
            note = f"(Your message was long, so I read only its first {MAX_INPUT_CHARS:,} characters.)"
            reply = replace(reply, text=f"{note}\n{reply.text}")
        return reply

    def focus_on(self, role_id: str) -> None:
        """Put a role in focus, as if the user had just asked about it (e.g. after a profile card)."""
        self.kb.role(role_id)  # KeyError for an unknown id, before the state changes
        self.state = replace(self.state, focus=(role_id,), recent=(*self.state.recent, role_id)[-MAX_RECENT:])

    def profile(self, role_id: str) -> Reply:
        """The full profile card of one role (KeyError for an unknown id)."""
        return profile(self.kb.role(role_id), self.kb)

    def roles_table(self, *, category: bool = True) -> str:
        """Every role with its entry education and median pay, in aligned columns."""
        return roles_table(self.kb, category=category)

    def export_state(self) -> dict[str, Any]:
        """The conversation so far as plain JSON-able data, for a front end that keeps it (the web chat)."""
        return {"data": self._data_version(), "state": codec.encode(self.state)}

    def restore_state(self, data: dict[str, Any]) -> None:
        """Continue a conversation from `export_state`; ValueError when the data does not fit this bot."""
        if not isinstance(data, dict) or set(data) != {"data", "state"}:
            raise ValueError("state: expected an object with 'data' and 'state'")
        if data["data"] != self._data_version():
            raise ValueError("state: made with other roles or intents than this bot's")
        self.state = codec.decode(DialogueState, data["state"])
        self.last_understanding = None

    def _data_version(self) -> str:
        """A short digest of the role and intent ids a saved state may refer to."""
        ids = "\n".join((*self.kb.role_ids, "", *self.engine.intents.ids))
        return hashlib.sha256(ids.encode()).hexdigest()[:16]

    def role_facts(self, role_id: str) -> dict[str, Any]:
        """One role's headline facts as plain data: pay, training, credential, growth, links (KeyError)."""
        return role_facts(self.kb.role(role_id))

    def reset(self) -> None:
        """Start a new conversation."""
        self.state = DialogueState()
        self.last_understanding = None
