"""Right and wrong answers for the exercises of notebook 10 (see tests/test_exercises.py).

q2's answers are rebuilt here the ways a learner computes a PSI by hand (searchsorted,
digitize, pd.cut), each with its own binning; only the shipped model and the incomes come from
the checker module, so as not to refit the same model twice.
"""

import math

import numpy as np
import pandas as pd

from coursekit import drift, gate
from coursekit.exercises import ex10, reference

EPSILON = 1e-4


def _incomes():
    return ex10._incomes()


def _edges(values=None, inner=True, method="linear"):
    values = _incomes()[0] if values is None else values
    levels = np.linspace(0.1, 0.9, 9) if inner else np.linspace(0, 1, 11)
    return np.quantile(values, levels, method=method)


def _shares(values, edges, side="right"):
    counts = np.bincount(np.searchsorted(edges, values, side=side), minlength=len(edges) + 1)
    return counts / counts.sum()


def _psi(e, a, log=np.log, epsilon=EPSILON):
    e, a = np.asarray(e, dtype=float), np.asarray(a, dtype=float)
    if epsilon:
        e, a = np.where(e == 0, epsilon, e), np.where(a == 0, epsilon, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.sum((a - e) * log(a / e))


def _by_searchsorted(side="right", edges=None, method="linear"):
    train, batch = _incomes()
    edges = _edges(method=method) if edges is None else edges
    return _psi(_shares(train, edges, side), _shares(batch, edges, side))


def _by_digitize():
    train, batch = _incomes()
    edges = _edges()
    e, a = (np.bincount(np.digitize(v, edges), minlength=10) / len(v) for v in (train, batch))
    return _psi(e, a)


def _by_pd_cut(right=False, open_outer=True):
    train, batch = _incomes()
    edges = [-np.inf, *_edges(), np.inf] if open_outer else _edges(inner=False)
    shares = [
        pd.Series(pd.cut(v, edges, right=right, include_lowest=True))
        .value_counts(normalize=True)
        .sort_index()
        .to_numpy()
        for v in (train, batch)
    ]
    return _psi(*shares)


def _by_histogram():
    train, batch = _incomes()
    edges = _edges(inner=False)
    e, a = (np.histogram(v, edges)[0] / len(v) for v in (train, batch))
    return _psi(e, a)


def _shares_of(side="right"):
    train, batch = _incomes()
    edges = _edges()
    return _shares(train, edges, side), _shares(batch, edges, side)


def _holdout(test_split=False):
    return reference.split().X_test[gate.HOLDOUT_COLUMNS] if test_split else ex10._gate_set()


def _checks(threshold=ex10.Q1_THRESHOLD, limit=ex10.Q1_MAX_GAP, model=None):
    metrics = gate.measure(model or ex10._shipped(), _holdout(), threshold=threshold)
    return gate.run_checks(metrics, max_selection_gap=limit, max_fnr_gap=limit)


def _cost(threshold, test_split=False):
    return gate.measure(
        ex10._shipped(), _holdout(test_split), threshold=threshold, intervals=False
    )["cost"]


def _extra(test_split=False, against=gate.SHIPPED_THRESHOLD):
    return _cost(ex10.Q1_THRESHOLD, test_split) - _cost(against, test_split)


def _failing(**kw):
    return [check.name for check in _checks(**kw) if not check.passed]


def _twelve_bins():
    train, batch = _incomes()
    edges = np.quantile(train, np.linspace(0, 1, 11))
    shares = [
        np.bincount(np.searchsorted(edges, v, side="right"), minlength=12) / len(v)
        for v in (train, batch)
    ]
    e, a = (np.where(s == 0, 1e-4, s) for s in shares)
    return float(np.sum((a - e) * np.log(a / e)))


def _check_table():
    return pd.DataFrame(
        [
            {"name": c.name, "value": c.value, "limit": c.limit, "passed": c.passed}
            for c in _checks()
        ]
    )


CASES = {
    "ex10.q2": (
        [
            lambda: _by_searchsorted(),  # np.float64, unrounded
            lambda: round(float(_by_searchsorted()), 4),  # four decimals, as the prompt asks
            lambda: _by_searchsorted(method="inverted_cdf"),  # another quantile method
            lambda: _by_searchsorted(method="nearest"),
            lambda: _by_digitize(),
            lambda: _by_pd_cut(right=False),  # intervals closed on the left, outer bins open
            lambda: drift.psi(*_incomes()),  # the course's helper, arguments in order
            lambda: _psi(*reversed(_shares_of())),  # actual and expected swapped in the sum
            lambda: np.array(_by_searchsorted()),  # a 0-d array
            lambda: np.float32(_by_searchsorted()),
        ],
        [
            # expected and actual swapped where it matters: the bins from the batch
            (lambda: drift.psi(*reversed(_incomes())), "deciles of the production batch"),
            (
                lambda: _by_searchsorted(edges=_edges(_incomes()[1])),
                "deciles of the production batch",
            ),
            (
                lambda: _by_searchsorted("left", edges=_edges(_incomes()[1])),
                "deciles of the production batch",
            ),
            (lambda: _by_searchsorted(edges=_edges(np.concatenate(_incomes()))), "both samples"),
            # the binning: ties, closed outer edges, equal widths, assumed tenths
            (lambda: _by_searchsorted("left"), "bin below it"),
            (lambda: _by_pd_cut(right=True), "pd.cut's intervals are closed on the right"),
            (lambda: round(float(_by_searchsorted("left")), 3), "bin below it"),
            (lambda: _by_histogram(), "your bins lost them"),
            (lambda: _by_pd_cut(right=True, open_outer=False), "your bins lost them"),
            (
                lambda: _by_searchsorted(
                    edges=np.linspace(_incomes()[0].min(), _incomes()[0].max(), 11)[1:-1]
                ),
                "equal width",
            ),
            (lambda: _psi(np.full(10, 0.1), _shares_of()[1]), "exactly 0.1"),
            # the formula: percentages, logarithms, KL, sign
            (lambda: _psi(*(100 * s for s in _shares_of())), "percentages"),
            (lambda: 100 * _by_searchsorted("left"), "percentages"),
            (lambda: _psi(*_shares_of(), log=np.log10), "base-10"),
            (lambda: _psi(*_shares_of(), log=np.log2), "base-2"),
            (
                lambda: np.sum(_shares_of()[1] * np.log(_shares_of()[1] / _shares_of()[0])),
                "Kullback",
            ),
            (lambda: -_by_searchsorted(), "never negative"),
            # no epsilon where a bin is empty (twelve bins: the eleven deciles as edges)
            (
                lambda: _psi(
                    _shares(_incomes()[0], _edges(inner=False)),
                    _shares(_incomes()[1], _edges(inner=False)),
                    epsilon=0,
                ),
                "infinite",
            ),
            (lambda: np.array(math.inf), "infinite"),
            (lambda: float("nan"), "empty in both"),
            # precision and form
            (lambda: round(float(_by_searchsorted()), 2), "rounded to 2 decimals"),
            (lambda: round(float(_by_searchsorted()), 3), "rounded to 3 decimals"),
            # all eleven deciles as edges: 12 bins (accepted while the check allowed 3 decimals)
            (lambda: _twelve_bins(), "all eleven deciles"),
            (lambda: 0.05, "too low"),
            (lambda: f"{_by_searchsorted():.3f}", "without quotes"),
            (lambda: _shares_of()[1], "single number"),
        ],
    ),
    "ex10.q1": (
        [
            lambda: ([], _extra()),
            lambda: (_failing(), _extra()),  # computed as the notebook does
            lambda: (set(), np.float64(_extra())),
            lambda: ((), round(_extra(), 3)),
            lambda: (np.array([], dtype=str), round(_extra(), 4)),
            lambda: (pd.Series([], dtype=object), _extra()),
            lambda: (_failing(threshold=gate.SHIPPED_THRESHOLD), _extra()),  # [] as well
        ],
        [
            # the list: checks that pass, some of them, floors read as ceilings
            (lambda: ([c.name for c in _checks() if c.passed], _extra()), "checks that pass"),
            (lambda: (["roc_auc"], _extra()), "nor calibration depends on the threshold"),
            (lambda: (["calibration_gap"], _extra()), "calibration_gap and the savings pass"),
            (lambda: (["saving_vs_reject_all"], _extra()), "Both savings"),
            (lambda: ([c.name for c in _checks() if c.value > c.limit], _extra()), "floor"),
            (lambda: (["selection_gap", "fnr_gap"], _extra()), "upper ends of the gaps"),
            (lambda: (["fnr_gap"], _extra()), "under the proposal's 0.12"),
            # check objects instead of names, other forms
            (lambda: (_checks()[2], _extra()), "one check itself"),
            (lambda: ([c for c in _checks() if c.passed][:2], _extra()), "give their names"),
            (lambda: ({c.name: c.passed for c in _checks()}, _extra()), "dict of verdicts"),
            (lambda: (_check_table(), _extra()), "name column"),
            (lambda: ([c.passed for c in _checks()], _extra()), "verdicts"),
            (lambda: ("fnr_gap", _extra()), "list of names"),
            (lambda: (["auc"], _extra()), "not a check of the gate"),
            # the extra cost: sign, one cost alone, the test split, a ratio, the wrong baseline
            (lambda: ([], -_extra()), "wrong sign"),
            (lambda: ([], _cost(ex10.Q1_THRESHOLD)), "the proposal's cost itself"),
            (lambda: ([], _cost(gate.SHIPPED_THRESHOLD)), "cost at the shipped threshold"),
            (lambda: ([], _extra(test_split=True)), "test split"),
            (lambda: ([], _cost(0.90) / _cost(gate.SHIPPED_THRESHOLD)), "ratio of the two"),
            (lambda: ([], _cost(0.90) / _cost(gate.SHIPPED_THRESHOLD) - 1), "as a share"),
            (lambda: ([], 100 * (_cost(0.90) / _cost(0.75) - 1)), "as a percentage"),
            (lambda: ([], _extra(against=ex10.CHOSEN_THRESHOLD)), "original model's threshold"),
            (lambda: ([], 1000 * _extra()), "per 1,000 applications"),
            (lambda: ([], round(_extra(), 1)), "rounded to 1 decimal"),
            (lambda: ([], 0.0), "too low"),
            (lambda: ([], "0.134"), "without quotes"),
            (lambda: ([],), "extra_cost is missing"),
        ],
    ),
}
