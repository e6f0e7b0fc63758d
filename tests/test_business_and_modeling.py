"""Cost helpers, candidate models and progress bars shared by notebooks 02-05."""

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from coursekit import load_loans, load_prepared_loans
from coursekit.business import cost_optimal_threshold, expected_cost
from coursekit.features import split_loans
from coursekit.modeling import candidate_models, make_pipeline_for
from coursekit.progress import progress
from coursekit.synth import approval_log_odds


def test_expected_cost_counts_each_error_at_its_price():
    y_true = [1, 1, 0, 0]
    y_pred = [1, 0, 1, 0]  # one wrong rejection (1 unit), one wrong approval (3 units)
    assert expected_cost(y_true, y_pred) == pytest.approx(4 / 4)
    assert expected_cost(y_true, y_true) == 0


@pytest.mark.parametrize(
    "y_pred, message",
    [
        ([0.2, 0.9, 0.5, 0.1], "only 0 and 1"),
        ([1, 0], "one value per applicant"),
        ([], "empty"),
        ([1, 0, np.nan, 0], "missing value"),
        (np.array([[0.4, 0.6]] * 4), r"shape \(4, 2\).*take \[:, 1\]"),
    ],
)
def test_expected_cost_rejects_bad_input(y_pred, message):
    with pytest.raises(ValueError, match=message):
        expected_cost([1, 0, 1, 0], y_pred)


@pytest.mark.parametrize("cost", [-3, 0, float("nan"), float("inf"), True, "3"])
def test_both_cost_helpers_refuse_the_same_bad_costs(cost):
    with pytest.raises(ValueError, match="cost_of_wrong_approval must be a positive"):
        expected_cost([1, 0], [1, 1], cost_of_wrong_approval=cost)
    with pytest.raises(ValueError, match="cost_of_wrong_approval must be a positive"):
        cost_optimal_threshold(cost, 1)


def test_cost_optimal_threshold_balances_the_costs():
    assert cost_optimal_threshold() == pytest.approx(0.75)
    assert cost_optimal_threshold(1, 1) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="positive"):
        cost_optimal_threshold(0, 1)


def test_chosen_threshold_is_what_notebook_04_computes():
    from coursekit.business import CHOSEN_THRESHOLD
    from coursekit.exercises.ex04 import _q2_facts

    assert _q2_facts()["threshold"] == pytest.approx(CHOSEN_THRESHOLD)


def test_candidates_are_fresh_seeded_pipelines():
    first, second = candidate_models(), candidate_models()
    assert list(first) == [
        "baseline",
        "logistic regression",
        "random forest",
        "gradient boosting",
        "neural network",
    ]
    assert first["random forest"] is not second["random forest"]
    assert first["random forest"].get_params()["classify__random_state"] == 42


def test_make_pipeline_for_refuses_non_estimators():
    with pytest.raises(TypeError, match="estimator"):
        make_pipeline_for("logistic")


def test_progress_yields_everything_and_needs_a_description():
    assert list(progress(range(3), "count")) == [0, 1, 2]
    with pytest.raises(ValueError, match="description"):
        progress(range(3), "")
    assert np.sum(list(progress((i for i in range(4)), "gen", total=4))) == 6


def test_no_candidate_beats_the_generators_own_ranking_on_the_test_split():
    """Notebook 03's ceiling: the generator's noise-free log-odds ranks best, by construction."""
    X_train, X_test, y_train, y_test = split_loans(load_prepared_loans())
    true_values = load_loans().loc[X_test.index]  # the generator knows what the gaps hide
    ceiling = roc_auc_score(y_test, approval_log_odds(true_values))
    for name in ("logistic regression", "random forest"):
        model = candidate_models()[name].fit(X_train, y_train)
        score = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
        assert score < ceiling, f"{name} ({score:.3f}) beat the generator's ranking ({ceiling:.3f})"


def test_ex03_other_teams_log_lists_the_families_in_the_simplicity_order():
    """Exercise 3 of 03 applies "the simplest contender" in the order of candidate_models()."""
    from coursekit.exercises.ex03 import OTHER_TEAM_LOG

    assert list(OTHER_TEAM_LOG) == list(candidate_models())
