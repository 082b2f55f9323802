"""Stage 1: raw user text -> normalised tokens that keep a little of the original's case.

NFKC, casefold, apostrophes dropped ("doctor's" -> "doctors", "what's" -> "whats"), every other
punctuation mark becomes a space, digits stay, and common chat spellings are expanded ("u" -> "you").
Each token remembers whether the user typed it in capitals, because a few role abbreviations are
also everyday words ("DO" the degree versus "do" the verb).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ..records import record, replace

SHOUTING_WORDS = 3  # a message of this many words or more, all in capitals, is shouted, not abbreviated
MAX_INPUT_CHARS = 1000  # longer messages are cut (the reply says so); keeps one reply fast whatever comes in

# Chat spellings and contractions, written without apostrophes because those are dropped first.
CHAT_SPELLINGS: dict[str, str] = {
    "u": "you",
    "helo": "hello",
    "hellow": "hello",
    "hii": "hi",
    "hiii": "hi",
    "heyy": "hey",
    "heyyy": "hey",
    "thanx": "thanks",
    "thnks": "thanks",
    "ya": "you",
    "yu": "you",
    "ur": "your",
    "urs": "yours",
    "r": "are",
    "y": "why",
    "wat": "what",
    "wut": "what",
    "wht": "what",
    "whats": "what is",
    "wats": "what is",
    "whts": "what is",
    "hows": "how is",
    "whos": "who is",
    "wheres": "where is",
    "whens": "when is",
    "thats": "that is",
    "its": "it is",
    "theres": "there is",
    "heres": "here is",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "cant": "can not",
    "cannot": "can not",
    "wont": "will not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "havent": "have not",
    "hasnt": "has not",
    "shouldnt": "should not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "im": "i am",
    "ive": "i have",
    "id": "i would",
    "ill": "i will",
    "youre": "you are",
    "theyre": "they are",
    "theyd": "they would",
    "theyll": "they will",
    "whatre": "what are",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "hafta": "have to",
    "kinda": "kind of",
    "sorta": "sort of",
    "lemme": "let me",
    "gimme": "give me",
    "dunno": "do not know",
    "idk": "i do not know",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "thnx": "thanks",
    "tnx": "thanks",
    "ty": "thank you",
    "tysm": "thank you so much",
    "tyvm": "thank you very much",
    "abt": "about",
    "makin": "making",
    "doin": "doing",
    "goin": "going",
    "workin": "working",
    "lookin": "looking",
    "thinkin": "thinking",
    "gettin": "getting",
    "tryin": "trying",
    "ngl": "not going to lie",
    "asst": "assistant",
    "assts": "assistants",
    "mgr": "manager",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "w": "with",
    "wo": "without",
    "b4": "before",
    "2day": "today",
    "yr": "year",
    "yrs": "years",
    "hr": "hour",
    "hrs": "hours",
    "mo": "month",
    "mos": "months",
    "wk": "week",
    "wks": "weeks",
    "diff": "difference",
    "btwn": "between",
    "nd": "and",
    "&": "and",
    "vs": "versus",
    "v": "versus",
    "tho": "though",
    "thru": "through",
    "ppl": "people",
    "govt": "government",
    "info": "information",
    "req": "requirements",
    "reqs": "requirements",
    "cert": "certification",
    "certs": "certifications",
    "certificate": "certification",
    "certificates": "certifications",
    "edu": "education",
    "exp": "experience",
}

# Everyday words that are also the short form of a role ("DO", the osteopathic degree); they count as
# that role only when typed in capitals.
EVERYDAY_WORDS = frozenset(
    {"do", "am", "is", "as", "at", "in", "it", "or", "us", "me", "we", "go", "so", "to"}
)

# Abbreviations of a role that are also chat slang for a time ("rn": right now), which they mean when
# typed in lowercase at the very end of a message after a word that cannot lead to a role name
# ("whats the weather in denver rn", not "should i become an rn").
TIME_SLANG = frozenset({"rn"})
ROLE_LEADS = frozenset(
    "a an the to for and or nor vs versus about as become becoming be being of than like is are".split()
)

# Counts typed as words ("took twenty pills", "within six months"): the number each says
NUMBER_WORDS = {
    **{w: n for n, w in enumerate("zero one two three four five six seven eight nine ten".split())},
    **{w: n + 11 for n, w in enumerate("eleven twelve thirteen fourteen fifteen sixteen".split())},
    **{
        "seventeen": 17,
        "eighteen": 18,
        "nineteen": 19,
        "dozen": 12,
        "hundred": 100,
        "couple": 2,
        "dozens": 24,
        "hundreds": 200,
    },
    **{
        w: 10 * (n + 2) for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
    },
}

# "more then", "better then": the common misspelling of "than" after one of these
COMPARATIVES = frozenset(
    "more less better worse higher lower bigger smaller faster quicker slower longer shorter easier harder"
    " cheaper rather".split()
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02bc\u0060\u00b4]")
_WITHOUT = re.compile(r"\bw/o\b", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W_]+|&", re.UNICODE)
PAUSE_MARKS = frozenset(",;")  # after a word: a list or a new clause follows
STOP_MARKS = frozenset(".!?")  # after a word: a new sentence follows


@record
class Token:
    """A normalised word of a message, and whether the user typed it in capitals."""

    text: str  # normalised
    capitals: bool  # typed in capitals by the user ("PA", "DO")
    plural: bool = False  # capitals with a small plural "s" ("CMAs": CMAs, not the CMAS credential)
    pause: bool = False  # a comma or semicolon right after it ("MAs, phlebotomists": a list, no possessive)
    stop: bool = False  # a sentence ends after it ("... forever tbh. anyway what does a biller make")


def clean(text: str) -> str:
    """Make text safe to keep and show: valid Unicode, no control codes, at most MAX_INPUT_CHARS."""
    text = text[:MAX_INPUT_CHARS]  # first, so that NFKC (one character can become 18) works on little
    if text.isascii():  # the common case: ASCII is already NFKC and has no format characters
        return _CONTROL.sub(" ", text)
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become '?'
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cs", "Co"))
    return text[:MAX_INPUT_CHARS]


def tokenize(text: str) -> tuple[Token, ...]:
    """Normalised tokens of a message, chat spellings expanded, with each token's capitalisation."""
    text = _WITHOUT.sub("without", _APOSTROPHES.sub("", clean(text)))  # "w/o college"
    # A message typed in capitals ("WHAT DOES A CODER DO") says nothing by its capitals: "DO" is the verb.
    shouting = len(text.split()) >= SHOUTING_WORDS and text.isupper()
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        made = _word_tokens(match.group(), shouting)
        end = match.end()
        mark = text[end : end + 2].lstrip()[:1]
        if made and mark in PAUSE_MARKS:
            made = (*made[:-1], replace(made[-1], pause=True))
        elif made and mark in STOP_MARKS:
            made = (*made[:-1], replace(made[-1], stop=True))
        tokens.extend(made)
    return tuple(_than(tokens) if "then" in text.lower() else tokens)


def _than(tokens: list[Token]) -> list[Token]:
    """'does it pay more then an MA': "then" after a comparative and before more words is "than"; not at
    the end or before a comma ("tell me more then", "is that more then?")."""
    for index in range(1, len(tokens) - 1):
        token = tokens[index]
        ends_a_clause = token.pause or token.stop
        if token.text == "then" and tokens[index - 1].text in COMPARATIVES and not ends_a_clause:
            tokens[index] = replace(token, text="than")
    return tokens


@functools.lru_cache(maxsize=4096)  # a pure function of one typed word; tokens are immutable, so shared
def _word_tokens(word: str, shouting: bool) -> tuple[Token, ...]:
    # NFKC again after casefolding, and only word characters kept: "İ" folds to "i" + a combining dot,
    # which a second pass would split off; without it normalising twice would differ from once
    if word.isascii():
        folded = word.lower()
    else:
        folded = "".join(_TOKEN.findall(unicodedata.normalize("NFKC", word.casefold())))
    letters = word[:-1] if word.endswith("s") else word  # "DOs", "PAs" are capitals too
    capitals = len(letters) > 1 and letters.isupper() and not shouting
    expansion = CHAT_SPELLINGS.get(folded, folded) if not capitals else folded
    plural = capitals and word.endswith("s")
    return tuple(Token(part, capitals, plural) for part in expansion.split())


STEM_SUFFIXES = ("ing", "ed", "es", "s", "e")
MIN_STEM = 4  # "being" stays "being": a 2-letter stem would merge unrelated words


@functools.lru_cache(maxsize=8192)  # a pure function of one word, asked for the same words all the time
def stem(word: str) -> str:
    """A crude shared stem, so that "replacing", "replaced" and "replace" (or "courses", "course") meet."""
    for suffix in STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def normalize(text: str) -> str:
    """The normalised form of a message as one string: idempotent, at most MAX_INPUT_CHARS long."""
    # Capitals are lost in the string, so a chat spelling is expanded even in capitals ("IM" -> "i am"):
    # otherwise normalising "im", the result for "IM", would give something else.
    words = " ".join(CHAT_SPELLINGS.get(t.text, t.text) if t.capitals else t.text for t in tokenize(text))
    if len(words) > MAX_INPUT_CHARS:  # expansions lengthen text: cut at a word, so a second pass cuts nothing
        cut = words[: MAX_INPUT_CHARS + 1]
        words = cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_INPUT_CHARS]
    return words


def name_key(name: str) -> str:
    """A name as the role matcher reads it: the loader compares aliases and examples for clashes by this."""
    return " ".join(token.text for token in tokenize(name))
