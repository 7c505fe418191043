"""matcher: match resumes to job postings with a trained model, and say why.

The few names an analyst needs::

    import matcher
    postings = matcher.load_postings("seeds/postings")
    resumes = matcher.load_resumes("seeds/resumes")
    model = matcher.load_model()
    frame = model.score_frame(resumes, postings)

The model and skills are imported on first use, so ``import matcher`` and
``matcher --help`` stay fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

from matcher.documents import Posting, Resume
from matcher.errors import DocumentError, ModelError
from matcher.loaders import load_postings, load_resumes, postings_frame, resumes_frame

_LAZY = {
    "MatchModel": "matcher.model",
    "Explanation": "matcher.model",
    "load_model": "matcher.model",
    "extract_skills": "matcher.skills",
}

__all__ = [
    "__version__", "Posting", "Resume", "DocumentError", "ModelError", "MatchModel", "Explanation",
    "load_postings", "load_resumes", "postings_frame", "resumes_frame", "load_model", "extract_skills",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'matcher' has no attribute {name!r}")
