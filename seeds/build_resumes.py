"""Regenerate the sample resumes in seeds/resumes/ from the plain-text sources in ../resume_sources/.

Why: matcher has to read resumes that arrive as PDF, DOCX and plain text. Keeping a
single UTF-8 source per resume and rendering it into those formats gives fixtures
whose expected content is known (it is the source), exercises each extractor
(PDF text layer, DOCX paragraphs and tables, raw text), and lets anyone rebuild the
binaries reproducibly instead of committing files with no provenance.

Source format (seeds/resume_sources/<stem>.txt):
  * line 1 is the candidate's name; the non-blank lines after it form the contact block;
  * a line whose text, minus leading "#"s and a trailing ":", is a known section name
    (see SECTION_NAMES) is a heading, e.g. "WORK EXPERIENCE", "## Skills", "Education:";
  * lines starting with "- ", "* " or "\u2022 " are bullets;
  * every other non-blank line is a paragraph; blank lines are vertical space.

Outputs go to seeds/resumes/, named <stem>.pdf / <stem>.docx / <stem>.txt as listed in
FORMATS. PDFs use the core Helvetica font (latin-1 only), so other characters are
mapped to plain equivalents first. Timestamps are pinned so rebuilds are identical.

Usage:  python seeds/build_resumes.py
Needs:  pip install fpdf2 python-docx
"""

import io
import shutil
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from docx import Document
from docx.document import Document as DocxDocument
from fpdf import FPDF

OUT_DIR = Path(__file__).resolve().parent / "resumes"
SRC_DIR = Path(__file__).resolve().parent / "resume_sources"

# Output format(s) per source stem. Every source must be listed, and vice versa.
FORMATS: dict[str, tuple[str, ...]] = {
    "backend_engineer_senior": ("pdf", "docx"),
    "frontend_developer_junior": ("pdf",),
    "registered_nurse": ("docx",),
    "staff_accountant": ("pdf", "txt"),
    "sales_account_executive": ("docx",),
    "customer_support_specialist": ("txt",),
    "ux_designer": ("pdf",),
    "hr_generalist": ("docx",),
    "warehouse_supervisor": ("pdf", "docx"),
    "math_teacher": ("txt",),
    "data_scientist": ("docx", "txt"),
    "devops_engineer": ("pdf", "txt"),
}

# In DOCX output, these resumes put their skills section ("Label: items" lines)
# into a two-column Word table, so table extraction gets exercised.
SKILLS_AS_TABLE: frozenset[str] = frozenset({"backend_engineer_senior", "hr_generalist"})

SECTION_NAMES: frozenset[str] = frozenset(
    {
        "summary", "professional summary", "profile", "objective",
        "skills", "technical skills", "core skills", "clinical skills", "key skills",
        "experience", "work experience", "professional experience", "employment history",
        "education", "certification", "certifications",
        "licenses & certifications", "licenses and certifications",
        "projects", "awards", "languages", "volunteer experience",
    }
)

BULLET_PREFIXES: tuple[str, ...] = ("- ", "* ", "\u2022 ")

FIXED_DATE = datetime(2024, 1, 1, tzinfo=UTC)
ZIP_TIMESTAMP = (2024, 1, 1, 0, 0, 0)
GENERATOR = "matcher seeds/resumes/build_samples.py"
HEADING_KEEP_WITH_NEXT_MM = 25  # PDF: start a new page rather than orphan a heading

# Plain equivalents for common non-latin-1 characters (PDF core fonts are latin-1).
LATIN1_REPLACEMENTS: dict[str, str] = {
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2022": "-", "\u2026": "...", "\u2192": "->", "\u2190": "<-", "\u2264": "<=",
    "\u2265": ">=", "\u2122": "(TM)", "\u20ac": "EUR", "\u200b": "",
}

BlockKind = Literal["heading", "bullet", "para", "gap"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""


@dataclass(frozen=True)
class Resume:
    stem: str
    name: str
    contact: list[str]
    blocks: list[Block]


def heading_text(line: str) -> str | None:
    """Return the cleaned heading text if the line is a section heading, else None."""
    text = line.strip().lstrip("#").strip().rstrip(":").strip()
    return text if text.lower() in SECTION_NAMES else None


def parse_resume(path: Path) -> Resume:
    lines = path.read_text(encoding="utf-8").splitlines()
    name = lines[0].strip()
    i = 1
    contact: list[str] = []
    while i < len(lines) and lines[i].strip():
        contact.append(lines[i].strip())
        i += 1
    blocks: list[Block] = []
    for raw in lines[i:]:
        line = raw.strip()
        if not line:
            if blocks and blocks[-1].kind != "gap":
                blocks.append(Block("gap"))
        elif (heading := heading_text(line)) is not None:
            blocks.append(Block("heading", heading))
        elif line.startswith(BULLET_PREFIXES):
            blocks.append(Block("bullet", line[2:].strip()))
        else:
            blocks.append(Block("para", line))
    while blocks and blocks[-1].kind == "gap":
        blocks.pop()
    return Resume(path.stem, name, contact, blocks)


def to_latin1(text: str) -> str:
    """Map text onto latin-1 with plain equivalents; raise if something is left over."""
    out: list[str] = []
    for ch in text:
        ch = LATIN1_REPLACEMENTS.get(ch, ch)
        if len(ch) == 1 and ord(ch) > 0xFF:
            # e.g. "s with acute" -> "s": drop combining marks after decomposition.
            ch = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(ch)
    result = "".join(out)
    try:
        result.encode("latin-1")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"no latin-1 equivalent for {exc.object[exc.start]!r}; add it to LATIN1_REPLACEMENTS"
        ) from exc
    return result


def skills_rows(blocks: list[Block]) -> list[tuple[str, str]]:
    """Split 'Label: items' lines of a skills section into (label, items) rows."""
    rows: list[tuple[str, str]] = []
    for block in blocks:
        if block.kind == "gap":
            continue
        label, sep, items = block.text.partition(":")
        if not sep:
            raise ValueError(f"skills line is not 'Label: items': {block.text!r}")
        rows.append((label.strip(), items.strip()))
    return rows


def split_sections(blocks: list[Block]) -> list[tuple[str | None, list[Block]]]:
    """Group blocks under their heading (None for anything before the first heading)."""
    sections: list[tuple[str | None, list[Block]]] = [(None, [])]
    for block in blocks:
        if block.kind == "heading":
            sections.append((block.text, []))
        else:
            sections[-1][1].append(block)
    return sections


def write_pdf(resume: Resume, dest: Path) -> None:
    pdf = FPDF(format="Letter")
    pdf.set_margins(left=18, top=15, right=18)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(to_latin1(f"Resume - {resume.name}"))
    pdf.set_author(to_latin1(resume.name))
    pdf.set_creator(GENERATOR)
    pdf.set_creation_date(FIXED_DATE)
    pdf.add_page()

    pdf.set_font("Helvetica", style="B", size=18)
    pdf.multi_cell(0, 9, to_latin1(resume.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for line in resume.contact:
        pdf.multi_cell(0, 5, to_latin1(line), new_x="LMARGIN", new_y="NEXT")

    for block in resume.blocks:
        if block.kind == "heading":
            if pdf.get_y() + HEADING_KEEP_WITH_NEXT_MM > pdf.page_break_trigger:
                pdf.add_page()  # don't strand a heading at the foot of a page
            else:
                pdf.ln(4)
            pdf.set_font("Helvetica", style="B", size=12)
            pdf.multi_cell(0, 6, to_latin1(block.text), new_x="LMARGIN", new_y="NEXT")
            pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
            pdf.ln(1.5)
            pdf.set_font("Helvetica", size=10)
        elif block.kind == "bullet":
            pdf.set_x(pdf.l_margin + 3)
            pdf.cell(4, 5, "-")
            pdf.multi_cell(0, 5, to_latin1(block.text), new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "para":
            pdf.multi_cell(0, 5, to_latin1(block.text), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(2)
    pdf.output(str(dest))


def add_skills_table(doc: DocxDocument, rows: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, items in rows:
        left, right = table.add_row().cells
        left.paragraphs[0].add_run(label).bold = True
        right.paragraphs[0].add_run(items)


def add_blocks(doc: DocxDocument, blocks: list[Block]) -> None:
    for block in blocks:
        if block.kind == "heading":
            doc.add_heading(block.text, level=1)
        elif block.kind == "bullet":
            doc.add_paragraph(block.text, style="List Bullet")
        elif block.kind == "para":
            doc.add_paragraph(block.text)


def pin_zip_timestamps(data: bytes) -> bytes:
    """Rewrite a zip (DOCX) with fixed member timestamps and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIMESTAMP)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.create_system = 3
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def write_docx(resume: Resume, dest: Path) -> None:
    doc = Document()
    props = doc.core_properties
    props.title = f"Resume - {resume.name}"
    props.author = resume.name
    props.last_modified_by = GENERATOR
    props.comments = ""
    props.revision = 1
    props.created = FIXED_DATE
    props.modified = FIXED_DATE

    doc.add_heading(resume.name, level=0)
    for line in resume.contact:
        doc.add_paragraph(line)
    for heading, blocks in split_sections(resume.blocks):
        if heading is not None:
            doc.add_heading(heading, level=1)
        if heading is not None and "skills" in heading.lower() and resume.stem in SKILLS_AS_TABLE:
            add_skills_table(doc, skills_rows(blocks))
        else:
            add_blocks(doc, blocks)

    buffer = io.BytesIO()
    doc.save(buffer)
    dest.write_bytes(pin_zip_timestamps(buffer.getvalue()))


def main() -> int:
    sources = {path.stem: path for path in sorted(SRC_DIR.glob("*.txt"))}
    missing = sorted(set(FORMATS) - set(sources))
    unlisted = sorted(set(sources) - set(FORMATS))
    if missing or unlisted:
        print(f"FORMATS/src mismatch: missing {missing}, unlisted {unlisted}", file=sys.stderr)
        return 1

    expected: set[Path] = set()
    for stem, formats in FORMATS.items():
        resume = parse_resume(sources[stem])
        for fmt in formats:
            dest = OUT_DIR / f"{stem}.{fmt}"
            if fmt == "pdf":
                write_pdf(resume, dest)
            elif fmt == "docx":
                write_docx(resume, dest)
            elif fmt == "txt":
                shutil.copyfile(sources[stem], dest)
            else:
                raise ValueError(f"unknown format {fmt!r} for {stem}")
            expected.add(dest)
            print(f"wrote {dest.relative_to(OUT_DIR)}")

    stale = sorted(
        path.name
        for path in OUT_DIR.iterdir()
        if path.suffix in {".pdf", ".docx", ".txt"} and path not in expected
    )
    if stale:
        print(f"warning: files not produced by this build: {', '.join(stale)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
