"""Trust: fairness audit, redaction, model integrity at the CLI, and no network."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from conftest import SEEDS
from matcher.audit import audit_scores
from matcher.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def _scores(tmp_path: Path, rows: list[tuple[float, str]], name: str = "scores.csv") -> Path:
    path = tmp_path / name
    pd.DataFrame({"score": [r[0] for r in rows], "group": [r[1] for r in rows]}).to_csv(path, index=False)
    return path


def test_audit_impact_ratios_and_four_fifths_flag():
    frame = pd.DataFrame({"score": [90, 85, 80, 75, 70, 60, 50, 40], "group": list("aaaabbbb")})
    rows, cut = audit_scores(frame, group="group", threshold=65)
    by = {r.group: r for r in rows}
    assert cut == 65
    assert by["a"].selection_rate == 1.0 and by["b"].selection_rate == 0.25
    assert by["b"].impact_ratio == 0.25 and by["b"].flagged and not by["a"].flagged
    rows, cut = audit_scores(frame, group="group")
    assert cut == 72.5  # default: the scoring rate, share above the median


def test_audit_cli_exit_codes_and_json(tmp_path: Path):
    fair = _scores(tmp_path, [(s, g) for s in (10, 50, 90) for g in "ab" for _ in range(20)], "fair.csv")
    result = run("audit", fair, "--group", "group", "--threshold", "40", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [set(g) for g in data["groups"]] == [{"group", "count", "selection_rate", "impact_ratio", "flagged", "small"}] * 2
    unfair = _scores(tmp_path, [(90, "a")] * 40 + [(10, "b")] * 35 + [(90, "b")] * 5, "unfair.csv")
    result = run("audit", unfair, "--group", "group", "--threshold", "50")
    assert result.exit_code == 4
    assert "flagged" in result.stdout
    small = _scores(tmp_path, [(90, "a"), (10, "b")], "small.csv")
    assert "has only 1 rows" in run("audit", small, "--group", "group").stderr


def test_audit_reads_parquet(tmp_path: Path):
    path = tmp_path / "s.parquet"
    pd.DataFrame({"score": [90.0, 80.0, 20.0, 10.0], "g": ["x", "x", "y", "y"]}).to_parquet(path)
    result = run("audit", path, "--group", "g", "--json")
    assert result.exit_code == 4
    assert [g["group"] for g in json.loads(result.stdout)["groups"]] == ["x", "y"]


def test_audit_unknown_column_is_one_line(tmp_path: Path):
    path = _scores(tmp_path, [(1, "a")])
    result = run("audit", path, "--group", "nope")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {path}: no column 'nope'; the file has score, group"


def test_redact_removes_contact_details_from_every_output(tmp_path: Path):
    posting = tmp_path / "job.md"
    posting.write_text("---\ntitle: Go Developer\n---\n## Requirements\n- Go and Kafka (email jobs@corp.example.com "
                       "or call +1 555 010 9999, see https://corp.example.com/apply)\n", encoding="utf-8")
    resume = tmp_path / "cv.txt"
    resume.write_text("SKILLS\nGo, Kafka - reach me at me@mail.example.org or +1 555 010 1234\n", encoding="utf-8")
    plain = run("gaps", resume, posting, "--json").stdout
    assert "jobs@corp.example.com" in plain
    for args in (("gaps", resume, posting, "--json"), ("screen", posting, resume, "--json"),
                 ("rank", resume, "--postings", posting, "--json")):
        result = run(*args, "--redact")
        assert result.exit_code == 0, result.output
        for secret in ("jobs@corp.example.com", "555 010 9999", "https://corp.example.com", "me@mail.example.org"):
            assert secret not in result.stdout, (args, secret)


def test_tampered_model_is_refused_at_the_cli(tmp_path: Path, backend_resume: Path):
    from matcher.model import default_model_path

    copy = tmp_path / "m.joblib"
    shutil.copy(default_model_path(), copy)
    shutil.copy(default_model_path().with_suffix(".json"), copy.with_suffix(".json"))
    with copy.open("ab") as handle:
        handle.write(b"tampered")
    result = run("rank", backend_resume, "--model", copy)
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"error: {copy}: checksum does not match the model card; "
                                     "the file was altered or corrupted")


def test_no_network_and_nothing_written(tmp_path: Path, monkeypatch, backend_resume: Path):
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise ConnectionRefusedError("network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    inputs = {p: p.read_bytes() for p in [backend_resume, *sorted((SEEDS / "postings").glob("*.md"))[:5]]}
    for args in (("rank", backend_resume, "--json"), ("gaps", backend_resume, SEEDS / "postings" / "000_aca7d45349741043.md"),
                 ("screen", SEEDS / "postings" / "000_aca7d45349741043.md", backend_resume), ("info",),
                 ("skills", backend_resume)):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
    assert attempts == []
    assert list(work.iterdir()) == []
    assert all(p.read_bytes() == data for p, data in inputs.items())


BASE_CV = ("Jane Roe\n\nSKILLS\nPostgreSQL, Docker\n\nEXPERIENCE\nBackend Developer\n2019 - 2024\n"
           "- Built REST services\n")
HIDDEN = "Go Kafka Kubernetes Rust golang"


def _pdf_with_trick(path: Path, trick: str | None) -> Path:
    from fpdf import FPDF
    from fpdf.enums import TextMode

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, BASE_CV)
    if trick == "white":
        pdf.set_text_color(255, 255, 255)
        pdf.multi_cell(0, 6, HIDDEN)
    elif trick == "tiny":
        pdf.set_font("Helvetica", size=1)
        pdf.multi_cell(0, 1, HIDDEN)
    elif trick == "off-page":
        pdf.text(x=-400, y=-300, text=HIDDEN)
    elif trick == "invisible":
        pdf.text_mode = TextMode.INVISIBLE
        pdf.multi_cell(0, 6, HIDDEN)
    path.write_bytes(bytes(pdf.output()))
    return path


@pytest.mark.parametrize("trick", ["white", "tiny", "off-page", "invisible"])
def test_hidden_pdf_text_is_ignored_and_reported(tmp_path: Path, trick: str):
    from datetime import date

    from matcher import load_model
    from matcher.loaders import load_posting, load_resume

    clean = load_resume(_pdf_with_trick(tmp_path / "clean.pdf", None))
    tricked = load_resume(_pdf_with_trick(tmp_path / f"{trick}.pdf", trick))
    assert clean.hidden_words == 0
    assert tricked.hidden_words == 5
    assert "Kafka" not in tricked.text and "PostgreSQL" in tricked.text
    model = load_model(as_of=date(2024, 7, 1))
    posting = load_posting(SEEDS / "postings" / "000_aca7d45349741043.md")
    e_clean, e_trick = model.explain(clean, posting), model.explain(tricked, posting)
    assert abs(e_clean.score - e_trick.score) <= 1.0
    assert e_trick.hidden_words_ignored == 5
    assert "Apache Kafka" not in {g.name for g in e_trick.matched_skills}


def test_keyword_stuffing_counts_once(tmp_path: Path):
    from datetime import date

    from matcher import Resume, load_model
    from matcher.loaders import load_posting

    model = load_model(as_of=date(2024, 7, 1))
    posting = load_posting(SEEDS / "postings" / "000_aca7d45349741043.md")
    natural = Resume.from_text(BASE_CV + "\nWorked with Go and Kafka.\n")
    stuffed = Resume.from_text(BASE_CV + "\nWorked with Go and Kafka.\n" + "Go Kafka PostgreSQL " * 100 + "\n")
    assert abs(model.explain(natural, posting).score - model.explain(stuffed, posting).score) <= 2.0


def test_text_copied_from_the_posting_is_not_evidence_and_is_flagged():
    from datetime import date

    from matcher import Resume, load_model
    from matcher.loaders import load_posting

    model = load_model(as_of=date(2024, 7, 1))
    posting = load_posting(SEEDS / "postings" / "000_aca7d45349741043.md")
    pasted = ("A familiarity of working with databases like MongoDB and SQL and a high level of comfort working "
              "with data pipelines built with Kafka, Zookeeper, Consul\n"
              "A breadth of experience in compiled programming languages. Our main language is Go, but we also "
              "have projects span across multiple languages.\n")
    honest = Resume.from_text(BASE_CV)
    gamed = Resume.from_text(BASE_CV + pasted)
    e_honest, e_gamed = model.explain(honest, posting), model.explain(gamed, posting)
    assert len(e_gamed.copied_from_posting) == 2 and e_honest.copied_from_posting == []
    assert abs(e_gamed.score - e_honest.score) <= 2.0
    assert "MongoDB" not in {g.name for g in e_gamed.matched_skills}
    frame = model.score_frame([honest, gamed], [posting])
    assert abs(frame["score"].iloc[0] - frame["score"].iloc[1]) <= 2.0


def test_a_skills_list_in_the_postings_order_is_a_claim_not_a_copy():
    """RJDB dev: a resume listing the posting's one-skill bullets in order lost them all as 'copied'."""
    from datetime import date

    from matcher import Posting, Resume, load_model
    from matcher.copying import copied_lines, is_list

    skills = ["Manual Dexterity", "Physical Strength", "Reading Comprehension", "Problem-Solving", "Time Management",
              "Judgment and Decision Making", "Repairing", "Teamwork", "Customer Service", "Adaptability"]
    posting = Posting.from_text("## Job title\nAppliance Repairer\n\n## Required Skills\n"
                                + "".join(f"- {s}\n" for s in skills))
    listed = "Sam Doe\n\n## Skills\n" + ", ".join(skills) + "\n\n## Experience\n- Repairer (2015 - 2023)\n"
    assert is_list(", ".join(skills))
    assert copied_lines([tuple(listed.splitlines())], [posting.text]) == {}
    e = load_model(as_of=date(2024, 7, 1)).explain(Resume.from_text(listed), posting)
    assert e.copied_from_posting == []
    assert {"Time Management", "Teamwork", "Customer Service"} <= {g.name for g in e.matched_skills}
    assert e.missing_skills == []
    # A sentence pasted from one line is still a copy; one split over bullets never was.
    sentence = "Diagnose and repair washing machines, dryers and dishwashers in customers' homes on a tight schedule"
    assert not is_list(sentence)
    assert copied_lines([(sentence,)], [f"## Responsibilities\n- {sentence}\n"]) == {(0, 0): [0]}


def test_protected_attributes_do_not_change_the_score():
    from datetime import date

    from matcher import Resume, load_model
    from matcher.loaders import load_posting

    model = load_model(as_of=date(2024, 7, 1))
    posting = load_posting(SEEDS / "postings" / "000_aca7d45349741043.md")
    plain = Resume.from_text(BASE_CV)
    personal = Resume.from_text(BASE_CV.replace(
        "Jane Roe\n", "Amara Okafor\nDate of birth: 12/03/1961\nAge: 63\nGender: female\nNationality: Nigerian\n"
                      "Marital status: married\nAddress: 12 High Street, Leeds\nPhone: +44 20 7946 0958\n"))
    assert model.explain(personal, posting).score == model.explain(plain, posting).score


def test_audit_counts_missing_groups_and_handles_nobody_selected(tmp_path: Path):
    frame = pd.DataFrame({"score": [90, 80, 70, 60], "group": ["a", None, "a", None]})
    rows, _ = audit_scores(frame, group="group", threshold=65)
    assert {r.group for r in rows} == {"a", "(missing)"}
    rows, _ = audit_scores(frame, group="group", threshold=150)
    assert all(r.impact_ratio is None and not r.flagged for r in rows)
    with pytest.raises(ValueError, match="must hold numbers"):
        audit_scores(pd.DataFrame({"score": ["x"], "group": ["a"]}), group="group")
    path = tmp_path / "s.json"
    frame.to_json(path, orient="records")
    result = run("audit", path, "--group", "group", "--threshold", "150")
    assert result.exit_code == 0 and "impact ratios are undefined" in result.stderr


@pytest.mark.parametrize(
    "line, contact",
    [("- ASP.NET and VB.NET", False), ("Salesforce.com developer", False),
     ("Security Engineer 4 (2014 - 2015) at X", False), ("jane@mail.example.org", True),
     ("github.com/jane", True), ("+1 555 010 2000", True)],
)
def test_contact_lines_are_told_from_skill_lines(line: str, contact: bool):
    from matcher.privacy import contact_line_spans

    assert bool(contact_line_spans(line)) is contact


@pytest.mark.parametrize("next_heading", ["Education:", "## Education", "EDUCATION"])
def test_a_personal_block_ends_at_the_next_heading_however_it_is_written(next_heading: str):
    from matcher.privacy import strip_personal

    text = (f"Personal Information:\nName: Charlie Thompson\nE-Mail Address: charlie@example.com\n\n"
            f"{next_heading}\nBachelor's Degree in Computer Science\n\nSkills:\n1. Expertise in SAP CRM\n")
    clean = strip_personal(text, resume=True)
    assert "Charlie" not in clean and "example.com" not in clean
    assert "Computer Science" in clean and "SAP CRM" in clean


@pytest.mark.parametrize("first_line, is_name", [
    ("## María Elena Gutiérrez, RN, BSN", True), ("Jane Roe, PhD", True), ("John Smith, Jr.", True),
    ("Jane Roe, Ph.D.", True), ("Sam Lee, M.B.A., C.P.A.", True),
    ("Python, SQL", False), ("Go, Kafka, PostgreSQL", False), ("Kubernetes, Ph.D. thesis", False),
])
def test_a_name_line_with_credentials_is_a_name(first_line: str, is_name: bool):
    from matcher.privacy import strip_personal

    clean = strip_personal(f"{first_line}\n\n## Summary\nCompassionate nurse.\n", resume=True)
    assert (first_line not in clean) is is_name
