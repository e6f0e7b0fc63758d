"""Right and wrong answers for the exercises of notebook 03 (see tests/test_exercises.py)."""

from functools import cache

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    StratifiedKFold,
    cross_val_score,
    cross_validate,
)
from sklearn.neighbors import KNeighborsClassifier
from threadpoolctl import threadpool_limits

from coursekit.exercises import reference
from coursekit.exercises.ex03 import OTHER_TEAM_LOG, RULE_CHOICE, RULE_CONTENDERS
from coursekit.features import RANDOM_STATE
from coursekit.modeling import make_pipeline_for

FOLDS = StratifiedKFold(n_splits=5, shuffle=True, random_state=RANDOM_STATE)
K_GRID = [1, 10, 50, 150, 300]


_split = reference.split  # the split and models the checkers use, computed once


def _knn(k=15, **options):
    return make_pipeline_for(KNeighborsClassifier(n_neighbors=k, **options))


@cache
def _cv_result(cv=FOLDS, scoring="roc_auc", k=15, whole_data=False, train=False):
    """What the learner's cross_validate call returns (a dict of arrays)."""
    X_train, _, y_train, _ = _split()
    if whole_data:
        loans = reference.prepared_loans()
        X_train, y_train = loans.drop(columns="approved"), loans["approved"]
    with threadpool_limits(limits=1):  # as the checkers do: threads stall on a busy machine
        return cross_validate(
            _knn(k), X_train, y_train, cv=cv, scoring=scoring, return_train_score=train
        )


def _cv(**options):
    """The five held-out scores (a NumPy array, as cross_validate gives them)."""
    return _cv_result(**options)["test_score"]


def _cross_val_score(**options):
    X_train, _, y_train, _ = _split()
    with threadpool_limits(limits=1):
        return cross_val_score(_knn(**options), X_train, y_train, cv=FOLDS, scoring="roc_auc")


def _seeded(seed):
    return StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)


@cache
def _fitted_auc(k, on):
    X_train, X_test, y_train, y_test = _split()
    X, y = (X_train, y_train) if on == "train" else (X_test, y_test)
    with threadpool_limits(limits=1):
        model = _knn(k).fit(X_train, y_train)
        return roc_auc_score(y, model.predict_proba(X)[:, 1])


@cache
def _grid_search(**overrides):
    X_train, _, y_train, _ = _split()
    options = {"scoring": "roc_auc", "cv": FOLDS, "refit": False} | overrides
    search = GridSearchCV(
        make_pipeline_for(KNeighborsClassifier()), {"classify__n_neighbors": K_GRID}, **options
    )
    with threadpool_limits(limits=1):
        return search.fit(X_train, y_train)


def _best_k(**overrides):
    return _grid_search(**overrides).best_params_["classify__n_neighbors"]


def _cv_on_test():
    _, X_test, _, y_test = _split()
    with threadpool_limits(limits=1):
        return cross_validate(_knn(), X_test, y_test, cv=FOLDS, scoring="roc_auc")["test_score"]


CASES = {
    "ex03.q1": (
        [
            lambda: _cv(),  # a NumPy array, what cross_validate gives
            lambda: pd.Index(_cv()),  # an Index (was refused)
            lambda: list(_cv()),
            lambda: (tuple(_cv()),),  # one tuple as the one answer
            lambda: pd.Series(_cv()),
            lambda: pd.DataFrame(_cv_result())["test_score"],  # a column of the results
            lambda: _cross_val_score(),  # the same five numbers
            lambda: _cross_val_score(algorithm="brute"),  # another neighbour search
            lambda: list(np.round(_cv(), 3)),  # three decimals, as the prompt allows
            lambda: _cv().reshape(5, 1),  # a column vector
        ],
        [
            (lambda: 1 - _cv(), "1 minus the right scores"),
            (lambda: _cv_on_test(), "cross-validated the test split"),
            # one number where five are asked for: the old answer, and others
            (lambda: _cv().mean(), "five held-out fold scores"),
            (lambda: _cv().mean(), "looks like their mean"),
            (lambda: _cv().std(), "standard deviation"),
            (lambda: _fitted_auc(15, "test"), "test set"),
            # other folds: each has a mean close to the right one, caught fold by fold
            (lambda: _cv(cv=_seeded(0)), "random_state=0"),
            (lambda: _cv(cv=_seeded(1)), "random_state=1"),
            (lambda: _cv(cv=_seeded(2023)), "other folds"),  # a seed the checker does not try
            (lambda: _cv(cv=_seeded(None)), "other folds"),  # shuffled without a seed
            (lambda: _cv(cv=5), "without shuffling"),
            (lambda: _cv(cv=KFold(5)), "unstratified, unshuffled"),
            (
                lambda: _cv(cv=KFold(5, shuffle=True, random_state=RANDOM_STATE)),
                "shuffled but unstratified",
            ),
            # the wrong data, scores or metric
            (lambda: _cv(whole_data=True), "5,000 applications"),
            (lambda: _cv_result(train=True)["train_score"], "training scores"),
            (lambda: _cv(scoring="f1"), "F1"),
            (lambda: _cv(scoring="accuracy"), "accuracies"),
            (lambda: _cv(scoring="average_precision"), "average precision"),
            (lambda: _cv_result()["fit_time"], "fit_time"),
            # the wrong model: a neighbouring k has a close mean too
            (lambda: _cv(k=16), "neighbouring k"),
            (lambda: _cv(k=5), "too low"),
            # the right numbers in the wrong form
            (lambda: np.sort(_cv()), "another order"),
            (lambda: 100 * _cv(), "percentages"),
            (lambda: list(np.round(_cv(), 2)), "rounded to 2 decimals"),
            (lambda: [str(v) for v in _cv()], "without quotes"),
            (lambda: _cv_result(), "'test_score'"),
            (lambda: _cv_result(scoring=("roc_auc", "f1")), "'test_roc_auc'"),
            (lambda: pd.DataFrame(_cv_result()), "not the whole table"),
            (lambda: _cv(cv=10), "should hold five"),
            (lambda: _knn(), "a model"),
        ],
    ),
    "ex03.q2": (
        [
            _best_k,  # a Python int, what best_params_ holds
            lambda: np.int64(_best_k()),
            lambda: float(_best_k()),  # 150.0: an exact whole number
            lambda: np.array(_best_k()),  # a 0-d array
            lambda: K_GRID[int(_grid_search().best_index_)],
        ],
        [
            (lambda: max(K_GRID, key=lambda k: _fitted_auc(k, "train")), "training data"),
            (lambda: max(K_GRID, key=lambda k: _fitted_auc(k, "test")), "test set"),
            # choosing k by F1 picks the same k = 150 on the prepared data: right by coincidence,
            # and an answer of k alone cannot tell (the scores list above catches F1 instead)
            (lambda: min(K_GRID, key=lambda k: _cv(k=k).mean()), "lowest"),
            (lambda: int(_grid_search().best_index_), "position in k_grid"),
            (lambda: np.int64(_grid_search().best_index_), "position in k_grid"),
            (lambda: 4, "position in the grid"),
            (lambda: 50, "another k of the grid does better"),
            (lambda: 100, "not in the grid"),
            (lambda: 150.5, "whole number"),
            (lambda: [_best_k()], "Take the number out of it"),
            (lambda: np.array([_best_k()]), "Take the number out of it"),
            (lambda: str(_best_k()), "without quotes"),
            (lambda: _grid_search().best_params_, "dict"),
            (lambda: _grid_search(), "a model or a search"),
            (lambda: _grid_search().best_score_, "looks like a score"),
        ],
    ),
    "ex03.q3": (
        [
            lambda: (list(RULE_CONTENDERS), RULE_CHOICE),
            lambda: (("neural network", "gradient boosting", "random forest"), "random forest"),
            lambda: (set(RULE_CONTENDERS), np.str_("random forest")),
            lambda: (pd.Index(RULE_CONTENDERS), "random forest"),
            lambda: (_other_log_rule(), "random forest"),
        ],
        [
            (lambda: (list(RULE_CONTENDERS), "gradient boosting"), "best mean, but that is step 1"),
            (lambda: (list(RULE_CONTENDERS), "neural network"), "not the simplest"),
            (lambda: (list(RULE_CONTENDERS), "logistic regression"), "not a contender"),
            (lambda: (list(RULE_CONTENDERS), "baseline"), "not a contender"),
            (lambda: (["gradient boosting"], "gradient boosting"), "standard-error variant"),
            (lambda: (_other_log_rule(sds=2), "logistic regression"), "below the bar"),
            (lambda: (list(OTHER_TEAM_LOG), "baseline"), "below the bar"),
            (lambda: (["random forest", "neural network"], "random forest"), "always a contender"),
            (lambda: (["random forest", "gradient boosting"], "random forest"), "reaches the bar"),
            (lambda: (list(RULE_CONTENDERS), "Random forest"), "written 'random forest'"),
            (lambda: (list(RULE_CONTENDERS), ["random forest"]), "inside a container"),
            (lambda: ("random forest", "random forest"), "one piece of text"),
            (lambda: (list(RULE_CONTENDERS), "xgboost"), "not a model of the log"),
            (lambda: (list(RULE_CONTENDERS), 2), "a position"),
            (lambda: ([0.788, 0.796, 0.790], "random forest"), "should hold names"),
        ],
    ),
}


def _other_log_rule(sds=1):
    """The rule of section 6 on the other team's log, with a bar of ``sds`` standard deviations."""
    log = pd.DataFrame(OTHER_TEAM_LOG, index=["mean", "std"]).T
    best = log.loc[log["mean"].idxmax()]
    return list(log.index[log["mean"] >= best["mean"] - sds * best["std"]])
