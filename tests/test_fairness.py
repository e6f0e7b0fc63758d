"""The fairness module: agrees with fairlearn on random data; refuses bad input clearly."""

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import (
    MetricFrame,
    false_negative_rate,
    false_positive_rate,
    selection_rate,
    true_positive_rate,
)
from fairlearn.metrics import (
    demographic_parity_difference as fl_dp_difference,
)
from fairlearn.metrics import (
    demographic_parity_ratio as fl_dp_ratio,
)
from fairlearn.metrics import (
    equalized_odds_difference as fl_eo_difference,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import precision_score

from coursekit.fairness import (
    PrecomputedScores,
    decision_gaps,
    demographic_parity_difference,
    demographic_parity_ratio,
    equalized_odds_difference,
    group_metrics,
    passes_four_fifths_rule,
    rate_gap,
    selection_rates,
)


@st.composite
def decisions(draw, min_size=8):
    """Random 0/1 labels and decisions for three groups, each with both labels present."""
    n = draw(st.integers(min_value=min_size, max_value=60))
    y_true = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)))
    y_pred = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)))
    groups = np.array(draw(st.lists(st.sampled_from("ABC"), min_size=n, max_size=n)))
    # every group present with a positive and a negative, so every rate is defined
    for i, name in enumerate("ABC"):
        groups[2 * i : 2 * i + 2] = name
        y_true[2 * i : 2 * i + 2] = [0, 1]
        y_pred[2 * i] = 1
    return y_true, y_pred, groups


@settings(max_examples=30, deadline=None, derandomize=True)
@given(decisions())
def test_group_rates_match_fairlearn_metricframe(data):
    y_true, y_pred, groups = data
    ours = group_metrics(y_true, y_pred, groups)
    frame = MetricFrame(
        metrics={
            "selection_rate": selection_rate,
            "tpr": true_positive_rate,
            "fpr": false_positive_rate,
            "fnr": false_negative_rate,
            "precision": lambda t, p: precision_score(t, p, zero_division=np.nan),
        },
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=groups,
    )
    theirs = frame.by_group
    for column in ["selection_rate", "tpr", "fpr", "fnr", "precision"]:
        np.testing.assert_allclose(
            ours[column].to_numpy(float), theirs[column].to_numpy(float), equal_nan=True
        )


@settings(max_examples=30, deadline=None, derandomize=True)
@given(decisions())
def test_decision_gaps_match_the_group_table_and_fairlearn(data):
    y_true, y_pred, groups = data
    table = group_metrics(y_true, y_pred, groups)
    gaps = decision_gaps(y_true, y_pred, groups)
    spread = table.max() - table.min()
    assert gaps["selection_gap"] == pytest.approx(spread["selection_rate"])
    assert gaps["fnr_gap"] == pytest.approx(spread["fnr"])
    assert gaps["selection_gap"] == pytest.approx(
        fl_dp_difference(y_true, y_pred, sensitive_features=groups)
    )


def test_decision_gaps_is_nan_when_a_group_has_no_positives():
    gaps = decision_gaps([0, 0, 1, 0], [1, 0, 1, 0], ["A", "A", "B", "B"])
    assert np.isnan(gaps["fnr_gap"]) and gaps["selection_gap"] == 0.0


@settings(max_examples=30, deadline=None, derandomize=True)
@given(decisions())
def test_parity_and_odds_match_fairlearn(data):
    y_true, y_pred, groups = data
    assert demographic_parity_difference(y_pred, groups) == pytest.approx(
        fl_dp_difference(y_true, y_pred, sensitive_features=groups)
    )
    assert demographic_parity_ratio(y_pred, groups) == pytest.approx(
        fl_dp_ratio(y_true, y_pred, sensitive_features=groups)
    )
    assert equalized_odds_difference(y_true, y_pred, groups) == pytest.approx(
        fl_eo_difference(y_true, y_pred, sensitive_features=groups)
    )


def test_a_hand_computed_example():
    y_true = [1, 1, 0, 0, 1, 1, 0, 0]
    y_pred = [1, 1, 1, 0, 1, 0, 0, 0]
    groups = ["A"] * 4 + ["B"] * 4
    table = group_metrics(y_true, y_pred, groups)
    assert table.loc["A", "selection_rate"] == 0.75 and table.loc["B", "selection_rate"] == 0.25
    assert table.loc["A", "fpr"] == 0.5 and table.loc["B", "fnr"] == 0.5
    assert demographic_parity_difference(y_pred, groups) == 0.5
    assert demographic_parity_ratio(y_pred, groups) == pytest.approx(1 / 3)
    assert not passes_four_fifths_rule(y_pred, groups)
    assert rate_gap(table, "selection_rate", "A", "B") == 0.5


def test_group_without_positives_gets_documented_nan():
    table = group_metrics([1, 0, 0, 0], [1, 0, 1, 0], ["A", "A", "B", "B"])
    assert np.isnan(table.loc["B", "tpr"]) and np.isnan(table.loc["B", "fnr"])
    assert table.loc["B", "fpr"] == 0.5
    assert np.isnan(equalized_odds_difference([1, 0, 0, 0], [1, 0, 1, 0], list("AABB")))


def test_group_without_selections_has_nan_precision_and_ratio():
    table = group_metrics([1, 0, 1, 0], [0, 0, 0, 0], list("AABB"))
    assert table["precision"].isna().all()
    assert np.isnan(demographic_parity_ratio([0, 0, 0, 0], list("AABB")))
    with pytest.raises(ValueError, match="no group is selected"):
        passes_four_fifths_rule([0, 0, 0, 0], list("AABB"))


def test_unused_categories_are_ignored():
    groups = pd.Categorical(list("AABB"), categories=["A", "B", "C"])
    assert list(selection_rates([1, 0, 1, 1], groups).index) == ["A", "B"]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: group_metrics([1, 0], [1, 0, 1], ["A", "B", "A"]), "lengths"),
        (lambda: group_metrics([1, np.nan], [1, 0], ["A", "B"]), "y_true has 1 missing"),
        (lambda: selection_rates([0.2, 0.9], ["A", "B"]), "only 0 and 1"),
        (lambda: selection_rates([1, 0], ["A", "A"]), "only \\['A'\\]"),
        (lambda: selection_rates([1, 0], ["A", None]), "missing values"),
        (lambda: selection_rates([], []), "empty"),
        # a 2-D input is refused with its shape, not flattened into a wrong length
        (lambda: selection_rates(np.array([[1, 0], [0, 1]]), list("AB")), r"shape \(2, 2\)"),
    ],
)
def test_bad_input_gets_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_rate_gap_names_typos():
    table = group_metrics([1, 0, 1, 0], [1, 0, 1, 1], list("AABB"))
    with pytest.raises(KeyError, match="choose from"):
        rate_gap(table, "tpr_rate", "A", "B")
    with pytest.raises(KeyError, match="the groups are"):
        rate_gap(table, "tpr", "A", "b")


def test_precomputed_scores_returns_the_score_column_as_probabilities():
    model = PrecomputedScores().fit()
    table = pd.DataFrame({"score": [0.2, 0.5, 0.9]})
    np.testing.assert_allclose(model.predict_proba(table), [[0.8, 0.2], [0.5, 0.5], [0.1, 0.9]])
    assert model.predict(table).tolist() == [0, 1, 1]


@pytest.mark.parametrize(
    "table, message",
    [
        (pd.DataFrame({"scores": [0.2]}), "needs the column"),
        (pd.DataFrame({"score": [1.2]}), "between 0 and 1"),
        (pd.DataFrame({"score": [np.nan]}), "between 0 and 1"),
        (pd.DataFrame({"score": ["high"]}), "between 0 and 1"),
    ],
)
def test_precomputed_scores_refuses_a_table_without_valid_scores(table, message):
    with pytest.raises(ValueError, match=message):
        PrecomputedScores().fit().predict_proba(table)
