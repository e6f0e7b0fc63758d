"""Right and wrong answers for the exercises of notebook 05 (see tests/test_exercises.py).

Every check takes two answers, so every factory returns a pair. The notebook's arrays are
rebuilt here independently of the checkers (a right answer computed by other code must pass).
"""

from functools import cache

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame, false_negative_rate, false_positive_rate
from fairlearn.postprocessing import ThresholdOptimizer

from coursekit import load_loans
from coursekit.bootstrap import Interval, bootstrap_ci
from coursekit.business import CHOSEN_THRESHOLD
from coursekit.features import RANDOM_STATE, split_loans
from coursekit.modeling import CHOSEN_MODEL, candidate_models

THRESHOLD = CHOSEN_THRESHOLD  # notebook 04's threshold, as in the notebook


@cache
def _split():
    return split_loans(load_loans())


@cache
def _model():
    X_train, _, y_train, _ = _split()
    return candidate_models()[CHOSEN_MODEL].fit(X_train, y_train)


@cache
def _audit() -> pd.DataFrame:
    _, X_test, _, y_test = _split()
    return pd.DataFrame(
        {
            "group": X_test["group"].to_numpy(),
            "repaid": X_test["repaid"].to_numpy(),
            "approved": y_test.to_numpy(),
            "approve": (_model().predict_proba(X_test)[:, 1] >= THRESHOLD).astype(int),
        }
    )


def _by_group(metric, truth="repaid"):
    audit = _audit()
    frame = MetricFrame(
        metrics=metric,
        y_true=audit[truth],
        y_pred=audit["approve"],
        sensitive_features=audit["group"],
    )
    return frame.by_group


def _fnr(truth="repaid"):
    rates = _by_group(false_negative_rate, truth)
    return rates["A"], rates["B"]


def _precision_gap(repaid, decisions, groups):
    def precision(name):
        return repaid[(groups == name) & (decisions == 1)].mean()

    return precision("B") - precision("A")


def _interval(metric=_precision_gap, truth="repaid", **options):
    audit = _audit()
    return bootstrap_ci(
        metric,
        audit[truth].to_numpy(),
        audit["approve"].to_numpy(),
        audit["group"].to_numpy(),
        show_progress=False,
        **options,
    )


def _shifted(interval: Interval, by: float) -> Interval:
    return Interval(interval.estimate, interval.low + by, interval.high + by, 0.95, 1000)


@cache
def _fair_rates():
    X_train, X_test, y_train, _ = _split()
    weights = np.where(y_train == 0, 3, 1)
    rows = np.repeat(np.arange(len(y_train)), weights)
    postprocessor = ThresholdOptimizer(
        estimator=_model(),
        constraints="demographic_parity",
        prefit=True,
        predict_method="predict_proba",
    ).fit(X_train.iloc[rows], y_train.iloc[rows], sensitive_features=X_train["group"].iloc[rows])
    fair = postprocessor.predict(
        X_test, sensitive_features=X_test["group"], random_state=RANDOM_STATE
    )
    return pd.Series(fair).groupby(X_test["group"].to_numpy()).mean()


def _fair_ratio():
    rates = _fair_rates()
    return rates.min() / rates.max()


def _original_ratio():
    rates = _audit().groupby("group")["approve"].mean()
    return rates.min() / rates.max()


CASES = {
    "ex05.q1": (
        lambda: tuple(round(v, 2) for v in _fnr()),
        [
            (lambda: _fnr()[::-1], "swapped the groups"),
            (lambda: tuple(100 * v for v in _fnr()), "percentages"),
            (
                lambda: tuple(_by_group(false_positive_rate)[g] for g in "AB"),
                "false-positive rate",
            ),
            (lambda: tuple(1 - v for v in _fnr()), "1 − FNR"),
            (
                lambda: tuple(
                    ((_audit()["approve"] == 0) & (_audit()["repaid"] == 1))[
                        _audit()["group"] == g
                    ].mean()
                    for g in "AB"
                ),
                "every applicant in the group",
            ),
            (lambda: _fnr(truth="approved"), "against the label `approved`"),
            (lambda: (_fnr()[0], 0.5), "too low"),
            (lambda: (_fnr()[0],), "ex05.q1.check(fnr_a, fnr_b)"),
            (lambda: (pd.Series({"a": 0.6, "b": 0.8}),), "index it by 'A' and 'B'"),
        ],
    ),
    "ex05.q2": (
        lambda: (_interval(), False),
        [
            (lambda: (_interval(), True), "includes 0"),
            (lambda: (_interval(lambda r, d, g: -_precision_gap(r, d, g)), False), "A's"),
            (lambda: (_interval(truth="approved"), False), "against the label"),
            (
                lambda: (
                    _interval(lambda r, d, g: d[g == "B"].mean() - d[g == "A"].mean()),
                    True,
                ),
                "selection rates",
            ),
            (lambda: (_shifted(_interval(), 0.05), False), "low end"),
            (lambda: (_interval(), "no"), "True or False"),
            (lambda: ((-0.06, 0.06), False), "what bootstrap_ci returns"),
            (lambda: (_interval(),), "ex05.q2.check(interval, gap_is_real)"),
        ],
    ),
    "ex05.q3": (
        lambda: (round(_fair_ratio(), 3), True),
        [
            (lambda: (_fair_ratio(), False), "passes should be True"),
            (lambda: (1 / _fair_ratio(), True), "smallest by the largest"),
            (lambda: (_fair_rates().max() - _fair_rates().min(), True), "difference"),
            (lambda: (_original_ratio(), False), "before post-processing"),
            (lambda: (_fair_ratio(), "yes"), "True or False"),
            (lambda: (0.5, False), "too low"),
        ],
    ),
}
