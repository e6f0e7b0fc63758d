"""Exercises of notebook 04 (evaluation).

Reference values are computed from the same helpers the notebook uses (the course's split, the
chosen model from :mod:`coursekit.modeling`, the cost matrix from :mod:`coursekit.business`),
once, when a checker first needs them.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix
from sklearn.model_selection import cross_val_predict

from coursekit.business import cost_optimal_threshold, expected_cost
from coursekit.data import load_loans
from coursekit.exercises.core import (
    Exercise,
    Incorrect,
    as_number,
    bind_exercises,
    check_number,
    unpack,
)
from coursekit.features import cv_folds, split_loans
from coursekit.modeling import CHOSEN_MODEL, candidate_models

NOTEBOOK = "04_evaluation"
# The threshold grid of the notebook: 0.01, 0.02, ..., 0.99.
THRESHOLDS = np.round(np.arange(0.01, 1.0, 0.01), 2)
GRID_STEP = 0.01
# q1 is computed by hand from four counts: rounding to two decimals moves a fraction by at most
# 0.005, and every mistake the checker names lies further than that from the right value.
Q1_TOLERANCE = 0.005
# q2: the cost curve is a step function of the threshold, so a finer grid (or `>` for `>=`)
# can move its minimum, but by less than one step of the notebook's grid (a 0.001 grid finds
# 0.723 where the notebook's grid finds 0.73). Wrong methods land 0.02 or more away. The factor
# keeps a neighbour on the grid inside despite floating point (0.73 - 0.72 > 0.01 in binary).
Q2_TOLERANCE = GRID_STEP * 1.001


@cache
def _data() -> tuple:
    """``X_train, X_test, y_train, y_test`` of the course's split (never modified)."""
    return split_loans(load_loans())


@cache
def _test_scores() -> np.ndarray:
    """The chosen model, fitted on the training split: its scores on the test split."""
    X_train, X_test, y_train, _ = _data()
    model = candidate_models()[CHOSEN_MODEL].fit(X_train, y_train)
    return model.predict_proba(X_test)[:, 1]


@cache
def _validation_scores() -> np.ndarray:
    """Out-of-fold scores of the chosen model on the training split (5 seeded folds)."""
    X_train, _, y_train, _ = _data()
    folds = cv_folds()
    return cross_val_predict(
        candidate_models()[CHOSEN_MODEL], X_train, y_train, cv=folds, method="predict_proba"
    )[:, 1]


def _costs(labels, scores) -> np.ndarray:
    return np.array([expected_cost(labels, (scores >= t).astype(int)) for t in THRESHOLDS])


# --- q1: precision and recall by hand ----------------------------------------------------


@cache
def _q1_facts() -> dict[str, float]:
    _, _, _, y_test = _data()
    decisions = (_test_scores() >= cost_optimal_threshold()).astype(int)
    tn, fp, fn, tp = confusion_matrix(y_test, decisions, labels=[0, 1]).ravel()
    total = tn + fp + fn + tp
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return {
        "precision": precision,
        "recall": recall,
        "accuracy": (tp + tn) / total,
        "f1": 2 * precision * recall / (precision + recall),
        "reject_column": tn / (tn + fn),  # negative predictive value
        "reject_row": tn / (tn + fp),  # specificity
        "share_of_all": tp / total,
    }


def _check_precision_recall(precision, recall) -> str:
    p = as_number(precision, "Your precision")
    r = as_number(recall, "Your recall")
    f = _q1_facts()
    right_p, right_r, tol = f["precision"], f["recall"], Q1_TOLERANCE

    if p > 1 or r > 1:
        if abs(p / 100 - right_p) <= tol and abs(r / 100 - right_r) <= tol:
            raise Incorrect(
                f"Those are percentages ({p:g} and {r:g}). Give fractions between 0 and 1, "
                f"e.g. {p / 100:.3f}: the course's metrics (and scikit-learn's) are fractions."
            )
        raise Incorrect(
            "Precision and recall are shares, so each lies between 0 and 1. Divide a count by "
            "a total that includes it."
        )
    if abs(p - right_r) <= tol and abs(r - right_p) <= tol and abs(right_p - right_r) > tol:
        raise Incorrect(
            "You swapped them: your precision is the recall and your recall the precision. Rows "
            "are the label (what the historical decision was), columns the model's decision: "
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
                "You used the 'reject' row: that is the share of the label's rejections "
                "the model also rejects. Precision reads down the 'approve' column.",
            ),
            (
                1 - right_p,
                "That is the share of the model's approvals that are wrong approvals, "
                "i.e. 1 − precision. Count the right approvals instead.",
            ),
            whole_table,
            f1,
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
            (right_p, "That is the precision. Recall divides by the label's approvals."),
            accuracy,
            (
                f["reject_row"],
                "You used the 'reject' row: that is the share of the label's rejections "
                "the model also rejects. Recall is about the label's approvals.",
            ),
            (
                f["reject_column"],
                "You used the 'reject' column: that is how often the model's rejections "
                "are right. Recall reads along the 'approve' row.",
            ),
            (
                1 - right_r,
                "That is the share of the label's approvals the model wrongly rejects, "
                "i.e. 1 − recall. Count the right approvals instead.",
            ),
            whole_table,
            f1,
        ],
        otherwise="Recall = right approvals ÷ everyone the label approves (the 'approve' row).",
    )
    return (
        f"Precision {right_p:.3f}: of the applicants this policy approves, {right_p:.0%} are "
        f"approvals in the label. Recall {right_r:.3f}: it approves only {right_r:.0%} of those "
        f"the label approves. (Checked to ±{Q1_TOLERANCE}, so two decimals are enough.)"
    )


# --- q2: the cost-minimising threshold on validation predictions ------------------------


@cache
def _q2_facts() -> dict[str, float]:
    _, _, y_train, y_test = _data()
    validation = _validation_scores()
    costs = _costs(y_train, validation)
    accuracies = [accuracy_score(y_train, (validation >= t).astype(int)) for t in THRESHOLDS]
    return {
        "threshold": float(THRESHOLDS[np.argmin(costs)]),
        "lowest_cost": float(costs.min()),
        "most_expensive": float(THRESHOLDS[np.argmax(costs)]),
        "accuracy_threshold": float(THRESHOLDS[np.argmax(accuracies)]),
        "test_threshold": float(THRESHOLDS[np.argmin(_costs(y_test, _test_scores()))]),
    }


def _check_threshold(best_threshold) -> str:
    f = _q2_facts()
    value = as_number(best_threshold, "Your threshold")
    right = f["threshold"]
    if not 0 <= value <= 1:
        if value.is_integer() and 0 <= value < len(THRESHOLDS):
            raise Incorrect(
                f"{value:g} looks like a position in the grid, not a threshold: use "
                "thresholds[position] to turn it into a probability."
            )
        raise Incorrect(f"{value:g} is not a threshold: a threshold is a score between 0 and 1.")
    mistakes = [
        (
            0.5,
            "That is the default of predict(). It is right only when both errors cost the same; "
            "here a wrong approval costs three times a wrong rejection.",
        ),
        (
            f["accuracy_threshold"],
            "That threshold maximises accuracy on the validation predictions, which counts a "
            "wrong approval the same as a wrong rejection. Minimise expected_cost instead.",
        ),
        (
            f["test_threshold"],
            "That threshold minimises the cost on the test set. Choose on the validation "
            "predictions; the test set only reports how the chosen threshold does.",
        ),
        (
            cost_optimal_threshold(),
            "That is the theoretical threshold, cost_optimal_threshold(), which assumes "
            "perfectly calibrated scores. Search the grid on the validation predictions, then "
            "compare the two.",
        ),
        (
            f["most_expensive"],
            "That threshold gives the highest cost on the grid: take np.argmin of the costs, "
            "not np.argmax.",
        ),
        (
            f["lowest_cost"],
            "That is the lowest expected cost, not the threshold where it occurs: use "
            "thresholds[np.argmin(costs)].",
        ),
    ]
    check_number(
        value,
        right,
        tolerance=Q2_TOLERANCE,
        what="Your threshold",
        mistakes=mistakes,
        otherwise=(
            "For every threshold in thresholds, turn validation_scores into 0/1 decisions and "
            "compute expected_cost(y_train, decisions); the answer is the cheapest threshold."
        ),
    )
    return (
        f"The validation predictions cost least at {right:.2f} ({f['lowest_cost']:.3f} units per "
        f"application); checked to ±{GRID_STEP}, one step of the grid, so a finer grid "
        "is fine too."
    )


q1 = Exercise(
    answers=("precision", "recall"),
    combined=unpack(("precision", "recall"), "number"),
    title="precision and recall by hand",
    checker=_check_precision_recall,
    hint_text=(
        "Both share the same numerator: the applicants the model approves *and* the label "
        "approves. Precision divides it by the total of the model's 'approve' column; recall by "
        "the total of the label's 'approve' row."
    ),
    how_to_start=(
        "Set precision and recall to fractions of the counts in the table, e.g. "
        "precision = a / (a + b), then run the cell."
    ),
)
q2 = Exercise(
    answers=("best_threshold",),
    title="the cost-minimising threshold",
    checker=_check_threshold,
    hint_text=(
        "costs = [expected_cost(y_train, (validation_scores >= t).astype(int)) for t in "
        "thresholds]; which position of costs holds the smallest value, and which threshold "
        "sits at that position?"
    ),
    how_to_start=(
        "Compute the expected cost of every threshold in thresholds on the validation "
        "predictions, and set best_threshold to the cheapest one."
    ),
)

bind_exercises(globals(), NOTEBOOK)
