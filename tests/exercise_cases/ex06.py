"""Right and wrong answers for the exercises of notebook 06 (see tests/test_exercises.py)."""

from functools import cache

import pandas as pd
from sklearn.inspection import permutation_importance
from sklearn.metrics import roc_auc_score

from coursekit import load_loans
from coursekit.features import (
    CATEGORICAL_FEATURES,
    FEATURES,
    NUMERIC_FEATURES,
    RANDOM_STATE,
    make_preprocessor,
    split_loans,
)
from coursekit.modeling import CHOSEN_MODEL, candidate_models


@cache
def _split():
    return split_loans(load_loans())


@cache
def _fitted(dropped=()):
    X_train, _, y_train, _ = _split()
    model = candidate_models()[CHOSEN_MODEL].set_params(
        preprocess=make_preprocessor(
            [c for c in NUMERIC_FEATURES if c not in dropped],
            [c for c in CATEGORICAL_FEATURES if c not in dropped],
        )
    )
    return model.fit(X_train, y_train)


@cache
def _importances(n_repeats=10, random_state=RANDOM_STATE):
    _, X_test, _, y_test = _split()
    result = permutation_importance(
        _fitted(),
        X_test[FEATURES],
        y_test,
        scoring="roc_auc",
        n_repeats=n_repeats,
        random_state=random_state,
    )
    return pd.Series(result.importances_mean, index=FEATURES)


def _auc(model, train=False):
    X_train, X_test, y_train, y_test = _split()
    X, y = (X_train, y_train) if train else (X_test, y_test)
    return roc_auc_score(y, model.predict_proba(X)[:, 1])


def _drop(feature="income", train=False):
    return _auc(_fitted(), train) - _auc(_fitted((feature,)), train)


def _mean_imputed_drop():
    X_train, X_test, _, y_test = _split()
    imputed = X_test.assign(income=X_train["income"].mean())
    return _auc(_fitted()) - roc_auc_score(y_test, _fitted().predict_proba(imputed)[:, 1])


CASES = {
    "ex06.q1": (
        lambda: _importances().idxmax(),
        [
            (lambda: _importances().idxmin(), "least"),
            (lambda: _importances().sort_values(ascending=False).index[1], "ranks 2"),
            (lambda: "noise", "never saw it"),
            (lambda: "categorical__district_Millbrook", "encoded"),
            (lambda: "numeric__income", "Right feature"),
            (lambda: "repaid", "not a feature"),
            (lambda: "credit_score", "not one of the model's features"),
            (lambda: _importances(), "give one feature name"),
            (lambda: int(_importances().argmax()), "as a string"),
        ],
    ),
    "ex06.q2": (
        lambda: round(_drop(), 3),
        [
            (lambda: -_drop(), "wrong way round"),
            (lambda: _drop(train=True), "training split"),
            (lambda: _auc(_fitted(("income",))), "not the drop"),
            (lambda: _importances(n_repeats=5, random_state=0)["income"], "permutation"),
            (_mean_imputed_drop, "replaced income by its mean"),
            (lambda: _drop("loan_amount"), "loan_amount"),
            (lambda: 100 * _drop(), "percentage"),
            (lambda: _auc(_fitted()) - _auc(_fitted()), "same model twice"),
            (lambda: 0.5, "too high"),
        ],
    ),
}
