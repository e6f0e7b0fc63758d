"""Group fairness metrics for binary decisions, with validated input.

Notebook 05 computes these by hand with pandas first; this module is the tested version the
later notebooks (and the quality gate of notebook 10) rely on. Its numbers agree with
fairlearn's (``tests/test_fairness.py`` checks that on random data).

Conventions
-----------
* ``y_true`` and ``y_pred`` hold 0/1, with 1 the favourable outcome (approve).
* A rate whose denominator is zero in a group is **NaN**, never 0: TPR and FNR of a group with
  no positives, FPR of a group with no negatives, precision of a group with no predicted
  positives. A difference or ratio over groups is NaN when any group's rate is NaN.
* Groups are the distinct values of ``groups`` that occur; an empty category of a pandas
  categorical is ignored.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from sklearn.base import BaseEstimator, ClassifierMixin

from coursekit.validation import binary_array, require_columns, same_length

FOUR_FIFTHS = 0.8  # the US EEOC's rule of thumb for adverse impact in selection


def _inputs(
    y_pred: ArrayLike, groups: ArrayLike, y_true: ArrayLike | None = None
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    prediction = binary_array(y_pred, "y_pred")
    truth = None if y_true is None else binary_array(y_true, "y_true")
    group = pd.Series(groups).to_numpy() if not isinstance(groups, np.ndarray) else groups
    if group.ndim != 1:
        raise ValueError(f"groups must be 1-D, one group per applicant, got shape {group.shape}.")
    lengths = {"y_pred": prediction, "groups": group}
    if truth is not None:
        lengths["y_true"] = truth
    same_length(**lengths)
    if pd.isna(group).any():
        raise ValueError("groups has missing values; give every applicant a group.")
    if len(pd.unique(group)) < 2:
        raise ValueError(
            f"Fairness compares groups, but groups holds only {pd.unique(group).tolist()}."
        )
    return prediction, truth, group


def _rate(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else float("nan")


def group_metrics(y_true: ArrayLike, y_pred: ArrayLike, groups: ArrayLike) -> pd.DataFrame:
    """Per-group counts and rates of binary decisions.

    Returns
    -------
    DataFrame indexed by group (sorted) with columns ``count``, ``base_rate`` (share with
    ``y_true == 1``), ``selection_rate`` (share with ``y_pred == 1``), ``tpr``, ``fpr``,
    ``fnr`` and ``precision``. Undefined rates are NaN (see the module's conventions).
    """
    prediction, truth, group = _inputs(y_pred, groups, y_true)
    rows = {}
    for name in sorted(pd.unique(group), key=str):
        in_group = group == name
        t, p = truth[in_group], prediction[in_group]
        positives, negatives, selected = t.sum(), (1 - t).sum(), p.sum()
        true_pos = int((t & p).sum())
        false_pos = int(((1 - t) & p).sum())
        rows[name] = {
            "count": int(in_group.sum()),
            "base_rate": t.mean(),
            "selection_rate": p.mean(),
            "tpr": _rate(true_pos, positives),
            "fpr": _rate(false_pos, negatives),
            "fnr": _rate(positives - true_pos, positives),
            "precision": _rate(true_pos, selected),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("group")


def selection_rates(y_pred: ArrayLike, groups: ArrayLike) -> pd.Series:
    """Share of favourable decisions per group."""
    prediction, _, group = _inputs(y_pred, groups)
    return pd.Series(prediction).groupby(group).mean().rename("selection_rate")


def _spread(rates: pd.Series) -> float:
    return float("nan") if rates.isna().any() else float(rates.max() - rates.min())


def _ratio(rates: pd.Series) -> float:
    if rates.isna().any():
        return float("nan")
    return float(rates.min() / rates.max()) if rates.max() > 0 else float("nan")


def demographic_parity_difference(y_pred: ArrayLike, groups: ArrayLike) -> float:
    """Largest minus smallest selection rate across groups (0 = parity)."""
    return _spread(selection_rates(y_pred, groups))


def demographic_parity_ratio(y_pred: ArrayLike, groups: ArrayLike) -> float:
    """Smallest over largest selection rate (1 = parity); NaN if no group is selected at all."""
    return _ratio(selection_rates(y_pred, groups))


def passes_four_fifths_rule(y_pred: ArrayLike, groups: ArrayLike) -> bool:
    """Whether every group's selection rate is at least 80 % of the highest group's."""
    ratio = demographic_parity_ratio(y_pred, groups)
    if np.isnan(ratio):
        raise ValueError("The four-fifths rule is undefined when no group is selected.")
    return ratio >= FOUR_FIFTHS


def equalized_odds_difference(y_true: ArrayLike, y_pred: ArrayLike, groups: ArrayLike) -> float:
    """The larger of the TPR spread and the FPR spread across groups (0 = equalized odds)."""
    table = group_metrics(y_true, y_pred, groups)
    return max(_spread(table["tpr"]), _spread(table["fpr"]))


def decision_gaps(y_true: ArrayLike, y_pred: ArrayLike, groups: ArrayLike) -> dict[str, float]:
    """The two gaps a release gate limits: selection rate and FNR, largest minus smallest.

    The same numbers as the spread of :func:`group_metrics`' ``selection_rate`` and ``fnr``
    columns (NaN when a group has no positives, so its FNR is undefined), counted with
    ``np.bincount`` so that a bootstrap can call it a thousand times in a fraction of a second.
    """
    prediction, truth, group = _inputs(y_pred, groups, y_true)
    _, codes = np.unique(group.astype(str), return_inverse=True)
    count = np.bincount(codes)
    selected = np.bincount(codes, weights=prediction)
    positives = np.bincount(codes, weights=truth)
    missed = np.bincount(codes, weights=truth * (1 - prediction))
    selection = selected / count
    with np.errstate(invalid="ignore", divide="ignore"):
        fnr = np.where(positives > 0, missed / positives, np.nan)
    return {
        "selection_gap": float(selection.max() - selection.min()),
        "fnr_gap": float("nan") if np.isnan(fnr).any() else float(fnr.max() - fnr.min()),
    }


def rate_gap(table: pd.DataFrame, rate: str, reference: object, other: object) -> float:
    """``table.loc[reference, rate] - table.loc[other, rate]`` with a clear error for typos."""
    if rate not in table.columns:
        raise KeyError(f"No rate {rate!r}; choose from {list(table.columns)}.")
    for name in (reference, other):
        if name not in table.index:
            raise KeyError(f"No group {name!r}; the groups are {list(table.index)}.")
    return float(table.loc[reference, rate] - table.loc[other, rate])


class PrecomputedScores(ClassifierMixin, BaseEstimator):
    """A stand-in model whose score for each row is the row's ``score`` column.

    A post-processor such as fairlearn's ``ThresholdOptimizer`` learns its thresholds from a
    model's scores. Fitted with ``prefit=True`` on the rows the model learned from, it learns
    from in-sample scores, which are more confident than the scores new applicants get. This
    stand-in lets it learn from scores computed elsewhere instead, such as out-of-fold
    validation predictions: pass a DataFrame with a ``score`` column to ``fit`` and to
    ``predict``. ``fit`` only records the classes; nothing is learned.
    """

    def fit(self, X: object = None, y: object = None) -> PrecomputedScores:
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        require_columns(
            X,
            ["score"],
            "PrecomputedScores",
            "Pass pd.DataFrame({'score': scores}), one probability per applicant.",
        )
        score = pd.to_numeric(X["score"], errors="coerce").to_numpy(dtype=float)
        if np.isnan(score).any() or (score < 0).any() or (score > 1).any():
            raise ValueError(
                "PrecomputedScores needs a 'score' between 0 and 1 in every row; some are "
                "missing, not numbers, or outside [0, 1]. Pass predict_proba(...)[:, 1]."
            )
        return np.column_stack([1 - score, score])

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)
