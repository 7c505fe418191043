"""Turn a resume or posting file (PDF, DOCX, HTML, TXT, MD) into plain text.

Every failure becomes a :class:`DocumentError` naming the file and the
problem in words a user can act on. Files are only ever read, never changed.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from matcher.errors import DocumentError

__all__ = ["ReadLimits", "read_document", "read_bytes", "decode_text", "TEXT_SUFFIXES", "DOCUMENT_SUFFIXES"]

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ""})
HTML_SUFFIXES = frozenset({".html", ".htm"})
DOCUMENT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}


@dataclass(frozen=True)
class ReadLimits:
    """Resource limits for one input file; raise them for unusual but trusted files."""

    max_bytes: int = 20_000_000
    max_pages: int = 50
    max_unzipped_bytes: int = 100_000_000


def read_bytes(path: Path, what: str = "file") -> bytes:
    """The bytes of ``path``, or one :class:`DocumentError` naming it and the reason (``what``: "file",
    "taxonomy file", ... as the message calls it)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(path, f"{what} not found") from None
    except PermissionError:
        raise DocumentError(path, "permission denied") from None
    except OSError as exc:
        raise DocumentError(path, f"cannot read {what} ({exc.strerror or exc})") from None


def read_document(path: str | os.PathLike[str], *, limits: ReadLimits = ReadLimits()) -> str:
    """Read ``path`` and return its visible text, choosing the reader by content and extension."""
    return read_document_report(path, limits=limits)[0]


def read_document_report(path: str | os.PathLike[str], *, limits: ReadLimits = ReadLimits()) -> tuple[str, int]:
    """Visible text of ``path`` and the number of hidden words left out (PDF tricks; 0 elsewhere)."""
    path = Path(path)
    if not path.exists():
        raise DocumentError(path, "file not found")
    if path.is_dir():
        raise DocumentError(path, "is a directory, expected a file")
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise DocumentError(
                path, f"file is {size / 1e6:.1f} MB, over the {limits.max_bytes / 1e6:.0f} MB limit"
            )
        data = path.read_bytes()
    except PermissionError:
        raise DocumentError(path, "permission denied") from None
    except OSError as exc:
        raise DocumentError(path, f"cannot read file ({exc.strerror or exc})") from None
    if not data.strip():
        raise DocumentError(path, "file is empty")
    suffix = path.suffix.lower()
    hidden = 0
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        if not data.startswith(b"%PDF"):
            raise DocumentError(path, "not a PDF file (content does not start with %PDF)")
        text, hidden = _read_pdf(path, data, limits)
    elif suffix == ".docx" or (data.startswith(b"PK\x03\x04") and suffix not in TEXT_SUFFIXES):
        text = _read_docx(path, data, limits)
    elif suffix == ".doc":
        raise DocumentError(path, "old binary .doc files are not supported; save it as .docx or PDF")
    elif suffix in HTML_SUFFIXES:
        text = html_to_text(decode_text(data, path))
    else:
        text = decode_text(data, path)
        if suffix not in TEXT_SUFFIXES and _looks_like_html(text):
            text = html_to_text(text)
    if not text.strip():
        raise DocumentError(path, "no text found in file")
    return text, hidden


def _read_pdf(path: Path, data: bytes, limits: ReadLimits) -> tuple[str, int]:
    import pypdfium2 as pdfium  # lazy: keeps `matcher --help` fast

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise DocumentError(path, "PDF is encrypted; remove the password and try again") from None
        raise DocumentError(path, "PDF is damaged or truncated and cannot be opened") from None
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise DocumentError(path, "PDF has no pages")
        if n_pages > limits.max_pages:
            raise DocumentError(path, f"PDF has {n_pages} pages, over the {limits.max_pages}-page limit")
        pages, hidden = [], 0
        for i in range(n_pages):
            page = pdf[i]
            textpage = page.get_textpage()
            visible, hidden_here = _visible_text(page, textpage)
            pages.append(visible)
            hidden += hidden_here
            textpage.close()
            page.close()
    except pdfium.PdfiumError:
        raise DocumentError(path, "PDF is damaged and its text cannot be read") from None
    finally:
        pdf.close()
    text = "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip() and hidden:
        raise DocumentError(path, "PDF has only hidden text (white, tiny or off-page); nothing visible to read")
    if not text.strip():
        raise DocumentError(path, "PDF has no text layer (a scanned image?); run OCR on it first")
    return text, hidden


MIN_FONT_POINTS = 2.0
_INVISIBLE_RENDER_MODES = frozenset({3, 7})  # FPDF_TEXTRENDERMODE_INVISIBLE, _CLIP


def _visible_text(page, textpage) -> tuple[str, int]:
    """The page's text without characters a reader cannot see, and how many words were hidden.

    Hidden: white or fully transparent fill, font under 2 pt, invisible
    render mode (including clip-only text), or a box outside the page.
    """
    import ctypes

    import pypdfium2.raw as raw

    handle = textpage.raw
    width, height = page.get_size()
    n = raw.FPDFText_CountChars(handle)
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    out: list[str] = []
    hidden_words, in_hidden_word = 0, False
    for i in range(n):
        code = raw.FPDFText_GetUnicode(handle, i)
        ch = chr(code) if 0 < code < 0x110000 else ""
        if not ch or ch.isspace() or raw.FPDFText_IsGenerated(handle, i) == 1:
            out.append(ch)
            in_hidden_word = False
            continue
        hidden = raw.FPDFText_GetFontSize(handle, i) < MIN_FONT_POINTS
        if not hidden and raw.FPDFText_GetFillColor(handle, i, r, g, b, a):
            hidden = a.value == 0 or min(r.value, g.value, b.value) >= 245
        if not hidden:
            obj = raw.FPDFText_GetTextObject(handle, i)
            hidden = bool(obj) and raw.FPDFTextObj_GetTextRenderMode(obj) in _INVISIBLE_RENDER_MODES
        if not hidden and raw.FPDFText_GetCharBox(handle, i, left, right, bottom, top):
            hidden = right.value <= 0 or left.value >= width or top.value <= 0 or bottom.value >= height
        if hidden:
            if not in_hidden_word:
                hidden_words += 1
                in_hidden_word = True
            continue
        in_hidden_word = False
        out.append(ch)
    return "".join(out), hidden_words


def _read_docx(path: Path, data: bytes, limits: ReadLimits) -> str:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentError(path, "not a DOCX file (it is not a zip archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DocumentError(path, "DOCX archive is damaged") from None
    if "word/document.xml" not in names:
        raise DocumentError(path, "not a DOCX file (the zip archive has no word/document.xml)")
    if unzipped > limits.max_unzipped_bytes:
        raise DocumentError(
            path,
            f"DOCX unpacks to {unzipped / 1e6:.0f} MB, over the {limits.max_unzipped_bytes / 1e6:.0f} MB limit",
        )
    import docx  # lazy
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(_docx_paragraph(block))
            elif isinstance(block, Table):
                for row in block.rows:
                    cells: list[str] = []
                    for cell in row.cells:
                        value = cell.text.strip()
                        if value and value not in cells:
                            cells.append(value)
                    lines.append(" | ".join(cells))
    except Exception as exc:  # python-docx raises many types on malformed XML
        what = "its XML cannot be parsed" if "XML" in type(exc).__name__ else type(exc).__name__
        raise DocumentError(path, f"DOCX content is damaged ({what})") from None
    return "\n".join(lines)


def _docx_paragraph(paragraph) -> str:
    """Paragraph text, with Word heading styles turned into markdown headings."""
    text = paragraph.text
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if text.strip() and (style.startswith("Heading") or style == "Title"):
        return f"## {text.strip()}"
    if text.strip() and "List" in style:
        return f"- {text.strip()}"
    return text


_UTF16_NUL = re.compile(rb"(?:[\x20-\x7e]\x00){8}|(?:\x00[\x20-\x7e]){8}")


def decode_text(data: bytes, path: str | os.PathLike[str] | None = None) -> str:
    """Decode bytes as text: UTF-8/16 with BOM, UTF-8, UTF-16 without BOM, then cp1252; repair mojibake."""
    import ftfy  # lazy

    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data[:4096] and _UTF16_NUL.search(data[:4096]):
        little = data[1:2] == b"\x00"
        text = data.decode("utf-16-le" if little else "utf-16-be", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if _is_binary(text):
        raise DocumentError(path, "binary content, not text (is the extension right?)")
    if not text.isascii():
        # ftfy is thorough but slow. Mojibake always brings characters outside common
        # typography ("â€™", "Ã©"), so text without them is only normalised; otherwise
        # ftfy's own quick check says whether there is anything to repair.
        from ftfy.badness import is_bad

        if _UNCOMMON.search(text) and is_bad(text):
            text = ftfy.fix_text(text, normalization="NFC")
        else:
            text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Non-ASCII characters that plain English text uses; anything else may be mojibake.
_UNCOMMON = re.compile("[^\\x00-\\x7f\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u00a0\u00b7\u00b0\u20ac\u2122\u00a9\u00ae]")
_CONTROL = re.compile("[\\x00-\\x08\\x0b\\x0e-\\x1f\ufffd]")


def _is_binary(text: str) -> bool:
    """True when the decoded text is mostly control or replacement characters."""
    sample = text[:20000]
    if not sample:
        return False
    return "\x00" in sample or len(_CONTROL.findall(sample)) / len(sample) > 0.05


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head


_BLOCK_TAGS = frozenset(
    "p div br li ul ol tr table h1 h2 h3 h4 h5 h6 section article header footer title dt dd".split()
)


class _TextExtractor(HTMLParser):
    """Collects visible text, with line breaks at block elements and markdown-style headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001 - HTMLParser API
        if tag in ("script", "style", "head", "noscript", "template"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.parts.append("## ")
            elif tag == "li":
                self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "noscript", "template"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, headings kept as ``## `` lines."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\xa0]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()
