"""Batch scoring: many resume files against many postings, in chunks, resumable, to CSV/JSON/Parquet.

Files are parsed in parallel worker processes; pairs are scored a chunk of
resumes at a time (bounded memory), keeping the best ``top`` resumes per
posting as it goes. The workers start reading resumes at once, while this
process prepares the postings and saves them, with their side of the features,
in one file that every worker reads. Each finished chunk is saved, so an
interrupted run continues where it stopped with ``resume=True``; the final
file is written to a temporary name and renamed, so it is never left half-written.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import shutil
import socket
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from matcher.documents import Posting
from matcher.errors import DocumentError
from matcher.features import (
    ExperienceMatch, PreparedPosting, PreparedResume, experience_match, requirement_names, skill_match,
)
from matcher.loaders import load_resume
from matcher.gaps import gap_features
from matcher.model import CATEGORIES, CATEGORY_OF, MatchModel, gap_side, resume_gap_words
from matcher.readers import DOCUMENT_SUFFIXES, ReadLimits

__all__ = ["BATCH_COLUMNS", "BatchReport", "resume_files", "batch_ids", "prepare_files", "score_chunk",
           "run_batch", "write_table"]

BATCH_COLUMNS = ("posting_id", "resume_id", "score", *(f"{c}_score" for c in CATEGORIES),
                 "matched_skills", "partial_skills", "missing_skills", "minor_missing_skills",
                 "required_years", "held_years", "shortfall_years", "total_years", "hidden_words_ignored",
                 "resume_path")
ROWS_FORMAT = 3  # of saved chunks: --resume does not mix chunks written with other columns
Progress = Callable[[str, int], None]  # (stage, items done since last call)
GROUPS_PER_WORKER = 2  # chunks are shipped to workers in this many groups each
MAX_CHUNKS_PER_GROUP = 10
PROGRESS_POLL_SECONDS = 0.25
SHARED_WAIT_SECONDS = 3600  # a worker waits this long at most for the batch's prepared postings
READ_AHEAD_CHUNKS = 2  # chunks a worker reads while it waits for them, so memory stays bounded


@dataclass(frozen=True)
class BatchReport:
    """What a batch did: rows written, pairs scored, and the inputs it skipped (path, reason)."""

    rows: int
    pairs: int
    skipped: list[tuple[str, str]]


def resume_files(source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Resume files under a folder (recursive, sorted, hidden skipped), or the files given."""
    sources = [Path(source)] if isinstance(source, (str, os.PathLike)) else [Path(s) for s in source]
    files: list[Path] = []
    for item in sources:
        if item.is_dir():
            files.extend(sorted(_files_under(item), key=lambda p: p.parts))  # the order of sorted(paths)
        elif item.exists():
            files.append(item)
        else:
            raise DocumentError(item, "file not found")
    return files


def _files_under(folder: Path) -> Iterator[Path]:
    """Files below ``folder``, hidden files and folders skipped (one directory read each, no stat per file).
    A subfolder that cannot be read is skipped, as ``Path.rglob`` does."""
    try:
        entries = os.scandir(folder)
    except PermissionError:
        return
    with entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from _files_under(Path(entry.path))
            elif entry.is_file():
                yield Path(entry.path)


def _prepare_batch(model: MatchModel, paths: list[Path], limits: ReadLimits,
                   ids: dict[str, str]) -> tuple[list, list]:
    """Worker: load and prepare some resume files; bad ones come back as (path, reason)."""
    from dataclasses import replace

    prepared, errors = [], []
    docs = []
    for path in paths:
        if path.suffix.lower() not in DOCUMENT_SUFFIXES - {""}:
            errors.append((str(path), f"unsupported file type {path.suffix or '(none)'}"))
            continue
        try:
            doc = load_resume(path, limits=limits)
            docs.append(replace(doc, id=ids.get(str(path), doc.id)))
        except DocumentError as error:
            errors.append((error.path, error.reason))
    if docs:
        prepared = model.prepare_resumes(docs)
    return prepared, errors


def prepare_files(model: MatchModel, paths: list[Path], *, n_jobs: int = -1, batch_size: int = 200,
                  limits: ReadLimits = ReadLimits(), progress: Progress | None = None,
                  ids: dict[str, str] | None = None) -> tuple[list, list]:
    """Load and prepare resume files in parallel processes; returns (prepared resumes, skipped)."""
    ids = ids if ids is not None else batch_ids(paths)
    from joblib import Parallel, delayed

    batches = [paths[i:i + batch_size] for i in range(0, len(paths), batch_size)]
    prepared: list[PreparedResume] = []
    skipped: list[tuple[str, str]] = []
    workers = 1 if len(batches) <= 1 else n_jobs
    runner = Parallel(n_jobs=workers, return_as="generator", prefer="processes")
    for (done, errors), batch in zip(runner(delayed(_prepare_batch)(model, b, limits, {str(p): ids[str(p)] for p in b if str(p) in ids}) for b in batches), batches):
        prepared.extend(done)
        skipped.extend(errors)
        if progress:
            progress("parse", len(batch))
    return prepared, skipped


def batch_ids(paths: list[Path]) -> dict[str, str]:
    """An id per file, fixed for the whole batch: the stem; the file name where stems repeat; the
    path (from the folders' common root) where names repeat too, e.g. ``a/cv.txt`` and ``b/cv.txt``."""
    stems: dict[str, int] = {}
    names: dict[str, int] = {}
    for path in paths:
        stems[path.stem] = stems.get(path.stem, 0) + 1
        names[path.name] = names.get(path.name, 0) + 1
    root = Path(os.path.commonpath([str(p.parent) for p in paths])) if paths else Path(".")
    ids = {}
    for path in paths:
        if stems[path.stem] == 1:
            ids[str(path)] = path.stem
        elif names[path.name] == 1:
            ids[str(path)] = path.name
        else:
            ids[str(path)] = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    return ids


def score_chunk(model: MatchModel, resumes: list[PreparedResume], postings: list[PreparedPosting],
                top: int | None, posting_side: dict[str, Any] | None = None, kept: np.ndarray | None = None):
    """A DataFrame of the pairs of one chunk of resumes (``BATCH_COLUMNS``): the chunk's best
    ``top`` per posting, or every pair.

    ``kept`` (with ``top``): per posting, the ``top`` best scores of rows kept elsewhere
    (shape top x postings). A pair that ``top`` better ones, kept or in this chunk, already
    beat cannot make the final table and is left out.
    """
    import pandas as pd

    if not resumes or not postings:
        return _frame([])
    side = posting_side if posting_side is not None else model.posting_side(postings)
    match = skill_match(resumes, postings, side["skill_index"])
    experience = experience_match(resumes, postings, side.get("experience_index"))
    cube, copies = model.features_and_copies(resumes, postings, side, match, experience)
    # Rounded, so a pair's score, and which of two equal pairs ranks first, does not
    # depend on the last bits that the shape of a chunk's matrices leaves.
    scores = np.round(100.0 / (1.0 + np.exp(-model._logits(cube))), 9)  # resumes x postings
    if top is not None and top < len(resumes):
        # The same total order as the final merge (score, then resume id), so the
        # kept rows do not depend on how resumes were cut into chunks.
        order = np.argsort([r.id for r in resumes], kind="stable")
        rank_by_id = np.empty(len(resumes), dtype=int)
        rank_by_id[order] = np.arange(len(resumes))
        shortlists = np.argpartition(-scores, top - 1, axis=0)[:top]  # top x postings
        cuts = scores[shortlists, np.arange(len(postings))].min(axis=0)
        if kept is not None:
            # The top-th best of what is kept and this chunk's shortlist together.
            both = np.vstack([kept, scores[shortlists, np.arange(len(postings))]])
            cuts = np.maximum(cuts, -np.partition(-both, top - 1, axis=0)[top - 1])
        pairs = []
        for j in range(len(postings)):
            tied = np.flatnonzero(scores[:, j] >= cuts[j])  # everything that could tie into the top
            best = tied[np.lexsort((rank_by_id[tied], -scores[tied, j]))][:top]
            pairs.extend((int(i), j) for i in best)
    else:
        pairs = [(i, j) for j in range(len(postings)) for i in range(len(resumes))]
    if not pairs:  # rows kept from earlier chunks beat every pair of this one
        return _frame([])
    # Sub-scores only for the kept pairs.
    rows_i = np.array([i for i, _ in pairs], dtype=int)
    cols_j = np.array([j for _, j in pairs], dtype=int)
    contributions = model._contributions(cube[rows_i, cols_j])  # pairs x features
    intercept = model.classifier_.intercept_[0]
    category = np.array([CATEGORY_OF[f] for f in model.feature_names_])
    sub = {c: 100.0 / (1.0 + np.exp(-(contributions[:, category == c].sum(axis=-1) + intercept)))
           for c in CATEGORIES}
    present = match.present.tocsr()
    related = match.partial.tocsr()  # a skill of the same family instead (MySQL for PostgreSQL)
    either = match.either.tocsr()  # met through the other option of an either-or ("Go or Rust")
    required = match.required.tocsr()
    names = side.get("requirement_names") or requirement_names(postings, match.keys)
    asked = [[(k, names[k]) for k in required.indices[required.indptr[j]:required.indptr[j + 1]].tolist()]
             for j in range(len(postings))]
    shown: dict[int, tuple[set[int], set[int], set[int]]] = {}  # present, related, met through an either-or
    matched, partial, missing, minor = [], [], [], []
    unmet: list[tuple[int, int, list[int]]] = []  # (row, posting, unmet columns) for the gap classifier
    for row, (i, j) in enumerate(pairs):
        have = shown.get(i)
        if have is None:
            have = shown[i] = (set(present.indices[present.indptr[i]:present.indptr[i + 1]].tolist()),
                               set(related.indices[related.indptr[i]:related.indptr[i + 1]].tolist()),
                               set(either.indices[either.indptr[i]:either.indptr[i + 1]].tolist()))
        if (i, j) in copies:  # rare: lines copied from this posting are no evidence for it
            e = model.explain(resumes[i], postings[j])
            for column, gaps in ((matched, e.matched_skills), (partial, e.partial_skills),
                                 (missing, e.missing_skills), (minor, e.minor_missing_skills)):
                column.append([g.name for g in gaps])
            continue
        has, near, lacks = [], [], []
        for k, name in asked[j]:
            if k not in have[2]:  # met through the other skill of an either-or: nothing to list
                (has if k in have[0] else near if k in have[1] else lacks).append(k)
        matched.append([names[k] for k in has])
        partial.append([names[k] for k in near])
        missing.append([names[k] for k in lacks])
        minor.append([])
        if lacks and model.has_gap_classifier:
            unmet.append((row, j, lacks))
    if unmet:
        _sort_gaps(model, resumes, postings, pairs, side, names, match.keys, shown, unmet, missing, minor)
    years = _worst_experience(experience, resumes, rows_i, cols_j)
    return pd.DataFrame({
        "posting_id": [postings[j].id for j in cols_j.tolist()],
        "resume_id": [resumes[i].id for i in rows_i.tolist()],
        "score": scores[rows_i, cols_j],
        **{f"{c}_score": [round(v, 2) for v in sub[c].tolist()] for c in CATEGORIES},
        "matched_skills": matched,
        "partial_skills": partial,
        "missing_skills": missing,
        "minor_missing_skills": minor,
        **years,
        "hidden_words_ignored": [resumes[i].resume.hidden_words for i in rows_i.tolist()],
        "resume_path": [str(resumes[i].resume.path) if resumes[i].resume.path else None for i in rows_i.tolist()],
    }, columns=list(BATCH_COLUMNS))


def _worst_experience(experience: ExperienceMatch, resumes: list[PreparedResume], rows_i: np.ndarray,
                      cols_j: np.ndarray) -> dict[str, list[float]]:
    """Per pair, the years asked and held for the posting's experience requirement with the
    largest shortfall (as :meth:`MatchModel.explain` reports it), and the resume's total years."""
    totals = np.round(np.array([r.total_years for r in resumes], dtype=float), 2)
    n_p = int(cols_j.max()) + 1 if len(cols_j) else 0
    worst = np.full((n_p, len(resumes)), -1, dtype=int)  # the requirement row, -1 without any
    owner = experience.owner
    shortfall = experience.shortfall
    for j in np.unique(owner[owner < n_p]).tolist():
        asked = np.flatnonzero(owner == j)
        worst[j] = asked[np.argmax(shortfall[asked], axis=0)]  # the first of equal shortfalls, as explain
    q = worst[cols_j, rows_i] if n_p else np.empty(0, dtype=int)
    has = q >= 0
    qs = np.where(has, q, 0)
    if experience.years.size:
        required = np.where(has, experience.years[qs], 0.0)
        held = np.where(has, np.round(experience.held[qs, rows_i], 2), totals[rows_i])
        short = np.where(has, np.round(shortfall[qs, rows_i], 2), 0.0)
    else:
        required, held, short = np.zeros(len(rows_i)), totals[rows_i], np.zeros(len(rows_i))
    return {"required_years": required.tolist(), "held_years": held.tolist(), "shortfall_years": short.tolist(),
            "total_years": totals[rows_i].tolist()}


def _sort_gaps(model: MatchModel, resumes: list[PreparedResume], postings: list[PreparedPosting],
               pairs: list[tuple[int, int]], side: dict[str, Any], names: list[str], keys: tuple[str, ...],
               shown: dict[int, tuple[set[int], set[int], set[int]]],
               unmet: list[tuple[int, int, list[int]]], missing: list[list[str]], minor: list[list[str]]) -> None:
    """Split each pair's unmet skills into core and minor gaps, as :meth:`MatchModel.explain` does,
    with one classifier call for all pairs."""
    gap_sides = side.get("gaps") or [gap_side(p) for p in postings]
    words: dict[int, Any] = {}
    seen: dict[int, set[str]] = {}
    caches: dict[int, dict] = {}  # per resume: what postings' shared skills and lines read from it
    blocks = []
    for row, j, lacks in unmet:
        i = pairs[row][0]
        if i not in words:
            words[i] = resume_gap_words(resumes[i])
            seen[i] = {keys[k] for k in shown[i][0] | shown[i][1]}
            caches[i] = {}
        blocks.append(gap_features(gap_sides[j], words[i], seen[i], [keys[k] for k in lacks], caches[i]))
    probabilities = model.gaps_.predict_proba(np.vstack(blocks))[:, -1].tolist()
    start = 0
    for row, j, lacks in unmet:
        columns = [keys[k] for k in lacks]
        odds = probabilities[start:start + len(lacks)]
        start += len(lacks)
        core = model.core_gaps(columns, odds, gap_sides[j])
        missing[row] = [names[k] for k, c in zip(lacks, columns) if c in core]
        minor[row] = [names[k] for k, c in zip(lacks, columns) if c not in core]


def _frame(rows: list[dict[str, Any]]):
    import pandas as pd

    return pd.DataFrame(rows, columns=list(BATCH_COLUMNS))


def _top_per_posting(frame, top: int | None):
    """Rows by posting, best score first (ties by resume id), the best ``top`` of each posting."""
    frame = frame.sort_values(["posting_id", "score", "resume_id"], ascending=[True, False, True], kind="stable")
    if top is not None:
        frame = frame.groupby("posting_id", sort=False).head(top)
    return frame.reset_index(drop=True)


def _merge_parts(part_files: list[Path], top: int | None):
    """The saved chunks' rows as one table, best per posting first.

    With ``top`` the winners are chosen from three small columns of every chunk
    (posting, resume, score), then only their rows are read in full, so memory
    and time grow with the rows kept, not with every chunk's rows.
    """
    import pandas as pd
    import pyarrow.parquet as pq

    keys = []
    for k, part in enumerate(part_files):
        frame = pq.read_table(_rows_file(part), columns=["posting_id", "resume_id", "score"]).to_pandas()
        frame["part"], frame["row"] = k, np.arange(len(frame))
        keys.append(frame)
    keys = pd.concat(keys, ignore_index=True) if keys else _frame([]).assign(part=0, row=0)
    keys = _top_per_posting(keys, top)
    chosen = []
    for k, rows in keys.groupby("part", sort=True)["row"]:
        # Only the chosen rows become Python objects; the rest stay in Arrow's buffers.
        frame = pq.read_table(_rows_file(part_files[k])).take(rows.to_numpy()).to_pandas()
        frame.index = rows.index  # the position in the final order
        chosen.append(frame)
    frame = (pd.concat(chosen).sort_index() if chosen else _frame([])).reset_index(drop=True)
    frame["score"] = frame["score"].round(2)
    return frame


def _rows_file(part: Path) -> Path:
    return part.with_suffix(".parquet")


def write_table(frame, path: Path) -> None:
    """Write CSV, JSON or Parquet by extension, through a temporary file renamed into place."""
    suffix = path.suffix.lower()
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        if suffix == ".parquet":
            frame.to_parquet(tmp, index=False)
        elif suffix == ".json":
            tmp.write_text(frame.to_json(orient="records", indent=1, force_ascii=False), encoding="utf-8")
        elif suffix == ".csv":
            out = frame.copy()
            for column in ("matched_skills", "partial_skills", "missing_skills", "minor_missing_skills"):
                if column in out:
                    out[column] = out[column].map(lambda v: "; ".join(v) if isinstance(v, (list, np.ndarray)) else v)
            out.to_csv(tmp, index=False)
        else:
            raise DocumentError(path, "output must end in .csv, .json or .parquet")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _raw(posting: Posting | PreparedPosting) -> Posting:
    return posting.posting if isinstance(posting, PreparedPosting) else posting


def _signature(resume_paths: list[Path], postings: list[Posting | PreparedPosting], top: int | None, chunk: int,
               model_sha: str, settings: str) -> str:
    """What a saved chunk depends on: options, model, every posting's content and every resume file."""
    digest = hashlib.sha256()
    for item in [str(top), str(chunk), model_sha, settings,
                 *(f"{p.id}:{hashlib.sha256(p.text.encode('utf-8', 'surrogatepass')).hexdigest()}"
                   f":{p.title}:{','.join(p.hashtags)}" for p in map(_raw, postings)),
                 *(f"{p}:{st.st_size}:{st.st_mtime_ns}" for p in resume_paths for st in (p.stat(),))]:
        digest.update(item.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _run_chunk(model: MatchModel, postings: list[PreparedPosting], paths: list[Path], part: Path,
               top: int | None, limits: ReadLimits, ids: dict[str, str],
               posting_side: dict[str, Any] | None = None, prepared: tuple[list, list] | None = None,
               best: _BestScores | None = None, current: Callable[[], bool] | None = None) -> tuple[int, int, list]:
    """Score one chunk of resume files and save its rows; a chunk already saved is not redone.
    ``prepared``: the chunk's (prepared resumes, skipped files), when they were read ahead;
    ``best``: the best scores of the chunks saved before it, which it updates; ``current``:
    asked just before saving, whether the batch that started this work still runs."""
    if part.exists():
        saved = json.loads(part.read_text(encoding="utf-8"))
        return saved["pairs"], len(paths), saved["skipped"]
    resumes, skipped = prepared if prepared is not None else prepare_files(
        model, paths, n_jobs=1, limits=limits, ids=ids)
    frame = score_chunk(model, resumes, postings, top, posting_side, kept=best.scores() if best else None)
    if best is not None:
        best.add(frame)
    if current is not None and not current():
        raise RuntimeError("the batch that started this work has ended or was restarted")
    # The rows first (Parquet, quick to write and to read by column), then the small
    # record whose presence marks the chunk as done.
    tmp = part.with_suffix(".rows.tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, _rows_file(part))
    tmp = part.with_suffix(".tmp")
    tmp.write_text(json.dumps({"pairs": len(resumes) * len(postings), "skipped": skipped}), encoding="utf-8")
    os.replace(tmp, part)
    return len(resumes) * len(postings), len(paths), skipped


class _BestScores:
    """The ``top`` best scores per posting id among the rows saved so far: this worker's own,
    and those other workers of the batch shared (see :meth:`absorb`).

    A pair that scores below the ``top``-th of them for its posting can never be
    among the final ``top`` (the merge keeps the best per posting id over every
    saved chunk), so it needs no row: most pairs of later chunks are left out
    this way, and the final table is the same. Each worker shares only its own
    rows' scores, so no row is ever counted twice.
    """

    def __init__(self, posting_ids: list[str], top: int) -> None:
        self._group = {pid: g for g, pid in enumerate(dict.fromkeys(posting_ids))}
        self._of_posting = np.array([self._group[pid] for pid in posting_ids], dtype=int)
        self._own = np.full((top, len(self._group)), -np.inf)  # best first down each column
        self._others = self._own.copy()

    def scores(self) -> np.ndarray:
        """Per posting (in the order given), the best scores so far, best first (top x postings)."""
        best = -np.sort(-np.vstack([self._own, self._others]), axis=0)[: len(self._own)]
        return best[:, self._of_posting]

    def add(self, frame) -> None:
        """Take in the rows of a chunk this worker saved."""
        top, n = self._own.shape
        groups = np.concatenate([np.tile(np.arange(n), top), frame["posting_id"].map(self._group).to_numpy(int)])
        scores = np.concatenate([self._own.ravel(), frame["score"].to_numpy(float)])
        order = np.lexsort((-scores, groups))  # by posting, best first
        groups, scores = groups[order], scores[order]
        rank = np.arange(len(groups)) - np.searchsorted(groups, groups)  # place within its posting
        keep = rank < top
        self._own[rank[keep], groups[keep]] = scores[keep]

    def save(self, path: Path) -> None:
        """Share this worker's own best scores (only ever scores of saved rows)."""
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as handle:
            np.save(handle, self._own)
        os.replace(tmp, path)

    def absorb(self, paths: Iterable[Path]) -> None:
        """Take in what the batch's other workers shared, each file one worker's own rows."""
        shared = [self._own[:0]]
        for path in paths:
            try:
                other = np.load(path)
            except (OSError, ValueError):  # being replaced, or gone: it is only a shortcut
                continue
            if other.shape == self._own.shape:
                shared.append(other)
        merged = np.vstack([np.full_like(self._own, -np.inf), *shared])
        self._others = -np.sort(-merged, axis=0)[: len(self._own)]


def _failed_marker(shared_file: Path) -> Path:
    return shared_file.with_suffix(".failed")


def _run_is_current(parts: Path, run: str) -> bool:
    """Whether the batch run ``run`` still owns its parts folder: not removed, not taken over by
    a later run, and (on this machine) its process still alive. Work left behind by a killed
    run checks this, so it can never write into a later run's folder."""
    try:
        state = json.loads((parts / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if state.get("run") != run:
        return False
    if os.name == "posix" and state.get("host") == socket.gethostname():
        try:
            os.kill(int(state["pid"]), 0)  # signal 0: only asks whether the process exists
        except ProcessLookupError:
            return False
        except (PermissionError, KeyError, ValueError, TypeError):
            pass
    return True


def _wait_for_postings(shared_file: Path, run: str) -> tuple[list[PreparedPosting], dict[str, Any]]:
    """The prepared postings and their side, once the batch has saved them."""
    deadline = time.monotonic() + SHARED_WAIT_SECONDS
    checked = 0.0
    while not shared_file.exists():
        if _failed_marker(shared_file).exists():
            raise RuntimeError("the batch stopped before its postings were ready")
        if time.monotonic() - checked > 0.5:
            if not _run_is_current(shared_file.parent, run):
                raise RuntimeError("the batch that started this work has ended or was restarted")
            checked = time.monotonic()
        if time.monotonic() > deadline:
            raise RuntimeError(f"no prepared postings in {shared_file} after {SHARED_WAIT_SECONDS} s")
        time.sleep(0.02)
    with open(shared_file, "rb") as handle:
        return pickle.load(handle)


def _run_chunk_group(group: tuple) -> tuple[int, int, list]:
    """Some chunks in one worker (plain arguments, so it can be shipped), sharing the postings' side.

    The postings and their side are read from the file the batch saved once, rather than
    shipped with every group: they are megabytes, and pickling them per group cost seconds.
    While the batch is still preparing them, the worker reads its first resumes (at most
    ``READ_AHEAD_CHUNKS`` chunks), which do not need them.
    """
    model, shared_file, run, chunk_tasks = group
    ahead: dict[int, tuple[list, list]] = {}
    for k, (paths, part, _top, limits, ids) in enumerate(chunk_tasks):
        if len(ahead) >= READ_AHEAD_CHUNKS or shared_file.exists() or _failed_marker(shared_file).exists():
            break
        if not part.exists():
            ahead[k] = prepare_files(model, paths, n_jobs=1, limits=limits, ids=ids)
    shared, best = None, None
    pairs, files, skipped = 0, 0, []
    # Each group shares the best scores of the rows it saved, so every group skips the
    # pairs that rows saved by any of them already beat.
    folder = shared_file.parent
    mine = folder / f"best-{run}-{chunk_tasks[0][1].stem}.npy" if chunk_tasks else None
    frozen = False
    try:
        for k, (paths, part, top, limits, ids) in enumerate(chunk_tasks):
            if shared is None and not part.exists():  # chunks saved before an interruption need nothing
                shared = _wait_for_postings(shared_file, run)
                # The postings' side is millions of objects that outlive every chunk: the cyclic
                # garbage collector need not walk them again and again (about 5% of the time).
                gc.freeze()
                frozen = True
                # Rows that saved chunks already beat cannot make the final table.
                best = _BestScores([p.id for p in shared[0]], top) if top is not None else None
            if best is not None and not part.exists():
                best.absorb(p for p in folder.glob(f"best-{run}-*.npy") if p != mine)
            postings, side = shared or ([], None)
            n_pairs, n_files, chunk_skipped = _run_chunk(
                model, postings, paths, part, top, limits, ids, posting_side=side, prepared=ahead.pop(k, None),
                best=best, current=lambda: _run_is_current(folder, run))
            if best is not None and mine is not None and part.exists():
                best.save(mine)
            pairs, files = pairs + n_pairs, files + n_files
            skipped.extend(chunk_skipped)
    finally:
        if frozen:  # as the process was: this may run in the caller's own process
            gc.unfreeze()
    return pairs, files, skipped


def _local_engine(n_jobs: int) -> Callable:
    """Chunks in parallel worker processes on this machine (in this process when there is one)."""
    def engine(fn, tasks):
        tasks = list(tasks)
        if len(tasks) <= 1 or n_jobs == 1:
            return map(fn, tasks)
        from joblib import Parallel, delayed

        return Parallel(n_jobs=n_jobs, return_as="generator_unordered", prefer="processes")(
            delayed(fn)(task) for task in tasks)

    return engine


class _ChunkProgress:
    """Reports each chunk as its saved record appears, from a thread that watches the
    parts folder, so progress moves chunk by chunk whichever worker or engine runs it."""

    def __init__(self, tasks: list[tuple], progress: Progress | None) -> None:
        self._waiting = {task[1]: len(task[0]) for task in tasks}
        self._progress = progress
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True) if progress else None

    def _report_finished(self) -> None:
        done = [part for part in self._waiting if part.exists()]
        for part in done:
            self._progress("parse", self._waiting.pop(part))

    def _watch(self) -> None:
        while not self._stop.wait(PROGRESS_POLL_SECONDS):
            self._report_finished()

    def __enter__(self) -> _ChunkProgress:
        if self._thread is not None:
            self._report_finished()  # chunks saved by an earlier, interrupted run
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            if exc[0] is None:
                self._report_finished()


def run_batch(model: MatchModel, postings: list[Posting | PreparedPosting], resume_paths: list[Path], out: Path, *,
              top: int | None = None, chunk_size: int = 500, n_jobs: int = -1, resume: bool = False,
              limits: ReadLimits = ReadLimits(), progress: Progress | None = None,
              engine: Callable | None = None, model_sha: str = "",
              skipped_postings: Iterable[tuple[str, str]] = ()) -> BatchReport:
    """Score every resume file against the postings and write ``out``; see the module notes.

    ``postings`` may be prepared already; those that are not are prepared here while the
    local workers start on the resumes. ``engine`` (optional) maps a function over groups
    of chunks and returns their results as an iterable, e.g. on a Dask cluster; by
    default the groups run in worker processes on this machine.
    """
    out = Path(out)
    if out.suffix.lower() not in (".csv", ".json", ".parquet"):
        raise DocumentError(out, "output must end in .csv, .json or .parquet")
    if not out.parent.is_dir():
        raise DocumentError(out, f"output folder {out.parent} does not exist")
    parts = out.with_name(f".{out.name}.parts")
    state_file = parts / "state.json"
    chunks = [resume_paths[i:i + chunk_size] for i in range(0, len(resume_paths), chunk_size)]
    settings = json.dumps({"as_of": str(model.as_of), "weights": model.weights, "rows": ROWS_FORMAT},
                          sort_keys=True, default=str)
    signature = _signature(resume_paths, postings, top, chunk_size, model_sha, settings)
    if parts.exists() and not resume:
        shutil.rmtree(parts)
    if resume and state_file.exists():
        state = json.loads(state_file.read_text(encoding="utf-8"))
        if state.get("signature") != signature:
            raise DocumentError(out, "the unfinished batch was started with other inputs or options; "
                                     "run without --resume to start over")
    parts.mkdir(parents=True, exist_ok=True)
    # A new token per run: work left behind by an earlier, killed run sees it is no longer
    # the folder's owner and stops (see _run_is_current).
    run = uuid.uuid4().hex
    state_file.write_text(json.dumps({"signature": signature, "chunks": len(chunks), "run": run,
                                      "host": socket.gethostname(), "pid": os.getpid()}), encoding="utf-8")

    ids = batch_ids(resume_paths)
    # Each chunk is parsed and scored in a worker, so both stages use every core; a few
    # chunks go to a worker together so the postings' side is read once for them.
    tasks = [(chunk, parts / f"part-{k:05d}.json", top, limits, {str(p): ids[str(p)] for p in chunk})
             for k, chunk in enumerate(chunks)]
    for stale in [*parts.glob("postings-*"), *parts.glob("best-*")]:  # from an earlier run of this folder
        stale.unlink(missing_ok=True)
    shared = parts / f"postings-{run}.pkl"
    # Few groups, as each reads the shared file; enough that every worker has work.
    workers = (os.cpu_count() or 1) if n_jobs < 0 else max(1, n_jobs)
    per_group = max(1, min(MAX_CHUNKS_PER_GROUP, -(-len(tasks) // (workers * GROUPS_PER_WORKER))))
    groups = [(model, shared, run, tasks[g:g + per_group]) for g in range(0, len(tasks), per_group)]
    # The local workers start now, reading resumes, while the postings are prepared here and
    # saved once for all of them. An engine given by the caller starts after that, as it
    # may run its work before returning.
    results = _local_engine(n_jobs)(_run_chunk_group, groups) if engine is None else None
    if not all(task[1].exists() for task in tasks):
        try:
            ready = [p for p in postings if isinstance(p, PreparedPosting)]
            if len(ready) < len(postings):
                ready = model.prepare_postings([_raw(p) for p in postings])
            tmp = shared.with_suffix(".tmp")
            with open(tmp, "wb") as handle:
                pickle.dump((ready, model.posting_side(ready)), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, shared)
        except BaseException:
            _failed_marker(shared).touch()  # so that no worker waits for the postings
            with warnings.catch_warnings():  # joblib would warn that the waiting tasks were cancelled
                warnings.simplefilter("ignore")
                getattr(results, "close", lambda: None)()
            raise
    if results is None:
        results = engine(_run_chunk_group, groups)
    pairs, skipped = 0, list(skipped_postings)
    with _ChunkProgress(tasks, progress):
        for n_pairs, _n_files, chunk_skipped in results:
            pairs += n_pairs
            skipped.extend(tuple(s) for s in chunk_skipped)
    frame = _merge_parts([parts / f"part-{k:05d}.json" for k in range(len(chunks))], top)
    write_table(frame, out)
    errors = out.with_name(out.stem + ".errors.csv")
    if skipped:
        import pandas as pd

        write_table(pd.DataFrame(skipped, columns=["path", "reason"]), errors)
    elif errors.exists():
        errors.unlink()
    shutil.rmtree(parts, ignore_errors=True)
    return BatchReport(rows=len(frame), pairs=pairs, skipped=list(skipped))
