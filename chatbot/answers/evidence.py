"""Yes/no and detail questions answered from everything the knowledge says about a role.

Every sentence of a role's data (duties, skills, notes, work environment, certifications, education,
schedule...) is a statement; the statements are found by walking the role's dataclass, so a field
added to the schema is searched with no code change. A question's words, widened by the lexicon's
synonyms, are matched against the statements by stem; the one or two best are the evidence. "Yes" or
"no" is said only when the best statement holds every asked word (a negation just before one of them
makes it a "no"); otherwise the reply says what the knowledge holds that is nearest.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from ..knowledge.schema import KnowledgeBase, Role
from ..nlu.normalize import stem, tokenize
from .wording import a, name

OVERVIEW = "role_overview"
MIN_WORDS = 4  # shorter strings (names, ids, codes) are labels, not statements
NEGATION_REACH = 3  # words before a matched word in which "not" or "no" turns it into a "no"
SKIPPED_FIELDS = frozenset(
    {"id", "aliases", "sources", "source", "url", "category", "related_roles", "described_as", "activities"}
)
_URL = re.compile(r"https?://\S+")


# The fields whose statements answer each intent; a role overview may draw on any field.
FIELDS_FOR: dict[str, frozenset[str]] = {
    "role_education": frozenset({"education", "where_to_study"}),
    "role_certification": frozenset({"certifications", "licensure"}),
    "role_salary": frozenset({"salary", "pay_range", "also_covers"}),
    "role_outlook": frozenset({"outlook"}),
    "role_work_environment": frozenset({"work_environment", "schedule", "job_life"}),
    "role_skills": frozenset({"skills", "duties"}),
}


# Where to look when the intent's own fields say nothing: the role's own work, not where it leads.
CORE_FIELDS = frozenset(
    {
        "summary",
        "duties",
        "skills",
        "education",
        "certifications",
        "licensure",
        "work_environment",
        "job_life",
    }
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


class StatementIndex:
    """Every role's statements with their word stems, built once per engine: stemming is the costly part.

    A statement is kept as plain strings, (top-level field, sentence, its stems joined by spaces): a
    thousand of them are read back from the engine cache in one go, not built one object at a time.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self._by_role = {role.id: tuple(_statements(role)) for role in kb.roles}

    def of(self, role: Role, fields: frozenset[str] | None = None) -> list[tuple[str, str]]:
        """The role's statements (from the given top-level fields) as (sentence, stems), in schema order."""
        return [
            (text, stems)
            for field, text, stems in self._by_role.get(role.id, ())
            if fields is None or field in fields
        ]


def _statements(role: Role) -> Iterator[tuple[str, str, str]]:
    for top, text in _strings(role, ""):
        if _URL.fullmatch(text):
            continue
        for sentence in _SENTENCE_END.split(text):
            if len(sentence.split()) >= MIN_WORDS:
                yield top, sentence, " ".join(_stems(sentence))


def _strings(value: object, top: str) -> Iterator[tuple[str, str]]:
    """(top-level field, text) of every string in a role's data."""
    if isinstance(value, str):
        yield top, value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _strings(item, top)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            if field.name not in SKIPPED_FIELDS:
                yield from _strings(getattr(value, field.name), top or field.name)


def _stems(text: str) -> list[str]:
    return [stem(token.text) for token in tokenize(text)]


def evidence(
    index: StatementIndex,
    role: Role,
    asked: tuple[str, ...],
    kb: KnowledgeBase,
    intent: str = "role_overview",
) -> tuple[str | None, list[str]]:
    """("yes" | "no" | None, the best one or two statements) for the asked words about a role."""
    wanted = [{stem(word), *(stem(s) for s in kb.lexicon.synonyms.get(word, ()))} for word in asked]
    if not wanted:
        return None, []
    negations = {stem(word) for word in kb.lexicon.negations}
    fields = FIELDS_FOR.get(intent)
    found_any = _best(index.of(role, fields), wanted, negations)
    if fields is not None and (not found_any or found_any[0][0] < 1.0):  # the role's own work may say it
        core = _best(index.of(role, CORE_FIELDS), wanted, negations)
        found_any = core if core and (not found_any or core[0][0] > found_any[0][0]) else found_any
    if not found_any:
        return None, []
    share, negated = found_any[0][0], found_any[0][3]
    verdict = ("no" if negated else "yes") if share == 1.0 else None
    return verdict, [text for score, _, text, _negated in found_any if score >= share / 2]


def _best(
    candidates: list[tuple[str, str]], wanted: list[set[str]], negations: set[str]
) -> list[tuple[float, int, str, bool]]:
    """The two statements that hold most of the asked words: (share, -order, text, negated)."""
    scored: list[tuple[float, int, str, bool]] = []
    any_wanted = set().union(*wanted)
    for order, (text, stems) in enumerate(candidates):
        # most statements hold none of the words: a look for each in the joined text, then the words
        if not any(word in stems for word in any_wanted):
            continue
        words = stems.split()
        if any_wanted.isdisjoint(words):
            continue
        position: dict[str, int] = {}
        for at, word in enumerate(words):
            position.setdefault(word, at)  # each word's first place
        hits = [min((position[w] for w in group if w in position), default=-1) for group in wanted]
        found = [i for i in hits if i >= 0]
        if not found:
            continue
        negated = any(w in negations for i in found for w in words[max(0, i - NEGATION_REACH) : i])
        scored.append((len(found) / len(wanted), -order, text, negated))
    scored.sort(reverse=True)
    return scored[:2]


def _field_verdict(role: Role, asked: tuple[str, ...], kb: KnowledgeBase) -> tuple[str, str] | None:
    """("yes" | "no", evidence) from a field whose value answers the question, if one is declared."""
    rule = next((kb.lexicon.field_answers[w] for w in asked if w in kb.lexicon.field_answers), None)
    if rule is None:
        return None
    value = _field(role, rule.field)
    if value is None:
        return None
    shown = {True: "yes", False: "no"}.get(value, str(value)) if isinstance(value, bool) else str(value)
    verdict = "no" if str(value).lower() in rule.no else "yes"
    detail = _field(role, rule.detail) if rule.detail else None
    return verdict, str(detail) if detail else rule.says.replace("{value}", shown.replace("_", " "))


def _field(role: Role, path: str) -> object:
    """The value at a field path; through a list, its first item (a role's key credential comes first)."""
    value: object = role
    for part in path.split("."):
        if isinstance(value, tuple):
            value = value[0] if value else None
        value = getattr(value, part, None)
    return value


def yes_no_answer(
    index: StatementIndex,
    role: Role,
    asked: tuple[str, ...],
    kb: KnowledgeBase,
    intent: str = "role_overview",
    *,
    clear_only: bool = False,
) -> str | None:
    """The answer's first lines: the verdict with its evidence; None when nothing in the data is near
    (or, with `clear_only`, when there is no clear yes or no: the answer that follows says enough)."""
    # "do coders work with patients": the field answers; "do MAs give shots to patients": the statements,
    # searched for the other words (the field's word is the setting, not the question)
    field_words = set(kb.lexicon.field_answers)
    absence = set(kb.lexicon.absence_words)
    if any(word in absence for word in asked) and any(word in field_words for word in asked):
        by_field = _field_verdict(role, asked, kb)  # "without a degree": not needed means you can
        if by_field is not None:
            return f"{'Yes' if by_field[0] == 'no' else 'No'}. {by_field[1]}"
    if all(word in field_words for word in asked):
        by_field = _field_verdict(role, asked, kb)
        if by_field is not None:
            return f"{by_field[0].capitalize()}. {by_field[1]}"
    rest = tuple(w for w in asked if w not in field_words)
    verdict, found = evidence(index, role, rest or asked, kb, intent)
    if not found and rest != asked:  # "do MAs draw blood": "draw" alone is nowhere, so the whole question
        verdict, found = evidence(index, role, asked, kb, intent)
    if not found:  # nothing said in words: a field's value may still answer it
        by_field = _field_verdict(role, asked, kb)
        return f"{by_field[0].capitalize()}. {by_field[1]}" if by_field else None
    if verdict is None and clear_only:
        return None
    lead = {"yes": "Yes.", "no": "No."}.get(verdict or "", "I don't have a clear yes or no on that.")
    nearest = "" if verdict else f" Here is what I know about {a(name(role).lower())} that comes closest:"
    return f"{lead}{nearest}\n" + "\n".join(f"- {text}" for text in found)


# "Every NP must first be a licensed RN": a statement that a job is needed, not only one way in
_REQUIRED = re.compile(r"\b(?:must|required|requires|has to be|have to be|needs to be|need to be)\b", re.I)


SHORT_NAME = 2  # names this short ("PA", "MD", "DO") are read in capitals only
REQUIRED_REACH = 6  # words between "must" and the job required ("must first be a licensed registered nurse")
_DENIED = re.compile(r"\b(?:no|not|never|none|without)\b", re.I)
_ONE_WAY_IN = re.compile(r"\b(?:for example|such as|bridge|many|often|some|experience|hours)\b", re.I)


def prerequisite(index: StatementIndex, role: Role, needed: Role) -> str:
    """'Do NPs have to be RNs first?': yes when the role's data says the other job is required ("Every NP must
    first be a licensed registered nurse"); else no, with the role's usual path and what the data says of the
    other job as one way in."""
    names = _names_of(needed)
    said = list(dict.fromkeys(text for text, _ in index.of(role) if names.search(text)))
    required = [text for text in said if _requires(text, names)]
    one, other = a(name(role).lower()), a(name(needed).lower())
    if required:
        return "\n".join([f"Yes: {one} has to be {other} first.", *(f"- {text}" for text in required[:2])])
    entry = role.education.entry_level_text
    lines = [
        f"No: {one} does not have to be {other} first.",
        f"- The usual path: {entry[0].lower()}{entry[1:]}.",
    ]
    # what the data says of the other job as one way in ("first build patient-care hours, for example as an
    # MA"); not any sentence that happens to name it
    ways_in = [text for text in said if _ONE_WAY_IN.search(text)]
    return "\n".join([*lines, *(f"- {text}" for text in ways_in[:1])])


def _names_of(role: Role) -> re.Pattern[str]:
    """A role's names in running text: short ones ("PA", "DO") only in capitals, so "you must do" is none."""
    names = {name(role), role.title, role.short_title, *role.aliases}
    long = sorted((n for n in names if len(n) > SHORT_NAME), key=len, reverse=True)
    short = sorted({n.upper() for n in names if len(n) <= SHORT_NAME})
    parts = [f"(?i:{re.escape(n)})" for n in long] + [re.escape(n) for n in short]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b")


def _requires(text: str, names: re.Pattern[str]) -> bool:
    """A requirement said of the job named after it, not denied: "must first be a licensed registered
    nurse"; not "No formal training is legally required; ... PA school"."""
    found = _REQUIRED.search(text)
    if found is None or _DENIED.search(text[: found.start()]):
        return False
    named = names.search(text, found.end())
    return named is not None and len(text[found.end() : named.start()].split()) <= REQUIRED_REACH
