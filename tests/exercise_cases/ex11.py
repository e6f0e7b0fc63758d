"""Right and wrong answers for the exercises of notebook 11 (see tests/test_exercises.py).

q1's check takes two answers, so its factories return a pair. The notebook's arrays are rebuilt
here with the notebook's defaults; the shared pieces come from the checker module's private
helpers only where rebuilding them would repeat the same pipeline word for word.
"""

from functools import cache

import numpy as np
import pandas as pd

from coursekit.business import expected_cost
from coursekit.exercises import ex11, reference


def _credit():
    return reference.german_credit()


@cache
def _bad_share():
    return float((_credit()["credit_risk"] == "bad").mean())


@cache
def _decisions():
    return (ex11._test_scores() >= ex11._threshold()).astype(int)


def _ages(X=None):
    return (ex11._split()[1] if X is None else X)["age_years"].to_numpy()


def _age_gap(decisions=None, young=lambda a: a <= 25, older=None, ages=None):
    decisions = _decisions() if decisions is None else np.asarray(decisions)
    ages = _ages() if ages is None else ages
    is_young = young(ages)
    is_older = ~is_young if older is None else older(ages)
    return decisions[is_older].mean() - decisions[is_young].mean()


def _decisions_on(X):
    return (ex11._model().predict_proba(X)[:, 1] >= ex11._threshold()).astype(int)


def _rule(X=None, accounts=("0 <= ... < 200 DM", ">= 200 DM / salary for at least 1 year")):
    X = ex11._split()[1] if X is None else X
    return X["checking_status"].isin(list(accounts)).astype(int)


def _labels():
    return ex11._split()[3]


def _cost(labels=None, decisions=None, approval=5, rejection=1):
    labels = _labels() if labels is None else labels
    decisions = _rule() if decisions is None else decisions
    return expected_cost(labels, decisions, approval, rejection)


def _decisions_at(threshold):
    return (ex11._test_scores() >= threshold).astype(int)


def _test_cheapest_threshold():
    grid = np.round(np.arange(0.01, 1.0, 0.01), 2)
    return grid[np.argmin([_cost(_labels(), _decisions_at(t)) for t in grid])]


def _good(frame):
    return (frame["credit_risk"] == "good").astype(int)


CASES = {
    "ex11.q1": (
        [
            lambda: (round(_bad_share(), 2), False),
            lambda: ((_credit()["credit_risk"] == "bad").mean(), False),  # a NumPy float
            lambda: (0.3, np.False_),
            lambda: (_credit()["credit_risk"].value_counts(normalize=True)["bad"], False),
            lambda: ((_bad_share(), False),),  # both in one pair
            lambda: ({"bad_share": _bad_share(), "real_default_rate": False},),
        ],
        [
            (lambda: (_bad_share(), True), "not a real default rate"),
            (lambda: (False, _bad_share()), "swapped the two answers"),
            (lambda: (1 - _bad_share(), False), "*good* credits"),
            (lambda: (100 * _bad_share(), False), "percentage"),
            (lambda: (100 * (1 - _bad_share()), False), "percentage of *good* credits"),
            (lambda: (300, False), "number of bad credits"),
            (lambda: (700, False), "number of good credits"),
            (lambda: (300 / 700, False), "odds"),
            (lambda: (_bad_share(), "False"), "without quotes"),
            (lambda: (_bad_share(), "no"), "True or False"),
            (lambda: (_bad_share(), 0), "True or False"),
            (lambda: (str(_bad_share()), False), "without quotes"),
            (lambda: (_credit()["credit_risk"].value_counts(normalize=True), False), "'bad'"),
            (lambda: (_credit()["credit_risk"].value_counts(normalize=True),), "indexed by"),
        ],
    ),
    "ex11.q3": (
        [
            lambda: _age_gap(),  # a NumPy float, unrounded
            lambda: round(float(_age_gap()), 3),  # three decimals, as the prompt asks
            lambda: _age_gap(young=lambda a: a < 26),  # the same groups, written another way
            lambda: _decisions()[_ages() > 25].mean() - _decisions()[~(_ages() > 25)].mean(),
        ],
        [
            (lambda: -_age_gap(), "sign is reversed"),
            (lambda: _age_gap(1 - _decisions()), "rejection rates"),
            # the group boundary: off by one, 30 instead of 25, the 25-year-olds misplaced
            (lambda: _age_gap(young=lambda a: a < 25), "younger than 25"),
            (lambda: _age_gap(young=lambda a: a <= 24), "younger than 25"),
            (lambda: _age_gap(young=lambda a: a <= 26), "26-year-olds"),
            (lambda: _age_gap(young=lambda a: a <= 30), "splits at 30"),
            (lambda: _age_gap(young=lambda a: a < 30), "younger than 30"),
            (lambda: _age_gap(older=lambda a: a >= 25), "in both groups"),
            (lambda: round(_age_gap(older=lambda a: a >= 25), 3), "in both groups"),
            (
                lambda: _age_gap(young=lambda a: a < 25, older=lambda a: a > 25),
                "in neither group",
            ),
            # the wrong split, the wrong decisions
            (
                lambda: _age_gap(_decisions_on(ex11._split()[0]), ages=_ages(ex11._split()[0])),
                "training split",
            ),
            (
                lambda: _age_gap(
                    _decisions_on(_credit().drop(columns="credit_risk")), ages=_ages(_credit())
                ),
                "all 1,000 credits",
            ),
            (lambda: _age_gap(_labels().to_numpy()), "gap in the label"),
            (lambda: _age_gap((ex11._test_scores() >= 0.5).astype(int)), "default threshold"),
            (lambda: _age_gap((ex11._test_scores() >= 5 / 6).astype(int)), "theoretical"),
            (lambda: _age_gap(ex11._test_scores()), "mean score"),
            # leakage: the threshold chosen on the test set (was blamed on the age boundary)
            (lambda: _age_gap(_decisions_at(_test_cheapest_threshold())), "cheapest on the test"),
            (lambda: _age_gap(_decisions_at(ex11._threshold() - 0.01)), "just below"),
            (lambda: _age_gap(_decisions_at(ex11._threshold() + 0.01)), "just above"),
            (
                lambda: _decisions()[_ages() <= 25].mean() / _decisions()[_ages() > 25].mean(),
                "ratio",
            ),
            # percentages, precision, form
            (lambda: 100 * _age_gap(), "percentage points"),
            (lambda: -100 * _age_gap(), "sign reversed"),
            (lambda: round(float(_age_gap()), 1), "too coarse"),
            (lambda: 0.5, "too high"),
            (lambda: f"{_age_gap():.3f}", "without quotes"),
        ],
    ),
    "ex11.q2": (
        [
            lambda: _cost(),  # unrounded
            lambda: round(_cost(), 3),  # three decimals, as the prompt asks
            lambda: _cost(decisions=_rule().astype(bool)),  # True/False decisions
            lambda: _cost(labels=_labels().to_numpy(), decisions=_rule().to_numpy()),
        ],
        [
            (lambda: _cost() * len(_labels()), "total"),
            (lambda: -_cost(), "not negative"),
            (lambda: 100 * _cost(), "100 times"),
            (lambda: round(_cost(), 2), "rounded to 2 decimals"),
            (lambda: _cost(approval=1, rejection=5), "swapped"),
            (lambda: float(np.mean(_rule() != _labels())), "share of wrong decisions"),
            (lambda: expected_cost(_labels(), _rule()), "3:1 matrix"),
            (lambda: _cost(decisions=1 - _rule()), "opposite rule"),
            (lambda: _cost(labels=1 - _labels()), "labels are reversed"),
            # the wrong split
            (
                lambda: _cost(ex11._split()[2], _rule(ex11._split()[0])),
                "training split",
            ),
            (lambda: _cost(_good(_credit()), _rule(_credit())), "all 1,000 credits"),
            # the wrong rule
            (lambda: _cost(decisions=_rule(accounts=["0 <= ... < 200 DM"])), "only accounts"),
            (
                lambda: _cost(decisions=_rule(accounts=[ex11.SAFE_ACCOUNTS[1]])),
                "between 0 and 200 DM",
            ),
            (lambda: _cost(decisions=_rule(accounts=[">= 200 DM"])), "approves nobody"),
            (
                lambda: _cost(
                    decisions=_rule(accounts=[*ex11.SAFE_ACCOUNTS, "no checking account"])
                ),
                "no checking account",
            ),
            (
                lambda: _cost(
                    decisions=_rule(accounts=["no checking account", ex11.SAFE_ACCOUNTS[1]])
                ),
                "wrong labels",
            ),
            (
                lambda: _cost(decisions=_rule(accounts=[*ex11.SAFE_ACCOUNTS, "< 0 DM"])),
                "overdrawn",
            ),
            (lambda: _cost(decisions=pd.Series(1, index=_labels().index)), "approving everyone"),
            (lambda: _cost(decisions=_decisions()), "model's decisions"),
            (lambda: str(round(_cost(), 3)), "without quotes"),
        ],
    ),
}
