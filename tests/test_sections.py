from __future__ import annotations

import pytest

from matcher.sections import classify_heading, split_sections


@pytest.mark.parametrize(
    "heading, doc, kind",
    [
        ("What You'll Bring:", "posting", "requirements"),
        ("Requirements", "posting", "requirements"),
        ("Required Experience", "posting", "requirements"),
        ("Nice to have", "posting", "nice_to_have"),
        ("Preferred Qualifications", "posting", "nice_to_have"),
        ("Within 6 months, you'll", "posting", "responsibilities"),
        ("ABOUT US", "posting", "company"),
        ("About Netlify", "posting", "company"),
        ("About the Role", "posting", "summary"),
        ("Benefits", "posting", "benefits"),
        ("WORK EXPERIENCE", "resume", "experience"),
        ("Professional Experience", "resume", "experience"),
        ("Technical Skills", "resume", "skills"),
        ("Licenses & Certifications", "resume", "certifications"),
        ("Education", "resume", "education"),
        ("Projects", "resume", "projects"),
        ("Personal Information", "resume", "contact"),
    ],
)
def test_classify_heading(heading, doc, kind):
    assert classify_heading(heading, doc) == kind


def test_heading_styles_in_a_resume():
    text = ("Jane Roe\n\nSUMMARY\nEngineer.\n\n## Experience\nAcme 2019 - 2023\n\n**Education**\nBSc\n\n"
            "Skills: Go, Rust\n\nCertifications:\nCKA\n")
    sections = split_sections(text, "resume")
    assert [s.kind for s in sections] == ["other", "summary", "experience", "education", "skills", "certifications"]
    skills = next(s for s in sections if s.kind == "skills")
    assert "Go, Rust" in text[skills.start:skills.end]


def test_skill_lines_in_caps_are_not_headings():
    text = "SKILLS\nAWS EC2\nSQL\nHTML CSS\n"
    assert [s.kind for s in split_sections(text, "resume")] == ["skills"]


def test_section_offsets_point_into_the_text():
    text = "## Requirements\n- Go\n## Benefits\n- Pay\n"
    req, ben = split_sections(text, "posting")
    assert text[req.start:req.end] == "- Go\n"
    assert text[ben.start:ben.end] == "- Pay\n"


def test_a_sub_heading_stays_in_its_section():
    """Review finding: "**Technical**" under "## Requirements" made its asks "other", and
    "### Registered Nurse, St. Mary's" under "## Experience" took the role out of the experience."""
    posting = ("## Requirements\n**Technical**\n- 3+ years of SQL\n**Soft skills**\n- Stakeholder Management\n"
               "**About Acme**\nWe sell.\n## Weird Heading\n- Snacks\n")
    # A posting's sub-heading is a label, not an ask: "**Salesforce Retail Group**" asks for no Salesforce.
    assert [(s.kind, posting[s.start:s.end]) for s in split_sections(posting, "posting")] == [
        ("requirements", "- 3+ years of SQL\n"), ("requirements", "- Stakeholder Management\n"),
        ("company", "We sell.\n"), ("other", "- Snacks\n")]
    resume = "## Experience\n### Registered Nurse, St. Mary's\nJan 2012 - Dec 2023\n## Education\n### Nursing School\n"
    assert [(s.kind, resume[s.start:s.end]) for s in split_sections(resume, "resume")] == [
        ("experience", "### Registered Nurse, St. Mary's\nJan 2012 - Dec 2023\n"), ("education", "### Nursing School\n")]
    # Same-level or bold headings after bold ones still start sections of their own.
    assert [s.kind for s in split_sections("**Requirements**\n- Go\n**Perks**\n- Snacks\n", "posting")] == [
        "requirements", "benefits"]


def test_a_job_title_inside_experience_is_a_role_whatever_section_its_words_name():
    """Review finding: "### Licensed Practical Nurse" started certifications, "Project Manager" projects,
    "Personal Banker" contact, so their years were lost."""
    resume = ("## Experience\n### Licensed Practical Nurse, Oakview\nJan 2019 - Dec 2024\n### Project Manager, Acme\n"
              "2015 - 2019\n### Personal Banker\n2012 - 2015\n## Certifications & Licenses\n- LPN\n")
    assert [s.kind for s in split_sections(resume, "resume")] == ["experience", "certifications"]
    caps = "EXPERIENCE\nLICENSED PRACTICAL NURSE\nJan 2019 - Dec 2024\nTECHNOLOGY COORDINATOR\n2015 - 2019\nSKILLS\nExcel\n"
    assert [s.kind for s in split_sections(caps, "resume")] == ["experience", "skills"]


def test_a_heading_that_says_it_is_not_required_is_nice_to_have():
    """Second review: "**Not required, but nice:**" stayed a requirements heading."""
    for heading in ("Not required, but nice", "Would be nice", "Nice if you have"):
        assert classify_heading(heading, "posting") == "nice_to_have", heading


def test_volunteer_work_and_interests_are_not_experience():
    """Volunteer roles, awards and hobbies add no years of work, as a section or as a sub-heading of one."""
    resume = ("## Experience\n### Nurse, Oakview\n2019 - 2024\n### Volunteer Work\nRed Cross, 2010 - 2018\n"
              "## Skills\n- Triage\n")
    assert [(s.kind, s.heading) for s in split_sections(resume, "resume")] == [
        ("experience", "Experience"), ("other", "Volunteer Work"), ("skills", "Skills")]
    assert classify_heading("Volunteer Experience", "resume") == "other"
    assert classify_heading("Honors & Awards", "resume") == "other"
    # A volunteer role written as a job title stays a role of the section it is in.
    assert [s.kind for s in split_sections("## Experience\n### Volunteer Coordinator, Food Bank\n2019 - 2024\n",
                                           "resume")] == ["experience"]


def test_plain_aside_headings_end_the_section_above():
    """Review finding: "INTERESTS" was no heading, so "Rust, chess" stayed in the skills above it,
    and a "VOLUNTEER EXPERIENCE" section added years of work."""
    resume = ("TECHNICAL SKILLS\nKubernetes\n\nRELEVANT COURSEWORK\nTerraform\n\nINTERESTS\nRust, chess\n\n"
              "VOLUNTEER EXPERIENCE\nTreasurer, Little League\n2010 - 2020\n\nHobbies:\nchess\n")
    assert [(s.kind, s.heading) for s in split_sections(resume, "resume")] == [
        ("skills", "TECHNICAL SKILLS"), ("education", "RELEVANT COURSEWORK"), ("other", "INTERESTS"),
        ("other", "VOLUNTEER EXPERIENCE"), ("other", "Hobbies")]


def test_a_jobs_own_activities_awards_and_projects_stay_in_experience():
    """Regression review: "**Key Activities**" or a plain "AWARDS" line inside Experience ended it,
    so the jobs after it were lost; "RESEARCH INTERESTS" read as hobbies."""
    resume = ("## Experience\n### Senior Data Engineer, Acme (Jan 2019 - Dec 2025)\n**Key Activities**\n- Python\n"
              "### Data Engineer, Beta (2014-2018)\n- Spark\nAWARDS\n- Top seller\nSales Rep, Gamma\n2005 - 2012\n"
              "RESEARCH INTERESTS\nNLP, PyTorch\n")
    assert [s.kind for s in split_sections(resume, "resume")] == ["experience"]
