"""The dialogue's words: the lists its rules read, from the lexicon (`knowledge/lexicon.yaml`, `dialogue:`).

The code names what each list is for; the words themselves are data, so another language is another
lexicon. `Words` is built once per engine: sets for membership, aspect words as stems.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..knowledge.schema import DialogueLexicon, IntentId
from ..nlu.normalize import stem
from ..records import record

ROLE_INTENTS = frozenset(
    """
    role_overview role_skills role_education role_certification role_salary role_outlook
    role_work_environment role_career_path
    """.split()
)
SOCIAL_INTENTS = frozenset("greeting thanks goodbye help".split())
GENERAL_COUNTERPART: dict[IntentId, IntentId] = {  # a role question asked of no role in particular
    "role_skills": "general_skills",
    "role_overview": "list_roles",
}


@record
class Words:
    """The dialogue's word lists as sets (see lexicon.yaml for what is in each)."""

    ask_filler: frozenset[str]
    back_references: frozenset[str]
    back_words: frozenset[str]
    contrast_words: frozenset[str]
    defining_words: frozenset[str]
    ellipsis_words: frozenset[str]
    filler: frozenset[str]
    greeting_words: frozenset[str]
    handout_words: frozenset[str]
    job_words: frozenset[str]
    least_words: frozenset[str]
    linking_words: frozenset[str]
    later_words: frozenset[str]
    instead_words: frozenset[str]
    else_words: frozenset[str]
    option_words: frozenset[str]
    ruling_out_words: frozenset[str]
    ruling_out_fillers: frozenset[str]
    request_words: frozenset[str]
    handout_verbs: frozenset[str]
    being_words: frozenset[str]
    list_references: frozenset[str]
    more_filler: frozenset[str]
    more_words: frozenset[str]
    most_words: frozenset[str]
    profile_words: frozenset[str]
    demonstratives: frozenset[str]
    quick_words: frozenset[str]
    choosing_words: frozenset[str]
    quiz_words: frozenset[str]
    pronouns: frozenset[str]
    subject_pronouns: frozenset[str]
    duration_words: frozenset[str]
    closest_words: frozenset[str]
    relation_words: frozenset[str]
    story_pronouns: frozenset[str]
    possessives: frozenset[str]
    one_job_words: frozenset[str]
    result_words: frozenset[str]
    self_words: frozenset[str]
    asking_words: frozenset[str]
    similar_words: frozenset[str]
    pointing_words: frozenset[str]
    local_words: frozenset[str]
    worth_words: frozenset[str]
    question_words: frozenset[str]
    quit_words: frozenset[str]
    referring_words: frozenset[str]
    return_words: frozenset[str]
    setting_words: frozenset[str]
    thanks_words: frozenset[str]
    goodbye_words: frozenset[str]
    experience_words: frozenset[str]
    repeat_verbs: frozenset[str]
    site_words: frozenset[str]
    lookup_words: frozenset[str]
    why_words: frozenset[str]
    yes_no_starts: frozenset[str]
    yes_no_leads: frozenset[str]
    quit_phrases: tuple[str, ...]
    more_phrases: tuple[str, ...]
    repeat_phrases: tuple[str, ...]  # " say that again ": padded with spaces, for `Turn.says`
    handout_phrases: tuple[str, ...]
    self_descriptions: tuple[str, ...]
    ordinals: Mapping[str, int]  # "first" -> 1
    count_words: Mapping[str, int]  # "three" -> 3, "all" -> 0 (every one)
    aspects: tuple[tuple[IntentId, frozenset[str]], ...]  # the stems that point at each aspect
    # (topic, cue words, how many are needed, words that cancel it, words one of which must be there too)
    topics: tuple[tuple[str, frozenset[str], int, frozenset[str], frozenset[str]], ...]

    @classmethod
    def of(cls, lexicon: DialogueLexicon) -> Words:
        lists = {name: frozenset(getattr(lexicon, name).split()) for name in WORD_LISTS}
        return cls(
            **lists,
            quit_phrases=lexicon.quit_phrases,
            more_phrases=lexicon.more_phrases,
            repeat_phrases=tuple(f" {phrase} " for phrase in lexicon.repeat_phrases),  # padded: `Turn.says`
            handout_phrases=tuple(f" {phrase} " for phrase in lexicon.handout_phrases),
            self_descriptions=lexicon.self_descriptions,
            ordinals=dict(lexicon.ordinals),
            count_words=dict(lexicon.count_words),
            aspects=tuple(
                (aspect, frozenset(stem(word) for word in words.split()))
                for aspect, words in lexicon.aspect_words.items()
            ),
            topics=tuple(
                (
                    cue.topic,
                    frozenset(cue.words.split()),
                    cue.needed,
                    frozenset(cue.unless.split()),
                    frozenset(cue.also.split()),
                )
                for cue in lexicon.topic_words
            ),
        )


WORD_LISTS = (
    "ask_filler",
    "back_references",
    "back_words",
    "contrast_words",
    "defining_words",
    "ellipsis_words",
    "filler",
    "greeting_words",
    "handout_words",
    "job_words",
    "least_words",
    "linking_words",
    "later_words",
    "instead_words",
    "else_words",
    "option_words",
    "ruling_out_words",
    "ruling_out_fillers",
    "request_words",
    "handout_verbs",
    "being_words",
    "list_references",
    "more_filler",
    "more_words",
    "most_words",
    "profile_words",
    "demonstratives",
    "quick_words",
    "choosing_words",
    "quiz_words",
    "pronouns",
    "subject_pronouns",
    "duration_words",
    "closest_words",
    "relation_words",
    "story_pronouns",
    "possessives",
    "one_job_words",
    "result_words",
    "self_words",
    "asking_words",
    "similar_words",
    "pointing_words",
    "local_words",
    "worth_words",
    "question_words",
    "quit_words",
    "referring_words",
    "return_words",
    "setting_words",
    "thanks_words",
    "goodbye_words",
    "experience_words",
    "repeat_verbs",
    "site_words",
    "lookup_words",
    "why_words",
    "yes_no_starts",
    "yes_no_leads",
)
