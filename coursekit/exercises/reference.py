"""What the checkers compare answers with: the course's data, split and chosen model, once.

Every checker that needs the loans, the course's train/test split, the chosen model fitted on
the training split (or the model notebooks 07 and 08 explain), its test scores or its
out-of-fold validation scores asks this module, so
that each is computed once per kernel, with the same settings as the notebooks, whichever
exercise asks first. Nothing here may be modified by a checker: frames and arrays are shared.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.model_selection import cross_val_predict
from sklearn.pipeline import Pipeline

from coursekit.data import load_german_credit, load_loans, load_prepared_loans
from coursekit.explain import EXPLAINED_MODEL, fit_explained_models
from coursekit.features import cv_folds, split_loans
from coursekit.modeling import CHOSEN_MODEL, candidate_models


class Split(NamedTuple):
    """The course's stratified split of the loans (:func:`coursekit.features.split_loans`)."""

    X_train: pd.DataFrame
    X_test: pd.DataFrame
    y_train: pd.Series
    y_test: pd.Series


@cache
def loans() -> pd.DataFrame:
    """``data/loans.csv``, the gap-free file (notebooks 00-02 and 09)."""
    return load_loans()


@cache
def prepared_loans() -> pd.DataFrame:
    """The loans as notebook 02 prepares them, gaps left in: what notebooks 03-10 train on."""
    return load_prepared_loans()


@cache
def raw_loans() -> pd.DataFrame:
    """``data/loans_raw.csv``, with notebook 02's planted quality problems."""
    return load_loans(raw=True)


@cache
def german_credit() -> pd.DataFrame:
    """``data/german_credit.csv`` (notebook 11)."""
    return load_german_credit()


@cache
def split() -> Split:
    """``X_train, X_test, y_train, y_test`` of the course's split of the prepared loans
    (notebooks 03-10)."""
    return Split(*split_loans(prepared_loans()))


@cache
def first_split() -> Split:
    """The same split of the gap-free ``loans.csv``, which notebook 01 trains on."""
    return Split(*split_loans(loans()))


@cache
def chosen_model() -> Pipeline:
    """Notebook 03's chosen model, fitted on the training split."""
    data = split()
    return candidate_models()[CHOSEN_MODEL].fit(data.X_train, data.y_train)


@cache
def first_model() -> Pipeline:
    """Notebook 01's logistic pipeline, fitted on the training split of ``loans.csv``."""
    data = first_split()
    return candidate_models()[CHOSEN_MODEL].fit(data.X_train, data.y_train)


@cache
def first_test_scores() -> np.ndarray:
    """:func:`first_model`'s probability of approval for each test applicant of ``loans.csv``."""
    return first_model().predict_proba(first_split().X_test)[:, 1]


@cache
def explained_model() -> Pipeline:
    """The model notebooks 07 and 08 explain, fitted on the training split."""
    data = split()
    return fit_explained_models(data.X_train, data.y_train)[EXPLAINED_MODEL]


@cache
def test_scores() -> np.ndarray:
    """The chosen model's probability of approval for each applicant of the test split."""
    return chosen_model().predict_proba(split().X_test)[:, 1]


@cache
def validation_scores() -> np.ndarray:
    """Out-of-fold scores of the chosen model on the training split (the course's 5 folds)."""
    data = split()
    return cross_val_predict(
        candidate_models()[CHOSEN_MODEL],
        data.X_train,
        data.y_train,
        cv=cv_folds(),
        method="predict_proba",
    )[:, 1]
