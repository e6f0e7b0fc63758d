"""Exercises of notebook 01 (first pipeline)."""

from __future__ import annotations

from functools import cache

from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, RobustScaler, StandardScaler

from coursekit.data import LOANS_COLUMNS, load_loans
from coursekit.exercises.core import Exercise, Incorrect, as_names, bind_exercises, check_number
from coursekit.features import (
    CATEGORICAL_FEATURES,
    EXCLUDED_COLUMNS,
    NUMERIC_FEATURES,
    make_preprocessor,
    split_loans,
    why_not_features,
)

NOTEBOOK = "01_first_pipeline"
SCALERS = (StandardScaler, RobustScaler, MinMaxScaler)
AUC_TOLERANCE = (
    0.0005  # solvers and C in [0.5, 10] agree to 0.0002; the training AUC is 0.0015 away
)


def _check_excluded(excluded) -> str:
    names = set(
        as_names(
            excluded,
            "excluded",
            known=LOANS_COLUMNS,
            known_as="a column of loans",
            example="['approved', 'application_id']",
        )
    )
    for column, reason in EXCLUDED_COLUMNS.items():
        if column not in names:
            raise Incorrect(f"You would keep '{column}' as a feature, but it is {reason}.")
    extra = sorted(names - set(EXCLUDED_COLUMNS))
    if "district" in extra:
        raise Incorrect(
            "'district' is something the lender knows when deciding, so here it stays a "
            "feature. Whether it *should* is notebook 05's question."
        )
    if extra:
        raise Incorrect(
            f"{extra} are known when the lender decides and describe the applicant's credit: "
            "keep them as features."
        )
    return "Those four never reach the model: " + "; ".join(
        f"{c} is {r}" for c, r in EXCLUDED_COLUMNS.items()
    )


def _last_step(transformer):
    return transformer.steps[-1][1] if isinstance(transformer, Pipeline) else transformer


def _check_preprocessor(preprocessor) -> str:
    if isinstance(preprocessor, Pipeline):
        raise Incorrect(
            "That is a Pipeline; give the ColumnTransformer on its own (the pipeline comes next)."
        )
    if not isinstance(preprocessor, ColumnTransformer):
        raise Incorrect(
            "preprocessor should be a ColumnTransformer([...]), but it is a "
            f"{type(preprocessor).__name__}."
        )
    X_train, _, _, _ = split_loans(load_loans())
    try:
        fitted = clone(preprocessor).fit(X_train.head(400))
    except Exception as error:  # noqa: BLE001 - any failure is the learner's to see
        raise Incorrect(
            f"Fitting it on the loans failed with {type(error).__name__}: {error}. "
            "Did a scaler get a text column such as 'district'?"
        ) from None
    used = {}
    for name, transformer, columns in fitted.transformers_:
        if name == "remainder" or transformer == "drop":
            continue
        for column in [columns] if isinstance(columns, str) else list(columns):
            used[column] = _last_step(transformer)
    forbidden = sorted(c for c in used if c in EXCLUDED_COLUMNS)
    if forbidden:
        raise Incorrect(why_not_features(forbidden))
    for column in NUMERIC_FEATURES:
        step = used.get(column)
        if step is None:
            raise Incorrect(
                f"'{column}' is not in any transformer, so the model never sees it "
                "(or, with remainder='passthrough', sees it unscaled)."
            )
        if isinstance(step, OneHotEncoder):
            raise Incorrect(
                f"'{column}' is numeric: one-hot encoding it makes a column per distinct value. "
                "Scale it instead."
            )
        if not isinstance(step, SCALERS):
            raise Incorrect(f"'{column}' is numeric; put it through a StandardScaler.")
    for column in CATEGORICAL_FEATURES:
        step = used.get(column)
        if step is None:
            raise Incorrect(f"'{column}' is not in any transformer, so the model never sees it.")
        if not isinstance(step, OneHotEncoder):
            raise Incorrect(
                f"'{column}' is categorical: encode it with OneHotEncoder (an OrdinalEncoder "
                "would invent an order between districts)."
            )
        if step.handle_unknown == "error":
            raise Incorrect(
                "With OneHotEncoder's default handle_unknown='error', an applicant from a "
                "district the model never saw makes predict() raise in production. Set "
                "handle_unknown='ignore'."
            )
    return "Numeric features scaled, categories one-hot encoded, unknown categories tolerated."


@cache
def _auc_facts() -> dict[str, float]:
    X_train, X_test, y_train, y_test = split_loans(load_loans())
    model = make_pipeline(make_preprocessor(), LogisticRegression(max_iter=1000))
    model.fit(X_train, y_train)
    labels = model.predict(X_test)
    return {
        "test_auc": roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]),
        "auc_from_labels": roc_auc_score(y_test, labels),
        "accuracy": accuracy_score(y_test, labels),
        "train_auc": roc_auc_score(y_train, model.predict_proba(X_train)[:, 1]),
    }


def _check_auc(test_auc) -> str:
    f = _auc_facts()
    check_number(
        test_auc,
        f["test_auc"],
        tolerance=AUC_TOLERANCE,
        what="Your ROC-AUC",
        mistakes=[
            (
                f["auc_from_labels"],
                "You scored hard 0/1 predictions. ROC-AUC needs scores: "
                "pipeline.predict_proba(X_test)[:, 1].",
            ),
            (f["accuracy"], "That is the accuracy; use roc_auc_score."),
            (f["train_auc"], "That is measured on the training set; score X_test, y_test."),
        ],
        otherwise=(
            "Use LogisticRegression(max_iter=1000) after your preprocessor, fitted on "
            "X_train, y_train from the course's split (random_state=42, stratified)."
        ),
    )
    return (
        f"Test ROC-AUC {f['test_auc']:.3f} (checked to ±{AUC_TOLERANCE}, which allows another "
        "solver but not another split or model)."
    )


q1 = Exercise(
    answers=("excluded",),
    title="columns that must not be features",
    checker=_check_excluded,
    hint_text=(
        "For each column ask: does the lender know it when deciding, may the lender use it, "
        "and does it describe the applicant? Four columns fail one of these."
    ),
    how_to_start="Set excluded to a list of column names, e.g. ['approved', ...].",
)
q2 = Exercise(
    answers=("preprocessor",),
    title="build the preprocessor",
    checker=_check_preprocessor,
    hint_text=(
        "ColumnTransformer([('numeric', StandardScaler(), numeric_features), "
        "('categorical', OneHotEncoder(...), categorical_features)]). Which OneHotEncoder "
        "setting keeps a new district from crashing predict()?"
    ),
    how_to_start="Set preprocessor to a ColumnTransformer([...]) with two transformers.",
)
q3 = Exercise(
    answers=("test_auc",),
    title="test ROC-AUC of the pipeline",
    checker=_check_auc,
    hint_text=(
        "make_pipeline(preprocessor, LogisticRegression(max_iter=1000)).fit(X_train, y_train), "
        "then roc_auc_score(y_test, <probability of class 1 on X_test>)."
    ),
    how_to_start="Fit a pipeline on X_train, y_train and set test_auc to its ROC-AUC on X_test.",
)

bind_exercises(globals(), NOTEBOOK)
