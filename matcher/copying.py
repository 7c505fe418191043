"""Text copied from the posting into a resume: found by long shared word sequences.

A resume that pastes the posting's requirements back ("5+ years of Go and
Kafka in production...") shows the posting, not the candidate. Such lines are
not evidence; the pair is scored without them and flagged.
"""

from __future__ import annotations

import re
from collections import defaultdict

__all__ = ["SHINGLE_WORDS", "copied_lines", "shingle_index"]

SHINGLE_WORDS = 12  # twelve words in a row, in order, rarely repeat by chance
_WORD = re.compile(r"[a-z0-9+#]+")


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


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
            hits: set[int] = set()
            for start in range(len(words) - SHINGLE_WORDS + 1):  # none in a line of fewer words
                postings = index.get(tuple(words[start:start + SHINGLE_WORDS]))
                if postings:
                    hits |= postings
            for j in sorted(hits):
                found[(i, j)].append(k)
    return dict(found)
