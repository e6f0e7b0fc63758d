"""Right and wrong answers for the exercises of notebook 11 (see tests/test_exercises.py).

q1's check takes two answers, so its factories return a pair. The notebook's arrays are rebuilt
here with the notebook's defaults; the shared pieces come from the checker module's private
helpers only where rebuilding them would repeat the same pipeline word for word.
"""

from functools import cache

import numpy as np

from coursekit import load_german_credit
from coursekit.business import expected_cost
from coursekit.exercises import ex11


@cache
def _bad_share():
    return float((load_german_credit()["credit_risk"] == "bad").mean())


@cache
def _decisions():
    return (ex11._test_scores() >= ex11._threshold()).astype(int)


def _age_gap(decisions, cut=25, strict=False):
    ages = ex11._split()[1]["age_years"].to_numpy()
    young = ages < cut if strict else ages <= cut
    return decisions[~young].mean() - decisions[young].mean()


def _rule():
    X_test = ex11._split()[1]
    return X_test["checking_status"].isin(ex11.SAFE_ACCOUNTS).to_numpy().astype(int)


def _labels():
    return ex11._split()[3].to_numpy()


CASES = {
    "ex11.q1": (
        lambda: (round(_bad_share(), 2), False),
        [
            (lambda: (_bad_share(), True), "not a real default rate"),
            (lambda: (1 - _bad_share(), False), "*good* credits"),
            (lambda: (100 * _bad_share(), False), "percentage"),
            (lambda: (300, False), "number of bad credits"),
            (lambda: (_bad_share(), "no"), "True or False"),
        ],
    ),
    "ex11.q3": (
        lambda: round(_age_gap(_decisions()), 3),
        [
            (lambda: -_age_gap(_decisions()), "sign is reversed"),
            (lambda: _age_gap(_labels()), "gap in the label"),
            (lambda: _age_gap((ex11._test_scores() >= 0.5).astype(int)), "default threshold"),
            (lambda: 100 * _age_gap(_decisions()), "percentage points"),
            (lambda: 0.5, "too high"),
        ],
    ),
    "ex11.q2": (
        lambda: round(expected_cost(_labels(), _rule(), 5, 1), 3),
        [
            (lambda: expected_cost(_labels(), _rule(), 1, 5), "swapped"),
            (lambda: float(np.mean(_rule() != _labels())), "share of wrong decisions"),
            (lambda: expected_cost(_labels(), _rule()), "3:1 matrix"),
            (lambda: expected_cost(_labels(), _rule(), 5, 1) * len(_rule()), "total"),
            (lambda: expected_cost(_labels(), 1 - _rule(), 5, 1), "opposite rule"),
        ],
    ),
}
