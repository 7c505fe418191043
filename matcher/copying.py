"""Text copied from the posting into a resume: found by long shared word sequences.

A resume that pastes the posting's requirements back ("5+ years of Go and
Kafka in production...") shows the posting, not the candidate. Such lines are
not evidence; the pair is scored without them and flagged.

Only sentences count. A resume's list of skill names ("Manual Dexterity,
Physical Strength, Reading Comprehension, ...") claims each skill even when the
posting lists the same ones in the same order, so a list line is never a copy,
and a run of words never crosses a posting's line break (one-skill bullets).
"""

from __future__ import annotations

import re
from collections import defaultdict

__all__ = ["SHINGLE_WORDS", "copied_lines", "is_list", "shingle_index"]

SHINGLE_WORDS = 12  # twelve words in a row, in order, rarely repeat by chance
_WORD = re.compile(r"[a-z0-9+#]+")
_LIST_PARTS = re.compile(r"[,;|•]")


def is_list(line: str) -> bool:
    """Whether a line is a list of skills: three or more parts, most of six words or fewer."""
    parts = [p for p in _LIST_PARTS.split(line) if p.strip()]
    return len(parts) >= 3 and sum(len(p.split()) <= 6 for p in parts) >= 0.75 * len(parts)


def _shingles(text: str) -> set[tuple[str, ...]]:
    """Every run of ``SHINGLE_WORDS`` words inside one line of ``text``."""
    runs = set()
    for line in text.lower().splitlines():
        words = _WORD.findall(line)
        runs.update(tuple(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))
    return runs


def shingle_index(posting_texts: list[str]) -> dict[tuple[str, ...], set[int]]:
    """Which postings hold each run of words; build once, reuse for every chunk of resumes."""
    index: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for j, text in enumerate(posting_texts):
        for shingle in _shingles(text):
            index[shingle].add(j)
    return dict(index)


def copied_lines(resume_lines: list[tuple[str, ...]], posting_texts: list[str],
                 index: dict[tuple[str, ...], set[int]] | None = None) -> dict[tuple[int, int], list[int]]:
    """For each (resume, posting) pair with copying, the indexes of the resume's copied lines.

    ``resume_lines`` holds each resume's lines. One inverted index over the
    postings' word sequences serves all pairs, so the cost grows with the
    text, not with the number of pairs.
    """
    index = index if index is not None else shingle_index(posting_texts)
    found: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, lines in enumerate(resume_lines):
        for k, line in enumerate(lines):
            words = _WORD.findall(line.lower())
            if len(words) < SHINGLE_WORDS or is_list(line):  # too short to hold a run, or a list
                continue
            hits: set[int] = set()
            for start in range(len(words) - SHINGLE_WORDS + 1):  # none in a line of fewer words
                postings = index.get(tuple(words[start:start + SHINGLE_WORDS]))
                if postings:
                    hits |= postings
            for j in sorted(hits):
                found[(i, j)].append(k)
    return dict(found)
