"""Load postings and resumes from files, folders, CSV/JSONL tables and DataFrames.

The edge where user input enters: everything is validated here and turned
into :class:`~matcher.documents.Posting` / :class:`~matcher.documents.Resume`
or a :class:`~matcher.errors.DocumentError` that names the file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from matcher.documents import Posting, Resume, parse_hashtags
from matcher.errors import DocumentError
from matcher.readers import DOCUMENT_SUFFIXES, ReadLimits, decode_text, read_bytes, read_document, read_document_report

__all__ = [
    "load_postings", "load_resumes", "load_posting", "load_resume",
    "postings_frame", "resumes_frame", "POSTING_SUFFIXES", "TABLE_SUFFIXES",
]

POSTING_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
TABLE_SUFFIXES = frozenset({".csv", ".jsonl"})
OnError = Callable[[DocumentError], None]
Source = str | os.PathLike[str] | Any  # a path, a DataFrame, or an iterable of paths


# --- postings -----------------------------------------------------------------

def _split_front_matter(text: str, path: Path | None) -> tuple[dict[str, Any], str]:
    """Parse YAML front matter safely; a ``!!python/...`` tag is refused, never executed."""
    import yaml
    from frontmatter.default_handlers import YAMLHandler  # lazy

    text = text.lstrip("\ufeff")
    handler = YAMLHandler()
    if not handler.detect(text):
        return {}, text
    try:
        front, body = handler.split(text)
        metadata = handler.load(front) if front.strip() else {}
    except ValueError:
        raise DocumentError(path, "front matter is not closed by a '---' line") from None
    except yaml.constructor.ConstructorError as exc:
        found = re.search(r"tag '([^']+)'", getattr(exc, "problem", "") or "")
        tag = found.group(1).replace("tag:yaml.org,2002:", "!!") if found else "an unsafe tag"
        raise DocumentError(path, f"front matter uses a YAML tag that is not allowed ({tag}); "
                                  "only plain YAML is accepted") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise DocumentError(path, f"front matter is not valid YAML{where}") from None
    if not isinstance(metadata, dict):
        raise DocumentError(path, "front matter must be a mapping of fields")
    return dict(metadata), body


def _timestamp(value: Any, path: Path | None) -> datetime | None:
    """Epoch milliseconds (the seed format) or an ISO date into a UTC datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, bool):
        raise DocumentError(path, f"timestamp must be epoch milliseconds or an ISO date, got {value!r}")
    try:
        if isinstance(value, (int, float)) or str(value).strip().lstrip("-").isdigit():
            return datetime.fromtimestamp(float(value) / 1000.0, tz=timezone.utc)
        parsed = datetime.fromisoformat(str(value))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise DocumentError(path, f"timestamp must be epoch milliseconds or an ISO date, got {value!r}") from None


def _hashtags(value: Any, path: Path | None) -> tuple[str, ...]:
    if value is None or isinstance(value, str):
        return parse_hashtags(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return parse_hashtags(value)
    raise DocumentError(
        path, f"hashtags must be a string like \"#go,#rust\", got {type(value).__name__} {value!r}"[:200]
    )


def _text_field(meta: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = meta.get(key)
        if value not in (None, ""):
            return str(value)
    return ""


def posting_from_record(record: dict[str, Any], *, path: Path | None, default_id: str) -> Posting:
    """Build a posting from front matter (or a table row) plus its body text."""
    meta = dict(record)
    body = meta.pop("text", "")
    if not isinstance(body, str) or not body.strip():
        raise DocumentError(path, "posting has no text")
    raw_id = meta.get("id")
    return Posting.from_text(
        body,
        id=str(raw_id) if raw_id not in (None, "") else default_id,
        title=_text_field(meta, "title") or None,
        hashtags=_hashtags(meta.get("hashtags"), path),
        company=_text_field(meta, "companyName", "company"),
        location=_text_field(meta, "location"),
        timestamp=_timestamp(meta.get("timestamp"), path),
        url=_text_field(meta, "url"),
        path=path,
        metadata=meta,
    )


def load_posting(path: str | os.PathLike[str], *, limits: ReadLimits = ReadLimits()) -> Posting:
    """Load one posting file: markdown/text with optional YAML front matter, or HTML/PDF/DOCX."""
    path = Path(path)
    text = read_document(path, limits=limits)
    meta, body = _split_front_matter(text, path)
    meta["text"] = body
    return posting_from_record(meta, path=path, default_id=path.stem)


def _table_rows(path: Path, limits: ReadLimits) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows of a CSV or JSONL file as dicts, numbered from 1."""
    if not path.exists():
        raise DocumentError(path, "file not found")
    if path.stat().st_size > limits.max_bytes * 10:
        raise DocumentError(path, f"table is over the {limits.max_bytes * 10 / 1e6:.0f} MB limit")
    text = decode_text(read_bytes(path), path)
    if path.suffix.lower() == ".csv":
        try:
            reader = csv.DictReader(io.StringIO(text))
            for i, row in enumerate(reader, start=1):
                yield i, {k.strip(): v for k, v in row.items() if k is not None}
        except csv.Error as exc:
            raise DocumentError(path, f"CSV is malformed ({exc})") from None
    else:
        for i, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DocumentError(path, f"line {i} is not valid JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise DocumentError(path, f"line {i} is not a JSON object")
            yield i, row


def _walk(source: Path, suffixes: frozenset[str], on_error: OnError | None) -> list[Path]:
    """Files under a folder with one of ``suffixes``, sorted; hidden files skipped, others reported."""
    files = []
    for p in sorted(source.rglob("*")):
        if not p.is_file() or any(part.startswith(".") for part in p.relative_to(source).parts):
            continue
        if p.suffix.lower() in suffixes:
            files.append(p)
        else:
            expected = ", ".join(sorted(x for x in suffixes if x))
            _report(DocumentError(p, f"unsupported file type {p.suffix or '(none)'}; expected one of {expected}"),
                    on_error)
    return files


def _unique_ids(documents: list) -> list:
    """Same file twice is loaded once; different files with the same stem get their file name as id.

    ``staff_accountant.pdf`` and ``staff_accountant.txt`` must stay apart in a
    ranking, so colliding stems become ``staff_accountant.pdf`` and so on.
    """
    from dataclasses import replace

    seen_paths: set[Path] = set()
    kept = []
    for doc in documents:
        key = doc.path.resolve() if doc.path is not None and doc.path.suffix.lower() not in TABLE_SUFFIXES else None
        if key is not None and key in seen_paths:
            continue
        if key is not None:
            seen_paths.add(key)
        kept.append(doc)
    counts: dict[str, int] = {}
    for doc in kept:
        counts[doc.id] = counts.get(doc.id, 0) + 1
    out, used = [], set()
    for doc in kept:
        new_id = doc.id
        if counts[doc.id] > 1 and doc.path is not None and doc.id == doc.path.stem:
            new_id = doc.path.name
        base, n = new_id, 2
        while new_id in used:
            new_id = f"{base}#{n}"
            n += 1
        used.add(new_id)
        out.append(doc if new_id == doc.id else replace(doc, id=new_id))
    return out


def _sources(source: Source) -> list[Any]:
    if isinstance(source, (str, os.PathLike)):
        return [Path(source)]
    if _is_frame(source):
        return [source]
    if isinstance(source, Iterable):
        return list(source)
    raise TypeError(f"expected a path, a list of paths or a DataFrame, got {type(source).__name__}")


def _is_frame(obj: Any) -> bool:
    return type(obj).__name__ == "DataFrame" and hasattr(obj, "to_dict")


def _report(error: DocumentError, on_error: OnError | None) -> None:
    if on_error is None:
        raise error
    on_error(error)


def load_postings(
    source: Source, *, on_error: OnError | None = None, limits: ReadLimits = ReadLimits(), as_frame: bool = False
):
    """Load postings from a file, a folder (recursive), CSV/JSONL tables, a DataFrame or a list of those.

    Without ``on_error`` the first bad file raises :class:`DocumentError`;
    with it, each bad file is passed to ``on_error`` and skipped. With
    ``as_frame=True`` the result is a DataFrame (see :func:`postings_frame`).
    """
    postings = _load_postings(source, on_error, limits)
    return postings_frame(postings) if as_frame else postings


def _load_postings(source: Source, on_error: OnError | None, limits: ReadLimits) -> list[Posting]:
    return _load(source, on_error, limits, kind=Posting, load_file=load_posting, from_rows=_postings_from_rows,
                 suffixes=POSTING_SUFFIXES | TABLE_SUFFIXES | {".html", ".htm"},
                 empty="folder contains no posting files (.md, .txt, .html, .csv, .jsonl)")


def _load(source: Source, on_error: OnError | None, limits: ReadLimits, *, kind: type, load_file: Callable,
          from_rows: Callable, suffixes: frozenset[str], empty: str) -> list:
    """The one walk behind load_postings and load_resumes: frames, documents, folders, tables, files."""
    documents: list = []
    for item in _sources(source):
        if _is_frame(item):
            documents.extend(from_rows(enumerate(item.to_dict("records"), 1), None, on_error))
            continue
        if isinstance(item, kind):
            documents.append(item)
            continue
        path = Path(item)
        if path.is_dir():
            files = _walk(path, suffixes, on_error)
            if not files:
                _report(DocumentError(path, empty), on_error)
        else:
            files = [path]
        for file in files:
            try:
                if file.suffix.lower() in TABLE_SUFFIXES:
                    documents.extend(from_rows(_table_rows(file, limits), file, on_error))
                else:
                    documents.append(load_file(file, limits=limits))
            except DocumentError as error:
                _report(error, on_error)
    return _unique_ids(documents)


def _postings_from_rows(rows: Iterable[tuple[int, dict[str, Any]]], path: Path | None,
                        on_error: OnError | None) -> list[Posting]:
    stem = path.stem if path is not None else "row"
    out = []
    for i, row in rows:
        try:
            if "text" not in row:
                raise DocumentError(path or "<DataFrame>", "no 'text' column (expected id, title, company, "
                                                           "location, hashtags, text)")
            out.append(posting_from_record(_clean_row(row), path=path, default_id=f"{stem}:{i}"))
        except DocumentError as error:
            reason = error.reason if error.reason.startswith("no 'text'") else f"row {i}: {error.reason}"
            _report(DocumentError(error.path if path is not None else "<DataFrame>", reason), on_error)
    return out


def _clean_row(row: dict[str, Any]) -> dict[str, Any]:
    """Drop pandas NaN/None cells so a missing column reads as absent."""
    return {k: v for k, v in row.items() if v is not None and not (isinstance(v, float) and v != v)}


# --- resumes ------------------------------------------------------------------

def load_resume(path: str | os.PathLike[str], *, limits: ReadLimits = ReadLimits()) -> Resume:
    """Load one resume file (PDF, DOCX, HTML, TXT, MD); id is the file stem."""
    path = Path(path)
    text, hidden = read_document_report(path, limits=limits)
    return Resume.from_text(text, id=path.stem, path=path, hidden_words=hidden)


def load_resumes(
    source: Source, *, on_error: OnError | None = None, limits: ReadLimits = ReadLimits(), as_frame: bool = False
):
    """Load resumes from a file, a folder (recursive), a CSV/JSONL with ``id``/``text``, a DataFrame or a list.

    Error handling as in :func:`load_postings`; ``as_frame=True`` gives a
    DataFrame (see :func:`resumes_frame`).
    """
    resumes = _load_resumes(source, on_error, limits)
    return resumes_frame(resumes) if as_frame else resumes


def _load_resumes(source: Source, on_error: OnError | None, limits: ReadLimits) -> list[Resume]:
    return _load(source, on_error, limits, kind=Resume, load_file=load_resume, from_rows=_resumes_from_rows,
                 suffixes=(DOCUMENT_SUFFIXES - {""}) | TABLE_SUFFIXES,
                 empty="folder contains no resume files (.pdf, .docx, .txt, .md, .html)")


def _resumes_from_rows(rows: Iterable[tuple[int, dict[str, Any]]], path: Path | None,
                       on_error: OnError | None) -> list[Resume]:
    stem = path.stem if path is not None else "row"
    out = []
    for i, row in rows:
        if "text" not in row:
            _report(DocumentError(path or "<DataFrame>", f"row {i}: no 'text' column (expected id, text)"), on_error)
            continue
        row = _clean_row(row)
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            _report(DocumentError(path or "<DataFrame>", f"row {i}: resume has no text"), on_error)
            continue
        raw_id = row.get("id")
        out.append(Resume.from_text(text, id=str(raw_id) if raw_id not in (None, "") else f"{stem}:{i}", path=path))
    return out


# --- DataFrames -----------------------------------------------------------------

POSTING_COLUMNS = ("id", "title", "company", "location", "hashtags", "timestamp", "url", "path", "text")
RESUME_COLUMNS = ("id", "path", "text")


def postings_frame(postings: Iterable[Posting]):
    """Postings as a DataFrame: id, title, company, location, hashtags (a list), timestamp (UTC), url, path, text."""
    import pandas as pd

    rows = [
        {
            "id": p.id, "title": p.title, "company": p.company, "location": p.location,
            "hashtags": list(p.hashtags), "timestamp": p.timestamp, "url": p.url,
            "path": str(p.path) if p.path else None, "text": p.text,
        }
        for p in postings
    ]
    return pd.DataFrame(rows, columns=list(POSTING_COLUMNS))


def resumes_frame(resumes: Iterable[Resume]):
    """Resumes as a DataFrame: id, path, text."""
    import pandas as pd

    rows = [{"id": r.id, "path": str(r.path) if r.path else None, "text": r.text} for r in resumes]
    return pd.DataFrame(rows, columns=list(RESUME_COLUMNS))
