"""Right and wrong answers for the exercises of notebook 06 (see tests/test_exercises.py)."""

import warnings
from functools import cache

import numpy as np
import pandas as pd
from sklearn.inspection import permutation_importance
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import cross_val_score

from coursekit.exercises import reference
from coursekit.features import (
    CATEGORICAL_FEATURES,
    FEATURES,
    NUMERIC_FEATURES,
    RANDOM_STATE,
    cv_folds,
    make_preprocessor,
)
from coursekit.modeling import CHOSEN_MODEL, candidate_models

_split = reference.split  # the split and models the checkers use, computed once


def _unfitted(dropped=(), solver="lbfgs"):
    return candidate_models()[CHOSEN_MODEL].set_params(
        preprocess=make_preprocessor(
            [c for c in NUMERIC_FEATURES if c not in dropped],
            [c for c in CATEGORICAL_FEATURES if c not in dropped],
        ),
        classify__solver=solver,
        classify__max_iter=5000,
    )


@cache
def _fitted(dropped=(), solver="lbfgs"):
    X_train, _, y_train, _ = _split()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sag and saga may warn about convergence
        return _unfitted(dropped, solver).fit(X_train, y_train)


@cache
def _importances(n_repeats=10, random_state=RANDOM_STATE, train=False):
    X_train, X_test, y_train, y_test = _split()
    X, y = (X_train, y_train) if train else (X_test, y_test)
    result = permutation_importance(
        _fitted(),
        X[FEATURES],
        y,
        scoring="roc_auc",
        n_repeats=n_repeats,
        random_state=random_state,
    )
    return pd.Series(result.importances_mean, index=FEATURES)


def _auc(model, train=False):
    X_train, X_test, y_train, y_test = _split()
    X, y = (X_train, y_train) if train else (X_test, y_test)
    return roc_auc_score(y, model.predict_proba(X)[:, 1])


def _drop(feature="income", train=False, solver="lbfgs"):
    return _auc(_fitted(solver=solver), train) - _auc(_fitted((feature,), solver), train)


def _mean_imputed_drop():
    X_train, X_test, _, y_test = _split()
    imputed = X_test.assign(income=X_train["income"].mean())
    return _auc(_fitted()) - roc_auc_score(y_test, _fitted().predict_proba(imputed)[:, 1])


def _accuracy_drop():
    _, X_test, _, y_test = _split()
    return accuracy_score(y_test, _fitted().predict(X_test)) - accuracy_score(
        y_test, _fitted(("income",)).predict(X_test)
    )


def _cv_drop():
    X_train, _, y_train, _ = _split()

    def cv_auc(dropped):
        return cross_val_score(
            _unfitted(dropped), X_train, y_train, cv=cv_folds(), scoring="roc_auc"
        ).mean()

    return cv_auc(()) - cv_auc(("income",))


def _class_0_drop():
    """The drop with both ROC-AUCs scored on column 0 (rejection): minus the right drop."""
    _, X_test, _, y_test = _split()
    full, reduced = _fitted(), _fitted(("income",))
    return roc_auc_score(y_test, full.predict_proba(X_test)[:, 0]) - roc_auc_score(
        y_test, reduced.predict_proba(X_test)[:, 0]
    )


def _test_fitted_drop():
    _, X_test, _, y_test = _split()
    reduced = _unfitted(("income",)).fit(X_test, y_test)
    return _auc(_fitted()) - _auc(reduced)


CASES = {
    "ex06.q1": (
        [
            lambda: _importances().idxmax(),  # a NumPy string from the index
            lambda: str(_importances().idxmax()),
            lambda: np.array(str(_importances().idxmax())),  # a 0-d array (crashed)
            lambda: _importances().sort_values().index[-1],
            lambda: _importances(n_repeats=5, random_state=0).idxmax(),  # another seed
            lambda: _importances(train=True).idxmax(),  # same name on the training split
            lambda: np.str_("income"),
        ],
        [
            (lambda: _importances().idxmin(), "least"),
            (lambda: _importances().sort_values(ascending=False).index[1], "ranks 2"),
            (lambda: "Debt_to_income", "It is written 'debt_to_income'"),
            (lambda: "noise", "never saw it"),
            (lambda: "categorical__district_Millbrook", "encoded"),
            (lambda: "numeric__income", "Right feature"),
            (
                lambda: "Income",
                "It is written 'income'",
            ),  # names are compared exactly, as pandas does
            (lambda: " income ", "It is written 'income'"),
            (lambda: "repaid", "not a feature"),
            (lambda: "credit_score", "not one of the model's features"),
            (lambda: _importances(), "the importances themselves"),
            (lambda: _importances().nlargest(1), "its label (the index)"),
            (lambda: list(_importances().nlargest(1).index), "take it out with [0]"),
            (lambda: _importances().nlargest(1).index, "take it out with [0]"),
            (lambda: ["income", "debt_to_income"], "should be one name as text"),
            (lambda: int(_importances().argmax()), "as text"),
            (lambda: float(_importances().max()), "a value, not the name"),
        ],
    ),
    "ex06.q2": (
        [
            lambda: _drop(),
            lambda: round(_drop(), 3),  # three decimals, as the prompt allows
            lambda: round(_drop(), 4),
            lambda: np.float64(_drop()),
            lambda: _drop(solver="liblinear"),
            lambda: _drop(solver="newton-cg"),
            lambda: _drop(solver="newton-cholesky"),
            lambda: _drop(solver="saga"),
            lambda: _auc(_fitted()) - _auc(_fitted(("income",), "liblinear")),  # one refitted
        ],
        [
            # [:, 0] for both models gives minus the drop: both possible causes are named
            (_class_0_drop, "column 0 of predict_proba"),
            (_class_0_drop, "sign is the wrong way"),
            (lambda: _test_fitted_drop(), "fitted on the test split"),
            (lambda: -_drop(), "wrong way round"),
            (lambda: _drop(train=True), "training split"),
            (lambda: _drop() / _auc(_fitted()), "relative drop"),
            (lambda: _auc(_fitted(("income",))), "not the drop"),
            (lambda: _auc(_fitted()), "full model's test ROC-AUC"),
            (_accuracy_drop, "drop in accuracy"),
            (lambda: _importances(n_repeats=5, random_state=0)["income"], "permutation"),
            (lambda: _importances()["income"], "permutation"),
            (_mean_imputed_drop, "replaced income by its mean"),
            (lambda: _drop("loan_amount"), "loan_amount"),
            (_cv_drop, "cross-validated"),
            (lambda: 100 * _drop(), "percentage"),
            (lambda: -100 * _drop(), "percentage"),
            (lambda: round(_drop(), 2), "too coarse"),
            (lambda: _auc(_fitted()) - _auc(_fitted()), "same model twice"),
            (lambda: str(round(_drop(), 3)), "without quotes"),
            (lambda: [_drop()], "[0]"),
            (lambda: 0.5, "too high"),
        ],
    ),
}
