"""Right and wrong answers for the exercises of notebook 01 (see tests/test_exercises.py)."""

from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

from coursekit import load_loans
from coursekit.features import (
    CATEGORICAL_FEATURES,
    NUMERIC_FEATURES,
    make_preprocessor,
    split_loans,
)


def _split():
    return split_loans(load_loans())


def _fitted_logistic():
    X_train, X_test, y_train, y_test = _split()
    model = make_pipeline(make_preprocessor(), LogisticRegression(max_iter=1000))
    return model.fit(X_train, y_train), X_train, X_test, y_train, y_test


def _auc_from_labels():
    model, _, X_test, _, y_test = _fitted_logistic()
    return roc_auc_score(y_test, model.predict(X_test))


def _accuracy():
    model, _, X_test, _, y_test = _fitted_logistic()
    return accuracy_score(y_test, model.predict(X_test))


def _train_auc():
    model, X_train, _, y_train, _ = _fitted_logistic()
    return roc_auc_score(y_train, model.predict_proba(X_train)[:, 1])


def _test_auc():
    model, _, X_test, _, y_test = _fitted_logistic()
    return roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])


def _transformer(numeric_step, categorical_step, numeric=NUMERIC_FEATURES):
    return ColumnTransformer(
        [("n", numeric_step, numeric), ("c", categorical_step, CATEGORICAL_FEATURES)]
    )


CASES = {
    "ex01.q1": (
        lambda: ["application_id", "group", "repaid", "approved"],
        [
            (lambda: ["approved", "group"], "application_id"),
            (lambda: ["application_id", "group", "approved"], "target leakage"),
            (lambda: ["application_id", "group", "repaid", "approved", "district"], "notebook 05"),
            (lambda: ["application_id", "group", "repaid", "approved", "income"], "keep them"),
            (lambda: ["application_id", "group", "repaid", "approved", "zip"], "not a column of loans"),
            (lambda: "approved", "list"),
        ],
    ),
    "ex01.q2": (
        make_preprocessor,
        [
            (lambda: _transformer(StandardScaler(), OneHotEncoder()), "handle_unknown"),
            (lambda: _transformer(StandardScaler(), StandardScaler()), "text column"),
            (lambda: _transformer(StandardScaler(), OrdinalEncoder()), "order"),
            (
                lambda: _transformer("passthrough", OneHotEncoder(handle_unknown="ignore")),
                "StandardScaler",
            ),
            (
                lambda: _transformer(
                    OneHotEncoder(handle_unknown="ignore"), OneHotEncoder(handle_unknown="ignore")
                ),
                "one-hot encoding it",
            ),
            (
                lambda: _transformer(
                    StandardScaler(), OneHotEncoder(handle_unknown="ignore"), NUMERIC_FEATURES[1:]
                ),
                "'age' is not in any transformer",
            ),
            (
                lambda: _transformer(
                    StandardScaler(),
                    OneHotEncoder(handle_unknown="ignore"),
                    NUMERIC_FEATURES + ["repaid"],
                ),
                "leakage",
            ),
            (lambda: make_pipeline(make_preprocessor()), "Pipeline"),
            (lambda: StandardScaler(), "ColumnTransformer"),
        ],
    ),
    "ex01.q3": (
        _test_auc,
        [
            (_auc_from_labels, "hard 0/1"),
            (_accuracy, "accuracy"),
            (_train_auc, "training set"),
            (lambda: 0.75, "LogisticRegression"),
            (lambda: float("nan"), "NaN"),
        ],
    ),
}
