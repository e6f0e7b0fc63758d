"""PSI and the drift tests against hand-computed values and the course's shifted batch."""

import numpy as np
import pandas as pd
import pytest

from coursekit import drift, load_prepared_loans
from coursekit.features import FEATURES, split_loans


def test_psi_of_identical_samples_is_zero():
    values = np.arange(1000.0)
    assert drift.psi(values, values) == pytest.approx(0.0)


def test_psi_matches_a_hand_computation_on_categories():
    expected = ["a"] * 50 + ["b"] * 50
    actual = ["a"] * 80 + ["b"] * 20
    by_hand = (0.8 - 0.5) * np.log(0.8 / 0.5) + (0.2 - 0.5) * np.log(0.2 / 0.5)
    assert drift.psi(expected, actual) == pytest.approx(by_hand)


def test_empty_bin_uses_epsilon_not_infinity():
    value = drift.psi(["a"] * 50 + ["b"] * 50, ["a"] * 100)
    assert np.isfinite(value) and value > 1


def test_psi_is_not_symmetric_in_general():
    rng = np.random.default_rng(0)
    a, b = rng.normal(0, 1, 2000), rng.normal(0.5, 2, 2000)
    assert drift.psi(a, b) != pytest.approx(drift.psi(b, a))


def test_empty_input_is_refused():
    with pytest.raises(ValueError, match="non-empty"):
        drift.psi([], [1.0])


def test_no_drift_batch_raises_no_alert_and_shifted_one_alerts_on_income():
    X_train = split_loans(load_prepared_loans())[0]
    calm = drift.drift_report(X_train, drift.make_production_batch(shifted=False))
    shifted = drift.drift_report(X_train, drift.make_production_batch())
    assert list(calm.index) == FEATURES
    assert not drift.should_retrain(calm) and calm["psi"].max() < 0.1
    assert drift.should_retrain(shifted)
    assert shifted.loc["income", "psi"] > drift.PSI_ALERT
    assert shifted.loc["income", "p_value"] < drift.TEST_ALERT_P
    assert shifted.loc["district", "psi"] > calm.loc["district", "psi"]
    # more group B applicants means more from their districts: the chi-square test sees it
    assert shifted.loc["district", "alert"] and shifted.loc["district", "test"] == "chi-square"
    assert list(shifted.index[shifted["alert"]]) == ["income", "district"]


def test_each_feature_gets_the_test_its_values_allow():
    X_train = split_loans(load_prepared_loans())[0]
    report = drift.drift_report(X_train, drift.make_production_batch(shifted=False))
    for feature in FEATURES:
        expected = "chi-square" if feature in drift.DISCRETE_FEATURES else "KS"
        assert report.loc[feature, "test"] == expected, feature
    assert "late_payments" in drift.DISCRETE_FEATURES  # a count: KS is wrong with so many ties


def test_chi_square_matches_scipy_and_counts_missing_values():
    from scipy.stats import chi2_contingency

    reference = pd.Series([0] * 60 + [1] * 30 + [2] * 10, dtype=float)
    batch = pd.Series([0] * 40 + [1] * 40 + [np.nan] * 20)
    report = drift.drift_report(
        pd.DataFrame({"late_payments": reference}),
        pd.DataFrame({"late_payments": batch}),
        features=["late_payments"],
    )
    table = [[60, 30, 10, 0], [40, 40, 0, 20]]
    by_hand = chi2_contingency(table)
    assert report.loc["late_payments", "statistic"] == pytest.approx(by_hand.statistic)
    assert report.loc["late_payments", "p_value"] == pytest.approx(by_hand.pvalue)


def test_scores_and_group_approvals_are_watched_without_outcomes():
    from coursekit.gate import build_course_model

    X_train = split_loans(load_prepared_loans())[0]
    model = build_course_model(X_train)
    calm, shifted = drift.make_production_batch(shifted=False), drift.make_production_batch()
    assert drift.score_psi(model, X_train, calm) < 0.1 < drift.score_psi(model, X_train, shifted)
    table = drift.approval_by_group(model, shifted)
    assert list(table.index) == ["A", "B"]
    assert table["applicants"].sum() == len(shifted)
    decisions = model.predict(shifted[FEATURES])
    for group, row in table.iterrows():
        assert row["approved"] == pytest.approx(decisions[shifted["group"] == group].mean())
        assert row["low"] < row["approved"] < row["high"]
    with pytest.raises(TypeError, match="predict_proba"):
        drift.score_psi(object(), X_train, calm)


def test_production_batch_has_no_labels_and_is_deterministic():
    batch = drift.make_production_batch()
    assert "repaid" not in batch and "approved" not in batch
    pd.testing.assert_frame_equal(batch, drift.make_production_batch())


def test_alert_rule():
    assert drift.is_alert(0.25)
    assert drift.is_alert(0.05, 0.001)
    assert not drift.is_alert(0.05, 0.5)
    assert not drift.is_alert(0.05)


def test_report_needs_the_features():
    with pytest.raises(ValueError, match="needs the column"):
        drift.drift_report(pd.DataFrame({"x": [1]}), pd.DataFrame({"x": [1]}))


def test_missingness_is_drift():
    """A feature that goes 30 % missing in production must alert, not vanish from the PSI."""
    rng = np.random.default_rng(0)
    train = pd.Series(rng.normal(50_000, 10_000, 4000))
    batch = pd.Series(rng.normal(50_000, 10_000, 2000))
    assert drift.psi(train, batch) < 0.05
    batch[rng.random(2000) < 0.3] = np.nan
    assert drift.psi(train, batch) > drift.PSI_ALERT
    categories = pd.Series(["a", "b"] * 500)
    assert drift.psi(categories, categories.where(rng.random(1000) > 0.3)) > drift.PSI_ALERT


def test_no_missing_values_leaves_the_psi_as_the_bins_give_it():
    expected = ["a"] * 50 + ["b"] * 50
    actual = ["a"] * 80 + ["b"] * 20
    by_hand = (0.8 - 0.5) * np.log(0.8 / 0.5) + (0.2 - 0.5) * np.log(0.2 / 0.5)
    assert drift.psi(expected, actual) == pytest.approx(by_hand, abs=1e-12)


def test_only_missing_reference_is_refused():
    with pytest.raises(ValueError, match="only missing"):
        drift.psi([np.nan, np.nan], [1.0])
