"""A CRF span tagger for Knowledge mentions, trained on SkillSpan, for phrases the taxonomy lacks.

The taxonomy finds what it knows; the tagger learns what job postings call
knowledge (tools, technologies, bodies of knowledge) from annotated postings,
using the taxonomy's own matches, word shape and a gazetteer of the training
spans as features. The gazetteer is built out-of-fold while training, so the
model learns to use it the way it will see it on new text: incomplete.

Tokens are labelled BILOU (begin, inside, last, unit, outside) rather than BIO:
a tag for the last token of a span helps the CRF close spans in run-together
lists ("Java OS", "AWS Azure"), and scored better on SkillSpan dev.
Named tools, frameworks and platforms the taxonomy finds are added where the
CRF tagged nothing over them: the dictionary is precise on those names.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence

from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from matcher.sections import Section
from matcher.skills.extract import SkillExtractor

__all__ = ["SpanTagger", "LABELS", "TOOL_CATEGORIES", "bilou_labels", "bilou_spans", "text_tokens", "token_offsets"]

_MAX_GAZ_WORDS = 5

# What the tagger's labels are, on its card; taggers with other labels are refused on load.
LABELS = "Knowledge BILOU"

# Taxonomy categories whose matches are Knowledge spans even where the CRF tagged nothing.
TOOL_CATEGORIES = ("framework/library", "tool", "cloud/platform")


def token_offsets(tokens: Sequence[str]) -> tuple[list[int], list[int]]:
    """Start and end offsets of each token in ``" ".join(tokens)``."""
    starts, ends, pos = [], [], 0
    for token in tokens:
        starts.append(pos)
        pos += len(token)
        ends.append(pos)
        pos += 1
    return starts, ends


# Words as SkillSpan writes them: split on spaces, brackets and end punctuation stand alone,
# commas are dropped ("Java, Go and C++." -> Java Go and C++ .).
_WORD = re.compile(r"[^\s,]+")
_EDGE = "()[]{}\"'.:;!?|•·"


def text_tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the tokens of ``text``, split the way SkillSpan is."""
    spans = []
    for m in _WORD.finditer(text):
        start, end = m.start(), m.end()
        tail = []
        while start < end and text[start] in _EDGE:
            spans.append((start, start + 1))
            start += 1
        while end > start and text[end - 1] in _EDGE:
            tail.append((end - 1, end))
            end -= 1
        if start < end:
            spans.append((start, end))
        spans.extend(reversed(tail))
    return spans


def _shape(word: str) -> str:
    shape = re.sub("[A-Z]", "X", word)
    shape = re.sub("[a-z]", "x", shape)
    shape = re.sub("[0-9]", "d", shape)
    return re.sub(r"(.)\1+", r"\1\1", shape)


def _taxonomy_spans(extractor: SkillExtractor, tokens: Sequence[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, category) of the taxonomy's top-level matches that fall on token boundaries."""
    starts, ends = token_offsets(tokens)
    start_index = {s: i for i, s in enumerate(starts)}
    end_index = {e: i for i, e in enumerate(ends)}
    return [(start_index[m.start], end_index[m.end] + 1, m.kind, m.category)
            for m in extractor.extract(" ".join(tokens))
            if not m.nested and m.start in start_index and m.end in end_index]


def _dictionary_tags(tokens: Sequence[str], matches: list[tuple[int, int, str, str]]) -> list[str]:
    """BIO tags of the taxonomy's matches (:func:`_taxonomy_spans`), with K/S for knowledge/skill."""
    tags = ["O"] * len(tokens)
    for a, b, kind, _ in matches:
        letter = "K" if kind == "knowledge" else "S"
        tags[a] = "B" + letter
        for j in range(a + 1, b):
            tags[j] = "I" + letter
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


def bilou_labels(length: int, spans: Sequence[tuple[int, int]]) -> list[str]:
    """BILOU labels of a sentence of ``length`` tokens with the given (start, end) spans."""
    labels = ["O"] * length
    for a, b in spans:
        if not 0 <= a < b <= length or any(label != "O" for label in labels[a:b]):
            raise ValueError(f"span {(a, b)} is empty, outside {length} tokens or overlaps another")
        if b - a == 1:
            labels[a] = "U"
            continue
        labels[a] = "B"
        for j in range(a + 1, b - 1):
            labels[j] = "I"
        labels[b - 1] = "L"
    return labels


def bilou_spans(labels: Sequence[str]) -> set[tuple[int, int]]:
    """(start, end) spans of a BILOU (or BIO) label sequence; a stray I or L opens a span."""
    spans, start = set(), None
    for i, label in enumerate([*labels, "O"]):
        if label in ("B", "U", "O") and start is not None:
            spans.add((start, i))
            start = None
        if label in ("B", "U", "I", "L") and start is None:
            start = i
        if label in ("U", "L"):
            spans.add((start, i + 1))
            start = None
    return spans


def _overlaps(span: tuple[int, int], spans) -> bool:
    return any(span[0] < b and a < span[1] for a, b in spans)


def _keeps_edge(char: str) -> bool:
    """Whether a phrase may start or end with ``char`` (letters, digits, "C++", "C#")."""
    return char.isalnum() or char in "+#"


class SpanTagger(BaseEstimator):
    """Conditional random field over token windows that tags Knowledge spans (BILOU).

    Parameters
    ----------
    c1, c2 : L1 and L2 regularisation of the CRF.
    max_iterations : training iterations of L-BFGS.
    folds : out-of-fold splits for the gazetteer feature while training.
    tool_categories : taxonomy categories whose matches are added where the CRF tagged nothing.
    """

    def __init__(self, *, c1: float = 0.2, c2: float = 0.3, max_iterations: int = 300, folds: int = 5,
                 tool_categories: tuple[str, ...] = TOOL_CATEGORIES) -> None:
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations
        self.folds = folds
        self.tool_categories = tool_categories

    def _features(self, tokens: Sequence[str], matches: list[tuple[int, int, str, str]], gazetteer: frozenset[str],
                  taxonomy_words: frozenset[str]) -> list[dict]:
        if not tokens:
            return []
        dictionary = _dictionary_tags(tokens, matches)
        gazetteer_tags = _gazetteer_tags(gazetteer, tokens)
        shapes = [_shape(word) for word in tokens]
        # The sentence as a whole: lists of tools are short, capitalised and full of dictionary hits.
        n = len(tokens)
        capitalised = sum(1 for word in tokens if word[:1].isupper()) / n
        sentence = {"s_len": str(min(n, 30) // 5), "s_caps": str(int(capitalised * 4)),
                    "s_dict": str(min(dictionary.count("BK") + dictionary.count("BS"), 4)),
                    "s_first_low": float(tokens[0][:1].islower())}
        rows = []
        for i, word in enumerate(tokens):
            low = word.lower()
            f: dict[str, object] = {
                "bias": 1.0, "w": low, "wc": word, "suf2": low[-2:], "suf3": low[-3:], "suf4": low[-4:],
                "pre2": low[:2], "pre3": low[:3], "shape": shapes[i], "upper": float(word.isupper()),
                "title": float(word.istitle()), "digit": float(any(c.isdigit() for c in word)),
                "dict": dictionary[i], "gaz": gazetteer_tags[i], "taxword": float(low in taxonomy_words),
                "midcap": float(i > 0 and word[:1].isupper()), "len": float(min(len(word), 10)),
                # Pairs with the previous token: where a span may start or end between two names.
                "dictpair": f"{dictionary[i - 1] if i else '^'}|{dictionary[i]}",
                "gazpair": f"{gazetteer_tags[i - 1] if i else '^'}|{gazetteer_tags[i]}",
                "shapepair": f"{shapes[i - 1] if i else '^'}|{shapes[i]}",
                **sentence,
            }
            for d in (-2, -1, 1, 2):
                j = i + d
                if 0 <= j < len(tokens):
                    f[f"{d}:w"] = tokens[j].lower()
                    f[f"{d}:dict"] = dictionary[j]
                    f[f"{d}:shape"] = shapes[j]
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
            trainer.append(self._features(tokens, _taxonomy_spans(extractor, tokens),
                                          fold_gazetteers[groups[i] % self.folds], self.taxonomy_words_),
                           bilou_labels(len(tokens), spans[i]))
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
        found = []
        try:
            for tokens in sentences:
                if not tokens:
                    found.append(set())
                    continue
                matches = _taxonomy_spans(extractor, tokens)
                labels = tagger.tag(self._features(tokens, matches, self.gazetteer_, self.taxonomy_words_))
                found.append(self._with_tools(bilou_spans(labels), matches))
        finally:
            tagger.close()
        return found

    def find(self, text: str, extractor: SkillExtractor) -> list[tuple[int, int]]:
        """(start, end) character spans of Knowledge phrases in free text, tagged one line at a time."""
        lines, offsets = [], []
        at = 0
        for line in text.splitlines(keepends=True):
            spans = text_tokens(line)
            lines.append([line[a:b] for a, b in spans])
            offsets.append([(at + a, at + b) for a, b in spans])
            at += len(line)
        found = []
        for spans, where in zip(self.predict(lines, extractor), offsets):
            for a, b in spans:
                start, end = where[a][0], where[b - 1][1]
                while start < end and not _keeps_edge(text[start]):
                    start += 1
                while end > start and not _keeps_edge(text[end - 1]):
                    end -= 1
                if start < end:
                    found.append((start, end))
        return sorted(found)

    def new_phrases(self, text: str, extractor: SkillExtractor,
                    sections: tuple[Section, ...] = ()) -> list[tuple[int, int]]:
        """:meth:`find` spans that no taxonomy mention overlaps: the knowledge the taxonomy lacks."""
        known = [(m.start, m.end) for m in extractor.extract(text, sections)]
        return [span for span in self.find(text, extractor) if not _overlaps(span, known)]

    def _with_tools(self, spans: set[tuple[int, int]],
                    matches: list[tuple[int, int, str, str]]) -> set[tuple[int, int]]:
        """The CRF's spans plus the taxonomy's named tools where the CRF tagged nothing over them."""
        added = set(spans)
        for a, b, _, category in matches:
            if category in self.tool_categories and not _overlaps((a, b), added):
                added.add((a, b))
        return added
