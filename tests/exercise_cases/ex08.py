"""Right and wrong answers for the exercises of notebook 08 (see tests/test_exercises.py).

LIME and SHAP are recomputed here with the notebook's settings: the explained model and its
clearest rejection from coursekit.explain, LIME with seed 42 and 5,000 samples on the loan table
with categories as codes, TreeExplainer for SHAP.
"""

from functools import cache

import numpy as np
import pandas as pd
import shap
from lime.lime_tabular import LimeTabularExplainer
from scipy.stats import kendalltau, pearsonr, spearmanr

from coursekit import load_prepared_loans
from coursekit.explain import (
    EXPLAINED_MODEL,
    LabelCodec,
    by_feature,
    complete_rows,
    explanation_sample,
    fit_explained_models,
    input_features,
    lime_weights,
    model_inputs,
    pick_rejected,
)
from coursekit.features import FEATURES, RANDOM_STATE, split_loans


@cache
def _setting():
    X_train, X_test, y_train, _ = split_loans(load_prepared_loans())
    model = fit_explained_models(X_train, y_train)[EXPLAINED_MODEL]
    applicants = explanation_sample(X_test)
    one = applicants.iloc[[pick_rejected(model.predict_proba(applicants)[:, 1])]]
    return X_train, model, one, LabelCodec(complete_rows(X_train))


@cache
def _weights(seed=RANDOM_STATE):
    """(LIME weights, SHAP values per feature, LIME's descriptions) for the clearest rejection."""
    X_train, model, one, codec = _setting()
    explanation = LimeTabularExplainer(
        codec.encode(complete_rows(X_train)),
        mode="classification",
        feature_names=codec.feature_names,
        categorical_features=codec.categorical_features,
        categorical_names=codec.categorical_names,
        random_state=seed,
    ).explain_instance(
        codec.encode(one)[0], codec.predict_fn(model), num_features=len(FEATURES), num_samples=5000
    )
    values = shap.TreeExplainer(model[-1])(model_inputs(model, one).to_numpy()).values[0]
    lime = lime_weights(explanation.as_map()[1], codec.feature_names)
    return lime, by_feature(values, input_features(model))[lime.index], explanation.as_list(1)


def _lime():
    return _weights()[0]


def _shap():
    return _weights()[1]


def _comparison():
    return pd.DataFrame({"LIME": _lime(), "SHAP": _shap()})


def _by_weight(weights: pd.Series, k=3):
    return list(weights.sort_values().index[:k])


def _spearman():
    return spearmanr(_lime(), _shap()).statistic


def _other_seed_spearman():
    """Spearman's correlation for the first seed (of 0-19) whose LIME run gives another value."""
    for seed in range(20):
        value = spearmanr(_weights(seed)[0], _shap()).statistic
        if abs(value - _spearman()) > 0.01:
            return value
    raise AssertionError("every seed gives the same correlation: drop this case")


CASES = {
    "ex08.q1": (
        [
            lambda: _by_weight(_lime()),
            lambda: (tuple(_by_weight(_lime())),),  # one tuple as one answer
            lambda: np.array(_by_weight(_lime())),
            lambda: pd.Series(_by_weight(_lime())),
            lambda: _lime().sort_values().index[:3],
            lambda: _lime().nsmallest(3).index,
            lambda: [np.str_(name) for name in _by_weight(_lime())],
        ],
        [
            # the first three weights in the features' order, unsorted (age pushes towards approval)
            (lambda: list(_lime().head(3).index), "positive weight"),
            # a reason sentence is no model input, though it holds a feature's word
            (lambda: ["Existing debt payments: 55% of income", "age", "district"], "not a"),
            (lambda: list(_lime().abs().sort_values(ascending=False).index[:3]), "positive weight"),
            (lambda: list(_lime().sort_values(ascending=False).index[:3]), "positive weight"),
            (lambda: _by_weight(_lime())[::-1], "wrong order"),
            (lambda: [_by_weight(_lime())[i] for i in (0, 2, 1)], "wrong order"),
            # order matters (strongest first), so a set is refused
            (lambda: set(_by_weight(_lime())), "a set has no order"),
            # the strongest reason left out: the fourth, the district, moves into the three
            (
                lambda: _by_weight(_lime().drop(_by_weight(_lime())[0])),
                "not among the three most negative",
            ),
            # LIME's conditions instead of the features' names
            (lambda: [_weights()[2][0][0], *_by_weight(_lime())[1:]], "description"),
            (lambda: [d for d, _ in _weights()[2][:3]], "as_list() orders the conditions"),
            (lambda: _weights()[2][:3], "pairs"),
            # a model input's name instead of the feature's
            (
                lambda: [*_by_weight(_lime())[:2], "categorical__district_Eastfield"],
                "name of a model input",
            ),
            # the weights instead of their names
            (lambda: _lime().nsmallest(3), "the weights themselves"),
            (lambda: _by_weight(_lime(), 2), "a rejection letter here gives three"),
            (lambda: _by_weight(_lime(), 4), "a rejection letter here gives three"),
            (lambda: ["income", "income", "district"], "appears twice"),
            (lambda: ["income", "salary", "district"], "not a loan feature"),
            (lambda: ["Income", "debt_to_income", "district"], "It is written 'income'"),
            (lambda: ["income ", "debt_to_income", "district"], "It is written 'income'"),
            (lambda: "income", "one piece of text"),
            (lambda: dict.fromkeys(_by_weight(_lime()), 1), "dict"),
            (
                lambda: [*_by_weight(_lime())[:2], "district"],  # the fourth for the third
                "not among the three most negative",
            ),
        ],
    ),
    "ex08.q2": (
        [
            lambda: _spearman(),
            lambda: spearmanr(_lime(), _shap())[0],
            lambda: float(_spearman()),
            lambda: round(float(_spearman()), 3),
            lambda: round(float(_spearman()), 2),
            lambda: spearmanr(_comparison()).statistic,
            lambda: _comparison().corr(method="spearman").loc["LIME", "SHAP"],
            lambda: pearsonr(_lime().rank(), _shap().rank()).statistic,
        ],
        [
            (lambda: pearsonr(_lime(), _shap()).statistic, "Pearson"),
            (lambda: _lime().corr(_shap()), "Pearson"),
            (lambda: spearmanr(_lime().abs(), _shap().abs()).statistic, "absolute values"),
            (lambda: pearsonr(_lime().abs(), _shap().abs()).statistic, "sizes"),
            (lambda: spearmanr(_lime(), _shap()).pvalue, "p-value"),
            (lambda: kendalltau(_lime(), _shap()).statistic, "Kendall"),
            (
                lambda: spearmanr(_lime().sort_values(), _shap().sort_values()).statistic,
                "sorted each",
            ),
            # scipy's result object, the pair it unpacks into, a correlation matrix
            (lambda: (spearmanr(_lime(), _shap()),), ".statistic"),  # one result as one answer
            (lambda: (tuple(float(v) for v in spearmanr(_lime(), _shap())),), "two numbers"),
            (lambda: _comparison().corr(method="spearman"), "correlation matrix"),
            # another LIME seed than the notebook's
            (_other_seed_spearman, "another seed"),
            (lambda: round(float(_other_seed_spearman()), 2), "another seed"),
            (lambda: 100 * _spearman(), "percentage"),
            (lambda: round(float(_spearman()), 1), "rounded to 1 decimal"),
            (lambda: 1.3, "between −1 and 1"),
            (lambda: -_spearman(), "too low"),
            (lambda: "0.87", "without quotes"),
        ],
    ),
}
