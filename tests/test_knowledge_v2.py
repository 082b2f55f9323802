"""Knowledge v2 (issue 12): the audit's corrections, the new fields, and the answers worded from them.

Each correction is pinned where a user meets it: in a reply, the profile card, a table or a ranking.
The questions are our own wording, not the evaluation sets'.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from chatbot import Bot
from chatbot.answers import facts
from chatbot.answers.credentials import credential_comparison, credentials_of_role
from chatbot.answers.rankings import RankFilter, ranked_roles, ranking
from chatbot.errors import DataError
from chatbot.knowledge.loader import load_knowledge
from chatbot.knowledge.paths import bundled_dir
from chatbot.knowledge.schema import KnowledgeBase, Role

KB = load_knowledge()


def ask(question: str) -> str:
    return Bot().reply(question).text


def card(role_id: str) -> str:
    return Bot().profile(role_id).text


# --- the audit's corrections, one test each ------------------------------------------------------------


def test_cma_names_the_category_4_pathway() -> None:
    """The CMA (AAMA) answer gives the alternative pathway and its end date, not only accredited programs."""
    text = ask("which credential should an MA go for")
    assert "Category 4" in text and "2029" in text and "CAAHEP" in text


def test_care_coordinator_figures_are_marked_stand_in_everywhere() -> None:
    """Pay and growth of the care coordinator carry the stand-in marker in tables, rankings and answers."""
    row = next(
        line for line in Bot().roles_table().splitlines() if line.startswith("Patient care coordinator")
    )
    assert "(stand-in)" in row
    ranked = next(line for line in ranking(KB, "growth").splitlines() if "Patient care coordinator" in line)
    assert ranked.count("(stand-in)") == 2  # pay and growth
    assert "(stand-in)" in ask("what does a patient navigator earn")
    assert "(stand-in) BLS has no figure for this job" in ranking(KB, "pay")


def test_scribe_pay_is_an_undated_estimate_never_a_median() -> None:
    """The scribe's $35,000 is a career site's undated estimate, never called a median."""
    for text in (ask("scribe salary"), card("medical_scribe"), ranking(KB, "pay")):
        assert not re.search(r"median (pay )?\$?35,000", text, re.IGNORECASE)
    assert "undated estimate" in ask("scribe salary")
    assert "$35,000 (est.)" in ranking(KB, "pay")


def test_cpt_asks_for_live_venipunctures_and_capillary_sticks() -> None:
    """The CPT (NHA) eligibility includes 30 vein draws and 10 capillary sticks on live people."""
    text = ask("how do i get certified as a phlebotomist")
    assert "30" in text and "10" in text and "live people" in text


def test_ascp_phlebotomy_is_pbt_and_pbt_is_an_alias() -> None:
    """The ASCP credential is PBT(ASCP), and users can type PBT for the role."""
    assert "PBT(ASCP)" in card("phlebotomist")
    assert Bot().reply("what does a pbt do").roles == ("phlebotomist",)


def test_physician_exams_follow_the_degree_route() -> None:
    """USMLE is for the M.D. route and COMLEX-USA for the D.O. route, not both required."""
    text = card("physician")
    assert "USMLE (M.D. route)" in text and "COMLEX-USA (D.O. route)" in text


def test_physician_years_agree_with_the_combined_programs_note() -> None:
    """No 'at least 11 years' where combined programs of 6 to 8 years exist."""
    role = KB.role("physician")
    for text in (role.summary, role.education.typical_length):
        assert "at least 11" not in text.lower()
    assert "combined" in role.summary and "combined" in role.education.typical_length


def test_registered_nurse_entry_level_is_bls_bachelor_with_adn_route() -> None:
    """BLS lists a bachelor's as typical for RNs; the associate degree is a common route."""
    education = KB.role("registered_nurse").education
    assert education.entry_level == "bachelor"
    text = ask("how do i become an rn")
    assert "BLS lists as typical" in text and "associate degree" in text


def test_np_boards_go_by_population_focus() -> None:
    """NP boards are not only FNP-C and FNP-BC: adult-gerontology, psychiatric and pediatric ones too."""
    text = card("nurse_practitioner")
    for credential in ("FNP-C", "FNP-BC", "AGPCNP-BC", "PMHNP-BC", "CPNP"):
        assert credential in text


def test_transcriptionists_have_a_little_patient_contact() -> None:
    """Transcriptionists in doctors' offices may answer phones and greet patients."""
    role = KB.role("medical_transcriptionist")
    assert role.work_environment.patient_contact == "low"
    assert "Patient contact: a little" in card("medical_transcriptionist")


def test_office_manager_licences_go_beyond_nursing_homes() -> None:
    """BLS's nursing-home example, and some jobs ask for an RN or social worker license."""
    text = card("office_manager")
    assert "nursing-home administrators" in text and "social worker" in text


def test_scribes_reach_np_only_through_rn_licensure() -> None:
    """The scribe's next roles do not jump straight to NP."""
    path = KB.role("medical_scribe").career_path
    assert "nurse_practitioner" not in path.next_roles
    assert any("after RN licensure" in step for step in path.moves_to)


@pytest.mark.parametrize(
    "role_id", ["medical_coder", "medical_records_specialist", "medical_transcriptionist"]
)
def test_unsourced_program_lengths_are_flagged_as_estimates(role_id: str) -> None:
    """The months to qualify without a source carry '(est.)' in rankings and the card."""
    role = KB.role(role_id)
    assert role.education.length_estimate
    line = next(
        line for line in ranking(KB, "training").splitlines() if f" {role.title.split(' /')[0]} " in line
    )
    assert "months (est.)" in line
    assert "(our estimate; our sources give no length) (est.)" in card(role_id)


def test_lab_licence_states_say_sources_disagree() -> None:
    """The MLT state licence list is given as a source's list, noting that sources disagree."""
    text = card("medical_laboratory_technician")
    assert "sources differ" in text
    assert "do not agree" in " ".join(
        c.eligibility for c in KB.role("medical_laboratory_technician").certifications
    )


# --- the new fields -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", KB.roles, ids=[role.id for role in KB.roles])
def test_every_new_field_is_filled_and_sourced(role: Role) -> None:
    """Each role has a pay spread or a note on why not, study, hours, job life and links, all sourced."""
    listed = set(role.sources)
    spread = role.pay_range
    assert (spread.low_annual is not None and spread.high_annual is not None) or spread.note
    assert spread.source in listed and role.schedule.source in listed
    assert set(role.where_to_study.sources) <= listed and set(role.job_life.sources) <= listed
    assert role.job_life.day and role.job_life.pros and role.job_life.cons and role.job_life.first_job
    assert role.learn_more.bls_ooh or role.learn_more.note


def _broken_copy(tmp_path: Path, role_id: str, old: str, new: str) -> Path:
    folder = Path(shutil.copytree(bundled_dir("knowledge"), tmp_path / "knowledge"))
    path = folder / "roles" / f"{role_id}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("role_id", "old", "new", "message"),
    [
        ("medical_assistant", "  low_annual: 35020", "  low_annual: 45020", "expected low <= median <= high"),
        ("medical_assistant", "  part_time: unknown", "  part_time: often", "expected one of"),
        (
            "patient_care_coordinator",
            "  basis: stand_in\n  note: >-",
            "  basis: stand_in\n  year: 2024\n  x: >-",
            "x",
        ),
        (
            "phlebotomist",
            "  source: https://www.bls.gov/ooh/healthcare/phlebotomists.htm\n  basis: bls",
            "  source: https://example.org/pay\n  basis: bls",
            "not listed in the role's 'sources'",
        ),
    ],
    ids=["median-outside-spread", "unknown-frequency", "unknown-key", "unlisted-source"],
)
def test_the_loader_checks_the_new_fields(
    tmp_path: Path, role_id: str, old: str, new: str, message: str
) -> None:
    """A spread that does not hold the median, a bad value, a stray key or an unlisted source is reported."""
    with pytest.raises(DataError) as raised:
        load_knowledge(_broken_copy(tmp_path, role_id, old, new))
    assert any(message in str(problem) for problem in raised.value.problems)


def test_a_stand_in_salary_without_a_note_is_reported(tmp_path: Path) -> None:
    """A figure marked stand-in must say in a note what stands in."""
    folder = _broken_copy(
        tmp_path,
        "medical_scribe",
        "  hourly_estimate: true\n  note: >-",
        "  hourly_estimate: true\n  xnote: >-",
    )
    with pytest.raises(DataError):
        load_knowledge(folder)


# --- answers from the new fields -----------------------------------------------------------------------


def test_pay_range_gives_the_spread_and_the_doctors_office_median() -> None:
    """Office manager: low end, high end, and $100,780 in doctors' offices beside $117,960 for all."""
    text = facts.pay_range(KB.role("office_manager"), KB)
    for figure in ("$69,680", "$219,080", "$100,780", "$117,960", "May 2024"):
        assert figure in text


def test_receptionist_figures_stand_beside_the_secretarys() -> None:
    """The secretary / receptionist role shows the receptionists' own BLS median too."""
    text = facts.pay_range(KB.role("medical_secretary"), KB)
    assert "$44,640" in text and "Receptionists" in text and "$37,230" in text


def test_where_to_study_names_the_accreditors() -> None:
    """MA programs: CAAHEP and ABHES; coding: CAHIIM; lab: NAACLS; and how to check a program."""
    assert {"CAAHEP", "ABHES"} <= set(
        re.findall(r"[A-Z]{4,}", facts.where_to_study(KB.role("medical_assistant"), KB))
    )
    assert "CAHIIM" in facts.where_to_study(KB.role("medical_coder"), KB)
    assert "NAACLS" in facts.where_to_study(KB.role("medical_laboratory_technician"), KB)
    assert KB.resources.program_check in facts.where_to_study(KB.role("phlebotomist"), KB)


def test_paying_for_training_names_federal_aid_and_job_centers_without_tuition() -> None:
    """FAFSA and WIOA through American Job Centers, and no invented tuition figure."""
    text = facts.paying_for_training(KB.role("medical_coder"), KB)
    assert "FAFSA" in text and "WIOA" in text and "American Job Centers" in text
    assert "$" not in text


def test_schedule_says_transcriptionists_often_work_part_time() -> None:
    """BLS calls part-time work common only for transcriptionists among the 16 roles."""
    assert "Part-time work: common" in facts.schedule(KB.role("medical_transcriptionist"), KB)
    assert [r.id for r in KB.roles if r.schedule.part_time == "common"] == ["medical_transcriptionist"]


def test_schedule_filters_part_time_and_regular_hours() -> None:
    """'Part time while in college' keeps roles with part-time work; 'regular hours' drops shift jobs."""
    part_time = {role.id for role in ranked_roles(KB, "pay", RankFilter(part_time=True))}
    assert part_time == {"medical_transcriptionist", "medical_scribe"}
    regular = {role.id for role in ranked_roles(KB, "pay", RankFilter(regular_hours=True))}
    assert "medical_assistant" in regular and not {"physician", "registered_nurse"} & regular


def test_day_pros_cons_and_first_job_come_from_the_role() -> None:
    """A day for an MA, the pros and cons of billing, and a scribe's first job."""
    assert "vital signs" in facts.day_in_job(KB.role("medical_assistant"), KB)
    billing = facts.pros_and_cons(KB.role("medical_biller"), KB)
    assert "The hard parts:" in billing and "0%" in billing and "from home" in billing
    assert "no experience" in facts.first_job(KB.role("medical_scribe"), KB)


def test_learn_more_gives_the_role_pages_and_the_finders() -> None:
    """BLS, O*NET and My Next Move pages of the role, and CareerOneStop's salary and licence finders."""
    text = facts.learn_more(KB.role("phlebotomist"), KB)
    for part in (
        "bls.gov/ooh/healthcare/phlebotomists",
        "31-9097.00",
        "mynextmove",
        "find-salary",
        "find-licenses",
    ):
        assert part in text
    assert facts.learn_more_line(KB.role("phlebotomist")).startswith("Learn more: https://www.bls.gov/ooh/")


def test_about_data_says_where_and_when() -> None:
    """BLS, May 2024 wages, 2024-34 projections, what a median means, and sites to explore."""
    text = facts.about_data(KB)
    for part in (
        "Bureau of Labor Statistics",
        "May 2024",
        "2024 to 2034",
        "median",
        "stand-in",
        "O*NET",
        "My Next Move",
    ):
        assert part in text


@pytest.mark.parametrize(
    ("occupation", "figure", "closest"),
    [
        ("certified nursing assistant", "$39,530", "Licensed practical nurse"),
        ("pharmacy technician", "$43,460", "Medical assistant"),
        ("dental assistant", "$47,300", "Medical assistant"),
    ],
)
def test_nearby_jobs_get_an_honest_hand_off(occupation: str, figure: str, closest: str) -> None:
    """Not one of mine, one line of what it is, its BLS median, and the closest covered roles."""
    text = facts.nearby_job(occupation, KB)
    assert text is not None
    assert "is not one of the 16 roles I cover" in text and figure in text and closest in text


def test_every_nearby_job_names_a_known_other_occupation() -> None:
    """Each nearby job answers for at least one job out_of_scope.yaml recognises."""
    names = {occupation.name for occupation in KB.out_of_scope.other_occupations}
    assert all(set(job.occupations) <= names for job in KB.nearby.jobs)
    assert facts.nearby_job("firefighter", KB) is None


def test_state_questions_get_national_figures_and_where_to_look() -> None:
    """'Office manager pay in Ohio': national figure said plainly, CareerOneStop and BLS state data."""
    state = facts.find_state("and what about in ohio?", KB)
    assert state == "Ohio"
    text = facts.state_question(KB.role("office_manager"), state, KB)
    assert "national" in text and "$117,960" in text and "CareerOneStop" in text and "oesprofile" in text


def test_state_rules_are_stated_for_phlebotomy_states() -> None:
    """California's phlebotomy certificate rule is stated; West Virginia is not read as Virginia."""
    text = facts.state_question(KB.role("phlebotomist"), "California", KB)
    assert "Certified Phlebotomy Technician I or II" in text
    assert facts.find_state("lab tech jobs in west virginia", KB) == "West Virginia"
    assert facts.find_state("what does a coder do", KB) is None


def test_ranking_by_pay_lists_every_role_in_order() -> None:
    """All 16 roles, highest median first, estimates marked."""
    text = ranking(KB, "pay")
    order = [KB.role(role_id).title.split(" /")[0] for role_id in ("physician", "physician_assistant")]
    assert text.index(order[0]) < text.index(order[1])
    assert len([line for line in text.splitlines() if re.match(r"\d+ ", line)]) == len(KB.roles)
    assert re.search(r"239,200[\s\S]*133,260[\s\S]*129,210[\s\S]*117,960[\s\S]*93,600", text)


def test_ranking_with_a_two_year_limit_filters_then_ranks() -> None:
    """'Highest paid that need only two years': roles over 24 months drop out, the rest rank by pay."""
    roles = ranked_roles(KB, "pay", RankFilter(max_months=24))
    assert roles[0].id == "registered_nurse"
    assert not {"physician", "physician_assistant", "nurse_practitioner", "office_manager"} & {
        r.id for r in roles
    }
    assert "(12 of 16)" in ranking(KB, "pay", RankFilter(max_months=24))


def test_ranking_by_training_puts_quick_entries_first() -> None:
    """Quickest first: on-the-job roles, then the phlebotomist, and the physician last."""
    roles = ranked_roles(KB, "training")
    ids = [role.id for role in roles]
    assert ids.index("phlebotomist") < ids.index("registered_nurse") < ids.index("nurse_practitioner")
    assert ids[-1] == "physician"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("cma or rma?", ("CMA (AAMA)", "RMA (AMT)")),
        ("CPC vs CCS vs CCA", ("CPC", "CCS", "CCA")),
        ("cpt or pbt", ("CPT", "PBT")),
        ("is the fnp-bc harder than the fnp-c", ("FNP-BC (ANCC)", "FNP-C (AANPCB)")),  # the NP's two boards
    ],
)
def test_credential_comparisons(question: str, expected: tuple[str, ...]) -> None:
    """Two or more named credentials of one job are compared: issuer, who can apply, exam, renewal."""
    text = credential_comparison(question, KB)
    assert text is not None
    assert all(name in text for name in expected)
    assert text.count("Who can apply:") == len(expected) and "Renewal:" in text


def test_one_credential_is_not_a_comparison() -> None:
    """A single credential, or words inside other words, compare nothing."""
    assert credential_comparison("is the cpc exam hard", KB) is None
    assert credential_comparison("accurate and precise", KB) is None
    text = credentials_of_role(KB.role("medical_assistant"), KB)
    assert text is not None and "CCMA (NHA)" in text


def test_the_profile_card_reads_on_a_projector() -> None:
    """No raw '##' headings, and the settings and the pay appear once each."""
    text = card("medical_assistant")
    assert "##" not in text
    assert text.count("Where:") == 0 and text.count("Settings:") == 1
    assert text.count("$44,200") == 1
    for part in ("A typical day:", "Pros:", "Cons:", "Where to study:", "Learn more:", "12%"):
        assert part in text


def test_role_facts_carry_the_pay_range_for_front_ends() -> None:
    """The web card data has the spread and the figure's basis."""
    data = facts.role_facts(KB.role("patient_care_coordinator"))
    assert data["pay"]["range"]["low_annual"] == 37930 and data["pay"]["basis"] == "stand_in"


def test_markers_follow_the_data_not_the_role_name(kb: KnowledgeBase) -> None:
    """Marking a BLS role's salary as an estimate marks it in the ranking: the marker comes from data."""
    coder = kb.role("medical_coder")
    changed = replace(coder, salary=replace(coder.salary, basis="estimate"))
    roles = tuple(changed if role.id == coder.id else role for role in kb.roles)
    other = replace(kb, roles=roles, _by_id={role.id: role for role in roles})
    line = next(line for line in ranking(other, "pay").splitlines() if "Medical coder" in line)
    assert "$50,250 (est.)" in line
