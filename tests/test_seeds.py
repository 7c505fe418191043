"""The bundled demo must make sense: each sample resume's best postings are in its own field."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import SEEDS
from matcher import load_model, load_postings, load_resumes
from matcher.ranking import top_k

EXPECTED_FIELD = {
    "backend_engineer_senior": {"software"},
    "frontend_developer_junior": {"software"},
    "data_scientist": {"data"},
    "devops_engineer": {"devops"},
    "registered_nurse": {"healthcare"},
    "staff_accountant": {"finance"},
    "sales_account_executive": {"sales"},
    "customer_support_specialist": {"support"},
    "ux_designer": {"design"},
    "hr_generalist": {"hr"},
    "warehouse_supervisor": {"logistics"},
    "math_teacher": {"education"},
}


@pytest.fixture(scope="module")
def ranked():
    model = load_model()
    model.as_of = date(2026, 11, 1)
    postings = load_postings(SEEDS / "postings")
    resumes = load_resumes(SEEDS / "resumes")
    scores = model.score_matrix(model.prepare_resumes(resumes), model.prepare_postings(postings))
    return postings, resumes, scores


def test_seed_corpus_size():
    postings = load_postings(SEEDS / "postings")
    assert len(postings) >= 40
    assert len({p.metadata.get("jobType") for p in postings}) >= 15
    suffixes = {p.suffix for p in (SEEDS / "resumes").iterdir() if p.is_file()}
    assert {".pdf", ".docx", ".txt"} <= suffixes


def test_every_sample_resume_gets_its_own_field_first(ranked):
    postings, resumes, scores = ranked
    assert {r.path.stem for r in resumes} == set(EXPECTED_FIELD)
    for i, resume in enumerate(resumes):
        best = [postings[j] for j in top_k(scores[i], 1)]
        assert best[0].metadata.get("jobType") in EXPECTED_FIELD[resume.path.stem], (resume.path, best[0].title)


def test_resume_ids_are_unique_across_formats(ranked):
    _, resumes, _ = ranked
    ids = [r.id for r in resumes]
    assert len(ids) == len(set(ids))
    assert "staff_accountant.pdf" in ids and "registered_nurse" in ids


def test_same_resume_scores_alike_in_every_format(ranked):
    postings, resumes, scores = ranked
    by_id: dict[str, list[int]] = {}
    for i, r in enumerate(resumes):
        by_id.setdefault(r.path.stem, []).append(i)
    for rid, rows in by_id.items():
        if len(rows) > 1:
            assert abs(scores[rows[0]] - scores[rows[1]]).max() < 10, rid
