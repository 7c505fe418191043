"""Training data and the training run: RJDB pairs (and a recruiter's own decisions) into a MatchModel."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from matcher.datasets import RJDBRow, file_sha256, load_rjdb
from matcher.evaluate import evaluate_matching
from matcher.model import MatchModel, save_model

__all__ = ["RJDB_AS_OF", "TrainingSet", "rjdb_training_set", "train_rjdb", "train_tagger"]

# RJDB's resumes were written in 2023; open ranges ("- Present") run to then.
RJDB_AS_OF = date(2024, 1, 1)
EASY_NEGATIVES = 3
SEED = 13


@dataclass(frozen=True)
class TrainingSet:
    """Prepared documents and labelled (resume index, posting index) pairs."""

    resumes: list
    postings: list
    pairs: np.ndarray
    labels: np.ndarray


def rjdb_training_set(model: MatchModel, rows: list[RJDBRow], *, seed: int = SEED) -> TrainingSet:
    """Matched = 1, its unmatched copy = 0 (hard), and a few other postings' resumes = 0 (easy)."""
    rng = np.random.default_rng(seed)
    postings = model.prepare_postings([r.posting for r in rows])
    resumes = model.prepare_resumes([doc for r in rows for doc in (r.matched, r.unmatched)])
    pairs, labels = [], []
    n = len(rows)
    for i in range(n):
        pairs += [(2 * i, i), (2 * i + 1, i)]
        labels += [1, 0]
        others = rng.choice(np.delete(np.arange(n), i), size=min(EASY_NEGATIVES, n - 1), replace=False)
        for j in others:
            pairs.append((2 * int(j) + int(rng.integers(2)), i))
            labels.append(0)
    return TrainingSet(resumes, postings, np.array(pairs), np.array(labels))


def train_rjdb(train_path: str | os.PathLike[str], out: str | os.PathLike[str], *,
               dev_path: str | os.PathLike[str] | None = None, C: float = 1.0) -> dict[str, Any]:
    """Train on an RJDB jsonl file, evaluate on ``dev_path`` if given, save model + card; return the card."""
    rows = load_rjdb(train_path)
    model = MatchModel(C=C, as_of=RJDB_AS_OF)
    data = rjdb_training_set(model, rows)
    model.fit(data.resumes, data.postings, data.pairs, data.labels)
    metrics: dict[str, Any] = {"train": evaluate_matching(model, rows)}
    if dev_path is not None:
        metrics["dev"] = evaluate_matching(model, load_rjdb(dev_path))
    training = {
        "data": [{"name": Path(train_path).name, "rows": len(rows), "sha256": file_sha256(train_path),
                  "source": "RJDB (Pezeshkpour et al. 2023), CC BY-SA 4.0"}],
        "pairs": int(len(data.labels)), "positives": int(data.labels.sum()),
        "negatives": {"hard (unmatched copy)": len(rows), "easy (other postings' resumes)": int(len(data.labels) - 2 * len(rows))},
        "seed": SEED, "as_of": str(RJDB_AS_OF),
    }
    return save_model(model, out, training=training, metrics=metrics)


def train_tagger(train_path: str | os.PathLike[str], out: str | os.PathLike[str], *,
                 dev_path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Train the Knowledge span tagger on a SkillSpan file, evaluate on ``dev_path``, save it with its card."""
    from matcher.datasets import load_skillspan
    from matcher.evaluate import evaluate_spans
    from matcher.model import save_artifact
    from matcher.skills import SkillExtractor, builtin_taxonomy
    from matcher.skills.tagger import SpanTagger

    sentences = load_skillspan(train_path)
    extractor = SkillExtractor.from_taxonomy(builtin_taxonomy())
    tagger = SpanTagger().fit([s.tokens for s in sentences], [s.knowledge_spans for s in sentences],
                              [s.posting for s in sentences], extractor)
    metrics: dict[str, Any] = {}
    if dev_path is not None:
        dev = evaluate_spans(extractor, load_skillspan(dev_path), tagger=tagger)
        metrics["dev"] = {k: v for k, v in dev.items() if k.startswith("knowledge")}
    training = {"data": [{"name": Path(train_path).name, "sentences": len(sentences),
                          "sha256": file_sha256(train_path),
                          "source": "SkillSpan (Zhang et al., NAACL 2022), MIT"}]}
    return save_artifact(tagger, out, training=training, metrics=metrics,
                         model={"type": "SpanTagger", "params": tagger.get_params(), "labels": "Knowledge BIO"})
