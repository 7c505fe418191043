"""What a posting asks for: either-or skills, lines that ask for nothing, and years that are a plus."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.documents import Posting, Resume
from matcher.features import experience_match, prepare_posting, prepare_resume, requirement_column, skill_match
from matcher.skills import SkillExtractor, builtin_taxonomy
from matcher.skills.requirements import posting_requirements

AS_OF = date(2026, 6, 1)


@pytest.fixture(scope="module")
def extractor() -> SkillExtractor:
    return SkillExtractor.from_taxonomy(builtin_taxonomy())


def _asks(text: str, extractor: SkillExtractor) -> dict[str, tuple[str, ...]]:
    return {r.name: r.alternatives for r in posting_requirements(Posting.from_text(text), extractor)}


def test_either_or_lists_name_their_alternatives(extractor):
    asks = _asks("## Requirements\n- Proficiency in Go or Python\n- Experience with AWS, GCP, or Azure\n"
                 "- PostgreSQL and/or MySQL\n- Kafka and Redis\n", extractor)
    assert asks["Go"] == ("Python",)
    assert asks["Python"] == ("Go",)
    assert asks["Amazon Web Services"] == ("Google Cloud Platform", "Microsoft Azure")
    assert asks["PostgreSQL"] == ("MySQL",)
    # Joined by "and": both are asked.
    assert asks["Apache Kafka"] == () and asks["Redis"] == ()


def test_a_list_across_lines_is_not_an_either_or(extractor):
    asks = _asks("## Requirements\n- Go\n- or Python for tooling\n", extractor)
    assert asks["Go"] == ()


def _pair(posting_text: str, resume_text: str, extractor: SkillExtractor):
    posting = prepare_posting(Posting.from_text(posting_text), extractor)
    resume = prepare_resume(Resume.from_text(resume_text), extractor, as_of=AS_OF)
    match = skill_match([resume], [posting])
    index = {k: i for i, k in enumerate(match.keys)}
    state = {}
    for r in posting.requirements:
        k = index[requirement_column(r)]
        state[r.name] = "present" if match.present[0, k] else "partial" if match.partial[0, k] else "missing"
    return state


def test_the_alternative_a_resume_shows_stands_in_for_the_other(extractor):
    state = _pair("## Requirements\n- Proficiency in Go or Python\n- Kubernetes\n",
                  "## Skills\nPython, Docker\n", extractor)
    assert state == {"Python": "present", "Go": "partial", "Kubernetes": "missing"}


def test_an_alternative_counts_only_for_the_posting_that_offers_it(extractor):
    either = prepare_posting(Posting.from_text("## Requirements\n- Go or Python\n"), extractor)
    only_go = prepare_posting(Posting.from_text("## Requirements\n- Go and Kafka in production\n"), extractor)
    resume = prepare_resume(Resume.from_text("## Skills\nPython\n"), extractor, as_of=AS_OF)
    match = skill_match([resume], [either, only_go])
    columns = {requirement_column(r) for p in (either, only_go) for r in p.requirements if r.name == "Go"}
    assert columns == {"t:go|or:Python", "t:go"}
    index = {k: i for i, k in enumerate(match.keys)}
    assert match.partial[0, index["t:go|or:Python"]] == 1
    assert match.partial[0, index["t:go"]] == 0 and match.present[0, index["t:go"]] == 0


def test_partial_matches_name_the_resume_skill_that_stands_in(extractor):
    from matcher.model import load_model

    model = load_model(as_of=AS_OF)
    posting = Posting.from_text("## Requirements\n- 3+ years with PostgreSQL\n- Experience with R or Python\n")
    e = model.explain(Resume.from_text("## Skills\nMySQL, Python\n"), posting)
    assert {g.name: g.related for g in e.partial_skills} == {"PostgreSQL": ["MySQL"], "R": ["Python"]}
    assert all(g.related == [] for g in e.matched_skills + e.missing_skills)


@pytest.mark.parametrize("line", [
    "- Degree not required", "- No Java experience needed", "- Start date: Spring 2026",
    "- Spring, summer and weekend availability", "- Present to executives",
])
def test_lines_that_ask_for_no_skill_give_no_open_phrase(line, extractor):
    asks = posting_requirements(Posting.from_text(f"## Requirements\n{line}\n- Kubernetes\n"), extractor)
    assert [r.name for r in asks if not r.in_taxonomy] == []


def test_a_named_skill_already_asked_makes_no_open_phrase_too(extractor):
    asks = posting_requirements(Posting.from_text("## Requirements\n- Proficient in Excel\n"), extractor)
    assert [r.name for r in asks] == ["Microsoft Excel"]


def test_years_called_a_plus_are_not_required(extractor):
    posting = prepare_posting(Posting.from_text(
        "## Requirements\n- 3+ years of Python\n- 2 years of Go is a plus\n## Nice to have\n- 5+ years of Kafka\n"),
        extractor)
    assert [(r.years, r.subject) for r in posting.experience] == [(3.0, "Python")]


def test_years_with_a_skill_are_those_of_the_roles_that_name_it(extractor):
    posting = prepare_posting(Posting.from_text("## Requirements\n- 5+ years of Go\n- 3+ years of Python\n"
                                                "- 2+ years of Kafka\n"), extractor)
    resume = prepare_resume(Resume.from_text(
        "## Skills\nGo, Python, Kafka\n## Experience\nEngineer, Acme\nJan 2023 - Dec 2025\n- Go services\n"
        "Developer, Gamma\n2016 - 2019\n- Python and Go tools\n"), extractor, as_of=AS_OF)
    held = experience_match([resume], [posting]).held[:, 0].round(2).tolist()
    # Go in both roles (3 + 3 years); Python in the older one; Kafka in no role: all years count.
    assert held == [6.0, 3.0, 6.0]
