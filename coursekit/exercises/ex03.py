"""Exercises of notebook 03 (modeling).

The checkers cross-validate k-NN themselves, on the notebook's folds. The reference answer is
computed first; the values of the common mistakes only when an answer is wrong, so that a right
answer costs the notebook a fraction of a second. k-NN's neighbour search runs OpenMP threads;
on a busy machine (two notebooks on two cores) threads that wait for each other make it many
times slower, so the checkers compute with one thread, which is as fast on data this small.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator
from functools import cache

import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import KFold, StratifiedKFold, cross_validate
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from coursekit.data import load_loans
from coursekit.exercises.core import Exercise, Incorrect, bind_exercises, check_number
from coursekit.features import RANDOM_STATE, TARGET, cv_folds, split_loans
from coursekit.modeling import make_pipeline_for

NOTEBOOK = "03_modeling"
KNN_NEIGHBOURS = 15  # exercise 1's model, named in the notebook's prompt
K_GRID = (1, 10, 50, 150, 300)  # exercise 2's grid, the notebook's `k_grid`
# k-NN has no randomness: the pinned stack reproduces the mean to the last digit. 0.0005 leaves
# room for another BLAS or neighbour-search order that breaks distance ties differently, while
# the closest mistake (cross-validating all 5,000 rows) lies 0.0013 away and every other one at
# least 0.003.
AUC_TOLERANCE = 0.0005


@cache
def _split() -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]:
    return split_loans(load_loans())


def _knn(k: int) -> Pipeline:
    return make_pipeline_for(KNeighborsClassifier(n_neighbors=k))


def _cv_scores(k: int, cv=None, X=None, y=None, scoring: str = "roc_auc") -> pd.Series:
    """The five held-out scores of k-NN (default: the notebook's folds on the training split)."""
    X_train, _, y_train, _ = _split()
    with threadpool_limits(limits=1):  # see the module's docstring
        scores = cross_validate(
            _knn(k),
            X_train if X is None else X,
            y_train if y is None else y,
            cv=cv_folds() if cv is None else cv,
            scoring=scoring,
        )["test_score"]
    return pd.Series(scores)


def _fitted_aucs(k: int) -> tuple[float, float]:
    """ROC-AUC of k-NN fitted on the whole training split: on the training and test sets."""
    X_train, X_test, y_train, y_test = _split()
    with threadpool_limits(limits=1):  # see the module's docstring
        model = _knn(k).fit(X_train, y_train)
        return (
            roc_auc_score(y_train, model.predict_proba(X_train)[:, 1]),
            roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]),
        )


# --- q1: cross-validate a k-NN candidate ---------------------------------------------------


@cache
def _knn_cv_auc() -> tuple[float, float]:
    """Mean and standard deviation of k-NN's ROC-AUC over the notebook's folds."""
    scores = _cv_scores(KNN_NEIGHBOURS)
    return float(scores.mean()), float(scores.std(ddof=0))


@cache
def _knn_mistakes() -> dict[str, float]:
    """What the common mistakes of exercise 1 produce."""
    k = KNN_NEIGHBOURS
    loans = load_loans()
    train_auc, test_auc = _fitted_aucs(k)
    return {
        "test_auc": test_auc,
        "train_auc": train_auc,
        "all_rows": _cv_scores(k, X=loans.drop(columns=TARGET), y=loans[TARGET]).mean(),
        "unshuffled": _cv_scores(k, cv=StratifiedKFold(n_splits=5)).mean(),
        "plain_kfold": _cv_scores(k, cv=KFold(n_splits=5)).mean(),
        "shuffled_kfold": _cv_scores(
            k, cv=KFold(n_splits=5, shuffle=True, random_state=RANDOM_STATE)
        ).mean(),
        "cv_f1": _cv_scores(k, scoring="f1").mean(),
        "cv_accuracy": _cv_scores(k, scoring="accuracy").mean(),
        "cv_auc_std": _knn_cv_auc()[1],
    }


def _same_folds(what: str) -> str:
    return (
        f"Those are {what}. Pass cv=folds, the notebook's shuffled and seeded StratifiedKFold, "
        "so that every model is scored on the same applicants."
    )


def _knn_mistake_values() -> Iterator[tuple[float, str]]:
    """(value, explanation) per mistake; check_number only asks when the answer is wrong."""
    m = _knn_mistakes()
    yield (
        m["test_auc"],
        "That is the score on the test set. Leave X_test alone until notebook 04: "
        "cross-validate on X_train, y_train.",
    )
    yield (
        m["train_auc"],
        "That is the model scored on the applicants it was fitted on, which k-NN remembers. "
        "Use cross_validate(..., cv=folds).",
    )
    yield (
        m["all_rows"],
        "You cross-validated all 5,000 applications, test set included. Use X_train, y_train only.",
    )
    yield m["unshuffled"], _same_folds("stratified folds without shuffling (what cv=5 gives)")
    yield m["plain_kfold"], _same_folds("unstratified, unshuffled KFold folds")
    yield m["shuffled_kfold"], _same_folds("shuffled but unstratified KFold folds")
    yield (
        m["cv_f1"],
        "That is the mean F1, not ROC-AUC: take the 'test_roc_auc' scores, or pass "
        "scoring='roc_auc'.",
    )
    yield (
        m["cv_accuracy"],
        "That is the mean accuracy (what a classifier scores when you give no scoring): "
        "pass scoring='roc_auc'.",
    )
    yield m["cv_auc_std"], "That is the standard deviation over the folds; give their mean."


def _check_knn_auc(knn_cv_auc) -> str:
    mean, std = _knn_cv_auc()
    check_number(
        knn_cv_auc,
        mean,
        tolerance=AUC_TOLERANCE,
        what="Your mean CV ROC-AUC",
        mistakes=_knn_mistake_values(),
        otherwise=(
            f"Use make_pipeline_for(KNeighborsClassifier(n_neighbors={KNN_NEIGHBOURS})), "
            "cross_validate it on X_train, y_train with cv=folds and scoring='roc_auc', and "
            "average the five scores."
        ),
    )
    return (
        f"k-NN with k={KNN_NEIGHBOURS}: CV ROC-AUC {mean:.3f} ± {std:.3f} (checked to "
        f"±{AUC_TOLERANCE}, which allows another library build but not other folds, data or "
        "metric). Compare it with the table above."
    )


# --- q2: tune the number of neighbours -----------------------------------------------------


@cache
def _grid_cv_auc() -> pd.DataFrame:
    """Mean and standard deviation of the CV ROC-AUC for each k of the grid."""
    rows = {k: _cv_scores(k) for k in K_GRID}
    return pd.DataFrame(
        {
            "cv_auc": {k: s.mean() for k, s in rows.items()},
            "cv_auc_std": {k: s.std(ddof=0) for k, s in rows.items()},
        }
    )


@cache
def _grid_mistakes() -> pd.DataFrame:
    """For each k of the grid: mean CV F1 and ROC-AUC on the training and test sets."""
    fitted = {k: _fitted_aucs(k) for k in K_GRID}
    return pd.DataFrame(
        {
            "cv_f1": {k: _cv_scores(k, scoring="f1").mean() for k in K_GRID},
            "train_auc": {k: auc[0] for k, auc in fitted.items()},
            "test_auc": {k: auc[1] for k, auc in fitted.items()},
        }
    )


def _as_k(best_k) -> int:
    if isinstance(best_k, dict):
        raise Incorrect(
            "That is a dict (best_params_?). Give the number of neighbours itself, e.g. "
            "search.best_params_['classify__n_neighbors']."
        )
    if isinstance(best_k, bool) or not isinstance(best_k, numbers.Real):
        raise Incorrect(
            f"best_k should be one number of neighbours, but you gave a {type(best_k).__name__}."
        )
    if 0 < best_k < 1:
        raise Incorrect(
            f"best_k is {best_k:g}, which looks like a score. Give the number of neighbours "
            "that reaches the best score."
        )
    if not float(best_k).is_integer():
        raise Incorrect(f"best_k is {best_k:g}; a number of neighbours is a whole number.")
    k = int(best_k)
    if k not in K_GRID:
        raise Incorrect(f"best_k is {k}, which is not in the grid {list(K_GRID)}.")
    return k


def _check_best_k(best_k) -> str:
    k = _as_k(best_k)
    grid = _grid_cv_auc()
    right = int(grid["cv_auc"].idxmax())
    if k == right:
        runner_up = int(grid["cv_auc"].drop(right).idxmax())
        gap = grid.loc[right, "cv_auc"] - grid.loc[runner_up, "cv_auc"]
        close = gap < grid.loc[right, "cv_auc_std"]
        return (
            f"k={right}: mean CV ROC-AUC {grid.loc[right, 'cv_auc']:.3f} ± "
            f"{grid.loc[right, 'cv_auc_std']:.3f}, the best of the grid (checked exactly: the "
            f"grid is discrete). The runner-up, k={runner_up}, scores "
            f"{grid.loc[runner_up, 'cv_auc']:.3f}"
            + (": within one std, so the folds cannot really tell the two apart." if close else ".")
        )
    mistakes = _grid_mistakes()
    reasons = []
    if k == int(mistakes["train_auc"].idxmax()):
        reasons.append(
            f"k={k} has the best ROC-AUC on the training data "
            f"({mistakes.loc[k, 'train_auc']:.3f}): with few neighbours, each applicant is "
            "its own nearest neighbour, so the model recalls answers it has seen. Choose by "
            "the cross-validated score."
        )
    if k == int(mistakes["test_auc"].idxmax()):
        reasons.append(
            f"k={k} is the best on the test set ({mistakes.loc[k, 'test_auc']:.3f}). Choosing "
            "with the test set spends it: its score is no longer an honest estimate. Choose by "
            "the cross-validated score on X_train."
        )
    if k == int(mistakes["cv_f1"].idxmax()):
        reasons.append(
            f"k={k} has the best mean CV F1 ({mistakes.loc[k, 'cv_f1']:.3f}); this exercise "
            "ranks by ROC-AUC (scoring='roc_auc')."
        )
    if k == int(grid["cv_auc"].idxmin()):
        reasons.append(
            f"k={k} has the *lowest* mean CV ROC-AUC ({grid.loc[k, 'cv_auc']:.3f}): take the "
            "maximum, not the minimum."
        )
    if not reasons:
        reasons.append(
            f"With the notebook's folds, k={k} has a mean CV ROC-AUC of "
            f"{grid.loc[k, 'cv_auc']:.3f}, and another k of the grid does better. Use cv=folds "
            "and scoring='roc_auc' on X_train, y_train."
        )
    raise Incorrect(" ".join(reasons))


q1 = Exercise(
    answers=("knn_cv_auc",),
    title="cross-validate a k-NN candidate",
    checker=_check_knn_auc,
    hint_text=(
        "make_pipeline_for(KNeighborsClassifier(n_neighbors=15)) puts the model behind the "
        "course's preprocessor. cross_validate(model, X_train, y_train, cv=folds, "
        "scoring='roc_auc') returns a dict; average its 'test_score'."
    ),
    how_to_start="Set knn_cv_auc to the mean of five cross-validated ROC-AUC scores.",
)
q2 = Exercise(
    answers=("best_k",),
    title="tune the number of neighbours",
    checker=_check_best_k,
    hint_text=(
        "GridSearchCV(make_pipeline_for(KNeighborsClassifier()), "
        "{'classify__n_neighbors': k_grid}, scoring='roc_auc', cv=folds) tries every k on the "
        "same folds; after fit(X_train, y_train), best_params_ names the winner. Neither the "
        "test set nor the training score may help choose."
    ),
    how_to_start="Set best_k to the k from k_grid with the highest mean CV ROC-AUC.",
)

bind_exercises(globals(), NOTEBOOK)
