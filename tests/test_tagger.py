"""The SkillSpan tagger on free text: tokens, character spans, and what `matcher skills` shows of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matcher.cli import app
from matcher.model import save_tagger
from matcher.skills import SkillExtractor, builtin_taxonomy
from matcher.skills.tagger import SpanTagger, text_tokens

runner = CliRunner()
TOOLS = ["Zorblax", "Quintor", "Plumbus", "Grafnix", "Vextor", "Lumora"]


@pytest.fixture(scope="module")
def extractor() -> SkillExtractor:
    return SkillExtractor.from_taxonomy(builtin_taxonomy())


@pytest.fixture(scope="module")
def tagger(extractor) -> SpanTagger:
    sentences, spans = [], []
    for i, tool in enumerate(TOOLS * 5):
        sentences.append(["Experience", "with", tool, "and", "Python", "is", "required", "."])
        spans.append([(2, 3), (4, 5)])
        sentences.append(["The", "team", "meets", "every", ["Monday", "week", "day"][i % 3], "."])
        spans.append([])
    return SpanTagger(c1=0.05, c2=0.2, max_iterations=100, folds=2).fit(
        sentences, spans, list(range(len(sentences))), extractor)


def test_text_is_split_the_way_skillspan_writes_it():
    text = 'Experience with Java, Go and C++. (AWS/GCP) "Node.js"'
    assert [text[a:b] for a, b in text_tokens(text)] == [
        "Experience", "with", "Java", "Go", "and", "C++", ".", "(", "AWS/GCP", ")", '"', "Node.js", '"']


def test_find_gives_character_spans_without_edge_punctuation(tagger, extractor):
    text = "About us\nExperience with Vextor: and Python is required.\n\nThe team meets every week."
    found = [text[a:b] for a, b in tagger.find(text, extractor)]
    assert found == ["Vextor", "Python"]
    # Python is in the taxonomy; only what it lacks is new.
    assert [text[a:b] for a, b in tagger.new_phrases(text, extractor)] == ["Vextor"]


def test_skills_command_lists_what_the_tagger_adds(tmp_path: Path, tagger):
    save_tagger(tagger, tmp_path / "t.joblib", training={}, metrics={})
    resume = tmp_path / "cv.txt"
    resume.write_text("Jane Doe\njane@example.com\n\nSkills\nExperience with Lumora and Python is required.\n",
                      encoding="utf-8")
    result = runner.invoke(app, ["skills", str(resume), "--json", "--tagger", str(tmp_path / "t.joblib")])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [(t["text"], t["section"]) for t in out["tagged"]] == [("Lumora", "skills")]
    assert "Python" in [s["name"] for s in out["skills"]]
    table = runner.invoke(app, ["skills", str(resume), "--tagger", str(tmp_path / "t.joblib")])
    assert table.exit_code == 0 and "Lumora" in table.stdout and "Also knowledge" in table.stdout
    plain = runner.invoke(app, ["skills", str(resume), "--json", "--no-tagger"])
    assert plain.exit_code == 0 and json.loads(plain.stdout)["tagged"] == []


def test_a_tagger_from_an_older_matcher_is_refused_in_one_line(tmp_path: Path, tagger):
    from matcher.model import save_artifact

    old = tmp_path / "old.joblib"
    save_artifact(tagger, old, model={"type": "SpanTagger", "labels": "Knowledge BIO"}, training={}, metrics={})
    resume = tmp_path / "cv.txt"
    resume.write_text("Skills\nPython\n", encoding="utf-8")
    result = runner.invoke(app, ["skills", str(resume), "--tagger", str(old)])
    assert result.exit_code == 1
    assert "old.joblib: tagger labels 'Knowledge BIO' come from an older matcher" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bilou_labels_refuse_spans_that_cannot_be_labelled():
    from matcher.skills.tagger import bilou_labels

    for spans in ([(2, 2)], [(0, 0)], [(3, 5)], [(0, 2), (1, 3)]):
        with pytest.raises(ValueError, match="empty, outside 4 tokens or overlaps"):
            bilou_labels(4, spans)


def test_refit_on_dev_keeps_train_and_dev_postings_apart(tmp_path: Path, monkeypatch):
    from matcher import training

    rows = [{"idx": i, "source": "tech", "tokens": ["Experience", "with", tool], "tags_skill": ["O"] * 3,
             "tags_knowledge": ["O", "O", "B"]} for i, tool in ((1, "Zorblax"), (2, "Quintor"))]
    for name in ("train.json", "dev.json"):
        (tmp_path / name).write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    seen = []
    fit = SpanTagger.fit

    def spy(self, sentences, spans, groups, extractor):
        seen.append(list(groups))
        return fit(self, sentences, spans, groups, extractor)

    monkeypatch.setattr(SpanTagger, "fit", spy)
    training.train_tagger(tmp_path / "train.json", tmp_path / "t.joblib", dev_path=tmp_path / "dev.json",
                          refit_on_dev=True)
    # Both files number their postings 1 and 2; in the refit dev's are shifted past train's.
    assert seen == [[1, 2], [1, 2, 4, 5]]
