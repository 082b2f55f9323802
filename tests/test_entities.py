"""Role recognition: aliases with typos, plurals, abbreviations, several roles, ambiguity, other jobs."""

import pytest

from chatbot.nlu.normalize import tokenize
from chatbot.nlu.roles import allowed_typos


def _typo(alias: str) -> str:
    """Drop one letter from the middle of the longest word: 'phlebotomist' -> 'phlebtomist'."""
    words = alias.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    middle = len(word) // 2
    words[longest] = word[:middle] + word[middle + 1 :]
    return " ".join(words)


def _aliases(kb):
    for role in kb.roles:
        for alias in role.aliases:
            yield role.id, alias


def test_every_alias_is_recognised(kb, matcher):
    """Each alias of each role, as written, finds exactly that role."""
    for role_id, alias in _aliases(kb):
        if alias in ("do",):  # an everyday word: only in capitals (tested below)
            continue
        assert matcher.find(f"tell me about {alias}").role_ids == (role_id,), alias


def test_every_long_alias_survives_a_typo(kb, matcher):
    """Aliases long enough for typo tolerance are still found with a letter missing."""
    checked = 0
    for role_id, alias in _aliases(kb):
        compact = "".join(t.text for t in tokenize(alias))
        if (
            allowed_typos(len(compact)) == 0
            or len(max(alias.split(), key=len)) < 6
            or not alias.replace(" ", "").isalpha()
        ):
            continue
        found = matcher.find(f"what does a {_typo(alias)} do").role_ids
        assert found == (role_id,), (alias, _typo(alias), found)
        checked += 1
    assert checked > 40


def test_every_alias_plural_is_recognised(kb, matcher):
    """Plurals and possessives of each alias find the role ('coders', 'doctor's')."""
    names = {alias for _, alias in _aliases(kb)}
    for role_id, alias in _aliases(kb):
        if alias == "do" or f"{alias}s" in names:  # "cmas" is a credential of its own, not many CMAs
            continue
        assert matcher.find(f"how much do {alias}s make").role_ids == (role_id,), alias


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("wat does a medcal biler do", ["medical_biller"]),
        ("PA vs NP??", ["physician_assistant", "nurse_practitioner"]),
        ("how much do coders make", ["medical_coder"]),
        ("so like what do u even do as a scribe", ["medical_scribe"]),
        ("frontdesk jobs", ["medical_secretary"]),
        ("front desk jobs", ["medical_secretary"]),
        ("is the phlebotimist training long", ["phlebotomist"]),
        ("compare MA, LPN and RN", ["medical_assistant", "licensed_practical_nurse", "registered_nurse"]),
        ("LVN or CMA", ["licensed_practical_nurse", "medical_assistant"]),
        ("what does the CPC exam cover", ["medical_coder"]),
        ("RHIT jobs", ["medical_records_specialist"]),
        ("MLT salary", ["medical_laboratory_technician"]),
        ("how much do you make", []),
        ("what do they do all day", []),
        ("is the pay good", []),
        ("what does a DO do", ["physician"]),
        ("what do doctors do", ["physician"]),
        ("jobs at a doctors office", []),
        ("i am a mom and want a job", []),
        ("describe the job", []),
        ("what their job really covers", []),
        ("can an LPN work in the clinic of a doctor", ["licensed_practical_nurse"]),
        ("a job at front desk of clinic", ["medical_secretary"]),
        ("is codeing hard to learn", ["medical_coder"]),
        ("im currently an LPN, what does it take to become an RN", ["registered_nurse"]),
        ("is a scribe or a phlebotomist better during PA school", ["medical_scribe", "phlebotomist"]),
        ("how long does PA school take", ["physician_assistant"]),
        ("should i look at NP school or stay an RN", ["nurse_practitioner", "registered_nurse"]),
        ("so bored at work rn", []),
        ("lpn vs rn", ["licensed_practical_nurse", "registered_nurse"]),
        ("any openings for nurses besides an RN", []),
        ("how hard is the PANCE", ["physician_assistant"]),
        ("when do people take the nclex-pn", ["licensed_practical_nurse"]),
    ],
    ids=[
        "typos",
        "abbreviations",
        "plural",
        "scribe",
        "joined",
        "split",
        "typo-long",
        "three-in-order",
        "lvn-cma",
        "credential",
        "rhit",
        "mlt",
        "make-is-not-ma",
        "do-verb",
        "pay-is-not-pa",
        "DO-capitals",
        "do-verb-beside-role",
        "place-not-person",
        "am-is-not-a-role",
        "describe-is-not-scribe",
        "covers-is-cover-not-coders",
        "clinic-of-a-doctor-is-a-place",
        "exact-name-not-swallowing-a-word",
        "a-typo-that-is-no-form-of-an-ordinary-word",
        "own-job-is-context",
        "school-as-a-time-is-context",
        "school-alone-is-the-subject",
        "school-asked-about",
        "rn-right-now",
        "rn-after-vs",
        "set-aside",
        "exam-names-the-role",
        "exam-with-a-hyphen",
    ],
)
def test_find_roles(matcher, text, roles):
    """Roles are found in the order named, and ordinary words are not read as roles."""
    assert list(matcher.find(text).role_ids) == roles


@pytest.mark.parametrize(
    ("text", "occupation"),
    [
        ("what does a dental hygienist do", "dental hygienist"),
        ("how much do pharmacists make", "pharmacist"),
        ("firefighter salary", "firefighter"),
        ("how do i become a plumber", "plumber"),
        ("radiology tech salary", "radiology tech"),
        ("dental assistant school", "dental assistant"),
    ],
)
def test_other_occupations_are_not_forced_onto_roles(matcher, text, occupation):
    """A job the bot does not cover is recognised as such and matches no covered role."""
    mentions = matcher.find(text)
    assert mentions.role_ids == ()
    names = {m.occupation.name for m in mentions.others} | {
        a for m in mentions.others for a in m.occupation.aliases
    }
    assert occupation in names


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("what does a nurse do", {"registered_nurse", "licensed_practical_nurse", "nurse_practitioner"}),
        ("assistant jobs", {"medical_assistant", "physician_assistant"}),
    ],
)
def test_ambiguous_words_give_candidates(matcher, text, candidates):
    """A bare 'nurse' or 'assistant' is not guessed: it yields the candidate roles."""
    mentions = matcher.find(text)
    assert mentions.role_ids == ()
    assert candidates <= set(mentions.ambiguous[0].candidates)


def test_longest_name_wins(matcher):
    """'nurse practitioner' is one role, not the ambiguous 'nurse' plus a word."""
    mentions = matcher.find("nurse practitioner pay")
    assert mentions.role_ids == ("nurse_practitioner",) and not mentions.ambiguous


def test_mentions_carry_positions_and_scores(matcher):
    """Each mention says where it is and how sure the match is (100 for an exact alias)."""
    exact, typo = matcher.find("coder and medcal biler").roles
    assert (exact.start, exact.end, exact.score) == (0, 1, 100.0)
    assert (typo.start, typo.end) == (2, 4) and 80 <= typo.score < 100


@pytest.mark.parametrize("text", ["what does a coder do", "what do billers do all day", "can a scribe do it"])
def test_do_the_verb_is_never_part_of_a_typo(matcher, monkeypatch, text):
    """Lowercase "do" beside a name is the verb, so "coder do" is not tried as a misspelt name: the
    fuzzy search (and its library import) is not needed for these everyday questions."""
    import chatbot.nlu.roles as roles_module

    monkeypatch.setattr(roles_module, "closest", lambda *args: pytest.fail(f"fuzzy search for {args[0]!r}"))
    assert len(matcher.find(text).role_ids) == 1
