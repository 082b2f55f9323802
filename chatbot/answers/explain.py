"""The text of /why: how the last message was read (normalised text, roles, top intents, the answer)."""

from __future__ import annotations

from ..dialogue.state import Understanding
from ..knowledge.schema import KnowledgeBase
from .reply import Reply


def explanation(understanding: Understanding | None, kb: KnowledgeBase, reply: Reply | None = None) -> str:
    """How a message was understood and, when the conversation changed it, how it was answered."""
    if understanding is None:
        return "Nothing to explain yet: ask me something first."
    mentions, guess = understanding.mentions, understanding.guess
    lines = [f"Normalised text: {understanding.text or '(nothing left)'}", "Roles found:"]
    lines += [
        f'  {kb.role(m.role_id).title}, from "{m.surface}" (score {m.score:.0f})' for m in mentions.roles
    ]
    lines += [
        f'  "{m.term}" could be: ' + ", ".join(kb.role(r).title for r in m.candidates)
        for m in mentions.ambiguous
    ]
    lines += [f'  "{m.occupation.name}", a job I don\'t cover' for m in mentions.others]
    if len(lines) == 2:
        lines[-1] += " none"
    lines.append("Top intents (score, closest example):")
    lines += [f'  {s.intent:<22} {s.score:5.1f}  "{s.example}"' for s in guess.ranking]
    if guess.nearest:
        lines.append("Nearest examples (similarity):")
        lines += [f'  {n.intent:<22} {n.similarity:5.2f}  "{n.example}"' for n in guess.nearest]
    best = guess.ranking[0].score if guess.ranking else 0.0
    lines.append(f"Best score {best:.1f} against the out-of-scope cut {guess.cut:.1f}")
    if understanding.safety:
        how = "nearest to its examples, read as out of scope" if understanding.safety_guessed else "a cue"
        lines.append(f"Safety rule: {', '.join(understanding.safety)} ({how}; answered before anything else)")
    lines.append(f"Best intent: {guess.intent} (confidence {guess.confidence:.2f})")
    if reply is not None and reply.intent != guess.intent:
        about = " about " + ", ".join(kb.role(r).title for r in reply.roles) if reply.roles else ""
        lines.append(f"Answered as {reply.intent}{about}, in the light of the conversation so far")
    return "\n".join(lines)
