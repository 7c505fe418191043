"""Which unmet requirements are the real skill gap: a learned gap classifier.

A posting names more skills than it asks for: an example inside a bullet
("software like Adobe Illustrator, Photoshop"), a detail ("understanding of
color"), a word from the role blurb. A resume that lacks those lacks nothing a
recruiter would hold against it, yet a keyword check reports them all. The
classifier here reads each required skill the resume does not show, together
with where and how the posting asks for it and how much of its wording and
its requirement line the resume covers, and says how likely it is a real gap.
It is trained on RJDB, whose unmatched resumes had known skills removed.

Skills the resume shows (by name, alias or wording) are never gaps, and a
related skill of the same family stays a partial match: the classifier only
sorts the rest into core gaps and minor ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.utils.validation import check_is_fitted

from matcher.skills.phrases import content_tokens
from matcher.skills.requirements import TECH_CATEGORIES, Requirement

__all__ = ["GAP_FEATURES", "GAP_FEATURE_SIGNS", "GapClassifier", "PostingGaps", "ResumeWords", "gap_features",
           "posting_gaps", "resume_words"]

_SECTIONS = ("requirements", "title", "summary", "responsibilities", "other")
_CATEGORIES = ("tech", "methodology", "domain knowledge", "soft skill", "certification/licence", "open")
# Each feature with the direction it may push the gap probability (1 up, -1 down, 0 either):
# the more a posting asks for a skill, the likelier a gap; the more of its words the resume
# shows, the less likely. The constraints keep the trees from learning quirks of the
# training postings that would turn a real requirement into a minor one elsewhere.
GAP_FEATURE_SIGNS = {
    "importance": 1, "in_taxonomy": 0, "kind_skill": 0,
    # Asked in the title or the requirements: never less likely a gap for it.
    **{f"section_{s}": 1 if s in ("title", "requirements") else 0 for s in _SECTIONS},
    **{f"category_{c.split('/')[0].replace(' ', '_')}": 0 for c in _CATEGORIES},
    "in_posting_summary": 1, "in_posting_requirements": 1, "in_posting_responsibilities": 1, "in_posting_title": 1,
    "heads_its_line": 1,  # named before the line's first ':' or ';' (anywhere on a line without them)
    "place_in_line": -1, "skills_on_line": 0, "order_on_line": -1, "mentions": 1,  # a line's first skill leads it
    "name_words": 0, "name_chars": 0,
    "name_words_in_resume": -1, "name_words_in_resume_skills": -1, "name_words_in_resume_experience": -1,
    "line_words_in_resume": 0, "line_words_in_resume_skills": 0, "line_best_resume_line": 0,
    "line_siblings_shown": 0, "name_in_resume": -1, "name_in_resume_skills": -1,
}
GAP_FEATURES = tuple(GAP_FEATURE_SIGNS)


@dataclass(frozen=True)
class PostingGaps:
    """The posting's side of :func:`gap_features`, computed once per posting.

    ``rows`` maps a requirement column to its posting-side features; ``siblings``
    to the other columns asked on the same line.
    """

    rows: dict[str, tuple[float, ...]]
    names: dict[str, tuple[str, ...]]  # lower-cased name and aliases
    name_tokens: dict[str, tuple[str, ...]]
    line_tokens: dict[str, tuple[str, ...]]
    siblings: dict[str, tuple[str, ...]]
    in_title: frozenset[str]  # columns the posting's title names: the job is about them


@dataclass(frozen=True)
class ResumeWords:
    """The words of a resume: content words of all its lines and of its skills and experience
    sections, the lines each word is on, and its lower-cased text and skills section."""

    all: frozenset[str]
    skills: frozenset[str]
    experience: frozenset[str]
    line_index: dict[str, tuple[int, ...]]  # word -> the lines that have it
    text: str
    skills_text: str


def _mentioned(names: list[str] | tuple[str, ...], text: str) -> bool:
    """Whether ``text`` has one of ``names`` as a whole word (not inside a longer word)."""
    return any(_whole_words(name, text, first=True) for name in names)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _whole_words(name: str, text: str, *, first: bool = False) -> list[int]:
    """Where ``name`` stands in ``text`` as a whole word (not inside "background" or "happy");
    with ``first``, only the first place."""
    found, at = [], text.find(name) if name else -1
    while at >= 0:
        end = at + len(name)
        if not (at and _is_word(text[at - 1])) and not (end < len(text) and _is_word(text[end])):
            found.append(at)
            if first:
                break
        at = text.find(name, at + 1)
    return found


def _first(names: list[str], text: str) -> int:
    """The first whole-word place of any of ``names`` in ``text``, or -1."""
    return min((p for n in names for p in _whole_words(n, text, first=True)), default=-1)


# The bullet marker and lead-in of a requirement line ("- Proficiency in ..."): where a
# skill stands on its line is counted from the first word that can name one.
_LINE_LEAD = re.compile(
    r"^[\s*•▪◦–-]*(?:\d{1,2}[.)]\s*)?(?:(?:strong|solid|excellent|good|proven|deep|advanced|working|"
    r"hands-on|demonstrated|current|basic)\s+)*(?:(?:proficiency|proficient|experience|experienced|expertise|"
    r"knowledge|familiarity|familiar|understanding|background|skills?|fluency|fluent|competence|ability)\s+"
    r"(?:in|with|of|using)\s+)?(?:the\s+)?", re.I)


def posting_gaps(requirements: tuple[Requirement, ...], columns: list[str], *, title: str, text: str,
                 section_text: dict[str, str]) -> PostingGaps:
    """Posting-side gap features of each requirement (``columns``: their skill-match columns)."""
    text = text.lower()
    title = title.lower()
    sections = {k: v.lower() for k, v in section_text.items()}
    by_line: dict[str, list[int]] = {}
    for i, r in enumerate(requirements):
        if r.required:
            by_line.setdefault(r.evidence, []).append(i)
    rows, names_of, name_tokens, line_tokens, siblings = {}, {}, {}, {}, {}
    for i, r in enumerate(requirements):
        if not r.required:
            continue
        column = columns[i]
        names = [r.name.lower(), *(a.lower() for a in r.aliases)]
        line = r.evidence.lower()
        line = line[_LINE_LEAD.match(line).end():]
        first = _first(names, line)
        place = first / max(1, len(line)) if first >= 0 else 0.5
        head = re.split(r"[;:]", line, maxsplit=1)[0]
        mates = by_line.get(r.evidence, [i])
        places = {j: _first([requirements[j].name.lower(), *(a.lower() for a in requirements[j].aliases)], line)
                  for j in mates}
        order = sorted(mates, key=lambda j: (places[j] % 100_000, j)).index(i)
        category = ("tech" if r.category in TECH_CATEGORIES else r.category if r.category in _CATEGORIES
                    else "domain knowledge")
        rows[column] = (
            r.importance, float(r.in_taxonomy), float(r.kind == "skill"),
            *(float(r.section == s) for s in _SECTIONS),
            *(float(category == c) for c in _CATEGORIES),
            float(_mentioned(names, sections.get("summary", ""))),
            float(_mentioned(names, sections.get("requirements", ""))),
            float(_mentioned(names, sections.get("responsibilities", ""))),
            float(_mentioned(names, title)),
            float(_first(names, head) >= 0), place, float(len(mates)), float(order),
            float(sum(len(_whole_words(n, text)) for n in dict.fromkeys(names))),
            float(len(r.name.split())), float(len(r.name)),
        )
        names_of[column] = tuple(names)
        name_tokens[column] = content_tokens(r.name)
        line_tokens[column] = content_tokens(r.evidence)
        siblings[column] = tuple(columns[j] for j in mates if j != i)
    in_title = frozenset(columns[i] for i, r in enumerate(requirements)
                         if r.required and (r.section == "title" or _first(names_of[columns[i]], title) >= 0))
    return PostingGaps(rows, names_of, name_tokens, line_tokens, siblings, in_title)


def resume_words(lines: tuple[str, ...], lines_tokens: tuple[tuple[str, ...], ...],
                 section_text: dict[str, str]) -> ResumeWords:
    """The words :func:`gap_features` reads from a resume (``lines``: its lines without contact details)."""
    skills = section_text.get("skills", "")
    index: dict[str, list[int]] = {}
    for k, tokens in enumerate(lines_tokens):
        for t in set(tokens):
            index.setdefault(t, []).append(k)
    known = dict(zip(lines, lines_tokens))

    def words_of(text: str) -> frozenset[str]:
        # Words never span lines, so a section's words are its lines' words, mostly known already.
        return frozenset(t for line in text.splitlines() for t in known.get(line.strip()) or content_tokens(line))

    return ResumeWords(
        all=frozenset(index),
        skills=words_of(skills),
        experience=words_of(section_text.get("experience", "")),
        line_index={t: tuple(ks) for t, ks in index.items()},
        text="\n".join(lines).lower(),
        skills_text=skills.lower(),
    )


def _share(tokens: tuple[str, ...], words: frozenset[str]) -> float:
    return sum(t in words for t in tokens) / len(tokens) if tokens else 0.0


def _best_line(tokens: tuple[str, ...], index: dict[str, tuple[int, ...]]) -> float:
    """The largest share of ``tokens`` that one resume line has."""
    counts: dict[int, int] = {}
    for t in tokens:
        for k in index.get(t, ()):
            counts[k] = counts.get(k, 0) + 1
    return max(counts.values(), default=0) / max(1, len(tokens))


def gap_features(posting: PostingGaps, resume: ResumeWords, shown: set[str], candidates: list[str],
                 cache: dict | None = None) -> np.ndarray:
    """One row of :data:`GAP_FEATURES` per candidate column (a required skill the resume does not show).

    ``shown``: the posting's columns the resume shows, by name or as a related skill.
    ``cache``: a dict kept for one resume across postings; skills and requirement lines
    that postings share are then read from the resume once.
    """
    cache = {} if cache is None else cache
    rows = []
    for column in candidates:
        line = posting.line_tokens[column]
        on_line = cache.get(line)
        if on_line is None:
            on_line = cache[line] = (_share(line, resume.all), _share(line, resume.skills),
                                     _best_line(line, resume.line_index))
        named = cache.get(column)
        if named is None:
            name, names = posting.name_tokens[column], posting.names[column]
            named = cache[column] = (
                _share(name, resume.all), _share(name, resume.skills), _share(name, resume.experience),
                float(_mentioned(names, resume.text)), float(_mentioned(names, resume.skills_text)))
        mates = posting.siblings[column]
        rows.append((
            *posting.rows[column], *named[:3], *on_line,
            sum(m in shown for m in mates) / len(mates) if mates else -1.0, *named[3:],
        ))
    return np.array(rows, dtype=float).reshape(len(candidates), len(GAP_FEATURES))


class GapClassifier(ClassifierMixin, BaseEstimator):
    """How likely an unmet requirement is a real gap, from :data:`GAP_FEATURES`.

    Gradient-boosted trees (the features interact: a skill heading its line in
    the requirements is a gap when its words are nowhere in the resume, an
    example inside a covered line is not). ``threshold`` is the probability
    from which a gap is reported as core rather than minor, chosen on dev.
    """

    def __init__(self, *, threshold: float = 0.25, max_iter: int = 150, learning_rate: float = 0.1,
                 max_leaf_nodes: int = 7, random_state: int = 0) -> None:
        self.threshold = threshold
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.random_state = random_state

    def fit(self, X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None) -> GapClassifier:
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != len(GAP_FEATURES):
            raise ValueError(f"X must have {len(GAP_FEATURES)} columns (GAP_FEATURES); got shape {X.shape}")
        self.model_ = HistGradientBoostingClassifier(
            max_iter=self.max_iter, learning_rate=self.learning_rate, max_leaf_nodes=self.max_leaf_nodes,
            monotonic_cst=[GAP_FEATURE_SIGNS[f] for f in GAP_FEATURES], random_state=self.random_state,
        ).fit(X, y, sample_weight=sample_weight)
        self.classes_ = self.model_.classes_
        self.feature_names_ = GAP_FEATURES
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        check_is_fitted(self, "model_")
        X = np.asarray(X, dtype=float)
        if len(X) == 0:
            return np.empty((0, len(self.classes_)))
        return self.model_.predict_proba(X)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The last of the sorted ``classes_`` (1 of 0/1: a core gap) where its probability >= ``threshold``,
        else the first."""
        proba = self.predict_proba(X)
        if not len(proba):
            return np.empty(0, dtype=self.classes_.dtype)
        return self.classes_[(proba[:, -1] >= self.threshold).astype(int)]

