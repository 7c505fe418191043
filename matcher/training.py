"""Training data and the training run: RJDB pairs (and a recruiter's own decisions) into a MatchModel."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from matcher.datasets import RJDBRow, file_sha256, load_rjdb
from matcher.errors import DocumentError
from matcher.evaluate import evaluate_gaps, evaluate_matching, names_gold
from matcher.features import requirement_column
from matcher.gaps import GAP_FEATURES
from matcher.model import MatchModel, save_model, unmet_requirements

__all__ = ["RJDB_AS_OF", "TrainingSet", "rjdb_training_set", "gap_examples", "choose_gap_threshold", "train_rjdb", "fit_tagger", "train_tagger", "load_decisions",
           "train_decisions"]

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
    related: np.ndarray | None = None  # True for a posting's own resumes, matched or not


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
    pairs_array = np.array(pairs)
    related = pairs_array[:, 0] // 2 == pairs_array[:, 1]
    return TrainingSet(resumes, postings, pairs_array, np.array(labels), related)


def gap_examples(model: MatchModel, resumes: list, postings: list,
                 lacks: list[tuple[int, int, tuple[str, ...]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gap features and labels of every unmet requirement of the pairs in ``lacks``.

    ``lacks``: (resume index, posting index, the skills that resume truly lacks for that
    posting). An unmet requirement naming a lacked skill is a real gap (1); one that
    names it only through its requirement line counts when no requirement names it
    outright. When several name the same lacked skill, the most important is the
    gap and the others are left out (weight 0) rather than taught as non-gaps.
    """
    X, y, w = [], [], []
    for i, j, lacked in lacks:
        resume, posting = resumes[i], postings[j]
        shown, unmet = unmet_requirements(resume, posting)
        if not unmet:
            continue
        reqs = {requirement_column(r): r for r in posting.requirements}
        labels, weights = np.zeros(len(unmet), dtype=int), np.ones(len(unmet))
        for skill in lacked:
            named = [k for k, c in enumerate(unmet) if names_gold([reqs[c].name, *reqs[c].aliases], skill)]
            named = named or [k for k, c in enumerate(unmet) if names_gold([reqs[c].evidence], skill)]
            if not named:
                continue
            best = max(named, key=lambda k: (labels[k] == 0, reqs[unmet[k]].importance, -k))
            for k in named:
                if k == best:
                    labels[k], weights[k] = 1, 1.0
                elif labels[k] == 0:
                    weights[k] = 0.0
        X.append(model.gap_features(resume, posting, shown, unmet))
        y.append(labels)
        w.append(weights)
    if not X:
        return np.empty((0, len(GAP_FEATURES))), np.empty(0, dtype=int), np.empty(0)
    return np.vstack(X), np.concatenate(y), np.concatenate(w)


GAP_THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


# The target is at most 0.5 false missing skills per matched resume on held-out data;
# dev is chosen on, so it keeps a margin.
MAX_FALSE_MISSING_DEV = 0.45


def choose_gap_threshold(model: MatchModel, rows: list[RJDBRow]) -> tuple[float, list[dict[str, float]]]:
    """The gap threshold with the best missing-skill F1 on ``rows`` (a dev split) among those that
    report at most ``MAX_FALSE_MISSING_DEV`` false missing skills per matched resume, and every
    threshold's scores."""
    scores = []
    for threshold in GAP_THRESHOLDS:
        model.gaps_.threshold = threshold
        scores.append({"threshold": threshold, **evaluate_gaps(model, rows)})
    within = [s for s in scores if s["false_missing_per_matched"] <= MAX_FALSE_MISSING_DEV] or scores[-1:]
    best = max(within, key=lambda s: (s["missing_f1"], -s["false_missing_per_matched"]))
    model.gaps_.threshold = best["threshold"]
    return best["threshold"], scores


def train_rjdb(train_path: str | os.PathLike[str], out: str | os.PathLike[str], *,
               dev_path: str | os.PathLike[str] | None = None, C: float = 1.0) -> dict[str, Any]:
    """Train on an RJDB jsonl file, evaluate on ``dev_path`` if given, save model + card; return the card."""
    rows = load_rjdb(train_path)
    model = MatchModel(C=C, as_of=RJDB_AS_OF)
    data = rjdb_training_set(model, rows)
    model.fit(data.resumes, data.postings, data.pairs, data.labels, related=data.related)
    lacks = [(2 * i + k, i, tuple(row.removed_skills) if k else ()) for i, row in enumerate(rows) for k in (0, 1)]
    X, y, w = gap_examples(model, data.resumes, data.postings, lacks)
    # Without both real gaps and unmet skills that are not, there is nothing to tell apart:
    # every unmet skill is then reported as missing.
    learn_gaps = len(np.unique(y[w > 0])) == 2
    if learn_gaps:
        model.fit_gaps(X, y, w)
    metrics: dict[str, Any] = {}
    sweep: list[dict[str, float]] = []
    dev_rows = load_rjdb(dev_path) if dev_path is not None else None
    if dev_rows is not None and learn_gaps:
        _, sweep = choose_gap_threshold(model, dev_rows)
    metrics["train"] = {**evaluate_matching(model, rows), **evaluate_gaps(model, rows)}
    if dev_rows is not None:
        metrics["dev"] = {**evaluate_matching(model, dev_rows), **evaluate_gaps(model, dev_rows)}
    training = {
        "data": [{"name": Path(train_path).name, "rows": len(rows), "sha256": file_sha256(train_path),
                  "source": "RJDB (Pezeshkpour et al. 2023), CC BY-SA 4.0"}],
        "pairs": int(len(data.labels)), "positives": int(data.labels.sum()),
        "negatives": {"hard (unmatched copy)": len(rows), "easy (other postings' resumes)": int(len(data.labels) - 2 * len(rows))},
        "seed": SEED, "as_of": str(RJDB_AS_OF),
        "gap_classifier": {"examples": int(len(y)), "real_gaps": int(y.sum()), "left_out": int((w == 0).sum()),
                           "threshold": float(model.gaps_.threshold),
                           "threshold_chosen_on": (f"dev (best missing-skill F1 with at most {MAX_FALSE_MISSING_DEV} false missing "
                                                   "per matched resume)") if dev_path else "default",
                           "threshold_sweep": [{k: s[k] for k in ("threshold", "missing_precision", "missing_recall",
                                                                  "missing_f1", "false_missing_per_matched")}
                                               for s in sweep]} if learn_gaps else "not trained: the data has no unmet skill of both kinds",
    }
    return save_model(model, out, training=training, metrics=metrics)


def fit_tagger(sentences, extractor, *, params: dict[str, Any] | None = None,
               groups: Sequence[int] | None = None):
    """A :class:`~matcher.skills.tagger.SpanTagger` fitted on SkillSpan sentences' Knowledge spans.

    ``groups`` (default: each sentence's posting) keep a posting's sentences in one gazetteer fold.
    """
    from matcher.skills.tagger import SpanTagger

    return SpanTagger(**(params or {})).fit(
        [s.tokens for s in sentences], [s.knowledge_spans for s in sentences],
        [s.posting for s in sentences] if groups is None else groups, extractor)


def train_tagger(train_path: str | os.PathLike[str], out: str | os.PathLike[str], *,
                 dev_path: str | os.PathLike[str] | None = None, refit_on_dev: bool = False) -> dict[str, Any]:
    """Train the Knowledge span tagger on a SkillSpan file, evaluate on ``dev_path``, save it with its card.

    With ``refit_on_dev`` the tagger is measured on dev first, then fitted
    again on train and dev together and saved: more annotated postings for
    the held-out splits that decide. Its card keeps the train-only dev scores
    and says so, since the saved tagger has seen dev.
    """
    from matcher.datasets import load_skillspan
    from matcher.evaluate import evaluate_spans
    from matcher.model import save_tagger
    from matcher.skills import SkillExtractor, builtin_taxonomy

    if refit_on_dev and dev_path is None:
        raise ValueError("refitting on dev needs a dev file")
    sentences = load_skillspan(train_path)
    extractor = SkillExtractor.from_taxonomy(builtin_taxonomy())
    tagger = fit_tagger(sentences, extractor)
    metrics: dict[str, Any] = {}
    data = [{"name": Path(train_path).name, "sentences": len(sentences), "sha256": file_sha256(train_path),
             "source": "SkillSpan (Zhang et al., NAACL 2022), MIT"}]
    if dev_path is not None:
        dev_sentences = load_skillspan(dev_path)
        dev = evaluate_spans(extractor, dev_sentences, tagger=tagger)
        metrics["dev"] = {k: v for k, v in dev.items() if k.startswith("knowledge")}
    if refit_on_dev:
        # Posting ids restart in each file; shift dev's so train posting k and dev posting k are two groups.
        shift = max((s.posting for s in sentences), default=-1) + 1
        tagger = fit_tagger([*sentences, *dev_sentences], extractor, params=tagger.get_params(),
                            groups=[s.posting for s in sentences] + [s.posting + shift for s in dev_sentences])
        data.append({**data[0], "name": Path(dev_path).name, "sentences": len(dev_sentences),
                     "sha256": file_sha256(dev_path)})
        metrics["dev_note"] = ("dev scores are of the same settings fitted on the training file alone; "
                               "the saved tagger was then fitted on training and dev together")
    return save_tagger(tagger, out, training={"data": data}, metrics=metrics)


def _document_cell(value: str, base: Path, kind: str, row: int, path: Path):
    """A decisions-CSV cell: a file path (absolute or relative to the CSV) or the document's text."""
    from matcher.documents import Posting, Resume
    from matcher.loaders import load_posting, load_resume

    value = (value or "").strip()
    if not value:
        raise DocumentError(path, f"row {row}: empty {kind}")
    candidate = Path(value) if Path(value).is_absolute() else base / value
    looks_like_path = "\n" not in value and len(value) < 400
    if looks_like_path and candidate.is_file():
        return load_posting(candidate) if kind == "posting" else load_resume(candidate)
    if looks_like_path and " " not in value and Path(value).suffix.lower() in {".pdf", ".docx", ".txt", ".md", ".html", ".htm"}:
        raise DocumentError(path, f"row {row}: {kind} file {value} not found (relative paths start at the CSV's folder, "
                                  f"{base})")
    doc_id = f"{path.stem}:{row}:{kind}"
    return Posting.from_text(value, id=doc_id) if kind == "posting" else Resume.from_text(value, id=doc_id)


def load_decisions(model: MatchModel, path: str | os.PathLike[str]) -> TrainingSet:
    """A recruiter's own decisions: a CSV with ``resume``, ``posting`` (each a path or the text) and ``label`` (1/0)."""
    import csv
    import io

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(path, f"cannot read decisions CSV ({exc})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    if not {"resume", "posting", "label"} <= set(reader.fieldnames or ()):
        raise DocumentError(path, "decisions CSV needs the columns resume, posting, label")
    if not rows:
        raise DocumentError(path, "decisions CSV has no rows to learn from")
    resumes, postings, pairs, labels = [], [], [], []
    seen_r: dict[str, int] = {}
    seen_p: dict[str, int] = {}
    for i, row in enumerate(rows, start=2):
        label = str(row["label"]).strip().lower()
        if label not in {"1", "0", "true", "false", "yes", "no", "match", "no match"}:
            raise DocumentError(path, f"row {i}: label must be 1 or 0, got {row['label']!r}")
        r_key, p_key = row["resume"].strip(), row["posting"].strip()
        if r_key not in seen_r:
            seen_r[r_key] = len(resumes)
            resumes.append(_document_cell(r_key, path.parent, "resume", i, path))
        if p_key not in seen_p:
            seen_p[p_key] = len(postings)
            postings.append(_document_cell(p_key, path.parent, "posting", i, path))
        pairs.append((seen_r[r_key], seen_p[p_key]))
        labels.append(1 if label in {"1", "true", "yes", "match"} else 0)
    if len(set(labels)) < 2:
        raise DocumentError(path, "decisions need both matches (1) and non-matches (0) to learn from")
    return TrainingSet(model.prepare_resumes(resumes), model.prepare_postings(postings),
                       np.array(pairs), np.array(labels))


def train_decisions(path: str | os.PathLike[str], out: str | os.PathLike[str], *, C: float = 1.0) -> dict[str, Any]:
    """Train on a decisions CSV and save model + card; metrics are on the training pairs themselves."""
    model = MatchModel(C=C)
    data = load_decisions(model, path)
    try:
        model.fit(data.resumes, data.postings, data.pairs, data.labels)
    except ValueError as exc:  # e.g. a vocabulary left empty by too little text
        raise DocumentError(path, f"too little data to learn from ({exc})"[:300]) from None
    scores = model.score_matrix(data.resumes, data.postings)[data.pairs[:, 0], data.pairs[:, 1]]
    accuracy = float(np.mean((scores >= 50) == (data.labels == 1)))
    training = {"data": [{"name": Path(path).name, "pairs": int(len(data.labels)), "sha256": file_sha256(path),
                          "source": "recruiter decisions"}],
                "positives": int(data.labels.sum()), "seed": SEED}
    return save_model(model, out, training=training, metrics={"train": {"accuracy_at_50": round(accuracy, 4)}})
