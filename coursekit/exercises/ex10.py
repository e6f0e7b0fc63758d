"""Exercises of notebook 10 (MLOps).

Reference values come from the same helpers the notebook uses: the course's split, the shifted
production batch of :mod:`coursekit.drift`, and the shipped model and measurements of
:mod:`coursekit.gate`. Each is computed once, when a checker first needs it.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from coursekit.data import load_loans
from coursekit.drift import PSI_EPSILON, make_production_batch, psi
from coursekit.exercises.core import Exercise, Incorrect, as_names, bind_exercises, check_number
from coursekit.features import split_loans
from coursekit.gate import HOLDOUT_COLUMNS, MIN_AUC, build_course_model, measure, run_checks

NOTEBOOK = "10_mlops"
# q2: another valid binning convention (np.histogram closes its last bin, side="left" moves
# ties) changes the PSI by up to 0.0015; the nearest mistake the checker names (dropping the
# production incomes below the smallest training income) lies 0.0055 away, so ±0.003.
Q2_TOLERANCE = 0.003
# q1: the proposal the learner audits: the shipped model at a stricter threshold, under the
# tighter gap limits compliance asks for next quarter.
Q1_THRESHOLD = 0.90
Q1_MAX_GAP = 0.075
CHECK_NAMES = ("roc_auc", "selection_gap", "fnr_gap")


@cache
def _incomes() -> tuple[np.ndarray, np.ndarray]:
    """Training incomes (expected) and the shifted production batch's incomes (actual)."""
    X_train = split_loans(load_loans())[0]
    return X_train["income"].to_numpy(), make_production_batch()["income"].to_numpy()


def _psi_from_shares(expected_shares: np.ndarray, actual_shares: np.ndarray) -> float:
    e = np.where(expected_shares == 0, PSI_EPSILON, expected_shares)
    a = np.where(actual_shares == 0, PSI_EPSILON, actual_shares)
    return float(np.sum((a - e) * np.log(a / e)))


@cache
def _q2_facts() -> dict[str, float]:
    expected, actual = _incomes()
    right = psi(expected, actual)
    # pd.cut at the training deciles, outer edges closed: production incomes below the
    # smallest training income fall outside every bin and are lost.
    edges = np.quantile(expected, np.linspace(0, 1, 11))
    shares = [
        pd.Series(pd.cut(values, edges, include_lowest=True)).value_counts(
            sort=False, normalize=True
        )
        for values in (expected, actual)
    ]
    return {
        "right": right,
        "reversed": psi(actual, expected),
        "percent": 100 * right,
        "log10": right / math.log(10),
        "dropped": _psi_from_shares(shares[0].to_numpy(), shares[1].to_numpy()),
    }


def _check_psi(value: Any) -> str:
    if isinstance(value, int | float | np.floating) and math.isinf(float(value)):
        raise Incorrect(
            "Your PSI is infinite: a bin is empty in one sample, so ln(actual / expected) "
            f"divides by or takes the log of zero. Replace empty shares by a small number "
            f"(the course uses {PSI_EPSILON}) before the log."
        )
    if isinstance(value, int | float | np.floating) and math.isnan(float(value)):
        raise Incorrect(
            "Your PSI is NaN: a bin is empty in both samples (0 · ln(0/0)), or a value is "
            f"missing. Replace empty shares by {PSI_EPSILON} before the log."
        )
    f = _q2_facts()
    right = f["right"]
    mistakes = [
        (
            f["reversed"],
            "You cut the bins at the deciles of the production batch. PSI measures the new data "
            "against the reference: the bins come from the training incomes (expected), and "
            "each holds a tenth of them.",
        ),
        (
            f["percent"],
            "That is 100 times too large: use shares as fractions (counts / total), not "
            "percentages. The thresholds 0.1 and 0.2 assume fractions.",
        ),
        (
            f["log10"],
            "You used the base-10 logarithm; PSI uses the natural log (np.log).",
        ),
        (
            f["dropped"],
            "Some production incomes lie below the smallest training income, and your bins "
            "lost them. Keep the outer bins open so that new extremes count in the first or "
            "last bin (np.searchsorted on the nine inner edges does).",
        ),
    ]
    value = check_number(
        value,
        right,
        tolerance=Q2_TOLERANCE,
        what="Your PSI",
        mistakes=mistakes,
        otherwise=(
            "Per bin, take the share of production incomes minus the share of training "
            "incomes, times the natural log of their ratio, and add up the ten bins."
        ),
    )
    return (
        f"PSI = {value:.3f}, above the alert level 0.2: income has shifted enough to act on. "
        f"(Checked to ±{Q2_TOLERANCE}.)"
    )


@cache
def _q1_metrics() -> dict:
    X_train, X_test, _, _ = split_loans(load_loans())
    return measure(build_course_model(X_train), X_test[HOLDOUT_COLUMNS], Q1_THRESHOLD)


def _failing(max_gap: float, threshold_metrics: dict | None = None) -> set[str]:
    metrics = threshold_metrics or _q1_metrics()
    checks = run_checks(metrics, MIN_AUC, max_gap, max_gap)
    return {c.name for c in checks if not c.passed}


def _as_names(answer: Any) -> set[str]:
    if isinstance(answer, list | tuple) and any(hasattr(item, "passed") for item in answer):
        raise Incorrect(
            "You gave the checks themselves; give their names, e.g. [check.name for check in "
            "checks if ...]."
        )
    return set(
        as_names(
            answer,
            "failing",
            known=CHECK_NAMES,
            known_as="a check of the gate",
            example="['roc_auc'] (or [] when every check passes)",
        )
    )


def _check_failing(answer: Any) -> str:
    names = _as_names(answer)
    right = _failing(Q1_MAX_GAP)
    if names == right:
        m = _q1_metrics()
        return (
            f"Only {', '.join(sorted(right))} fails: the FNR gap is {m['fnr_gap']:.3f} and the "
            f"selection gap {m['selection_gap']:.3f}, against a limit of {Q1_MAX_GAP}. The gate "
            "stops the proposal."
        )
    if "roc_auc" in names:
        raise Incorrect(
            "ROC-AUC does not depend on the threshold: it ranks the scores, and the scores do "
            "not change when you move the threshold. It is the same as for the shipped model."
        )
    if not names:
        raise Incorrect(
            "Something fails. Nothing would fail under the gate's current limits (0.10) or at "
            f"the shipped threshold; the proposal changes both. Measure at threshold "
            f"{Q1_THRESHOLD}, then check both gaps against {Q1_MAX_GAP}."
        )
    missing, extra = sorted(right - names), sorted(names - right)
    parts = []
    if missing:
        parts.append(f"{missing} also fail{'s' if len(missing) == 1 else ''}")
    if extra:
        parts.append(f"{extra} pass{'es' if len(extra) == 1 else ''}")
    raise Incorrect(
        f"Not quite: {' and '.join(parts)}. Compare each value with its limit: ≥ for "
        "roc_auc, ≤ for the gaps."
    )


q2 = Exercise(
    answers=("income_psi",),
    title="the PSI of income",
    checker=_check_psi,
    hint_text=(
        "edges = np.quantile(train_income, [0.1, 0.2, ..., 0.9]); for each sample, "
        "np.bincount(np.searchsorted(edges, values, side='right'), minlength=10) / len(values) "
        "gives the ten shares. Replace zeros by 1e-4, then sum((a - e) * np.log(a / e))."
    ),
    how_to_start=(
        "Set income_psi to one number computed from train_income (expected) and "
        "batch_income (actual), then run the cell."
    ),
)

q1 = Exercise(
    answers=("failing",),
    title="which gate checks fail?",
    checker=_check_failing,
    hint_text=(
        f"metrics = measure(shipped, holdout, threshold={Q1_THRESHOLD}); then "
        f"run_checks(metrics, max_selection_gap={Q1_MAX_GAP}, max_fnr_gap={Q1_MAX_GAP}) gives "
        "three checks; keep the names of those whose .passed is False."
    ),
    how_to_start="Set failing to a list of check names, e.g. ['roc_auc'], or [] if none fails.",
)

bind_exercises(globals(), NOTEBOOK)
