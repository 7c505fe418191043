"""Batch at scale: end-to-end time and peak memory of `matcher batch`, against a TF-IDF top-K baseline.

Usage::

    python benchmarks/scale.py --sizes 2000x100 20000x500 [--top 10] [--write]

For each RESUMESxPOSTINGS size it makes synthetic resume and posting files
(varied copies of the seed corpus, under benchmarks/.cache/, never
committed), then runs the batch in a fresh process (files -> parquet) and a
plain TF-IDF-cosine top-K over the same files, and prints wall time, pairs/s
and peak memory (resident, this process and its workers together). ``--write`` records the table in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / ".cache"
SEED = 7


def make_corpus(n_resumes: int, n_postings: int) -> tuple[Path, Path]:
    """Synthetic files: seed documents with shuffled bullets, swapped skills and new names (deterministic)."""
    folder = CACHE / f"{n_resumes}x{n_postings}"
    resumes, postings = folder / "resumes", folder / "postings"
    if (folder / "done").exists():
        return resumes, postings
    from matcher.readers import read_document
    from matcher.skills import builtin_taxonomy

    rng = random.Random(SEED)
    skills = [s.name for s in builtin_taxonomy().skills]
    sources = [read_document(p) for p in sorted((ROOT / "seeds" / "resumes").iterdir()) if p.is_file()]
    posting_sources = sorted((ROOT / "seeds" / "postings").glob("*.md"))
    resumes.mkdir(parents=True, exist_ok=True)
    postings.mkdir(parents=True, exist_ok=True)
    for i in range(n_resumes):
        lines = rng.choice(sources).splitlines()
        bullets = [k for k, line in enumerate(lines) if line.lstrip().startswith(("-", "*", "•"))]
        for k in rng.sample(bullets, min(3, len(bullets))):
            lines[k] = f"- Worked with {rng.choice(skills)} and {rng.choice(skills)}"
        lines[0] = f"Candidate {i}"
        lines.append("SKILLS: " + ", ".join(rng.sample(skills, 6)))
        (resumes / f"r{i:06d}.txt").write_text("\n".join(lines), encoding="utf-8")
    for j in range(n_postings):
        text = rng.choice(posting_sources).read_text(encoding="utf-8")
        text = re.sub(r"(?m)^title: .*$", f"title: \"Role {j}\"", text, count=1)
        text += "\n## Requirements\n" + "\n".join(f"- {rng.choice(skills)}" for _ in range(4)) + "\n"
        (postings / f"p{j:05d}.md").write_text(text, encoding="utf-8")
    (folder / "done").write_text("ok")
    return resumes, postings


def _child(kind: str, resumes: str, postings: str, top: int, out: str) -> None:
    """Runs in a fresh process so peak memory is this run's alone."""
    sampler = TreeMemory()
    start = time.perf_counter()
    if kind == "matcher":
        from matcher.batch import resume_files, run_batch
        from matcher.loaders import load_postings
        from matcher.model import load_model

        # As `matcher batch` does it: run_batch prepares the postings while its workers start.
        model = load_model()
        files = resume_files(resumes)
        report = run_batch(model, load_postings(postings), files, Path(out), top=top)
        pairs = report.pairs
    else:
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        # Plain TF-IDF reads the files as they are: no parsing, no sections, no skills.
        p_texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(Path(postings).glob("*.md"))]
        r_texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(Path(resumes).glob("*.txt"))]
        # One pass of tokenising (fit_transform), the quickest way to run it.
        X = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(p_texts + r_texts)
        P, R = X[:len(p_texts)], X[len(p_texts):].tocsr()
        for lo in range(0, R.shape[0], 5000):
            sims = (R[lo:lo + 5000] @ P.T).toarray()
            np.argpartition(-sims, top - 1, axis=0)[:top]
        pairs = len(p_texts) * len(r_texts)
    seconds = time.perf_counter() - start
    sampler.stop()
    print(json.dumps({"seconds": round(seconds, 1), "pairs": pairs, "peak_rss_mb": round(sampler.peak / 2**20)}))


class TreeMemory:
    """Peak resident memory of this process and all its descendants together (the worker
    processes too), sampled every 0.2 s from /proc."""

    def __init__(self) -> None:
        import threading

        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import os

        page = os.sysconf("SC_PAGE_SIZE")
        while not self._stop.is_set():
            total, todo = 0, [os.getpid()]
            while todo:
                pid = todo.pop()
                try:
                    total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
                    for task in Path(f"/proc/{pid}/task").iterdir():
                        todo += [int(c) for c in (task / "children").read_text().split()]
                except (OSError, ValueError):
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(0.2)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run(size: str, top: int) -> dict:
    n_resumes, n_postings = (int(x) for x in size.lower().split("x"))
    resumes, postings = make_corpus(n_resumes, n_postings)
    out = {}
    for kind in ("matcher", "tfidf"):
        target = CACHE / f"out-{size}.parquet"
        proc = subprocess.run([sys.executable, __file__, "--child", kind, str(resumes), str(postings), str(top),
                               str(target)], capture_output=True, text=True, check=True)
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        result["pairs_per_s"] = round(result["pairs"] / max(result["seconds"], 1e-9))
        out[kind] = result
    return {"size": size, "pairs": n_resumes * n_postings, **{f"{k}_{m}": v for k, r in out.items() for m, v in r.items()
                                                              if m != "pairs"}}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["2000x100", "20000x500"])
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--write", action="store_true", help="append the table to benchmarks/RESULTS.md")
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        row = run(size, args.top)
        rows.append(row)
        print(json.dumps(row))
    if args.write:
        keys = list(rows[0])
        table = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
        table += ["| " + " | ".join(str(r[k]) for k in keys) + " |" for r in rows]
        results = ROOT / "benchmarks" / "RESULTS.md"
        text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
        marker = "## Batch at scale"
        text = text.split(marker)[0].rstrip() + (
            f"\n\n{marker} (`python benchmarks/scale.py --sizes {' '.join(args.sizes)} --top {args.top} --write`; "
            "files to parquet, end to end)\n\n" + "\n".join(table) + "\n")
        results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
