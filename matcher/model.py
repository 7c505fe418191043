"""MatchModel: a trained, calibrated scorer for (resume, posting) pairs, and its explanations.

The model is a :class:`~matcher.features.PairFeaturizer` followed by a
standardised logistic regression, so its probability is calibrated by
construction and each feature's contribution to a score can be read off.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from matcher.documents import Posting, Resume
from matcher.copying import copied_lines, shingle_index
from matcher.errors import ModelError
from matcher.gaps import (
    GAP_FEATURE_SIGNS, GAP_FEATURES, GapClassifier, PostingGaps, ResumeWords, gap_features, posting_gaps,
    resume_words,
)
from matcher.linear import SignedLogisticRegression, TwoStepLogisticRegression
from matcher.features import (
    FEATURE_SIGNS, FEATURES, ExperienceMatch, PairFeaturizer, PreparedPosting, PreparedResume, SkillMatch,
    experience_index, experience_match, prepare_posting, prepare_resume, requirement_column, requirement_names,
    skill_index, skill_match,
)
from matcher.skills.extract import SkillExtractor
from matcher.skills.phrases import blank_not_held, content_tokens
from matcher.skills.requirements import SECTION_WEIGHTS
from matcher.skills.taxonomy import Taxonomy, builtin_taxonomy

__all__ = ["MatchModel", "Explanation", "SkillGap", "FORMAT_VERSION", "CATEGORIES", "check_weights", "save_model", "load_model",
           "default_model_path", "save_artifact", "load_artifact", "load_tagger", "save_tagger", "default_tagger_path", "trained_on",
           "gap_side", "resume_gap_words", "unmet_requirements"]

FORMAT_VERSION = 1
CATEGORIES = ("skills", "experience", "title", "text")
CATEGORY_OF = {
    "text_cosine": "text", "skill_cosine": "skills", "required_coverage": "skills",
    "missing_required_weight": "skills", "partial_coverage": "skills", "nice_coverage": "skills",
    "experience_shortfall": "experience", "experience_short_any": "experience", "title_similarity": "title",
    "term_coverage": "text", "seniority_shortfall": "experience",
}


def check_weights(weights: dict[str, float] | None) -> dict[str, float]:
    """Category weights with defaults of 1; unknown categories or negative weights are refused."""
    out = dict.fromkeys(CATEGORIES, 1.0)
    for key, value in (weights or {}).items():
        if key not in out:
            raise ValueError(f"unknown weight {key!r}; use one of {', '.join(CATEGORIES)}")
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"weight {key}={value} must be a number >= 0")
        out[key] = float(value)
    return out


_PLAIN_WORDS = {
    "text_cosine": "overall wording shared with the posting",
    "skill_cosine": "overlap of skill vocabularies",
    "required_coverage": "share of required skills shown",
    "missing_required_weight": "weight of required skills missing",
    "partial_coverage": "required skills covered by a related skill",
    "nice_coverage": "share of nice-to-have skills shown",
    "experience_shortfall": "share of the asked years missing",
    "experience_short_any": "an experience requirement is not met (1 yes, 0 no)",
    "title_similarity": "closest past job title (or summary line) to this one",
    "term_coverage": "share of the posting's distinctive words used",
    "seniority_shortfall": "latest job title less senior than the posting's",
}


def reading(name: str, value: float) -> str:
    """What a feature's value says about one pair, in plain words ("every experience
    requirement is met"), so a contribution reads as a fact, not as a feature's name."""
    share = f"{100 * value:.0f}%"
    if name == "experience_short_any":
        return "an experience requirement is not met" if value >= 0.5 else "every experience requirement is met"
    if name == "experience_shortfall":
        return f"{share} of the asked years missing" if value > 0 else "none of the asked years missing"
    if name == "missing_required_weight":
        return f"required skills missing (weight {value:.2f})" if value > 0 else "no required skill missing"
    if name == "seniority_shortfall":
        return "latest job title less senior than the posting's" if value > 0 else "seniority as asked, or more"
    words = {
        "text_cosine": "wording shared with the posting",
        "skill_cosine": "skill vocabulary shared",
        "required_coverage": "of the required skills shown",
        "partial_coverage": "of the required skills covered by a related skill",
        "nice_coverage": "of the nice-to-have skills shown",
        "title_similarity": "closest past job title to this one",
        "term_coverage": "of the posting's distinctive words used",
    }[name]
    return f"{share} {words}" if words.startswith("of ") else f"{words}: {value:.2f}"


@dataclass(frozen=True)
class SkillGap:
    """One required skill and how the resume stands on it."""

    name: str
    aliases: list[str]
    importance: float
    evidence: str
    category: str
    kind: str
    resume_evidence: str = ""
    gap_probability: float | None = None  # for an unmet skill: how likely it is a real gap (see matcher.gaps)
    related: list[str] = field(default_factory=list)  # for a partial match: the resume's skills that stand in


@dataclass(frozen=True)
class Explanation:
    """Why a resume scored what it did against a posting."""

    resume_id: str
    posting_id: str
    title: str
    company: str
    score: float
    matched_skills: list[SkillGap]
    partial_skills: list[SkillGap]
    missing_skills: list[SkillGap]
    experience: dict[str, Any]
    minor_missing_skills: list[SkillGap] = field(default_factory=list)  # unmet, but peripheral to the posting
    contributions: list[dict[str, Any]] = field(default_factory=list)
    sub_scores: dict[str, float] = field(default_factory=dict)
    posting_url: str = ""
    posting_path: str | None = None
    resume_path: str | None = None
    hidden_words_ignored: int = 0
    copied_from_posting: list[str] = field(default_factory=list)
    nice_to_have_shown: list[str] = field(default_factory=list)  # the nice-to-haves the score counts as shown
    nice_to_have_not_shown: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the shape of ``matcher gaps --json``)."""
        return asdict(self)

    def redacted(self) -> Explanation:
        """The same explanation with emails, phone numbers and URLs replaced in every text."""
        from matcher.privacy import redact

        def clean(value: Any) -> Any:
            if isinstance(value, str):
                return redact(value)
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            if isinstance(value, list):
                return [clean(v) for v in value]
            return value

        data = clean(self.to_dict())
        for key in ("matched_skills", "partial_skills", "missing_skills", "minor_missing_skills"):
            data[key] = [SkillGap(**g) for g in data[key]]
        return Explanation(**data)


class MatchModel(BaseEstimator):
    """Scores how well resumes match postings, 0-100, calibrated on labelled pairs.

    Parameters
    ----------
    C : inverse regularisation strength of the logistic regression.
    as_of : the date that open date ranges ("2020 - Present") run to; ``None``
        means today, decided when documents are prepared.
    weights : how much each category of evidence counts (``skills``,
        ``experience``, ``title``, ``text``; default 1 each, the trained model).
        Other weights re-rank by the user's priorities; scores are then no
        longer calibrated probabilities.
    """

    def __init__(self, *, C: float = 1.0, as_of: date | None = None,
                 weights: dict[str, float] | None = None) -> None:
        self.C = C
        self.as_of = as_of
        self.weights = weights

    # -- documents ------------------------------------------------------------
    def extractor(self, taxonomy: Taxonomy | None = None) -> SkillExtractor:
        """The skill extractor for ``taxonomy`` (default: the built-in one), built once per model."""
        taxonomy = taxonomy if taxonomy is not None else builtin_taxonomy()
        cache = self.__dict__.setdefault("_extractors", {})
        cached = cache.get(id(taxonomy))
        if cached is None or cached[0] is not taxonomy:
            cached = cache[id(taxonomy)] = (taxonomy, SkillExtractor.from_taxonomy(taxonomy))
        return cached[1]

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_extractors", None)  # rebuilt from the taxonomy on demand
        return state

    def prepare_resumes(self, resumes: list[Resume], *, taxonomy: Taxonomy | None = None) -> list[PreparedResume]:
        as_of = self.as_of or date.today()
        extractor = self.extractor(taxonomy)
        return [prepare_resume(r, extractor, as_of=as_of) for r in resumes]

    def prepare_postings(self, postings: list[Posting], *, taxonomy: Taxonomy | None = None) -> list[PreparedPosting]:
        extractor = self.extractor(taxonomy)
        return [prepare_posting(p, extractor) for p in postings]

    # -- learning -------------------------------------------------------------
    def fit(self, resumes: list[PreparedResume], postings: list[PreparedPosting],
            pairs: np.ndarray, y: np.ndarray, related: np.ndarray | None = None) -> MatchModel:
        """Learn from labelled pairs: ``pairs[i] = (resume index, posting index)``, ``y[i]`` 1 = match.

        ``related`` (optional) marks the pairs of the same job: the matches and their near
        misses (RJDB's unmatched copies). With it the model learns both steps, "for this
        kind of job" and "meets this posting" (:class:`TwoStepLogisticRegression`).
        """
        pairs = np.asarray(pairs, dtype=int)
        y = np.asarray(y, dtype=int)
        if pairs.ndim != 2 or pairs.shape[1] != 2 or len(pairs) != len(y):
            raise ValueError(f"pairs must have shape (n, 2) matching y; got {pairs.shape} and {y.shape}")
        self.featurizer_ = PairFeaturizer().fit(resumes, postings)
        cube = self.features(resumes, postings)
        X = cube[pairs[:, 0], pairs[:, 1]]
        self.scaler_ = StandardScaler().fit(X)
        Xs = self.scaler_.transform(X)
        if related is None:
            self.classifier_ = SignedLogisticRegression(signs=FEATURE_SIGNS, C=self.C).fit(Xs, y)
        else:
            self.classifier_ = TwoStepLogisticRegression(signs=FEATURE_SIGNS, C=self.C).fit(Xs, y, related)
        self.feature_names_ = FEATURES
        return self

    # -- scoring --------------------------------------------------------------
    def _feature_weights(self) -> np.ndarray:
        weights = check_weights(self.weights)
        return np.array([weights[CATEGORY_OF[name]] for name in FEATURES])

    def _contributions(self, cube: np.ndarray) -> np.ndarray:
        """Each feature's push on the log-odds against an average pair, shape (..., n_features)."""
        flat = cube.reshape(-1, cube.shape[-1])
        z = self.scaler_.transform(flat) * self.classifier_.coef_.ravel() * self._feature_weights()
        return z.reshape(cube.shape)

    def _logits(self, cube: np.ndarray) -> np.ndarray:
        # The scaler, coefficients and weights folded into one vector: one pass over the cube.
        w = self.classifier_.coef_.ravel() * self._feature_weights() / self.scaler_.scale_
        b = self.classifier_.intercept_[0] - self.scaler_.mean_ @ w
        return (cube.reshape(-1, cube.shape[-1]) @ w + b).reshape(cube.shape[:-1])

    def posting_side(self, postings: list[PreparedPosting]) -> dict[str, Any]:
        """Everything about the postings that scoring needs, computed once for many chunks of resumes."""
        check_is_fitted(self, "featurizer_")
        side: dict[str, Any] = dict(self.featurizer_.transform_postings(postings))
        side["copies"] = shingle_index([p.posting.text for p in postings])
        side["skill_index"] = skill_index(postings)
        side["requirement_names"] = requirement_names(postings, tuple(side["skill_index"].keys))
        side["experience_index"] = experience_index(postings)
        if self.has_gap_classifier:
            side["gaps"] = [gap_side(p) for p in postings]
        return side

    def features(self, resumes: list[PreparedResume], postings: list[PreparedPosting],
                 posting_side: dict[str, Any] | None = None, match: SkillMatch | None = None) -> np.ndarray:
        """The feature cube, with lines copied from a posting left out of that pair's evidence."""
        return self.features_and_copies(resumes, postings, posting_side, match)[0]

    def features_and_copies(self, resumes: list[PreparedResume], postings: list[PreparedPosting],
                            posting_side: dict[str, Any] | None = None, match: SkillMatch | None = None,
                            experience: ExperienceMatch | None = None,
                            ) -> tuple[np.ndarray, dict[tuple[int, int], list[int]]]:
        """:meth:`features`, and the (resume, posting) pairs whose resume copied lines from the posting."""
        check_is_fitted(self, "featurizer_")
        side = posting_side if posting_side is not None else self.posting_side(postings)
        cube = self.featurizer_.transform(resumes, postings, side, match, experience)
        copies = copied_lines([r.skills.lines for r in resumes], [p.posting.text for p in postings], side["copies"])
        for (i, j), lines in copies.items():  # rare: only pairs that copied, never all pairs
            cleaned = self._without_lines(resumes[i], lines)
            cube[i, j] = self.featurizer_.transform([cleaned], [postings[j]])[0, 0]
        return cube, copies

    def _without_lines(self, resume: PreparedResume, lines: list[int]) -> PreparedResume:
        drop = {resume.skills.lines[k] for k in lines}
        kept = "\n".join(line for line in resume.resume.text.splitlines() if line.strip() not in drop)
        return self.prepare_resumes([Resume.from_text(kept, id=resume.id, path=resume.resume.path)])[0]

    def score_matrix(self, resumes: list[PreparedResume], postings: list[PreparedPosting]) -> np.ndarray:
        """Scores 0-100 for every (resume, posting), shape (n_resumes, n_postings)."""
        check_is_fitted(self, "classifier_")
        if not resumes or not postings:
            return np.zeros((len(resumes), len(postings)))
        return 100.0 / (1.0 + np.exp(-self._logits(self.features(resumes, postings))))

    def score_frame(self, resumes: Any, postings: Any):
        """One row per (resume, posting) with ``resume_id``, ``posting_id``, ``title``, ``score`` (0-100) and ``rank``.

        Accepts one document or a list of documents, prepared documents, or DataFrames
        with ``id`` and ``text`` columns (postings optionally ``title`` and ``hashtags``).
        """
        import pandas as pd

        from matcher.loaders import load_postings, load_resumes

        resumes = [resumes] if isinstance(resumes, (Resume, PreparedResume)) else resumes
        postings = [postings] if isinstance(postings, (Posting, PreparedPosting)) else postings
        rs = resumes if _all_prepared(resumes, PreparedResume) else self.prepare_resumes(load_resumes(resumes))
        ps = postings if _all_prepared(postings, PreparedPosting) else self.prepare_postings(load_postings(postings))
        scores = self.score_matrix(rs, ps)
        frame = pd.DataFrame({
            "resume_id": np.repeat([r.id for r in rs], len(ps)),
            "posting_id": np.tile([p.id for p in ps], len(rs)),
            "title": np.tile([p.posting.title for p in ps], len(rs)),
            "score": scores.ravel().round(2),
        })
        frame["rank"] = frame.groupby("resume_id")["score"].rank(ascending=False, method="first").astype(int)
        return frame.sort_values(["resume_id", "rank"], kind="stable").reset_index(drop=True)

    def explain(self, resume: Any, posting: Any) -> Explanation:
        """The score of one pair, its matched/partial/missing skills, experience gap and feature contributions.

        Each side is a document, a prepared one, a path, or a DataFrame row (or one-row frame)
        with ``id`` and ``text`` columns, as ``load_resumes(..., as_frame=True)`` gives.
        """
        from matcher.loaders import load_postings, load_resumes

        check_is_fitted(self, "classifier_")
        r = resume if isinstance(resume, PreparedResume) else self.prepare_resumes(
            [resume if isinstance(resume, Resume) else _one_document(resume, load_resumes, "resume")])[0]
        p = posting if isinstance(posting, PreparedPosting) else self.prepare_postings(
            [posting if isinstance(posting, Posting) else _one_document(posting, load_postings, "posting")])[0]
        copied = copied_lines([r.skills.lines], [p.posting.text]).get((0, 0), [])
        copied_text = [r.skills.lines[k] for k in copied]
        if copied:
            r = self._without_lines(r, copied)
        cube = self.featurizer_.transform([r], [p])
        pushes = self._contributions(cube)[0, 0]
        intercept = self.classifier_.intercept_[0]
        score = float(100.0 / (1.0 + np.exp(-(pushes.sum() + intercept))))
        contributions = [
            {"feature": name, "category": CATEGORY_OF[name], "meaning": _PLAIN_WORDS[name],
             "reading": reading(name, v), "value": round(float(v), 4), "contribution": round(float(c), 4)}
            for name, v, c in zip(FEATURES, cube[0, 0], pushes)
        ]
        # A category's sub-score: the score this pair would get if every other
        # category were that of an average pair.
        sub_scores = {
            category: round(float(100.0 / (1.0 + np.exp(-(intercept + sum(
                c for name, c in zip(FEATURES, pushes) if CATEGORY_OF[name] == category))))), 2)
            for category in CATEGORIES
        }
        contributions.sort(key=lambda c: -abs(c["contribution"]))
        match = skill_match([r], [p])
        index = {k: i for i, k in enumerate(match.keys)}
        present = match.present.toarray()[0]
        partial = match.partial.toarray()[0]
        either = match.either.toarray()[0]
        columns, shown, unmet = _shown_and_unmet(p, present, partial, index)
        side = gap_side(p)
        odds = dict(zip(unmet, self.gap_probabilities(r, p, shown, unmet, posting_gaps_=side).tolist()))
        core = self.core_gaps(unmet, [odds[c] for c in unmet], side)
        matched, partial_list, missing, minor = [], [], [], []
        for req, column in zip(p.requirements, columns):
            k = index[column]
            if not req.required or either[k]:  # "Go or Rust" met by Go: nothing of its own to list
                continue
            gap = SkillGap(req.name, list(req.aliases), req.importance, req.evidence, req.category, req.kind,
                           r.skills.evidence.get(req.name, "") or (_shown_line(r, req) if present[k] else ""),
                           round(odds[column], 4) if column in odds and self.has_gap_classifier else None,
                           r.skills.related_to(req) if partial[k] and not present[k] else [])
            if present[k]:
                matched.append(gap)
            elif partial[k]:
                partial_list.append(gap)
            else:
                (missing if column in core else minor).append(gap)
        # Coverage features are weighted by importance and smoothed; say what they count instead.
        n_required = len(matched) + len(partial_list) + len(missing) + len(minor)
        # Nice-to-haves as a reader counts them: not every word of the blurb, benefits or hashtags.
        nice = [(req.name, index[c]) for req, c in zip(p.requirements, columns)
                if not req.required and req.importance >= SECTION_WEIGHTS["nice_to_have"]]
        nice_shown = [name for name, k in nice if present[k] > 0]
        not_shown = len(missing) + len(minor)
        counts = {"required_coverage": f"{len(matched)} of {n_required} required skills shown",
                  "partial_coverage": f"{len(partial_list)} of {n_required} required skills covered by a related skill",
                  "nice_coverage": (f"{len(nice_shown)} of {len(nice)} nice-to-have skills shown"
                                    if nice else "no nice-to-have skills asked")}
        if not_shown:
            counts["missing_required_weight"] = (
                f"{not_shown} required skill{'s' if not_shown > 1 else ''} not shown"
                + (f", {len(minor)} of them likely minor" if minor else ""))
        signs = dict(zip(FEATURES, FEATURE_SIGNS))
        for c in contributions:
            c["reading"] = counts.get(c["feature"], c["reading"])
            if c["feature"] not in _YES_NO_FEATURES and abs(c["contribution"]) >= 0.005:
                # "+0.36 required skills missing" reads as if missing skills raised the score: say
                # that it raised it for fewer missing than an average pair has.
                more = (c["contribution"] > 0) == (signs[c["feature"]] > 0)
                c["reading"] += " (more than an average pair)" if more else " (less than an average pair)"
        exp = experience_match([r], [p])
        details = [
            {"requirement": req.evidence, "subject": req.subject, "required_years": req.years,
             "held_years": round(float(exp.held[i, 0]), 2),
             "shortfall_years": round(float(exp.shortfall[i, 0]), 2)}
            for i, req in enumerate(p.experience)
        ]
        worst = max(details, key=lambda d: d["shortfall_years"], default=None)
        experience = {
            "required_years": worst["required_years"] if worst else 0.0,
            "held_years": worst["held_years"] if worst else round(r.total_years, 2),
            "shortfall_years": worst["shortfall_years"] if worst else 0.0,
            "total_years": round(r.total_years, 2),
            "requirements": details,
        }
        return Explanation(r.id, p.id, p.posting.title, p.posting.company, round(score, 2),
                           matched, partial_list, missing, experience, minor_missing_skills=minor,
                           contributions=contributions, sub_scores=sub_scores,
                           posting_url=p.posting.url or str(p.posting.metadata.get("applyUrl") or ""),
                           posting_path=str(p.posting.path) if p.posting.path else None,
                           resume_path=str(r.resume.path) if r.resume.path else None,
                           hidden_words_ignored=r.resume.hidden_words, copied_from_posting=copied_text,
                           nice_to_have_shown=nice_shown,
                           nice_to_have_not_shown=[name for name, k in nice if present[k] <= 0])

    # -- skill gaps -------------------------------------------------------------
    @property
    def has_gap_classifier(self) -> bool:
        """Whether this model sorts unmet skills into core and minor gaps (models trained on RJDB do)."""
        return getattr(self, "gaps_", None) is not None

    def gap_features(self, resume: PreparedResume, posting: PreparedPosting, shown: set[str], unmet: list[str],
                     *, posting_gaps_: PostingGaps | None = None, words: ResumeWords | None = None) -> np.ndarray:
        """The :data:`~matcher.gaps.GAP_FEATURES` of each unmet requirement column of a pair.

        ``shown``: the posting's requirement columns the resume shows or has a related skill for.
        """
        pg = posting_gaps_ if posting_gaps_ is not None else gap_side(posting)
        rw = words if words is not None else resume_gap_words(resume)
        return gap_features(pg, rw, shown, unmet)

    def gap_probabilities(self, resume: PreparedResume, posting: PreparedPosting, shown: set[str],
                          unmet: list[str], **sides: Any) -> np.ndarray:
        """How likely each unmet requirement column is a real gap; 1 for all without a gap classifier."""
        if not self.has_gap_classifier or not unmet:
            return np.ones(len(unmet))
        return self.gaps_.predict_proba(self.gap_features(resume, posting, shown, unmet, **sides))[:, -1]

    def core_gaps(self, unmet: list[str], probabilities: list[float], posting_gaps_: PostingGaps) -> set[str]:
        """The unmet columns that are core gaps (all of them without a gap classifier); a skill
        the posting's title names is always one, whatever the classifier says, and so is every
        skill of a posting that asks for only a few: the classifier learned what is minor from
        postings that ask for many."""
        if not self.has_gap_classifier or len(posting_gaps_.rows) <= FEW_ASKS:
            return set(unmet)
        return {c for c, p in zip(unmet, probabilities) if p >= self.gaps_.threshold or c in posting_gaps_.in_title}

    def fit_gaps(self, X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None, *,
                 threshold: float | None = None) -> MatchModel:
        """Learn which unmet requirements are real gaps: ``X`` from :meth:`gap_features`, ``y`` 1 = real gap."""
        params = {} if threshold is None else {"threshold": threshold}
        self.gaps_ = GapClassifier(**params).fit(X, y, sample_weight)
        return self


# A posting asking for this many skills or fewer names no minor ones.
FEW_ASKS = 3


def unmet_requirements(resume: PreparedResume, posting: PreparedPosting) -> tuple[set[str], list[str]]:
    """The posting's requirement columns the resume shows (or has a related skill for), and its unmet required ones."""
    match = skill_match([resume], [posting])
    index = {k: i for i, k in enumerate(match.keys)}
    _, shown, unmet = _shown_and_unmet(posting, match.present.toarray()[0], match.partial.toarray()[0], index)
    return shown, unmet


def _shown_and_unmet(posting: PreparedPosting, present: np.ndarray, partial: np.ndarray,
                     index: dict[str, int]) -> tuple[list[str], set[str], list[str]]:
    columns = [requirement_column(req) for req in posting.requirements]
    shown = {c for c in columns if present[index[c]] or partial[index[c]]}
    unmet = [c for c, req in zip(columns, posting.requirements) if req.required and c not in shown]
    return columns, shown, unmet


def gap_side(posting: PreparedPosting) -> PostingGaps:
    """The posting's side of the gap features, computed once per posting."""
    sections = {k: posting.posting.section_text(k) for k in ("summary", "requirements", "responsibilities")}
    return posting_gaps(posting.requirements, [requirement_column(r) for r in posting.requirements],
                        title=posting.posting.title, text=posting.posting.text, section_text=sections)


def resume_gap_words(resume: PreparedResume) -> ResumeWords:
    """The resume's side of the gap features."""
    # Without what the resume says it lacks ("no experience with Kubernetes"), as its skills are.
    sections = {k: resume.resume.section_text(k) for k in ("skills", "experience")}
    lines = resume.skills.lines
    if resume.skills.says_lacks:  # most resumes say no such thing
        sections = {k: blank_not_held(v) for k, v in sections.items()}
        lines = tuple(blank_not_held(line).strip() for line in lines)
    return resume_words(lines, resume.skills.line_tokens, sections)


_YES_NO_FEATURES = frozenset({"experience_short_any"})  # read as yes or no, never as more or less


def _shown_line(resume: PreparedResume, requirement) -> str:
    """The resume line that shows a requirement it does not name: the line sharing most of its
    words, or that of a skill showing it (the Docker line for Containerization)."""
    best = _best_line(resume, requirement)
    if best and set(requirement.tokens) <= set(content_tokens(best)):
        return best  # the line names it in full: "strong written communication"
    # Else the line of a skill that shows it, from work before asides: "written" alone in
    # "ClickHouse, written in Go" shows no Written Communication; the design docs do.
    through = sorted(resume.skills.shown_through(requirement), key=lambda n: n in resume.skills.aside_only)
    line = resume.skills.evidence.get(through[0], "") if through else ""
    return line or best


def _best_line(resume: PreparedResume, requirement) -> str:
    """The resume line sharing most words with a requirement matched by its words, not its name."""
    wanted = set(requirement.tokens)
    if not wanted:
        return ""
    overlaps = [len(wanted & set(tokens)) for tokens in resume.skills.line_tokens]
    best = int(np.argmax(overlaps)) if overlaps else -1
    return resume.skills.lines[best] if best >= 0 and overlaps[best] else ""


def _one_document(source: Any, load: Any, kind: str) -> Any:
    """The one document ``load`` (:func:`~matcher.loaders.load_resumes` or ``load_postings``) reads
    from ``source``; a DataFrame row is read as a one-row frame."""
    if type(source).__name__ == "Series" and hasattr(source, "to_frame"):
        source = source.to_frame().T
    documents = load(source)
    if len(documents) != 1:
        raise ValueError(f"explain takes one {kind}; {type(source).__name__} gave {len(documents)}")
    return documents[0]


def _all_prepared(items: Any, kind: type) -> bool:
    return isinstance(items, list) and bool(items) and all(isinstance(i, kind) for i in items)


# --- persistence -------------------------------------------------------------------

def _shipped(name: str) -> Path:
    """A shipped artifact: inside the installed package, or ``models/`` of a source checkout."""
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "models" / name, package_dir.parent / "models" / name):
        if candidate.exists():
            return candidate
    return package_dir / "models" / name


def default_model_path() -> Path:
    """The shipped match model."""
    return _shipped("default.joblib")


def default_tagger_path() -> Path:
    """The shipped SkillSpan tagger."""
    return _shipped("skill_tagger.joblib")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _versions() -> dict[str, str]:
    import joblib
    import scipy
    import sklearn

    from matcher import __version__

    return {"matcher": __version__, "python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "numpy": np.__version__, "scipy": scipy.__version__, "joblib": joblib.__version__}


def card_path(model_path: Path) -> Path:
    return model_path.with_suffix(".json")


def save_artifact(obj: Any, path: str | os.PathLike[str], *, model: dict[str, Any], training: dict[str, Any],
                  metrics: dict[str, Any]) -> dict[str, Any]:
    """Write a joblib bundle and its JSON card side by side; return the card."""
    import joblib

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(obj, path, compress=3)
    card = {
        "format_version": FORMAT_VERSION,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "versions": _versions(),
        "model": model,
        "training": training,
        "metrics": metrics,
        "artifact": {"file": path.name, "sha256": _sha256(path)},
        "warning": "A joblib file can execute code when loaded; only load model files you trust.",
    }
    card_path(path).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card


def save_model(model: MatchModel, path: str | os.PathLike[str], *, training: dict[str, Any],
               metrics: dict[str, Any]) -> dict[str, Any]:
    """Write the match model and its card."""
    check_is_fitted(model, "classifier_")
    return save_artifact(model, path, training=training, metrics=metrics, model={
        "type": "MatchModel", "params": {"C": model.C, "as_of": str(model.as_of) if model.as_of else None},
        "classifier": type(model.classifier_).__name__,
        "features": list(FEATURES),
        "coefficients": dict(zip(FEATURES, np.round(model.classifier_.coef_.ravel(), 4).tolist())),
        "gap_classifier": {
            "type": "GapClassifier (gradient-boosted trees, monotonic constraints)",
            "params": model.gaps_.get_params(),
            "features": {f: GAP_FEATURE_SIGNS[f] for f in GAP_FEATURES},
        } if model.has_gap_classifier else None})


def read_card(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The model card of ``path`` (default: the shipped model)."""
    path = Path(path) if path is not None else default_model_path()
    card_file = card_path(path)
    if not card_file.exists():
        raise ModelError(path, f"model card {card_file.name} not found next to the model")
    try:
        return json.loads(card_file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ModelError(card_file, "model card is not valid JSON") from None


def load_artifact(path: Path, expected: type) -> Any:
    """Load a joblib bundle after checking it against its card (checksum, format, library versions).

    Loading a joblib file runs code from it: load only files you trust. The
    checksum check refuses files altered after their card was written.
    """
    import joblib
    import sklearn

    if not path.exists():
        raise ModelError(path, "model file not found (train one with `matcher train`)")
    card = read_card(path)
    if card.get("format_version") != FORMAT_VERSION:
        raise ModelError(path, f"model format {card.get('format_version')} is not supported "
                               f"(this matcher reads format {FORMAT_VERSION}); retrain it")
    expected_sha = (card.get("artifact") or {}).get("sha256")
    if expected_sha != _sha256(path):
        raise ModelError(path, "checksum does not match the model card; the file was altered or corrupted")
    trained = str((card.get("versions") or {}).get("scikit-learn", ""))
    if trained.split(".")[:2] != sklearn.__version__.split(".")[:2]:
        raise ModelError(path, f"model was made with scikit-learn {trained}, this is {sklearn.__version__}; "
                               "retrain it or install the matching version")
    try:
        obj = joblib.load(path)
    except Exception as exc:  # a damaged pickle can raise nearly anything
        raise ModelError(path, f"model file cannot be read ({type(exc).__name__})") from None
    if not isinstance(obj, expected):
        raise ModelError(path, f"not a matcher {expected.__name__} (found {type(obj).__name__})")
    return obj


def load_model(path: str | os.PathLike[str] | None = None, *, as_of: date | None = None,
               weights: dict[str, float] | None = None) -> MatchModel:
    """Load a match model, checked against its card (see :func:`load_artifact`).

    ``as_of`` is the date "Present" in a resume means; ``None`` means today
    (the date the model was trained with is for its training data only).
    """
    model = load_artifact(Path(path) if path is not None else default_model_path(), MatchModel)
    model.as_of = as_of
    model.weights = check_weights(weights) if weights else None
    return model


def trained_on(path: str | os.PathLike[str]) -> set[str]:
    """sha256 of each data file that the card of the model at ``path`` says it was trained on."""
    return {d.get("sha256") for d in (read_card(path).get("training") or {}).get("data", [])}


def load_tagger(path: str | os.PathLike[str] | None = None):
    """Load a SkillSpan :class:`~matcher.skills.tagger.SpanTagger`, checked against its card."""
    from matcher.skills.tagger import LABELS, SpanTagger

    path = Path(path) if path is not None else default_tagger_path()
    labels = (read_card(path).get("model") or {}).get("labels") if path.exists() else LABELS
    if labels != LABELS:
        raise ModelError(path, f"tagger labels {labels!r} come from an older matcher (now {LABELS!r}); "
                               "retrain it with `matcher train-tagger`")
    return load_artifact(path, SpanTagger)


def save_tagger(tagger, path: str | os.PathLike[str], *, training: dict[str, Any],
                metrics: dict[str, Any]) -> dict[str, Any]:
    """Write a fitted :class:`~matcher.skills.tagger.SpanTagger` and its card."""
    from matcher.skills.tagger import LABELS

    check_is_fitted(tagger, "model_bytes_")
    return save_artifact(tagger, path, training=training, metrics=metrics,
                         model={"type": "SpanTagger", "params": tagger.get_params(), "labels": LABELS})
