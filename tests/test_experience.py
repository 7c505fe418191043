from __future__ import annotations

from datetime import date

import pytest

from matcher.experience import parse_requirements, parse_roles, seniority_level, total_years
from matcher.sections import split_sections

AS_OF = date(2024, 7, 1)


@pytest.mark.parametrize(
    "line, years",
    [
        ("Engineer, Acme | Jan 2020 - Present", 4.5),
        ("Engineer 2019 – 2023", 4.0),
        ("Engineer 03/2021 – present", 3.333),
        ("Engineer 2016-2019", 3.0),
        ("Engineer June 2018 to May 2021", 3.0),
        ("Engineer Sept. 2019 — Dec 2019", 0.333),
        ("Engineer 2021-06 - 2022-06", 1.083),
        ("Engineer 2020-03 - 2021-06", 1.333),
        ("Engineer March 2019 - current", 5.333),
        ("Engineer 2018 to date", 6.5),
        ("Engineer (2018 - 2019)", 1.0),
        ("Engineer Jan 2021 - Dec 2022", 2.0),
        ("Engineer 06.2018 - 09.2020", 2.333),
        ("Engineer 01/15/2019 - 03/01/2021", 2.25),
        ("Engineer Oct '19 - Feb '21", 1.417),
        ("Engineer Oct. ’19 – Feb. ’21", 1.417),
        ("Engineer Sep '98 - Jun '03", 4.833),
        ("Engineer Since 2020", 4.5),
        ("Engineer since March 2019", 5.333),
        ("Engineer Q1 2019 - Q3 2021", 2.75),
        ("Engineer Q2 2023 - present", 1.25),
        ("Engineer 2020-03-15 - 2021-06-30", 1.333),
        ("Engineer 15.06.2018 - 30.09.2020", 2.333),
        ("Engineer Since 2019 - 2021", 2.0),
        ("Engineer since Jan 2022 to present", 2.5),
        ("Engineer Jun 15, 2018 - Sep 30, 2020", 2.333),
        ("Engineer 15 June 2018 - 30th September 2020", 2.333),
        ("Engineer Spring 2018 - Fall 2019", 1.75),  # review finding: seasons were not read
        ("Engineer Summer 2020 - Winter 2021", 0.833),
        # Third review: a month joined to its year, a year-dot-month, "till date".
        ("Engineer Jan-2020 to Dec-2021", 2.0),
        ("Engineer 2019.03 - 2021.06", 2.333),
        ("Engineer Feb 2022 – Till date", 2.417),
    ],
    ids=["month-present", "en-dash-years", "numeric-month", "hyphen-years", "to", "abbrev", "iso-month",
         "iso-months", "month-current", "to-date", "parenthesised", "end-month-counts", "dotted-month",
         "us-day", "apostrophe-year", "curly-apostrophe", "apostrophe-last-century", "since-year", "since-month",
         "quarters", "quarter-present", "iso-days", "dotted-day-first", "since-then-range", "since-then-open-range",
         "us-month-day", "day-month-name", "seasons", "season-winter", "month-hyphen-year", "year-dot-month",
         "till-date"],
)
def test_date_range_forms(line, years):
    text = f"EXPERIENCE\n{line}\n"
    roles = parse_roles(text, split_sections(text, "resume"), as_of=AS_OF)
    assert len(roles) == 1
    assert roles[0].years == pytest.approx(years, abs=0.01)
    assert roles[0].title.startswith("Engineer")


def test_version_numbers_in_a_bullet_are_no_dates():
    """Regression review: "Unity 2019.4 to 2021.3" made a role of two years."""
    text = ("EXPERIENCE\nGame Developer, Ubisoft, Jan-2022 to Dec-2023\n"
            "- Upgraded the project from Unity 2019.4 to 2021.3 LTS\n- Moved IntelliJ 2020.1 to 2023.2\n"
            "Data Analyst, Acme 2019.3 - 2021.9\n")
    roles = parse_roles(text, split_sections(text, "resume"), as_of=AS_OF)
    # A one-digit month still reads in a range of its own ("2019.3 - 2021.9", as many resumes write it).
    assert [(r.title, round(r.years, 2)) for r in roles] == [("Game Developer, Ubisoft", 2.0), ("Data Analyst, Acme", 2.58)]


def test_since_before_a_range_on_its_own_line_is_no_title():
    """Review finding: "Since 2019 - 2021" under the title line made the role's title "Since"."""
    text = "EXPERIENCE\nData Analyst, Foo GmbH\nSince 2019 - 2021\n\nEngineer, Bar\nSince 2022 – Present\n"
    roles = parse_roles(text, split_sections(text, "resume"), as_of=AS_OF)
    assert [(r.title, r.years) for r in roles] == [("Data Analyst, Foo GmbH", 2.0), ("Engineer, Bar", 2.5)]


def test_day_dated_ranges_in_a_bullet_or_sentence_are_not_roles():
    """Review finding: with day-level dates, bullets dating lab notebooks became 16 years of jobs."""
    text = ("EXPERIENCE\nLab Manager, Acme (Jan 2022 - Dec 2023)\n"
            "- Digitised the archive of 15 March 2005 - 20 April 2015 lab notebooks\n"
            "- Audited records from Jan 1, 2001 - Dec 31, 2009 for compliance\n"
            "Engineer, Beta 15.06.2018 - 30.09.2020\n")
    roles = parse_roles(text, split_sections(text, "resume"), as_of=AS_OF)
    assert [(r.title, round(r.years, 2)) for r in roles] == [("Lab Manager, Acme", 2.0), ("Engineer, Beta", 2.33)]


def test_open_ranges_run_to_as_of_not_today():
    text = "EXPERIENCE\nNurse Jan 2020 - Present\n"
    sections = split_sections(text, "resume")
    assert parse_roles(text, sections, as_of=date(2021, 1, 1))[0].years == pytest.approx(1.0)
    assert parse_roles(text, sections, as_of=date(2022, 1, 1))[0].years == pytest.approx(2.0)


@pytest.mark.parametrize("line", [
    "Phone: +1 415-555-2019",
    "Call 555-2019-2020 or 555.2019.2021",
    "Tel. 415.555.2019 - 415.555.2020",
    "Built tooling for Python 3.10 - 3.12",
    "Led a team of 5 for 2.5 years",
    "Engineer Dec 2020 - Nov 2020",
    "Engineer Oct 19 - Feb 21",
], ids=["phone", "phone-years", "dotted-phones", "python-versions", "duration", "end-before-start", "no-apostrophe"])
def test_numbers_that_are_not_date_ranges_give_no_role(line):
    text = f"EXPERIENCE\n{line}\n"
    assert parse_roles(text, split_sections(text, "resume"), as_of=AS_OF) == ()


def test_end_month_counts_through_its_last_day_but_not_past_as_of():
    text = "EXPERIENCE\nEngineer Jan 2021 - Dec 2022\nAnalyst Jan 2024 - Dec 2024\nIntern Mar 2020 - Mar 2020\n"
    roles = parse_roles(text, split_sections(text, "resume"), as_of=AS_OF)
    assert [(r.start, r.end) for r in roles] == [
        (date(2021, 1, 1), date(2023, 1, 1)), (date(2024, 1, 1), AS_OF), (date(2020, 3, 1), date(2020, 4, 1))]
    assert [r.years for r in roles] == pytest.approx([2.0, 0.5, 1 / 12])


def test_quarter_end_counts_through_the_quarter():
    text = "EXPERIENCE\nEngineer Q4 2021 - Q4 2022\n"
    (role,) = parse_roles(text, split_sections(text, "resume"), as_of=AS_OF)
    assert (role.start, role.end) == (date(2021, 10, 1), date(2023, 1, 1))


def test_since_runs_to_as_of_and_a_future_start_is_no_role():
    text = "EXPERIENCE\nEngineer since Jan 2022\n"
    sections = split_sections(text, "resume")
    assert parse_roles(text, sections, as_of=date(2023, 1, 1))[0].years == pytest.approx(1.0)
    assert parse_roles(text, sections, as_of=date(2021, 6, 1)) == ()


def test_two_digit_years_fall_in_the_century_up_to_ten_years_after_as_of():
    text = "EXPERIENCE\nEngineer Jan '40 - Feb '41\nAnalyst Jan '23 - Dec '26\n"
    sections = split_sections(text, "resume")
    old, planned = parse_roles(text, sections, as_of=AS_OF)
    assert old.start == date(1940, 1, 1)
    assert (planned.start, planned.end) == (date(2023, 1, 1), AS_OF)  # a planned end, not 1926
    assert parse_roles(text, sections, as_of=date(2045, 6, 1))[0].start == date(2040, 1, 1)


def test_day_first_numeric_dates_are_read_when_unambiguous():
    text = "EXPERIENCE\nEngineer 15/01/2019 - 30/06/2021\n"
    (role,) = parse_roles(text, split_sections(text, "resume"), as_of=AS_OF)
    assert (role.start, role.end) == (date(2019, 1, 1), date(2021, 7, 1))


def test_consecutive_month_ranges_add_up_without_gaps_or_double_counting():
    text = ("EXPERIENCE\nA Jan 2020 - Dec 2020\nB Jan 2021 - Jun 2021\n"  # back to back: 1.5 years
            "C Jan 2022 - Dec 2022\nD Jun 2022 - Dec 2022\n")  # D inside C: 1 year
    roles = parse_roles(text, split_sections(text, "resume"), as_of=AS_OF)
    assert total_years(roles) == pytest.approx(2.5)


def test_latest_role_is_the_one_that_ends_last():
    from matcher.documents import Resume
    from matcher.features import prepare_resume
    from matcher.skills import SkillExtractor, builtin_taxonomy

    ex = SkillExtractor.from_taxonomy(builtin_taxonomy())
    text = "## Experience\n- Junior Developer (Jan 2018 - Dec 2021)\n- Engineering Manager (Q1 2022 - Q4 2023)\n"
    prepared = prepare_resume(Resume.from_text(text), ex, as_of=AS_OF)
    assert prepared.seniority == 4
    assert prepared.total_years == pytest.approx(6.0)


def test_inclusive_end_month_meets_a_two_year_requirement():
    _, match = _experience("## Requirements\n- 2+ years of experience as a Python Developer\n",
                           "## Experience\n- Python Developer, Acme (Jan 2021 - Dec 2022)\n")
    assert match.held.tolist() == [[pytest.approx(2.0)]]
    assert match.shortfall.tolist() == [[0.0]]


def test_title_on_the_line_above_dates_and_education_ignored():
    text = "WORK EXPERIENCE\nSenior Nurse, City Hospital\n2018 - 2022\n\nEDUCATION\nBSN 2010 - 2014\n"
    roles = parse_roles(text, split_sections(text, "resume"), as_of=AS_OF)
    assert [(r.title, r.years) for r in roles] == [("Senior Nurse, City Hospital", 4.0)]


def test_total_years_counts_overlaps_once():
    text = "EXPERIENCE\nA 2015 - 2020\nB 2018 - 2022\nC 2023 - 2024\n"
    roles = parse_roles(text, split_sections(text, "resume"), as_of=AS_OF)
    assert total_years(roles) == pytest.approx(8.0)


@pytest.mark.parametrize(
    "text, years, subject",
    [
        ("5+ years of Go", 5, "Go"),
        ("at least 4 years working as a Systems Administrator", 4, "Systems Administrator"),
        ("3 years as Stockers and order fillers", 3, "Stockers"),
        ("Minimum of 4 years' experience as a Staff Accountant", 4, "Staff Accountant"),
        ("Has previous experience as an SOC Security Analyst for 5 years.", 5, "SOC Security Analyst"),
        ("two years of experience in retail", 2, "retail"),
        ("2-4 years in B2B sales", 2, "B2B sales"),
        ("Between 3 and 5 years of experience in retail", 3, "retail"),
        ("A minimum of 1 year in a Jr. IT Helpdesk or similar role.", 1, "Jr. IT Helpdesk"),
        ("Five or more years of professional experience", 5, ""),  # review finding: "or more" was not read
        ("3 or 4 years in retail", 3, "retail"),
    ],
)
def test_posting_requirements(text, years, subject):
    reqs = parse_requirements(text)
    assert reqs, text
    assert reqs[0].years == years
    assert reqs[0].subject.startswith(subject)


@pytest.mark.parametrize("text, subject", [
    ("2+ years as a Staff Accountant or in a similar general ledger role", "Staff Accountant"),
    ("A minimum of 1 year in a Jr. IT Helpdesk or similar role.", "Jr. IT Helpdesk"),
    ("3 years of recent experience as a Full Stack Java Engineer", "Full Stack Java Engineer"),
    ("2 years in the capacity of a Java Development Lead", "Java Development Lead"),
    ("5 years of experience in management of a team", "management of a team"),
    # Review finding: the seed Bookkeeper's subject was "bookkeeping experience, either".
    ("At least 1-2 years of bookkeeping experience, either at an accounting firm or in-house", "bookkeeping"),
    ("3+ years of sales experience, especially B2B", "sales"),
    # Second review: a subject starting with "in" lost it ("dustrial"), and a verb of a trade read nothing.
    ("6+ years of industrial or commercial electrical experience", "industrial or commercial electrical"),
    ("5+ years of internal audit experience", "internal audit"), ("3 years of infection control", "infection control"),
    ("4 years of workforce planning", "workforce planning"), ("2+ years troubleshooting PLCs", "troubleshooting PLCs"),
])
def test_lead_in_words_and_or_similar_are_not_part_of_the_subject(text, subject):
    assert [r.subject for r in parse_requirements(text)] == [subject]


def test_not_every_number_of_years_is_a_requirement():
    assert parse_requirements("We have been in business for 20 years.\nWithin 3 years you will lead.") == ()


def test_role_title_inside_a_longer_requirement_counts():
    from matcher.features import experience_match, prepare_posting, prepare_resume
    from matcher.documents import Posting, Resume
    from matcher.skills import SkillExtractor, builtin_taxonomy

    ex = SkillExtractor.from_taxonomy(builtin_taxonomy())
    posting = prepare_posting(Posting.from_text("## Requirements\n- 2 years as a Carpenter which requires dexterity\n"), ex)
    short = prepare_resume(Resume.from_text("## Experience\n- Carpenter (2022 - 2023)\n"), ex, as_of=AS_OF)
    enough = prepare_resume(Resume.from_text("## Experience\n- Carpenter (2019 - 2023)\n"), ex, as_of=AS_OF)
    match = experience_match([short, enough], [posting])
    assert match.held[0].tolist() == [1.0, 4.0]
    assert match.shortfall[0].tolist() == [1.0, 0.0]


def test_two_requirements_joined_by_and_are_both_read():
    reqs = parse_requirements("Minimum 4 years as Data Engineer and minimum 5 years as a Senior Java Developer.")
    assert [(r.years, r.subject) for r in reqs] == [(4, "Data Engineer"), (5, "Senior Java Developer")]


def _experience(posting_text: str, *resume_texts: str):
    from matcher.documents import Posting, Resume
    from matcher.features import experience_match, prepare_posting, prepare_resume
    from matcher.skills import SkillExtractor, builtin_taxonomy

    ex = SkillExtractor.from_taxonomy(builtin_taxonomy())
    posting = prepare_posting(Posting.from_text(posting_text), ex)
    resumes = [prepare_resume(Resume.from_text(t), ex, as_of=AS_OF) for t in resume_texts]
    return posting, experience_match(resumes, [posting])


def test_a_role_counts_for_the_requirement_it_names_best():
    posting, match = _experience(
        "## Requirements\n- 1 year as an IT Network Engineer\n- 1 year as a Senior Network Engineer/Manager\n",
        "## Experience\n- Senior Network Engineer/Manager (2014 - 2016)\n",
        "## Experience\n- IT Network Engineer (2016 - 2018)\n- Senior Network Engineer/Manager (2014 - 2016)\n",
    )
    assert [r.subject for r in posting.experience] == ["IT Network Engineer", "Senior Network Engineer/Manager"]
    # The senior role alone does not also stand for the IT Network Engineer years ...
    assert match.shortfall[:, 0].tolist() == [1.0, 0.0]
    # ... and with both roles each requirement is met by its own.
    assert match.shortfall[:, 1].tolist() == [0.0, 0.0]


def test_a_summary_restating_the_listed_experience_is_not_a_second_requirement():
    posting, match = _experience(
        "## Summary\nWe seek a Recruiter with 1 year of experience performing as a Contract Recruiter and more.\n"
        "## Requirements\n- Minimum of 1 year experience as a Contract Recruiter\n",
        "## Experience\n- Contract Recruiter (2022 - 2023)\n",
    )
    assert [r.subject for r in posting.experience] == ["Contract Recruiter"]
    assert match.shortfall.tolist() == [[0.0]]


def test_a_duration_beside_the_dates_is_not_a_title():
    text = "Experience:\nPosition: Senior Hybris Developer\n2015 – 2016 (1 year)\nDelivered SAP Hybris solutions.\n"
    roles = parse_roles(text, split_sections(text, "resume"), as_of=AS_OF)
    assert [(r.title, r.years) for r in roles] == [("Senior Hybris Developer", 1.0)]


def test_dated_bold_line_is_a_role_not_a_heading():
    text = "## Experience\n**Senior Hadoop Engineer (2012 - 2017)**\nBuilt clusters.\n"
    roles = parse_roles(text, split_sections(text, "resume"), as_of=AS_OF)
    assert [(r.title, r.years) for r in roles] == [("Senior Hadoop Engineer", 5.0)]


@pytest.mark.parametrize("title, years, level", [
    ("Senior Backend Engineer", None, 3), ("Sr. Analyst", None, 3), ("Jr. IT Helpdesk", 9, 1),
    ("Engineering Manager", None, 4), ("Director of Sales", None, 5), ("Data Intern", None, 0),
    ("Software Engineer", None, None), ("Software Engineer", 1, 1), ("Software Engineer", 6, 3),
    ("Backend Developer", 10, 4),
])
def test_seniority_from_title_words_then_years(title, years, level):
    assert seniority_level(title, years) == level


@pytest.mark.parametrize("line, title", [
    ("Sales Engineer : Involved in the execution of sales estimating (2019 - 2021)", "Sales Engineer"),
    ("Business Data Analyst − Instrumental in executing analysis, 2018 - 2020", "Business Data Analyst"),
    ("Engineer, Acme | Jan 2020 - Present", "Engineer, Acme"),
    ("Jan 2020 - Present: Backend Engineer", "Backend Engineer"),
    ("Support Analyst - Responsible for the help desk queue 2016 - 2019", "Support Analyst"),
    ("Software Engineer - Backend 2016 - 2019", "Software Engineer - Backend"),
    ("Business Data Analyst (2012 - 2013)− Instrumental in executing analysis", "Business Data Analyst"),
    ("Java developer . Built trading services (2012 - 2016)", "Java developer"),
    ("Junior IT Help Desk at YouXL (2017-2018); Supporting our regional tech ecosystem", "Junior IT Help Desk at YouXL"),
])
def test_role_title_stops_where_the_description_starts(line, title):
    text = f"EXPERIENCE\n{line}\n- did things\n"
    roles = parse_roles(text, split_sections(text, "resume"), as_of=AS_OF)
    assert [r.title for r in roles] == [title]


def test_roles_that_name_the_subject_add_up_and_alternatives_count():
    posting, match = _experience(
        "## Requirements\n- 7+ years in SRE, infrastructure or backend engineering roles\n"
        "- 3 years as a Registered Nurse\n- 2+ years of experience in an adult ICU setting\n",
        "## Experience\n- Senior Backend Engineer, Acme (2019 - 2024)\n- Backend Engineer, Initech (2016 - 2019)\n",
        "## Experience\n- Registered Nurse, ICU (2022 - 2024)\n- Registered Nurse, Telemetry (2021 - 2022)\n",
        "## Experience\n- Data Analyst (2022 - 2024)\n- Data Engineer (2017 - 2022)\n",
    )
    assert [r.subject for r in posting.experience][2] == "adult ICU"
    # Both backend roles name an alternative in full: 5 + 3 years.
    assert match.held[0, 0] == pytest.approx(8.0)
    # Two Registered Nurse roles add up; "ICU" in a title counts for the ICU setting.
    assert match.held[1, 1] == pytest.approx(3.0) and match.shortfall[1, 1] == 0.0
    assert match.held[2, 1] == pytest.approx(2.0)
    assert match.held[1, 0] == 0.0  # backend roles are no nursing roles
    # CVICU is an ICU (second review: a CVICU nurse held no ICU years).
    posting, match = _experience("## Requirements\n- 3+ years as an ICU Registered Nurse\n",
                                 "## Experience\n- Staff Nurse, CVICU (2019 - 2024)\n")
    assert match.held[0, 0] == pytest.approx(5.0)
    # "nursing experience" is the years of the roles titled nurse (review finding: none counted).
    posting, match = _experience("## Requirements\n- 2+ years of nursing experience\n",
                                 "## Experience\n- Staff Nurse, Med-Surg (2019 - 2024)\n- Barista (2015 - 2019)\n")
    assert match.held[0, 0] == pytest.approx(5.0)


def test_a_title_naming_the_whole_subject_always_counts_and_jobs_at_once_count_once():
    posting, match = _experience(
        "## Requirements\n- 5+ years of experience as a Software Engineer\n- 2+ years as a Senior Software Engineer\n"
        "- 6 years as a Registered Nurse\n",
        "## Experience\n- Senior Software Engineer, Acme (2015 - 2024)\n",
        "## Experience\n- Registered Nurse, City Hospital (2019 - 2023)\n- Registered Nurse, Clinic (2019 - 2023)\n"
        "- Cashier, Shop (2005 - 2014)\n",
    )
    assert match.held[0, 0] == pytest.approx(9.0) and match.held[1, 0] == pytest.approx(9.0)
    assert match.held[2, 1] == pytest.approx(4.0)  # two jobs held at once: four years, not eight


def test_roles_that_name_the_same_words_of_the_subject_add_up():
    """Review finding: two "Elementary Teacher" roles (8.8 years) held 4.9 years of "classroom
    teaching", and two "Electrical Engineer" roles only the longer one for "an Electrical
    Engineer in industrial automation"."""
    posting, match = _experience(
        "## Requirements\n- 5+ years of classroom teaching experience\n"
        "- 10+ years as an Electrical Engineer in industrial automation\n",
        "## Experience\nElementary Teacher (Grade 4), Pflugerville ISD\nAug 2011 - Jun 2015\n- Taught reading\n"
        "Elementary Teacher (Grade 3), Austin ISD\nAug 2015 - Jun 2020\n- Taught math\n",
        "## Experience\n- Electrical Engineer, Siemens (2008 - 2013)\n- Senior Electrical Engineer, ABB (2013 - 2019)\n",
        # Jobs held at once still count once; a title sharing other words is no part of the sum.
        "## Experience\n- Substitute Teacher, Austin ISD (2018 - 2022)\n- Music Teacher, Round Rock ISD (2018 - 2022)\n"
        "- Classroom Aide, Hays CISD (2010 - 2012)\n",
    )
    assert match.held[0, 0] == pytest.approx(8.83, abs=0.01) and match.shortfall[0, 0] == 0.0
    assert match.held[1, 1] == pytest.approx(11.0)
    assert match.held[0, 2] == pytest.approx(4.0)
    # Regression review: different jobs that share one word of the subject, and the same job
    # held twice at once beside a later one, do not add up.
    posting, match = _experience(
        "## Requirements\n- 5+ years of software engineering experience\n- 7+ years in data analysis\n",
        "## Experience\n- Software Sales Representative (2010 - 2013)\n- Software Tester (2014 - 2016)\n",
        "## Experience\n- Adjunct Data Analyst, College A (2016 - 2019)\n- Adjunct Data Analyst, College B (2016 - 2019)\n"
        "- Adjunct Data Analyst, College C (2021 - 2022)\n",
    )
    assert match.held[0, 0] == pytest.approx(3.0)
    assert match.held[1, 1] == pytest.approx(4.0)
    # Second regression review: the job may come after the employer, or carry its terms.
    posting, match = _experience(
        "## Requirements\n- 5+ years of experience in data analysis\n",
        "## Experience\nAcme Corp - Data Analyst (2019 - 2022)\n- x\nBeta LLC - Data Analyst (2016 - 2019)\n- y\n",
        "## Experience\nData Analyst (Contract), Acme (2019 - 2022)\n- x\nData Analyst, Beta (2016 - 2019)\n- y\n",
    )
    assert match.held[0].tolist() == pytest.approx([6.0, 6.0])


@pytest.mark.parametrize("text, subject", [
    ("2 years as a Nurse at St. Mary's hospital", "Nurse"),
    ("5 years as a VB.NET Developer. Must relocate.", "VB.NET Developer"),
])
def test_a_subject_ends_at_a_sentence_or_a_place(text, subject):
    assert [r.subject for r in parse_requirements(text)] == [subject]


def test_experience_asked_outside_the_requirements_section_counts():
    posting, _ = _experience("# Staff Accountant\n\n## Requirements\n- 2 years of experience with NetSuite\n\n"
                             "## Ideal Candidate\n- 5 years of experience as a Staff Accountant\n", "")
    assert [(r.years, r.subject) for r in posting.experience] == [(2, "NetSuite"), (5, "Staff Accountant")]


def test_short_forms_that_mean_other_jobs_do_not_match():
    _, match = _experience("## Requirements\n- 5 years as a Tech Lead\n- 5 years as a Systems Administrator\n",
                           "## Experience\n- Pharmacy Technician (2015 - 2022)\n- Admin Assistant (2010 - 2015)\n")
    assert match.held[:, 0].tolist() == [0.0, 0.0]


def test_years_over_many_roles_add_up_the_same_whichever_roles_share_words():
    """Twelve nursing roles: their years are summed as one numpy reduction over the resume's
    roles (which adds eight or more numbers in blocks), not one role at a time."""
    import random

    import numpy as np


    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    rng = random.Random(1)
    texts = []
    for _ in range(30):
        lines, start = ["EXPERIENCE"], 1990 * 12
        for _ in range(12):
            end = start + rng.randint(2, 20)
            lines.append(f"Registered Nurse, {months[start % 12]} {start // 12} - {months[end % 12]} {end // 12}")
            lines.append("- Cared for patients on the ward.")
            start = end + rng.randint(1, 6)
        texts.append("\n".join(lines))
    posting, match = _experience("## Requirements\n- 10+ years of experience as a Registered Nurse\n", *texts)
    one_at_a_time = 0
    for i, text in enumerate(texts):
        roles = parse_roles(text, split_sections(text, "resume"), as_of=AS_OF)
        years = np.array([r.years for r in roles])
        span = (roles[-1].end.year + (roles[-1].end.month - 1) / 12.0) - (roles[0].start.year + (roles[0].start.month - 1) / 12.0)
        assert len(roles) == 12
        as_one_reduction = np.add.reduceat(years, [0])[0]
        assert match.held[0, i] == max(min(as_one_reduction, span), years.max())
        one_at_a_time += float(np.cumsum(years)[-1]) != as_one_reduction
    assert one_at_a_time  # the data does tell the two ways of adding apart


def test_since_inside_a_sentence_or_a_bullet_is_no_role():
    text = ("## Experience\nEngineer, Acme\nJan 2022 - Dec 2022\n- Maintained the billing platform, in production "
            "since 2008.\nI have been a proud member of the IEEE since 2005.\n")
    roles = parse_roles(text, split_sections(text, "resume"), as_of=AS_OF)
    assert [(r.title, r.years) for r in roles] == [("Engineer, Acme", 1.0)]


def test_a_role_under_a_markdown_sub_heading_keeps_its_title():
    """Review finding: "### Registered Nurse, St. Mary's" gave a role without a title, so
    "10+ years as a Registered Nurse" counted a cashier's years too."""
    text = ("## Experience\n### Registered Nurse, St. Mary's Hospital\nJan 2012 - Dec 2023\n- Patient care\n"
            "### Cashier, Shop\n2008 - 2012\n- Tills\n")
    roles = parse_roles(text, split_sections(text, "resume"), as_of=AS_OF)
    assert [(r.title, r.years) for r in roles] == [("Registered Nurse, St. Mary's Hospital", 12.0), ("Cashier, Shop", 4.0)]


@pytest.mark.parametrize("line, years, subject", [
    ("- 3+ yrs of Python", 3.0, "Python"),
    ("- 5+ years configuring Cisco IOS routers", 5.0, "configuring Cisco IOS routers"),
    ("- 3+ years writing production Go", 3.0, "writing production Go"),
    # Third review: the verb stays (titles share it: "Manager"), and a bracketed aside is no subject.
    ("- 3+ years managing teams", 3.0, "managing teams"), ("- 3 years of teaching experience (K-12)", 3.0, "teaching"),
    ("- Experience: 5 years", 5.0, ""),
    ("- 6 months of customer service experience", 0.5, "customer service"),
    ("- Go: 3+ years", 3.0, "Go"),
    ("- SQL - 5 years", 5.0, "SQL"),
    ("- Previous experience (2 years) in a warehouse", 2.0, "warehouse"),
    # Second review: any experience, and more short forms.
    ("- 10+ years of total work experience", 10.0, ""), ("- 8+ years of overall experience", 8.0, ""),
    ("- 5 years experience required", 5.0, ""), ("- 3+ yrs exp. with Java", 3.0, "Java"),
    ("- Java (5+ years)", 5.0, "Java"), ("- At least 3 years of experience (preferably in retail)", 3.0, ""),
])
def test_more_ways_postings_ask_for_years(line, years, subject):
    """Review findings: these asks were not read, or read with the subject ")"."""
    assert [(r.years, r.subject) for r in parse_requirements(line)] == [(years, subject)]
    assert parse_requirements("- a 6 month contract, paid monthly") == ()


def test_a_title_written_as_letters_names_the_job():
    """Review finding: a "Staff RN" held no years as a Registered Nurse."""
    text = "## Experience\nStaff RN, St. Mary's\nJan 2012 - Dec 2023\n- Patient care\nCashier, Shop\n2008 - 2012\n"
    posting, match = _experience("## Requirements\n- 10+ years as a Registered Nurse\n", text)
    assert match.held[0, 0] == 12.0


def test_a_company_history_in_the_blurb_is_no_requirement():
    """Regression review: "For more than 30 years caring for families" became a 30-year requirement."""
    for blurb in ("For more than 30 years caring for families across Dayton, Sunrise Home Health",
                  "Miller Freight has spent 35 years driving growth"):
        assert parse_requirements(blurb) == (), blurb
