"""The two documents matcher works with: job postings and resumes.

Plain frozen dataclasses; reading files lives in ``matcher.loaders``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from matcher.sections import Section, classify_heading, split_sections

__all__ = ["Posting", "Resume", "parse_hashtags", "company_name"]


def _content_id(prefix: str, text: str) -> str:
    """A stable id for text given without one: same text, same id."""
    return f"{prefix}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"


def parse_hashtags(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """Turn ``"#golang,#rustlang,#ui/ux"`` (or a list of tags) into ``("golang", "rustlang", "ui/ux")``.

    Tags are lower-cased, stripped of ``#`` and de-duplicated in order; empty
    pieces (``",,"``) are dropped.
    """
    if value is None:
        return ()
    pieces = re.split(r"[,\s]+", value) if isinstance(value, str) else [str(v) for v in value]
    tags: list[str] = []
    for piece in pieces:
        # "['golang', 'kafka']" (a list written to CSV) reads the same as "#golang,#kafka"
        tag = piece.strip().strip("[]'\"").lstrip("#").strip().lower()
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _title_from_sections(text: str, sections: tuple[Section, ...]) -> str:
    """The posting title when no front matter gives one: a "Job title" section, else the first
    short line that is not a section heading such as "Requirements"."""
    for s in sections:
        if s.kind == "title":
            first = text[s.start:s.end].strip().splitlines()
            if first:
                return first[0].strip(" #*")
    for line in text.splitlines():
        line = line.strip(" #*\t:")
        if not line:
            continue
        if classify_heading(line, "posting") != "other" and len(line.split()) <= 4:
            continue
        if re.match(r"^(?:[-*•]|\d+[.)])\s", line):
            return ""  # the body starts with a list: there is no title line
        return line if len(line.split()) <= 10 and not line.endswith((".", "!", "?")) else ""
    return ""


_JOB_BOARD_PREFIX = re.compile(r"^(?:current\s+)?(?:job\s+openings|jobs|careers|open\s+positions|openings)\s+(?:at|@)\s+",
                               re.I)


def company_name(value: str) -> str:
    """The company from a job board's page title: "Current Job Openings at Netlify" -> "Netlify"."""
    return _JOB_BOARD_PREFIX.sub("", value.strip())


@dataclass(frozen=True, eq=False)
class Posting:
    """A job posting: the body text, its front matter and its sections.

    ``metadata`` keeps every front-matter field as it was read, so nothing a
    user gave is lost; the common ones are also typed attributes.
    """

    id: str
    text: str
    title: str = ""
    company: str = ""
    location: str = ""
    hashtags: tuple[str, ...] = ()
    timestamp: datetime | None = None
    url: str = ""
    path: Path | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    sections: tuple[Section, ...] = ()

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        id: str | None = None,
        title: str | None = None,
        hashtags: str | Iterable[str] = (),
        company: str = "",
        location: str = "",
        path: Path | None = None,
        metadata: dict[str, Any] | None = None,
        timestamp: datetime | None = None,
        url: str = "",
    ) -> Posting:
        """Build a posting from its body text (no front matter)."""
        sections = split_sections(text, "posting")
        return cls(
            id=id if id is not None else _content_id("posting", text),
            text=text,
            title=title if title is not None else _title_from_sections(text, sections),
            company=company_name(company),
            location=location,
            hashtags=parse_hashtags(hashtags),
            timestamp=timestamp,
            url=url,
            path=path,
            metadata=dict(metadata or {}),
            sections=sections,
        )

    def section_text(self, *kinds: str) -> str:
        """The text of all sections of the given kinds, in document order."""
        return "\n".join(self.text[s.start:s.end] for s in self.sections if s.kind in kinds)


@dataclass(frozen=True, eq=False)
class Resume:
    """A candidate's resume as extracted text with its sections."""

    id: str
    text: str
    path: Path | None = None
    sections: tuple[Section, ...] = ()
    hidden_words: int = 0  # words a reader cannot see (white, tiny, off-page PDF text), left out of text

    @classmethod
    def from_text(cls, text: str, *, id: str | None = None, path: Path | None = None,
                  hidden_words: int = 0) -> Resume:
        """Build a resume from plain text."""
        return cls(
            id=id if id is not None else _content_id("resume", text),
            text=text,
            path=path,
            sections=split_sections(text, "resume"),
            hidden_words=hidden_words,
        )

    def section_text(self, *kinds: str) -> str:
        """The text of all sections of the given kinds, in document order."""
        return "\n".join(self.text[s.start:s.end] for s in self.sections if s.kind in kinds)
