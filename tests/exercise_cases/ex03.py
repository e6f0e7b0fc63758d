"""Right and wrong answers for the exercises of notebook 03 (see tests/test_exercises.py)."""

from functools import cache

from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold, cross_validate
from sklearn.neighbors import KNeighborsClassifier
from threadpoolctl import threadpool_limits

from coursekit import load_loans
from coursekit.features import RANDOM_STATE, split_loans
from coursekit.modeling import make_pipeline_for

FOLDS = StratifiedKFold(n_splits=5, shuffle=True, random_state=RANDOM_STATE)
K_GRID = [1, 10, 50, 150, 300]


@cache
def _split():
    return split_loans(load_loans())


def _knn(k=15):
    return make_pipeline_for(KNeighborsClassifier(n_neighbors=k))


def _cv(cv=FOLDS, scoring="roc_auc", k=15, whole_data=False):
    X_train, _, y_train, _ = _split()
    if whole_data:
        loans = load_loans()
        X_train, y_train = loans.drop(columns="approved"), loans["approved"]
    with threadpool_limits(limits=1):  # as the checkers do: threads stall on a busy machine
        return cross_validate(_knn(k), X_train, y_train, cv=cv, scoring=scoring)["test_score"]


@cache
def _test_auc(k=15):
    X_train, X_test, y_train, y_test = _split()
    with threadpool_limits(limits=1):
        model = _knn(k).fit(X_train, y_train)
        return roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])


@cache
def _train_auc(k=15):
    X_train, _, y_train, _ = _split()
    with threadpool_limits(limits=1):
        model = _knn(k).fit(X_train, y_train)
        return roc_auc_score(y_train, model.predict_proba(X_train)[:, 1])


def _grid_search_best_k(**overrides):
    X_train, _, y_train, _ = _split()
    options = {"scoring": "roc_auc", "cv": FOLDS, "refit": False} | overrides
    search = GridSearchCV(
        make_pipeline_for(KNeighborsClassifier()), {"classify__n_neighbors": K_GRID}, **options
    )
    with threadpool_limits(limits=1):
        return search.fit(X_train, y_train).best_params_["classify__n_neighbors"]


CASES = {
    "ex03.q1": (
        lambda: _cv().mean(),
        [
            (_test_auc, "test set"),
            (_train_auc, "fitted on"),
            (lambda: _cv(whole_data=True).mean(), "5,000 applications"),
            (lambda: _cv(cv=5).mean(), "without shuffling"),
            (lambda: _cv(cv=KFold(5)).mean(), "unstratified"),
            (lambda: _cv(scoring="f1").mean(), "F1"),
            (lambda: _cv(scoring="accuracy").mean(), "accuracy"),
            (lambda: _cv().std(), "standard deviation"),
            (lambda: _cv(k=5).mean(), "too low"),
            (lambda: _cv(), "single number"),
        ],
    ),
    "ex03.q2": (
        _grid_search_best_k,
        [
            (lambda: max(K_GRID, key=_train_auc), "training data"),
            (lambda: max(K_GRID, key=_test_auc), "test set"),
            (lambda: _grid_search_best_k(scoring="f1"), "F1"),
            (lambda: min(K_GRID, key=lambda k: _cv(k=k).mean()), "lowest"),
            (lambda: 100, "not in the grid"),
            (lambda: {"classify__n_neighbors": 150}, "dict"),
            (lambda: _cv(k=150).mean(), "looks like a score"),
        ],
    ),
}
