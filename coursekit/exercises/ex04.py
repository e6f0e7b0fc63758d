"""Exercises of notebook 04 (evaluation).

Reference values come from :mod:`coursekit.exercises.reference` (the course's split, the chosen
model fitted on the training split, its test scores and its out-of-fold validation scores) and
from the cost matrix of :mod:`coursekit.business`, computed once, when a checker first needs
them. Decisions are judged against the outcome ``repaid`` (the notebook's ``repaid_train`` and
``repaid_test``), the one the costs are about; the model itself predicts ``approved``.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from functools import cache

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix

from coursekit.business import cost_optimal_threshold, expected_cost
from coursekit.exercises import reference
from coursekit.exercises.core import (
    Exercise,
    Incorrect,
    as_number,
    as_numbers,
    bind_exercises,
    check_number,
    coarse_rounding,
    describe,
    unpack,
)

NOTEBOOK = "04_evaluation"
# The threshold grid of the notebook, `thresholds`: 0.01, 0.02, ..., 0.99.
THRESHOLDS = np.round(np.arange(0.01, 1.0, 0.01), 2)
# q1 is computed by hand from four counts, and the prompt asks for two decimals or more:
# rounding to two decimals moves a share by at most 0.005. tests/test_exercises.py asserts that
# no named mistake lies within this tolerance of the right answer (the nearest, accuracy, is
# 0.016 from the recall). The 1e-9 lets a share that is exactly a half-cent (0.875 here) be
# rounded either way.
Q1_TOLERANCE = 0.005 + 1e-9
# q2's costs: expected_cost is a mean over the 4,000 training applications, so the curve moves in
# steps of 1/4,000 = 0.00025 (one decision changed); the legitimate spread is floating point
# (1e-16). The tolerance allows rounding to four decimals (at most 0.00005) and stays below one
# step. Every named wrong curve differs by far more on some threshold (the test asserts it).
COST_TOLERANCE = 0.0001
# q2's threshold: exactly a grid value, and exactly the cheapest one of the learner's curve (the
# grid is discrete: its neighbours 0.43 and 0.45 are 0.01 away). Floating point only, a float32
# threshold included (its error at 0.44 is 2.4e-9).
THRESHOLD_TOLERANCE = 1e-6


def _decisions(scores: np.ndarray, threshold: float) -> np.ndarray:
    return (scores >= threshold).astype(int)


def _costs(labels, scores, **cost) -> np.ndarray:
    return np.array([expected_cost(labels, _decisions(scores, t), **cost) for t in THRESHOLDS])


def _repaid_train() -> pd.Series:
    """The outcome of the training applications: the notebook's repaid_train."""
    return reference.split().X_train["repaid"]


def _repaid_test() -> pd.Series:
    """The outcome of the test applications: the notebook's repaid_test."""
    return reference.split().X_test["repaid"]


# --- q1: precision and recall by hand ----------------------------------------------------


def _table_facts(labels, decisions) -> dict[str, float]:
    tn, fp, fn, tp = confusion_matrix(labels, decisions, labels=[0, 1]).ravel()
    total = tn + fp + fn + tp
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return {
        "counts": (int(tn), int(fp), int(fn), int(tp)),
        "precision": float(precision),
        "recall": float(recall),
        "accuracy": float((tp + tn) / total),
        "f1": float(2 * precision * recall / (precision + recall)),
        "reject_column": float(tn / (tn + fn)),  # negative predictive value
        "false_omission": float(fn / (fn + tn)),  # the 'reject' column's wrong share
        "reject_row": float(tn / (tn + fp)),  # specificity
        "share_of_all": float(tp / total),
    }


@cache
def _q1_facts() -> dict[str, float]:
    """The default policy's table (score >= 0.5) and, for mistakes, the stricter one's and the
    same policy's against the label."""
    outcomes, labels = _repaid_test(), reference.split().y_test
    scores = reference.test_scores()
    facts = _table_facts(outcomes, _decisions(scores, 0.5))
    stricter = _table_facts(outcomes, _decisions(scores, cost_optimal_threshold()))
    against_label = _table_facts(labels, _decisions(scores, 0.5))
    facts["stricter_precision"] = stricter["precision"]
    facts["stricter_recall"] = stricter["recall"]
    facts["label_precision"] = against_label["precision"]
    facts["label_recall"] = against_label["recall"]
    return facts


def _as_share(answer, what: str, counts: tuple[int, ...], right: float) -> float:
    """A fraction, or :class:`Incorrect` naming a count or a percentage."""
    value = as_number(answer, what)
    if value > 1 and value.is_integer() and int(value) in counts:
        raise Incorrect(
            f"{what} is {value:g}, a count from the table. Precision and recall are shares: "
            "divide a count by the total of its column or row."
        )
    if 1 < value <= 100:
        if abs(value / 100 - right) <= Q1_TOLERANCE:
            raise Incorrect(
                f"{what} is {value:g}, a percentage. The course's metrics (and scikit-learn's) "
                f"are fractions between 0 and 1: divide by 100."
            )
        raise Incorrect(
            f"{what} is {value:g}, which looks like a percentage. Give a fraction between 0 "
            "and 1, and check which total you divide by."
        )
    if not 0 <= value <= 1:
        raise Incorrect(
            f"{what} is {value:g}, but a share lies between 0 and 1: divide a count by a total "
            "that includes it."
        )
    return value


def _check_precision_recall(precision, recall) -> str:
    f = _q1_facts()
    right_p, right_r, tol = f["precision"], f["recall"], Q1_TOLERANCE
    tn, fp, fn, tp = f["counts"]
    counts = (tn, fp, fn, tp, tn + fp, fn + tp, tn + fn, fp + tp, tn + fp + fn + tp)
    p = _as_share(precision, "Your precision", counts, right_p)
    r = _as_share(recall, "Your recall", counts, right_r)
    if abs(p - right_r) <= tol and abs(r - right_p) <= tol and abs(right_p - right_r) > tol:
        raise Incorrect(
            "You swapped them: your precision is the recall and your recall the precision. Rows "
            "are the outcome (whether the applicant repaid), columns the model's decision: "
            "precision reads down the 'approve' column, recall along the 'approve' row."
        )
    accuracy = (
        f["accuracy"],
        "That is the accuracy: correct decisions of both kinds over all applications.",
    )
    whole_table = (
        f["share_of_all"],
        "You divided by every application in the table; divide by a row or column total.",
    )
    f1 = (f["f1"], "That is the F1 score, which combines precision and recall.")
    check_number(
        p,
        right_p,
        tolerance=tol,
        what="Your precision",
        mistakes=[
            (right_r, "That is the recall. Precision divides by the model's approvals."),
            accuracy,
            (
                f["reject_column"],
                "You used the 'reject' column: that is how often the model's rejections "
                "are right. Precision is about the model's approvals.",
            ),
            (
                f["reject_row"],
                "You used the 'would not repay' row: that is the share of the non-repayers the "
                "model rejects. Precision reads down the 'approve' column.",
            ),
            (
                1 - right_p,
                "That is the share of the model's approvals that are wrong approvals, "
                "i.e. 1 − precision. Count the right approvals instead.",
            ),
            (
                f["false_omission"],
                "That is fn / (fn + tn): the share of the model's rejections who would have "
                "repaid, which reads down the 'reject' column.",
            ),
            whole_table,
            f1,
            (
                f["label_precision"],
                "That is the precision against approved, the officers' decisions: agreement "
                "with them. This exercise's table counts the outcome, repaid.",
            ),
            (
                f["stricter_precision"],
                "That is the precision at the stricter threshold 0.75, printed above. This "
                "exercise's table is the default policy's, score ≥ 0.5.",
            ),
        ],
        otherwise=(
            "Precision = right approvals ÷ everyone the model approves (the 'approve' column)."
        ),
    )
    check_number(
        r,
        right_r,
        tolerance=tol,
        what="Your recall",
        mistakes=[
            (right_p, "That is the precision. Recall divides by the applicants who repay."),
            accuracy,
            (
                f["reject_row"],
                "You used the 'would not repay' row: that is the share of the non-repayers the "
                "model rejects. Recall is about the applicants who repay.",
            ),
            (
                f["reject_column"],
                "You used the 'reject' column: that is how often the model's rejections "
                "are right. Recall reads along the 'approve' row.",
            ),
            (
                1 - right_r,
                "That is the share of repayers the model wrongly rejects, i.e. 1 − recall. "
                "Count the right approvals instead.",
            ),
            (
                f["false_omission"],
                "That is fn / (fn + tn): the share of the model's rejections who would have "
                "repaid, which reads down the 'reject' column.",
            ),
            whole_table,
            f1,
            (
                f["label_recall"],
                "That is the recall against approved, the officers' decisions: agreement with "
                "them. This exercise's table counts the outcome, repaid.",
            ),
            (
                f["stricter_recall"],
                "That is the recall at the stricter threshold 0.75, printed above. This "
                "exercise's table is the default policy's, score ≥ 0.5.",
            ),
        ],
        otherwise="Recall = right approvals ÷ everyone who repays (the 'would repay' row).",
    )
    return (
        f"Precision {right_p:.3f}: of the applicants this policy approves, {right_p:.0%} repay. "
        f"Recall {right_r:.3f}: it approves only {right_r:.0%} of the applicants who would "
        f"repay. (Checked to ±{Q1_TOLERANCE:.3f}, so two decimals are enough.)"
    )


# --- q2: the cost curve and its cheapest threshold, on validation predictions -----------


@cache
def _validation_costs() -> np.ndarray:
    """The expected cost of every threshold of the grid on the validation predictions."""
    return _costs(_repaid_train(), reference.validation_scores())


@cache
def _q2_facts() -> dict[str, float]:
    """The cheapest threshold of the validation curve and its cost."""
    costs = _validation_costs()
    return {"threshold": float(THRESHOLDS[np.argmin(costs)]), "lowest_cost": float(costs.min())}


@cache
def _accuracy_threshold() -> float:
    """The threshold with the highest accuracy on the validation predictions."""
    labels, scores = _repaid_train().to_numpy(), reference.validation_scores()
    accuracies = [np.mean(_decisions(scores, t) == labels) for t in THRESHOLDS]
    return float(THRESHOLDS[int(np.argmax(accuracies))])


def _shifted(curve: np.ndarray, right: np.ndarray) -> bool:
    """True when ``curve`` is ``right`` moved by one threshold, either way."""
    close = COST_TOLERANCE
    return bool(
        np.abs(curve[1:] - right[:-1]).max() <= close
        or np.abs(curve[:-1] - right[1:]).max() <= close
    )


@cache
def _wrong_curves() -> tuple[tuple[np.ndarray, str], ...]:
    """(curve, explanation) for each common mistake in computing the costs."""
    data = reference.split()
    validation = reference.validation_scores()
    labels = _repaid_train()
    in_sample = reference.chosen_model().predict_proba(data.X_train)[:, 1]
    decisions = {t: _decisions(validation, t) for t in THRESHOLDS}
    curves = [
        (
            _costs(_repaid_test(), reference.test_scores()),
            "Those are the costs on the test set. Choose on the validation predictions "
            "(validation_scores against repaid_train); the test set only reports the chosen "
            "threshold.",
        ),
        (
            _costs(data.y_train, validation),
            "Those costs are priced against y_train, the officers' decisions: they measure "
            "disagreement with the officers, not money. Price against the outcome, "
            "repaid_train.",
        ),
        (
            _costs(data.y_test, reference.test_scores()),
            "Those are the costs on the test set, priced against the officers' decisions "
            "(y_test). Choose on validation_scores, priced against the outcome repaid_train.",
        ),
        (
            _costs(labels, in_sample),
            "Those are the costs of a model fitted on the whole training split and scored on "
            "the same applicants: it has seen them, so its costs are optimistic. Use "
            "validation_scores, the out-of-fold predictions.",
        ),
        (
            np.array([expected_cost(decisions[t], labels) for t in THRESHOLDS]),
            "You swapped the arguments of expected_cost: it takes the outcomes first, then the "
            "decisions, expected_cost(repaid_train, decisions). Swapped, it counts each wrong "
            "approval as a wrong rejection.",
        ),
        (
            np.array([expected_cost(labels, 1 - decisions[t]) for t in THRESHOLDS]),
            "Your decisions are inverted: approve (1) when the score is at least the threshold, "
            "not below it.",
        ),
        (
            _costs(labels, 1 - validation),
            "Those decisions use the score of 'reject', column 0 of predict_proba. The "
            "validation scores are the probability of 'approve', column 1.",
        ),
        (
            _costs(labels, validation, cost_of_wrong_approval=1, cost_of_wrong_rejection=1),
            "That is the share of wrong decisions (1 − accuracy): it counts both errors the "
            "same. Use expected_cost, which prices a wrong approval at three units.",
        ),
        (
            _validation_costs() * len(labels),
            "Those are total costs, not costs per application: expected_cost already divides "
            "by the number of applications.",
        ),
        (
            _validation_costs()[::-1],
            "Those are the right costs in reverse order. Keep the order of thresholds, from "
            "0.01 to 0.99.",
        ),
    ]
    right = _validation_costs()
    # A wrong curve equal to the right one everywhere could never be told apart. `>` for `>=`
    # is one such: no validation score equals a threshold of the grid (the nearest is 2.6e-6
    # away), so its decisions, and its curve, are the same.
    return tuple(
        (curve, why) for curve, why in curves if np.abs(curve - right).max() > COST_TOLERANCE
    )


def _series_in_grid_order(series: pd.Series) -> np.ndarray:
    """A Series of costs indexed by threshold, in grid order; by position otherwise."""
    index = series.index
    numeric = all(isinstance(v, numbers.Real) and not isinstance(v, bool | np.bool_) for v in index)
    if numeric and len(series) == len(THRESHOLDS):
        keys = np.asarray(index, dtype=float)
        if np.allclose(np.sort(keys), THRESHOLDS, atol=1e-9, rtol=0):
            return as_numbers(series.iloc[np.argsort(keys, kind="stable")], "costs")
    return as_numbers(series, "costs")


def _as_costs(costs) -> np.ndarray:
    """The learner's cost curve as an array in grid order, or :class:`Incorrect`."""
    if isinstance(costs, pd.DataFrame):
        raise Incorrect(
            f"costs is {describe(costs)}. Give one column of it, the costs, in the order of "
            "thresholds."
        )
    if isinstance(costs, Mapping):
        keys = list(costs)
        if not keys:
            raise Incorrect(
                "costs is an empty dict. Give the expected cost of each threshold, in the order "
                "of thresholds."
            )
        if not all(
            isinstance(k, numbers.Real) and not isinstance(k, bool | np.bool_) for k in keys
        ):
            raise Incorrect(
                f"costs should be the expected cost of each threshold, but you gave "
                f"{describe(costs)}. Give a list, array or Series of costs in the order of "
                "thresholds."
            )
        costs = pd.Series(list(costs.values()), index=keys)
    if isinstance(costs, pd.Series):
        values = _series_in_grid_order(costs)
    else:
        if isinstance(costs, numbers.Number | np.number) and not isinstance(costs, bool):
            raise Incorrect(
                f"costs is one number ({describe(costs)}); it should be the whole curve: the "
                f"expected cost of each of the {len(THRESHOLDS)} thresholds, in order."
            )
        nested = isinstance(costs, list | tuple) and any(
            isinstance(item, list | tuple | np.ndarray | pd.Series) for item in costs
        )
        if isinstance(costs, np.ndarray) and costs.ndim == 2 and costs.shape[1] == 1:
            costs = costs.ravel()  # one column of costs is the curve
        if nested or (isinstance(costs, np.ndarray) and costs.ndim > 1):
            raise Incorrect(
                "costs holds arrays (the decisions at each threshold?), not one cost per "
                "threshold. Price each threshold's decisions with expected_cost, and give the "
                "costs."
            )
        values = as_numbers(costs, "costs")
    if len(values) != len(THRESHOLDS):
        finer = " A finer grid is not the notebook's grid." if len(values) > len(THRESHOLDS) else ""
        raise Incorrect(
            f"costs holds {len(values)} numbers, but thresholds has {len(THRESHOLDS)}.{finer} "
            "Compute one cost for each threshold of thresholds, in order."
        )
    return values


def _check_costs(values: np.ndarray) -> np.ndarray:
    right = _validation_costs()
    if np.abs(values - right).max() <= COST_TOLERANCE:
        return right
    rounding = coarse_rounding(values, right, COST_TOLERANCE)
    if rounding:
        raise Incorrect(
            rounding.replace("the right value", "the right costs")
            + " Neighbouring thresholds differ by as little as 0.00025."
        )
    reasons = [
        why for curve, why in _wrong_curves() if np.abs(values - curve).max() <= COST_TOLERANCE
    ]
    if reasons:
        raise Incorrect(" Or: ".join(dict.fromkeys(reasons)))
    if _shifted(values, right):
        raise Incorrect(
            "Your curve is the right one shifted by one threshold: each cost sits next to the "
            "threshold it belongs to. Compute one cost per threshold of thresholds, in the same "
            "order, starting at 0.01."
        )
    if np.abs(np.sort(values) - np.sort(right)).max() <= COST_TOLERANCE:
        raise Incorrect(
            "Those are the right costs in another order (sorted?). Keep the order of "
            "thresholds, so that position i holds the cost of thresholds[i]."
        )
    off = np.flatnonzero(np.abs(values - right) > COST_TOLERANCE)
    where = ", ".join(f"{THRESHOLDS[i]:.2f}" for i in off[:5]) + (" …" if len(off) > 5 else "")
    raise Incorrect(
        f"Your costs differ from those of the validation predictions at {len(off)} of the "
        f"{len(THRESHOLDS)} thresholds ({where}). For each threshold t, approve when "
        "validation_scores is at least t, and price those decisions against repaid_train with "
        "expected_cost."
    )


def _looks_like_a_curve(answer) -> bool:
    if isinstance(answer, np.ndarray):
        return answer.ndim == 1 and len(answer) == len(THRESHOLDS)
    return isinstance(answer, list | tuple | pd.Series) and len(answer) == len(THRESHOLDS)


def _check_threshold(best_threshold, costs) -> str:
    if _looks_like_a_curve(best_threshold) and _is_number(costs):
        raise Incorrect(
            "You swapped the two answers: give the threshold first, then the costs, "
            "ex04.q2.check(best_threshold, costs)."
        )
    if isinstance(best_threshold, Mapping):
        raise Incorrect(
            "Your threshold should be one number, one of thresholds, but you gave a dict."
        )
    values = _as_costs(costs)
    right_costs = _check_costs(values)
    value = as_number(best_threshold, "Your threshold")
    facts = _q2_facts()
    lowest = right_costs.min()
    cheapest = THRESHOLDS[right_costs <= lowest + 1e-12]
    on_grid = np.abs(THRESHOLDS - value) <= THRESHOLD_TOLERANCE
    if np.abs(cheapest - value).min() <= THRESHOLD_TOLERANCE:
        return (
            f"Your cost curve matches the validation predictions' at all {len(THRESHOLDS)} "
            f"thresholds; it is cheapest at {facts['threshold']:.2f}, "
            f"{facts['lowest_cost']:.3f} units per application (threshold checked exactly: "
            "the grid is discrete)."
        )
    if abs(value - lowest) <= THRESHOLD_TOLERANCE:
        raise Incorrect(
            f"Your threshold is {value:g}: that is the lowest expected cost, not the threshold "
            "where it occurs. Find the position of the smallest cost and look up the threshold "
            "there."
        )
    if not 0 <= value <= 1:
        if 1 < value <= 100 and np.abs(cheapest - value / 100).min() <= THRESHOLD_TOLERANCE:
            raise Incorrect(
                f"Your threshold is {value:g}: that looks like a percentage. A threshold is a "
                "score between 0 and 1, as thresholds holds them."
            )
        if value.is_integer() and 0 <= value < len(THRESHOLDS):
            raise Incorrect(
                f"Your threshold is {value:g}: that looks like a position in the grid (what "
                "np.argmin gives), not a threshold. Use it to look up the threshold in "
                "thresholds."
            )
        raise Incorrect(f"Your threshold is {value:g}, but a threshold is a score between 0 and 1.")
    if not on_grid.any():
        raise Incorrect(
            f"Your threshold is {value:g}, which is not one of thresholds. A finer grid is not "
            "the notebook's grid: choose among thresholds, where your costs were computed."
        )
    position = int(np.flatnonzero(on_grid)[0])
    best = int(np.argmin(right_costs))
    if abs(position - best) == 1:
        raise Incorrect(
            f"Your threshold is {value:g}, a neighbour of the cheapest threshold on the grid: "
            "off by one position. Take the threshold at exactly the position of the smallest "
            "cost."
        )
    named = {
        float(THRESHOLDS[np.argmax(right_costs)]): (
            "That threshold gives the highest cost on the grid: take the smallest cost, not "
            "the largest."
        ),
        _accuracy_threshold(): (
            "That threshold maximises accuracy on the validation predictions, which counts a "
            "wrong approval the same as a wrong rejection. Take the cheapest threshold of your "
            "costs instead."
        ),
        0.5: (
            "That is the default of predict(). It is right only when both errors cost the "
            "same; here a wrong approval costs three times a wrong rejection."
        ),
        float(cost_optimal_threshold()): (
            "That is the theoretical threshold, cost_optimal_threshold(), which assumes the "
            "scores are calibrated probabilities of repayment; this model's scores are "
            "probabilities of the officers' approval. Take the cheapest threshold of your "
            "curve."
        ),
    }
    for threshold, why in named.items():
        if abs(value - threshold) <= THRESHOLD_TOLERANCE:
            raise Incorrect(f"Your threshold is {value:g}. {why}")
    raise Incorrect(
        f"Your threshold is {value:g}, but your costs are not lowest there. Take the threshold "
        "at the position of the smallest cost of your curve."
    )


# --- q3: the decision rule when a wrong approval costs 5 ----------------------------------

Q3_RATIO = 5.0  # the cost of a wrong approval the product manager asks about (wrong rejection: 1)
# q3's share: a share of the 1,000 test applicants moves in steps of 0.001; the prompt asks for
# three decimals or more, and the nearest named mistake (the share on the validation predictions)
# lies 0.04 away.
Q3_SHARE_TOLERANCE = 0.0005


def _cheapest(labels, scores, **cost) -> float:
    return float(THRESHOLDS[int(np.argmin(_costs(labels, scores, **cost)))])


@cache
def _q3_facts() -> dict[str, float]:
    validation, test = reference.validation_scores(), reference.test_scores()
    labels_train, labels_test = _repaid_train(), _repaid_test()
    threshold = _cheapest(labels_train, validation, cost_of_wrong_approval=Q3_RATIO)
    return {
        "threshold": threshold,
        "share": float(np.mean(test >= threshold)),
        "validation_share": float(np.mean(validation >= threshold)),
        "at_three": _cheapest(labels_train, validation),
        "on_test": _cheapest(labels_test, test, cost_of_wrong_approval=Q3_RATIO),
        "swapped": _cheapest(labels_train, validation, cost_of_wrong_rejection=Q3_RATIO),
        "against_label": _cheapest(
            reference.split().y_train, validation, cost_of_wrong_approval=Q3_RATIO
        ),
        "theory": cost_optimal_threshold(cost_of_wrong_approval=Q3_RATIO),
    }


def _q3_threshold_mistakes(f: dict[str, float]) -> list[tuple[float, str]]:
    return [
        (
            f["at_three"],
            "That is the threshold for the 3 : 1 cost matrix of section 5. Pass "
            "cost_of_wrong_approval=5 to expected_cost.",
        ),
        (
            f["on_test"],
            "That is the cheapest threshold of the test set's curve. Choose on the validation "
            "predictions (validation_scores against repaid_train); the test set only reports.",
        ),
        (
            f["swapped"],
            "That threshold makes a wrong *rejection* cost 5. It is the wrong approval that "
            "costs more now: cost_of_wrong_approval=5.",
        ),
        (
            f["against_label"],
            "That curve is priced against y_train, the officers' decisions. Price against "
            "the outcome, repaid_train.",
        ),
        (
            f["theory"],
            "That is 5 / (5 + 1), the threshold for a calibrated probability of repaying. "
            "This score is not one (section 4): search the threshold on the validation "
            "predictions.",
        ),
        (
            round(f["theory"], 2),
            "That is 5 / (5 + 1), rounded: the threshold for a calibrated probability of "
            "repaying, which this score is not (section 4). Search on the validation "
            "predictions.",
        ),
    ]


def _refuse_percentage(value: float, right: float, tolerance: float, name: str, give: str) -> None:
    """:class:`Incorrect` when ``value`` is the right answer times 100."""
    if 1 < value <= 100 and abs(value / 100 - right) <= tolerance:
        raise Incorrect(
            f"Your {name} is {value:g}, a percentage. Give {give}, a number between 0 and 1: "
            "divide by 100."
        )


def _check_ratio_five(threshold_at_5, share_approved_at_5) -> str:
    f = _q3_facts()
    threshold = as_number(threshold_at_5, "Your threshold_at_5")
    _refuse_percentage(
        threshold, f["threshold"], THRESHOLD_TOLERANCE, "threshold_at_5", "a score from thresholds"
    )
    check_number(
        threshold,
        f["threshold"],
        tolerance=THRESHOLD_TOLERANCE,
        what="Your threshold_at_5",
        mistakes=_q3_threshold_mistakes(f),
        otherwise=(
            "Compute the expected cost of every threshold on validation_scores against "
            "repaid_train with cost_of_wrong_approval=5, and take the threshold where it is "
            "lowest."
        ),
    )
    share = as_number(share_approved_at_5, "Your share_approved_at_5")
    _refuse_percentage(share, f["share"], Q3_SHARE_TOLERANCE, "share_approved_at_5", "a fraction")
    check_number(
        share,
        f["share"],
        tolerance=Q3_SHARE_TOLERANCE,
        what="Your threshold is right, but your share_approved_at_5",
        mistakes=[
            (
                f["validation_share"],
                "That is the share of the validation predictions at that threshold. The "
                "question is what the rule does on the test set: use test_scores.",
            ),
            (
                1 - f["share"],
                "That is the share the rule rejects. Count the applicants it approves.",
            ),
        ],
        otherwise="Compute the share of test_scores at or above your threshold.",
    )
    return (
        f"At 5 : 1 the rule approves at a score of {f['threshold']:.2f} or more, against "
        f"{f['at_three']:.2f} at 3 : 1, and the share approved on the test set falls to "
        f"{f['share']:.1%}. (The threshold is checked exactly, the share to "
        f"±{Q3_SHARE_TOLERANCE:.4f}.)"
    )


def _is_number(value) -> bool:
    return isinstance(value, numbers.Number | np.number) and not isinstance(value, bool | np.bool_)


q1 = Exercise(
    answers=("precision", "recall"),
    combined=unpack(("precision", "recall"), "number"),
    title="precision and recall by hand",
    checker=_check_precision_recall,
    hint_text=(
        "Both start from the applicants the model approves *and* who repay. Precision asks: of "
        "everyone the model approves, what share? Recall asks: of everyone who repays, what "
        "share? Find each total in the table."
    ),
    how_to_start=(
        "Set precision and recall to fractions of the counts in the table, e.g. "
        "precision = a / (a + b), then run the cell."
    ),
)
q2 = Exercise(
    answers=("best_threshold", "costs"),
    title="the cost-minimising threshold",
    checker=_check_threshold,
    hint_text=(
        "Each threshold turns validation_scores into its own 0/1 decisions, and expected_cost "
        "prices them against the outcome repaid_train: one cost per threshold, in the order "
        "of thresholds. Then, which threshold sits where the cost is smallest?"
    ),
    how_to_start=(
        "Set costs to the expected cost of every threshold in thresholds on the validation "
        "predictions, in order, and best_threshold to the cheapest threshold."
    ),
)
q3 = Exercise(
    answers=("threshold_at_5", "share_approved_at_5"),
    title="the rule when a wrong approval costs 5",
    checker=_check_ratio_five,
    hint_text=(
        "It is section 5's search with one change: expected_cost takes the cost of a wrong "
        "approval as a keyword argument. Which predictions do you choose on, and which do you "
        "only report on?"
    ),
    how_to_start=(
        "Set threshold_at_5 to a threshold from thresholds and share_approved_at_5 to a "
        "fraction, then run the cell."
    ),
)

bind_exercises(globals(), NOTEBOOK)
