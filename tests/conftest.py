"""Shared test helpers: tiny documents built in tmp_path, and the shared data sets when present."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
SEEDS = ROOT / "seeds"

needs_shared_data = pytest.mark.skipif(
    not (SHARED_DATA / "rjdb" / "train.jsonl").exists(),
    reason=f"shared data sets not found at {SHARED_DATA}",
)

BACKEND_RESUME = """Jane Roe
jane.roe@example.com | +1 555 010 2000

SUMMARY
Backend engineer building streaming systems in Go and Kafka.

SKILLS
Go, Kafka, PostgreSQL, Kubernetes, Docker

WORK EXPERIENCE
Senior Backend Engineer, Acme
Jan 2019 - Present
- Built Go services on Kubernetes consuming Kafka topics

Backend Developer, Initech
2015 - 2018
- PostgreSQL schema design

EDUCATION
B.S. Computer Science, 2015
"""

BACKEND_POSTING = """---
title: "Backend Engineer"
companyName: "Example Co"
location: "Remote"
timestamp: 1612310400000
hashtags: "#golang,#kafka,#figma"
---

## About Us

We are funded by investors including the founders of Figma.

## Requirements

- 5+ years of experience with Go
- Kafka and PostgreSQL in production
- Kubernetes

## Nice to have

- Rust
"""


def make_pdf(path: Path, text: str) -> Path:
    """A one-column PDF with a real text layer."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, text.encode("latin-1", "replace").decode("latin-1"))
    path.write_bytes(bytes(pdf.output()))
    return path


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    """A DOCX with paragraphs (``# `` prefix = heading) and an optional table."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        if paragraph.startswith("# "):
            document.add_heading(paragraph[2:], level=1)
        else:
            document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for i, row in enumerate(table):
            for j, value in enumerate(row):
                grid.cell(i, j).text = value
    document.save(str(path))
    return path


@pytest.fixture
def backend_resume(tmp_path: Path) -> Path:
    path = tmp_path / "jane.txt"
    path.write_text(BACKEND_RESUME, encoding="utf-8")
    return path


@pytest.fixture
def backend_posting(tmp_path: Path) -> Path:
    path = tmp_path / "backend.md"
    path.write_text(BACKEND_POSTING, encoding="utf-8")
    return path
