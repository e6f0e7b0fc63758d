"""The counterfactual audit recovers the generator's injected bias, and refuses bad input.

Ground truth is :func:`coursekit.synth.injected_bias`: the approval points group B lost to the
penalty, measured by regenerating the same applicants, with the same random draws, without it.

Tolerances follow from the audit's spread over generator seeds, measured over seeds 0-29 at the
default penalty: its error (estimate minus truth) has a mean of +0.06 points and a standard
deviation of 1.36 points, from -2.8 to +2.4. One data set is one draw, so no single seed is held
to less than that spread: every seed's error must stay within 4 points (about three standard
deviations), and the mean over the 30 seeds within 1 point (the mean's own standard error is
0.25 points, so 1 point is four of them). The course's committed data (seed 2024) err by 0.5
points. The mistakes the tolerances must catch are larger: fitting the model on both groups, so
that B's penalised decisions enter the standard B is compared with, falls 4.6 points short on
the committed data, and on average over the seeds (test below).
"""

import numpy as np
import pandas as pd
import pytest

from coursekit import load_loans, load_prepared_loans
from coursekit.audit import (
    MIN_ROWS_PER_GROUP,
    counterfactual_model,
    estimate_label_bias,
)
from coursekit.synth import generate_loans, injected_bias

TOLERANCE = 0.02  # the committed data's error, as a fraction (0.5 points); see the docstring
SEED_TOLERANCE = 0.04  # any one seed: about three standard deviations of the audit's error
MEAN_TOLERANCE = 0.01  # the mean error over SEEDS: about four standard errors
SEEDS = range(30)
STRENGTHS = (0.0, 0.45, 0.9, 1.8)  # log-odds penalties: none, half, the default, double


@pytest.fixture(scope="module")
def loans():
    return load_loans()


@pytest.fixture(scope="module")
def estimates_by_strength():
    return {s: estimate_label_bias(generate_loans(bias_strength=s)) for s in STRENGTHS}


def test_audit_matches_the_documented_bias_of_the_committed_data(loans):
    estimate = estimate_label_bias(loans)
    truth = injected_bias()
    assert estimate["points_lost"] == pytest.approx(
        truth["approval_points_lost_by_B"], abs=TOLERANCE
    )
    # the counterfactual rate is the generator's "without penalty" rate, up to the same error
    assert estimate["counterfactual_rate"] == pytest.approx(
        truth["approval_rate_B_without_penalty"], abs=TOLERANCE
    )
    is_b = loans["group"] == "B"
    assert estimate["actual_rate"] == pytest.approx(loans.loc[is_b, "approved"].mean())
    assert estimate["reference_rate"] == pytest.approx(loans.loc[~is_b, "approved"].mean())
    assert estimate["points_lost"] == pytest.approx(
        estimate["counterfactual_rate"] - estimate["actual_rate"]
    )


def test_audit_finds_no_bias_when_none_was_injected(estimates_by_strength):
    assert abs(estimates_by_strength[0.0]["points_lost"]) <= TOLERANCE


@pytest.mark.parametrize("strength", STRENGTHS)
def test_audit_matches_the_truth_at_every_bias_strength(strength, estimates_by_strength):
    truth = injected_bias(bias_strength=strength)["approval_points_lost_by_B"]
    assert estimates_by_strength[strength]["points_lost"] == pytest.approx(truth, abs=TOLERANCE)


def test_estimate_grows_with_the_bias_strength(estimates_by_strength):
    lost = [estimates_by_strength[s]["points_lost"] for s in STRENGTHS]
    assert lost == sorted(lost) and len(set(lost)) == len(lost)
    # the counterfactual only learns from group A, whose decisions the penalty never touches
    counterfactual = [estimates_by_strength[s]["counterfactual_rate"] for s in STRENGTHS]
    assert np.ptp(counterfactual) == pytest.approx(0, abs=1e-12)


def test_tolerance_is_tight_enough_to_catch_the_naive_audit(loans):
    # Fitting the model of the decisions on both groups lets B's penalised decisions into the
    # "standard" B is compared with: it misses several points, more than the tolerance.
    truth = injected_bias()["approval_points_lost_by_B"]
    is_b = loans["group"] == "B"
    naive = counterfactual_model().fit(loans, loans["approved"])
    naive_lost = naive.predict_proba(loans[is_b])[:, 1].mean() - loans.loc[is_b, "approved"].mean()
    assert truth - naive_lost > 2 * TOLERANCE


def test_counterfactual_does_not_use_the_protected_groups_decisions(loans):
    shuffled = loans.copy()
    is_b = shuffled["group"] == "B"
    shuffled.loc[is_b, "approved"] = 1 - shuffled.loc[is_b, "approved"]
    original, flipped = estimate_label_bias(loans), estimate_label_bias(shuffled)
    assert flipped["counterfactual_rate"] == pytest.approx(original["counterfactual_rate"])
    assert flipped["actual_rate"] == pytest.approx(1 - original["actual_rate"])


def test_input_frame_is_not_modified(loans):
    before = loans.copy()
    estimate_label_bias(loans)
    pd.testing.assert_frame_equal(loans, before)


def test_roles_can_be_swapped(loans):
    swapped = estimate_label_bias(loans, reference="B", protected="A")
    assert swapped["actual_rate"] == pytest.approx(estimate_label_bias(loans)["reference_rate"])
    # treated as B was, A would have been approved less often: a negative loss
    assert swapped["points_lost"] < 0


def test_counterfactual_model_never_sees_the_group():
    names = counterfactual_model().fit(load_loans(), load_loans()["approved"])
    features = names.named_steps["preprocess"].get_feature_names_out()
    assert not any("group" in f or "district" in f for f in features)


@pytest.mark.parametrize(
    "change, error, words",
    [
        (lambda df: df.to_numpy(), TypeError, "DataFrame"),
        (lambda df: df.drop(columns="income"), ValueError, "income"),
        (lambda df: df.assign(approved=df["approved"] * 2), ValueError, "only 0 and 1"),
        (
            lambda df: df.assign(approved=df["approved"].where(df.index % 50 != 0)),
            ValueError,
            "Missing values in \\['approved'\\]",
        ),
        (
            lambda df: df.assign(group=df["group"].where(df.index % 50 != 0)),
            ValueError,
            "Missing values in \\['group'\\]",
        ),
        (lambda df: df.assign(group="A"), ValueError, "'B' has 0 rows"),
        (
            lambda df: df[(df["group"] == "A") | (df.index < 100)],
            ValueError,
            f"at least {MIN_ROWS_PER_GROUP}",
        ),
        (lambda df: df.assign(approved=df["group"].eq("B").astype(int)), ValueError, "same"),
    ],
    ids=[
        "array",
        "missing column",
        "not 0/1",
        "missing decisions",
        "missing groups",
        "one group",
        "too few",
        "flat",
    ],
)
def test_bad_input_is_refused_with_a_reason(loans, change, error, words):
    with pytest.raises(error, match=words):
        estimate_label_bias(change(loans))


def test_bad_options_are_refused(loans):
    with pytest.raises(ValueError, match="cannot be a feature"):
        estimate_label_bias(loans, categorical=["purpose", "group"])
    with pytest.raises(ValueError, match="both 'A'"):
        estimate_label_bias(loans, protected="A")
    with pytest.raises(ValueError, match="at least one feature"):
        estimate_label_bias(loans, numeric=[], categorical=[])


def test_gaps_in_the_features_are_imputed_not_refused():
    """The prepared data keep 312 gaps for the imputer; the estimate barely moves."""
    with_gaps = estimate_label_bias(load_prepared_loans())["points_lost"]
    assert with_gaps == pytest.approx(estimate_label_bias(load_loans())["points_lost"], abs=0.01)


@pytest.fixture(scope="module")
def errors_over_seeds():
    """The audit's error (estimate minus truth) on 30 lenders drawn from the same process."""
    return np.array(
        [
            estimate_label_bias(generate_loans(seed=seed))["points_lost"]
            - injected_bias(seed=seed)["approval_points_lost_by_B"]
            for seed in SEEDS
        ]
    )


def test_audit_error_stays_within_its_spread_on_every_seed(errors_over_seeds):
    assert np.abs(errors_over_seeds).max() <= SEED_TOLERANCE


def test_audit_is_right_on_average_over_seeds(errors_over_seeds):
    assert abs(errors_over_seeds.mean()) <= MEAN_TOLERANCE


def test_seed_tolerances_catch_the_naive_audit_on_average():
    # the naive audit (one model of both groups' decisions) is wrong by more than the mean
    # tolerance on average over seeds, so the mean test would catch it
    naive = []
    for seed in range(10):
        data = generate_loans(seed=seed)
        truth = injected_bias(seed=seed)["approval_points_lost_by_B"]
        is_b = data["group"] == "B"
        model = counterfactual_model().fit(data, data["approved"])
        lost = model.predict_proba(data[is_b])[:, 1].mean() - data.loc[is_b, "approved"].mean()
        naive.append(lost - truth)
    assert abs(np.mean(naive)) > 2 * MEAN_TOLERANCE
