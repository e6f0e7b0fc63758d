"""Exercises of notebook 10 (MLOps).

Reference values come from the same helpers the notebook uses: the course's split, the shifted
production batch of :mod:`coursekit.drift`, and the shipped model, the gate set and the
measurements of :mod:`coursekit.gate`. Each is computed once, when a checker first needs it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from coursekit.business import CHOSEN_THRESHOLD
from coursekit.drift import PSI_EPSILON, make_production_batch, psi
from coursekit.exercises import reference
from coursekit.exercises.core import (
    Exercise,
    Incorrect,
    as_names,
    as_number,
    bind_exercises,
    check_number,
    describe,
)
from coursekit.gate import (
    HOLDOUT_COLUMNS,
    MAX_FNR_GAP,
    MIN_AUC,
    SHIPPED_THRESHOLD,
    build_course_model,
    gate_set,
    measure,
    run_checks,
)

NOTEBOOK = "10_mlops"
# q2: the prompt fixes the binning (the nine inner deciles of the known training incomes, open
# outer bins, an income equal to an edge in the bin above), so the legitimate answers differ only
# by the quantile method and by rounding. Measured on the 3,884 known training incomes: twelve of
# the 13 np.quantile methods give a PSI within 0.00018 of the default ("linear"; the odd one,
# interpolated_inverted_cdf, 0.0007 below); pd.cut with right=False, np.digitize and
# np.searchsorted(side="right") agree exactly; rounding to four decimals moves it by at most
# 0.00005. The nearest named mistake, cutting at all eleven deciles (12 bins: the minimum and
# maximum as edges too), lies 0.00032 above, less than three-decimal rounding can move it (up to
# 0.0005): so the prompt asks for four decimals or the unrounded value, and ±0.0002. Bins with
# closed outer edges (np.histogram at the eleven deciles) lie 0.0013 below; ties put in the
# lower bin 0.0043.
Q2_TOLERANCE = 0.0002
# A binning slip computed another way (pd.cut, np.histogram) or rounded to three decimals is
# still recognised within the old ±0.0006.
Q2_MISTAKE_TOLERANCE = 0.0006
# Where an answer is 100 times the PSI, give it as a percentage slip at any binning within this.
PERCENT_SLACK = 0.01
# q1: the proposal the learner audits: the shipped model at a stricter threshold, under the
# tighter gap limits compliance asks for next quarter, on the gate set. Measured: at 0.90 the
# gaps' upper ends (0.051, 0.073) lie under 0.12, so every check passes; the proposal still
# costs 0.1125 units per application more than 0.75 (0.5775 against 0.4650). A cost on 2,000
# applications is a multiple of 1/2,000, so two costs and their difference are exact to
# floating point; the tolerance admits rounding to three decimals and nothing else (the nearest
# named mistake, the difference on the test split, 0.083, lies 0.03 away).
Q1_THRESHOLD = 0.90
Q1_MAX_GAP = 0.12
Q1_COST_TOLERANCE = 0.0006  # three decimals: 0.1125 rounds to 0.112 or 0.113, 0.0005 away
CHECK_NAMES = (
    "roc_auc",
    "calibration_gap",
    "selection_gap",
    "fnr_gap",
    "saving_vs_approve_all",
    "saving_vs_reject_all",
)

# --- q2: the PSI of income ---------------------------------------------------------------


@cache
def _incomes() -> tuple[np.ndarray, np.ndarray]:
    """Training incomes (expected) and the shifted production batch's incomes (actual), the
    known ones (the exercise leaves the gaps out; drift.psi counts them as a bin of their own)."""
    X_train = reference.split().X_train
    known = X_train["income"].dropna(), make_production_batch()["income"].dropna()
    return known[0].to_numpy(), known[1].to_numpy()


def _psi_from_shares(expected_shares, actual_shares, log=np.log) -> float:
    e = np.where(np.asarray(expected_shares) == 0, PSI_EPSILON, expected_shares)
    a = np.where(np.asarray(actual_shares) == 0, PSI_EPSILON, actual_shares)
    return float(np.sum((a - e) * log(a / e)))


def _shares(values: np.ndarray, inner_edges: np.ndarray, side: str = "right") -> np.ndarray:
    """Shares of ``values`` in the bins of ``inner_edges``, outer bins open."""
    counts = np.bincount(
        np.searchsorted(inner_edges, values, side=side), minlength=len(inner_edges) + 1
    )
    return counts / counts.sum()


def _deciles(values: np.ndarray, inner: bool = True) -> np.ndarray:
    return np.quantile(values, np.linspace(0.1, 0.9, 9) if inner else np.linspace(0, 1, 11))


@cache
def _q2_facts() -> dict[str, float]:
    expected, actual = _incomes()
    edges = _deciles(expected)
    e, a = _shares(expected, edges), _shares(actual, edges)
    lower_e, lower_a = _shares(expected, edges, "left"), _shares(actual, edges, "left")
    # np.histogram at all eleven training deciles: its outer edges are closed, so production
    # incomes below the smallest training income fall outside every bin and are lost.
    closed = _deciles(expected, inner=False)
    hist_e, hist_a = np.histogram(expected, closed)[0], np.histogram(actual, closed)[0]
    # pd.cut at the eleven deciles with include_lowest: closed outer edges and, its intervals
    # being closed on the right, an income on an edge in the lower bin.
    cut = [
        pd.Series(pd.cut(v, closed, include_lowest=True)).value_counts(sort=False, normalize=True)
        for v in (expected, actual)
    ]
    batch_edges = _deciles(actual)
    pooled = _deciles(np.concatenate([expected, actual]))
    even = np.linspace(expected.min(), expected.max(), 11)[1:-1]
    right = psi(expected, actual)
    return {
        "right": right,
        "ties_lower": _psi_from_shares(lower_e, lower_a),
        "tenths": _psi_from_shares(np.full(10, 0.1), a),
        "histogram": _psi_from_shares(hist_e / hist_e.sum(), hist_a / hist_a.sum()),
        "eleven_edges": _psi_from_shares(_shares(expected, closed), _shares(actual, closed)),
        "pd_cut": _psi_from_shares(cut[0].sort_index().to_numpy(), cut[1].sort_index().to_numpy()),
        "batch_bins": psi(actual, expected),
        "batch_bins_lower": _psi_from_shares(
            _shares(expected, batch_edges, "left"), _shares(actual, batch_edges, "left")
        ),
        "pooled": _psi_from_shares(_shares(expected, pooled), _shares(actual, pooled)),
        "even": _psi_from_shares(_shares(expected, even), _shares(actual, even)),
        "percent": 100 * right,
        "log10": right / math.log(10),
        "log2": right / math.log(2),
        "kl_actual": float(np.sum(a * np.log(a / e))),
        "kl_expected": float(np.sum(e * np.log(e / a))),
        "negative": -right,
    }


def _not_finite(value: Any) -> float | None:
    """The answer as a float when it is a number that is NaN or infinite, else None."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        return None
    value = float(value)
    return value if math.isnan(value) or math.isinf(value) else None


BINS_FROM_BATCH = (
    "You cut the bins at the deciles of the production batch (calling psi(batch, train), "
    "with the batch as expected, does that too). PSI measures the new data against the "
    "reference: the edges come from the training incomes, so that each bin holds a tenth of "
    "them. Swapping the two samples inside the sum changes nothing; the bins are what make "
    "PSI depend on which sample is the reference."
)
TIES_LOWER = (
    "Incomes equal to an edge went into the bin below it (pd.cut's intervals are closed on "
    "the right; searchsorted's side='left' does the same). The prompt puts them in the bin "
    "above. It matters here because incomes are rounded, so many sit exactly on an edge."
)
CLOSED_OUTER = (
    "Some production incomes lie below the smallest training income, and your bins lost "
    "them: the outer edges were the smallest and largest training incomes. Cut at the nine "
    "inner deciles only, so that new extremes count in the first or last bin."
)


def _check_psi(value: Any) -> str:
    odd = _not_finite(value)
    if odd is not None and math.isinf(odd):
        raise Incorrect(
            "Your PSI is infinite: a bin is empty in one sample, so ln(actual / expected) "
            "divides by or takes the log of zero. Replace empty shares by a small number "
            f"(the course uses {PSI_EPSILON}) before the log."
        )
    if odd is not None:
        raise Incorrect(
            "Your PSI is NaN: a bin is empty in both samples (0 · ln(0/0)), or a value is "
            f"missing. Replace empty shares by {PSI_EPSILON} before the log."
        )
    number = as_number(value, "Your PSI")
    f = _q2_facts()
    right = f["right"]
    if abs(number / 100 - right) <= PERCENT_SLACK and number > 1:
        raise Incorrect(
            f"Your PSI is {number:g}, 100 times too large: you used shares as percentages. Use "
            "fractions (counts / total); the alert levels 0.1 and 0.2 assume fractions."
        )
    mistakes = [
        (f["ties_lower"], TIES_LOWER),
        (
            f["tenths"],
            "You took every training share as exactly 0.1. Count them: incomes tied at an "
            "edge make the training bins slightly uneven.",
        ),
        (f["histogram"], CLOSED_OUTER),
        (
            f["eleven_edges"],
            "You cut at all eleven deciles, the smallest and largest training income too: 12 "
            "bins, two of them for values beyond the training range. The prompt's bins are "
            "ten, cut at the nine inner deciles.",
        ),
        (f["pd_cut"], f"{CLOSED_OUTER} And: {TIES_LOWER}"),
        (f["batch_bins"], BINS_FROM_BATCH),
        (f["batch_bins_lower"], f"{BINS_FROM_BATCH} And: {TIES_LOWER}"),
        (
            f["pooled"],
            "You cut the bins at the deciles of both samples together. The edges come from "
            "the training incomes alone: they are the reference.",
        ),
        (
            f["even"],
            "Those are ten bins of equal width. PSI cuts at the deciles of the training "
            "incomes, so that each bin holds a tenth of them.",
        ),
        (f["log10"], "You used the base-10 logarithm; PSI uses the natural log (np.log)."),
        (f["log2"], "You used the base-2 logarithm; PSI uses the natural log (np.log)."),
        (
            f["kl_actual"],
            "That is Σ actual · ln(actual / expected), the Kullback–Leibler divergence. PSI "
            "weighs each log ratio by the difference (actual − expected).",
        ),
        (
            f["kl_expected"],
            "That is Σ expected · ln(expected / actual), the Kullback–Leibler divergence. PSI "
            "weighs each log ratio by the difference (actual − expected).",
        ),
        (
            f["negative"],
            "A PSI is never negative: (actual − expected) and ln(actual / expected) always "
            "have the same sign. You reversed one of the two.",
        ),
    ]
    number = check_number(
        number,
        right,
        tolerance=Q2_TOLERANCE,
        mistake_tolerance=Q2_MISTAKE_TOLERANCE,
        what="Your PSI",
        mistakes=mistakes,
        otherwise=(
            "Per bin, take the share of production incomes minus the share of training "
            "incomes, times the natural log of their ratio, and add up the ten bins."
        ),
    )
    return (
        f"PSI = {number:.3f}, above the alert level 0.2: income has shifted enough to act on. "
        f"(Checked to ±{Q2_TOLERANCE}. Had you swapped actual and expected inside the sum, you "
        "would get the same number: each term is symmetric. The binning is not.)"
    )


# --- q1: which gate checks fail ----------------------------------------------------------


@cache
def _shipped():
    return build_course_model(reference.split().X_train)


@cache
def _gate_set() -> pd.DataFrame:
    return gate_set()


@cache
def _q1_metrics() -> dict:
    return measure(_shipped(), _gate_set(), Q1_THRESHOLD)


@cache
def _point_metrics(threshold: float, on_test_split: bool = False) -> dict:
    """The shipped model's measurements without intervals, on the gate set or the test split."""
    table = reference.split().X_test[HOLDOUT_COLUMNS] if on_test_split else _gate_set()
    return measure(_shipped(), table, threshold, intervals=False)


def _cost(threshold: float, on_test_split: bool = False) -> float:
    return _point_metrics(threshold, on_test_split)["cost"]


def _extra_cost() -> float:
    return _cost(Q1_THRESHOLD) - _cost(SHIPPED_THRESHOLD)


def _q1_checks() -> dict[str, Any]:
    return {c.name: c for c in run_checks(_q1_metrics(), MIN_AUC, Q1_MAX_GAP, Q1_MAX_GAP)}


def _failing() -> set[str]:
    return {name for name, c in _q1_checks().items() if not c.passed}


def _is_check(item: Any) -> bool:
    """One check object (a gate.Check), not a table of them."""
    if isinstance(item, pd.DataFrame | pd.Series | Mapping):
        return False
    return all(hasattr(item, a) for a in ("name", "value", "limit", "passed"))


def _about_checks(items: list) -> str:
    """What is off in check objects the learner gave instead of names (limits, values)."""
    proposal = _q1_checks()
    limits = {name: c.limit for name, c in proposal.items()}
    values = {name: c.value for name, c in proposal.items()}
    notes = []
    for item in items:
        name = getattr(item, "name", None)
        if name not in limits:
            continue
        try:
            limit, value = float(item.limit), float(item.value)
        except (TypeError, ValueError):
            continue
        if not math.isclose(limit, limits[name]):
            notes.append(f"{name}'s limit is {limit:g}, not the proposal's {limits[name]:g}")
        elif not math.isclose(value, values[name], abs_tol=1e-9):
            notes.append(
                f"{name}'s value is not the shipped model's on holdout at threshold {Q1_THRESHOLD}"
            )
    return f" Also, {'; '.join(notes)}." if notes else ""


def _names(answer: Any) -> set[str]:
    if _is_check(answer):
        raise Incorrect(
            "You gave one check itself; give a list of the names of the failing checks, "
            "e.g. [check.name for check in checks if ...]." + _about_checks([answer])
        )
    if isinstance(answer, pd.DataFrame):
        raise Incorrect(
            f"You gave {describe(answer)}. Give a list of the names of the failing checks, "
            "e.g. a list built from the table's name column where passed is False."
        )
    if isinstance(answer, Mapping):
        if all(isinstance(v, bool | np.bool_) for v in answer.values()):
            raise Incorrect(
                "You gave a dict of verdicts; give the list of the names whose check fails, "
                "not every name with its verdict."
            )
    elif isinstance(answer, list | tuple | set | frozenset | np.ndarray | pd.Series):
        items = (
            list(np.asarray(answer, dtype=object).ravel())
            if isinstance(answer, np.ndarray | pd.Series)
            else list(answer)
        )
        if items and any(_is_check(item) for item in items):
            raise Incorrect(
                "You gave the checks themselves; give their names, e.g. [check.name for check "
                "in checks if ...]." + _about_checks(items)
            )
        if items and all(isinstance(item, bool | np.bool_) for item in items):
            raise Incorrect(
                f"You gave {describe(answer)}: the verdicts (check.passed). Give the names "
                "of the checks that fail."
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


def _check_failing(answer: Any) -> None:
    names = _names(answer)
    right = _failing()
    if names == right:
        return
    c = _q1_checks()
    ends = " and ".join(f"{c[n].high:.3f}" for n in ("selection_gap", "fnr_gap"))
    if names == set(CHECK_NAMES) - right:
        raise Incorrect(
            "Those are the checks that pass: a check fails when its .passed is False. "
            + ("Here none does." if not right else "")
        )
    if names & {"roc_auc", "calibration_gap", "saving_vs_approve_all", "saving_vs_reject_all"}:
        raise Incorrect(
            "roc_auc, calibration_gap and the savings pass. roc_auc's limit is a floor (it "
            "passes when the lower end of its interval is at least the limit, where the gaps' "
            "limits are ceilings), and neither ROC-AUC nor calibration depends on the "
            "threshold: both read the scores, which moving the threshold does not change. Both "
            "savings stay above zero at this threshold."
        )
    if names & {"selection_gap", "fnr_gap"} and not right:
        raise Incorrect(
            f"The gap checks pass: at threshold {Q1_THRESHOLD} on the gate set the upper ends of "
            f"the gaps' intervals are {ends}, under the proposal's {Q1_MAX_GAP}. Measure at "
            f"{Q1_THRESHOLD} with gate.measure(shipped, holdout, threshold=...), pass both limits "
            "to gate.run_checks, and keep the names whose .passed is False."
        )
    raise Incorrect(
        f"Your list of failing checks is not right. Measure at threshold {Q1_THRESHOLD} (not "
        f"{SHIPPED_THRESHOLD:.2f}), pass both gap limits as {Q1_MAX_GAP} (not the gate's "
        f"{MAX_FNR_GAP}) to gate.run_checks; .passed says the rest."
    )


def _check_extra_cost(extra_cost: Any) -> float:
    right = _extra_cost()
    proposal, shipped = _cost(Q1_THRESHOLD), _cost(SHIPPED_THRESHOLD)
    mistakes = [
        (-right, "That has the wrong sign (or is the change in the saving over approving "
         "everyone, which falls by as much as the cost rises): the proposal's cost minus the "
         "shipped threshold's, so a dearer proposal gives a positive number."),
        (proposal, "That is the proposal's cost itself. The question asks how much more it "
         f"costs than the shipped threshold, {SHIPPED_THRESHOLD:.2f}: take the difference."),
        (shipped, f"That is the cost at the shipped threshold, {SHIPPED_THRESHOLD:.2f}. Subtract "
         "it from the proposal's."),
        (_cost(Q1_THRESHOLD, True) - _cost(SHIPPED_THRESHOLD, True), "That is the difference "
         "on the test split (X_test). The gate and the question judge on holdout, the gate "
         "set."),
        (proposal / shipped, "That is the ratio of the two costs. Give the difference, in "
         "cost units per application."),
        (proposal / shipped - 1, "That is the increase as a share of the shipped cost. Give "
         "the difference itself, in cost units per application."),
        (100 * (proposal / shipped - 1), "That is the increase as a percentage of the shipped "
         "cost. Give the difference itself, in cost units per application."),
        (proposal - _cost(CHOSEN_THRESHOLD), f"That compares with {CHOSEN_THRESHOLD:.2f}, the "
         f"original model's threshold. The shipped model decides at {SHIPPED_THRESHOLD:.2f}."),
        (1000 * right, "That is per 1,000 applications. Give it per application, as gate."
         "measure's cost is."),
    ]  # fmt: skip
    return check_number(
        extra_cost,
        right,
        tolerance=Q1_COST_TOLERANCE,
        what="Your extra_cost",
        mistakes=mistakes,
        otherwise=(
            "Measure the shipped model on holdout twice with gate.measure, at the proposal's "
            f"threshold and at {SHIPPED_THRESHOLD:.2f}, and subtract the two 'cost' values."
        ),
    )


def _check_proposal(failing: Any, extra_cost: Any) -> str:
    _check_failing(failing)
    _check_extra_cost(extra_cost)
    c = _q1_checks()
    ends = " and ".join(f"{c[n].high:.3f}" for n in ("selection_gap", "fnr_gap"))
    right = _extra_cost()
    return (
        f"No check fails: the gaps' upper ends, {ends}, lie under {Q1_MAX_GAP}, and both savings "
        f"stay above zero. Yet the proposal costs {right:.3f} units per application more "
        f"({_cost(Q1_THRESHOLD):.4f} against {_cost(SHIPPED_THRESHOLD):.4f}) and approves "
        f"{_point_metrics(Q1_THRESHOLD)['approval_rate']:.0%} of applicants instead of "
        f"{_point_metrics(SHIPPED_THRESHOLD)['approval_rate']:.0%}. The gate "
        "passes it; read the cell after the check before you say it should ship."
    )


q2 = Exercise(
    answers=("income_psi",),
    title="the PSI of income",
    checker=_check_psi,
    hint_text=(
        "Three steps: the edges come from the training incomes only; each sample's shares are "
        "its counts per bin over its size (NumPy can tell you which bin each value falls in, "
        "and count them); the PSI adds one term per bin, the formula of section 6."
    ),
    how_to_start=(
        "Set income_psi to one number computed from train_income (expected) and "
        "batch_income (actual), then run the cell."
    ),
)

q1 = Exercise(
    answers=("failing", "extra_cost"),
    title="would the gate stop the proposal, and what does it cost?",
    checker=_check_proposal,
    hint_text=(
        "gate.measure takes a threshold and gate.run_checks takes the limits as keywords: "
        "look at their signatures (help(gate.run_checks)). Each check it returns has a .name "
        "and a .passed, and each measurement a 'cost' per application, at the threshold it "
        "was measured at."
    ),
    how_to_start=(
        "Set failing to a list of check names, e.g. ['roc_auc'], or [] if none fails, and "
        "extra_cost to one number, then run the cell."
    ),
)

bind_exercises(globals(), NOTEBOOK)
