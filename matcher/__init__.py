"""matcher: match resumes to job postings with a trained model, and say why.

The few names an analyst needs::

    import matcher
    postings = matcher.load_postings("seeds/postings")
    resumes = matcher.load_resumes("seeds/resumes")
    model = matcher.load_model()
    frame = model.score_frame(resumes, postings)
"""

from __future__ import annotations

__version__ = "0.1.0"

from matcher.documents import Posting, Resume
from matcher.errors import DocumentError, ModelError
from matcher.loaders import load_postings, load_resumes, postings_frame, resumes_frame
from matcher.model import Explanation, MatchModel, load_model
from matcher.skills import extract_skills

__all__ = [
    "__version__", "Posting", "Resume", "DocumentError", "ModelError", "MatchModel", "Explanation",
    "load_postings", "load_resumes", "postings_frame", "resumes_frame", "load_model", "extract_skills",
]
