from __future__ import annotations

import gc
import json
import shutil
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from conftest import BACKEND_RESUME, SEEDS
from matcher import batch as batch_module
from matcher.batch import BATCH_COLUMNS, resume_files, run_batch
from matcher.cli import app

runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Resumes: the seed samples, a duplicate-stem pair, and two broken files."""
    cands = tmp_path / "cands"
    shutil.copytree(SEEDS / "resumes", cands)
    (cands / "jane.txt").write_text(BACKEND_RESUME, encoding="utf-8")
    (cands / "broken.pdf").write_bytes(b"%PDF-1.7 cut")
    (cands / "notes.xyz").write_text("not a resume", encoding="utf-8")
    return cands


def _batch(*args) -> object:
    return runner.invoke(app, ["batch", *[str(a) for a in args]])


@pytest.mark.parametrize("suffix", [".csv", ".json", ".parquet"])
def test_batch_writes_top_k_per_posting(tmp_path: Path, folder: Path, suffix: str):
    out = tmp_path / f"results{suffix}"
    result = _batch("--postings", SEEDS / "postings", "--resumes", folder, "--out", out, "--top", "2",
                    "--as-of", "2026-11-01")
    assert result.exit_code == 3, result.output
    frame = {".csv": pd.read_csv, ".json": pd.read_json, ".parquet": pd.read_parquet}[suffix](out)
    assert list(frame.columns) == list(BATCH_COLUMNS)
    assert frame.groupby("posting_id").size().eq(2).all()
    assert frame["posting_id"].nunique() == 45
    assert frame.groupby("posting_id")["score"].apply(lambda s: s.is_monotonic_decreasing).all()
    errors = pd.read_csv(out.with_name("results.errors.csv"))
    assert set(errors["path"].map(lambda p: Path(p).name)) == {"broken.pdf", "notes.xyz"}
    assert "PDF is damaged or truncated" in " ".join(errors["reason"])
    assert "skipped 2 files" in result.stderr
    assert not list(tmp_path.glob(".results*"))  # no temporary files left behind


def test_batch_without_top_scores_every_pair(tmp_path: Path):
    cands = tmp_path / "two"
    cands.mkdir()
    (cands / "a.txt").write_text(BACKEND_RESUME, encoding="utf-8")
    (cands / "b.txt").write_text("Registered nurse. SKILLS\nBLS, ACLS, Epic", encoding="utf-8")
    out = tmp_path / "all.json"
    result = _batch("--postings", SEEDS / "postings", "--resumes", cands, "--out", out)
    assert result.exit_code == 0, result.output
    rows = json.loads(out.read_text())
    assert len(rows) == 2 * 45
    best = max((r for r in rows if r["posting_id"] == "000_aca7d45349741043"), key=lambda r: r["score"])
    assert best["resume_id"] == "a" and "Go" in best["matched_skills"]
    again = _batch("--postings", SEEDS / "postings", "--resumes", cands, "--out", out, "--resume")
    assert again.exit_code == 0 and "no unfinished batch" in again.stderr
    assert json.loads(out.read_text()) == rows


def test_interrupted_batch_resumes_without_redoing_finished_chunks(tmp_path: Path, folder: Path, monkeypatch):
    from matcher.loaders import load_postings
    from matcher.model import load_model

    model = load_model()
    postings = model.prepare_postings(load_postings(SEEDS / "postings"))
    files = resume_files(folder)
    out = tmp_path / "r.parquet"
    out.write_bytes(b"previous results")  # must survive the crash untouched
    calls: list[int] = []
    real = batch_module.prepare_files

    def crash_on_second(model_, paths, **kwargs):
        calls.append(len(paths))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(model_, paths, **kwargs)

    monkeypatch.setattr(batch_module, "prepare_files", crash_on_second)
    frozen = gc.get_freeze_count()
    with pytest.raises(KeyboardInterrupt):
        run_batch(model, postings, files, out, top=3, chunk_size=5, n_jobs=1)
    assert out.read_bytes() == b"previous results"
    # The batch ran in this very process: the objects it set aside from the garbage collector
    # while it ran are handed back, crash or not.
    assert gc.get_freeze_count() == frozen
    calls.clear()
    monkeypatch.setattr(batch_module, "prepare_files", lambda m, p, **k: (calls.append(len(p)), real(m, p, **k))[1])
    report = run_batch(model, postings, files, out, top=3, chunk_size=5, n_jobs=1, resume=True)
    assert len(calls) == len(range(0, len(files), 5)) - 1  # the first chunk was not redone
    fresh = tmp_path / "fresh.parquet"
    run_batch(model, postings, files, fresh, top=3, chunk_size=7, n_jobs=1)
    pd.testing.assert_frame_equal(pd.read_parquet(out), pd.read_parquet(fresh))
    assert report.rows == 45 * 3 and len(report.skipped) == 2
    assert gc.get_freeze_count() == frozen


def test_merging_many_chunks_keeps_the_same_best_rows(tmp_path: Path, folder: Path):
    from matcher.loaders import load_postings
    from matcher.model import load_model

    model = load_model()
    postings = model.prepare_postings(load_postings(SEEDS / "postings"))
    files = resume_files(folder)
    whole = tmp_path / "whole.parquet"
    run_batch(model, postings, files, whole, top=2, chunk_size=len(files), n_jobs=1)
    merged = tmp_path / "merged.parquet"
    run_batch(model, postings, files, merged, top=2, chunk_size=3, n_jobs=1)
    pd.testing.assert_frame_equal(pd.read_parquet(whole), pd.read_parquet(merged))
    assert len(pd.read_parquet(merged)) == 45 * 2


def test_bad_output_name_is_a_usage_error(tmp_path: Path):
    result = _batch("--postings", SEEDS / "postings", "--resumes", SEEDS / "resumes", "--out", tmp_path / "r.xlsx")
    assert result.exit_code == 2
    assert "output must end in .csv, .json or .parquet" in " ".join(result.stderr.replace("│", " ").split())
    (tmp_path / "no").write_text("a file where the output folder should be", encoding="utf-8")
    result = _batch("--postings", SEEDS / "postings", "--resumes", SEEDS / "resumes", "--out", tmp_path / "no" / "r.csv")
    assert result.exit_code == 1
    assert "cannot make the output folder" in result.stderr
    # Said before any resume is read (review finding: it came after parsing them all).
    assert result.stderr.strip().count("\n") == 0 and "resumes" not in result.stderr


def test_same_file_name_in_two_folders_gets_distinct_ids(tmp_path: Path):
    for sub in ("a", "b"):
        (tmp_path / "dup" / sub).mkdir(parents=True)
        (tmp_path / "dup" / sub / "cv.txt").write_text(BACKEND_RESUME + sub, encoding="utf-8")
    out = tmp_path / "dup.csv"
    assert _batch("--postings", SEEDS / "postings", "--resumes", tmp_path / "dup", "--out", out, "--top", "2").exit_code == 0
    assert set(pd.read_csv(out)["resume_id"]) == {"a/cv.txt", "b/cv.txt"}


def _interrupt_after_first_chunk(monkeypatch, model, postings, files, out: Path) -> None:
    """Run a batch that is stopped (as by Ctrl-C) while its second chunk is being read."""
    real = batch_module.prepare_files
    calls = {"n": 0}

    def crash(model_, paths, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(model_, paths, **kwargs)

    monkeypatch.setattr(batch_module, "prepare_files", crash)
    with pytest.raises(KeyboardInterrupt):
        run_batch(model, postings, files, out, top=3, chunk_size=5, n_jobs=1)
    monkeypatch.setattr(batch_module, "prepare_files", real)


def test_resume_refuses_other_options_weights_or_postings(tmp_path: Path, folder: Path, monkeypatch):
    from matcher.errors import DocumentError
    from matcher.loaders import load_postings
    from matcher.model import load_model

    files = resume_files(folder)
    model = load_model()
    postings = model.prepare_postings(load_postings(SEEDS / "postings"))
    _interrupt_after_first_chunk(monkeypatch, model, postings, files, tmp_path / "w.csv")
    with pytest.raises(DocumentError, match="started with other inputs or options"):
        run_batch(model, postings, files, tmp_path / "w.csv", top=4, chunk_size=5, n_jobs=1, resume=True)
    weighted = load_model(weights={"skills": 5.0})
    with pytest.raises(DocumentError, match="started with other inputs or options"):
        run_batch(weighted, postings, files, tmp_path / "w.csv", top=3, chunk_size=5, n_jobs=1, resume=True)
    edited = load_postings(SEEDS / "postings")
    from dataclasses import replace
    edited[0] = replace(edited[0], text=edited[0].text + "\n- Teaching license\n")
    with pytest.raises(DocumentError, match="started with other inputs or options"):
        run_batch(model, model.prepare_postings(edited), files, tmp_path / "w.csv", top=3, chunk_size=5, n_jobs=1,
                  resume=True)


def test_dask_engine_gives_identical_rows(tmp_path: Path, folder: Path):
    pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    local, dask = tmp_path / "local.csv", tmp_path / "dask.csv"
    assert _batch("--postings", SEEDS / "postings", "--resumes", folder, "--out", local, "--top", "3",
                  "--as-of", "2026-11-01").exit_code == 3
    result = _batch("--postings", SEEDS / "postings", "--resumes", folder, "--out", dask, "--top", "3",
                    "--engine", "dask", "--chunk-size", "4", "--as-of", "2026-11-01")
    assert result.exit_code == 3, result.output
    pd.testing.assert_frame_equal(pd.read_csv(local), pd.read_csv(dask))


def test_batch_skill_lists_agree_with_the_explanation(tmp_path: Path):
    from matcher.loaders import load_postings, load_resume
    from matcher.model import load_model

    cands = tmp_path / "one"
    cands.mkdir()
    (cands / "jane.txt").write_text(BACKEND_RESUME, encoding="utf-8")
    out = tmp_path / "rows.json"
    assert _batch("--postings", SEEDS / "postings", "--resumes", cands, "--out", out).exit_code == 0
    rows = {r["posting_id"]: r for r in json.loads(out.read_text())}
    model = load_model()
    resume = model.prepare_resumes([load_resume(cands / "jane.txt")])[0]
    partial_seen = 0
    for posting in model.prepare_postings(load_postings(SEEDS / "postings")):
        e = model.explain(resume, posting)
        row = rows[posting.id]
        for column in ("matched_skills", "partial_skills", "missing_skills", "minor_missing_skills"):
            assert sorted(row[column]) == sorted(g.name for g in getattr(e, column)), (posting.id, column)
        partial_seen += bool(row["partial_skills"])
    assert partial_seen  # the seeds have related-skill partials, so the check above is not vacuous


def test_batch_lists_no_skill_an_either_or_met_through_the_other(tmp_path: Path):
    """"Go or Rust" met by Go: Rust is neither matched, related nor missing, as in the explanation."""
    postings, cands = tmp_path / "p", tmp_path / "c"
    postings.mkdir()
    cands.mkdir()
    (postings / "be.md").write_text("---\ntitle: Backend Engineer\n---\n## Requirements\n- Proficiency in Go or Rust\n"
                                     "- Kafka\n", encoding="utf-8")
    (cands / "jo.txt").write_text("Jo\n## Skills\nGo, Kafka\n", encoding="utf-8")
    out = tmp_path / "rows.json"
    assert _batch("--postings", postings, "--resumes", cands, "--out", out).exit_code == 0
    [row] = json.loads(out.read_text())
    assert sorted(row["matched_skills"]) == ["Apache Kafka", "Go"]
    assert row["partial_skills"] == [] and row["missing_skills"] == [] and row["minor_missing_skills"] == []


def test_batch_skill_lists_leave_out_lines_copied_from_the_posting(tmp_path: Path):
    from matcher.loaders import load_postings, load_resume
    from matcher.model import load_model

    posting_file = SEEDS / "postings" / "000_aca7d45349741043.md"
    body = posting_file.read_text(encoding="utf-8").split("---", 2)[2]
    copied = [line for line in body.splitlines() if line.startswith(("- ", "* ")) and len(line.split()) > 8][:4]
    assert copied
    cands = tmp_path / "one"
    cands.mkdir()
    (cands / "copier.txt").write_text("Sam Doe\n\nSKILLS\nPython\n\nABOUT\n" + "\n".join(copied) + "\n", encoding="utf-8")
    out = tmp_path / "rows.json"
    assert _batch("--postings", posting_file, "--resumes", cands, "--out", out).exit_code == 0
    row = json.loads(out.read_text())[0]
    model = load_model()
    e = model.explain(model.prepare_resumes([load_resume(cands / "copier.txt")])[0],
                      model.prepare_postings(load_postings(posting_file))[0])
    assert e.copied_from_posting
    for column in ("matched_skills", "partial_skills", "missing_skills", "minor_missing_skills"):
        assert sorted(row[column]) == sorted(g.name for g in getattr(e, column)), column


def test_an_unreadable_subfolder_is_skipped_when_listing_resumes(tmp_path: Path, monkeypatch):
    import os

    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("Go developer", encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("Go developer", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(batch_module.os, "scandir", scandir)
    assert [p.name for p in resume_files(tmp_path)] == ["a.txt"]


def test_progress_reports_every_chunk_once_even_after_an_interruption(tmp_path: Path, folder: Path, monkeypatch):
    from matcher.loaders import load_postings
    from matcher.model import load_model

    model = load_model()
    postings = model.prepare_postings(load_postings(SEEDS / "postings"))[:5]
    files = resume_files(folder)
    out = tmp_path / "p.csv"
    seen: list[int] = []
    run_batch(model, postings, files, out, top=2, chunk_size=4, n_jobs=1, progress=lambda stage, n: seen.append(n))
    assert sorted(seen) == sorted(len(files[i:i + 4]) for i in range(0, len(files), 4))
    resumed = tmp_path / "resumed.csv"
    _interrupt_after_first_chunk(monkeypatch, model, postings, files, resumed)  # top 3, chunks of 5
    seen.clear()
    run_batch(model, postings, files, resumed, top=3, chunk_size=5, n_jobs=1, resume=True,
              progress=lambda stage, n: seen.append(n))
    assert seen[0] == 5  # the chunk saved before the interruption, reported first
    assert sum(seen) == len(files) and len(seen) == len(range(0, len(files), 5))


def test_workers_read_resumes_ahead_while_the_postings_are_prepared(tmp_path: Path, folder: Path, monkeypatch):
    import pickle
    import threading

    from matcher.loaders import load_postings
    from matcher.model import load_model
    from matcher.readers import ReadLimits

    model = load_model()
    postings = model.prepare_postings(load_postings(SEEDS / "postings"))[:6]
    files = resume_files(folder)
    reference = tmp_path / "reference.csv"
    run_batch(model, postings, files, reference, top=2, chunk_size=5, n_jobs=1)

    parts = tmp_path / "parts"
    parts.mkdir()
    _own(parts, "run1")
    shared = parts / "postings-run1.pkl"
    ids = batch_module.batch_ids(files)
    tasks = [(files[i:i + 5], parts / f"part-{i:05d}.json", 2, ReadLimits(), ids) for i in range(0, len(files), 5)]
    read = []
    real = batch_module.prepare_files
    monkeypatch.setattr(batch_module, "prepare_files", lambda m, p, **k: (read.append(shared.exists()), real(m, p, **k))[1])
    worker = threading.Thread(target=batch_module._run_chunk_group, args=((model, shared, "run1", tasks),))
    worker.start()
    while len(read) < 2 and worker.is_alive():  # the worker reads resumes with no postings yet
        time.sleep(0.001)
    time.sleep(0.5)
    assert len(read) == 2  # and stops at two chunks, so memory stays bounded
    tmp = parts / "postings.tmp"  # written whole, then renamed, as run_batch does
    with open(tmp, "wb") as handle:
        pickle.dump((postings, model.posting_side(postings)), handle)
    tmp.replace(shared)
    worker.join()
    assert read[:2] == [False, False] and len(read) == len(tasks)
    merged = batch_module._merge_parts([task[1] for task in tasks], 2)
    expected = pd.read_csv(reference)
    assert list(merged["resume_id"]) == list(expected["resume_id"])
    assert list(merged["score"]) == list(expected["score"])

    # A batch that fails before its postings are ready stops its workers instead of leaving them waiting.
    shutil.rmtree(parts)
    parts.mkdir()
    _own(parts, "run1")
    batch_module._failed_marker(shared).touch()
    with pytest.raises(RuntimeError, match="stopped before its postings were ready"):
        batch_module._run_chunk_group((model, shared, "run1", tasks))


def _own(parts: Path, run: str) -> None:
    """Mark ``parts`` as the folder of batch run ``run``, started by this process."""
    import os
    import socket

    (parts / "state.json").write_text(json.dumps({"run": run, "host": socket.gethostname(), "pid": os.getpid()}))


def test_work_left_by_an_earlier_run_never_writes_into_a_later_one(tmp_path: Path, folder: Path):
    import pickle

    from matcher.loaders import load_postings
    from matcher.model import load_model
    from matcher.readers import ReadLimits

    model = load_model()
    postings = model.prepare_postings(load_postings(SEEDS / "postings"))[:3]
    files = resume_files(folder)[:6]
    parts = tmp_path / "parts"
    parts.mkdir()
    tasks = [(files[:3], parts / "part-00000.json", 2, ReadLimits(), batch_module.batch_ids(files))]
    old = parts / "postings-old.pkl"
    with open(old, "wb") as handle:
        pickle.dump((postings, model.posting_side(postings)), handle)
    _own(parts, "new")  # a later run has taken the folder over
    with pytest.raises(RuntimeError, match="ended or was restarted"):
        batch_module._run_chunk_group((model, old, "old", tasks))
    assert not tasks[0][1].exists() and not list(parts.glob("part-*"))
    old.unlink()  # and one still waiting for its postings stops too, instead of waiting an hour
    start = time.monotonic()
    with pytest.raises(RuntimeError, match="ended or was restarted"):
        batch_module._run_chunk_group((model, old, "old", tasks))
    assert time.monotonic() - start < 5


def test_an_engine_that_runs_everything_before_returning_works(tmp_path: Path, folder: Path):
    from matcher.loaders import load_postings
    from matcher.model import load_model

    model = load_model()
    postings = load_postings(SEEDS / "postings")[:4]  # not prepared: run_batch prepares them
    files = resume_files(folder)
    eager, local = tmp_path / "eager.csv", tmp_path / "local.csv"
    run_batch(model, postings, files, eager, top=2, chunk_size=4, engine=lambda fn, items: [fn(i) for i in items])
    run_batch(model, postings, files, local, top=2, chunk_size=4, n_jobs=1)
    pd.testing.assert_frame_equal(pd.read_csv(eager), pd.read_csv(local))


def test_best_scores_are_the_top_best_per_posting_id():
    best = batch_module._BestScores(["a", "b", "a"], top=2)  # two postings share the id "a"
    assert np.isneginf(best.scores()).all() and best.scores().shape == (2, 3)
    best.add(pd.DataFrame({"posting_id": ["a", "a", "b"], "score": [50.0, 70.0, 10.0]}))
    np.testing.assert_array_equal(best.scores(), [[70.0, 10.0, 70.0], [50.0, -np.inf, 50.0]])
    best.add(pd.DataFrame({"posting_id": ["a", "b", "b"], "score": [60.0, 5.0, 30.0]}))
    np.testing.assert_array_equal(best.scores(), [[70.0, 30.0, 70.0], [60.0, 10.0, 60.0]])
    best.add(pd.DataFrame({"posting_id": [], "score": []}))
    np.testing.assert_array_equal(best.scores()[-1], [60.0, 10.0, 60.0])


def test_a_chunk_leaves_out_rows_that_kept_rows_and_its_own_better_ones_beat():
    from matcher.documents import Resume
    from matcher.loaders import load_postings
    from matcher.model import load_model

    model = load_model()
    postings = model.prepare_postings(load_postings(SEEDS / "postings" / "000_aca7d45349741043.md"))
    texts = ["Go Kafka Rust engineer", "Go engineer", "Python analyst", "Nurse"]
    resumes = model.prepare_resumes([Resume.from_text(t, id=f"r{k}") for k, t in enumerate(texts)])
    every = batch_module.score_chunk(model, resumes, postings, top=2)
    assert len(every) == 2
    best, second = sorted(every["score"], reverse=True)
    # One kept row better than both: only this chunk's best can still be second.
    one = batch_module.score_chunk(model, resumes, postings, top=2, kept=np.array([[best + 1], [-np.inf]]))
    assert one["score"].tolist() == [best]
    # Two kept rows better than both: nothing from this chunk can make the table.
    assert batch_module.score_chunk(model, resumes, postings, top=2, kept=np.array([[best + 2], [best + 1]])).empty


def test_later_chunks_that_nothing_of_makes_the_table_are_fine(tmp_path: Path):
    from matcher.loaders import load_postings
    from matcher.model import load_model

    cands = tmp_path / "cands"
    cands.mkdir()
    (cands / "a_best.txt").write_text(BACKEND_RESUME, encoding="utf-8")
    for k in range(5):
        (cands / f"b{k}.txt").write_text(f"Florist number {k}. Flower arranging.", encoding="utf-8")
    out = tmp_path / "rows.csv"
    posting = load_postings(SEEDS / "postings" / "000_aca7d45349741043.md")
    report = run_batch(load_model(), posting, resume_files(cands), out, top=1, chunk_size=2, n_jobs=1)
    rows = pd.read_csv(out)
    assert report.rows == 1 and rows["resume_id"].tolist() == ["a_best"]


def test_workers_share_best_scores_without_counting_a_row_twice(tmp_path: Path):
    a = batch_module._BestScores(["p"], top=2)
    b = batch_module._BestScores(["p"], top=2)
    a.add(pd.DataFrame({"posting_id": ["p"], "score": [50.0]}))
    a.save(tmp_path / "a.npy")
    b.absorb([tmp_path / "a.npy"])
    assert b.scores()[:, 0].tolist() == [50.0, -np.inf]  # a's row counts for b ...
    b.add(pd.DataFrame({"posting_id": ["p"], "score": [40.0]}))
    b.save(tmp_path / "b.npy")
    a.absorb([tmp_path / "b.npy", tmp_path / "missing.npy"])
    # ... and a, taking in b's, sees 50 once: a new row of 45 can still be second.
    assert a.scores()[:, 0].tolist() == [50.0, 40.0]
    (tmp_path / "bad.npy").write_bytes(b"not numpy")
    a.absorb([tmp_path / "bad.npy"])
    assert a.scores()[:, 0].tolist() == [50.0, -np.inf]


def test_sharing_best_scores_across_workers_keeps_the_table(tmp_path: Path, folder: Path):
    from matcher.loaders import load_postings
    from matcher.model import load_model

    model = load_model()
    postings = load_postings(SEEDS / "postings")
    files = resume_files(folder)
    one, many = tmp_path / "one.csv", tmp_path / "many.csv"
    run_batch(model, postings, files, one, top=2, chunk_size=100, n_jobs=1)
    # Chunks of two across two workers: each group reads the others' shared scores.
    run_batch(model, postings, files, many, top=2, chunk_size=2, n_jobs=2)
    a = pd.read_csv(one).drop(columns=["resume_path"]).sort_values(["posting_id", "resume_id"]).reset_index(drop=True)
    b = pd.read_csv(many).drop(columns=["resume_path"]).sort_values(["posting_id", "resume_id"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


def test_batch_rows_carry_the_experience_shortfall_that_explain_reports(tmp_path: Path):
    """Review finding: a recruiter's batch table had no experience columns, which `screen` shows."""
    from matcher.loaders import load_postings, load_resumes
    from matcher.model import load_model

    jobs = tmp_path / "jobs"
    jobs.mkdir()
    (jobs / "senior.md").write_text("---\ntitle: Senior Backend Engineer\n---\n## Requirements\n"
                                    "- 8+ years of backend development\n- 3+ years of Go\n", encoding="utf-8")
    (jobs / "any.md").write_text("---\ntitle: Barista\n---\n## Requirements\n- Espresso\n", encoding="utf-8")
    cands = tmp_path / "cands"
    cands.mkdir()
    (cands / "jane.txt").write_text(BACKEND_RESUME, encoding="utf-8")
    (cands / "kim.txt").write_text("## Experience\nBackend Engineer, Acme\nJan 2021 - Present\n- Go services\n",
                                   encoding="utf-8")
    out = tmp_path / "rows.json"
    result = _batch("--postings", jobs, "--resumes", cands, "--out", out, "--as-of", "2026-01-01")
    assert result.exit_code == 0, result.output
    model = load_model(as_of=date(2026, 1, 1))
    resumes = {r.id: r for r in load_resumes(cands)}
    postings = {p.id: p for p in load_postings(jobs)}
    rows = json.loads(out.read_text())
    assert len(rows) == 4
    for row in rows:
        expected = model.explain(resumes[row["resume_id"]], postings[row["posting_id"]]).experience
        assert {k: row[k] for k in ("required_years", "held_years", "shortfall_years", "total_years")} == {
            k: expected[k] for k in ("required_years", "held_years", "shortfall_years", "total_years")}, row
    kim = next(r for r in rows if r["resume_id"] == "kim" and r["posting_id"] == "senior")
    assert kim["required_years"] == 8.0 and kim["shortfall_years"] == 3.0


def test_batch_makes_a_missing_output_folder_and_says_when_a_file_is_in_its_way(tmp_path: Path):
    """Review finding: ``--out out/results.csv`` failed when ``out/`` did not exist yet."""
    cands = tmp_path / "one"
    cands.mkdir()
    (cands / "a.txt").write_text(BACKEND_RESUME, encoding="utf-8")
    out = tmp_path / "new" / "deeper" / "results.csv"
    result = _batch("--postings", SEEDS / "postings" / "000_aca7d45349741043.md", "--resumes", cands, "--out", out)
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(out)) == 1
    (tmp_path / "blocker").write_text("a file, not a folder", encoding="utf-8")
    blocked = _batch("--postings", SEEDS / "postings" / "000_aca7d45349741043.md", "--resumes", cands,
                     "--out", tmp_path / "blocker" / "results.csv")
    assert blocked.exit_code != 0 and "cannot make the output folder" in blocked.stderr
    assert "Traceback" not in blocked.output and (tmp_path / "blocker").read_text() == "a file, not a folder"
    # No folder is left behind when nothing could be scored (regression review).
    failed = _batch("--postings", tmp_path / "no_such_postings", "--resumes", cands, "--out", tmp_path / "made" / "x.csv")
    assert failed.exit_code != 0 and not (tmp_path / "made").exists()
