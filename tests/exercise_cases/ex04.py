"""Right and wrong answers for the exercises of notebook 04 (see tests/test_exercises.py).

q1 is called as ``ex04.q1.check(precision, recall)``: its factories return the pair, which the
harness passes as two answers; ``((p, r),)`` passes it as one, which the checker also accepts.
q2 is called as ``ex04.q2.check(best_threshold, costs)``.
"""

from functools import cache

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from coursekit.business import cost_optimal_threshold, expected_cost
from coursekit.exercises import reference
from coursekit.features import RANDOM_STATE
from coursekit.modeling import CHOSEN_MODEL, candidate_models

THRESHOLDS = np.round(np.arange(0.01, 1.0, 0.01), 2)
DEFAULT = 0.5  # the policy of q1's table: predict()'s default
STRICT = cost_optimal_threshold()  # the stricter policy the notebook prints, 0.75


_split = reference.split  # the split and models the checkers use, computed once


_model = reference.chosen_model


@cache
def _counts(threshold=DEFAULT, against="repaid"):
    """tn, fp, fn, tp of the chosen model on the test set (by default at 0.5),
    against the outcome repaid (or, for a mistake, against the label approved)."""
    _, X_test, _, y_test = _split()
    truth = X_test["repaid"] if against == "repaid" else y_test
    decisions = (_model().predict_proba(X_test)[:, 1] >= threshold).astype(int)
    return tuple(int(v) for v in confusion_matrix(truth, decisions, labels=[0, 1]).ravel())


def _precision_recall(threshold=DEFAULT, against="repaid"):
    _, fp, fn, tp = _counts(threshold, against)
    return tp / (tp + fp), tp / (tp + fn)


def _two_decimals():
    precision, recall = _precision_recall()
    return round(precision, 2), round(recall, 2)


def _pair(**changes):
    """(precision, recall) with one of them replaced."""
    precision, recall = _precision_recall()
    return changes.get("precision", precision), changes.get("recall", recall)


@cache
def _validation():
    """(repaid_train, validation_scores): the model learns approved, the costs are on repaid."""
    X_train, _, y_train, _ = _split()
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=RANDOM_STATE)
    scores = cross_val_predict(
        candidate_models()[CHOSEN_MODEL], X_train, y_train, cv=folds, method="predict_proba"
    )[:, 1]
    return X_train["repaid"], scores


def _curve(labels, scores, grid=THRESHOLDS, compare=np.greater_equal):
    return [expected_cost(labels, compare(scores, t).astype(int)) for t in grid]


@cache
def _validation_costs():
    return tuple(_curve(*_validation()))


def _costs():
    return list(_validation_costs())


def _best():
    """The notebook's answer: the threshold at the position of the smallest validation cost."""
    return THRESHOLDS[int(np.argmin(_costs()))], _costs()


def _with_costs(costs):
    """A wrong curve, with the threshold its own argmin gives."""
    return THRESHOLDS[int(np.argmin(costs))], list(costs)


def _on_grid(grid):
    """The costs and cheapest threshold of another grid than the notebook's."""
    costs = _curve(*_validation(), grid=grid)
    return grid[int(np.argmin(costs))], costs


def _decision_arrays():
    _, scores = _validation()
    return [(scores >= t).astype(int) for t in THRESHOLDS]


def _with_threshold(threshold):
    return threshold, _costs()


def _test_curve(against="repaid"):
    _, X_test, _, y_test = _split()
    truth = X_test["repaid"] if against == "repaid" else y_test
    return _curve(truth, _model().predict_proba(X_test)[:, 1])


def _in_sample_curve():
    X_train, _, _, _ = _split()
    return _curve(X_train["repaid"], _model().predict_proba(X_train)[:, 1])


def _against_approved_curve():
    """The validation curve priced against the officers' decisions instead of the outcome."""
    _, scores = _validation()
    return _curve(_split()[2], scores)


def _accuracy_threshold():
    labels, scores = _validation()
    return THRESHOLDS[int(np.argmax([np.mean((scores >= t) == labels) for t in THRESHOLDS]))]


def _position_of_best():
    return int(np.argmin(_costs()))


@cache
def _test_scores():
    _, X_test, _, _ = _split()
    return _model().predict_proba(X_test)[:, 1]


def _cheapest_at(ratio, labels=None, scores=None, **price):
    """The cheapest threshold of the grid when a wrong approval costs ``ratio``."""
    labels, scores = _validation() if labels is None else (labels, scores)
    price = price or {"cost_of_wrong_approval": ratio}
    costs = [expected_cost(labels, (scores >= t).astype(int), **price) for t in THRESHOLDS]
    return float(THRESHOLDS[int(np.argmin(costs))])


def _five(threshold=None, share_of=None):
    """(threshold_at_5, share_approved_at_5), the notebook's answer unless told otherwise."""
    threshold = _cheapest_at(5) if threshold is None else threshold
    scores = _test_scores() if share_of is None else share_of
    return threshold, float(np.mean(scores >= threshold))


CASES = {
    "ex04.q1": (
        [
            _two_decimals,
            _precision_recall,  # unrounded
            lambda: tuple(round(v, 3) for v in _precision_recall()),
            lambda: tuple(np.float64(v) for v in _precision_recall()),
            lambda: (_precision_recall(),),  # one pair
            lambda: (list(_precision_recall()),),
            lambda: (np.array(_precision_recall()),),
            lambda: (dict(zip(("recall", "precision"), _precision_recall()[::-1], strict=True)),),
            lambda: (
                pd.Series(dict(zip(("precision", "recall"), _precision_recall(), strict=True))),
            ),
        ],
        [
            (lambda: _pair(recall=_counts()[2] / (_counts()[2] + _counts()[0])), "fn / (fn + tn)"),
            (lambda: _precision_recall()[::-1], "swapped"),
            (lambda: tuple(100 * v for v in _precision_recall()), "percentage"),
            (lambda: _pair(precision=100 * _precision_recall()[0]), "percentage"),
            (lambda: _pair(precision=_counts()[3]), "a count"),
            (lambda: _pair(precision=(_counts()[0] + _counts()[3]) / 1000), "accuracy"),
            (lambda: _pair(recall=(_counts()[0] + _counts()[3]) / 1000), "accuracy"),
            (
                lambda: _pair(precision=_counts()[0] / (_counts()[0] + _counts()[2])),
                "'reject' column",
            ),
            (
                lambda: _pair(recall=_counts()[0] / (_counts()[0] + _counts()[1])),
                "'would not repay' row",
            ),
            (lambda: _pair(precision=1 - _precision_recall()[0]), "1 − precision"),
            (lambda: _pair(recall=1 - _precision_recall()[1]), "1 − recall"),
            (lambda: _pair(precision=_precision_recall()[1]), "That is the recall"),
            (lambda: _pair(recall=_precision_recall()[0]), "That is the precision"),
            (
                lambda: _pair(precision=2 * np.prod(_pair()) / sum(_pair())),
                "F1",
            ),
            (lambda: _pair(recall=2 * np.prod(_pair()) / sum(_pair())), "F1"),
            (lambda: _pair(recall=_counts()[3] / 1000), "every application"),
            (lambda: _precision_recall(STRICT), "stricter threshold 0.75"),
            (lambda: _pair(recall=_precision_recall(STRICT)[1]), "stricter threshold 0.75"),
            (lambda: _precision_recall(against="approved"), "against approved"),
            (lambda: _pair(recall=_precision_recall(against="approved")[1]), "against approved"),
            (lambda: tuple(round(v, 1) for v in _precision_recall()), "rounded to 1 decimal"),
            (lambda: ("0.88", "0.65"), "without quotes"),
            (lambda: (0.3, 0.3), "too low"),  # (0.5, 0.5) is 495 of 1,000: "every application"
            (lambda: _precision_recall()[0], "ex04.q1.check(precision, recall)"),
        ],
    ),
    "ex04.q2": (
        [
            _best,
            lambda: (np.float32(_best()[0]), _costs()),  # a float32 threshold (was refused)
            lambda: (_best()[0], np.array(_costs()).reshape(-1, 1)),  # one column (was refused)
            lambda: (float(_best()[0]), np.array(_costs())),
            lambda: (_best()[0], tuple(_costs())),
            lambda: (_best()[0], pd.Series(_costs())),
            lambda: (_best()[0], pd.Series(_costs(), index=THRESHOLDS)),
            # a Series by threshold, sorted by cost: its idxmin is the answer
            lambda: (
                pd.Series(_costs(), index=THRESHOLDS).idxmin(),
                pd.Series(_costs(), index=THRESHOLDS).sort_values(),
            ),
            lambda: (_best()[0], dict(zip(THRESHOLDS, _costs(), strict=True))),
            lambda: (_best()[0], list(np.round(_costs(), 4))),  # four decimals are allowed
            # `>` for `>=`: no validation score equals a threshold, so the curve is the same
            lambda: _with_costs(_curve(*_validation(), compare=np.greater)),
        ],
        [
            (lambda: _with_threshold(100 * _best()[0]), "looks like a percentage"),
            (lambda: (_best()[0], _decision_arrays()), "holds arrays"),
            # the wrong curve (each with the threshold that curve gives)
            (lambda: _with_costs(_test_curve()), "test set"),
            (lambda: _with_costs(_test_curve(against="approved")), "officers' decisions"),
            (lambda: _with_costs(_against_approved_curve()), "disagreement with the officers"),
            (lambda: _with_costs(_in_sample_curve()), "fitted on the whole training split"),
            (lambda: _with_costs(_costs()[1:] + _costs()[-1:]), "shifted by one"),
            (lambda: _with_costs(_costs()[:1] + _costs()[:-1]), "shifted by one"),
            (
                lambda: _on_grid(np.round(np.arange(0.02, 1.01, 0.01), 2)),
                "shifted by one",
            ),
            (
                lambda: _with_costs(
                    [
                        expected_cost((_validation()[1] >= t).astype(int), _validation()[0])
                        for t in THRESHOLDS
                    ]
                ),
                "swapped the arguments",
            ),
            (lambda: _with_costs(_curve(*_validation(), compare=np.less)), "inverted"),
            (lambda: _with_costs(_curve(_validation()[0], 1 - _validation()[1])), "column 0"),
            (
                lambda: _with_costs(
                    [np.mean((_validation()[1] >= t) != _validation()[0]) for t in THRESHOLDS]
                ),
                "1 − accuracy",
            ),
            (lambda: _with_costs(4000 * np.array(_costs())), "total costs"),
            (lambda: _with_costs(sorted(_costs())), "another order"),
            (lambda: _with_costs(_costs()[::-1]), "reverse order"),
            (lambda: _with_costs(np.round(_costs(), 3)), "rounded to 3 decimals"),
            (
                lambda: _on_grid(np.round(np.arange(0.0, 1.0, 0.01), 2)),
                "thresholds has 99",
            ),
            (
                lambda: _on_grid(np.round(np.arange(0.001, 1.0, 0.001), 3)),
                "finer grid",
            ),
            (lambda: (_best()[0], min(_costs())), "one number"),
            (lambda: (_best()[0], pd.DataFrame({"t": THRESHOLDS, "cost": _costs()})), "one column"),
            (lambda: (_costs(), _best()[0]), "swapped the two answers"),
            # the right curve, the wrong threshold
            (lambda: _with_threshold(THRESHOLDS[_position_of_best() - 1]), "off by one"),
            (lambda: _with_threshold(THRESHOLDS[_position_of_best() + 1]), "off by one"),
            (lambda: _with_threshold(_position_of_best()), "position in the grid"),
            (lambda: _with_threshold(THRESHOLDS[int(np.argmax(_costs()))]), "highest cost"),
            (lambda: _with_threshold(min(_costs())), "lowest expected cost"),
            (lambda: _with_threshold(0.5), "default of predict()"),
            (lambda: _with_threshold(_accuracy_threshold()), "maximises accuracy"),
            (lambda: _with_threshold(cost_optimal_threshold()), "theoretical"),
            (lambda: _with_threshold(0.437), "finer grid"),
            (lambda: _with_threshold(0.6), "not lowest there"),
            (lambda: _with_threshold(1.5), "between 0 and 1"),
            (lambda: _with_threshold("0.44"), "without quotes"),
            (lambda: _with_threshold([_best()[0]]), "Take the number out of it"),
        ],
    ),
    "ex04.q3": (
        [
            _five,
            lambda: (np.float64(_five()[0]), np.float64(_five()[1])),
            lambda: (_five()[0], round(_five()[1], 3)),
            lambda: (np.float32(_five()[0]), _five()[1]),
            lambda: (_five()[0], np.mean(pd.Series(_test_scores()) >= _five()[0])),
        ],
        [
            (lambda: _five(threshold=_cheapest_at(3)), "3 : 1 cost matrix"),
            (
                lambda: _five(
                    threshold=_cheapest_at(
                        5, _split()[1]["repaid"], _test_scores(), cost_of_wrong_approval=5
                    )
                ),
                "test set's curve",
            ),
            (
                lambda: _five(threshold=_cheapest_at(5, cost_of_wrong_rejection=5)),
                "wrong *rejection*",
            ),
            (
                lambda: _five(
                    threshold=_cheapest_at(
                        5, _split()[2], _validation()[1], cost_of_wrong_approval=5
                    )
                ),
                "priced against y_train",
            ),
            (lambda: _five(threshold=5 / 6), "5 / (5 + 1)"),
            (lambda: _five(threshold=0.83), "5 / (5 + 1)"),
            (lambda: (100 * _five()[0], _five()[1]), "a percentage"),
            (lambda: _five(share_of=_validation()[1]), "validation predictions"),
            (lambda: (_five()[0], 1 - _five()[1]), "rejects"),
            (lambda: (_five()[0], 100 * _five()[1]), "a percentage"),
            (lambda: (_five()[0], round(_five()[1], 2)), "rounded to"),
            (lambda: (_five()[0], "0.401"), "without quotes"),
            (lambda: (_five()[0] + 0.01, _five()[1]), "lowest"),
        ],
    ),
}
