"""A logistic regression whose coefficients keep the sign that makes sense.

More required skills covered must never lower a score, and a larger
experience shortfall must never raise it. Plain logistic regression can learn
such reversed signs from quirks of one training set (and then misranks
documents unlike it); bounding each coefficient's sign rules that out while
keeping a calibrated probability and readable per-feature contributions.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

__all__ = ["SignedLogisticRegression", "TwoStepLogisticRegression"]


class _LinearScores:
    """Scores, probabilities and labels from a fitted ``coef_`` and ``intercept_``."""

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        check_is_fitted(self, "coef_")
        return np.asarray(X, dtype=float) @ self.coef_.ravel() + self.intercept_[0]

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: np.ndarray) -> np.ndarray:
        return (self.decision_function(X) > 0).astype(int)


class SignedLogisticRegression(_LinearScores, BaseEstimator, ClassifierMixin):
    """L2-regularised logistic regression with per-feature sign constraints.

    Parameters
    ----------
    signs : one of +1 (coefficient >= 0), -1 (<= 0) or 0 (free) per feature.
    C : inverse regularisation strength, as in scikit-learn.
    """

    def __init__(self, *, signs: tuple[int, ...] = (), C: float = 1.0, max_iter: int = 2000) -> None:
        self.signs = signs
        self.C = C
        self.max_iter = max_iter

    def fit(self, X: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None) -> SignedLogisticRegression:
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        signs = tuple(self.signs) or (0,) * d
        if len(signs) != d:
            raise ValueError(f"signs has {len(signs)} entries, X has {d} features")
        w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        t = 2 * y - 1

        def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
            coef, b = params[:d], params[d]
            z = t * (X @ coef + b)
            nll = np.sum(w * np.logaddexp(0.0, -z))
            g = -w * t * (1.0 - 1.0 / (1.0 + np.exp(-z)))  # d nll / d (X coef + b)
            grad = np.concatenate([X.T @ g + coef / self.C, [g.sum()]])
            return nll + 0.5 * coef @ coef / self.C, grad

        bounds = [(0.0, None) if s > 0 else (None, 0.0) if s < 0 else (None, None) for s in signs] + [(None, None)]
        result = minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B", bounds=bounds,
                          options={"maxiter": self.max_iter})
        self.coef_ = result.x[:d].reshape(1, -1)
        self.intercept_ = result.x[d:]
        self.classes_ = np.array([0, 1])
        self.n_iter_ = result.nit
        return self


class TwoStepLogisticRegression(_LinearScores, BaseEstimator, ClassifierMixin):
    """A match probability from two questions: is the resume for this kind of job, and does
    it meet this posting's asks.

    A match must first be related: the log-odds of "related" (matches and near misses
    against unrelated resumes) and of "match given related" (matches against near
    misses) are added, and the sum is rescaled to the probability of a match. The
    result is still one sign-constrained linear score (``coef_``, ``intercept_``), so
    contributions stay readable; it ranks a near miss below the match but above
    resumes for other jobs, which one classifier of match against everything does not.

    Parameters
    ----------
    signs : one of +1, -1 or 0 per feature, as in :class:`SignedLogisticRegression`.
    C : inverse regularisation strength of both steps.
    """

    def __init__(self, *, signs: tuple[int, ...] = (), C: float = 1.0) -> None:
        self.signs = signs
        self.C = C

    def fit(self, X: np.ndarray, y: np.ndarray, related: np.ndarray) -> TwoStepLogisticRegression:
        """``y``: 1 = match; ``related``: True for matches and for near misses of the same job."""
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=int)
        related = np.asarray(related, dtype=bool)
        if len(related) != len(y) or not (y[~related] == 0).all():
            raise ValueError("related must mark every match (and the near misses) of y")
        if len(set(y[related])) < 2 or related.all():
            raise ValueError("two-step training needs matches, near misses and unrelated pairs")
        self.related_ = SignedLogisticRegression(signs=self.signs, C=self.C).fit(X, related.astype(int))
        self.match_ = SignedLogisticRegression(signs=self.signs, C=self.C).fit(X[related], y[related])
        coef = self.related_.coef_.ravel() + self.match_.coef_.ravel()
        # Rescale the summed score to the probability of a match (Platt scaling). Fitting
        # the scale on held-out folds instead was measured: same dev calibration error.
        self.scale_ = SignedLogisticRegression(signs=(1,), C=1e6).fit((X @ coef)[:, None], y)
        a = self.scale_.coef_[0, 0]
        self.coef_ = (a * coef).reshape(1, -1)
        self.intercept_ = self.scale_.intercept_.copy()
        self.classes_ = np.array([0, 1])
        return self
