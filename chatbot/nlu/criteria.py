"""Criteria: what a user asks of a job ("no degree", "not blood", "best paid"), read from the words.

Used by recommendations and the quiz. The phrase lists are the English part of this reading.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping
from typing import Literal

from ..knowledge.schema import EDUCATION_ORDER, KnowledgeBase, Trait
from ..records import record, replace
from .normalize import NUMBER_WORDS

LOOSE_WORDS = frozenset("a an any the some really".split())  # "without any degree" = "without a degree"


@functools.lru_cache(maxsize=64)  # one message's text is looked at by every phrase list
def _loose(text: str) -> str:
    return " ".join(word for word in text.split() if word not in LOOSE_WORDS)


@record
class Phrases:
    """A phrase list, each phrase padded with spaces (whole words only) and indexed by its first word."""

    by_first: Mapping[str, tuple[str, ...]]


def _phrases(text: str) -> Phrases:
    """A phrase list written as comma-separated lines of normalised words (articles do not count)."""
    index: dict[str, list[str]] = {}
    for phrase in text.replace("\n", ",").split(","):
        words = _loose(phrase).split()
        if words:
            index.setdefault(words[0], []).append(f" {' '.join(words)} ")
    return Phrases({first: tuple(found) for first, found in index.items()})


# Phrases (normalised words) that set a criterion; an education ceiling names the highest entry level.
EDUCATION_CEILINGS: dict[str, Phrases] = {
    "postsecondary_certificate": _phrases(
        """
        no degree, without a degree, not need a degree, no college, not need a college degree, without college
        without a college degree, without going to college, not going to college, skip college, no uni
        high school diploma, only high school, just high school, high school only, high school education
        out of high school, after high school, high school grad, high school graduate, finished high school
        high school student, in high school, straight from high school, ged, certificate
        certification program, just a diploma, only a diploma, with a diploma
        """
    ),
    "associate": _phrases("2 year, two year, associate, associates, community college"),
    "bachelor": _phrases(
        """
        4 year, four year, bachelor, bachelors, not need a masters, no masters, without a masters
        not need a master, no grad school, without grad school, no graduate degree, without a graduate degree
        """
    ),
    "master": _phrases(
        """
        med school is too long, med school is way too long, not med school, without med school, no med school
        skip med school, skip medical school, not become a doctor
        """
    ),
}
# -> at most a year of training
QUICK_TRAINING = _phrases(
    """
    less than a year, under a year, within a year, in a year, few months, couple months
    year or less, 12 months or less, one year or less, no more than a year, at most a year
    not want more than a year, not want more than like a year, not more than a year
    without years of school, without years in school, not years of school
    no experience, zero experience, without experience, no prior experience, entry level, hired first
    couple of months, right away, soon, short training, short program
    without going back to school, not go back to school, no school, not want to go back to school
    not a lot of school, little school, least school, least training, minimal training, start working
    least schooling, less schooling, little schooling, not much schooling
    fastest to, fastest way, quickest, premed, pre med, gap year, while in college, while in school
    summer job, afford years, not afford school, not spend years, not spend 4 years
    cheapest training, cheap training, cheapest program, cheapest school, least expensive training,
    affordable training, low cost training, inexpensive training, cheapest way in, easiest job, easiest jobs,
    easiest one, easiest way in
    not spend four years, not want to be in school for years
    """
)
# -> less training than the role just discussed ("thats way too long, what needs less school")
SHORTER_TRAINING = _phrases(
    """
    less school, less training, less time in school, shorter training, shorter program, fewer years,
    not as long, too long, so long, takes forever, quicker path, shorter path
    """
)
AVOID_BLOOD = _phrases(
    """
    no blood, not blood, blood makes, pass out, faint, needles, squeamish, not deal with blood
    hate blood, afraid of blood, scared of blood, without blood, queasy, woozy, lightheaded, nothing clinical
    clinical is out, not clinical, non clinical, nonclinical
    """
)
# -> the user is fine with blood and needles: no avoiding them, whatever other words say
BLOOD_OK = _phrases(
    """
    blood does not bother me, blood is fine, blood is ok, blood is okay, needles are fine, needles are ok
    needles do not bother me, fine with blood, fine with needles, ok with blood, okay with blood
    ok with needles, okay with needles, do not mind blood, do not mind needles, not squeamish
    not afraid of blood, not afraid of needles, blood does not scare me, needles do not scare me
    """
)
LESS_CONTACT = _phrases(
    """
    least contact, less contact, no patients, not with patients, away from patients, without patients
    no patient contact, little patient contact, introvert, introverted, behind the scenes
    not patient facing, not deal with patients, shy, antisocial, not people person, not a people person
    not want to deal with people, not want to talk to people, not like people, not good with people
    not like talking, not want to work with people, not want patient contact, without patient contact
    not want hands on patient contact, not want direct patient contact, no hands on patient contact
    no direct patient contact, not want contact with patients, not want to be around patients
    not want to talk with patients, not want to talk to patients, not want to talk with people
    """
)
MORE_CONTACT = _phrases(
    """
    patient care, patient contact, with patients, hands on with patients, patient care hours
    patient facing, care for patients, taking care of people, clinical experience, clinical hours
    face to face, in person with patients, work with patients, around patients, help patients
    helping patients, patients directly, directly with patients, good with people, people person
    around people, be with people, work with people, working with people
    """
)
# Not "second job": articles are dropped here, and "tell me about the second job" points at a list.
PART_TIME = _phrases(
    """
    part time, part timer, few hours a week, while in college, while in school, around classes,
    side gig, side job, on the side
    """
)
REGULAR_HOURS = _phrases(
    """
    regular hours, normal hours, 9 to 5, nine to five, no nights, no weekends, weekdays only, daytime hours
    business hours, not work nights, not work weekends, family friendly hours
    """
)
REMOTE = _phrases("work from home, from home, remote, remotely, wfh, home based, at home")
HIGHEST_PAY = _phrases(
    """
    highest pay, highest paying, best pay, best paid, best paying, most money, pays the most
    paid the most, top paying, highest salary, make the most, earn the most, well paid, good money
    most lucrative, pays best, pay the most, pay well, pays well, good pay, well paying, good salary
    high salary, high paying, pays good, pay good, good paying, paying good
    """
)
FASTEST_GROWTH = _phrases(
    """
    fastest growing, most demand, in demand, job security, most growth, growing fastest, future proof
    most openings, growing field, best outlook, high demand
    """
)

TRAINING_SORT = _phrases(
    """
    training time, time to train, time to qualify, how long, length of training, years of school
    quickest first, fastest first, shortest first, least training, shortest training, quickest to start
    """
)
OPENINGS_SORT = _phrases("openings, most jobs, job openings, number of jobs, most hiring")
RANK_WORDS = frozenset("rank ranked ranking rankings sort sorted order ordered".split())
EVERY_PHRASES = _phrases("all roles, all jobs, every role, every job, all of them")  # articles do not count
MIN_PAY = re.compile(
    r"\b(?:over|above|more than|at least|min(?:imum)?)\s+\$?(\d{2,3})(?:[, ]?000| ?k| thousand)\b"
)
NEGATIONS = frozenset("not no never hate hates avoid scared afraid without nothing faint".split())
SPEED_WORDS = frozenset("fast fastest quick quickest quickly asap soonest".split())
SKILL_VERBS = frozenset("type typing learn learner read talk think work".split())  # "i type fast": a skill
SKILLED_NOUNS = frozenset(
    "typer typist typing learner reader talker thinker worker".split()
)  # "a fast typer" too
QUICK_THINGS = frozenset(
    "answer list look overview question questions rundown summary".split()
)  # "a quick rundown"
PEOPLE_WORDS = ("people", "patients", "talking", "social", "strangers", "customers")
PAY_WORDS = frozenset("pay pays paid paying salary money earn earns lucrative".split())
GROWTH_WORDS = frozenset("growth growing grow demand openings outlook future".split())
# "rank by job growth, fastest first": "fastest" sorts the growth unless the training is named
TRAINING_WORDS = frozenset("training train school schooling qualify education program".split())
# growth, from the bottom: "which roles will shrink"
SHRINK_WORDS = frozenset("shrink shrinking decline declining disappearing dying".split())
BOTTOM_WORDS = frozenset("lowest worst least fewest".split())
_COUNT = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"  # (in NUMBER_WORDS)
# "within six months", "in like 3 6 months" (a range: its top), "a year or less", "9 months max"
# "i can only swing about a year of school", "just six months of training": a limit said with "only" or
# "just", with a verb of doing the training before it or the training after it (not "just turned 40 years")
_ROUGHLY = r"(?:(?:about|around|like|roughly|maybe)\s+)?"
ONLY_LIMITS = (
    re.compile(
        rf"\b(?:only|just)\s+(?:(?:can|could)\s+)?(?:do|swing|afford|spend|manage|handle|commit to)\s+"
        rf"{_ROUGHLY}(?:a|{_COUNT})\s+(months?|years?)\b"
    ),
    re.compile(
        rf"\b(?:only|just)\s+{_ROUGHLY}(?:a|{_COUNT})\s+(months?|years?)\s+(?:of\s+)?"
        r"(?:school|training|college|classes|study|studying|program)\b"
    ),
)
HORIZON_MONTHS = 60  # "in 5 years" and more looks ahead; "in 2 years" is a training limit
MONTHS_LIMIT = re.compile(
    r"\b(?:within|in|under|less than|up to|at most|no more than|not (?:\w+ ){0,2}more than)\s+"
    r"(?:(?:about|around|like|a|roughly)\s+)*"
    rf"(?:\d{{1,2}}\s+(?:to\s+)?)?{_COUNT}\s+(months?|years?)\b"
    rf"|\b{_COUNT}\s+(months?|years?)\s+(?:max|maximum|tops|or less|at most)\b"
)
TOP_WORDS = frozenset("highest best most top fastest biggest greatest more better higher".split())
BLOOD_WORDS = ("blood", "needle", "needles", "shots", "injections")
COPULAS = frozenset("is are was were".split())
WEAK_WORDS = frozenset("bad poor weak limited basic".split())  # "my english is weak"
RATHER_THAN = frozenset({"than"})  # "people rather than sitting at a computer": the computer is not wanted
NOT_WANTED_BEFORE = NEGATIONS | RATHER_THAN  # words before a trait's words that take the wish back
NEGATION_REACH = 4  # "never have to see blood": the negation may sit a few words before
MED_WORDS = ("med", "medical")  # before "school": the physician's path
COLLEGE_WORDS = ("college", "university", "degree")  # "i dont want college": a certificate at most
YEARS_WORDS = ("years",)  # "without spending years back in school", "not take years": a year at most
YEARS_REACH = 3  # close: "it does not matter if it takes years" is no limit
MED_SCHOOL_REACH = 6  # "do not want to go to med school": the negation sits further back


SortKey = Literal["pay", "growth", "training", "openings"]


@record
class Criteria:
    """What a user asked of a job. Empty criteria start the quiz."""

    max_education: str | None = None
    max_months: int | None = None
    contact: str | None = None  # "less" | "more"
    avoid_blood: bool = False
    blood_ok: bool = False  # "needles dont bother me": no drawback and no wish (it answers the quiz)
    remote: bool = False
    part_time: bool = False  # "part time while in college": part-time work is common or found
    regular_hours: bool = False  # "a job with regular hours": evenings and weekends are not common
    traits: tuple[str, ...] = ()
    sort_by: SortKey | None = None
    every: bool = False  # "rank all roles by pay": every role that fits, not the best five
    lowest: bool = False  # "the worst paying job": the sort runs from the bottom
    long_training_ok: bool = False  # "four years or more is fine": a long path is no drawback
    min_pay: int | None = None  # "jobs that pay over 100k"
    shorter: bool = False  # "needs less school": shorter training than the role in view (the dialogue's)

    @property
    def empty(self) -> bool:
        """Nothing that ranks jobs (being fine with blood only answers the quiz's question about it)."""
        return replace(self, blood_ok=False) == Criteria()

    @property
    def limits(self) -> bool:
        """Whether it rules some jobs out or asks for a kind of job, beyond an order to sort by."""
        return self != Criteria(sort_by=self.sort_by, every=self.every, lowest=self.lowest)


def merged(earlier: Criteria, later: Criteria) -> Criteria:
    """Both sets of wishes; where both set a field, the later one counts (traits add up)."""
    changes = {
        f.name: getattr(later, f.name)
        for f in dataclasses.fields(Criteria)
        if getattr(later, f.name) != f.default
    }
    changes["traits"] = tuple(dict.fromkeys((*earlier.traits, *later.traits)))
    if later.blood_ok or later.avoid_blood:  # "i hate blood", then "needles are fine": the later one
        changes["avoid_blood"], changes["blood_ok"] = later.avoid_blood, later.blood_ok
    return replace(earlier, **changes)


def _only_as_a_place(text: str, phrases: Phrases) -> bool:
    """'a counsellor at a community college': the school is where someone is, not the training wanted."""
    padded, words = _padded(text)
    found = [
        (start, phrase)
        for word in phrases.by_first.keys() & words
        for phrase in phrases.by_first[word]
        for start in _starts(padded, phrase)
    ]
    return bool(found) and all(padded[:start].endswith(" at") for start, _ in found)


def _starts(padded: str, phrase: str) -> list[int]:
    starts, at = [], padded.find(phrase)
    while at >= 0:
        starts.append(at)
        at = padded.find(phrase, at + 1)
    return starts


def _has(text: str, phrases: Phrases) -> bool:
    padded, words = _padded(text)
    first = phrases.by_first
    return any(phrase in padded for word in first.keys() & words for phrase in first[word])


@functools.lru_cache(maxsize=64)
def _padded(text: str) -> tuple[str, frozenset[str]]:
    loose = _loose(text)
    return f" {loose} ", frozenset(loose.split())


@functools.lru_cache(maxsize=8)
def _trait_cues(traits: tuple[Trait, ...]) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(trait id, first word, words) of every cue, split once per set of traits."""
    return tuple(
        (trait.id, cue.split()[0], tuple(cue.split()))
        for trait in traits
        for cue in trait.cues
        if cue.split()
    )


@functools.lru_cache(maxsize=8)
def _trait_key_words(traits: tuple[Trait, ...]) -> frozenset[str]:
    return frozenset(_least_common(cue) for _, _, cue in _trait_cues(traits))


UNBOTHERED_VERBS = frozenset("bother bothers scare scares faze fazes gross".split())
UNBOTHERED_REACH = 6  # "needles and blood dont bother me at all": the verb a few words after the thing


def _unbothered_by(words: list[str], targets: tuple[str, ...]) -> bool:
    """'needles and blood dont bother me', 'blood really doesnt scare me': a "not" and a verb of being
    bothered just after the thing, as the fixed phrases cannot list every order of words."""
    for index, word in enumerate(words):
        if word in targets:
            after = words[index + 1 : index + UNBOTHERED_REACH]
            if "not" in after and not UNBOTHERED_VERBS.isdisjoint(after):
                return True
    return False


def _negated(
    words: list[str], targets: tuple[str, ...], reach: int = NEGATION_REACH, followed_by: str = ""
) -> bool:
    """Whether a target word (followed by the given word, if any) comes shortly after a negation ("i can
    not stand blood"; "not ... med school": "i do not want to go to medical school")."""
    return any(
        not NEGATIONS.isdisjoint(words[max(0, i - reach) : i])
        for i, word in enumerate(words)
        if word in targets and (not followed_by or words[i + 1 : i + 2] == [followed_by])
    )


def _stated(words: list[str], phrase: list[str]) -> bool:
    """Whether the phrase occurs without a negation or a "than" just before it ("loves science", not "hates
    people" or "people rather than a computer") or a denial just after it ("my english is not perfect")."""
    size = len(phrase)
    return any(
        words[i : i + size] == phrase
        and NOT_WANTED_BEFORE.isdisjoint(words[max(0, i - NEGATION_REACH) : i])
        and not _denied(words[i + size : i + size + 2])
        for i, word in enumerate(words)
        if word == phrase[0]
    )


def _denied(after: list[str]) -> bool:
    """'... is not', '... is bad': a copula and a denial straight after a trait's words."""
    return len(after) == 2 and after[0] in COPULAS and (after[1] in NEGATIONS or after[1] in WEAK_WORDS)


def _wants_speed(words: list[str]) -> bool:
    """A speed word about the training ("something quick"), not a skill ("i type fast", "a fast learner")
    or a thing asked for ("a quick rundown of the jobs")."""
    for index, word in enumerate(words):
        before = words[index - 1] if index else ""
        after = words[index + 1] if index + 1 < len(words) else ""
        if word in SPEED_WORDS and before not in SKILL_VERBS and after not in QUICK_THINGS | SKILLED_NOUNS:
            return True
    return False


def _months_limit(text: str) -> int | None:
    """ "within six months", "in under 2 years": the training limit in months, if one is stated."""
    found = MONTHS_LIMIT.search(text)
    if not found:
        only = next((found for regex in ONLY_LIMITS if (found := regex.search(text))), None)
        if only is None:
            return None
        number = only.group(1) or "1"  # "only about a year"
        count = int(number) if number.isdigit() else NUMBER_WORDS[number]
        return count * (12 if only.group(2).startswith("year") else 1)
    number, unit = (found.group(1), found.group(2)) if found.group(1) else (found.group(3), found.group(4))
    count = int(number) if number.isdigit() else NUMBER_WORDS[number]
    months = count * (12 if unit.startswith("year") else 1)
    # "will it still be around in 10 years": a time ahead, not the longest training wanted
    return None if found.group(0).startswith("in ") and months >= HORIZON_MONTHS else months


def _ranking(text: str, words: set[str]) -> tuple[SortKey | None, bool]:
    """What to sort by and whether every role is wanted ("rank all roles by pay", "sort by training time")."""
    every = (
        bool(words & RANK_WORDS) or _has(text, EVERY_PHRASES) or "to lowest" in text or "to highest" in text
    )
    sort_by: SortKey | None = None
    if _has(text, HIGHEST_PAY) or (words & PAY_WORDS and (words & (TOP_WORDS | BOTTOM_WORDS) or every)):
        sort_by = "pay"
    elif every and _has(text, TRAINING_SORT) and not (words & GROWTH_WORDS and not words & TRAINING_WORDS):
        sort_by = "training"
    elif _has(text, OPENINGS_SORT) and (every or words & TOP_WORDS):
        sort_by = "openings"  # "which roles have the most openings"
    elif (
        _has(text, FASTEST_GROWTH)
        or words & SHRINK_WORDS
        or (words & GROWTH_WORDS and (words & TOP_WORDS or every))
    ):
        sort_by = "growth"
    return sort_by, every and sort_by is not None


def _key_words(*lists: Phrases) -> frozenset[str]:
    """One word of every phrase: a phrase is there only if all its words are, so any one will do, and
    the least common is best ("in demand": looked for only with "demand")."""
    return frozenset(
        _least_common(phrase.split())
        for phrases in lists
        for found in phrases.by_first.values()
        for phrase in found
    )


# Words of the phrases above that many messages have; any other word of the same phrase is a better key
COMMON_WORDS = frozenset(
    "to from work more most best good make jobs job school well in with of not no at".split()
)


def _least_common(words: list[str] | tuple[str, ...]) -> str:
    """The phrase's longest word that is not a common one (the last of equally long ones, mostly a noun)."""
    rare = [word for word in words if word not in COMMON_WORDS] or list(words)
    return max(reversed(rare), key=len)


# A message with none of these words (nor a number limit) asks nothing of a job; that is most messages,
# so they are not read phrase list by phrase list. "best" or "most" alone set nothing: only with "pay"...
_KEY_WORDS = _key_words(
    *EDUCATION_CEILINGS.values(),
    QUICK_TRAINING,
    SHORTER_TRAINING,
    AVOID_BLOOD,
    LESS_CONTACT,
    MORE_CONTACT,
    PART_TIME,
    REGULAR_HOURS,
    REMOTE,
    HIGHEST_PAY,
    FASTEST_GROWTH,
    TRAINING_SORT,
    OPENINGS_SORT,
    EVERY_PHRASES,
) | (RANK_WORDS | SPEED_WORDS | PAY_WORDS | GROWTH_WORDS | BOTTOM_WORDS | SHRINK_WORDS)
# counted only after a negation
_NEGATED_WORDS = frozenset((*PEOPLE_WORDS, *BLOOD_WORDS, *MED_WORDS, *COLLEGE_WORDS, *YEARS_WORDS))


def parse_criteria(text: str, kb: KnowledgeBase) -> Criteria:
    """Criteria stated in a normalised message ("no degree", "work from home", "good with numbers")."""
    present = set(text.split())
    if (
        present.isdisjoint(_KEY_WORDS)
        and (present.isdisjoint(NEGATIONS) or present.isdisjoint(_NEGATED_WORDS))
        and present.isdisjoint(_trait_key_words(kb.general.traits))
        and not MONTHS_LIMIT.search(text)
        and not any(regex.search(text) for regex in ONLY_LIMITS)
        and not MIN_PAY.search(text)
    ):
        return Criteria()
    return _parse(text, kb)


def _parse(text: str, kb: KnowledgeBase) -> Criteria:
    words = text.split()
    present = set(words)
    # "i dont want to go to med school": a negation a few words before, not only in a set phrase
    no_med_school = _negated(words, MED_WORDS, MED_SCHOOL_REACH, followed_by="school")
    ceiling = "master" if no_med_school else None
    if _negated(words, COLLEGE_WORDS) and not no_med_school:
        ceiling = "postsecondary_certificate"
    for level, phrases in EDUCATION_CEILINGS.items():
        if (
            _has(text, phrases)
            and not _only_as_a_place(text, phrases)
            and (ceiling is None or EDUCATION_ORDER.index(level) < EDUCATION_ORDER.index(ceiling))
        ):
            ceiling = level
    traits = tuple(
        dict.fromkeys(
            trait
            for trait, first, cue in _trait_cues(kb.general.traits)
            if first in present and _stated(words, list(cue))
        )
    )
    if _has(text, LESS_CONTACT) or _negated(words, PEOPLE_WORDS):  # "hates talking to people"
        contact: str | None = "less"
    else:
        contact = "more" if _has(text, MORE_CONTACT) else None
    sort_by, every = _ranking(text, present)
    quick = _has(text, QUICK_TRAINING) or _negated(words, YEARS_WORDS, YEARS_REACH)
    quick |= _wants_speed(words) and sort_by not in ("growth", "training")
    min_pay = MIN_PAY.search(text)
    blood_ok = _has(text, BLOOD_OK) or _unbothered_by(words, BLOOD_WORDS)
    return Criteria(
        max_education=ceiling,
        max_months=_months_limit(text) or (12 if quick and not every else None),
        lowest=bool(present & (BOTTOM_WORDS | SHRINK_WORDS)) and not present & TOP_WORDS,
        min_pay=int(min_pay.group(1)) * 1000 if min_pay else None,
        every=every,
        contact=contact,
        avoid_blood=(_has(text, AVOID_BLOOD) or _negated(words, BLOOD_WORDS)) and not blood_ok,
        blood_ok=blood_ok,
        remote=_has(text, REMOTE),
        part_time=_has(text, PART_TIME),
        regular_hours=_has(text, REGULAR_HOURS),
        traits=traits,
        sort_by=sort_by,
        shorter=_has(text, SHORTER_TRAINING),
    )
