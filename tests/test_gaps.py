"""The gap classifier: which unmet requirements are reported as core gaps, which as minor."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from matcher.documents import Posting, Resume
from matcher.gaps import GAP_FEATURES, GapClassifier, gap_features, posting_gaps, resume_words
from matcher.model import gap_side, load_model, resume_gap_words, unmet_requirements

POSTING = """## Job title
Backend Developer

## Summary
We build payment services in Go and Kafka.

## Requirements
- Kubernetes: running services in production
- Proficiency in Go and Kafka
- Experience with databases like PostgreSQL and Redis

## Responsibilities
- Operate Kubernetes clusters
"""
RESUME = """Sam Lee

SKILLS
- Go, Kafka
- PostgreSQL

EXPERIENCE
Backend Developer (2019 - 2023)
- Built payment services in Go
"""


@pytest.fixture(scope="module")
def model():
    return load_model()


def _features(model, posting_text: str = POSTING, resume_text: str = RESUME):
    p = model.prepare_postings([Posting.from_text(posting_text, id="job")])[0]
    r = model.prepare_resumes([Resume.from_text(resume_text, id="cv")])[0]
    shown, unmet = unmet_requirements(r, p)
    X = model.gap_features(r, p, shown, unmet)
    return p, r, shown, unmet, dict(zip(unmet, X))


def test_gap_features_read_where_the_posting_asks_and_what_the_resume_shows(model):
    p, _, shown, unmet, rows = _features(model)
    names = {c.split("|")[0]: c for c in unmet}
    assert "t:kubernetes" in names and "t:go" not in names and "t:postgresql" not in names
    assert any(c.startswith("t:go") for c in shown)
    kube = dict(zip(GAP_FEATURES, rows[names["t:kubernetes"]]))
    assert kube["heads_its_line"] == 1 and kube["in_posting_requirements"] == 1
    assert kube["in_posting_responsibilities"] == 1 and kube["mentions"] == 2
    assert kube["name_words_in_resume"] == 0 and kube["name_in_resume"] == 0
    redis = dict(zip(GAP_FEATURES, rows[names["t:redis"]]))
    # "databases" and PostgreSQL come first on its line, and the resume shows both
    assert redis["order_on_line"] == 2 and redis["line_siblings_shown"] == 1.0


def test_gap_features_of_a_resume_that_names_the_words():
    side = posting_gaps(
        (_requirement("t:excel", "Excel", "- Advanced Excel and reporting"),), ["t:excel"],
        title="Analyst", text="- Advanced Excel and reporting", section_text={"requirements": "- Advanced Excel"})
    said = resume_words(("Monthly reporting in Excel",), (("monthly", "report", "excel"),), {"skills": ""})
    X = dict(zip(GAP_FEATURES, gap_features(side, said, set(), ["t:excel"])[0]))
    assert X["name_in_resume"] == 1 and X["name_words_in_resume"] == 1 and X["name_in_resume_skills"] == 0
    assert X["line_words_in_resume"] > 0


def _requirement(key: str, name: str, line: str):
    from matcher.skills.requirements import Requirement

    return Requirement(key=key, name=name, aliases=(), category="tool", kind="knowledge", family="",
                       importance=1.0, evidence=line, section="requirements")


def test_gap_classifier_follows_the_estimator_rules():
    clf = GapClassifier(threshold=0.4)
    assert clf.get_params()["threshold"] == 0.4 and not hasattr(clf, "model_")
    with pytest.raises(NotFittedError):
        clf.predict_proba(np.zeros((1, len(GAP_FEATURES))))
    with pytest.raises(ValueError, match=f"{len(GAP_FEATURES)} columns"):
        clf.fit(np.zeros((4, 3)), [0, 1, 0, 1])


def test_gap_classifier_cannot_learn_that_asking_more_makes_a_gap_less_likely():
    # Training data where importance falls with the label: the constraint forbids learning it.
    rng = np.random.default_rng(0)
    X = rng.random((400, len(GAP_FEATURES)))
    y = (X[:, GAP_FEATURES.index("importance")] < 0.5).astype(int)
    clf = GapClassifier(threshold=0.5).fit(X, y)
    low, high = X[:50].copy(), X[:50].copy()
    low[:, GAP_FEATURES.index("importance")] = 0.1
    high[:, GAP_FEATURES.index("importance")] = 0.9
    assert np.all(clf.predict_proba(high)[:, 1] >= clf.predict_proba(low)[:, 1] - 1e-12)
    # ... while a feature with a free direction is learned either way.
    y2 = (X[:, GAP_FEATURES.index("place_in_line")] < 0.5).astype(int)
    clf2 = GapClassifier(threshold=0.5).fit(X, y2)
    assert (clf2.predict(X) == y2).mean() > 0.9
    # predict answers in the labels it was given, as scikit-learn classifiers do.
    named = np.where(y2 == 1, "core", "a-minor")
    assert list(GapClassifier(threshold=0.5).fit(X, named).predict(X[:50])) == list(named[:50])


def test_every_required_skill_lands_in_exactly_one_list(model):
    p = model.prepare_postings([Posting.from_text(POSTING, id="job")])[0]
    e = model.explain(Resume.from_text(RESUME), p)
    lists = [e.matched_skills, e.partial_skills, e.missing_skills, e.minor_missing_skills]
    names = [g.name for gaps in lists for g in gaps]
    assert sorted(names) == sorted(r.name for r in p.requirements if r.required)
    assert {"Go", "Apache Kafka", "PostgreSQL"} <= {g.name for g in e.matched_skills}
    assert all(g.gap_probability is None for g in e.matched_skills)
    assert all(g.gap_probability >= model.gaps_.threshold for g in e.missing_skills)
    assert all(g.gap_probability < model.gaps_.threshold for g in e.minor_missing_skills)
    assert "Kubernetes" in {g.name for g in e.missing_skills}  # heads a requirement, asked twice, never shown


def test_a_model_without_a_gap_classifier_reports_every_unmet_skill_as_missing(model):
    plain = copy.copy(model)
    del plain.gaps_
    p = model.prepare_postings([Posting.from_text(POSTING, id="job")])[0]
    e, e_plain = model.explain(Resume.from_text(RESUME), p), plain.explain(Resume.from_text(RESUME), p)
    assert e_plain.score == e.score and not e_plain.minor_missing_skills
    assert {g.name for g in e_plain.missing_skills} == {g.name for g in e.missing_skills + e.minor_missing_skills}
    assert all(g.gap_probability is None for g in e_plain.missing_skills)


def test_sides_computed_once_give_the_same_probabilities(model):
    p, r, shown, unmet, rows = _features(model)
    again = model.gap_features(r, p, shown, unmet, posting_gaps_=gap_side(p), words=resume_gap_words(r))
    assert np.array_equal(again, np.array([rows[c] for c in unmet]))


def test_gap_examples_label_the_removed_skill(tmp_path: Path, model):
    from matcher.datasets import load_rjdb
    from matcher.training import gap_examples

    jd = ("## Job title\nBackend Developer\n\n## Required Skills\n1. Go: building services\n2. Kafka: streaming\n"
          "3. Customer Service: helping clients\n4. Terraform, Ansible and Puppet\n")
    row = {"Job-Description": jd, "Resume-matched": "## Skills\n1. Go\n2. Kafka\n3. Customer Service\n",
           "Resume-unmatched": "## Skills\n1. Go\n2. Kafka\n", "Skills": ["Go", "Kafka", "Customer Service"],
           "Filtered-information": {"Skills": ["Customer Service"], "Experience": "the same job experience as before"}}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    rows = load_rjdb(path)
    postings = model.prepare_postings([rows[0].posting])
    resumes = model.prepare_resumes([rows[0].matched, rows[0].unmatched])
    X, y, w = gap_examples(model, resumes, postings, [(0, 0, ()), (1, 0, ("Customer Service",))])
    # matched: Terraform, Ansible, Puppet unmet, none a real gap; unmatched: the same three and Customer Service
    assert X.shape == (7, len(GAP_FEATURES)) and y.tolist().count(1) == 1 and w.sum() == 7
    assert y[:3].sum() == 0


def test_the_model_card_describes_the_gap_classifier(model):
    from matcher.model import read_card

    card = read_card()["model"]["gap_classifier"]
    assert list(card["features"]) == list(GAP_FEATURES)
    assert card["params"]["threshold"] == model.gaps_.threshold
    assert card["features"]["importance"] == 1 and card["features"]["name_in_resume"] == -1


def test_a_skill_the_title_names_is_always_a_core_gap(model):
    from matcher.features import requirement_column

    posting = Posting.from_text("## Requirements\n- Experience with monitoring tools like Prometheus, Grafana and "
                                "Kubernetes\n", id="k8s", title="Kubernetes Platform Engineer")
    p = model.prepare_postings([posting])[0]
    side = gap_side(p)
    kube = next(requirement_column(r) for r in p.requirements if r.name == "Kubernetes")
    assert kube in side.in_title
    e = model.explain(Resume.from_text("SKILLS\nCustomer service\n"), p)
    assert "Kubernetes" in {g.name for g in e.missing_skills}  # last on its line, yet the job is about it


def test_posting_features_count_whole_words_only(model):
    text = ("## Requirements\n- Strong background in algorithms; Go and Rust\n"
            "- Happy to write copy; Python and Bash\n")
    p = model.prepare_postings([Posting.from_text(text, id="w")])[0]
    side = gap_side(p)
    rows = {c.split("|")[0]: dict(zip(GAP_FEATURES, v)) for c, v in side.rows.items()}
    assert rows["t:go"]["heads_its_line"] == 0 and rows["t:go"]["mentions"] == 1  # not "background", "algorithms"
    assert rows["t:python"]["heads_its_line"] == 0  # not the "py" of "happy"


def test_list_items_of_places_and_preferred_tools_are_not_requirements():
    from matcher.skills import SkillExtractor, builtin_taxonomy, posting_requirements

    extractor = SkillExtractor.from_taxonomy(builtin_taxonomy())
    reqs = {r.name: r for r in posting_requirements(Posting.from_text(
        "## Requirements\n- Willing to travel to Denver, Boise, Tulsa and Omaha\n"
        "- Manhattan, Blue Yonder or Koerber experience preferred\n"), extractor)}
    assert not {"Boise", "Tulsa", "Omaha"} & set(reqs)
    assert all(not r.required for name, r in reqs.items() if name in ("Manhattan", "Blue Yonder", "Koerber"))


def test_a_posting_that_asks_for_few_skills_has_no_minor_gaps(model):
    """Review finding: the only required skill of a posting ("5+ years of SQL") was called a
    likely minor gap; the classifier learned "minor" from postings asking for many skills."""
    posting = Posting.from_text("## Requirements\n- 5+ years of SQL; Python is a plus\n")
    e = model.explain(Resume.from_text("SKILLS\nPython\n"), posting)
    assert [g.name for g in e.missing_skills] == ["SQL"] and not e.minor_missing_skills
    many = Posting.from_text("## Requirements\n- 5+ years of SQL\n- Python\n- Tableau\n- Excel\n- Statistics\n"
                             "- Communication skills\n")
    e = model.explain(Resume.from_text("SKILLS\nPython\n"), many)
    assert {g.name for g in e.missing_skills + e.minor_missing_skills} >= {"SQL", "Tableau"}
