"""Every file in tests/broken/ gets its exact one-line reason, at the API and at the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from matcher import DocumentError, Posting, Resume, extract_skills
from matcher.cli import app
from matcher.experience import parse_requirements, parse_roles
from matcher.loaders import load_posting, load_resume
from matcher.privacy import redact, strip_personal
from matcher.readers import ReadLimits, read_document

BROKEN = Path(__file__).resolve().parent / "broken"
EXPECTED = {k: v for k, v in json.loads((BROKEN / "expected.json").read_text()).items() if not k.startswith("_")}
runner = CliRunner()


def _load(path: Path):
    return load_posting(path) if path.suffix == ".md" else load_resume(path)


def test_the_corpus_is_complete():
    files = {p.name for p in BROKEN.iterdir() if p.suffix not in (".py", ".json")}
    assert files == set(EXPECTED)
    assert sum(v is not None for v in EXPECTED.values()) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=sorted(EXPECTED))
def test_exact_reason(name: str):
    path = BROKEN / name
    before = path.read_bytes()
    if EXPECTED[name] is None:
        assert _load(path).text.strip()
    else:
        with pytest.raises(DocumentError) as info:
            _load(path)
        assert info.value.reason == EXPECTED[name]
        assert str(info.value) == f"{path}: {EXPECTED[name]}"
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", sorted(k for k, v in EXPECTED.items() if v is not None and not k.endswith(".md")))
def test_cli_prints_the_reason_on_one_line(name: str):
    result = runner.invoke(app, ["rank", str(BROKEN / name)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {BROKEN / name}: {EXPECTED[name]}"


def test_a_50_mb_text_file_is_refused(tmp_path: Path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)
    with pytest.raises(DocumentError) as info:
        load_resume(path)
    assert info.value.reason == "file is 50.0 MB, over the 20 MB limit"
    assert read_document(BROKEN / "utf16_no_bom.txt", limits=ReadLimits(max_bytes=1000)).startswith("Jane Roe")


def test_page_limit_is_configurable(tmp_path: Path):
    from conftest import make_pdf

    path = make_pdf(tmp_path / "cv.pdf", "Go developer")
    with pytest.raises(DocumentError, match="PDF has 1 pages, over the 0-page limit"):
        read_document(path, limits=ReadLimits(max_pages=0))


def test_screen_reports_each_bad_file_and_scores_the_rest(tmp_path: Path, backend_posting: Path,
                                                          backend_resume: Path):
    result = runner.invoke(app, ["screen", str(backend_posting), str(backend_resume),
                                 *[str(BROKEN / n) for n in ("truncated.pdf", "zip_bomb.docx", "empty.txt")], "--json"])
    assert result.exit_code == 3
    assert [r["resume_id"] for r in json.loads(result.stdout)] == ["jane"]
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 3


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".pdf", ".docx", ".txt", ".md", ".html", ""]))
def test_random_bytes_give_a_document_or_a_document_error(tmp_path: Path, data: bytes, suffix: str):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    for loader in (load_resume, load_posting):
        try:
            doc = loader(path)
        except DocumentError as error:
            assert "\n" not in str(error)
        else:
            assert doc.text.strip()


@FAST
@given(front=st.text(max_size=300), body=st.text(max_size=300))
def test_random_front_matter_gives_a_posting_or_a_document_error(tmp_path: Path, front: str, body: str):
    path = tmp_path / "posting.md"
    path.write_text(f"---\n{front}\n---\n{body}", encoding="utf-8", errors="surrogatepass")
    try:
        load_posting(path)
    except DocumentError as error:
        assert "\n" not in str(error)


@FAST
@given(text=st.text(max_size=2000))
def test_random_unicode_never_breaks_the_text_pipeline(text: str):
    from datetime import date

    resume = Resume.from_text(text)
    posting = Posting.from_text(text)
    for mention in extract_skills(text):
        assert text[mention.start:mention.end] == mention.surface
    parse_roles(resume.text, resume.sections, as_of=date(2024, 1, 1))
    parse_requirements(posting.text)
    strip_personal(text, resume=True)
    redact(text)


@settings(max_examples=25, deadline=None)
@given(text=st.text(min_size=1, max_size=1500))
def test_random_resume_text_always_gets_a_score(text: str):
    from datetime import date


    model = _model_once(date(2024, 1, 1))
    posting = Posting.from_text("## Requirements\n- 3+ years of Go\n- Kafka\n", title="Go developer")
    explanation = model.explain(Resume.from_text(text), posting)
    assert 0.0 <= explanation.score <= 100.0


_MODELS: dict = {}


def _model_once(as_of):
    from matcher import load_model

    if "m" not in _MODELS:
        _MODELS["m"] = load_model(as_of=as_of)
    return _MODELS["m"]


def test_screen_skips_an_unreadable_resume_like_a_bad_one(tmp_path: Path, backend_posting: Path,
                                                           backend_resume: Path):
    import os

    locked = tmp_path / "locked.txt"
    locked.write_text("Go developer", encoding="utf-8")
    locked.chmod(0)
    if os.access(locked, os.R_OK):
        locked.chmod(0o644)
        pytest.skip("chmod 000 does not stop this user reading (root?)")
    result = runner.invoke(app, ["screen", str(backend_posting), str(backend_resume), str(locked),
                                 str(BROKEN / "truncated.pdf"), "--json"])
    assert result.exit_code == 3, result.output
    assert [r["resume_id"] for r in json.loads(result.stdout)] == ["jane"]
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped:")]
    assert skipped == [f"skipped: {locked}: permission denied",
                       f"skipped: {BROKEN / 'truncated.pdf'}: {EXPECTED['truncated.pdf']}"]


def test_an_unreadable_table_of_postings_is_one_line_and_skipped(tmp_path: Path, monkeypatch):
    from matcher.loaders import load_postings

    good = tmp_path / "good.md"
    good.write_text("---\ntitle: Go developer\n---\n## Requirements\n- Go and Kafka\n", encoding="utf-8")
    table = tmp_path / "postings.csv"
    table.write_text("title,text\nAnalyst,SQL\n", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:  # works as root too, unlike chmod 000
        if self.name == "postings.csv":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    errors = []
    postings = load_postings(tmp_path, on_error=errors.append)
    assert [p.title for p in postings] == ["Go developer"]
    assert [str(e) for e in errors] == [f"{table}: permission denied"]
