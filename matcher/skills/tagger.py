"""A CRF span tagger for Knowledge mentions, trained on SkillSpan, for phrases the taxonomy lacks.

The taxonomy finds what it knows; the tagger learns what job postings call
knowledge (tools, technologies, bodies of knowledge) from annotated postings,
using the taxonomy's own matches, word shape and a gazetteer of the training
spans as features. The gazetteer is built out-of-fold while training, so the
model learns to use it the way it will see it on new text: incomplete.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence

from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from matcher.skills.extract import SkillExtractor

__all__ = ["SpanTagger", "token_offsets"]

_MAX_GAZ_WORDS = 5


def token_offsets(tokens: Sequence[str]) -> tuple[list[int], list[int]]:
    """Start and end offsets of each token in ``" ".join(tokens)``."""
    starts, ends, pos = [], [], 0
    for token in tokens:
        starts.append(pos)
        pos += len(token)
        ends.append(pos)
        pos += 1
    return starts, ends


def _shape(word: str) -> str:
    shape = re.sub("[A-Z]", "X", word)
    shape = re.sub("[a-z]", "x", shape)
    shape = re.sub("[0-9]", "d", shape)
    return re.sub(r"(.)\1+", r"\1\1", shape)


def _dictionary_tags(extractor: SkillExtractor, tokens: Sequence[str]) -> list[str]:
    """BIO tags of the taxonomy's own (top-level) matches, with K/S for knowledge/skill."""
    starts, ends = token_offsets(tokens)
    start_index = {s: i for i, s in enumerate(starts)}
    end_index = {e: i for i, e in enumerate(ends)}
    tags = ["O"] * len(tokens)
    for m in extractor.extract(" ".join(tokens)):
        if m.nested or m.start not in start_index or m.end not in end_index:
            continue
        a, b = start_index[m.start], end_index[m.end]
        kind = "K" if m.kind == "knowledge" else "S"
        tags[a] = "B" + kind
        for j in range(a + 1, b + 1):
            tags[j] = "I" + kind
    return tags


def _gazetteer_tags(gazetteer: frozenset[str], tokens: Sequence[str]) -> list[str]:
    low = [t.lower() for t in tokens]
    tags = ["O"] * len(tokens)
    i = 0
    while i < len(tokens):
        width = next((n for n in range(_MAX_GAZ_WORDS, 0, -1)
                      if i + n <= len(tokens) and " ".join(low[i:i + n]) in gazetteer), 0)
        if width:
            tags[i] = "B"
            for j in range(i + 1, i + width):
                tags[j] = "I"
            i += width
        else:
            i += 1
    return tags


def _spans(tags: Sequence[str]) -> set[tuple[int, int]]:
    from matcher.datasets import bio_spans

    return set(bio_spans(list(tags)))


class SpanTagger(BaseEstimator):
    """Conditional random field over token windows that tags Knowledge spans (BIO).

    Parameters
    ----------
    c1, c2 : L1 and L2 regularisation of the CRF.
    max_iterations : training iterations of L-BFGS.
    folds : out-of-fold splits for the gazetteer feature while training.
    """

    def __init__(self, *, c1: float = 0.05, c2: float = 0.2, max_iterations: int = 300, folds: int = 5) -> None:
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations
        self.folds = folds

    def _features(self, tokens: Sequence[str], extractor: SkillExtractor, gazetteer: frozenset[str],
                  taxonomy_words: frozenset[str]) -> list[dict]:
        dictionary = _dictionary_tags(extractor, tokens)
        gazetteer_tags = _gazetteer_tags(gazetteer, tokens)
        rows = []
        for i, word in enumerate(tokens):
            low = word.lower()
            f: dict[str, object] = {
                "bias": 1.0, "w": low, "wc": word, "suf2": low[-2:], "suf3": low[-3:], "suf4": low[-4:],
                "pre2": low[:2], "pre3": low[:3], "shape": _shape(word), "upper": float(word.isupper()),
                "title": float(word.istitle()), "digit": float(any(c.isdigit() for c in word)),
                "dict": dictionary[i], "gaz": gazetteer_tags[i], "taxword": float(low in taxonomy_words),
                "midcap": float(i > 0 and word[:1].isupper()), "len": float(min(len(word), 10)),
            }
            for d in (-2, -1, 1, 2):
                j = i + d
                if 0 <= j < len(tokens):
                    f[f"{d}:w"] = tokens[j].lower()
                    f[f"{d}:dict"] = dictionary[j]
                    f[f"{d}:shape"] = _shape(tokens[j])
                    f[f"{d}:gaz"] = gazetteer_tags[j]
                else:
                    f[f"{d}:w"] = "<pad>"
            if i > 0:
                f["bigram-"] = f"{tokens[i - 1].lower()}|{low}"
            if i < len(tokens) - 1:
                f["bigram+"] = f"{low}|{tokens[i + 1].lower()}"
            rows.append(f)
        return rows

    def fit(self, sentences: Sequence[Sequence[str]], spans: Sequence[Sequence[tuple[int, int]]],
            groups: Sequence[int], extractor: SkillExtractor) -> SpanTagger:
        """Learn from tokenised sentences and their gold spans; ``groups`` (posting ids) set the folds."""
        import pycrfsuite

        def gazetteer_of(indices) -> frozenset[str]:
            return frozenset(" ".join(t.lower() for t in sentences[i][a:b])
                             for i in indices for a, b in spans[i] if b - a <= _MAX_GAZ_WORDS)

        self.gazetteer_ = gazetteer_of(range(len(sentences)))
        self.taxonomy_words_ = frozenset(w for s in extractor.taxonomy.skills for f in s.forms for w in f.lower().split())
        fold_gazetteers = [gazetteer_of([i for i in range(len(sentences)) if groups[i] % self.folds != k])
                           for k in range(self.folds)]
        trainer = pycrfsuite.Trainer(verbose=False)
        for i, tokens in enumerate(sentences):
            labels = ["O"] * len(tokens)
            for a, b in spans[i]:
                labels[a] = "B"
                for j in range(a + 1, b):
                    labels[j] = "I"
            trainer.append(self._features(tokens, extractor, fold_gazetteers[groups[i] % self.folds],
                                          self.taxonomy_words_), labels)
        trainer.set_params({"c1": self.c1, "c2": self.c2, "max_iterations": self.max_iterations,
                            "feature.possible_transitions": True})
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "tagger.crfsuite")
            trainer.train(path)
            with open(path, "rb") as handle:
                self.model_bytes_ = handle.read()
        return self

    def predict(self, sentences: Sequence[Sequence[str]], extractor: SkillExtractor) -> list[set[tuple[int, int]]]:
        """Knowledge spans (start, end token indices) for each sentence."""
        import pycrfsuite

        check_is_fitted(self, "model_bytes_")
        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(self.model_bytes_)
        try:
            return [_spans(tagger.tag(self._features(tokens, extractor, self.gazetteer_, self.taxonomy_words_)))
                    if tokens else set() for tokens in sentences]
        finally:
            tagger.close()
