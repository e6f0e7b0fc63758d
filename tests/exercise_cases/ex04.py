"""Right and wrong answers for the exercises of notebook 04 (see tests/test_exercises.py).

q1's checker is called as ``ex04.q1.check(precision, recall)`` in the notebook; the harness
passes one answer, so its factories return the pair ``(precision, recall)``, which the checker
also accepts.
"""

from functools import cache

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from coursekit import load_loans
from coursekit.business import cost_optimal_threshold, expected_cost
from coursekit.features import RANDOM_STATE, split_loans
from coursekit.modeling import CHOSEN_MODEL, candidate_models

THRESHOLDS = np.round(np.arange(0.01, 1.0, 0.01), 2)


@cache
def _split():
    return split_loans(load_loans())


@cache
def _counts():
    """tn, fp, fn, tp of the chosen model at the cost-optimal threshold on the test set."""
    X_train, X_test, y_train, y_test = _split()
    model = candidate_models()[CHOSEN_MODEL].fit(X_train, y_train)
    decisions = (model.predict_proba(X_test)[:, 1] >= cost_optimal_threshold()).astype(int)
    return confusion_matrix(y_test, decisions).ravel()


def _precision_recall():
    _, fp, fn, tp = _counts()
    return tp / (tp + fp), tp / (tp + fn)


@cache
def _validation():
    X_train, _, y_train, _ = _split()
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=RANDOM_STATE)
    scores = cross_val_predict(
        candidate_models()[CHOSEN_MODEL], X_train, y_train, cv=folds, method="predict_proba"
    )[:, 1]
    return y_train, scores


def _validation_costs():
    labels, scores = _validation()
    return np.array([expected_cost(labels, (scores >= t).astype(int)) for t in THRESHOLDS])


def _accuracy_threshold():
    labels, scores = _validation()
    accuracies = [accuracy_score(labels, (scores >= t).astype(int)) for t in THRESHOLDS]
    return THRESHOLDS[np.argmax(accuracies)]


def _two_decimals():
    precision, recall = _precision_recall()
    return round(precision, 2), round(recall, 2)


CASES = {
    "ex04.q1": (
        _two_decimals,
        [
            (lambda: _precision_recall()[::-1], "swapped"),
            (lambda: tuple(100 * v for v in _precision_recall()), "percentages"),
            (
                lambda: ((_counts()[0] + _counts()[3]) / _counts().sum(), _precision_recall()[1]),
                "accuracy",
            ),
            (lambda: (_counts()[0] / (_counts()[0] + _counts()[2]), 0.5), "'reject' column"),
            (lambda: (_precision_recall()[0], 1 - _precision_recall()[1]), "1 − recall"),
            (lambda: (0.5, 0.5), "too low"),
            (lambda: _precision_recall()[0], "ex04.q1.check(precision, recall)"),
        ],
    ),
    "ex04.q2": (
        lambda: THRESHOLDS[np.argmin(_validation_costs())],
        [
            (lambda: 0.5, "default of predict()"),
            (_accuracy_threshold, "maximises accuracy"),
            (cost_optimal_threshold, "theoretical"),
            (lambda: THRESHOLDS[np.argmax(_validation_costs())], "highest cost"),
            (lambda: _validation_costs().min(), "lowest expected cost"),
            (lambda: int(np.argmin(_validation_costs())), "position in the grid"),
            (lambda: 1.5, "between 0 and 1"),
        ],
    ),
}
