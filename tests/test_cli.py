from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SEEDS, make_pdf
from matcher.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_rank_json_has_the_documented_shape(backend_resume: Path):
    result = run("rank", backend_resume, "--top", "3", "--json", "--as-of", "2024-07-01")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["rank"] for r in rows] == [1, 2, 3]
    for row in rows:
        assert {"rank", "posting_id", "title", "score", "matched_skills", "missing_skills", "experience"} <= set(row)
        assert 0 <= row["score"] <= 100
        for gap in row["missing_skills"] + row["matched_skills"]:
            assert {"name", "aliases", "importance", "evidence"} <= set(gap)
    assert rows[0]["score"] >= rows[1]["score"] >= rows[2]["score"]


def test_rank_table_on_custom_postings(tmp_path: Path, backend_resume: Path, backend_posting: Path):
    folder = tmp_path / "jobs"
    folder.mkdir()
    shutil.copy(backend_posting, folder / "backend.md")
    result = run("rank", backend_resume, "--postings", folder, "--as-of", "2024-07-01")
    assert result.exit_code == 0, result.output
    assert "Postings for jane.txt" in result.stdout and "Backend" in result.stdout
    # No partial match: no empty "related only" column taking width from the others.
    assert "related only" not in result.stdout and "missing" in result.stdout


def test_a_posting_without_a_title_is_named_by_its_file(tmp_path: Path, backend_resume: Path):
    """Review finding: a plain-text posting whose first line is a sentence had an empty name in rank."""
    posting = tmp_path / "line_cook.txt"
    posting.write_text("We are hiring a Line Cook.\nRequirements:\n- 2+ years of line cook experience\n- ServSafe\n",
                       encoding="utf-8")
    result = run("rank", backend_resume, "--postings", posting, "--as-of", "2024-07-01")
    assert result.exit_code == 0, result.output
    assert "line_cook" in result.stdout


def test_rank_and_gaps_show_what_stands_in_for_a_partial_match(tmp_path: Path):
    posting = tmp_path / "db.md"
    posting.write_text("---\ntitle: Data Engineer\n---\n## Requirements\n- PostgreSQL\n- Experience with R or Python\n",
                       encoding="utf-8")
    resume = tmp_path / "ana.txt"
    resume.write_text("Ana\n## Skills\nMySQL, Python\n", encoding="utf-8")
    wide = {"COLUMNS": "200"}
    ranked = runner.invoke(app, ["rank", str(resume), "--postings", str(posting), "--as-of", "2024-07-01"], env=wide)
    assert ranked.exit_code == 0, ranked.output
    assert "related only" in ranked.stdout and "PostgreSQL (has" in ranked.stdout
    as_json = run("rank", resume, "--postings", posting, "--as-of", "2024-07-01", "--json")
    partial = json.loads(as_json.stdout)[0]["partial_skills"]
    assert {g["name"]: g["related"] for g in partial} == {"PostgreSQL": ["MySQL"]}  # Python meets "R or Python"
    explained = runner.invoke(app, ["gaps", str(resume), str(posting), "--as-of", "2024-07-01"], env=wide)
    assert "PostgreSQL (importance 1.00; resume has MySQL;" in explained.stdout


def test_gaps_json(backend_resume: Path, backend_posting: Path):
    result = run("gaps", backend_resume, backend_posting, "--json", "--as-of", "2024-07-01")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"score", "matched_skills", "missing_skills", "experience"} <= set(data)
    assert {"required_years", "held_years", "shortfall_years"} <= set(data["experience"])
    matched = {g["name"] for g in data["matched_skills"]}
    assert {"Go", "PostgreSQL", "Kubernetes"} <= matched
    assert "Figma" not in {g["name"] for g in data["missing_skills"]}


def test_gaps_table_mentions_experience(backend_resume: Path, backend_posting: Path):
    result = run("gaps", backend_resume, backend_posting, "--as-of", "2024-07-01")
    assert result.exit_code == 0, result.output
    assert "experience" in result.stdout and "matched" in result.stdout


def test_gaps_with_posting_and_resume_swapped_says_so(backend_resume: Path, backend_posting: Path):
    """Review finding: the swapped order ran silently, scoring the posting as a resume."""
    result = run("gaps", backend_posting, backend_resume)
    assert result.exit_code == 1
    assert "is a job posting" in result.output and "matcher gaps RESUME POSTING" in result.output
    assert "Traceback" not in result.output


def test_screen_skips_bad_files_and_exits_3(tmp_path: Path, backend_resume: Path, backend_posting: Path):
    folder = tmp_path / "cands"
    folder.mkdir()
    (folder / "good.txt").write_text(backend_resume.read_text(), encoding="utf-8")
    make_pdf(folder / "also_good.pdf", "Registered nurse with BLS and ACLS, Epic EHR.")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 truncated")
    result = run("screen", backend_posting, folder, "--json", "--as-of", "2024-07-01")
    assert result.exit_code == 3, result.output
    rows = json.loads(result.stdout)
    assert [r["resume_id"] for r in rows][0] == "good"
    assert {r["resume_id"] for r in rows} == {"good", "also_good"}
    assert "broken.pdf: PDF is damaged or truncated and cannot be opened" in result.stderr


def test_screen_all_good_exits_0(backend_resume: Path, backend_posting: Path):
    result = run("screen", backend_posting, backend_resume)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (("rank", "{tmp}/missing.pdf"), "missing.pdf: file not found"),
        (("rank", "{tmp}/empty.txt"), "empty.txt: file is empty"),
        (("gaps", "{tmp}/empty.txt", "{tmp}/empty.txt"), "empty.txt: file is empty"),
        (("rank", "{tmp}/fake.pdf"), "fake.pdf: not a PDF file (content does not start with %PDF)"),
        (("screen", "{tmp}/empty.txt", "{tmp}/fake.pdf"), "empty.txt: file is empty"),
        (("rank", "{tmp}/ok.txt", "--model", "{tmp}/nomodel.joblib"), "nomodel.joblib: model file not found (train one with `matcher train`)"),
        (("batch", "--postings", "{tmp}/ok.txt", "--resumes", "{tmp}/nothere", "--out", "{tmp}/out.csv"),
         "nothere: file not found"),
    ],
    ids=["missing", "empty", "gaps-empty", "wrong-extension", "screen-bad-posting", "no-model", "batch-no-resumes"],
)
def test_errors_are_one_line_without_traceback(tmp_path: Path, args, message):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "fake.pdf").write_text("hello", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Go developer", encoding="utf-8")
    result = run(*[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and lines[0].endswith(message)
    assert "Traceback" not in result.output


def test_screen_with_one_bad_resume_is_that_one_line(tmp_path: Path, backend_posting: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("screen", backend_posting, tmp_path / "empty.txt")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'empty.txt'}: file is empty"


def test_screen_with_only_bad_resumes_is_an_error(tmp_path: Path, backend_posting: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "fake.pdf").write_text("x", encoding="utf-8")
    result = run("screen", backend_posting, tmp_path / "empty.txt", tmp_path / "fake.pdf")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "error: none of the 2 resume inputs could be read; nothing to score"
    assert len(lines) == 3


def test_usage_error_exits_2():
    assert run("rank").exit_code == 2


def test_info_json_names_the_model():
    result = run("info", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert Path(data["model_path"]).exists()
    assert data["model_card"]["artifact"]["sha256"]
    assert data["version"]


def test_default_postings_are_the_seeds(backend_resume: Path):
    from matcher.ranking import default_postings_path

    assert default_postings_path().resolve() == (SEEDS / "postings").resolve()


def test_skills_command_on_a_posting_and_a_resume(backend_posting: Path, backend_resume: Path):
    result = run("skills", backend_posting, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["document"] == "posting"
    by_name = {s["name"]: s for s in data["skills"]}
    assert by_name["Go"]["required"] and by_name["Go"]["section"] == "requirements"
    assert not by_name.get("Figma", {"required": False})["required"]
    result = run("skills", backend_resume, "--json")
    assert result.exit_code == 0, result.output
    mentions = json.loads(result.stdout)["skills"]
    text = backend_resume.read_text()
    assert all(text[m["start"]:m["end"]] == m["surface"] for m in mentions)
    assert {"Go", "Kubernetes", "PostgreSQL"} <= {m["name"] for m in mentions}
    assert run("skills", backend_resume).exit_code == 0


def test_skills_on_a_posting_names_the_alternatives_of_an_either_or(tmp_path: Path):
    posting = tmp_path / "p.md"
    posting.write_text("---\ntitle: Engineer\n---\n## Requirements\n- Proficiency in Go or Python\n- Kubernetes\n",
                       encoding="utf-8")
    data = json.loads(run("skills", posting, "--json").stdout)
    assert {s["name"]: s["alternatives"] for s in data["skills"]} == {
        "Go": ["Python"], "Python": ["Go"], "Kubernetes": []}
    table = runner.invoke(app, ["skills", str(posting)], env={"COLUMNS": "200"}).stdout
    assert "Go (or Python)" in table


def test_user_taxonomy_option(tmp_path: Path, backend_resume: Path):
    tax = tmp_path / "mine.csv"
    tax.write_text("name,aliases,category\nWidgetCraft,wcraft,tool\n", encoding="utf-8")
    cv = tmp_path / "cv.txt"
    cv.write_text("SKILLS\nwcraft and Go\n", encoding="utf-8")
    result = run("skills", cv, "--json", "--taxonomy", tax)
    assert "WidgetCraft" in {m["name"] for m in json.loads(result.stdout)["skills"]}
    bad = tmp_path / "bad.csv"
    bad.write_text("name,aliases,category\nX,,magic\n", encoding="utf-8")
    result = run("skills", cv, "--taxonomy", bad)
    assert result.exit_code == 1 and "row 2: unknown category 'magic'" in result.stderr


def test_user_taxonomy_changes_the_gap_report(tmp_path: Path):
    tax = tmp_path / "mine.csv"
    tax.write_text("name,aliases,category\nWidgetCraft,wcraft,tool\n", encoding="utf-8")
    job = tmp_path / "job.md"
    job.write_text("---\ntitle: Widget engineer\n---\n## Requirements\n- WidgetCraft\n- Go\n", encoding="utf-8")
    cv = tmp_path / "cv.txt"
    cv.write_text("SKILLS\nGo, wcraft\n", encoding="utf-8")  # the alias only the user's taxonomy knows
    plain = json.loads(run("gaps", cv, job, "--json").stdout)
    mine = json.loads(run("gaps", cv, job, "--json", "--taxonomy", tax).stdout)
    assert "WidgetCraft" in {g["name"] for g in plain["missing_skills"]}
    assert "WidgetCraft" in {g["name"] for g in mine["matched_skills"]}
    assert run("rank", cv, "--postings", job, "--taxonomy", tax).exit_code == 0


def unreadable(path: Path) -> Path:
    """``path`` made unreadable with chmod 000; skips the test where that does not stop reading (root)."""
    path.chmod(0)
    if os.access(path, os.R_OK):
        path.chmod(0o644)
        pytest.skip("chmod 000 does not stop this user reading (root?)")
    return path


@pytest.mark.parametrize(
    "args, bad, reason",
    [
        (("skills", "{bad}", "--no-tagger"), "cv.txt", "permission denied"),
        (("rank", "{bad}"), "cv.txt", "permission denied"),
        (("gaps", "{bad}", "{tmp}/ok.md"), "cv.txt", "permission denied"),
        (("gaps", "{tmp}/ok.txt", "{bad}"), "job.md", "permission denied"),
        (("skills", "{tmp}/ok.txt", "--no-tagger", "--taxonomy", "{bad}"), "mine.csv",
         "permission denied"),
    ],
    ids=["skills", "rank", "gaps-resume", "gaps-posting", "taxonomy"],
)
def test_an_unreadable_file_is_one_line_naming_it(tmp_path: Path, args, bad: str, reason: str):
    (tmp_path / "ok.txt").write_text("SKILLS\nGo, Kafka\n", encoding="utf-8")
    (tmp_path / "ok.md").write_text("---\ntitle: Go developer\n---\n## Requirements\n- Go\n", encoding="utf-8")
    path = tmp_path / bad
    path.write_text("name,aliases,category\nGo,,programming language\n", encoding="utf-8")
    unreadable(path)
    result = run(*[a.format(tmp=tmp_path, bad=path) for a in args])
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == f"error: {path}: {reason}"


@pytest.mark.parametrize("option", ["file", "--taxonomy"])
def test_the_cli_leaves_readability_to_the_loaders(tmp_path: Path, monkeypatch, option: str):
    # Runs as root too: Click asks os.access, and must not refuse the file with its usage box.
    cv = tmp_path / "cv.txt"
    cv.write_text("SKILLS\nGo, Kafka\n", encoding="utf-8")
    tax = tmp_path / "mine.csv"
    tax.write_text("name,aliases,category\nWidgetCraft,wcraft,tool\n", encoding="utf-8")
    said_unreadable = cv if option == "file" else tax
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, *a, **k: (
        False if Path(path) == said_unreadable else real_access(path, mode, *a, **k)))
    result = run("skills", cv, "--no-tagger", "--taxonomy", tax)
    assert result.exit_code == 0, result.output


def test_dask_missing_names_the_checkout_extra(tmp_path: Path, monkeypatch, backend_resume: Path,
                                               backend_posting: Path):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import fails as if dask were absent
    result = run("batch", "--postings", backend_posting, "--resumes", backend_resume, "--out", tmp_path / "out.csv",
                 "--engine", "dask")
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == ("error: --engine dask: needs dask.distributed: pip install '.[dask]' "
                                     "in a matcher checkout")


def test_skills_on_a_resume_leaves_out_what_scoring_ignores(tmp_path: Path):
    from matcher.loaders import load_resume
    from matcher.skills import SkillExtractor, builtin_taxonomy, resume_skills

    cv = tmp_path / "cv.txt"
    cv.write_text("Jane Doe\njane@gmail.com | https://github.com/jane\n\nSUMMARY\nBackend engineer, Python "
                  "and PostgreSQL.\n\nSKILLS\nPython, SQL, Docker. No experience with Kubernetes yet.\n",
                  encoding="utf-8")
    result = run("skills", cv, "--json", "--no-tagger")
    assert result.exit_code == 0, result.output
    listed = {m["name"] for m in json.loads(result.stdout)["skills"]}
    assert not listed & {"Gmail", "GitHub", "HTTPS", "Kubernetes"}
    scored = resume_skills(load_resume(cv), SkillExtractor.from_taxonomy(builtin_taxonomy())).names
    assert listed == scored == {"Python", "PostgreSQL", "SQL", "Docker"}


def test_skills_reads_a_plain_posting_as_one(tmp_path: Path):
    job = tmp_path / "job.txt"
    job.write_text("Data Engineer\n\nRequirements\n- Python and SQL\n- Apache Airflow\n\nNice to have\n- Kafka\n",
                   encoding="utf-8")
    # No front matter, but a posting's headings and no dated roles: read as a posting.
    guessed = json.loads(run("skills", job, "--json", "--no-tagger").stdout)
    assert guessed["document"] == "posting"
    assert json.loads(run("skills", job, "--resume", "--json", "--no-tagger").stdout)["document"] == "resume"
    # A posting's dates ("Start date: Jan 2025 - Dec 2025") do not make it a resume.
    dated = tmp_path / "dated_job.txt"
    dated.write_text("Intern\nStart date: Jan 2025 - Dec 2025\n\nWhat you'll do:\n- Build reports\n\n"
                     "Requirements\n- SQL\n", encoding="utf-8")
    assert json.loads(run("skills", dated, "--json", "--no-tagger").stdout)["document"] == "posting"
    # A resume's own headings are no posting's: one posting heading alone ("Benefits
    # Administration", "Requirements Gathering", a skill line "Benefits"), "Summary of
    # Qualifications", "Key Responsibilities" (second review).
    resumes = {"cv.txt": "Jane Roe\n\nSummary of Qualifications\n- Python\n\nKey Responsibilities\n- Ran the ETL\n",
               "hr.txt": "Jane Roe\n\nSkills\nWorkday\nBenefits\nCOBRA\n\nBenefits Administration:\n- Ran open enrolment\n",
               "ba.txt": "Jane Roe\n\nREQUIREMENTS GATHERING\n- User stories\n\nAbout the Role I Want\nA BA role\n",
               "grad.txt": "Jane Roe\n\nRequirements: elicitation, user stories\n\nPerks of hiring me:\n- Fast learner\n"}
    resumes["hr_list.txt"] = "Jane Roe\n\nSkills\n– Workday\n– Benefits\n– Perks\n\nHR Skills\nCOBRA\nBenefits\nPerks\n"
    for name, text in resumes.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert json.loads(run("skills", tmp_path / name, "--json", "--no-tagger").stdout)["document"] == "resume", name
    # Third review: layouts of job boards ("About the job", "Minimum qualifications:",
    # "Compensation & Benefits") are postings.
    boards = {"linkedin.txt": "Analyst\n\nAbout the job\nWe are a bank.\n\nResponsibilities\n- Reports\n\nQualifications\n"
                              "- SQL\n\nBenefits\n- Health\n",
              "google.txt": "Analyst\n\nMinimum qualifications:\n- SQL\n\nPreferred qualifications:\n- Python\n",
              "hr.txt": "Clerk\n\nJob Summary\nFiles records.\n\nEssential Duties and Responsibilities\n- Filing\n\n"
                        "Compensation & Benefits\n- 401k\n"}
    for name, text in boards.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert json.loads(run("skills", tmp_path / name, "--json", "--no-tagger").stdout)["document"] == "posting", name
    result = run("skills", job, "--posting", "--json", "--no-tagger")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    by_name = {s["name"]: s for s in data["skills"]}
    assert data["document"] == "posting"
    assert by_name["Python"]["required"] and not by_name["Apache Kafka"]["required"]
    both = run("skills", job, "--posting", "--resume")
    assert both.exit_code == 2
    assert both.stderr.strip() == "error: --resume and --posting cannot be used together; give one or neither"


@pytest.mark.parametrize(
    "rows, text, expected",
    [
        ("PostgreSQL,pg|pgdb,database\n", "SKILLS\npgdb and Postgres\n", [("PostgreSQL", "database")] * 2),
        ("Forklift Operation,reach truck,\n", "SKILLS\nreach truck\n", [("Forklift Operation", "domain knowledge")]),
    ],
    ids=["row-extends-a-builtin-skill", "user-alias-wins"],
)
def test_user_taxonomy_rows_win_over_builtin(tmp_path: Path, rows: str, text: str, expected):
    tax = tmp_path / "mine.csv"
    tax.write_text("name,aliases,category\n" + rows, encoding="utf-8")
    cv = tmp_path / "cv.txt"
    cv.write_text(text, encoding="utf-8")
    result = run("skills", cv, "--json", "--no-tagger", "--taxonomy", tax)
    assert result.exit_code == 0, result.output
    assert [(m["name"], m["category"]) for m in json.loads(result.stdout)["skills"]] == expected


@pytest.mark.parametrize("content", ["", "name,aliases,category\n"], ids=["empty", "header-only"])
def test_a_taxonomy_without_skills_is_an_error(tmp_path: Path, content: str):
    tax = tmp_path / "mine.csv"
    tax.write_text(content, encoding="utf-8")
    cv = tmp_path / "cv.txt"
    cv.write_text("SKILLS\nGo\n", encoding="utf-8")
    result = run("skills", cv, "--no-tagger", "--taxonomy", tax)
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"error: {tax}: no skills in this taxonomy file")
    assert len(result.stderr.strip().splitlines()) == 1


def test_taxonomy_help_says_how_aliases_are_separated():
    result = runner.invoke(app, ["skills", "--help"], env={"COLUMNS": "200"})
    assert "aliases separated by |" in " ".join(result.stdout.split())


def test_evidence_is_clipped_around_the_skill_it_shows():
    """Review finding: a long resume line was cut before the skill it was quoted for."""
    from matcher.cli import _clip

    line = ("- Registered Nurse with 4 years of acute care experience in telemetry and med-surg units; "
            "BLS and ACLS certified; Epic charting daily.")
    assert _clip(line).startswith("Registered Nurse with") and "ACLS" not in _clip(line)
    clipped = _clip(line, about=("Advanced Cardiovascular Life Support", "ACLS"))
    assert clipped.startswith("…") and "ACLS certified" in clipped and len(clipped) <= 91
    assert _clip(line, about=("Registered Nurse",)) == _clip(line)
    # A short name is looked for as a word, not inside "Good" (regression review).
    go = "Good understanding of distributed systems and event-driven architectures; services written in Go at scale"
    assert "in Go at scale" in _clip(go, about=("Go",))
