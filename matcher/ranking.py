"""Ranking: postings for a resume, resumes for a posting, each with its explanation."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from matcher.features import PreparedPosting, PreparedResume
from matcher.model import Explanation, MatchModel

__all__ = ["rank_postings", "rank_resumes", "top_k", "default_postings_path"]


def default_postings_path() -> Path:
    """The bundled seeds corpus: inside the installed package, or ``seeds/postings`` of a checkout."""
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "seeds" / "postings", package_dir.parent / "seeds" / "postings"):
        if candidate.is_dir():
            return candidate
    return package_dir / "seeds" / "postings"


def top_k(scores: np.ndarray, k: int | None) -> np.ndarray:
    """Indices of the ``k`` highest scores, best first; ties keep input order (stable)."""
    scores = np.asarray(scores)
    if k is None or k >= scores.size:
        return np.argsort(-scores, kind="stable")
    part = np.argpartition(-scores, k - 1)[:k]
    # stable among the kept ones: sort by (-score, index)
    return part[np.lexsort((part, -scores[part]))]


def rank_postings(model: MatchModel, resume: PreparedResume, postings: list[PreparedPosting],
                  *, top: int | None = 10) -> list[Explanation]:
    """The ``top`` postings for one resume, best first, each explained."""
    scores = model.score_matrix([resume], postings)[0]
    return [model.explain(resume, postings[j]) for j in top_k(scores, top)]


def rank_resumes(model: MatchModel, posting: PreparedPosting, resumes: list[PreparedResume],
                 *, top: int | None = None) -> list[Explanation]:
    """The ``top`` resumes for one posting, best first, each explained."""
    scores = model.score_matrix(resumes, [posting])[:, 0]
    return [model.explain(resumes[i], posting) for i in top_k(scores, top)]
