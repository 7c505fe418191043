from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import BACKEND_RESUME, make_docx, make_pdf
from matcher import DocumentError
from matcher.loaders import load_resume, load_resumes
from matcher.readers import ReadLimits, read_document


def test_pdf_text_layer(tmp_path: Path):
    path = make_pdf(tmp_path / "cv.pdf", BACKEND_RESUME)
    resume = load_resume(path)
    assert resume.id == "cv"
    assert "Kubernetes" in resume.text
    assert {s.kind for s in resume.sections} >= {"skills", "experience", "education"}


def test_docx_paragraphs_headings_and_tables(tmp_path: Path):
    path = make_docx(tmp_path / "cv.docx", ["Jane Roe", "# Skills", "Go and Rust", "# Experience", "Engineer 2019 - 2023"],
                     table=[["Languages", "Python, SQL"], ["Cloud", "AWS"]])
    text = read_document(path)
    assert "## Skills" in text and "Go and Rust" in text
    assert "Languages | Python, SQL" in text and "Cloud | AWS" in text


@pytest.mark.parametrize(
    "data, expected",
    [
        ("Résumé: naïve café".encode("utf-8"), "Résumé: naïve café"),
        ("\ufeffRésumé".encode("utf-8"), "Résumé"),
        ("Résumé naïve".encode("utf-16"), "Résumé naïve"),
        ("Résumé naïve text here".encode("utf-16-le"), "Résumé naïve text here"),
        ("Résumé naïve".encode("cp1252"), "Résumé naïve"),
        ("NaÃ¯ve rÃ©sumÃ©".encode("utf-8"), "Naïve résumé"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16-no-bom", "cp1252", "mojibake"],
)
def test_text_encodings(tmp_path: Path, data: bytes, expected: str):
    path = tmp_path / "cv.txt"
    path.write_bytes(data)
    assert read_document(path).strip() == expected


def test_html_visible_text_only(tmp_path: Path):
    path = tmp_path / "cv.html"
    path.write_text("<html><head><style>p{}</style><script>var x=1</script></head><body><h1>Skills</h1>"
                    "<ul><li>Go</li><li>Rust</li></ul></body></html>", encoding="utf-8")
    text = read_document(path)
    assert "## Skills" in text and "- Go" in text and "var x" not in text


def _encrypted_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "secret resume")
    path.write_bytes(bytes(pdf.output()))
    return path


def _image_only_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 80, 80, style="F")
    path.write_bytes(bytes(pdf.output()))
    return path


def _truncated_pdf(path: Path) -> Path:
    full = make_pdf(path.with_name("full.pdf"), BACKEND_RESUME).read_bytes()
    path.write_bytes(full[: len(full) // 2])
    return path


def _zip_without_document(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not word")
    return path


BAD_INPUTS = [
    ("scanned.pdf", _image_only_pdf, "PDF has no text layer (a scanned image?); run OCR on it first"),
    ("locked.pdf", _encrypted_pdf, "PDF is encrypted; remove the password and try again"),
    ("cut.pdf", _truncated_pdf, "PDF is damaged or truncated and cannot be opened"),
    ("empty.txt", lambda p: (p.write_bytes(b""), p)[1], "file is empty"),
    ("blank.docx", lambda p: (p.write_bytes(b"   \n"), p)[1], "file is empty"),
    ("fake.pdf", lambda p: (p.write_text("just text", encoding="utf-8"), p)[1],
     "not a PDF file (content does not start with %PDF)"),
    ("fake.docx", lambda p: (p.write_text("just text", encoding="utf-8"), p)[1],
     "not a DOCX file (it is not a zip archive)"),
    ("other.docx", _zip_without_document, "not a DOCX file (the zip archive has no word/document.xml)"),
    ("garbage.txt", lambda p: (p.write_bytes(bytes(range(256)) * 20), p)[1],
     "binary content, not text (is the extension right?)"),
    ("old.doc", lambda p: (p.write_bytes(b"\xd0\xcf\x11\xe0 binary"), p)[1],
     "old binary .doc files are not supported; save it as .docx or PDF"),
    ("missing.txt", lambda p: p, "file not found"),
]


@pytest.mark.parametrize("name, build, reason", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_a_typed_one_line_error(tmp_path: Path, name: str, build, reason: str):
    path = build(tmp_path / name)
    with pytest.raises(DocumentError) as info:
        load_resume(path)
    assert info.value.reason == reason
    assert str(info.value) == f"{path}: {reason}"
    assert isinstance(info.value, ValueError)


def test_size_limit_is_configurable(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_text("Go developer. " * 1000, encoding="utf-8")
    with pytest.raises(DocumentError, match="over the 0 MB limit"):
        read_document(path, limits=ReadLimits(max_bytes=100))
    assert read_document(path, limits=ReadLimits(max_bytes=10**6))


def test_directory_of_resumes_skips_bad_ones(tmp_path: Path):
    make_pdf(tmp_path / "good.pdf", BACKEND_RESUME)
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 broken")
    (tmp_path / "notes.xyz").write_text("ignored", encoding="utf-8")
    errors: list[DocumentError] = []
    resumes = load_resumes(tmp_path, on_error=errors.append)
    assert [r.id for r in resumes] == ["good"]
    reasons = {Path(e.path).name: e.reason for e in errors}
    assert set(reasons) == {"bad.pdf", "notes.xyz"}
    assert reasons["notes.xyz"].startswith("unsupported file type .xyz; expected one of .csv, .docx")
