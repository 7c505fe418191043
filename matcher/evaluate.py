"""Quality metrics: matching (pairwise accuracy, MRR, recall@1, nDCG@10) on RJDB-style data."""

from __future__ import annotations

import re

import numpy as np

__all__ = [
    "pairwise_accuracy", "ranking_metrics", "rjdb_relevance", "evaluate_matching", "evaluate_gaps",
    "normalize_skill_name", "names_gold", "match_gaps", "experience_was_cut", "span_scores", "predict_spans", "evaluate_spans",
]


def pairwise_accuracy(matched: np.ndarray, unmatched: np.ndarray) -> float:
    """Share of postings where the matched resume outscores the unmatched one (ties count half)."""
    matched, unmatched = np.asarray(matched, float), np.asarray(unmatched, float)
    if matched.size == 0:
        return float("nan")
    return float(np.mean((matched > unmatched) + 0.5 * (matched == unmatched)))


def rjdb_relevance(n_postings: int) -> np.ndarray:
    """Graded relevance for RJDB ranking: resumes ordered (matched_0, unmatched_0, matched_1, ...).

    Shape (n_postings, 2 * n_postings): own matched 2, own unmatched 1, others 0.
    """
    rel = np.zeros((n_postings, 2 * n_postings))
    idx = np.arange(n_postings)
    rel[idx, 2 * idx] = 2
    rel[idx, 2 * idx + 1] = 1
    return rel


def ranking_metrics(scores: np.ndarray, relevance: np.ndarray, *, k: int = 10) -> dict[str, float]:
    """MRR and recall@1 of the best-graded item, and nDCG@k, for each row (a posting ranking its resumes).

    Ties are broken against the relevant item, so a constant scorer earns nothing.
    """
    scores, relevance = np.asarray(scores, float), np.asarray(relevance, float)
    best = relevance.max(axis=1, keepdims=True)
    target = relevance == best
    # rank of the target = 1 + items scoring higher + items tied with it that are not targets
    target_score = np.where(target, scores, -np.inf).max(axis=1, keepdims=True)
    higher = (scores > target_score).sum(axis=1)
    ties = ((scores == target_score) & ~target).sum(axis=1)
    rank = 1 + higher + ties
    order = np.lexsort((relevance, -scores), axis=1)  # by score desc, ties: less relevant first
    top = np.take_along_axis(relevance, order[:, :k], axis=1)
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = ((2 ** top - 1) * discounts[: top.shape[1]]).sum(axis=1)
    ideal = -np.sort(-relevance, axis=1)[:, :k]
    idcg = ((2 ** ideal - 1) * discounts[: ideal.shape[1]]).sum(axis=1)
    ndcg = np.divide(dcg, idcg, out=np.zeros_like(dcg), where=idcg > 0)
    return {"mrr": float(np.mean(1.0 / rank)), "recall@1": float(np.mean(rank == 1)), f"ndcg@{k}": float(np.mean(ndcg))}


# --- data-set evaluations ------------------------------------------------------------

def evaluate_matching(model, rows) -> dict[str, float]:
    """Pairwise accuracy (matched vs its unmatched copy) and ranking metrics on RJDB rows.

    Every resume of the file is ranked for every posting; relevance is graded
    (own matched 2, own unmatched 1, others 0).
    """
    postings = model.prepare_postings([r.posting for r in rows])
    resumes = model.prepare_resumes([doc for r in rows for doc in (r.matched, r.unmatched)])
    scores = model.score_matrix(resumes, postings).T  # postings x resumes
    idx = np.arange(len(rows))
    metrics = {"pairwise_accuracy": pairwise_accuracy(scores[idx, 2 * idx], scores[idx, 2 * idx + 1])}
    metrics.update(ranking_metrics(scores, rjdb_relevance(len(rows))))
    return {k: round(v, 4) for k, v in metrics.items()}


_FILLER_PHRASES = re.compile(
    r"\b(?:skills?|knowledge of|knowledge|proficiency in|proficiency|proficient in|ability to|experience (?:in|with)|"
    r"understanding of|familiarity with|expertise in)\b"
)


def normalize_skill_name(text: str) -> str:
    """Lower-case, drop punctuation and filler words ("skills", "knowledge of", "proficiency in")."""
    text = _FILLER_PHRASES.sub(" ", text.lower())
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def names_gold(candidates: list[str], gold: str) -> bool:
    """Whether a predicted gap (its name, aliases and evidence) names a gold skill, by the issue's rule."""
    from rapidfuzz import fuzz

    target = normalize_skill_name(gold)
    for candidate in candidates:
        value = normalize_skill_name(candidate)
        if value and (value == target or fuzz.token_set_ratio(value, target) >= 90):
            return True
    return False


def match_gaps(predicted: list[list[str]], gold: list[str]) -> int:
    """How many gold skills are hit, each gold and each prediction used at most once (greedy)."""
    used: set[int] = set()
    hits = 0
    for g in gold:
        for i, candidates in enumerate(predicted):
            if i not in used and names_gold(candidates, g):
                used.add(i)
                hits += 1
                break
    return hits


_RANGE_IN_QUOTES = re.compile(r"\((\d{4})\s*-\s*(\d{4}|present)\)", re.I)


def experience_was_cut(instruction: str) -> bool:
    """True when RJDB's ``Filtered-information.Experience`` removes a role or shortens one."""
    text = instruction.strip().lower()
    if text.startswith("without"):
        return True
    ranges = _RANGE_IN_QUOTES.findall(instruction)
    if len(ranges) >= 2:
        def span(r: tuple[str, str]) -> int:
            return (2024 if r[1].lower() == "present" else int(r[1])) - int(r[0])
        return span(ranges[1]) < span(ranges[0])
    return False


def evaluate_gaps(model, rows) -> dict[str, float]:
    """Missing-skill precision/recall/F1 on RJDB unmatched resumes, and experience-shortfall flags."""
    tp = n_pred = n_gold = 0
    false_on_matched = 0
    cut = flagged_cut = flagged_matched = 0
    for row in rows:
        posting = model.prepare_postings([row.posting])[0]
        good, bad = model.prepare_resumes([row.matched, row.unmatched])
        e_bad, e_good = model.explain(bad, posting), model.explain(good, posting)
        predicted = [[g.name, *g.aliases, g.evidence] for g in e_bad.missing_skills]
        tp += match_gaps(predicted, list(row.removed_skills))
        n_pred += len(predicted)
        n_gold += len(row.removed_skills)
        false_on_matched += len(e_good.missing_skills)
        if experience_was_cut(row.removed_experience):
            cut += 1
            flagged_cut += e_bad.experience["shortfall_years"] >= 0.5
        flagged_matched += e_good.experience["shortfall_years"] >= 0.5
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "missing_precision": round(precision, 4), "missing_recall": round(recall, 4), "missing_f1": round(f1, 4),
        "false_missing_per_matched": round(false_on_matched / max(1, len(rows)), 4),
        "experience_cut_rows": cut,
        "experience_flagged_unmatched": round(flagged_cut / max(1, cut), 4),
        "experience_flagged_matched": round(flagged_matched / max(1, len(rows)), 4),
    }


def span_scores(predicted: list[set[tuple[int, int]]], gold: list[set[tuple[int, int]]]) -> dict[str, float]:
    """Strict (exact span) and loose (any token overlap) precision/recall/F1 over sentences."""
    def prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> tuple[float, float, float]:
        p = tp_p / n_p if n_p else 0.0
        r = tp_g / n_g if n_g else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    n_p = sum(len(p) for p in predicted)
    n_g = sum(len(g) for g in gold)
    strict = sum(len(p & g) for p, g in zip(predicted, gold))

    def overlaps(a: tuple[int, int], spans: set[tuple[int, int]]) -> bool:
        return any(a[0] < b[1] and b[0] < a[1] for b in spans)

    loose_p = sum(sum(overlaps(a, g) for a in p) for p, g in zip(predicted, gold))
    loose_g = sum(sum(overlaps(b, p) for b in g) for p, g in zip(predicted, gold))
    sp, sr, sf = prf(strict, n_p, strict, n_g)
    lp, lr, lf = prf(loose_p, n_p, loose_g, n_g)
    return {"strict_precision": round(sp, 4), "strict_recall": round(sr, 4), "strict_f1": round(sf, 4),
            "loose_precision": round(lp, 4), "loose_recall": round(lr, 4), "loose_f1": round(lf, 4),
            "gold": n_g, "predicted": n_p}


def predict_spans(extractor, sentence) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Token spans of (knowledge, skill) mentions the extractor finds in one sentence."""
    starts, ends, pos = [], [], 0
    for token in sentence.tokens:
        starts.append(pos)
        pos += len(token)
        ends.append(pos)
        pos += 1
    text = " ".join(sentence.tokens)
    start_index = {s: i for i, s in enumerate(starts)}
    end_index = {e: i for i, e in enumerate(ends)}
    knowledge, skill = set(), set()
    for m in extractor.extract(text):
        if not m.nested and m.start in start_index and m.end in end_index:
            span = (start_index[m.start], end_index[m.end] + 1)
            (knowledge if m.kind == "knowledge" else skill).add(span)
    return knowledge, skill


def evaluate_spans(extractor, sentences, *, tagger=None) -> dict[str, dict[str, float]]:
    """SkillSpan span scores for Knowledge and Skill, on ``source == "tech"`` and on all sentences.

    With a trained ``tagger`` its spans are the Knowledge predictions; the
    taxonomy extractor still gives the Skill ones.
    """
    predictions = [predict_spans(extractor, s) for s in sentences]
    if tagger is not None:
        tagged = tagger.predict([s.tokens for s in sentences], extractor)
        predictions = [(k, p[1]) for k, p in zip(tagged, predictions)]
    results = {}
    for subset, keep in (("tech", lambda s: s.source == "tech"), ("all", lambda s: True)):
        idx = [i for i, s in enumerate(sentences) if keep(s)]
        results[f"knowledge_{subset}"] = span_scores([predictions[i][0] for i in idx],
                                                     [set(sentences[i].knowledge_spans) for i in idx])
        results[f"skill_{subset}"] = span_scores([predictions[i][1] for i in idx],
                                                 [set(sentences[i].skill_spans) for i in idx])
    return results
