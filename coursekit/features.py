"""The loan model's features, target and split, shared by every notebook after 01.

Notebook 01 builds all of this by hand to teach it; later notebooks call these functions so that
every notebook trains on exactly the same columns and rows.
"""

from __future__ import annotations

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from coursekit.validation import require_columns

RANDOM_STATE = 42
TARGET = "approved"
NUMERIC_FEATURES = [
    "age",
    "income",
    "employment_years",
    "debt_to_income",
    "credit_history_years",
    "late_payments",
    "loan_amount",
]
CATEGORICAL_FEATURES = ["district", "purpose", "home_ownership"]
FEATURES = NUMERIC_FEATURES + CATEGORICAL_FEATURES
MISSING_CATEGORY = "missing"  # what the preprocessor puts in place of a missing category
# Columns that must never be features, and why.
EXCLUDED_COLUMNS = {
    "application_id": "an identifier: it carries no information about the applicant",
    "group": "the protected attribute: the law and our policy forbid deciding on it",
    "repaid": "the outcome, known only after the loan ends: using it is target leakage",
    "approved": "the target the model predicts",
}


def why_not_features(columns: list[str]) -> str:
    """Explain why each of ``columns`` (keys of :data:`EXCLUDED_COLUMNS`) is not a feature."""
    reasons = "; ".join(f"{c} is {EXCLUDED_COLUMNS[c]}" for c in columns)
    return f"{list(columns)} must not be features: {reasons}."


def make_preprocessor(
    numeric: list[str] | None = None, categorical: list[str] | None = None
) -> ColumnTransformer:
    """Fill the gaps, scale the numeric features and one-hot encode the categorical ones.

    A missing number becomes the training median, and a 0/1 column "<feature> was missing" is
    added for each numeric feature that had gaps in the training rows (so the model can learn
    whether a gap itself says something); a missing category becomes the category ``"missing"``.
    Both are learned in ``fit``, from the training rows only, which is why they live here and
    not in the cleaning of notebook 02 (:func:`coursekit.quality.clean_loans`).

    Parameters
    ----------
    numeric, categorical : the columns of each kind; default :data:`NUMERIC_FEATURES` and
        :data:`CATEGORICAL_FEATURES`. Pass shorter lists to train without a feature
        (e.g. without ``district`` in notebook 05).

    Unknown categories at prediction time (a new district) are encoded as all zeros instead
    of raising; columns not listed are dropped. On data without gaps the imputers change
    nothing and add no columns.
    """
    numeric = list(NUMERIC_FEATURES if numeric is None else numeric)
    categorical = list(CATEGORICAL_FEATURES if categorical is None else categorical)
    forbidden = sorted(set(numeric + categorical) & set(EXCLUDED_COLUMNS))
    if forbidden:
        raise ValueError(why_not_features(forbidden))
    numeric_steps = Pipeline(
        [
            ("impute", SimpleImputer(strategy="median", add_indicator=True)),
            ("scale", StandardScaler()),
        ]
    )
    categorical_steps = Pipeline(
        [
            ("impute", SimpleImputer(strategy="constant", fill_value=MISSING_CATEGORY)),
            ("encode", OneHotEncoder(handle_unknown="ignore")),
        ]
    )
    return ColumnTransformer(
        [("numeric", numeric_steps, numeric), ("categorical", categorical_steps, categorical)],
        remainder="drop",
    )


def cv_folds(n_splits: int = 5) -> StratifiedKFold:
    """The course's cross-validation folds: stratified, shuffled, seeded (notebooks 03-05, 11)."""
    return StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=RANDOM_STATE)


def split_loans(
    loans: pd.DataFrame, test_size: float = 0.2, random_state: int = RANDOM_STATE
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]:
    """Stratified train/test split of the loans: ``X_train, X_test, y_train, y_test``.

    ``X`` keeps every column (including ``group``, for auditing); the preprocessor selects
    the features, so ``group`` never reaches the model.
    """
    require_columns(
        loans, FEATURES + [TARGET], "split_loans", "Pass the frame from coursekit.load_loans()."
    )
    X = loans.drop(columns=[TARGET])
    y = loans[TARGET]
    return train_test_split(X, y, test_size=test_size, stratify=y, random_state=random_state)
