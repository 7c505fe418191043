"""Quality metrics: matching (pairwise accuracy, MRR, recall@1, nDCG@10) on RJDB-style data."""

from __future__ import annotations

import numpy as np

__all__ = ["pairwise_accuracy", "ranking_metrics", "rjdb_relevance"]


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
