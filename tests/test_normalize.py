"""The normaliser: chat spellings, punctuation, case cues, and safety on hostile text."""

import pytest

from chatbot.nlu.normalize import MAX_INPUT_CHARS, clean, normalize, stem, tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wat does a MEDCAL biler do??", "what does a medcal biler do"),
        ("what's a GP's job", "what is a gps job"),
        ("so like what do u even do as a scribe", "so like what do you even do as a scribe"),
        ("i dont know, r they paid well", "i do not know are they paid well"),
        ("front-desk / back office", "front desk back office"),
        ("ＰＡ　vs　ＮＰ", "pa versus np"),  # full-width letters and spaces (NFKC)
        ("thx!!", "thanks"),
        ("2 yr degree", "2 year degree"),
        ("is it harder then nursing school, and then what", "is it harder than nursing school and then what"),
        ("   ", ""),
    ],
    ids=[
        "typos-kept",
        "apostrophes",
        "u",
        "contractions",
        "punctuation",
        "nfkc",
        "thx",
        "digits-kept",
        "then-after-a-comparative",
        "blank",
    ],
)
def test_normalize_examples(text, expected):
    """Chat spellings expand, punctuation folds to spaces, digits and typos stay for the matchers."""
    assert normalize(text) == expected


def test_capitals_are_remembered():
    """A token typed in capitals says so, which keeps 'DO' the degree apart from 'do' the verb."""
    tokens = tokenize("What do DOs and PAs do")
    assert [t.text for t in tokens if t.capitals] == ["dos", "pas"]


def test_capitalised_chat_word_is_not_expanded():
    """'U' in capitals is kept as a token, not read as 'you' (it may be an abbreviation)."""
    assert [t.text for t in tokenize("UR")] == ["ur"]


def test_control_codes_and_escapes_are_removed():
    """Terminal escape sequences and NUL never survive cleaning."""
    cleaned = clean("hi\x1b[31mred\x00\x07 there\u202e")
    assert (
        "\x1b" not in cleaned and "\x00" not in cleaned and "\x07" not in cleaned and "\u202e" not in cleaned
    )
    assert normalize("hi\x1b[31mred") == "hi 31mred"


def test_lone_surrogates_do_not_raise():
    """Invalid Unicode from a broken terminal becomes a replacement character, not an exception."""
    assert normalize("pay \ud800 rn") == "pay rn"


def test_long_input_is_cut():
    """One message is read only up to MAX_INPUT_CHARS."""
    assert len(clean("a" * (MAX_INPUT_CHARS * 10))) == MAX_INPUT_CHARS


@pytest.mark.parametrize("text", ["What's the PAY?!", "ＭＡ　ｐａｙ", "u r wat u eat", "don't can't won't"])
def test_normalize_is_idempotent(text):
    """Normalising twice changes nothing."""
    once = normalize(text)
    assert normalize(once) == once


@pytest.mark.parametrize(
    ("words", "same"),
    [(("replacing", "replaced", "replace"), True), (("courses", "course"), True), (("being", "be"), False)],
    ids=["verb-forms", "plural", "short-stem-kept"],
)
def test_stem(words, same):
    """Word forms share a stem; a stem shorter than four letters is never made."""
    assert (len({stem(w) for w in words}) == 1) is same


def test_chat_abbreviations_of_job_words_are_spelt_out() -> None:
    from chatbot import Bot

    assert Bot().reply("how much does a physician asst make").roles == ("physician_assistant",)
    assert Bot().reply("office mgr salary").roles == ("office_manager",)
