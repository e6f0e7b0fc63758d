"""Behavioural tests of the shipped model (Made-With-ML style): invariance, direction, minimum
functionality. They test what the model does, not how well it scores."""

from functools import cache

import numpy as np
import pandas as pd
import pytest

from coursekit import gate, load_prepared_loans
from coursekit.business import CHOSEN_THRESHOLD
from coursekit.features import FEATURES, split_loans

# The shipped model is trained on repaid, which does not depend on district, yet its district
# coefficients are not exactly zero (noise of 4,000 rows): moving an applicant who sits close to
# the threshold can flip the decision. We bound that instead of demanding zero flips: at most 6 %
# of moves (it flips 5.3 %, the original model 9.8 %).
MAX_DISTRICT_FLIP_RATE = 0.06
# The size of the effect matters more than the count: a move changes the shipped model's score
# by at most 0.087 (the original's by up to 0.21), so only applicants near the threshold flip.
MAX_SCORE_CHANGE_FROM_DISTRICT = 0.10


@cache
def _split():
    return split_loans(load_prepared_loans())


@cache
def shipped():
    return gate.build_course_model(_split()[0])


@cache
def original():
    X_train, _, y_train, _ = _split()
    return gate.build_original_model(X_train, y_train)


def test_invariance_changing_district_rarely_flips_a_decision():
    X_test = _split()[1]
    ours = gate.district_flips(shipped(), X_test, gate.SHIPPED_THRESHOLD)
    theirs = gate.district_flips(original(), X_test, CHOSEN_THRESHOLD)
    assert ours["flipped"].mean() <= MAX_DISTRICT_FLIP_RATE
    assert ours["flipped"].mean() < theirs["flipped"].mean()
    change = (ours["score_after"] - ours["score_before"]).abs()
    assert change.max() <= MAX_SCORE_CHANGE_FROM_DISTRICT
    assert (theirs["score_after"] - theirs["score_before"]).abs().max() > 2 * change.max()


@pytest.mark.parametrize("factor", [1.1, 1.5, 2.0])
def test_direction_higher_income_never_lowers_the_score(factor):
    X = _split()[1][FEATURES]
    before = shipped().predict_proba(X)[:, 1]
    after = shipped().predict_proba(X.assign(income=X["income"] * factor))[:, 1]
    assert np.all(after >= before)


def test_direction_more_late_payments_never_raises_the_score():
    X = _split()[1][FEATURES]
    before = shipped().predict_proba(X)[:, 1]
    after = shipped().predict_proba(X.assign(late_payments=X["late_payments"] + 1))[:, 1]
    assert np.all(after <= before)


def test_minimum_functionality_strong_approved_weak_rejected():
    applicants = pd.DataFrame([gate.STRONG_APPLICANT, gate.WEAK_APPLICANT])
    scores = shipped().predict_proba(applicants)[:, 1]
    assert scores[0] >= gate.SHIPPED_THRESHOLD, f"strong applicant scored {scores[0]:.2f}"
    assert scores[1] < gate.SHIPPED_THRESHOLD, f"weak applicant scored {scores[1]:.2f}"
