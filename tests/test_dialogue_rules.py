"""The dialogue rules of issue 9 and the crashes of issue 10, one behaviour per test, in our own words."""

from __future__ import annotations

import re

import pytest

from chatbot import Bot
from chatbot.nlu.criteria import parse_criteria

EMERGENCIES = [
    "my dad is having chest pain and sweating",
    "help my friend collapsed and is not breathing",
    "my grandma's face is drooping and her speech is slurred",
    "i think my toddler swallowed some pills",
    "someone took too many pills at my party",
    "my coworker is bleeding a lot from his leg and it wont stop",
    "i cant breathe",
    "cut my thumb on a tin can and the bleeding just wont stop",  # the verb after "bleeding"
    "my son fell off his bike and he keeps bleeding heavily from the knee",
    "my dad is on the floor and he is not waking up",  # not "wont wake up"
    "my daughter slipped with a knife and theres a lot of blood",  # blood, not bleeding
    "my neighbor just got hit by a car in front of our house",
    "my little boy is drowning in the lake",
    "her water broke and the baby is coming right now",
]
CRISES = [
    "i want to kill myself",
    "honestly i dont want to be alive anymore",
    "i keep thinking about hurting myself",
    "everything feels hopeless and i cant go on",
]
HEALTH_QUESTIONS = [
    "can i take advil with my blood pressure pills",
    "my son has a fever of 103 what should i do",
    "what cream is good for a rash on my arm",
    "my lab results came back high, is that bad",
    "my lab work came back high this morning",  # "lab work", not "lab results"
    "the skin on my shin has gone red and flaky, what do i put on it",  # whose skin comes after it
]
CAREER_QUESTIONS_THAT_MENTION_EMERGENCIES = [
    ("do ER nurses see overdoses every shift", "registered_nurse"),
    ("is phlebotomy hard if you don't like blood", "phlebotomist"),
    ("how much does a receptionist at a pain clinic make", "medical_secretary"),
    ("do medical assistants deal with patients who collapse", "medical_assistant"),
    ("what training do lab techs need to test for poisoning", "medical_laboratory_technician"),
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_an_emergency_gets_911_first(text: str) -> None:
    reply = Bot().reply(text)
    assert reply.intent == "crisis"
    assert "911" in reply.text
    assert "Q1." not in reply.text


def test_a_poisoning_also_gets_poison_help() -> None:
    reply = Bot().reply("my little brother drank some bleach")
    assert "1-800-222-1222" in reply.text and "911" in reply.text


@pytest.mark.parametrize("text", CRISES)
def test_thoughts_of_self_harm_get_the_988_lifeline(text: str) -> None:
    reply = Bot().reply(text)
    assert reply.intent == "crisis"
    assert "988" in reply.text and "988lifeline.org" in reply.text


@pytest.mark.parametrize("text", HEALTH_QUESTIONS)
def test_a_health_question_gets_no_advice_and_a_clinician(text: str) -> None:
    reply = Bot().reply(text)
    assert reply.intent == "medical_advice"
    assert "can't give medical advice" in reply.text and "pharmacist" in reply.text


@pytest.mark.parametrize(("text", "role"), CAREER_QUESTIONS_THAT_MENTION_EMERGENCIES)
def test_career_questions_that_mention_emergencies_stay_career_questions(text: str, role: str) -> None:
    reply = Bot().reply(text)
    assert reply.intent not in ("crisis", "medical_advice")
    assert role in reply.roles + reply.suggested_roles or "Which one" in reply.text


def test_a_question_about_another_job_is_a_career_frame_too() -> None:
    """'Do paramedics see people hit by a car': an emergency word in a question about a job we do not
    cover is about that job, unless it is about someone ("my friend the paramedic just collapsed")."""
    assert Bot().reply("do paramedics deal with people who were hit by a car").intent != "crisis"
    assert Bot().reply("my brother is a paramedic and he just collapsed").intent == "crisis"


def test_safety_interrupts_the_quiz_and_does_not_resume_it() -> None:
    bot = Bot()
    bot.reply("which job would suit me")
    reply = bot.reply("wait my mom just fainted and wont wake up")
    assert reply.intent == "crisis" and "Q2." not in reply.text and "Q1." not in reply.text


@pytest.mark.parametrize("answer", ["NP", "1", "the practical nurse", "registered"])
def test_an_ambiguous_comparison_then_its_answer_never_crashes(answer: str) -> None:
    bot = Bot()
    first = bot.reply("which nurse?")
    assert "Which one do you mean?" in first.text
    assert bot.reply(answer).text


def test_which_nurse_pays_more_compares_every_nurse_on_pay() -> None:
    reply = Bot().reply("which nurse earns the most?")
    assert reply.intent == "compare_roles"
    assert set(reply.roles) == {"registered_nurse", "licensed_practical_nurse", "nurse_practitioner"}
    assert "highest median pay" in reply.text


def test_all_caps_is_not_an_abbreviation() -> None:
    reply = Bot().reply("WHAT DOES A MEDICAL BILLER DO")
    assert reply.roles == ("medical_biller",) and reply.intent == "role_overview"
    assert Bot().reply("how much does a DO make").roles == ("physician",)


def test_focus_on_then_compare_those_two_compares_two_roles() -> None:
    bot = Bot()
    bot.reply("what does a medical coder do")
    bot.focus_on("medical_coder")
    bot.reply("and a biller?")
    reply = bot.reply("compare those two")
    assert sorted(reply.roles) == ["medical_biller", "medical_coder"]


def test_two_questions_in_one_message_get_both_answers_in_order() -> None:
    reply = Bot().reply("what does a lab tech do and what does it pay")
    assert reply.roles == ("medical_laboratory_technician",)
    assert reply.text.index("Medical laboratory technician:") < reply.text.index("$61,890")


def test_tell_me_more_never_repeats_what_was_shown() -> None:
    bot = Bot()
    first = bot.reply("tell me about patient care coordinators")
    more = bot.reply("tell me more")
    again = bot.reply("more")
    summary = first.text.split("\n")[0]
    assert summary not in more.text and summary not in again.text
    assert more.text != again.text


def test_a_full_question_naming_a_role_is_a_fresh_topic() -> None:
    bot = Bot()
    bot.reply("how much do phlebotomists earn")
    reply = bot.reply("whats a medical scribe")
    assert reply.intent == "role_overview" and reply.roles == ("medical_scribe",)
    assert bot.reply("and transcriptionists?").intent == "role_overview"


def test_an_elliptical_follow_up_carries_the_aspect() -> None:
    bot = Bot()
    bot.reply("how much do phlebotomists earn")
    reply = bot.reply("and medical assistants?")
    assert reply.intent == "role_salary" and "$44,200" in reply.text


def test_those_refers_to_the_latest_list_not_an_older_comparison() -> None:
    bot = Bot()
    bot.reply("PA vs NP")
    bot.reply("jobs that need no degree")
    reply = bot.reply("which of those pays the most")
    assert not {"physician_assistant", "nurse_practitioner"} & set(reply.roles)
    assert "highest median pay" in reply.text


def test_shared_bls_figures_are_called_a_tie() -> None:
    reply = Bot().reply("which pays better, a coder or a health information technician")
    assert "tie" in reply.text.lower() and "one occupation group" in reply.text


def test_four_roles_side_by_side_all_appear() -> None:
    reply = Bot().reply("compare medical assistant, phlebotomist, lab tech and scribe")
    assert len(reply.roles) == 4


def test_the_quiz_survives_a_side_question_and_goes_back() -> None:
    bot = Bot()
    bot.reply("which job would fit me best")
    bot.reply("1")
    side = bot.reply("what does a phlebotomist do all day?")
    assert "phlebotomist" in side.roles and "Q2." in side.text
    back = bot.reply("back")
    assert "Q1." in back.text
    assert "quiz closed" in bot.reply("stop").text


def test_quiz_results_honour_a_training_limit() -> None:
    bot = Bot()
    bot.reply("which job fits me")
    for answer in ("1", "2", "1", "3"):
        reply = bot.reply(answer)
    assert reply.suggested_roles
    for role_id in reply.suggested_roles:
        assert bot.kb.role(role_id).education.months_to_qualify <= 6


def test_why_that_one_explains_from_the_users_answers() -> None:
    bot = Bot()
    bot.reply("jobs with no blood and no degree")
    reply = bot.reply("why that one?")
    assert reply.intent == "recommend_roles" and "no blood or needles" in reply.text


def test_a_bare_ambiguous_word_is_asked_about_unless_just_named() -> None:
    bot = Bot()
    bot.reply("what does an LPN do")
    bot.reply("what do phlebotomists earn")
    assert "Which one do you mean?" in bot.reply("and what do nurses earn").text
    assert bot.reply("2").roles == ("licensed_practical_nurse",)


def test_yes_no_questions_are_answered_from_the_statements() -> None:
    assert Bot().reply("do medical assistants give shots?").text.startswith("Yes.")
    assert Bot().reply("do coders work with patients").text.startswith("No.")


def test_stop_outside_the_quiz_and_goodbye_without_a_question() -> None:
    assert "stopped" in Bot().reply("stop").text
    assert "?" not in Bot().reply("bye").text


def test_a_greeting_with_a_purpose_greets() -> None:
    reply = Bot().reply("hey im researching careers for a school report")
    assert reply.intent == "greeting"


def test_a_declined_help_reading_gives_way_to_a_close_list_reading() -> None:
    """Small talk declines 'help' with words its examples never use; a close runner-up then answers."""
    from chatbot.dialogue import policy
    from chatbot.dialogue.turn import Turn
    from chatbot.nlu.classifier import IntentScore
    from chatbot.records import replace

    bot = Bot()
    understanding = bot.understand("what careers could you tell me about")
    ranking = (IntentScore("help", 40.0, "x"), IntentScore("list_roles", 35.0, "y"))
    close = replace(understanding, guess=replace(understanding.guess, intent="help", ranking=ranking))
    decision, _ = policy.fallback(Turn(bot.state, close, bot.kb, bot.engine.words))
    assert decision.intent == "list_roles" and decision.listed
    far = (IntentScore("help", 40.0, "x"), IntentScore("list_roles", 20.0, "y"))
    far_off = replace(understanding, guess=replace(understanding.guess, intent="help", ranking=far))
    decision, _ = policy.fallback(Turn(bot.state, far_off, bot.kb, bot.engine.words))
    assert decision.intent == "out_of_scope"


def test_an_ambiguous_job_word_tips_a_close_general_reading_to_the_role_question() -> None:
    """'what does an assistant at a clinic do', read narrowly as the list: the role question (which one?)."""
    from chatbot.dialogue import policy
    from chatbot.dialogue.turn import Turn
    from chatbot.nlu.classifier import IntentScore
    from chatbot.records import replace

    bot = Bot()
    understanding = bot.understand("what does an assistant at a clinic do")
    assert understanding.mentions.ambiguous
    ranking = (IntentScore("list_roles", 20.0, "x"), IntentScore("role_overview", 18.0, "y"))
    close = replace(understanding, guess=replace(understanding.guess, intent="list_roles", ranking=ranking))
    decision, _ = policy.decide(Turn(bot.state, close, bot.kb, bot.engine.words))
    assert decision.intent == "role_overview" and decision.act == "clarify"
    assert "medical_assistant" in decision.options


@pytest.mark.parametrize(
    ("text", "intent", "roles"),
    [
        ("i used to be an MA, how do i become a phlebotomist", "role_education", ("phlebotomist",)),
        (
            "i have worked front desk for years, what schooling for office manager",
            "role_education",
            ("office_manager",),
        ),
        ("i am a former lpn, what does an rn earn", "role_salary", ("registered_nurse",)),
    ],
)
def test_the_users_own_past_job_is_context_not_a_second_subject(
    text: str, intent: str, roles: tuple[str, ...]
) -> None:
    reply = Bot().reply(text)
    assert (reply.intent, reply.roles) == (intent, roles)


def test_asking_to_work_as_one_of_two_roles_still_compares_them() -> None:
    reply = Bot().reply("should i work as a phlebotomist or an MA while in nursing school")
    assert set(reply.roles) == {"phlebotomist", "medical_assistant"}


@pytest.mark.parametrize(
    "text",
    [
        "former paramedic here, which office job would use that",
        "i used to be an emt, what role should i look at",
    ],
)
def test_a_career_changer_from_another_job_gets_the_roles_closest_to_it(text: str) -> None:
    bot = Bot()
    named = [
        job
        for job in bot.kb.out_of_scope.other_occupations
        if any(f" {alias} " in f" {' '.join(re.findall('[a-z]+', text))} " for alias in job.aliases)
    ]
    reply = bot.reply(text)
    assert reply.intent == "recommend_roles"
    assert named and reply.suggested_roles == named[0].closest
    assert named[0].name in reply.text


def test_a_list_question_that_sets_roles_aside_is_not_a_career_change() -> None:
    assert Bot().reply("which jobs are in a clinic other than doctors and nurses").intent == "list_roles"


@pytest.mark.parametrize(
    ("text", "role"),
    [("what is a flebotomist", "phlebotomist"), ("how much do koders make", "medical_coder")],
)
def test_a_first_letter_spelt_as_it_sounds_still_finds_the_role(text: str, role: str) -> None:
    assert Bot().reply(text).roles == (role,)


def test_not_wanting_patient_contact_ranks_the_desk_roles() -> None:
    bot = Bot()
    reply = bot.reply("my client doesnt want hands-on patient contact, which roles should i suggest")
    contact = {role.id: role.work_environment.patient_contact for role in bot.kb.roles}
    assert reply.suggested_roles and all(contact[r] in ("none", "low") for r in reply.suggested_roles[:3])


def test_side_by_side_is_a_comparison_table() -> None:
    reply = Bot().reply("show the coder and the biller side by side")
    assert reply.intent == "compare_roles" and set(reply.roles) == {"medical_coder", "medical_biller"}


def test_the_next_step_up_from_a_job_we_do_not_cover_lists_its_closest_roles() -> None:
    bot = Bot()
    cna = next(j for j in bot.kb.out_of_scope.other_occupations if "cna" in j.aliases)
    reply = bot.reply("im a cna at a nursing home, whats the next step up for me")
    assert reply.intent == "recommend_roles" and reply.suggested_roles == cna.closest


def test_a_which_should_i_pick_question_about_one_role_answers_that_role() -> None:
    reply = Bot().reply("for a phlebotomist, which program should i pick")
    assert (reply.intent, reply.roles) == ("role_education", ("phlebotomist",))


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("medical office occupations?", "list_roles"),
        ("best paid medical office job", "recommend_roles"),
        ("im calm and good with details, any ideas?", "recommend_roles"),
    ],
)
def test_general_questions_about_the_jobs_are_not_skills_questions(text: str, intent: str) -> None:
    assert Bot().reply(text).intent == intent


def test_that_one_just_after_a_recommendation_is_its_first_pick() -> None:
    bot = Bot()
    first = bot.reply(
        "i like science and microscopes and want little patient contact, what fits"
    ).suggested_roles[0]
    assert bot.reply("what certification does that one need").roles == (first,)


def test_a_denied_trait_is_not_a_wish() -> None:
    with_trait = Bot().reply("i love writing, which job could i learn fast").suggested_roles
    denied = Bot().reply("my writing is not great, which job could i learn fast").suggested_roles
    assert with_trait != denied


def test_a_why_word_with_a_question_of_its_own_is_that_question() -> None:
    bot = Bot()
    bot.reply("i want a quick job with no degree, what fits")
    bot.reply("what is a phlebotomist")
    assert bot.reply("y do they get paid so little, how much pay").intent == "role_salary"


def test_a_billing_and_coding_program_is_one_field_of_study() -> None:
    reply = Bot().reply("how long is a billing and coding course")
    assert reply.intent == "role_education" and set(reply.roles) == {"medical_biller", "medical_coder"}
    assert Bot().reply("billing and coding programs, which one is better").intent == "compare_roles"


def test_help_paying_for_training_needs_no_role() -> None:
    bot = Bot()
    reply = bot.reply("i lost my job, can i get my training paid for")
    aid = bot.kb.resources.paying_for_training
    assert aid and all(item.url in reply.text for item in aid)


def test_pay_where_the_user_lives_points_to_the_local_wage_finders() -> None:
    bot = Bot()
    reply = bot.reply("how can i check pay in my city")
    assert all(place.url in reply.text for place in bot.kb.resources.state_sites)


def test_which_one_picks_between_the_two_roles_just_talked_about() -> None:
    bot = Bot()
    bot.reply("tell me about lab techs")
    bot.reply("and coders, what do they earn")
    reply = bot.reply("which one is growing faster")
    assert reply.intent == "compare_roles"
    assert set(reply.roles) == {"medical_laboratory_technician", "medical_coder"}


def test_a_brief_comparative_about_a_new_role_compares_it_with_the_one_in_view() -> None:
    bot = Bot()
    bot.reply("what does a scribe do")
    reply = bot.reply("and the MA, paid better or worse?")
    assert reply.intent == "compare_roles" and set(reply.roles) == {"medical_assistant", "medical_scribe"}


def test_naming_the_credential_of_the_role_in_view_asks_about_that_credential() -> None:
    bot = Bot()
    bot.reply("how much do medical coders make")
    reply = bot.reply("and what about the CPC?")
    assert reply.intent == "role_certification" and reply.roles == ("medical_coder",)


def test_the_different_jobs_with_nothing_in_view_lists_them() -> None:
    reply = Bot().reply("are there different jobs you have data for")
    assert reply.intent == "list_roles"


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("working nights rn thinking of a change, what does a coder do", ("medical_coder",)),
        ("oops i wrote MA, i meant PA. what does a PA do", ("physician_assistant",)),
        ("the billing specialist at my doctor is always on the phone, what does she do", ("medical_biller",)),
        ("what does a nurce practioner earn", ("nurse_practitioner",)),
        ("what does a charting assistant do", ("medical_scribe",)),
    ],
)
def test_the_role_asked_about_is_found_in_messy_messages(text: str, roles: tuple[str, ...]) -> None:
    assert Bot().reply(text).roles == roles


def test_a_story_then_thoughts_of_ending_it_gets_the_lifeline() -> None:
    reply = Bot().reply("got laid off from my job at the bank and lately been thinking about ending it")
    assert reply.intent == "crisis" and "988" in reply.text


def test_ones_own_blood_pressure_in_a_career_message_is_a_health_question() -> None:
    reply = Bot().reply("i work as a phlebotomist and my bp was really high this morning, is that bad")
    assert reply.intent == "medical_advice"


def test_typing_fast_is_a_skill_not_a_wish_for_quick_training() -> None:
    # two conversations: in one, the second wish would narrow the first's list
    assert (
        Bot().reply("i type fast, which job uses that").suggested_roles
        != Bot().reply("i want a fast job to train for").suggested_roles
    )


def test_a_fast_typer_or_learner_is_a_skill_not_a_wish_for_quick_training() -> None:
    kb = Bot().kb
    for text in ("im a really fast typer which job would use that", "i am a fast learner what fits me"):
        assert parse_criteria(text, kb).max_months is None
    assert parse_criteria("i want something fast to train for", kb).max_months == 12


def test_dropped_g_endings_are_read_as_the_words() -> None:
    assert Bot().reply("how much are coders makin these days").intent == "role_salary"


def test_a_good_fit_for_someone_who_loves_something_is_a_recommendation() -> None:
    reply = Bot().reply("whats a good fit for someone who loves computers")
    assert reply.intent == "recommend_roles" and reply.suggested_roles


def test_two_credentials_of_the_role_named_compare_the_credentials() -> None:
    reply = Bot().reply("CHDS or RHDS for a transcriptionist, which one is better")
    assert reply.intent == "role_certification" and reply.roles == ("medical_transcriptionist",)


def test_a_rival_credential_asked_about_is_shown_first_with_who_may_apply() -> None:
    bot = Bot()
    reply = bot.reply("can work experience count toward the RMA certification")
    comparison = next(c for c in bot.kb.credentials.comparisons if "medical_assistant" in c.roles)
    rma = next(c for c in comparison.credentials if c.abbreviation.startswith("RMA"))
    assert reply.intent == "role_certification" and reply.text.startswith(rma.abbreviation)
    assert rma.eligibility.split()[0] in reply.text
    assert "vs" not in Bot().reply("is the CPC required for coders").text.split("\n")[0]


def test_whether_the_pay_is_worth_the_loans_is_a_pay_question() -> None:
    reply = Bot().reply("is an NP's pay worth the student loans")
    assert reply.intent == "role_salary" and reply.text.startswith("Nurse practitioner pay")


def test_a_quick_rundown_is_not_a_wish_for_quick_training() -> None:
    reply = Bot().reply("give me a quick rundown of the positions in a clinic")
    assert reply.intent == "list_roles"


def test_what_should_i_be_starts_a_recommendation() -> None:
    assert Bot().reply("so what should i be").intent == "recommend_roles"


def test_roles_ruled_out_beside_wishes_still_leave_a_full_ranking() -> None:
    reply = Bot().reply("jobs that need no degree except receptionist and biller")
    assert reply.intent == "recommend_roles"
    assert not {"medical_secretary", "medical_biller"} & set(reply.suggested_roles)
    assert len(reply.suggested_roles) == 5
