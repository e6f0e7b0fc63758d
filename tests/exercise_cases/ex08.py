"""Right and wrong answers for the exercises of notebook 08 (see tests/test_exercises.py).

LIME and SHAP are recomputed here with the notebook's settings: the explained model and its
clearest rejection from coursekit.explain, LIME with seed 42 and 5,000 samples on the loan table
with categories as codes, TreeExplainer for SHAP.
"""

from functools import cache

import pandas as pd
import shap
from lime.lime_tabular import LimeTabularExplainer
from scipy.stats import kendalltau, pearsonr, spearmanr

from coursekit import load_loans
from coursekit.explain import (
    EXPLAINED_MODEL,
    LabelCodec,
    by_feature,
    explanation_sample,
    fit_explained_models,
    input_features,
    lime_weights,
    model_inputs,
    pick_rejected,
)
from coursekit.features import FEATURES, RANDOM_STATE, split_loans


@cache
def _weights():
    """(LIME weights, SHAP values per feature, LIME's descriptions) for the clearest rejection."""
    X_train, X_test, y_train, _ = split_loans(load_loans())
    model = fit_explained_models(X_train, y_train)[EXPLAINED_MODEL]
    applicants = explanation_sample(X_test)
    one = applicants.iloc[[pick_rejected(model.predict_proba(applicants)[:, 1])]]
    codec = LabelCodec(X_train)
    explanation = LimeTabularExplainer(
        codec.encode(X_train),
        mode="classification",
        feature_names=codec.feature_names,
        categorical_features=codec.categorical_features,
        categorical_names=codec.categorical_names,
        random_state=RANDOM_STATE,
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


def _by_weight(weights: pd.Series, k=3):
    return list(weights.sort_values().index[:k])


CASES = {
    "ex08.q1": (
        lambda: _by_weight(_lime()),
        [
            (lambda: list(_lime().abs().sort_values(ascending=False).index[:3]), "positive weight"),
            (lambda: _by_weight(_lime())[::-1], "wrong order"),
            (lambda: _by_weight(_lime().drop("district")), "left out the district"),
            (lambda: [_weights()[2][0][0], *_by_weight(_lime())[1:]], "description"),
            (lambda: _by_weight(_lime(), 2), "a rejection letter here gives three"),
            (lambda: ["income", "income", "district"], "appears twice"),
            (lambda: ["income", "salary", "district"], "not loan features"),
            (lambda: "income", "list of three"),
            (lambda: ["income", "district", "home_ownership"], "pushes harder"),
        ],
    ),
    "ex08.q2": (
        lambda: round(float(spearmanr(_lime(), _shap()).statistic), 2),
        [
            (lambda: pearsonr(_lime(), _shap()).statistic, "Pearson"),
            (lambda: spearmanr(_lime().abs(), _shap().abs()).statistic, "absolute values"),
            (lambda: spearmanr(_lime(), _shap()).pvalue, "p-value"),
            (lambda: kendalltau(_lime(), _shap()).statistic, "Kendall"),
            (lambda: 1.3, "between −1 and 1"),
            (lambda: -spearmanr(_lime(), _shap()).statistic, "too low"),
        ],
    ),
}
