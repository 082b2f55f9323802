"""Safety first: an emergency, a crisis or a question about one's own health, found before anything else.

The rules and their cues are data (`knowledge/safety.yaml`). A career question that only mentions
such things ("do ER nurses see a lot of overdoses", "pain clinic receptionist pay") is not a safety
message: when a message names a role or uses a job word, a cue counts only with a person word shortly
before it or inside it ("my husband can not lift his arm", "i have chest pain"). A rule's `personal`
words (a symptom, a body part that hurts) count only outside such a frame, after a person word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from ..knowledge.schema import SafetyInfo, SafetyRule
from ..nlu.criteria import Criteria
from ..nlu.mentions import Mentions
from ..nlu.normalize import NUMBER_WORDS, Token
from ..nlu.phrases import PhraseHit, PhraseMatcher
from ..nlu.roles import DEFINITE_WORDS
from ..records import replace

OWNER_REACH = 3  # words after a body word in which "on my", "of his" says whose it is
SUPPOSED_REACH = 8  # "when a patient tries to hurt herself": the supposed case a few words before the cue
NUMBER = "xnum"  # in a cue, a count large enough to worry about: "took xnum pills"
MANY = 5  # "took 2 pills for my headache" is a dose; "took 5 pills", "took like 30" are not
APPROXIMATELY = frozenset(
    {"like", "about", "around", "maybe", "over", "almost", "nearly", "roughly", "probably", "prob"}
    | {"approximately", "approx", "somewhere", "between"}  # "took somewhere between 20 and 25"
)
RANGE_WORDS = frozenset({"or", "to", "and"})  # "took 20 or 30 pills", "10 to 15", "between 20 and 25"
MULTIPLIED = frozenset({"dozen", "hundred", "couple", "handful"})  # "a dozen", "a couple dozen": one count
COUNT_WORDS = {**NUMBER_WORDS, "handful": MANY}  # "took a handful of his adhd meds": as many as MANY
DOSE_REACH = 5  # words between a taking word and what was taken, or a count and it past its links
DOSE_MODIFIERS = 2  # words after a count besides links: "dozens of my blood pressure tablets"
DOSE_LINKS = frozenset({"of", "my", "his", "her", "their", "the", "your", "our"})
UNIT_REACH = 5  # words after a cue's count in which its unit may come, past "of the" and two more
CLOCK_LEADS = frozenset({"at", "around"})
CLOCK_WORDS = frozenset({"am", "pm", "oclock"})  # "my meds at like 7 am"
GENERIC_MEDICINE = frozenset(
    {"medication", "medications", "med", "meds", "medicine", "medicines", "pill", "vitamin", "vitamins"}
)
STRENGTH_UNITS = frozenset({"mg", "mgs", "milligram", "milligrams", "mcg"})
CASE_REACH = 4  # "code for a drug overdose": the words between a case word and the case
CASE_LINKS = frozenset({"a", "an", "for", "of", "this", "that"})
CASE_TAIL = 4  # words that may follow a coded case ("in icd 10", "for billing")
CASE_ASKED = 6  # words before the case word that may hold the question word ("what is the right icd code")
CASE_QUESTIONS = frozenset({"how", "what", "whats", "which"})  # "how would i code", "what icd code"
NOW_WORDS = frozenset({"now", "currently", "tonight"})
CALLING = frozenset({"call", "called", "calling", "calls"})  # "called a code": an emergency in a hospital
DOSE_BREAKS = frozenset({"and", "then", "but"})  # "ate 12 donuts and took my pills": two things done
# between a count and the thing taken: "took 5 of my kids to get their meds" (a purpose, not a dose)
COUNT_BREAKS = DOSE_BREAKS | {"to", "for", "with"}
_STARTS_WITH_A_DIGIT = re.compile(r"\d").match  # "30", "20ish"
PLAN_COUNT = 10  # a plan's count: "going to take 5 melatonin tonight" is a dose, "gonna take 30 ambien" not
# what may follow "had" and a medicine for a dose taken: "she had 12 xanax and is sleepy", "i had 15 ambien"
HAD_ENDINGS = frozenset(
    {"and", "but", "then", "now", "so", "tonight", "today", "earlier", "already", "an", "about", "like"}
    | {"i", "im", "she", "he", "is", "was", "within", "last", "this", "yesterday", "ago", "at"}
)
TYPO_MIN = 7  # shorter words have too many real neighbours one typo away ("stroke", "strobe")
VAGUE = "?"  # marks a vague cue's key among the cues ("medical_advice?"); no rule id has it


class SafetyCheck:
    """Built once per engine from the safety rules; `rules_for(words, names_role)` per message."""

    def __init__(self, safety: SafetyInfo) -> None:
        self._rules = {rule.id: rule for rule in safety.rules}
        self._order = {rule.id: index for index, rule in enumerate(safety.rules)}
        # one scan finds the cues and the vague cues (their keys marked), since every message is checked
        self._cues = PhraseMatcher(
            [(rule.id, cue) for rule in safety.rules for cue in rule.cues]
            + [(rule.id + VAGUE, cue) for rule in safety.rules for cue in rule.vague],
            stems=False,
        )
        self._personal = PhraseMatcher(
            ((rule.id, word) for rule in safety.rules for word in rule.personal), stems=False
        )
        self._people = frozenset(safety.person_words)
        self._others = frozenset(safety.other_people)
        self._hypothetical = frozenset(safety.hypothetical_words)
        self._job_words = frozenset(safety.job_words)
        self._first_person = frozenset(safety.first_person)
        self._subjectless = frozenset(safety.subjectless_starts)
        self._owner_prepositions = frozenset(safety.owner_prepositions)
        self._first_person_owners = frozenset(safety.first_person_owners)
        self._workplaces = frozenset(safety.workplaces)
        self._asking_verbs = frozenset(safety.asking_verbs)
        self._happening = frozenset(safety.happening_words)
        self._relative_pronouns = frozenset(safety.relative_pronouns)
        self._case_words = frozenset(safety.case_words)
        people = self._people | {f"{word}s" for word in self._people}  # "of my grandmas pills"
        self._doses = [_DosePattern(rule, DOSE_LINKS | people) for rule in safety.rules if rule.taken_words]
        self._units = {rule.id: frozenset(rule.count_units) for rule in safety.rules if rule.count_units}
        self._figures = PhraseMatcher(
            ((rule.id, figure) for rule in safety.rules for figure in rule.figures_of_speech), 0, stems=False
        )
        self._misspelt = tuple(safety.misspelt_words)
        self._as_typed = frozenset(safety.real_look_alikes) | frozenset(safety.misspelt_words)
        self._plans = {rule.id: _phrases(rule.planning_words) for rule in safety.rules if rule.self_harm}
        self._not_followed = {
            rule.id: tuple(tuple(p.split()) for p in rule.not_followed_by) for rule in safety.rules
        }

    def rules_for(
        self, words: Sequence[str], names_role: bool, beside_a_career_question: bool = False
    ) -> tuple[SafetyRule, ...]:
        """The rules a message triggers: the first by file order, those it lists in `also`, then the other
        rules of its kind the message triggers too (a crisis and an emergency at once).

        `beside_a_career_question`: another sentence of the message asks about jobs ("is the MA job
        demanding? i'm 52 with bad knees"), so a body word here is context, as in a career question."""
        words = [
            word if len(word) < TYPO_MIN or word in self._as_typed else _respelt(word, self._misspelt)
            for word in words
        ]
        career_frame = names_role or self.asks_about_jobs(words)
        # (rare: most messages have no number; checked in C, for every sentence of every message)
        numbered = any(map(_STARTS_WITH_A_DIGIT, words)) or not COUNT_WORDS.keys().isdisjoint(words)
        found = self._counted_hits(words) if numbered else self._cues.find(words)
        if found:
            found = self._literal(words, found)
        vague = [replace(hit, key=hit.key.removesuffix(VAGUE)) for hit in found if hit.key.endswith(VAGUE)]
        hits = [
            hit
            for hit in found
            if not hit.key.endswith(VAGUE)
            and (not career_frame or self._about_a_person(words, hit, True, beside_a_career_question))
            and not (career_frame and self._a_kind_of_patient(words, hit))
            and not self._a_case_coded(words, hit)
        ]
        personal: list[PhraseHit] = []  # only where they count: outside a career question, or by a vague cue
        framed = career_frame or beside_a_career_question
        if not framed or (vague and not hits):
            personal = [hit for hit in self._personal.find(words) if self._about_a_person(words, hit)]
        if not framed:
            hits += personal
        # "is that normal" in a career question counts only beside a health word about someone
        if not framed or hits or personal:  # ("my ankle is swollen after shifts, is that normal")
            hits += vague
        hits = [hit for hit in hits if not set(words) & set(self._rules[hit.key].unless)]
        hits = [
            hit
            for hit in hits
            if not self._followed_by_an_exception(words, hit) and not self._loose_count(words, hit)
        ]
        if not hits:
            return ()
        first = self._rules[min(hits, key=lambda hit: self._order[hit.key]).key]
        # "i cut my wrist and it wont stop bleeding": the crisis line and the emergency's, each once
        also = [self._rules[other] for other in first.also]
        matched = sorted({hit.key for hit in hits}, key=self._order.__getitem__)
        same_kind = [self._rules[key] for key in matched if self._rules[key].intent == first.intent]
        return tuple(dict.fromkeys((first, *also, *same_kind)))

    def _counted_hits(self, words: Sequence[str]) -> tuple[PhraseHit, ...]:
        """The cues found with each count read as one word: NUMBER for MANY or more, and the counts taken
        (`taking_words`). A count is a number, a run of them ("twenty five", "15 20" from "15-20") or a range
        ("20 or 30", "a dozen"), so that "took 20 or 30 pills" is "took xnum pills". The hits are placed back
        on the words as typed."""
        marked: list[str] = []
        amounts: list[int] = []  # the count each marked word says (0 for other words)
        at: list[int] = []  # where each marked word starts in `words`
        index = 0
        while index < len(words):
            end = _count_end(words, index)
            if end == index:
                marked.append(words[index])
                amounts.append(0)
                end += 1
            else:
                values = [_count(word) or 0 for word in words[index:end]]
                marked.append(NUMBER if max(values) >= MANY else words[index])
                amounts.append(max(values))
            at.append(index)
            index = end
        at.append(len(words))
        # "my knee popped like five times": a count of a unit is no count taken
        cues = [hit for hit in self._cues.find(marked) if not self._of_a_unit(marked, hit)]
        found = [*cues, *self._doses_taken(marked, amounts)]
        return tuple(replace(hit, start=at[hit.start], end=at[hit.end]) for hit in found)

    def _of_a_unit(self, marked: Sequence[str], hit: PhraseHit) -> bool:
        """Whether a plan's count is of one of its rule's `count_units` ("take all 8 of the prereq classes");
        a dose cue keeps its count whatever follows ("popped 10 mg of fentanyl", "popped 10 minutes ago")."""
        units = self._units.get(hit.key)
        if not units or not self._rules[hit.key].self_harm or NUMBER not in marked[hit.start : hit.end]:
            return False
        count = hit.start + list(marked[hit.start : hit.end]).index(NUMBER)
        after = [word for word in marked[count + 1 : count + 1 + UNIT_REACH] if word not in DOSE_LINKS]
        return not units.isdisjoint(after[:3])

    def _doses_taken(self, marked: Sequence[str], amounts: Sequence[int]) -> list[PhraseHit]:
        """'took like 20 of his heart pills', 'ate a bag of gummies maybe a dozen': a taking word, then a
        count (NUMBER) and what was taken, close by, in either order (`_count_first`, `_thing_first`)."""
        hits: list[PhraseHit] = []
        for dose in self._doses:
            for start, word in enumerate(marked):
                named_only = word in dose.named_taking
                if not (word in dose.taking or named_only) or not dose.planned(marked, start):
                    continue
                end = _count_first(marked, start, dose, named_only)
                if end and dose.planning and max(amounts[start:end]) < PLAN_COUNT:
                    end = 0  # "gonna take 6 advil and go to bed": a dose, not a plan
                if not end and not named_only and not dose.planning:
                    end = _thing_first(marked, start, dose.taken, dose.units)
                if end:
                    hits.append(PhraseHit(dose.key, " ".join(marked[start:end]), start, end))
        return hits

    def _literal(self, words: Sequence[str], found: Sequence[PhraseHit]) -> tuple[PhraseHit, ...]:
        """The hits not inside a figure of speech of their rule ("swallowed my pride")."""
        figures = self._figures.find(words)
        if not figures:
            return tuple(found)
        return tuple(
            hit
            for hit in found
            if not any(f.key == hit.key and f.start <= hit.start and hit.end <= f.end for f in figures)
        )

    def _a_case_supposed(self, words: Sequence[str], start: int) -> bool:
        """'when a patient tries to...', 'if someone says...' shortly before the cue: a case supposed in a
        career question. Not "when we got to the clinic she collapsed" or "not sure if this matters but he":
        there the words after "when" or "if" are no supposed someone."""
        for index in range(max(0, start - SUPPOSED_REACH), start):
            if words[index] in self._hypothetical:
                after = words[index + 1 : index + 3]
                if any(word in self._others or word.removesuffix("s") in self._others for word in after):
                    return True
        return False

    def _followed_by_an_exception(self, words: Sequence[str], hit: PhraseHit) -> bool:
        """'took 10 pills a day': words just after a counted cue that make it a regimen (not 'a day ago')."""
        if not _counted(hit):
            return False
        for phrase in self._not_followed.get(hit.key, ()):
            after = tuple(words[hit.end : hit.end + len(phrase) + 1])
            if after[: len(phrase)] == phrase and after[len(phrase) :] != ("ago",):
                return True
        return False

    def _a_kind_of_patient(self, words: Sequence[str], hit: PhraseHit) -> bool:
        """'how do ER nurses treat a patient who took 30 pills': in a career question, a count taken by
        someone in general ("a patient who") is the kind of patient meant, not an overdose now. Only counted
        cues: "a girl who overdosed at school isnt waking up" is an emergency however it is framed."""
        if not _counted(hit) or hit.start < 2:
            return False
        return words[hit.start - 1] in self._relative_pronouns and words[hit.start - 2] in self._others

    def _a_case_coded(self, words: Sequence[str], hit: PhraseHit) -> bool:
        """'how would i code an overdose', 'what code is right for a drug overdose': a question about coding
        a case: a question word a few words before a word of coding (`case_words`), then a link ("a",
        "for") and at most one more word before the cue. Not "we called a code for a man not breathing", "i
        was charting the patient passed out" (no question), and never thoughts of self-harm."""
        if self._rules[hit.key].self_harm:
            return False
        for back in range(2, CASE_REACH + 1):
            at = hit.start - back
            if at < 0:
                break
            between = [word in CASE_LINKS for word in words[at + 1 : hit.start]]
            # the one word that may stand before the case: not "i" or "my", nor another cue ("code an
            # overdose. took 40 tylenol"); and the case ends the question ("what code for a seizure, shaking
            # and foaming at mouth" goes on to tell one)
            last = words[hit.start - 1]
            other_cue = not between[-1] and self._cues.starts_a_phrase(last)
            if len(words) - hit.end > CASE_TAIL or other_cue or last in self._people:
                continue
            if words[at] in self._case_words and between[0] and all(between[:-1]):
                asked = words[max(0, at - CASE_ASKED) : at]
                now = not NOW_WORDS.isdisjoint(words)  # "..., i think im having one right now"
                # "how would i chart a seizure, my son is having one": someone near the user, not a case;
                # "how would i code a heart attack? i think im having one": the user, after the question
                someone = not (self._people - self._first_person).isdisjoint(words)
                someone |= not self._others.isdisjoint(words)  # "what do i code for a patient not breathing"
                someone |= not self._first_person.isdisjoint(words[hit.end :])
                return (
                    not (now or someone)
                    and not CASE_QUESTIONS.isdisjoint(asked)
                    and CALLING.isdisjoint(asked)
                )
        return False

    def _loose_count(self, words: Sequence[str], hit: PhraseHit) -> bool:
        """A counted cue with other words inside it ("took my 5 pills", "took 2 500 mg tablets"): a dose
        described, not a count taken; only a word such as "like" may come between ("took like 25 pills")."""
        if not _counted(hit):
            return False
        span = words[hit.start : hit.end]
        wanted = set(hit.phrase.split())
        counts = [index for index, word in enumerate(span) if _count(word) is not None]
        of_a_count = {
            i - 1 for i in counts if i and span[i - 1] == "a" and span[i] in MULTIPLIED
        }  # "a dozen"
        inside = [
            w for i, w in enumerate(span) if w not in wanted and i not in counts and i not in of_a_count
        ]
        # "took 1.5 pills" (read "1 5"): a small count first is a dose; "took 15-20 pills" is a range, "one
        # hundred" a count
        small_first = (
            len(counts) > 1 and (_count(span[counts[0]]) or 0) < MANY and span[counts[1]] not in MULTIPLIED
        )
        return small_first or any(word not in APPROXIMATELY | RANGE_WORDS for word in inside)

    def asks_about_jobs(self, words: Sequence[str]) -> bool:
        """Whether the words have a job word ("pay", "school", "shift"): a career question's frame."""
        return any(word in self._job_words for word in words)

    def _about_a_person(
        self,
        words: Sequence[str],
        hit: PhraseHit,
        in_career_question: bool = False,
        own_sentence: bool = False,
    ) -> bool:
        """Whether a cue is about someone's own situation. `own_sentence`: the words are a sentence of
        their own beside a career question ("also is this rash on his arm contagious"), where "his arm" is a
        body, as it is outside career questions."""
        reach = self._rules[hit.key].person_reach
        near = words[max(0, hit.start - reach) : hit.end]
        if any(word in self._first_person for word in near):
            return True  # "i'm an MA and when i get home i want to kill myself": about oneself, always
        # "been dizzy all day": the user; not "having worked with seizure patients, can i be an MA"
        if words[0] in self._subjectless and hit.start <= reach and not in_career_question:
            return True
        plan = _planned_at(words, hit.start, self._plans.get(hit.key, ()))
        if plan == 0 or (plan > 0 and not self._first_person.isdisjoint(words[max(0, plan - 2) : plan])):
            return True  # "gonna jump off the garage after my shift": the user's own plan, said first
        if in_career_question and self._a_case_supposed(words, hit.start):
            return False  # "what does an RN do when a patient tries to hurt herself": a duty
        if any(word in self._people for word in near):
            return True
        asked = words[hit.end : hit.end + 3]  # "tylenol can i take", "tylenol can a toddler have"
        if asked and asked[0] in self._asking_verbs and not self._people.isdisjoint(asked[1:3]):
            return True
        # "a patch of skin on my forearm", "the rash on his leg": whose body comes just after; beside a
        # career question only one's own, and not a workplace ("chest pain in our office")
        after = words[hit.end : hit.end + OWNER_REACH + 1]
        owners = self._first_person_owners if in_career_question and not own_sentence else self._people
        for a, b, c in zip(after, after[1:], [*after[2:], ""], strict=False):
            if (
                a in self._owner_prepositions
                and b in owners
                and not (in_career_question and c in self._workplaces)
            ):
                return True
        # "one of the doctors here just collapsed"; not "patients who just overdosed"
        happening = words[hit.start - 1 : hit.start] and words[hit.start - 1] in self._happening
        if happening and not (hit.start >= 2 and words[hit.start - 2] in self._relative_pronouns):
            return True
        return any(word in self._others for word in near)


@functools.lru_cache(maxsize=4096)  # a pure function of one word; most messages repeat common words
def _respelt(word: str, misspelt: tuple[str, ...]) -> str:
    """The misspelt word one typo from `word` with its first letter ("suicdal": "suicidal"), else the
    word itself."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    choices = [choice for choice in misspelt if choice[0] == word[0]]
    best = process.extractOne(word, choices, scorer=OSA.distance, score_cutoff=1) if choices else None
    return best[0] if best is not None else word


def _count(word: str) -> int | None:
    """The number a word says ("30", "twenty"), None for any other word."""
    word = word.removesuffix("ish")  # "20ish"
    if word.isascii() and word.isdigit():
        return int(word) if len(word) < 6 else 10**6  # (a long run of digits is a large count)
    return COUNT_WORDS.get(word)


class _DosePattern:
    """A rule's words for a count taken ("took 15-20 of his ritalin"), read once from the rule."""

    def __init__(self, rule: SafetyRule, links: frozenset[str]) -> None:
        self.key = rule.id
        self.taking = frozenset(rule.taking_words)
        self.named_taking = frozenset(rule.named_taking_words)
        self.taken = frozenset(rule.taken_words)
        self.units = frozenset(rule.count_units)
        self.modifiers = frozenset(rule.modifier_nouns)
        self.links = links  # words between the count and the thing that say whose it is ("of my moms")
        self.planning = _phrases(rule.planning_words)

    def planned(self, marked: Sequence[str], start: int) -> bool:
        """Whether the taking word at `start` follows a planning phrase, if the rule has them ("gonna take",
        "going to just take"); always, if it has none."""
        return not self.planning or _planned_at(marked, start, self.planning) >= 0


def _phrases(texts: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(text.split()) for text in texts)


def _planned_at(words: Sequence[str], start: int, phrases: Sequence[tuple[str, ...]]) -> int:
    """Where a planning phrase starts that ends just before `start`, or one word before it ("going to just
    take"); -1 for none."""
    for phrase in phrases:
        for end in (start, start - 1):
            if end >= len(phrase) and tuple(words[end - len(phrase) : end]) == phrase:
                return end - len(phrase)
    return -1


def _count_first(marked: Sequence[str], start: int, dose: _DosePattern, named_only: bool = False) -> int:
    """'took like 20 of his heart pills': a count right after the taking word (only "like" and such
    between), then what was taken after links ("of his", "of my grandmas") and at most DOSE_MODIFIERS other
    words, none a unit ("took 20 years", "took like 50 calls"). `named_only`: the thing must be a medicine
    named, not a word for medicine in general. One past the thing taken; 0 for no such dose."""
    at = start + 1
    while at < len(marked) and marked[at] in APPROXIMATELY:
        at += 1
    if at >= len(marked) or marked[at] != NUMBER:
        return 0
    others = 0
    links = 0  # links do not use up the reach: "10 of my grandmas blood pressure pills"
    for index in range(at + 1, len(marked)):
        word = marked[index]
        if index - at - links > DOSE_REACH or word in COUNT_BREAKS:
            return 0
        if word in dose.taken:  # ... not "medication" before a noun it describes: "20 medication reviews"
            after = marked[index + 1 : index + 3]
            if named_only and word in GENERIC_MEDICINE:
                return 0
            # (after "had", or in a plan, any medicine: "had 12 xanax refills", "take 10 tylenol boxes")
            described = word in GENERIC_MEDICINE or named_only or bool(dose.planning)
            modified = described and not dose.modifiers.isdisjoint(after[:1])
            # "took 25 meds to my patients", "gonna take 20 tylenol to the campsite": carried, not swallowed
            # ("took 20 meds to sleep" is)
            to_someone = after[:1] == ["to"] and after[1:] and after[1] in DOSE_LINKS | {"a", "an"}
            carried = described and (to_someone or after == ["with", "me"])
            # "i had 6 tylenol left in the bottle", "had 10 advil in my purse": had, not taken
            kept = named_only and bool(after) and after[0] not in HAD_ENDINGS
            return 0 if modified or carried or kept else index + 1
        # a strength inside ("30 of his 10 mg oxycodone"): its number and its unit pass
        strength = word == NUMBER or word.isdigit()
        if strength and marked[index + 1 : index + 2] and marked[index + 1] in STRENGTH_UNITS:
            continue
        after_a_number = marked[index - 1] == NUMBER or marked[index - 1].isdigit()
        if word in STRENGTH_UNITS and index > at + 1 and after_a_number:
            continue
        if word in dose.links:
            links += 1
        elif word in dose.units or (others := others + 1) > DOSE_MODIFIERS:
            return 0
    return 0


def _thing_first(marked: Sequence[str], start: int, taken: frozenset[str], units: frozenset[str]) -> int:
    """'ate a bag of gummies, maybe a dozen': what was taken within DOSE_REACH words of the taking word,
    then a count said as one ("maybe", "like"), not a strength ("an advil 800") or a time ("at 9"). One past
    the count; 0 for no such dose."""
    for thing in range(start + 1, min(len(marked), start + 1 + DOSE_REACH)):
        if marked[thing] in DOSE_BREAKS:
            return 0
        if marked[thing] not in taken:
            continue
        after = marked[thing + 1 : thing + 4]
        if NUMBER not in after:
            return 0
        count = after.index(NUMBER)
        said = after[:count]  # "maybe a dozen"; not a time: "at like 9", "my ambien around 11"
        roughly = 0 < count <= 2 and not APPROXIMATELY.isdisjoint(said) and CLOCK_LEADS.isdisjoint(said)
        unit = (units | CLOCK_WORDS).intersection(
            marked[thing + count + 2 : thing + count + 3]
        )  # "around 7 am"
        return thing + count + 2 if roughly and not unit else 0
    return 0


def _count_end(words: Sequence[str], start: int) -> int:
    """One past the last word of a count starting at `start` (`start` itself if none starts there)."""
    index = start + (words[start] == "a" and start + 1 < len(words) and words[start + 1] in MULTIPLIED)
    if _count(words[index]) is None:
        return start
    end = index + 1
    while end < len(words):
        if _count(words[end]) is not None:
            end += 1
        elif words[end] in RANGE_WORDS and end + 1 < len(words) and _count(words[end + 1]) is not None:
            end += 2
        else:
            break
    return end


def _counted(hit: PhraseHit) -> bool:
    """Whether the cue found holds a count ("took xnum pills")."""
    return NUMBER in hit.phrase.split()


def about_jobs(safety: SafetyInfo, tokens: Sequence[Token], mentions: Mentions, wishes: Criteria) -> bool:
    """Whether a message asks about jobs: a job named as a job ("to become a nurse", not "the doctor isnt
    here", a person near the user), a job word, or a wish ("if i hate blood")."""
    named = [(m.start, m.end) for m in mentions.roles] + [(m.start, m.end) for m in mentions.ambiguous]
    as_a_job = any(not (start and tokens[start - 1].text in DEFINITE_WORDS) for start, _ in named)
    words = [token.text for token in tokens]
    return as_a_job or not set(safety.job_words).isdisjoint(words) or not wishes.empty


def pleads(safety: SafetyInfo, tokens: Sequence[Token], mentions: Mentions, wishes: Criteria) -> bool:
    """'what should i do', 'please help' (`help_requests`) in a message that asks nothing of jobs: said just
    after a safety reply, help with what it was about ("what should i do to become an MA" asks of a job)."""
    spaced = f" {' '.join(token.text for token in tokens)} "
    asked = any(f" {phrase} " in spaced for phrase in safety.help_requests)
    return asked and not about_jobs(safety, tokens, mentions, wishes)
