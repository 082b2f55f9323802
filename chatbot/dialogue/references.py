"""References to earlier turns: 'become one', 'how is that different from X', 'which of those three'."""

from __future__ import annotations

import re

from ..knowledge.schema import RoleId
from ..nlu.descriptions import RoleDescriptions
from ..nlu.mentions import AmbiguousMention, Mentions, RoleMention
from ..nlu.normalize import Token, tokenize
from ..nlu.roles import COMPARING_WORDS, DETERMINERS, LIST_JOINERS, POSSESSIVE_WORDS
from ..records import replace
from .state import DialogueState
from .turn import Turn
from .words import Words


def resolve_references(
    state: DialogueState, tokens: tuple[Token, ...], mentions: Mentions, words: Words
) -> Mentions:
    """Read "one" or "that" after a linking word as the role in focus, when another role is named (or
    "one" after "as" or "become" when none is).

    "could a medical assistant become one" (office manager in focus) is then the two-role question
    it is, for the classifier and the dialogue alike.
    """
    if len(state.focus) != 1 or state.focus[0] in mentions.role_ids:
        return mentions
    if not mentions.roles:
        return _one_in_view(state.focus[0], tokens, mentions, words)
    if _works_with_the_named(tokens, mentions, words):  # "nurses" there needs no "which nurse?"
        return replace(mentions, roles=(), ambiguous=(), context=(*mentions.context, *mentions.roles))
    taken = {i for start, end in mentions.spans for i in range(start, end)}
    added = [
        RoleMention(state.focus[0], i, i + 1, token.text, 100.0)
        for i, token in enumerate(tokens)
        if token.text in words.referring_words
        and i > 0
        and tokens[i - 1].text in words.linking_words
        and i not in taken
    ]
    if not added:
        return mentions
    roles = tuple(sorted((*mentions.roles, *added), key=lambda mention: mention.start))
    return replace(mentions, roles=roles)


def _one_in_view(role: RoleId, tokens: tuple[Token, ...], mentions: Mentions, words: Words) -> Mentions:
    """'would i keep regular hours as one?', 'how do i become one': with no job named, "one" after "as"
    or "become" is the role in view, named (so the message is a question about it)."""
    if mentions.ambiguous or mentions.others:
        return mentions
    at = _one_after_being([token.text for token in tokens], words)
    return replace(mentions, roles=(RoleMention(role, at, at + 1, "one", 100.0),)) if at else mentions


def _one_after_being(texts: list[str], words: Words) -> int:
    """Where "one" follows "as" or "become" ("as one", "to become one"), or 0."""
    return next(
        (i for i in range(1, len(texts)) if texts[i] == "one" and texts[i - 1] in words.being_words), 0
    )


SPEAKER_WORDS = frozenset({"i", "me", "my", "im"})  # the user between "they" and the role: not its work


def _works_with_the_named(tokens: tuple[Token, ...], mentions: Mentions, words: Words) -> bool:
    """'do they have to work under a doctor?', 'does she help the PA': the subject is a pronoun for the
    role in focus, and every role named is the one it works with ("under", "with", "by"), so context.
    Not a comparison ("do they earn more than a doctor"), and not when the role comes first."""
    texts = [token.text for token in tokens]
    named: list[RoleMention | AmbiguousMention] = sorted(
        (*mentions.roles, *mentions.ambiguous), key=lambda mention: mention.start
    )
    before = texts[: named[0].start]
    if words.subject_pronouns.isdisjoint(before) or not COMPARING_WORDS.isdisjoint(texts):
        return False
    # "they said i should work under an RN": "they" is someone else; "shadow a PA to become one": the goal
    subject = max(i for i, word in enumerate(before) if word in words.subject_pronouns)
    if not SPEAKER_WORDS.isdisjoint(before[subject:]) or _one_after_being(texts, words):  # "...become one"
        return False
    previous_end = -1
    for mention in named:
        joined = previous_end >= 0 and set(texts[previous_end : mention.start]) <= LIST_JOINERS
        if not joined and _word_before(texts, mention.start) not in words.relation_words:
            return False
        previous_end = mention.end
    return True


def _word_before(texts: list[str], start: int) -> str:
    """The word before a mention, past its determiners and possessives ("under a", "for the"), or ""."""
    before = texts[max(0, start - 3) : start]
    while before and (before[-1] in DETERMINERS or before[-1] in POSSESSIVE_WORDS):
        before.pop()
    return before[-1] if before else ""


def _worked_for(tokens: tuple[Token, ...], start: int, words: Words) -> bool:
    """'draws blood for the lab tech': the role named is the one the described person works for."""
    word = _word_before([token.text for token in tokens], start)
    return bool(word) and (word in words.relation_words or word in ("for", "to"))


def resolve_description(
    state: DialogueState,
    text: str,
    tokens: tuple[Token, ...],
    mentions: Mentions,
    index: RoleDescriptions,
    words: Words,
) -> Mentions:
    """Read "the one where you draw blood" as the role it describes (of the list just shown and the roles
    talked about, else of all), when the message names no role outside the description ("the person
    who types notes while the doctor sees you": the doctor is part of it)."""
    if mentions.ambiguous or not any(token.text == "the" for token in tokens):
        return mentions  # every form it reads starts with "the" (most messages have none: no search)
    in_view = tuple(dict.fromkeys((*state.shown_list, *state.recent)))
    if not mentions.roles:
        pointed = _the_other(state, text) or index.of_kind(text, in_view)  # "the other one", "the lab one"
        if pointed is not None:
            return _named_by(mentions, tokens, *pointed)
    offered = state.pending.options if state.pending is not None else ()
    found = index.described(text, in_view, offered)
    span = _span(tokens, found.text) if found is not None else None
    # the whole description stands for the role's name, so its words ("where") ask nothing
    if found is None or span is None or any(m.start < span[0] or m.end > span[1] for m in mentions.roles):
        return mentions
    if any(m.role_id in found.fits and not _worked_for(tokens, m.start, words) for m in mentions.roles):
        return mentions  # "the one who does billing at my office": the name in it says which
    (at, end), surface = span, " ".join(token.text for token in tokens[span[0] : span[1]])
    if len(found.fits) == 1:
        return replace(mentions, roles=(RoleMention(found.fits[0], at, end, surface, 100.0),))
    # several fit: which of them (as for "nurse"); none: no role, rather than the doctor it mentions
    choice = (AmbiguousMention(surface, found.fits, at, end, described=True),) if found.fits else ()
    return replace(mentions, roles=(), ambiguous=choice)


# "the other one", "and the other?"; not "the other jobs you cover", "the other main thing"
_OTHER = re.compile(r"\bthe other(?: (?:one|job|role)\b|(?=\s*(?:[?.!,;]|$)))", re.IGNORECASE)


def _the_other(state: DialogueState, text: str) -> tuple[RoleId, str] | None:
    """'and the other one?' after two roles: the one of them not in focus."""
    found = _OTHER.search(text)
    others = [role for role in state.recent if role not in state.focus]
    if found is None or not state.focus or not others:
        return None
    return others[-1], found.group(0)


def _named_by(mentions: Mentions, tokens: tuple[Token, ...], role: RoleId, words: str) -> Mentions:
    """The mentions with these words of the message standing for the role's name."""
    span = _span(tokens, words)
    if span is None:
        return mentions
    surface = " ".join(token.text for token in tokens[span[0] : span[1]])
    return replace(mentions, roles=(RoleMention(role, *span, surface, 100.0),))


def _span(tokens: tuple[Token, ...], words: str) -> tuple[int, int] | None:
    """Where these words (a part of the message's raw text) are among its tokens."""
    said = [token.text for token in tokenize(words)]
    texts = [token.text for token in tokens]
    at = next((i for i in range(len(texts)) if said and texts[i : i + len(said)] == said), None)
    return None if at is None else (at, at + len(said))


def with_context(turn: Turn) -> tuple[RoleId, ...]:
    """Roles for "how is that different from X" or "which of those three": context + the roles named."""
    state, named = turn.state, turn.named
    if not named:
        count = turn.count if turn.count is not None else 2
        if len(state.shown_list) > 1 and (count == 0 or count == len(state.shown_list)):
            return state.shown_list[:4]
        pool = state.recent if count == 0 else state.recent[-max(count, 2) :]
        return pool if len(pool) > 1 else state.focus
    context = tuple(r for r in state.focus if r not in named)
    if not context:
        return named
    # the back-reference sits where the context roles go: "can a receptionist move up to that"
    first_mention = turn.understanding.mentions.roles[0].start
    tokens = turn.understanding.tokens
    reference_at = next((i for i, t in enumerate(tokens) if t.text in turn.w.back_references), first_mention)
    return (*context, *named) if reference_at < first_mention else (*named, *context)
