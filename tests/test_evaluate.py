from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from matcher.cli import app
from matcher.datasets import bio_spans, load_rjdb, load_skillspan
from matcher.evaluate import (experience_was_cut, match_gaps, normalize_skill_name, pairwise_accuracy,
                              ranking_metrics, span_scores)

runner = CliRunner()

JD = ("## Job title\nBackend Developer\n\n## Required Skills\n1. Go: building services\n2. Kafka: streaming\n"
      "3. Customer Service: helping clients\n\n## Required Experience\n1. At least 4 years working as a Backend Developer.\n")
MATCHED = "## Skills\n1. Go\n2. Kafka\n3. Customer Service\n\n## Experience\n1. Backend Developer (2018 - 2023)\n"
UNMATCHED = "## Skills\n1. Go\n2. Kafka\n\n## Experience\n1. Backend Developer (2021 - 2023)\n"


def _rjdb(path: Path, n: int = 3) -> Path:
    row = {"Job-Description": JD, "Resume-matched": MATCHED, "Resume-unmatched": UNMATCHED, "Skills": ["Go", "Kafka"],
           "Filtered-information": {"Skills": ["Customer Service"],
                                    "Experience": 'instead of "Backend Developer (2018 - 2023)" use "Backend Developer (2021 - 2023)"'}}
    path.write_text("\n".join(json.dumps(row) for _ in range(n)) + "\n", encoding="utf-8")
    return path


def test_bio_spans():
    assert bio_spans(["O", "B", "I", "O", "B", "B", "I"]) == ((1, 3), (4, 5), (5, 7))
    assert bio_spans(["I", "I", "O"]) == ((0, 2),)


def test_span_scores_strict_and_loose():
    scores = span_scores([{(0, 2), (5, 6)}], [{(0, 2), (4, 6), (8, 9)}])
    assert scores["strict_precision"] == 0.5 and scores["strict_recall"] == pytest.approx(1 / 3, abs=1e-4)
    assert scores["loose_precision"] == 1.0 and scores["loose_recall"] == pytest.approx(2 / 3, abs=1e-4)


def test_ranking_metrics_and_ties_count_against():
    relevance = np.array([[2, 1, 0], [0, 2, 1]])
    perfect = ranking_metrics(np.array([[3, 2, 1], [1, 3, 2]]), relevance)
    assert perfect == {"mrr": 1.0, "recall@1": 1.0, "ndcg@10": 1.0}
    constant = ranking_metrics(np.zeros((2, 3)), relevance)
    assert constant["recall@1"] == 0.0
    assert pairwise_accuracy(np.array([1, 1, 0]), np.array([0, 1, 1])) == pytest.approx(0.5)


@pytest.mark.parametrize(
    "predicted, gold, hits",
    [([["Customer Service"]], ["customer service skills"], 1),
     ([["Proficiency in Kafka"]], ["Kafka"], 1),
     ([["CS", "Customer Service", "evidence"]], ["Customer Service"], 1),
     ([["Go"], ["Go"]], ["Go"], 1),
     ([["Rust"]], ["Go"], 0)],
    ids=["filler", "lead-phrase", "alias", "gold-once", "miss"],
)
def test_match_gaps(predicted, gold, hits):
    assert match_gaps(predicted, gold) == hits


def test_normalize_skill_name():
    assert normalize_skill_name("Knowledge of SQL, skills!") == "sql"


@pytest.mark.parametrize(
    "instruction, cut",
    [('without including "Bakers (2013 - 2016)"', True),
     ('instead of "Bakers (2013 - 2016)" use "Bakers (2013 - 2014)"', True),
     ('instead of "Bakers (2013 - 2016)" use "Baker (2013 - 2016)"', False)],
)
def test_experience_was_cut(instruction, cut):
    assert experience_was_cut(instruction) is cut


def test_evaluate_gaps_cli_on_a_tiny_file(tmp_path: Path):
    result = runner.invoke(app, ["evaluate", "gaps", "--data", str(_rjdb(tmp_path / "mini.jsonl")), "--json"])
    assert result.exit_code == 0, result.output
    gaps = json.loads(result.stdout)["gaps"]
    assert gaps["missing_recall"] == 1.0 and gaps["false_missing_per_matched"] == 0.0
    assert gaps["experience_flagged_unmatched"] == 1.0 and gaps["experience_flagged_matched"] == 0.0


def test_evaluate_matching_cli_on_a_tiny_file(tmp_path: Path):
    result = runner.invoke(app, ["evaluate", "matching", "--data", str(_rjdb(tmp_path / "mini.jsonl")), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["matching"]["pairwise_accuracy"] == 1.0


def test_evaluate_skills_cli_on_a_tiny_file(tmp_path: Path):
    rows = [{"idx": 1, "source": "tech", "tokens": ["Experience", "with", "Kafka", "and", "PostgreSQL"],
             "tags_skill": ["O"] * 5, "tags_knowledge": ["O", "O", "B", "O", "B"]}]
    path = tmp_path / "spans.json"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert load_skillspan(path)[0].knowledge_spans == ((2, 3), (4, 5))
    result = runner.invoke(app, ["evaluate", "skills", "--data", str(path), "--json", "--no-tagger"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["knowledge_tech"]["strict_f1"] == 1.0
    result = runner.invoke(app, ["evaluate", "skills", "--data", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert 0.0 <= json.loads(result.stdout)["knowledge_tech"]["strict_f1"] <= 1.0


def test_bad_benchmark_file_is_one_line(tmp_path: Path):
    path = tmp_path / "bad.jsonl"
    path.write_text("{}\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "gaps", "--data", str(path)])
    assert result.exit_code == 1
    assert "line 1 is not an RJDB record" in result.stderr
    assert len(load_rjdb(_rjdb(tmp_path / "ok.jsonl", n=2))) == 2


def test_span_tagger_learns_and_round_trips(tmp_path: Path):
    from matcher.model import load_tagger, save_tagger
    from matcher.skills import SkillExtractor, builtin_taxonomy
    from matcher.skills.tagger import SpanTagger

    extractor = SkillExtractor.from_taxonomy(builtin_taxonomy())
    tools = ["Zorblax", "Quintor", "Plumbus", "Grafnix", "Vextor", "Lumora"]
    sentences, spans, groups = [], [], []
    for i, tool in enumerate(tools * 5):
        sentences.append(["Experience", "with", tool, "is", "required", "."])
        spans.append([(2, 3)])
        groups.append(i)
    tagger = SpanTagger(max_iterations=50, folds=2).fit(sentences, spans, groups, extractor)
    assert tagger.predict([["Experience", "with", "Zorblax", "is", "required", "."]], extractor) == [{(2, 3)}]
    save_tagger(tagger, tmp_path / "t.joblib", training={}, metrics={})
    again = load_tagger(tmp_path / "t.joblib")
    assert again.predict([["Experience", "with", "Quintor", "is", "required", "."]], extractor) == [{(2, 3)}]


def _skillspan_file(path: Path, tools: list[str], first_idx: int) -> Path:
    rows = [{"idx": first_idx + i, "source": "tech", "tokens": ["Experience", "with", tool, "is", "required"],
             "tags_skill": ["O"] * 5, "tags_knowledge": ["O", "O", "B", "O", "O"]} for i, tool in enumerate(tools)]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return path


def test_train_tagger_refit_on_dev_keeps_held_out_scores_and_says_so(tmp_path: Path):
    from matcher.model import load_tagger, read_card

    train = _skillspan_file(tmp_path / "train.json", ["Zorblax", "Quintor", "Plumbus", "Grafnix"] * 4, 0)
    dev = _skillspan_file(tmp_path / "dev.json", ["Flurbo", "Vextor"] * 3, 0)
    only, refit = tmp_path / "only.joblib", tmp_path / "refit.joblib"
    for out, extra in ((only, []), (refit, ["--refit-on-dev"])):
        result = runner.invoke(app, ["train-tagger", "--data", str(train), "--dev", str(dev), "--out", str(out), *extra])
        assert result.exit_code == 0, result.output
    card_only, card_refit = read_card(only), read_card(refit)
    assert [d["name"] for d in card_only["training"]["data"]] == ["train.json"]
    assert [d["name"] for d in card_refit["training"]["data"]] == ["train.json", "dev.json"]
    # The dev scores on the card are the train-only fit's, in both cards.
    assert card_refit["metrics"]["dev"] == card_only["metrics"]["dev"] and "dev_note" in card_refit["metrics"]
    assert "flurbo" in load_tagger(refit).gazetteer_ and "flurbo" not in load_tagger(only).gazetteer_
    noted = runner.invoke(app, ["evaluate", "skills", "--data", str(dev), "--tagger", str(refit)])
    assert noted.exit_code == 0 and "the tagger was trained on dev.json" in noted.stderr
    clean = runner.invoke(app, ["evaluate", "skills", "--data", str(dev), "--tagger", str(only)])
    assert clean.exit_code == 0 and "trained on" not in clean.stderr
    alone = runner.invoke(app, ["train-tagger", "--data", str(train), "--refit-on-dev", "--out", str(only)])
    assert alone.exit_code != 0 and "--refit-on-dev needs --dev" in alone.output


def test_bilou_labels_round_trip_adjacent_and_long_spans():
    from matcher.skills.tagger import bilou_labels, bilou_spans

    spans = {(0, 1), (1, 3), (4, 7)}
    labels = bilou_labels(8, sorted(spans))
    assert labels == ["U", "B", "L", "O", "B", "I", "L", "O"]
    assert bilou_spans(labels) == spans
    # BIO output (older taggers) and stray tags still decode to spans.
    assert bilou_spans(["B", "I", "O", "I", "B"]) == {(0, 2), (3, 4), (4, 5)}
    assert bilou_spans(["L", "O", "U", "U"]) == {(0, 1), (2, 3), (3, 4)}


def test_span_tagger_separates_run_together_names_and_adds_taxonomy_tools():
    from matcher.skills import SkillExtractor, builtin_taxonomy
    from matcher.skills.tagger import SpanTagger

    extractor = SkillExtractor.from_taxonomy(builtin_taxonomy())
    tools = ["Zorblax", "Quintor", "Plumbus", "Grafnix", "Vextor", "Lumora"]
    sentences, spans, groups = [], [], []
    for i in range(30):
        a, b = tools[i % 6], tools[(i + 1) % 6]
        sentences.append(["We", "use", a, b, "and", "Open", a, "daily", "."])
        spans.append([(2, 3), (3, 4), (5, 7)])
        groups.append(i)
        sentences.append(["the", "office", "runs", "on", ["coffee", "time", "mondays"][i % 3], "."])
        spans.append([])
        groups.append(i)
    kwargs = {"c1": 0.05, "c2": 0.2, "max_iterations": 100, "folds": 2}
    tagger = SpanTagger(**kwargs).fit(sentences, spans, groups, extractor)
    test = [["We", "use", "Vextor", "Zorblax", "and", "Open", "Lumora", "daily", "."],
            ["the", "office", "runs", "on", "kubernetes", "."]]
    tagged = tagger.predict(test, extractor)
    assert tagged[0] == {(2, 3), (3, 4), (5, 7)}
    # The CRF never saw kubernetes; the taxonomy names it a platform, so it is added.
    assert tagged[1] == {(4, 5)}
    plain = SpanTagger(**kwargs, tool_categories=()).fit(sentences, spans, groups, extractor)
    assert plain.predict(test[1:], extractor) == [set()]


def test_binary_data_file_is_one_clear_error(tmp_path):
    from matcher.datasets import load_rjdb, load_skillspan
    from matcher.errors import DocumentError

    bad = tmp_path / "binary.jsonl"
    bad.write_bytes(b"\xb4\x00\xff" * 20)
    for loader, kind in ((load_rjdb, "RJDB"), (load_skillspan, "SkillSpan")):
        with pytest.raises(DocumentError, match=f"not UTF-8 text; an? {kind} file is JSON lines"):
            loader(bad)
