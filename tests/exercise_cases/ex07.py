"""Right and wrong answers for the exercises of notebook 07 (see tests/test_exercises.py).

The SHAP values are recomputed here the way the notebook computes them: the explained model from
coursekit.explain, its 300 test applicants, TreeExplainer on the classifier.
"""

from functools import cache

import numpy as np
import pandas as pd
import shap

from coursekit import load_loans
from coursekit.explain import (
    EXPLAINED_MODEL,
    by_feature,
    explanation_sample,
    fit_explained_models,
    input_features,
    model_inputs,
    pick_rejected,
)
from coursekit.features import split_loans


@cache
def _explained():
    X_train, X_test, y_train, _ = split_loans(load_loans())
    model = fit_explained_models(X_train, y_train)[EXPLAINED_MODEL]
    applicants = explanation_sample(X_test)
    explanation = shap.TreeExplainer(model[-1])(model_inputs(model, applicants).to_numpy())
    inputs = input_features(model)
    per_feature = by_feature(explanation.values, inputs)
    per_feature.index = applicants.index
    scores = model.predict_proba(applicants)[:, 1]
    return applicants, explanation, inputs, per_feature, scores


def _near_miss():
    return pick_rejected(_explained()[4], rule="closest")


def _row():
    return _explained()[3].iloc[_near_miss()]


def _log_odds(position):
    explanation = _explained()[1]
    return explanation.base_values[position] + explanation.values[position].sum()


def _sigmoid(value):
    return 1 / (1 + np.exp(-value))


def _group_means(values: pd.Series):
    return values.groupby(_explained()[0]["group"]).mean()


def _district_gap():
    means = _group_means(_explained()[3]["district"])
    return means["B"] - means["A"]


def _column(name):
    return list(_explained()[2].index).index(name)


def _second_most_negative():
    return _row().sort_values().index[1]


CASES = {
    "ex07.q1": (
        lambda: _row().idxmin(),
        [
            (lambda: _row().abs().idxmax(), "towards approval"),
            (lambda: _row().idxmax(), "towards approval"),
            (_second_most_negative, "another feature pushes harder"),
            (lambda: "group", "not an input"),
            (lambda: "postcode", "not one of the loan features"),
            (lambda: 3, "as a string"),
        ],
    ),
    "ex07.q2": (
        lambda: round(float(_sigmoid(_log_odds(_near_miss()))), 4),
        [
            (lambda: _log_odds(_near_miss()), "log-odds"),
            (lambda: _sigmoid(_explained()[1].values[_near_miss()].sum()), "left out the base"),
            (lambda: _sigmoid(_explained()[1].base_values[0]), "base value alone"),
            (lambda: _sigmoid(_log_odds(pick_rejected(_explained()[4]))), "clearest rejection"),
            (lambda: 0.5, "too low"),
            (lambda: [0.73], "should be a single number"),
        ],
    ),
    "ex07.q3": (
        lambda: round(float(_district_gap()), 2),
        [
            (lambda: -_district_gap(), "A minus group B"),
            (lambda: _group_means(_explained()[3]["district"].abs()).diff()["B"], "absolute"),
            (lambda: _group_means(_explained()[3]["district"])["B"], "group B's mean alone"),
            (
                lambda: _group_means(
                    pd.Series(
                        _explained()[1].values[:, _column("categorical__district_Eastfield")],
                        index=_explained()[0].index,
                    )
                ).diff()["B"],
                "Eastfield column only",
            ),
            (lambda: _explained()[3]["district"].mean(), "split them by group"),
        ],
    ),
}
