"""Stage 2: normalised tokens -> the roles, ambiguous job words and other occupations they name.

Every alias (a role's title and aliases, the ambiguous words, the occupations the bot does not cover)
is normalised like user text and indexed once per knowledge base, with plural forms. A message is
scanned left to right, longest name first: exact token matches first, then typo-tolerant matches
(rapidfuzz Levenshtein on the name with spaces removed, so "frontdesk" and "medcal biler" match).
Short names (MA, PA, RN) only ever match as exact whole tokens.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Container, Iterable

from ..knowledge.schema import KnowledgeBase, OtherOccupation, RoleId
from ..records import record, replace
from .mentions import AmbiguousMention, Mentions, OtherMention, RoleMention
from .normalize import COMPARATIVES, EVERYDAY_WORDS, ROLE_LEADS, TIME_SLANG, Token, tokenize

FUZZY_MIN_CHARS = 5  # below this a single typo changes the word: "coder" vs "codes", "ma" vs "map"
MAX_GRAM_TOKENS = 5  # the longest alias in tokens, capped: "certified billing and coding specialist"
# A noun right after a role word makes it a place, not a person: "doctors office", "physician practice".
PLACE_NOUNS = frozenset(
    {
        "office",
        "offices",
        "practice",
        "practices",
        "clinic",
        "clinics",
        "appointment",
        "appointments",
        "visit",
        "visits",
        "note",
        "notes",
        "orders",
    }
)

# "no, i meant the LPN", "coders... wait, I mean billers" ("mean" only after "i": "what does it mean"):
# the mentions before it were a slip
CORRECTION_WORDS = frozenset({"mean", "meant"})
# After an ambiguous word, a noun that makes it a field of study or a place: "nursing degree", "nursing home"
FIELD_NOUNS = frozenset({"degree", "degrees", "home", "homes"})

# Words just before a role that make it what the user does NOT mean: "billers, not coders",
# "a PA instead of another physician". A determiner may sit between ("not a coder").
NEGATING_WORDS = frozenset({"not"})
# Words that set roles aside while asking about the others ("jobs besides doctors and nurses"): those
# roles are context even when no role is left, and a list joined to them is set aside with them.
EXCLUDING_WORDS = frozenset({"besides", "except", "excluding"})
EXCLUDING_PAIRS = frozenset({("other", "than"), ("apart", "from"), ("aside", "from")})
LIST_JOINERS = frozenset({"and", "or", "nor", "a", "an", "the"})
NEGATING_PAIRS = frozenset({("instead", "of"), ("rather", "than")})
DETERMINERS = frozenset({"a", "an", "the", "another", "other", "any", "some"})
# The user's own job ("i am already an RN, how do i become an NP"): context beside another role.
# "have to be", "need to be": a job needed before another ("do NPs have to be RNs first")
ASKED_PEOPLE = frozenset({"you", "i", "they", "one", "he", "she", "we"})  # "must you be", "must one be"
REQUIRED_LEADS = frozenset(
    {("have", "to"), ("has", "to"), ("need", "to"), ("needs", "to"), ("required", "to")}
)
OWN_JOB_LEADS = frozenset(
    {("i", "am"), ("i", "was"), ("have", "been"), ("have", "worked"), ("i", "worked"), ("worked", "as")}
    | {("used", "to", "be")}
)
INFLECTIONS = ("s", "es", "ed", "ing")  # the regular forms of an ordinary word
MIN_BASE_CHARS = 3
RELATIVE_LINKS = frozenset({"is", "was", "are", "were", "works", "worked", "as", "has", "been"})
OWN_JOB_ADVERBS = frozenset({"already", "currently", "now", "still", "just", "former", "retired", "ex"})
# A role's school or program as a time ("an MA before PA school", "during nursing school"): context
# beside another role; "look at PA school" still asks about it.
TRAINING_NOUNS = frozenset({"school", "program", "programs", "classes"})
TIME_WORDS = frozenset({"before", "after", "during", "in", "through"})
# A particular person ("the doctor i work for", "her doctor") beside a role asked about in general ("a
# scribe", "PAs"): the particular one is the setting. Not when the message compares, unless two general
# roles are left to compare ("my doctor has an MA and an RN, whats the difference").
POSSESSIVE_WORDS = frozenset({"my", "her", "his", "our", "your", "their"})
# ("scope of practice of an NP" is no place: "practice" is left out)
WORKPLACE_NOUNS = frozenset({"office", "offices", "clinic", "clinics"})
PLACE_WORDS = frozenset({"at"})  # "the receptionist at my doctor('s)": the role named is the place
DEFINITE_WORDS = POSSESSIVE_WORDS | {"the"}
COMPARING_WORDS = frozenset(
    {"vs", "versus", "compare", "compared", "comparison", "difference", "differences", "different"}
    | {"between", "than", "better", "worse", "more", "less", "same", "similar", "or"}
)

CLAUSE_STARTS = frozenset("is are was were do does did can could should will would what how why who".split())
# "do MLTs make more?", "is an LPN easier to become?", "how does a biller stack up": set against another job;
# but "i'm more curious about the lab side" says what the user likes
COMPARING_AGAINST = COMPARING_WORDS | COMPARATIVES | {"stack"}
# "more curious about", "more interested", "tell me more about": no job set against another
INTEREST_WORDS = frozenset({"curious", "interested", "into", "drawn", "keen", "about", "info", "details"})


LONG_NAME_CHARS = 15  # from this length a two-word name of ours may hold three typos
# a first letter written as it sounds ("flebotomist"): the typo index is by first letter
SOUND_ALIKE_STARTS = {"f": "ph", "k": "c"}


def allowed_typos(length: int) -> int:
    """Edits tolerated in a name of this many characters (spaces removed): a two-word name misspelt in
    both words ("nurce practioner", "medicle assisstant") is three edits from the name."""
    if length < FUZZY_MIN_CHARS:
        return 0
    return 1 if length <= 8 else 2 if length < LONG_NAME_CHARS else 3


def closest(word: str, choices: Iterable[str], budget: int) -> tuple[str, int] | None:
    """The choice fewest edits from the word, within `budget` (the first one on a tie), or None."""
    # imported on first use: most messages need no fuzzy match, and a one-shot `ask` starts ~20 ms sooner
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    best = process.extractOne(word, choices, scorer=Levenshtein.distance, score_cutoff=budget)
    return (best[0], int(best[1])) if best is not None else None


def _time_slang(tokens: tuple[Token, ...], words: list[str], index: int, names: Container[object]) -> bool:
    """Lowercase "rn" as "right now": last in the message ("how much do coders make rn") or in its clause
    ("in an MA program rn, what certs"), or beside a verb in -ing ("driving for amazon rn thinking about
    it"); never after a word that leads a role ("as an rn") or in a list of roles ("lpn, rn, ma")."""
    if index == 0 or words[index] not in TIME_SLANG or tokens[index].capitals:
        return False
    before, after = words[index - 1], words[index + 1 : index + 2]
    if before in ROLE_LEADS:
        return False
    doing = any(w.endswith(("ing", "in")) and len(w) > 4 for w in (before, *after))
    if index == len(words) - 1 or doing:
        return True
    listed = bool(after) and (after[0],) in names  # "compare rn, np and pa": a list of roles
    lead = words[max(0, index - 3) : index]  # "a travel rn,", "an ER rn,"; not "an MA program rn,"
    article = max((i for i, word in enumerate(lead) if word in ("a", "an")), default=-1)
    between = lead[article + 1 :] if article >= 0 else []
    named_one = article >= 0 and not any((word,) in names or word in TRAINING_NOUNS for word in between)
    somewhere = not {"in", "at"}.isdisjoint(words[max(0, index - 4) : index])  # "i'm in a rough spot rn,"
    clause_end = tokens[index].pause and not tokens[index - 1].pause
    return clause_end and (before,) not in names and not listed and (somewhere or not named_one)


def plural_forms(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The name as written and its English plurals (on the last word): coder(s), secretary/secretaries."""
    *head, last = words
    forms = {last, last + "s"}
    if last.endswith(("s", "x", "ch", "sh")):
        forms.add(last + "es")
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        forms.add(last[:-1] + "ies")
    return {(*head, form) for form in forms}


def _key(name: str) -> tuple[str, ...]:
    return tuple(token.text for token in tokenize(name))


@record
class _Target:
    """What a name in the role matcher's index stands for: a role, an ambiguous word or another job."""

    kind: str  # "role" | "ambiguous" | "other"
    role_id: RoleId = ""
    credential: bool = False  # the name is the role's credential, e.g. CPC for a coder
    term: str = ""
    candidates: tuple[RoleId, ...] = ()
    occupation: OtherOccupation | None = None
    activity: bool = False  # a role's activity ("run a medical office"), not its name


class RoleMatcher:
    """Finds role mentions in a message; build once per knowledge base, then call `find`."""

    def __init__(self, kb: KnowledgeBase, known_words: Iterable[str] = ()) -> None:
        self._exact: dict[tuple[str, ...], _Target] = {}
        self._fuzzy: dict[str, dict[str, _Target]] = defaultdict(dict)  # first letter -> compact name
        names: list[tuple[str, _Target]] = []
        for role in kb.roles:
            credentials = {_key(c.abbreviation.split(" (")[0]) for c in role.certifications}
            credentials |= {_key(c.name) for c in role.certifications}
            names.extend(
                (alias, _Target("role", role_id=role.id, credential=_key(alias) in credentials))
                for alias in (role.title, *role.aliases)
            )
            names.extend((exam, _Target("role", role_id=role.id, credential=True)) for exam in role.exams)
        names.extend(
            (term, _Target("ambiguous", term=term, candidates=candidates))
            for term, candidates in kb.general.ambiguous_terms.items()
        )
        names.extend(
            (alias, _Target("other", occupation=occupation))
            for occupation in kb.out_of_scope.other_occupations
            for alias in (occupation.name, *occupation.aliases)
        )
        # Names as written first, so that a real name ("CMAS") beats another's plural ("CMA" + s).
        for plurals in (False, True):
            for alias, target in names:
                self._add(alias, target, plurals)
        alias_words = {word for words in self._exact for word in words}
        for role in kb.roles:  # exact only, after the alias words are counted: "run a medical office"
            for activity in role.activities:
                self._exact.setdefault(_key(activity), _Target("role", role_id=role.id, activity=True))
        self._first_words = frozenset(words[0] for words in self._exact)
        # A word the bot already knows as an ordinary word is not a typo of a job name ("describe").
        self._ordinary = frozenset(known_words) - alias_words
        self._alias_words = frozenset(alias_words)
        self._relatives = frozenset(kb.lexicon.dialogue.relatives.split())
        self._longest = min(MAX_GRAM_TOKENS, max((len(w) for w in self._exact), default=1))

    def _add(self, alias: str, target: _Target, plurals: bool) -> None:
        words = _key(alias)
        if not words:
            return
        for form in plural_forms(words) if plurals else (words,):
            self._exact.setdefault(form, target)
            compact = "".join(form)
            # A credential's letters are a code: one letter off is another word ("class" is not "CMAAs").
            code = target.credential and len(words) == 1
            if len(compact) >= FUZZY_MIN_CHARS and not code:
                self._fuzzy[compact[0]].setdefault(compact, target)

    def find(self, text: str | tuple[Token, ...]) -> Mentions:
        """All mentions in a message, in the order written; overlapping names go to the longest."""
        tokens = tokenize(text) if isinstance(text, str) else text
        words = [token.text for token in tokens]
        roles: list[RoleMention] = []
        ambiguous: list[AmbiguousMention] = []
        others: list[OtherMention] = []
        activities: list[RoleMention] = []  # "run a medical office": the role, unless another is named
        start = 0
        while start < len(words):
            found = self._match_at(tokens, words, start)
            if found is None:
                start += 1
                continue
            end, target, score = found
            surface = " ".join(words[start:end])
            if end < len(words) and words[end] in PLACE_NOUNS and target.kind == "role":
                start = end + 1
                continue
            if end < len(words) and words[end] in FIELD_NOUNS and target.kind == "ambiguous":
                start = end + 1  # "a nursing degree", "nursing homes": a field or a place, no one person
                continue
            if target.kind == "role" and target.activity:
                activities.append(RoleMention(target.role_id, start, end, surface, score))
            elif target.kind == "role":
                roles.append(RoleMention(target.role_id, start, end, surface, score, target.credential))
            elif target.kind == "ambiguous":
                ambiguous.append(AmbiguousMention(target.term, target.candidates, start, end))
            elif target.occupation is not None:
                others.append(OtherMention(target.occupation, start, end))
            start = end
        named = {m.role_id for m in roles} | {role for m in ambiguous for role in m.candidates}
        # "can an NP run a medical practice": what the NP does ("managed ... could i run an office": the same)
        roles += [m for m in activities if named <= {m.role_id}]
        roles.sort(key=lambda mention: mention.start)
        roles, ambiguous, set_aside, aside_ids = _set_aside(roles, ambiguous, words)
        pauses = frozenset(index for index, token in enumerate(tokens) if token.pause)
        subjects, context = _subjects(roles, words, pauses, bool(ambiguous), self._relatives)
        return Mentions(subjects, tuple(ambiguous), tuple(others), set_aside + context, aside_ids)

    def _match_at(
        self, tokens: tuple[Token, ...], words: list[str], start: int
    ) -> tuple[int, _Target, float] | None:
        if self._is_ordinary_word(words[start]) and words[start] not in self._first_words:
            return None  # no name starts with it, and an ordinary word is no typo of one
        longest = min(self._longest, len(words) - start)
        # a gram with an ordinary word in it (or "do" the verb) is never a typo'd name: fuzzy-match only
        # up to the first one
        typo_reach = next(
            (n for n in range(longest) if self._is_ordinary(tokens[start + n], words[start + n])), longest
        )
        for length in range(longest, 0, -1):
            gram = tuple(words[start : start + length])
            target = self._exact.get(gram)
            if target is not None:
                if length == 1 and gram[0] in EVERYDAY_WORDS and not tokens[start].capitals:
                    continue  # "do" the verb, not "DO" the degree
                if length == 1 and _time_slang(tokens, words, start, self._exact):
                    continue  # "in denver rn": right now
                if length == 1 and tokens[start].plural:  # "CMAs": CMA in the plural, not the CMAS
                    target = self._exact.get((gram[0][:-1],), target)
                return start + length, target, 100.0
            if length > typo_reach:
                continue
            fuzzy = self._fuzzy_match(gram)
            if fuzzy is not None and not self._absorbs_a_word(gram, fuzzy[0]):
                return start + length, fuzzy[0], fuzzy[1]
        return None

    def _is_ordinary(self, token: Token, word: str) -> bool:
        return self._is_ordinary_word(word) or (word in EVERYDAY_WORDS and not token.capitals)

    def _is_ordinary_word(self, word: str) -> bool:
        """An ordinary word, or one of its regular forms: "covers" is "cover", not a typo of "coders"; but
        "codeing" is no form of "code" (that is "coding"), so it may be a typo of a name."""
        return word in self._ordinary or _a_form_of(word, self._ordinary, self._alias_words)

    def _absorbs_a_word(self, gram: tuple[str, ...], target: _Target) -> bool:
        """A typo match that only swallowed a neighbour: "phlebotomist rn" is two names, not a typo; "front
        desk of" is the front desk and a word (its typo of "front office" names the same role)."""
        if len(gram) < 2:
            return False
        head, last = gram[:-1], gram[-1:]
        first, tail = gram[:1], gram[1:]
        return (self._exact.get(head) == target and (last in self._exact or target.kind == "role")) or (
            self._exact.get(tail) == target and first in self._exact
        )

    def _fuzzy_match(self, gram: tuple[str, ...]) -> tuple[_Target, float] | None:
        compact = "".join(gram)
        budget = allowed_typos(len(compact))
        if budget == 0:
            return None
        found = self._closest_name(compact, min(budget, 2))
        if found is None and compact[0] in SOUND_ALIKE_STARTS:  # "flebotomist", "koder": spelt as said
            compact = SOUND_ALIKE_STARTS[compact[0]] + compact[1:]
            found = self._closest_name(compact, min(budget, 2))
        two_long_words = len(gram) == 2 and min(map(len, gram)) >= FUZZY_MIN_CHARS
        if found is None and budget > 2 and two_long_words:  # "nurce practioner": a typo in each word
            found = self._closest_name(compact, budget)
            found = found if found is not None and found[0].kind == "role" else None
        if found is None:
            return None
        target, name, distance = found
        if any(word in LIST_JOINERS and word not in name for word in gram[1:]):
            return None  # "nurses and": two words and a joiner, not a typo of "nurses aide"
        return target, 100.0 * (1 - distance / max(len(compact), len(name)))

    def _closest_name(self, compact: str, budget: int) -> tuple[_Target, str, int] | None:
        """The indexed name (of the same first letter) fewest edits from the compact word, within budget."""
        choices = self._fuzzy.get(compact[0])
        best = closest(compact, choices.keys(), budget) if choices else None
        return (choices[best[0]], best[0], best[1]) if choices and best is not None else None


@functools.lru_cache(maxsize=4096)  # asked of every word of every message; the sets' hashes are kept
def _a_form_of(word: str, ordinary: frozenset[str], names: frozenset[str]) -> bool:
    """Whether a word is a regular form of an ordinary word ("covers", "making"), and no name's word."""
    if word in names:
        return False  # "coding" is a name's word, whatever "code" is
    for suffix in INFLECTIONS:
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= MIN_BASE_CHARS:
            silent_e = suffix in ("ing", "ed")  # "make": "making"; "makeing" is no form of it
            if (base in ordinary and not (silent_e and base.endswith("e"))) or (
                silent_e and base + "e" in ordinary
            ):
                return True
    return False


def _before(words: list[str], start: int, reach: int) -> list[str]:
    """The few words before a mention, without the determiners just before it ("not a coder": "not")."""
    before = words[max(0, start - reach) : start]
    while before and before[-1] in DETERMINERS:
        before.pop()
    return before


def _set_aside(
    roles: list[RoleMention], ambiguous: list[AmbiguousMention], words: list[str]
) -> tuple[list[RoleMention], list[AmbiguousMention], tuple[RoleMention, ...], tuple[RoleId, ...]]:
    """Roles and ambiguous words after an excluding word, with the list joined to them: the roles
    become context and the ambiguous words are dropped (nobody needs to say which nurse they set aside).
    Last, the ids of every role set aside, an ambiguous word's candidates all ("besides nursing")."""
    mentions: list[RoleMention | AmbiguousMention] = sorted([*roles, *ambiguous], key=lambda m: m.start)
    aside: set[int] = set()  # ids of the mentions set aside
    previous_end, chained = -1, False
    for mention in mentions:
        gap = words[previous_end : mention.start] if previous_end >= 0 else []
        chained = chained and bool(gap) and set(gap) <= LIST_JOINERS
        before = _before(words, mention.start, 3)
        excluding = (before and before[-1] in EXCLUDING_WORDS) or tuple(before[-2:]) in EXCLUDING_PAIRS
        if excluding or chained:
            aside.add(id(mention))
            chained = True
        previous_end = mention.end
    fixed_at = _correction(words) if len(mentions) > 1 else -1
    if fixed_at >= 0 and any(m.start > fixed_at for m in mentions):
        aside.update(id(m) for m in mentions if m.end <= fixed_at)
    kept_roles = [m for m in roles if id(m) not in aside]
    kept_ambiguous = [m for m in ambiguous if id(m) not in aside]
    aside_ids = (
        role
        for m in mentions
        if id(m) in aside
        for role in (m.candidates if isinstance(m, AmbiguousMention) else (m.role_id,))
    )
    aside_roles = tuple(m for m in roles if id(m) in aside)
    return kept_roles, kept_ambiguous, aside_roles, tuple(dict.fromkeys(aside_ids))


def _correction(words: list[str]) -> int:
    """Where the last correction ("i mean", "meant") is, or -1 (most messages: no scan at all)."""
    if CORRECTION_WORDS.isdisjoint(words):
        return -1
    return max(
        (
            i
            for i, word in enumerate(words)
            if word == "meant" or (word == "mean" and words[i - 1 : i] == ["i"])
        ),
        default=-1,
    )


def _particular(roles: list[RoleMention], words: list[str], context: set[int], ambiguous: bool) -> set[int]:
    """The mentions of a particular person ("the doctor", "my doctor") beside roles asked about in general."""
    particular: set[int] = set()
    general: set[int] = set()
    for index, mention in enumerate(roles):
        if index not in context:
            definite = mention.start > 0 and words[mention.start - 1] in DEFINITE_WORDS
            (particular if definite and not _in_a_list(roles, index, words) else general).add(index)
    general_ids = {roles[i].role_id for i in general}
    particular -= {i for i in particular if roles[i].role_id in general_ids}  # "the PAs ... a PA": a subject
    if ambiguous and not general_ids:  # "my doctor says id make a good nurse": only someone's own
        particular = {i for i in particular if words[roles[i].start - 1] in POSSESSIVE_WORDS}
    if not particular or not (general_ids or ambiguous):
        return set()
    return particular if not _sets_against(words, roles) or len(general_ids) > 1 else set()


def _sets_against(words: list[str], roles: list[RoleMention]) -> bool:
    """A word that sets jobs against each other; not an "or" that opens a new question naming no job ("does
    a scribe just type what the doctor says, or is there more to it"; but "or is the LPN route worth it")
    nor "more to it"."""
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        named_after = any(mention.start > index for mention in roles)
        opens_a_question = word == "or" and following in CLAUSE_STARTS and not named_after
        if word in COMPARING_WORDS and not opens_a_question and not (word == "more" and following == "to"):
            return True
    return False


def _in_a_list(roles: list[RoleMention], index: int, words: list[str]) -> bool:
    """A mention joined to the next or the previous one ("the ma, lpn and rn": "the" is for all three)."""
    neighbours = (roles[index - 1] if index else None, roles[index + 1] if index + 1 < len(roles) else None)
    mention = roles[index]
    return any(
        other is not None
        and set(words[min(mention.end, other.end) : max(mention.start, other.start)]) <= LIST_JOINERS
        for other in neighbours
    )


def _compares(words: list[str]) -> bool:
    """Whether the message sets jobs against each other ("do they make more", "her or a biller")."""
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        liking = word in COMPARATIVES and following in INTEREST_WORDS
        if word in COMPARING_AGAINST and not liking and not (word == "or" and following == "not"):
            return True  # ("is that a good idea or not" sets nothing against anything)
    return False


def needed_first(words: list[str], mention: RoleMention) -> bool:
    """Whether a mention is a job asked about as needed before another ("have to be RNs first")."""
    return _a_prerequisite(_before(words, mention.start, 4), words, mention.end)


def _a_prerequisite(before: list[str], words: list[str], end: int) -> bool:
    """'have to be RNs first', 'need to be an MA before': the job asked about as required before another,
    not a second subject (the question is whether the other one needs it). Not "is it smart to be an LPN
    before" or "better to be a scribe first or an MA": those weigh paths."""
    if len(before) < 2 or before[-1] != "be":
        return False
    asked = len(before) >= 3 and before[-3] == "must" and before[-2] in ASKED_PEOPLE  # "must you be an RN"
    return before[-2] == "must" or asked or tuple(before[-3:-1]) in REQUIRED_LEADS


def _a_relatives_job(before: list[str], relatives: frozenset[str]) -> bool:
    """'my brothers a phlebotomist', 'my mom is an', 'my sister works as an': the words before a role (its
    determiners gone) say it is a relative's job."""
    words = list(before)
    while words and words[-1] in RELATIVE_LINKS:
        words.pop()
    if len(words) < 2 or words[-2] not in POSSESSIVE_WORDS:
        return False
    relative = words[-1]  # "brothers": "brother's", its apostrophe dropped
    return relative in relatives or (relative.endswith("s") and relative[:-1] in relatives)


def _subjects(
    roles: list[RoleMention],
    words: list[str],
    pauses: frozenset[int],
    ambiguous: bool = False,
    relatives: frozenset[str] = frozenset(),
) -> tuple[tuple[RoleMention, ...], tuple[RoleMention, ...]]:
    """The roles a message is about, and those named only as context.

    Context: a role negated just before it ("not coders", "instead of a physician"), named after "at" (a
    place: "the receptionist at my doctor"), one that owns the next role ("a family doctors receptionist":
    a possessive, its apostrophe already dropped), the user's own job ("i am already an RN") or a role's
    school ("before PA school"); one before "i meant" was set aside already (`_set_aside`). Only when at
    least one role is left as the subject: "not a doctor" alone still names a doctor. A relative's job ("my
    mom is an NP") is context too, but not the user's own.
    """
    context: set[int] = set()
    own: set[int] = set()  # the user's own job
    for index, mention in enumerate(roles):
        before = _before(words, mention.start, 4)
        if len(before) > 1 and before[-1] in POSSESSIVE_WORDS and before[-2] in PLACE_WORDS:
            context.add(index)  # "the referral coordinator at my doctor": a place
        if len(before) > 1 and before[-1] == "of" and before[-2] in WORKPLACE_NOUNS:
            context.add(index)  # "in clinic of doctor", "the office of a PA": a place
        if (before and before[-1] in NEGATING_WORDS) or tuple(before[-2:]) in NEGATING_PAIRS:
            context.add(index)
        time = bool(before) and before[-1] in TIME_WORDS
        if time and mention.end < len(words) and words[mention.end] in TRAINING_NOUNS:
            context.add(index)
        while before and (before[-1] in OWN_JOB_ADVERBS or before[-1] in DETERMINERS):
            before.pop()  # "i am a former", "i am now an"
        if tuple(before[-2:]) in OWN_JOB_LEADS or tuple(before[-3:]) in OWN_JOB_LEADS:
            context.add(index)
            own.add(index)
        if _a_prerequisite(before, words, mention.end):  # "do NPs have to be RNs first"
            context.add(index)
        if _a_relatives_job(before, relatives):  # not "my mom is an NP and says thats better. whats the..."
            others = {m.role_id for m in roles if m.role_id != mention.role_id}
            if not _compares(words) or len(others) > 1:
                context.add(index)
        following = roles[index + 1] if index + 1 < len(roles) else None
        owner_word = words[mention.end - 1]
        owns = following is not None and following.start == mention.end and mention.end - 1 not in pauses
        if following is not None and owns and owner_word.endswith("s"):
            if following.role_id != mention.role_id and mention.surface.endswith("s"):
                context.add(index)
    context |= _particular(roles, words, context, ambiguous)
    if len(context) >= len(roles) and not ambiguous:  # an ambiguous word is left ("my doctor ... a nurse")
        return tuple(roles), ()
    subjects = tuple(m for i, m in enumerate(roles) if i not in context)
    context_roles = (replace(m, own=True) if i in own else m for i, m in enumerate(roles) if i in context)
    return subjects, tuple(context_roles)
