from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest

from conftest import BACKEND_POSTING, SEEDS
from matcher import DocumentError, Posting, Resume, load_postings, load_resumes
from matcher.documents import parse_hashtags
from matcher.loaders import load_posting, postings_frame, resumes_frame


def test_seed_posting_keeps_every_field():
    posting = load_posting(SEEDS / "postings" / "000_aca7d45349741043.md")
    assert posting.id == "000_aca7d45349741043"
    assert posting.title == "Senior Backend Engineer"
    assert posting.hashtags == ("golang", "rustlang", "ui/ux", "rubylang", "content", "kubernetes", "git",
                                "mongodb", "figma", "analysis")
    assert posting.timestamp == datetime(2021, 2, 3, tzinfo=timezone.utc)
    assert posting.metadata["featured"] == 20
    assert posting.metadata["summaryBackup"].startswith("Excited about")
    assert posting.path.name == "000_aca7d45349741043.md"
    kinds = [s.kind for s in posting.sections]
    assert kinds[:3] == ["company", "summary", "requirements"]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("#golang,#rustlang,#ui/ux", ("golang", "rustlang", "ui/ux")),
        ("#Go, #go,,#k8s ", ("go", "k8s")),
        ("", ()),
        (None, ()),
        (["#a", "b"], ("a", "b")),
    ],
    ids=["seed", "dupes-and-blanks", "empty", "none", "list"],
)
def test_parse_hashtags(value, expected):
    assert parse_hashtags(value) == expected


def test_front_matter_id_wins_over_stem(tmp_path: Path):
    path = tmp_path / "file-stem.md"
    path.write_text("---\nid: job-42\ntitle: Nurse\n---\nCare for patients.\n", encoding="utf-8")
    assert load_posting(path).id == "job-42"


def test_missing_fields_are_tolerated(tmp_path: Path):
    path = tmp_path / "bare.md"
    path.write_text("---\ntitle: Cook\n---\nCook food.\n", encoding="utf-8")
    posting = load_posting(path)
    assert (posting.hashtags, posting.timestamp, posting.company) == ((), None, "")


def test_posting_without_front_matter_takes_title_from_text(tmp_path: Path):
    path = tmp_path / "plain.txt"
    path.write_text("Warehouse Associate\n\nRequirements:\n- Forklift certification\n", encoding="utf-8")
    posting = load_posting(path)
    assert posting.title == "Warehouse Associate"
    assert any(s.kind == "requirements" for s in posting.sections)


@pytest.mark.parametrize(
    "front, message",
    [
        ("title: !!python/object/apply:os.system ['echo hacked']", "YAML tag that is not allowed"),
        ("title: [unclosed", "front matter is not valid YAML"),
        ("hashtags: 42", "hashtags must be a string"),
        ("timestamp: yesterday", "timestamp must be epoch milliseconds or an ISO date"),
        ("- just\n- a list", "front matter must be a mapping"),
    ],
    ids=["python-tag", "bad-yaml", "hashtags-number", "bad-timestamp", "not-mapping"],
)
def test_bad_front_matter_is_one_clear_error(tmp_path: Path, front: str, message: str):
    path = tmp_path / "bad.md"
    path.write_text(f"---\n{front}\n---\nBody text.\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=message) as info:
        load_posting(path)
    assert str(info.value).startswith(str(path))
    assert "\n" not in str(info.value)


def test_python_tag_executes_nothing(tmp_path: Path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.md"
    path.write_text(f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\nx\n", encoding="utf-8")
    with pytest.raises(DocumentError):
        load_posting(path)
    assert not marker.exists()


def test_folder_is_loaded_recursively_and_sorted(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "two.md").write_text(BACKEND_POSTING, encoding="utf-8")
    (tmp_path / "one.md").write_text(BACKEND_POSTING, encoding="utf-8")
    (tmp_path / ".hidden.md").write_text(BACKEND_POSTING, encoding="utf-8")
    assert [p.id for p in load_postings(tmp_path)] == ["two", "one"]


def test_csv_jsonl_and_dataframe_postings(tmp_path: Path):
    frame = pd.DataFrame({
        "id": ["p1", "p2"], "title": ["Nurse", "Chef"], "company": ["H", "R"], "location": ["X", "Y"],
        "hashtags": ["#nursing,#bls", ""], "text": ["Care for patients.", "Cook food."],
    })
    frame.to_csv(tmp_path / "jobs.csv", index=False)
    (tmp_path / "jobs.jsonl").write_text("\n".join(json.dumps(r) for r in frame.to_dict("records")), encoding="utf-8")
    for source in (tmp_path / "jobs.csv", tmp_path / "jobs.jsonl", frame):
        postings = load_postings(source)
        assert [p.id for p in postings] == ["p1", "p2"]
        assert postings[0].hashtags == ("nursing", "bls")
        assert postings[1].company == "R"


def test_table_row_without_id_gets_file_and_row(tmp_path: Path):
    (tmp_path / "jobs.jsonl").write_text('{"title": "Chef", "text": "Cook food."}\n', encoding="utf-8")
    assert load_postings(tmp_path / "jobs.jsonl")[0].id == "jobs:1"


def test_bad_row_is_reported_with_its_number(tmp_path: Path):
    (tmp_path / "jobs.jsonl").write_text('{"title": "Chef", "text": "Cook."}\nnot json\n', encoding="utf-8")
    with pytest.raises(DocumentError, match="line 2 is not valid JSON"):
        load_postings(tmp_path / "jobs.jsonl")


def test_on_error_skips_bad_files_and_keeps_the_rest(tmp_path: Path):
    (tmp_path / "good.md").write_text(BACKEND_POSTING, encoding="utf-8")
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    errors: list[DocumentError] = []
    postings = load_postings(tmp_path, on_error=errors.append)
    assert [p.id for p in postings] == ["good"]
    assert [e.reason for e in errors] == ["file is empty"]


def test_from_text_gives_stable_ids():
    assert Posting.from_text("Cook food.").id == Posting.from_text("Cook food.").id
    assert Resume.from_text("Jane", id="r1").id == "r1"
    assert Posting.from_text("Body", hashtags="#a,#b", title="T").hashtags == ("a", "b")


def test_frames_have_documented_columns(backend_resume: Path, backend_posting: Path):
    pf = postings_frame(load_postings(backend_posting))
    rf = resumes_frame(load_resumes(backend_resume))
    assert list(pf.columns) == ["id", "title", "company", "location", "hashtags", "timestamp", "url", "path", "text"]
    assert list(rf.columns) == ["id", "path", "text"]
    assert pf.loc[0, "hashtags"] == ["golang", "kafka", "figma"]
    assert load_resumes(rf)[0].text == rf.loc[0, "text"]


def test_loading_never_modifies_the_input(tmp_path: Path, backend_posting: Path):
    before = backend_posting.read_bytes()
    load_postings(backend_posting)
    assert backend_posting.read_bytes() == before


def test_same_stem_in_two_formats_gets_distinct_ids_and_same_file_loads_once(tmp_path: Path):
    (tmp_path / "cv.txt").write_text("Go developer", encoding="utf-8")
    (tmp_path / "cv.md").write_text("Rust developer", encoding="utf-8")
    (tmp_path / "other.txt").write_text("Nurse", encoding="utf-8")
    resumes = load_resumes([tmp_path / "cv.txt", tmp_path / "cv.md", tmp_path / "cv.txt", tmp_path / "other.txt"])
    assert [r.id for r in resumes] == ["cv.txt", "cv.md", "other"]


def test_frame_round_trip_through_csv(tmp_path: Path, backend_posting: Path):
    frame = postings_frame(load_postings(backend_posting))
    frame.to_csv(tmp_path / "p.csv", index=False)
    assert load_postings(tmp_path / "p.csv")[0].hashtags == ("golang", "kafka", "figma")


@pytest.mark.parametrize(
    "loader, frame, message",
    [(load_postings, pd.DataFrame({"body": ["x"]}), "<DataFrame>: no 'text' column"),
     (load_resumes, pd.DataFrame({"resume": ["x"]}), "<DataFrame>: row 1: no 'text' column")],
    ids=["postings", "resumes"],
)
def test_frames_without_text_column_are_refused(loader, frame, message):
    with pytest.raises(DocumentError, match=message):
        loader(frame)


def test_title_is_not_a_section_heading_and_company_drops_board_prefix(tmp_path: Path):
    path = tmp_path / "job.md"
    path.write_text("---\ncompanyName: Current Job Openings at Acme\n---\n## Requirements\n- Go\n", encoding="utf-8")
    posting = load_posting(path)
    assert posting.title == ""
    assert posting.company == "Acme"
    assert posting.metadata["companyName"] == "Current Job Openings at Acme"


def test_loaders_can_return_dataframes(backend_posting: Path, backend_resume: Path):
    pf = load_postings(backend_posting, as_frame=True)
    rf = load_resumes(backend_resume, as_frame=True)
    assert list(pf.columns) == ["id", "title", "company", "location", "hashtags", "timestamp", "url", "path", "text"]
    assert list(rf.columns) == ["id", "path", "text"]
    assert pf.loc[0, "title"] == "Backend Engineer" and rf.loc[0, "id"] == "jane"
