"""Readers for the public benchmark data sets (RJDB, SkillSpan) used to train and evaluate.

The data is never shipped with matcher; point these at your copy (the
project's developers keep it in ``../shared/data``).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from matcher.documents import Posting, Resume
from matcher.errors import DocumentError

__all__ = ["RJDBRow", "load_rjdb", "file_sha256", "SkillSpanSentence", "load_skillspan", "bio_spans"]


@dataclass(frozen=True)
class RJDBRow:
    """One RJDB example: a posting, its matched resume, the unmatched copy, and what was removed."""

    index: int
    posting: Posting
    matched: Resume
    unmatched: Resume
    skills: tuple[str, ...]
    removed_skills: tuple[str, ...]
    removed_experience: str


def file_sha256(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _json_lines(path: Path, kind: str) -> list[str]:
    """The lines of a JSON-lines file, or one clear error naming it."""
    try:
        return path.read_text(encoding="utf-8").split("\n")  # not splitlines: JSON strings may hold U+2028
    except UnicodeDecodeError:
        raise DocumentError(path, f"not UTF-8 text; {kind} is JSON lines") from None
    except OSError as exc:
        raise DocumentError(path, f"cannot read file ({exc.strerror or exc})") from None


def load_rjdb(path: str | os.PathLike[str]) -> list[RJDBRow]:
    """Read an RJDB jsonl file (``Job-Description``, ``Resume-matched``, ``Resume-unmatched``, ...)."""
    path = Path(path)
    if not path.exists():
        raise DocumentError(path, "file not found")
    rows = []
    for i, line in enumerate(_json_lines(path, "an RJDB file")):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            filtered = raw.get("Filtered-information") or {}
            rows.append(RJDBRow(
                index=i,
                posting=Posting.from_text(raw["Job-Description"], id=f"{path.stem}-{i}"),
                matched=Resume.from_text(raw["Resume-matched"], id=f"{path.stem}-{i}-matched"),
                unmatched=Resume.from_text(raw["Resume-unmatched"], id=f"{path.stem}-{i}-unmatched"),
                skills=tuple(raw.get("Skills") or ()),
                removed_skills=tuple(filtered.get("Skills") or ()),
                removed_experience=str(filtered.get("Experience") or ""),
            ))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise DocumentError(path, f"line {i + 1} is not an RJDB record ({type(exc).__name__}: {exc})") from None
    return rows


@dataclass(frozen=True)
class SkillSpanSentence:
    """One tokenised SkillSpan sentence with its gold spans as (start, end) token indices (end exclusive)."""

    posting: int
    source: str
    tokens: tuple[str, ...]
    skill_spans: tuple[tuple[int, int], ...]
    knowledge_spans: tuple[tuple[int, int], ...]


def bio_spans(tags: list[str]) -> tuple[tuple[int, int], ...]:
    """(start, end) token spans of a BIO tag sequence; a stray I- opens a span."""
    spans, start = [], None
    for i, tag in enumerate(list(tags) + ["O"]):
        if tag.startswith("B") or tag == "O" or (tag.startswith("I") and start is None):
            if start is not None:
                spans.append((start, i))
                start = None
            if tag.startswith(("B", "I")):
                start = i
    return tuple(spans)


def load_skillspan(path: str | os.PathLike[str]) -> list[SkillSpanSentence]:
    """Read a SkillSpan json-lines file (``tokens``, ``tags_skill``, ``tags_knowledge``, ``source``, ``idx``)."""
    path = Path(path)
    if not path.exists():
        raise DocumentError(path, "file not found")
    sentences = []
    for i, line in enumerate(_json_lines(path, "a SkillSpan file"), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            sentences.append(SkillSpanSentence(
                posting=int(raw.get("idx", 0)), source=str(raw.get("source", "")),
                tokens=tuple(raw["tokens"]), skill_spans=bio_spans(raw["tags_skill"]),
                knowledge_spans=bio_spans(raw["tags_knowledge"]),
            ))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise DocumentError(path, f"line {i} is not a SkillSpan record ({type(exc).__name__})") from None
    return sentences
