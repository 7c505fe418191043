"""Trust: fairness audit, redaction, model integrity at the CLI, and no network."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from conftest import SEEDS
from matcher.audit import audit_scores
from matcher.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def _scores(tmp_path: Path, rows: list[tuple[float, str]], name: str = "scores.csv") -> Path:
    path = tmp_path / name
    pd.DataFrame({"score": [r[0] for r in rows], "group": [r[1] for r in rows]}).to_csv(path, index=False)
    return path


def test_audit_impact_ratios_and_four_fifths_flag():
    frame = pd.DataFrame({"score": [90, 85, 80, 75, 70, 60, 50, 40], "group": list("aaaabbbb")})
    rows, cut = audit_scores(frame, group="group", threshold=65)
    by = {r.group: r for r in rows}
    assert cut == 65
    assert by["a"].selection_rate == 1.0 and by["b"].selection_rate == 0.25
    assert by["b"].impact_ratio == 0.25 and by["b"].flagged and not by["a"].flagged
    rows, cut = audit_scores(frame, group="group")
    assert cut == 72.5  # default: the scoring rate, share above the median


def test_audit_cli_exit_codes_and_json(tmp_path: Path):
    fair = _scores(tmp_path, [(s, g) for s in (10, 50, 90) for g in "ab" for _ in range(20)], "fair.csv")
    result = run("audit", fair, "--group", "group", "--threshold", "40", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [set(g) for g in data["groups"]] == [{"group", "count", "selection_rate", "impact_ratio", "flagged", "small"}] * 2
    unfair = _scores(tmp_path, [(90, "a")] * 40 + [(10, "b")] * 35 + [(90, "b")] * 5, "unfair.csv")
    result = run("audit", unfair, "--group", "group", "--threshold", "50")
    assert result.exit_code == 4
    assert "flagged" in result.stdout
    small = _scores(tmp_path, [(90, "a"), (10, "b")], "small.csv")
    assert "has only 1 rows" in run("audit", small, "--group", "group").stderr


def test_audit_reads_parquet(tmp_path: Path):
    path = tmp_path / "s.parquet"
    pd.DataFrame({"score": [90.0, 80.0, 20.0, 10.0], "g": ["x", "x", "y", "y"]}).to_parquet(path)
    result = run("audit", path, "--group", "g", "--json")
    assert result.exit_code == 4
    assert [g["group"] for g in json.loads(result.stdout)["groups"]] == ["x", "y"]


def test_audit_unknown_column_is_one_line(tmp_path: Path):
    path = _scores(tmp_path, [(1, "a")])
    result = run("audit", path, "--group", "nope")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {path}: no column 'nope'; the file has score, group"


def test_redact_removes_contact_details_from_every_output(tmp_path: Path):
    posting = tmp_path / "job.md"
    posting.write_text("---\ntitle: Go Developer\n---\n## Requirements\n- Go and Kafka (email jobs@corp.example.com "
                       "or call +1 555 010 9999, see https://corp.example.com/apply)\n", encoding="utf-8")
    resume = tmp_path / "cv.txt"
    resume.write_text("SKILLS\nGo, Kafka - reach me at me@mail.example.org or +1 555 010 1234\n", encoding="utf-8")
    plain = run("gaps", resume, posting, "--json").stdout
    assert "jobs@corp.example.com" in plain
    for args in (("gaps", resume, posting, "--json"), ("screen", posting, resume, "--json"),
                 ("rank", resume, "--postings", posting, "--json")):
        result = run(*args, "--redact")
        assert result.exit_code == 0, result.output
        for secret in ("jobs@corp.example.com", "555 010 9999", "https://corp.example.com", "me@mail.example.org"):
            assert secret not in result.stdout, (args, secret)


def test_tampered_model_is_refused_at_the_cli(tmp_path: Path, backend_resume: Path):
    from matcher.model import default_model_path

    copy = tmp_path / "m.joblib"
    shutil.copy(default_model_path(), copy)
    shutil.copy(default_model_path().with_suffix(".json"), copy.with_suffix(".json"))
    with copy.open("ab") as handle:
        handle.write(b"tampered")
    result = run("rank", backend_resume, "--model", copy)
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"error: {copy}: checksum does not match the model card; "
                                     "the file was altered or corrupted")


def test_no_network_and_nothing_written(tmp_path: Path, monkeypatch, backend_resume: Path):
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise ConnectionRefusedError("network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    inputs = {p: p.read_bytes() for p in [backend_resume, *sorted((SEEDS / "postings").glob("*.md"))[:5]]}
    for args in (("rank", backend_resume, "--json"), ("gaps", backend_resume, SEEDS / "postings" / "000_aca7d45349741043.md"),
                 ("screen", SEEDS / "postings" / "000_aca7d45349741043.md", backend_resume), ("info",),
                 ("skills", backend_resume)):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
    assert attempts == []
    assert list(work.iterdir()) == []
    assert all(p.read_bytes() == data for p, data in inputs.items())
