"""Right and wrong answers for the exercises of notebook 05 (see tests/test_exercises.py).

Every check takes two answers, so every factory returns a pair (or one answer that holds both).
The notebook's arrays are rebuilt here independently of the checkers (a right answer computed by
other code must pass).
"""

import dataclasses
import decimal
from collections import namedtuple
from functools import cache

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame, false_negative_rate, false_positive_rate
from fairlearn.postprocessing import ThresholdOptimizer
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline

from coursekit.audit import estimate_label_bias
from coursekit.bootstrap import Interval, bootstrap_ci
from coursekit.business import CHOSEN_THRESHOLD
from coursekit.exercises import reference
from coursekit.features import NUMERIC_FEATURES, RANDOM_STATE, make_preprocessor
from coursekit.modeling import CHOSEN_MODEL, candidate_models
from coursekit.synth import generate_loans

THRESHOLD = CHOSEN_THRESHOLD  # notebook 04's threshold, as in the notebook


_split = reference.split  # the split and models the checkers use, computed once


_model = reference.chosen_model


@cache
def _audit() -> pd.DataFrame:
    _, X_test, _, y_test = _split()
    return pd.DataFrame(
        {
            "group": X_test["group"].to_numpy(),
            "repaid": X_test["repaid"].to_numpy(),
            "approved": y_test.to_numpy(),
            "approve": (_model().predict_proba(X_test)[:, 1] >= THRESHOLD).astype(int),
            "approve_at_half": _model().predict(X_test),
        }
    )


def _by_group(metric, truth="repaid", decision="approve"):
    audit = _audit()
    frame = MetricFrame(
        metrics=metric,
        y_true=audit[truth],
        y_pred=audit[decision],
        sensitive_features=audit["group"],
    )
    return frame.by_group


def _fnr(truth="repaid", decision="approve"):
    rates = _by_group(false_negative_rate, truth, decision)
    return rates["A"], rates["B"]


def _fnr_by_groupby() -> pd.Series:
    would_repay = _audit()[_audit()["repaid"] == 1]
    return (would_repay["approve"] == 0).groupby(would_repay["group"]).mean()


def _per_group(share) -> tuple:
    audit = _audit()
    return tuple(share(audit[audit["group"] == g]) for g in "AB")


def _precision_gap(repaid, decisions, groups):
    def precision(name):
        return repaid[(groups == name) & (decisions == 1)].mean()

    return precision("B") - precision("A")


def _precision_gap_sklearn(repaid, decisions, groups):
    def precision(name):
        mine = groups == name
        return precision_score(repaid[mine], decisions[mine])

    return precision("B") - precision("A")


def _precision_ratio(repaid, decisions, groups):
    def precision(name):
        return repaid[(groups == name) & (decisions == 1)].mean()

    return precision("B") / precision("A")


def _arrays(truth="repaid"):
    audit = _audit()
    return audit[truth].to_numpy(), audit["approve"].to_numpy(), audit["group"].to_numpy()


def _interval(metric=_precision_gap, truth="repaid", **options):
    return bootstrap_ci(metric, *_arrays(truth), show_progress=False, **options)


def _shifted(interval: Interval, by: float) -> Interval:
    """bootstrap_ci's own object with both ends moved (it keeps its record of the resamples)."""
    return dataclasses.replace(interval, low=interval.low + by, high=interval.high + by)


def _closure_interval(kept_fixed: str, seed=RANDOM_STATE) -> Interval:
    """A bootstrap of a function that reads some arrays from outside: only some resampled."""
    repaid, decisions, groups = _arrays()
    options = {"seed": seed, "show_progress": False}
    if kept_fixed == "decisions and groups":
        return bootstrap_ci(lambda r: _precision_gap(r, decisions, groups), repaid, **options)
    if kept_fixed == "groups":
        return bootstrap_ci(lambda r, d: _precision_gap(r, d, groups), repaid, decisions, **options)
    return bootstrap_ci(lambda g: _precision_gap(repaid, decisions, g), groups, **options)


def _gap_to_pooled(repaid, decisions, groups):
    """B's precision minus the precision of everyone approved: not the gap between the groups."""
    b = (groups == "B") & (decisions == 1)
    return repaid[b].mean() - repaid[decisions == 1].mean()


def _each_resampled_on_its_own() -> Interval:
    repaid, decisions, groups = _arrays()
    rng, n = np.random.default_rng(RANDOM_STATE), len(groups)
    values = np.array(
        [
            _precision_gap(
                repaid[rng.integers(0, n, n)],
                decisions[rng.integers(0, n, n)],
                groups[rng.integers(0, n, n)],
            )
            for _ in range(1000)
        ]
    )
    low, high = np.nanquantile(values, [0.025, 0.975])
    return Interval(_precision_gap(repaid, decisions, groups), low, high, 0.95, 1000)


def _gap_of(rate):
    def gap(truth, decisions, groups):
        b, a = groups == "B", groups == "A"
        return rate(truth[b], decisions[b]) - rate(truth[a], decisions[a])

    return gap


class _ScoreColumn(ClassifierMixin, BaseEstimator):
    """A prefit stand-in model written here, not coursekit's: its score is the 'score' column."""

    def fit(self, X=None, y=None):
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, X):
        score = X["score"].to_numpy()
        return np.column_stack([1 - score, score])

    def predict(self, X):
        return (X["score"].to_numpy() >= 0.5).astype(int)


@cache
def _fair_rates():
    """Section 7's post-processor: fitted on validation scores against repaid, weighted 3 : 1."""
    X_train, X_test, _, _ = _split()
    repaid_train = X_train["repaid"].to_numpy()
    validation = cross_val_predict(
        candidate_models()[CHOSEN_MODEL],
        X_train,
        _split()[2],
        cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=RANDOM_STATE),
        method="predict_proba",
    )[:, 1]
    rows = np.repeat(np.arange(len(repaid_train)), np.where(repaid_train == 0, 3, 1))
    postprocessor = ThresholdOptimizer(
        estimator=_ScoreColumn().fit(),
        constraints="demographic_parity",
        prefit=True,
        predict_method="predict_proba",
    ).fit(
        pd.DataFrame({"score": validation[rows]}),
        repaid_train[rows],
        sensitive_features=X_train["group"].to_numpy()[rows],
    )
    fair = postprocessor.predict(
        pd.DataFrame({"score": _model().predict_proba(X_test)[:, 1]}),
        sensitive_features=X_test["group"].to_numpy(),
        random_state=RANDOM_STATE,
    )
    return pd.DataFrame({"fair": fair, "group": X_test["group"].to_numpy()})


def _ratio(rates: pd.Series) -> float:
    return rates.min() / rates.max()


def _fair_ratio():
    return _ratio(_fair_rates().groupby("group")["fair"].mean())


def _original_ratio():
    return _ratio(_audit().groupby("group")["approve"].mean())


def _label_ratio():
    return _ratio(_audit().groupby("group")["approved"].mean())


def _without_district_ratio():
    X_train, X_test, y_train, _ = _split()
    model = Pipeline(
        [
            ("preprocess", make_preprocessor(NUMERIC_FEATURES, ["purpose", "home_ownership"])),
            ("classify", LogisticRegression(max_iter=1000)),
        ]
    ).fit(X_train, y_train)
    decisions = pd.Series((model.predict_proba(X_test)[:, 1] >= THRESHOLD).astype(int))
    return _ratio(decisions.groupby(X_test["group"].to_numpy()).mean())


def _tpr_ratio():
    frame = _fair_rates().assign(repaid=_audit()["repaid"].to_numpy())
    return _ratio(frame[frame["repaid"] == 1].groupby("group")["fair"].mean())


ScipyInterval = namedtuple("ConfidenceInterval", ["low", "high"])


CASES = {
    "ex05.q1": (
        [
            lambda: tuple(round(v, 2) for v in _fnr()),  # two decimals, as the prompt allows
            lambda: tuple(round(v, 3) for v in _fnr()),
            lambda: _fnr(),  # fairlearn's rates, unrounded
            lambda: tuple(decimal.Decimal(str(round(v, 3))) for v in _fnr()),
            lambda: (_fnr_by_groupby(),),  # one Series from groupby, indexed by group
            lambda: (_by_group(false_negative_rate),),  # MetricFrame.by_group
            lambda: (list(_fnr()),),  # one list of the two rates
            lambda: ({"B": _fnr()[1], "A": _fnr()[0]},),  # a dict by group
            lambda: tuple(np.float64(v) for v in _fnr_by_groupby()),
        ],
        [
            (lambda: (_fnr()[0], _fnr()[0]), "the same rate"),  # was called swapped groups
            (lambda: _fnr()[::-1], "swapped the groups"),
            (lambda: (_fnr_by_groupby()[::-1].to_numpy(),), "swapped the groups"),
            (lambda: tuple(100 * v for v in _fnr()), "percentages"),
            (lambda: (100 * _fnr()[0], _fnr()[1]), "percentage"),
            (
                lambda: tuple(_by_group(false_positive_rate)[g] for g in "AB"),
                "false-positive rate",
            ),
            (lambda: tuple(1 - v for v in _fnr()), "1 − FNR"),
            (
                lambda: _per_group(lambda f: ((f["approve"] == 0) & (f["repaid"] == 1)).mean()),
                "every applicant in the group",
            ),
            (
                lambda: _per_group(lambda f: f.loc[f["approve"] == 0, "repaid"].mean()),
                "divided by the applicants the model rejects",
            ),
            (lambda: _per_group(lambda f: (f["approve"] == 0).mean()), "1 − selection rate"),
            (lambda: _fnr(truth="approved"), "against the label `approved`"),
            (lambda: _fnr(decision="approve_at_half"), "model.predict"),
            (
                lambda: (1 - _audit().loc[_audit()["repaid"] == 1, "approve"].mean(),) * 2,
                "both groups together",
            ),
            (lambda: tuple(round(v, 1) for v in _fnr()), "too coarse"),
            (lambda: (_fnr()[0], 0.3), "too low"),
            (lambda: (str(round(_fnr()[0], 2)), _fnr()[1]), "without quotes"),
            (lambda: (-_fnr()[0], _fnr()[1]), "between 0 and 1"),
            (lambda: (_fnr()[0],), "ex05.q1.check(fnr_a, fnr_b)"),
            (lambda: (pd.Series({"a": 0.6, "b": 0.8}),), "use 'A' and 'B'"),
        ],
    ),
    "ex05.q2": (
        [
            lambda: (_interval(), False),
            lambda: (_interval(), np.array(False)),  # a 0-d array (was refused)
            # the ends move with the seed: any seed is right (checked within their spread)
            lambda: (_interval(seed=0), False),
            lambda: (_interval(seed=1), False),
            lambda: (_interval(seed=7), False),
            lambda: (_interval(seed=123), False),
            lambda: (_interval(seed=2024), False),
            lambda: (_interval(seed=np.random.default_rng(5)), False),
            lambda: (_interval(n_resamples=2000), False),  # more resamples than the default
            lambda: (_interval(_precision_gap_sklearn), False),  # precision from scikit-learn
            lambda: (
                bootstrap_ci(
                    _precision_gap,
                    _audit()["repaid"],
                    _audit()["approve"],
                    _audit()["group"],
                    description="precision gap",
                    show_progress=False,
                ),
                False,
            ),  # the audit's columns as Series
            lambda: (_interval(), np.False_),
            lambda: (_interval(), bool(_interval().low > 0 or _interval().high < 0)),
        ],
        [
            (lambda: (_interval(metric=_precision_ratio), False), "ratio of the two precisions"),
            (lambda: (_interval(), True), "includes 0"),
            (lambda: (_interval(lambda r, d, g: -_precision_gap(r, d, g)), False), "A's"),
            (lambda: (_interval(truth="approved"), False), "against the label"),
            (
                lambda: (_interval(_gap_of(lambda t, d: d.mean())), True),
                "selection rates",
            ),
            (lambda: (_interval(_gap_of(lambda t, d: 1 - d[t == 1].mean())), True), "false-neg"),
            (lambda: (_interval(_gap_of(lambda t, d: d[t == 0].mean())), False), "false-pos"),
            (
                lambda: (
                    bootstrap_ci(
                        _precision_gap, *np.array(_arrays())[[1, 0, 2]], show_progress=False
                    ),
                    False,
                ),
                "decisions before repaid",
            ),
            (
                lambda: (_interval(_gap_of(lambda t, d: ((t == 1) & (d == 1)).mean())), True),
                "every applicant of the group",
            ),
            (
                lambda: (_interval(lambda r, d, g: 100 * _precision_gap(r, d, g)), False),
                "percentage points",
            ),
            (lambda: (_interval(confidence=0.9), False), "90% interval"),
            (lambda: (_interval(n_resamples=500), False), "500 resamples"),
            (lambda: (_each_resampled_on_its_own(), False), "not made by bootstrap_ci"),
            (
                lambda: (_closure_interval("decisions and groups"), False),
                "does not resample whole rows",
            ),
            (lambda: (_closure_interval("groups"), False), "does not resample whole rows"),
            (lambda: (_closure_interval("repaid and decisions"), False), "whole rows"),
            # with other seeds the ends of these lie within the seeds' own spread of the right
            # ones: the check replays the learner's resamples, so the seed does not matter
            (lambda: (_closure_interval("groups", seed=1), False), "whole rows"),
            (lambda: (_closure_interval("repaid and decisions", seed=2), False), "whole rows"),
            (lambda: (_closure_interval("decisions and groups", seed=7), False), "whole rows"),
            (lambda: (_interval(_gap_to_pooled), False), "Precision of a group"),
            (
                lambda: (
                    namedtuple("Result", "estimate low high")(
                        _interval().estimate, _interval().low, _interval().high
                    ),
                    False,
                ),
                "not made by bootstrap_ci",
            ),
            (lambda: (_shifted(_interval(), 0.05), False), "low end"),
            (
                lambda: (dataclasses.replace(_interval(), high=0.05), False),
                "high end",
            ),
            (lambda: (_interval(), "no"), "True or False"),
            (lambda: (_interval(), 0), "True or False"),
            (lambda: ((-0.06, 0.06), False), "(low, high)"),
            (lambda: (np.array([_interval().low, _interval().high]), False), "(low, high)"),
            (
                lambda: ((_interval().estimate, _interval().low, _interval().high), False),
                "(estimate, low, high)",
            ),
            (lambda: (ScipyInterval(_interval().low, _interval().high), False), "no estimate"),
            (lambda: ({"low": -0.06, "high": 0.06}, False), "a dict"),
            (lambda: (_interval(),), "ex05.q2.check(interval, gap_is_real)"),
        ],
    ),
    "ex05.q4": (
        [
            lambda: (round(_fair_ratio(), 3), True),  # three decimals, as the prompt asks
            lambda: (round(_fair_ratio(), 4), True),
            lambda: (_fair_ratio(), _fair_ratio() >= 0.8),  # a NumPy True
            lambda: (np.array(_fair_ratio()), np.array(True)),  # 0-d arrays (were refused)
            lambda: (decimal.Decimal(str(round(_fair_ratio(), 3))), True),
        ],
        [
            # the verdict is refused without being given away
            (lambda: (_fair_ratio(), False), "does not follow"),
            (lambda: (1 / _fair_ratio(), True), "smallest by the largest"),
            (
                lambda: (
                    _fair_rates().groupby("group")["fair"].mean().max()
                    - _fair_rates().groupby("group")["fair"].mean().min(),
                    True,
                ),
                "difference",
            ),
            (lambda: (_original_ratio(), False), "before post-processing"),
            (lambda: (_label_ratio(), False), "label y_test"),
            (lambda: (_without_district_ratio(), True), "without district"),
            (lambda: (_tpr_ratio(), True), "true-positive rates"),
            (lambda: (100 * _fair_ratio(), True), "percentage"),
            (lambda: (round(_fair_ratio(), 2), True), "too coarse"),  # 0.99: 0.0035 away
            (lambda: (round(_fair_ratio(), 1), True), "too coarse"),
            (lambda: (_fair_ratio(), "yes"), "True or False"),
            (lambda: (_fair_ratio(), 1), "True or False"),
            (lambda: (str(round(_fair_ratio(), 3)), True), "without quotes"),
            (lambda: (0.5, False), "too low"),
        ],
    ),
    "ex05.q3": (
        [
            lambda: _phantom(_log_in_place()),
            lambda: _phantom([c for c in NUMERIC_FEATURES if c != "income"] + ["log_income"]),
            lambda: round(_phantom(_log_in_place()), 2),  # two decimals, as the prompt allows
            lambda: np.float64(_phantom(_log_in_place(), log=np.log10)),  # any base: rescaled
            lambda: _phantom(_log_in_place(), log=np.log1p),
        ],
        [
            (lambda: _phantom(list(NUMERIC_FEATURES)), "raw income, as it was"),
            (lambda: _phantom([c for c in NUMERIC_FEATURES if c != "income"]), "without income"),
            (lambda: _phantom([*NUMERIC_FEATURES, "log_income"]), "beside log_income"),
            (lambda: _phantom(_log_in_place()) / 100, "as a fraction"),
            (lambda: -_phantom(_log_in_place()), "wrong sign"),
            (lambda: _phantom(_log_in_place(), course=True), "audits the course's loans"),
            (lambda: _phantom(list(NUMERIC_FEATURES), course=True), "course's loans with raw"),
            (lambda: 0, "not the audit's estimate"),  # "no bias" guessed, not computed
            (lambda: 1.0, "too high"),
            (lambda: "-0.4", "without quotes"),
            (lambda: estimate_label_bias(_lender(), numeric=_log_in_place()), "single number"),
        ],
    ),
}


@cache
def _lender(course=False, log=np.log):
    loans = (
        reference.prepared_loans() if course else generate_loans(bias_strength=0, income_gap=0.4)
    )
    return loans.assign(log_income=log(loans["income"]))


def _log_in_place():
    return ["log_income" if c == "income" else c for c in NUMERIC_FEATURES]


def _phantom(numeric, course=False, log=np.log):
    return 100 * estimate_label_bias(_lender(course, log), numeric=numeric)["points_lost"]
