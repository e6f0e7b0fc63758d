"""Exercises of notebook 03 (modeling).

The checkers cross-validate k-NN themselves, on the notebook's folds and the course's split
(from :mod:`coursekit.exercises.reference`). The reference answer is computed first; the values
of the common mistakes only when an answer is wrong, so that a right answer costs the notebook
a fraction of a second. k-NN's neighbour search runs OpenMP threads; on a busy machine (two
notebooks on two cores) threads that wait for each other make it many times slower, so the
checkers compute with one thread, which is as fast on data this small.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from functools import cache

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import KFold, StratifiedKFold, cross_validate
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from coursekit.exercises import reference
from coursekit.exercises.core import (
    Exercise,
    Incorrect,
    as_name,
    as_names,
    as_number,
    as_numbers,
    bind_exercises,
    coarse_rounding,
    describe,
)
from coursekit.features import RANDOM_STATE, TARGET, cv_folds
from coursekit.modeling import make_pipeline_for

NOTEBOOK = "03_modeling"
KNN_NEIGHBOURS = 15  # exercise 1's model, named in the notebook's prompt
N_FOLDS = 5  # the notebook's `folds`
K_GRID = (1, 10, 50, 150, 300)  # exercise 2's grid, the notebook's `k_grid`
# q1 compares the five fold scores one by one. k-NN has no randomness: brute force, k-d tree and
# ball tree neighbour searches give the same scores to the last digit (spread 0), so the
# tolerance only has to allow rounding to three decimals (at most 0.0005). The nearest wrong
# answer measured, k=16 on the right folds, differs by 0.0018 on one fold; every named mistake
# differs by at least 0.0115 on some fold (another seed, random_state=2023: 0.0115; all 5,000
# rows: 0.038; cv=5: 0.043; F1: 0.028), although several have a mean within 0.0015 of the
# right one (all rows: 0.0013; random_state=0: 0.00004), which is why the mean alone was
# not enough.
FOLD_TOLERANCE = 0.0006
# Seeds a learner may type instead of the notebook's RANDOM_STATE, named when they match.
OTHER_SEEDS = (0, 1, 123)
# A mean within this of the right one, with folds that do not match, is most likely the same
# model on other folds: over eight other seeds the mean moved by at most 0.0085.
SAME_MODEL_MEAN = 0.01


def _knn(k: int) -> Pipeline:
    return make_pipeline_for(KNeighborsClassifier(n_neighbors=k))


def _cv_scores(
    k: int, cv=None, X=None, y=None, scoring: str = "roc_auc", train: bool = False
) -> np.ndarray:
    """The five held-out (or training) scores of k-NN, by default on the notebook's folds."""
    data = reference.split()
    with threadpool_limits(limits=1):  # see the module's docstring
        scores = cross_validate(
            _knn(k),
            data.X_train if X is None else X,
            data.y_train if y is None else y,
            cv=cv_folds() if cv is None else cv,
            scoring=scoring,
            return_train_score=train,
        )
    return np.asarray(scores["train_score" if train else "test_score"], dtype=float)


@cache
def _fitted_aucs(k: int) -> tuple[float, float]:
    """ROC-AUC of k-NN fitted on the whole training split: on the training and test sets."""
    data = reference.split()
    with threadpool_limits(limits=1):  # see the module's docstring
        model = _knn(k).fit(data.X_train, data.y_train)
        return (
            float(roc_auc_score(data.y_train, model.predict_proba(data.X_train)[:, 1])),
            float(roc_auc_score(data.y_test, model.predict_proba(data.X_test)[:, 1])),
        )


def _folds(positions) -> str:
    numbers_ = [str(int(p) + 1) for p in positions]
    word = "fold" if len(numbers_) == 1 else "folds"
    return f"{word} {', '.join(numbers_[:-1]) + ' and ' if len(numbers_) > 1 else ''}{numbers_[-1]}"


# --- q1: cross-validate a k-NN candidate, fold by fold ---------------------------------------


@cache
def _knn_fold_scores() -> np.ndarray:
    """k-NN's five held-out ROC-AUCs on the notebook's folds, in fold order."""
    return _cv_scores(KNN_NEIGHBOURS)


def _same_folds(what: str) -> str:
    return (
        f"Those are the scores on {what}. Pass cv=folds, the notebook's shuffled and seeded "
        "StratifiedKFold, so that every model is scored on the same applicants."
    )


@cache
def _knn_mistakes() -> tuple[tuple[np.ndarray, str], ...]:
    """(five scores, explanation) for each common mistake of exercise 1."""
    k = KNN_NEIGHBOURS
    loans = reference.prepared_loans()
    mistakes = [
        (
            _cv_scores(k, X=loans.drop(columns=TARGET), y=loans[TARGET]),
            "You cross-validated all 5,000 applications, test set included. Use X_train, "
            "y_train only: the test set stays locked until notebook 04.",
        ),
        (
            _cv_scores(k, train=True),
            "Those are the training scores (train_score): each model scored on the applicants "
            "it was fitted on. Give the held-out scores, 'test_score'.",
        ),
        (
            _cv_scores(k, cv=StratifiedKFold(n_splits=N_FOLDS)),
            _same_folds("stratified folds without shuffling (what cv=5 gives)"),
        ),
        (
            _cv_scores(k, cv=KFold(n_splits=N_FOLDS)),
            _same_folds("unstratified, unshuffled KFold folds"),
        ),
        (
            _cv_scores(k, cv=KFold(n_splits=N_FOLDS, shuffle=True, random_state=RANDOM_STATE)),
            _same_folds("shuffled but unstratified KFold folds"),
        ),
        (
            _cv_scores(k, scoring="f1"),
            "Those are F1 scores, not ROC-AUC: pass scoring='roc_auc'.",
        ),
        (
            _cv_scores(k, scoring="accuracy"),
            "Those are accuracies (what a classifier scores when you give no scoring): pass "
            "scoring='roc_auc'.",
        ),
        (
            _cv_scores(k, scoring="average_precision"),
            "Those are average precisions, the area under the precision-recall curve: pass "
            "scoring='roc_auc'.",
        ),
    ]
    data = reference.split()
    mistakes.append(
        (
            _cv_scores(k, X=data.X_test, y=data.y_test),
            "You cross-validated the test split. Cross-validate X_train, y_train: the test set "
            "stays locked until notebook 04.",
        )
    )
    mistakes.append(
        (
            1 - _knn_fold_scores(),
            "Those are 1 minus the right scores, as if the model scored the probability of the "
            "other class. Keep scoring='roc_auc' and the pipeline as it is.",
        )
    )
    for seed in OTHER_SEEDS:
        folds = StratifiedKFold(n_splits=N_FOLDS, shuffle=True, random_state=seed)
        mistakes.append(
            (
                _cv_scores(k, cv=folds),
                _same_folds(f"folds shuffled with another seed (random_state={seed})"),
            )
        )
    right = _knn_fold_scores()
    # A mistake that matches the right scores on every fold can never be told apart; drop it
    # (none does on this data: the nearest differs by 0.0115 on some fold).
    return tuple(
        (scores, why) for scores, why in mistakes if np.abs(scores - right).max() > FOLD_TOLERANCE
    )


def _is_single_number(answer) -> bool:
    if isinstance(answer, bool | np.bool_):
        return False
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        return True
    return isinstance(answer, numbers.Number | np.number)


def _one_number_message(answer) -> str:
    base = (
        f"knn_scores is one number ({describe(answer)}), but the exercise asks for the five "
        "held-out fold scores, in fold order: the 'test_score' that cross_validate returns. "
        "Two fold schemes can have the same mean, so the check compares fold by fold."
    )
    try:
        value = as_number(answer, "knn_scores")
    except Incorrect:
        return base
    scores = _knn_fold_scores()
    if abs(value - scores.mean()) <= FOLD_TOLERANCE:
        return f"{base} Yours looks like their mean: give the five scores themselves."
    if abs(value - scores.std()) <= FOLD_TOLERANCE:
        return f"{base} Yours looks like their standard deviation."
    if abs(value - _fitted_aucs(KNN_NEIGHBOURS)[1]) <= FOLD_TOLERANCE:
        return (
            f"{base} Yours is also the score on the test set, which stays locked until "
            "notebook 04: cross-validate on X_train, y_train."
        )
    return base


def _as_fold_scores(answer) -> np.ndarray:
    """The learner's five scores as an array, or :class:`Incorrect` saying what was given."""
    if isinstance(answer, Mapping):
        keys = [str(k) for k in answer]
        tests = [k for k in keys if k.startswith("test_")]
        if tests:
            which = "'test_score'" if "test_score" in keys else " or ".join(map(repr, tests))
            raise Incorrect(
                "That is the whole dict cross_validate returns (times included). Give only "
                f"the held-out scores: its {which}."
            )
        raise Incorrect(
            f"knn_scores should be the five held-out fold scores, but you gave {describe(answer)}."
        )
    if isinstance(answer, pd.DataFrame):
        raise Incorrect(
            f"knn_scores is {describe(answer)}. Give one column of it, the held-out scores "
            "('test_score'), not the whole table."
        )
    if isinstance(answer, BaseEstimator):
        raise Incorrect(
            "knn_scores is a model. Cross-validate it (cross_validate(...)) and give the five "
            "held-out scores it returns."
        )
    if _is_single_number(answer):
        raise Incorrect(_one_number_message(answer))
    values = as_numbers(answer, "knn_scores")
    if len(values) != N_FOLDS:
        raise Incorrect(
            f"knn_scores holds {len(values)} numbers; it should hold five, one per fold of the "
            "notebook's folds (pass cv=folds)."
        )
    return values


def _check_knn_scores(knn_scores) -> str:
    values = _as_fold_scores(knn_scores)
    right = _knn_fold_scores()
    if ((values > 1) & (values <= 100)).all():
        if np.abs(values / 100 - right).max() <= FOLD_TOLERANCE:
            raise Incorrect(
                "Those are percentages. scikit-learn's scores are fractions between 0 and 1: "
                "give the scores as cross_validate returns them."
            )
        raise Incorrect("A ROC-AUC lies between 0 and 1; these look like percentages.")
    if ((values < 0) | (values > 1)).any():
        raise Incorrect("A ROC-AUC lies between 0 and 1, but some of your scores do not.")
    diff = np.abs(values - right)
    if diff.max() <= FOLD_TOLERANCE:
        mean, std = right.mean(), right.std()
        return (
            f"k-NN with k={KNN_NEIGHBOURS}: fold scores "
            + ", ".join(f"{s:.3f}" for s in right)
            + f", CV ROC-AUC {mean:.3f} ± {std:.3f} (checked fold by fold to "
            f"±{FOLD_TOLERANCE}, so three decimals are enough). Compare it with the table above."
        )
    rounding = coarse_rounding(values, right, FOLD_TOLERANCE)
    if rounding:
        raise Incorrect(rounding.replace("the right value", "the right scores"))
    if np.abs(np.sort(values) - np.sort(right)).max() <= FOLD_TOLERANCE:
        raise Incorrect(
            "Those are the right five scores, but in another order. Keep them in fold order, "
            "as cross_validate returns them (do not sort them)."
        )
    reasons = [
        why for scores, why in _knn_mistakes() if np.abs(values - scores).max() <= FOLD_TOLERANCE
    ]
    if reasons:
        raise Incorrect(" Or: ".join(dict.fromkeys(reasons)))
    if (values < 0.5).all():
        raise Incorrect(
            "Every one of your scores is below 0.5, worse than a coin. Are these fit_time or "
            "score_time instead of 'test_score'?"
        )
    differ = np.flatnonzero(diff > FOLD_TOLERANCE)
    off = _folds(differ)
    if abs(values.mean() - right.mean()) <= SAME_MODEL_MEAN:
        verb = "does" if len(differ) == 1 else "do"
        raise Incorrect(
            f"Your scores average close to the right mean, but {off} {verb} not match. That is "
            "what the same model gives on other folds (another seed, shuffle=True without a "
            "seed, cv=5, KFold) or what a neighbouring k gives: pass cv=folds itself, and "
            f"n_neighbors={KNN_NEIGHBOURS}."
        )
    direction = "too high" if values.mean() > right.mean() else "too low"
    raise Incorrect(
        f"Your scores differ from k-NN's on the notebook's folds ({off}); their mean is "
        f"{direction}. Check the model (k-NN with n_neighbors={KNN_NEIGHBOURS}, behind "
        "make_pipeline_for), the data (X_train, y_train), the folds (cv=folds) and the metric "
        "(ROC-AUC, the 'test_score')."
    )


# --- q2: tune the number of neighbours -----------------------------------------------------


@cache
def _grid_cv_auc() -> pd.DataFrame:
    """Mean and standard deviation of the CV ROC-AUC for each k of the grid."""
    rows = {k: _cv_scores(k) for k in K_GRID}
    return pd.DataFrame(
        {
            "cv_auc": {k: s.mean() for k, s in rows.items()},
            "cv_auc_std": {k: s.std() for k, s in rows.items()},
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


def _right_k() -> int:
    return int(_grid_cv_auc()["cv_auc"].idxmax())


def _as_k(best_k) -> float:
    """The learner's k as a number (not yet checked against the grid)."""
    if isinstance(best_k, Mapping):
        raise Incorrect(
            f"best_k is {describe(best_k)} (best_params_?). Give the number of neighbours "
            "itself: look it up in that dict by the parameter's name."
        )
    if isinstance(best_k, BaseEstimator):
        raise Incorrect(
            "best_k is a model or a search, not a number. Give the number of neighbours the "
            "search chose (its best_params_ name it)."
        )
    return as_number(best_k, "best_k")


def _check_best_k(best_k) -> str:
    value = _as_k(best_k)
    grid = _grid_cv_auc()
    right = _right_k()
    if 0 < value < 1:
        raise Incorrect(
            f"best_k is {value:g}, which looks like a score. Give the number of neighbours "
            "that reaches the best score."
        )
    if not value.is_integer():
        raise Incorrect(f"best_k is {value:g}; a number of neighbours is a whole number.")
    k = int(value)
    position = K_GRID.index(right)
    if k == position and k not in K_GRID:
        raise Incorrect(
            f"best_k is {k}: that is a position in k_grid (what best_index_ or np.argmax "
            "give), not a number of neighbours. Give the k at that position, k_grid[position]."
        )
    if k not in K_GRID:
        looks = (
            " It looks like a position in the grid (counted from 0): give the k at that position."
            if 0 <= k < len(K_GRID)
            else ""
        )
        raise Incorrect(f"best_k is {k}, which is not in the grid {list(K_GRID)}.{looks}")
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
    reasons = [
        f"With the notebook's folds, k={k} has a mean CV ROC-AUC of "
        f"{grid.loc[k, 'cv_auc']:.3f}, and another k of the grid does better."
    ]
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
    if len(reasons) == 1:
        reasons[0] += " Use cv=folds and scoring='roc_auc' on X_train, y_train."
        raise Incorrect(reasons[0])
    raise Incorrect(f"{reasons[0]} What may have led you there: " + " Or: ".join(reasons[1:]))


# --- q3: the agreed rule applied to another team's log -------------------------------------

# Another team's log (mean and standard deviation of five-fold CV ROC-AUC; hypothetical numbers,
# chosen so that each way of bending the rule picks another model). The rule of section 6:
# contenders are the experiments whose mean reaches the best mean minus the best experiment's
# standard deviation (0.796 - 0.011 = 0.785); the choice is the simplest contender in the order
# of candidate_models(). The standard-error variant (0.796 - 0.011 / sqrt(5) = 0.791) keeps only
# gradient boosting; two standard deviations (0.774) let logistic regression in.
OTHER_TEAM_LOG = {
    "baseline": (0.500, 0.000),
    "logistic regression": (0.781, 0.006),
    "random forest": (0.788, 0.009),
    "gradient boosting": (0.796, 0.011),
    "neural network": (0.790, 0.015),
}
RULE_CONTENDERS = ("random forest", "gradient boosting", "neural network")
RULE_CHOICE = "random forest"


def _check_rule_applied(contenders, chosen) -> str:
    models = list(OTHER_TEAM_LOG)
    best_mean, best_std = OTHER_TEAM_LOG["gradient boosting"]
    bar = best_mean - best_std
    names = as_names(
        contenders,
        "contenders",
        known=models,
        known_as="a model of the log",
        example="['baseline', 'logistic regression']",
    )
    given, right = set(names), set(RULE_CONTENDERS)
    if given != right:
        if given == {"gradient boosting"}:
            raise Incorrect(
                "Only gradient boosting: that is the standard-error variant (0.796 - 0.011/√5 = "
                "0.791), or the best alone. The agreed rule uses one standard deviation of the "
                "best experiment: every mean of at least 0.785 is a contender."
            )
        if "gradient boosting" not in given:
            raise Incorrect(
                "The best experiment is always a contender: the others are compared with it."
            )
        too_low = sorted(given - right, key=models.index)
        if too_low:
            name = too_low[0]
            raise Incorrect(
                f"{name} ({OTHER_TEAM_LOG[name][0]:.3f}) is below the bar, the best mean minus the "
                f"best experiment's standard deviation: {best_mean:.3f} - {best_std:.3f} = "
                f"{bar:.3f}. (Two standard deviations, or another experiment's, would let it in; "
                "the rule says one, of the best.)"
            )
        missing = sorted(right - given, key=models.index)[0]
        raise Incorrect(
            f"{missing} ({OTHER_TEAM_LOG[missing][0]:.3f}) reaches the bar {bar:.3f} (the best "
            f"mean {best_mean:.3f} minus its standard deviation {best_std:.3f}): the folds "
            "cannot tell it from the best, so it is a contender."
        )
    choice = as_name(
        chosen, "chosen", known=models, known_as="a model of the log", example="'baseline'"
    )
    if choice not in models:
        raise Incorrect(f"{choice!r} is not a model of the log. Choose from: {', '.join(models)}.")
    if choice == RULE_CHOICE:
        return (
            "Random forest: the simplest of the three contenders. Had the team switched to the "
            "standard-error variant after seeing this log, gradient boosting would have won; with "
            "two standard deviations, logistic regression. The rule decides the model, which is "
            "why it is written down before the results."
        )
    if choice == "gradient boosting":
        raise Incorrect(
            "Gradient boosting has the best mean, but that is step 1. Step 3 takes the simplest "
            "contender: the folds cannot tell the contenders apart, so simplicity decides."
        )
    if choice not in RULE_CONTENDERS:
        raise Incorrect(
            f"{choice} is not a contender (mean {OTHER_TEAM_LOG[choice][0]:.3f}, below "
            f"{bar:.3f}): the simplest model overall is not the rule's choice, only the simplest "
            "contender."
        )
    raise Incorrect(
        f"{choice} is a contender, but not the simplest: candidate_models() lists the families "
        f"from simplest to most flexible ({', '.join(models)})."
    )


q1 = Exercise(
    answers=("knn_scores",),
    title="cross-validate a k-NN candidate",
    checker=_check_knn_scores,
    hint_text=(
        "make_pipeline_for(...) puts any classifier behind the course's preprocessor. "
        "cross_validate returns a dict of five values per entry; the held-out ROC-AUCs are "
        "under 'test_score' when you pass one scoring. Use the notebook's folds, not cv=5."
    ),
    how_to_start=(
        "Set knn_scores to the five held-out ROC-AUC scores of k-NN (k=15) on the notebook's "
        "folds, in fold order."
    ),
)
q2 = Exercise(
    answers=("best_k",),
    title="tune the number of neighbours",
    checker=_check_best_k,
    hint_text=(
        "GridSearchCV works like the RandomizedSearchCV of section 3 but tries every value. "
        "Its grid names the parameter by pipeline step, as search_space does: the classifier's "
        "n_neighbors. Score by ROC-AUC on the notebook's folds and fit on the training split; "
        "best_params_ then names the winner. Neither the test set nor the training score may "
        "help choose."
    ),
    how_to_start="Set best_k to the k from k_grid with the highest mean CV ROC-AUC.",
)
q3 = Exercise(
    answers=("contenders", "chosen"),
    title="the agreed rule, on another team's log",
    checker=_check_rule_applied,
    hint_text=(
        "Section 6's three steps, in order: the best mean; a bar one standard deviation below "
        "it, the best experiment's own; among the experiments that reach the bar, the first in "
        "the simplicity order of candidate_models(). Resist any step the rule does not have."
    ),
    how_to_start=(
        "Set contenders to the list of models the rule keeps and chosen to the one it picks."
    ),
)

bind_exercises(globals(), NOTEBOOK)
