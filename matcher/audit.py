"""Fairness audit of scores: selection rates and impact ratios per group (the four-fifths rule).

Bias audits under NYC Local Law 144 report, for each group, the selection
rate (the share scored at or above a threshold) and the impact ratio (that
rate over the highest group's rate); a ratio under 0.8 is the conventional
flag for adverse impact.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = ["GroupRate", "audit_scores", "FOUR_FIFTHS", "SMALL_GROUP"]

FOUR_FIFTHS = 0.8
SMALL_GROUP = 30  # below this many, a group's rate is too noisy to judge on its own


@dataclass(frozen=True)
class GroupRate:
    """One group's selection rate and impact ratio."""

    group: str
    count: int
    selection_rate: float
    impact_ratio: float | None  # None when nobody at all was selected
    flagged: bool
    small: bool

    def to_dict(self) -> dict:
        return asdict(self)


def audit_scores(frame, *, group: str, score: str = "score", threshold: float | None = None) -> tuple[list[GroupRate], float]:
    """Selection rate and impact ratio per value of ``group``; returns the rows and the threshold used.

    Without ``threshold`` the "scoring rate" is used: selected means scoring
    above the median of all scores.
    """
    if group not in frame.columns:
        raise KeyError(f"no column {group!r}; the file has {', '.join(map(str, frame.columns))}")
    if score not in frame.columns:
        raise KeyError(f"no column {score!r} with scores")
    import pandas as pd

    if not pd.api.types.is_numeric_dtype(frame[score]):
        raise ValueError(f"column {score!r} must hold numbers")
    data = frame[[group, score]].dropna(subset=[score]).copy()
    data[group] = data[group].astype("string").fillna("(missing)")  # rows without a group are a group too
    if data.empty:
        raise ValueError("no rows with a score")
    cut = float(data[score].median()) if threshold is None else float(threshold)
    selected = data[score] > cut if threshold is None else data[score] >= cut
    rates = selected.groupby(data[group]).agg(["count", "mean"])
    best = float(rates["mean"].max())
    rows = []
    for name, row in rates.sort_values("mean", ascending=False).iterrows():
        ratio = float(row["mean"]) / best if best > 0 else None
        rows.append(GroupRate(str(name), int(row["count"]), round(float(row["mean"]), 4),
                              None if ratio is None else round(ratio, 4),
                              ratio is not None and ratio < FOUR_FIFTHS, int(row["count"]) < SMALL_GROUP))
    return rows, cut
