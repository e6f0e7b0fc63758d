"""The bootstrap helper: right coverage on a known case, clear errors, same seed same interval."""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import precision_score, roc_auc_score

from coursekit.bootstrap import Interval, bootstrap_ci, replay


def quiet(metric, *arrays, **options):
    return bootstrap_ci(metric, *arrays, show_progress=False, **options)


def test_interval_for_the_mean_of_normal_data_covers_the_true_mean_about_95_percent():
    rng = np.random.default_rng(0)
    trials, covered = 400, 0
    for trial in range(trials):
        sample = rng.normal(loc=5.0, scale=2.0, size=100)
        interval = quiet(np.mean, sample, n_resamples=300, seed=trial)
        covered += interval.contains(5.0)
    # the percentile bootstrap covers a little under 95 % at n = 100 (92.5 % here); 400 trials
    # add about ±2 points of noise, and a 90 % interval by mistake would fall below the bound
    assert 0.90 <= covered / trials <= 0.98


def test_interval_matches_normal_theory_for_a_large_sample():
    sample = np.random.default_rng(1).normal(size=2000)
    interval = quiet(np.mean, sample, n_resamples=1000)
    theory = 2 * 1.96 * sample.std() / np.sqrt(sample.size)
    assert interval.width == pytest.approx(theory, rel=0.1)
    assert interval.estimate == pytest.approx(sample.mean())
    assert interval.low < interval.estimate < interval.high
    assert interval.n_skipped == 0 and interval.values.shape == (1000,)


def test_wider_confidence_gives_a_wider_interval():
    sample = np.arange(200.0)
    assert quiet(np.mean, sample, confidence=0.99).width > quiet(np.mean, sample).width


def test_same_seed_same_interval_and_different_seed_different_interval():
    sample = np.random.default_rng(2).normal(size=300)
    first, again = quiet(np.mean, sample, seed=7), quiet(np.mean, sample, seed=7)
    assert (first.low, first.high) == (again.low, again.high)
    other = quiet(np.mean, sample, seed=8)
    assert (first.low, first.high) != (other.low, other.high)
    from_generator = quiet(np.mean, sample, seed=np.random.default_rng(7))
    assert (from_generator.low, from_generator.high) == (first.low, first.high)


def test_rows_of_all_arrays_are_resampled_together():
    x = np.random.default_rng(3).normal(size=500)
    interval = quiet(lambda a, b: np.mean(a - b), x, x.copy())
    assert (interval.low, interval.high) == (0.0, 0.0)


def test_pandas_inputs_and_two_dimensional_rows_are_accepted():
    labels = pd.Series([0, 1] * 50)
    scores = pd.Series(np.linspace(0, 1, 100))
    assert quiet(roc_auc_score, labels, scores, n_resamples=100).estimate == pytest.approx(
        roc_auc_score(labels, scores)
    )
    table = np.column_stack([np.arange(100.0), np.ones(100)])
    assert quiet(lambda t: t[:, 1].mean(), table).width == 0


def test_resamples_where_the_metric_is_undefined_are_skipped_without_warnings():
    labels = np.array([1] + [0] * 29)  # about a third of the resamples hold no approval
    scores = np.linspace(0, 1, 30)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        interval = quiet(roc_auc_score, labels, scores, n_resamples=300)
        precision = quiet(precision_score, labels, (scores > 0.5).astype(int), n_resamples=300)
    assert 60 < interval.n_skipped < 150  # (29/30)**30: 36 % expected
    assert interval.values.size == 300 - interval.n_skipped
    assert "skipped" in str(interval)
    assert precision.n_skipped == 0  # defined whenever something is predicted positive


def test_mostly_undefined_metric_is_an_error():
    def only_from_row_zero(x):
        return x.mean() if x[0] == 0 else float("nan")

    with pytest.raises(ValueError, match="undefined on"):
        quiet(only_from_row_zero, np.arange(10.0))


@pytest.mark.parametrize(
    "arrays, options, error, message",
    [
        ((), {}, ValueError, "Give the metric's inputs"),
        (([1, 2, 3], [1, 2]), {}, ValueError, "same number of rows"),
        (([],), {}, ValueError, "empty"),
        ((5.0,), {}, ValueError, "single value"),
        (([1.0, 2.0],), {"confidence": 0}, ValueError, "strictly between 0 and 1"),
        (([1.0, 2.0],), {"confidence": 1}, ValueError, "strictly between 0 and 1"),
        (([1.0, 2.0],), {"confidence": 95}, ValueError, "strictly between 0 and 1"),
        (([1.0, 2.0],), {"n_resamples": 99}, ValueError, "at least 100"),
        (([1.0, 2.0],), {"n_resamples": 1000.0}, TypeError, "int"),
        (([1.0, 2.0],), {"seed": None}, TypeError, "unseeded"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(arrays, options, error, message):
    with pytest.raises(error, match=message):
        quiet(np.mean, *arrays, **options)


def test_metric_must_be_callable_and_defined_on_the_full_data():
    with pytest.raises(TypeError, match="metric must be a function"):
        quiet("roc_auc", [0, 1], [0.2, 0.8])
    with pytest.raises(ValueError, match=r"undefined on the full data \(Only one class"):
        quiet(roc_auc_score, [1, 1, 1], [0.2, 0.5, 0.9])


def test_the_metrics_own_error_is_named_and_chained_not_hidden():
    def buggy_metric(y_true, scores):  # a learner's shape bug: scores is 1-D
        return roc_auc_score(y_true, scores[:, 1])

    with pytest.raises(ValueError, match="IndexError: too many indices") as raised:
        quiet(buggy_metric, [0, 1, 0, 1], [0.2, 0.8, 0.3, 0.9])
    assert isinstance(raised.value.__cause__, IndexError)
    assert "both classes" not in str(raised.value), "the real error, not a guess"


def test_progress_bar_shows_the_description(capsys):
    bootstrap_ci(np.mean, np.arange(10.0), n_resamples=100, description="mean income")
    assert "mean income" in capsys.readouterr().err


def test_interval_formats_readably():
    interval = Interval(estimate=0.7751, low=0.745, high=0.8031, confidence=0.95, n_resamples=1000)
    assert str(interval) == "0.775 (95% interval 0.745 to 0.803)"
    assert interval.format(2) == "0.78 (95% interval 0.74 to 0.80)"
    assert interval.width == pytest.approx(0.0581)


@pytest.mark.parametrize("seed", [0, 7, np.random.default_rng(3)])
def test_replay_draws_the_same_resamples_for_another_metric(seed):
    rng = np.random.default_rng(11)
    x, y = rng.normal(size=200), rng.normal(size=200)
    first = bootstrap_ci(lambda a, b: np.mean(a - b), x, y, seed=seed, show_progress=False)
    again = replay(first, lambda a, b: np.mean(a - b), x, y)
    assert (again.low, again.high) == (first.low, first.high)
    # the same resamples, another metric: the mean of the differences equals the difference of
    # the means on every resample, so the ends agree to floating point
    other = replay(first, lambda a, b: np.mean(a) - np.mean(b), x, y)
    assert np.isclose(other.low, first.low) and np.isclose(other.high, first.high)
    # arrays resampled apart from each other give other ends
    apart = bootstrap_ci(
        lambda a: np.mean(a - y), x, seed=seed if isinstance(seed, int) else 3, show_progress=False
    )
    assert not np.isclose(apart.low, first.low)


def test_replay_refuses_an_interval_made_by_hand():
    made = Interval(estimate=0.5, low=0.4, high=0.6, confidence=0.95, n_resamples=1000)
    with pytest.raises(ValueError, match="made by hand"):
        replay(made, np.mean, np.arange(10.0))
