"""Rebuild the broken-input corpus in this folder (run once; the files are committed).

Each file breaks one rule a real upload can break; ``expected.json`` holds the
exact one-line reason matcher must give for it. Regenerate with
``python tests/broken/make_corpus.py`` (needs fpdf2 and python-docx).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CV = "Jane Roe\nSKILLS\nGo, Kafka, PostgreSQL\nEXPERIENCE\nEngineer 2019 - 2024\n"


def _pdf(build) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(__import__("datetime").datetime(2024, 1, 1, tzinfo=__import__("datetime").timezone.utc))
    build(pdf)
    return bytes(pdf.output())


def _text_page(pdf) -> None:
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, CV)


def _hidden_page(pdf) -> None:
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.set_text_color(255, 255, 255)
    pdf.multi_cell(0, 6, CV)


def _image_page(pdf) -> None:
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")


def _encrypted(pdf) -> None:
    pdf.set_encryption(owner_password="owner", user_password="user")
    _text_page(pdf)


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(CV)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data, compress_type=compression)
    return buffer.getvalue()


def main() -> None:
    full_pdf = _pdf(_text_page)
    real_docx = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    docx_parts = {name: real_docx.read(name) for name in real_docx.namelist()}
    files: dict[str, bytes] = {
        "truncated.pdf": full_pdf[: len(full_pdf) // 2],
        "encrypted.pdf": _pdf(_encrypted),
        "scanned_no_text.pdf": _pdf(_image_page),
        "only_hidden_text.pdf": _pdf(_hidden_page),
        "text_named_pdf.pdf": CV.encode(),
        "zero_bytes.pdf": b"",
        "zip_bomb.docx": _zip({**docx_parts, "word/media/bomb.bin": b"\0" * (150 * 1024 * 1024)}),
        "text_named_docx.docx": CV.encode(),
        "zip_without_document.docx": _zip({"hello.txt": b"not a word document"}),
        "broken_xml.docx": _zip({**docx_parts, "word/document.xml": b"<w:document><unclosed"}),
        "empty.txt": b"",
        "only_whitespace.md": b"   \n\t\n  ",
        "binary_garbage.txt": bytes(range(256)) * 40,
        "old_word.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
        "script_only.html": b"<html><head><script>var cv = 'Go';</script></head><body></body></html>",
        "python_tag.md": b"---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\nBody\n",
        "invalid_yaml.md": b"---\ntitle: [unclosed\nlocation: Remote\n---\nBody\n",
        "unclosed_front_matter.md": b"---\ntitle: Nurse\nlocation: Remote\nBody without a closing line\n",
        "front_matter_list.md": b"---\n- a\n- b\n---\nBody\n",
        "hashtags_number.md": b"---\ntitle: Nurse\nhashtags: 42\n---\nCare for patients.\n",
        "hashtags_mapping.md": b"---\ntitle: Nurse\nhashtags: {nursing: 1}\n---\nCare for patients.\n",
        "hashtags_numbers_list.md": b"---\ntitle: Nurse\nhashtags: [1, 2]\n---\nCare for patients.\n",
        "bad_timestamp.md": b"---\ntitle: Nurse\ntimestamp: yesterday\n---\nCare for patients.\n",
        "front_matter_only.md": b"---\ntitle: Nurse\n---\n\n",
        "utf16_no_bom.txt": CV.encode("utf-16-le"),
        "hashtags_list.md": b"---\ntitle: Nurse\nhashtags: ['#nursing', '#bls']\n---\nCare for patients.\n",
    }
    for name, data in files.items():
        (HERE / name).write_bytes(data)
        print(f"wrote {name} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
