"""The dialogue's English: the small word lists its rules read (the language seam of the dialogue)."""

from __future__ import annotations

from ..knowledge.schema import IntentId


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ROLE_INTENTS = _words(
    """
    role_overview role_skills role_education role_certification role_salary role_outlook
    role_work_environment role_career_path
    """
)
SOCIAL_INTENTS = _words("greeting thanks goodbye help")
REFERRING_WORDS = _words("one that it them there")
LINKING_WORDS = _words("become becoming to into than from as like versus and or with")
# Words that point back to roles already in the conversation.
BACK_REFERENCES = _words(
    """
    they them their theirs it its that this those these one ones he she him her there both either two
    three four five job role
    """
)
# Words that point at the latest list the bot showed.
LIST_REFERENCES = _words("those these them they ones first second third fourth fifth last top list")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3}
# Words that carry no question of their own: "and billers?", "what about an RN", "no, I meant coders".
FILLER = _words(
    """
    and what about for a an the how no i meant mean sorry actually oh ok okay so then instead is it of
    like um hmm wait please also too same question with those ones one not correction rather do you as
    well abt hey yeah yes sure but or again now ah right
    """
)
# A message that names a role with one of these asks what the role is: "whats a scribe", "who are PAs".
DEFINING_WORDS = _words("is are who whats define definition mean means meaning explain describe")
ELLIPSIS_WORDS = _words("and about instead also meant mean or same too")
MORE_WORDS = _words("more detail details detailed elaborate expand further deeper everything full else")
MORE_FILLER = _words("tell me info information go on keep going say give anything something")
WHY_WORDS = _words("why reason reasons")
QUIT_WORDS = _words("quit stop exit cancel nevermind enough leave")
QUIT_PHRASES = ("never mind", "forget it", "no thanks", "not now")
BACK_WORDS = _words("back previous undo")
RETURN_WORDS = _words("back again earlier before previous")  # "back to the records job"
PRONOUNS = _words("they them their it its that this those these he she")
JOB_WORDS = _words("job jobs career careers role roles position positions field hired")
COUNT_WORDS = {"two": 2, "both": 2, "three": 3, "four": 4, "all": 0}
SETTING_WORDS = _words(
    "clinic clinics office offices practice healthcare hospital general any all every overall staff"
)
THANKS_WORDS = _words("thanks thank thx ty cheers appreciate appreciated")
QUESTION_WORDS = _words(
    "what whats which who how why where when can could do does should would will tell list show"
)
GREETING_WORDS = _words("hi hello hey hiya howdy greetings morning afternoon evening yo sup")
MOST_WORDS = _words("most best highest more top biggest greatest fastest quickest shortest better")
LEAST_WORDS = _words("least worst lowest less fewest slowest longest smallest weakest")
GENERAL_COUNTERPART: dict[IntentId, IntentId] = {
    "role_skills": "general_skills",
    "role_overview": "list_roles",
}
ASPECT_WORDS: tuple[tuple[IntentId, frozenset[str]], ...] = (
    ("role_salary", _words("pay pays paid salary salaries money earn earns earning make makes wage wages")),
    (
        "role_education",
        _words(
            "school training train longer degree education study become years long faster quicker quickest"
        ),
    ),
    ("role_outlook", _words("growth growing grow demand outlook future openings security bet")),
    ("role_certification", _words("certification certifications license licence exam certified")),
    ("role_work_environment", _words("hours remote home stress stressful schedule")),
    ("role_skills", _words("skills skill qualities")),
)

# Detail topics inside a role question, each answered from its own knowledge field (answers.facts).
# (topic, cue words, how many of them a message needs): "first" or "high" alone say little.
TOPIC_WORDS: tuple[tuple[str, frozenset[str], int], ...] = (
    ("pros_cons", _words("pros cons downside downsides drawbacks upside upsides"), 1),
    ("pay_range", _words("spread range percentile percentiles"), 1),
    ("pay_range", _words("low high end bottom top percent starting"), 2),
    ("day", _words("day workday daily typical ordinary routine"), 1),
    ("paying", _words("fafsa aid afford tuition scholarship scholarships wioa loans grant grants"), 1),
    ("paying", _words("pay cost costs financial school college program"), 2),  # "pay for MA school"
    ("study", _words("accreditation accredited accredit program programs legit legitimate online campus"), 1),
    ("first_job", _words("experience hired hire first"), 2),
    ("learn_more", _words("learn read more websites website links sites resources explore"), 2),
)

# A question that starts with one of these asks yes or no: "do MAs give shots?", "can coders work from home?"
YES_NO_STARTS = _words("do does did can could is are will would should must have has am")
# Words of a yes/no question that say nothing about what is asked.
ASK_FILLER = _words(
    """
    do does did can could is are will would should must have has need needs needed to be been a an the they
    them their it its that this there job jobs work working get go much many very really also ever usually
    normally typically often all day every you u your i me my we in on at for of from with as or and ok so
    makes make bit idea bad good lot lots kind sort thing things stuff want like just even still
    """
)
PROFILE_WORDS = _words("profile card")  # "pull up the MA profile", "the coder card"
HANDOUT_WORDS = _words("handout handouts printable print printout export pdf share")
CONTRAST_WORDS = _words(
    "same different difference differ vs versus compare compared like between or better best"
)
