"""What the role matcher finds in a message: roles, ambiguous words, occupations we do not cover."""

from __future__ import annotations

from ..knowledge.schema import OtherOccupation, RoleId
from ..records import record


@record
class RoleMention:
    """A role named in the user's text: where, how it was written, how sure the match is."""

    role_id: RoleId
    start: int  # token index in the normalised text
    end: int  # token index one past the mention
    surface: str
    score: float  # 0..100, 100 for an exact alias
    credential: bool = False  # named by its credential ("CPC", "RHIT"): a hint the question is about it
    own: bool = False  # context as the user's own job ("i've been a biller"): where a career path starts


@record
class AmbiguousMention:
    """A bare word such as "nurse" that could mean several roles; the dialogue asks which."""

    term: str
    candidates: tuple[RoleId, ...]
    start: int
    end: int
    described: bool = False  # a description that fits several roles ("the one who types up notes")


@record
class OtherMention:
    """A job the bot does not cover ("pharmacist"), so it is not force-matched to a role."""

    occupation: OtherOccupation
    start: int
    end: int


@record
class Mentions:
    """Everything `entities` found in one message, each kind in the order it was written."""

    roles: tuple[RoleMention, ...] = ()
    ambiguous: tuple[AmbiguousMention, ...] = ()
    others: tuple[OtherMention, ...] = ()
    # Roles named only as context, not as a subject: "a doctor's receptionist", "billers, not coders".
    context: tuple[RoleMention, ...] = ()
    # Every role set aside by an excluding word ("jobs besides nursing": each nurse), ambiguous words too
    set_aside: tuple[RoleId, ...] = ()

    @property
    def role_ids(self) -> tuple[RoleId, ...]:
        """Distinct role ids in the order named."""
        return tuple(dict.fromkeys(mention.role_id for mention in self.roles))

    @property
    def credential_ends(self) -> frozenset[int]:
        """Token positions just past a role named by its credential."""
        return frozenset(m.end for m in self.roles if m.credential)

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """Token spans of every mention of any kind, sorted by position."""
        return tuple(
            sorted(
                [(m.start, m.end) for m in self.roles]
                + [(m.start, m.end) for m in self.context]
                + [(m.start, m.end) for m in self.ambiguous]
                + [(m.start, m.end) for m in self.others]
            )
        )
