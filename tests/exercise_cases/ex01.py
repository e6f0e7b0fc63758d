"""Right and wrong answers for the exercises of notebook 01 (see tests/test_exercises.py)."""

from functools import cache

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer, make_column_selector, make_column_transformer
from sklearn.decomposition import PCA
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import (
    FunctionTransformer,
    KBinsDiscretizer,
    MaxAbsScaler,
    MinMaxScaler,
    OneHotEncoder,
    OrdinalEncoder,
    QuantileTransformer,
    RobustScaler,
    StandardScaler,
)
from threadpoolctl import threadpool_limits

from coursekit import load_loans
from coursekit.exercises import reference
from coursekit.features import (
    CATEGORICAL_FEATURES,
    NUMERIC_FEATURES,
    cv_folds,
    make_preprocessor,
)

EXCLUDED = ["application_id", "group", "repaid", "approved"]
COLUMNS = list(load_loans().columns)


_split = reference.first_split  # notebook 01's split of loans.csv, computed once


def _ohe(**options):
    return OneHotEncoder(handle_unknown="ignore", **options)


def _transformer(numeric_step=None, categorical_step=None, numeric=None, categorical=None, **kw):
    return ColumnTransformer(
        [
            (
                "numeric",
                StandardScaler() if numeric_step is None else numeric_step,
                NUMERIC_FEATURES if numeric is None else numeric,
            ),
            (
                "categorical",
                _ohe() if categorical_step is None else categorical_step,
                CATEGORICAL_FEATURES if categorical is None else categorical,
            ),
        ],
        **kw,
    )


# --- ex01.q3 ------------------------------------------------------------------------------


def _unfitted_logistic():
    return make_pipeline(make_preprocessor(), LogisticRegression(max_iter=1000))


@cache
def _variant_model(**settings):
    X_train, _, y_train, _ = _split()
    with threadpool_limits(limits=1):
        model = make_pipeline(make_preprocessor(), LogisticRegression(max_iter=5000, **settings))
        return model.fit(X_train, y_train)


def _variant(**settings):
    _, X_test, _, y_test = _split()
    model = _variant_model(**settings)
    return roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]), model


@cache
def _on_all_rows_model():
    loans = load_loans()
    with threadpool_limits(limits=1):
        return _unfitted_logistic().fit(loans.drop(columns="approved"), loans["approved"])


@cache
def _forest_model():
    X_train, _, y_train, _ = _split()
    forest = RandomForestClassifier(n_estimators=20, random_state=0)
    return make_pipeline(make_preprocessor(), forest).fit(X_train, y_train)


@cache
def _fitted(solver="lbfgs", scaler=None, C=1.0):
    X_train, _, y_train, _ = _split()
    preprocessor = make_preprocessor() if scaler is None else _transformer(scaler)
    classifier = LogisticRegression(max_iter=10_000, solver=solver, C=C)
    with threadpool_limits(limits=1):
        return make_pipeline(preprocessor, classifier).fit(X_train, y_train)


def _test_auc(**options):
    _, X_test, _, y_test = _split()
    return roc_auc_score(y_test, _fitted(**options).predict_proba(X_test)[:, 1])


def _auc_from_labels():
    _, X_test, _, y_test = _split()
    return roc_auc_score(y_test, _fitted().predict(X_test))


def _accuracy():
    _, X_test, _, y_test = _split()
    return accuracy_score(y_test, _fitted().predict(X_test))


def _train_auc():
    X_train, _, y_train, _ = _split()
    return roc_auc_score(y_train, _fitted().predict_proba(X_train)[:, 1])


def _class_0_auc():
    _, X_test, _, y_test = _split()
    return roc_auc_score(y_test, _fitted().predict_proba(X_test)[:, 0])


def _scored_on_all_rows():
    loans = load_loans()
    scores = _fitted().predict_proba(loans.drop(columns="approved"))[:, 1]
    return roc_auc_score(loans["approved"], scores)


def _fitted_on_all_rows():
    loans = load_loans()
    _, X_test, _, y_test = _split()
    with threadpool_limits(limits=1):
        model = make_pipeline(make_preprocessor(), LogisticRegression(max_iter=1000))
        model.fit(loans.drop(columns="approved"), loans["approved"])
    return roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])


def _other_split(**options):
    loans = load_loans()
    X_train, X_test, y_train, y_test = train_test_split(
        loans.drop(columns="approved"), loans["approved"], test_size=0.2, **options
    )
    with threadpool_limits(limits=1):
        model = make_pipeline(make_preprocessor(), LogisticRegression(max_iter=1000))
        model.fit(X_train, y_train)
    return roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])


def _forest_auc():
    X_train, X_test, y_train, y_test = _split()
    forest = make_pipeline(
        make_preprocessor(), RandomForestClassifier(n_estimators=100, random_state=42)
    )
    with threadpool_limits(limits=1):
        forest.fit(X_train, y_train)
    return roc_auc_score(y_test, forest.predict_proba(X_test)[:, 1])


def _cv_mean():
    X_train, _, y_train, _ = _split()
    model = make_pipeline(make_preprocessor(), LogisticRegression(max_iter=1000))
    with threadpool_limits(limits=1):
        return cross_val_score(model, X_train, y_train, cv=cv_folds(), scoring="roc_auc").mean()


class _OwnStandardiser(BaseEstimator, TransformerMixin):
    """(x - mean) / std, written by hand: a scaler scikit-learn does not know by name."""

    def fit(self, X, y=None):
        values = np.asarray(X, dtype=float)
        self.mean_, self.std_ = values.mean(axis=0), values.std(axis=0)
        return self

    def transform(self, X):
        return (np.asarray(X, dtype=float) - self.mean_) / self.std_


def _categories_without(district):
    X_train = _split()[0]
    return [
        sorted(set(X_train[c]) - {district}) if c == "district" else sorted(set(X_train[c]))
        for c in CATEGORICAL_FEATURES
    ]


CASES = {
    "ex01.q1": (
        [
            lambda: EXCLUDED,
            lambda: (tuple(EXCLUDED),),  # one tuple as one answer
            lambda: set(EXCLUDED),
            lambda: np.array(EXCLUDED),
            lambda: pd.Series(EXCLUDED),
            lambda: pd.Index(EXCLUDED),
            lambda: EXCLUDED[::-1],
            lambda: load_loans().columns.drop(NUMERIC_FEATURES + CATEGORICAL_FEATURES),
        ],
        [
            (lambda: ["approved", "group"], "application_id"),
            (lambda: ["application_id", "group", "approved"], "target leakage"),
            (lambda: ["application_id", "repaid", "approved"], "protected attribute"),
            (lambda: ["application_id", "group", "repaid"], "the target"),
            (lambda: [*EXCLUDED, "district"], "notebook 05"),
            (lambda: [*EXCLUDED, "income"], "keep them"),
            (lambda: [*EXCLUDED, "zip"], "not a column of loans"),
            (lambda: "approved", "list"),
            (lambda: dict.fromkeys(EXCLUDED, True), "dict"),
            (lambda: [0, 1, 12, 13], "names (text)"),
        ],
    ),
    "ex01.q2": (
        [
            make_preprocessor,
            lambda: _transformer(_OwnStandardiser()),  # a scaler of the learner's own
            lambda: make_preprocessor().fit(_split()[0]),  # a fitted one is refitted
            lambda: _transformer(
                numeric=tuple(NUMERIC_FEATURES),
                categorical=("district", "purpose", "home_ownership"),
            ),
            lambda: _transformer(
                numeric=np.array(NUMERIC_FEATURES), categorical=np.array(CATEGORICAL_FEATURES)
            ),
            lambda: _transformer(
                numeric=pd.Index(NUMERIC_FEATURES), categorical=pd.Index(CATEGORICAL_FEATURES)
            ),
            lambda: _transformer(
                numeric=[COLUMNS.index(c) for c in NUMERIC_FEATURES],
                categorical=[COLUMNS.index(c) for c in CATEGORICAL_FEATURES],
            ),
            lambda: make_column_transformer(
                (StandardScaler(), NUMERIC_FEATURES), (_ohe(), CATEGORICAL_FEATURES)
            ),
            lambda: _transformer(
                numeric=make_column_selector(
                    pattern="^(?!application_id|repaid|approved)", dtype_include="number"
                ),
                categorical=make_column_selector(
                    pattern="^(?!group$)", dtype_include=["object", "string"]
                ),
            ),
            lambda: _transformer(RobustScaler()),
            lambda: _transformer(MinMaxScaler()),
            lambda: _transformer(MaxAbsScaler()),
            lambda: _transformer(StandardScaler(with_mean=False)),
            lambda: _transformer(
                categorical_step=OneHotEncoder(handle_unknown="infrequent_if_exist")
            ),
            lambda: _transformer(categorical_step=_ohe(sparse_output=False)),
            lambda: _transformer(categorical_step=_ohe(drop="first")),
            lambda: _transformer(remainder="drop"),
            lambda: _transformer(sparse_threshold=1.0, verbose_feature_names_out=False),
            lambda: _transformer(categorical_step=_ohe(sparse_output=False)).set_output(
                transform="pandas"
            ),
            lambda: _transformer(
                make_pipeline(SimpleImputer(), StandardScaler()),
                make_pipeline(SimpleImputer(strategy="most_frequent"), _ohe()),
            ),
            lambda: _transformer(
                Pipeline([("inner", make_pipeline(SimpleImputer(), StandardScaler()))])
            ),
            lambda: ColumnTransformer(
                [
                    ("some", StandardScaler(), NUMERIC_FEATURES[:3]),
                    ("others", RobustScaler(), NUMERIC_FEATURES[3:]),
                    ("categorical", _ohe(), CATEGORICAL_FEATURES),
                ]
            ),
            lambda: ColumnTransformer(  # the forbidden columns dropped by name: nothing remains
                [
                    ("numeric", StandardScaler(), NUMERIC_FEATURES),
                    ("categorical", _ohe(), CATEGORICAL_FEATURES),
                    ("excluded", "drop", EXCLUDED),
                ],
                remainder="passthrough",
            ),
        ],
        [
            # encodings that lose categories (accepted before)
            (lambda: _transformer(categorical_step=_ohe(max_categories=2)), "same columns"),
            (
                lambda: _transformer(
                    categorical_step=OneHotEncoder(
                        handle_unknown="ignore", categories=_categories_without("Riverside")
                    )
                ),
                "treats 'Riverside'",
            ),
            (lambda: _transformer(numeric=[*NUMERIC_FEATURES, "age"]), "lists 'age' twice"),
            (lambda: _transformer(remainder="passthrough"), "application_id, group, repaid and"),
            (lambda: _transformer(remainder="passthrough"), "remainder='drop'"),
            (lambda: _transformer(remainder=StandardScaler()), "application_id, group, repaid"),
            (lambda: _transformer(remainder=_ohe()), "application_id, group, repaid and"),
            (
                lambda: ColumnTransformer(
                    [
                        ("numeric", StandardScaler(), NUMERIC_FEATURES),
                        ("categorical", _ohe(), CATEGORICAL_FEATURES),
                        ("excluded", "drop", ["application_id", "group", "approved"]),
                    ],
                    remainder="passthrough",
                ),
                "lets repaid through",
            ),
            (
                lambda: _transformer(numeric=make_column_selector(dtype_include="number")),
                "takes application_id, repaid and approved",
            ),
            (
                lambda: _transformer(categorical=make_column_selector(dtype_exclude="number")),
                "takes group",
            ),
            (lambda: _transformer(numeric=NUMERIC_FEATURES + ["repaid"]), "leakage"),
            (lambda: _transformer(numeric=NUMERIC_FEATURES + ["approved"]), "the target"),
            (lambda: _transformer(categorical=CATEGORICAL_FEATURES + ["group"]), "protected"),
            (lambda: _transformer(numeric=NUMERIC_FEATURES + ["application_id"]), "identifier"),
            (
                lambda: ColumnTransformer(
                    [
                        ("numeric", StandardScaler(), NUMERIC_FEATURES),
                        ("categorical", _ohe(), CATEGORICAL_FEATURES),
                        ("again", RobustScaler(), ["age"]),
                    ]
                ),
                "'age' is in 2 transformers",
            ),
            (
                lambda: ColumnTransformer(
                    [
                        ("numeric", StandardScaler(), NUMERIC_FEATURES),
                        ("categorical", _ohe(), CATEGORICAL_FEATURES),
                        ("districts", _ohe(), ["district"]),
                    ]
                ),
                "more than once",
            ),
            (lambda: _transformer(categorical_step=OneHotEncoder()), "handle_unknown"),
            (
                lambda: _transformer(categorical_step=OneHotEncoder(handle_unknown="error")),
                "handle_unknown",
            ),
            (lambda: _transformer(categorical_step=StandardScaler()), "text column"),
            (lambda: _transformer(categorical_step=OrdinalEncoder()), "order"),
            (lambda: _transformer(categorical_step="passthrough"), "as text"),
            (lambda: _transformer("passthrough"), "passes through unscaled"),
            (lambda: _transformer(SimpleImputer()), "never scaled"),
            (lambda: _transformer(_ohe()), "one-hot encoding it"),
            (lambda: _transformer(make_pipeline(StandardScaler(), _ohe())), "one-hot encoding it"),
            (
                lambda: _transformer(make_pipeline(StandardScaler(), FunctionTransformer(np.exp))),
                "comes after the scaler",
            ),
            (lambda: _transformer(make_pipeline(StandardScaler(), PCA(3))), "after the scaler"),
            (
                lambda: _transformer(
                    make_pipeline(StandardScaler(), KBinsDiscretizer(encode="ordinal"))
                ),
                "changes the shape of its values",
            ),
            (lambda: _transformer(QuantileTransformer(n_quantiles=100)), "changes the shape"),
            (lambda: _transformer(StandardScaler(with_std=False)), "only centres"),
            (lambda: _transformer(RobustScaler(with_scaling=False)), "only centres"),
            (
                lambda: _transformer(transformer_weights={"numeric": 1000, "categorical": 1}),
                "transformer_weights",
            ),
            (
                lambda: _transformer(
                    make_pipeline(FunctionTransformer(np.log1p), StandardScaler())
                ),
                "more than scaling",
            ),
            (lambda: _transformer(numeric=NUMERIC_FEATURES[1:]), "'age' is not in any"),
            (lambda: _transformer(categorical=CATEGORICAL_FEATURES[1:]), "'district' is not in"),
            (
                lambda: ColumnTransformer([("numeric", StandardScaler(), NUMERIC_FEATURES)]),
                "never sees it",
            ),
            (lambda: _transformer(numeric=NUMERIC_FEATURES + ["zip"]), "zip"),
            (lambda: make_pipeline(make_preprocessor()), "Pipeline"),
            (lambda: StandardScaler(), "ColumnTransformer"),
            (lambda: ColumnTransformer, "the class"),
        ],
    ),
    "ex01.q3": (
        [
            lambda: (_test_auc(), _fitted()),
            lambda: (float(_test_auc()), _fitted()),
            lambda: (round(_test_auc(), 4), _fitted()),  # the precision the prompt asks for
            lambda: (_test_auc(solver="newton-cg"), _fitted(solver="newton-cg")),  # 0.000024 away
            lambda: (_test_auc(solver="liblinear"), _fitted(solver="liblinear")),
            lambda: (_test_auc(solver="newton-cholesky"), _fitted(solver="newton-cholesky")),
            lambda: (_test_auc(solver="saga"), _fitted(solver="saga")),
            lambda: (round(_test_auc(solver="newton-cg"), 4), _fitted(solver="newton-cg")),
        ],
        [
            (lambda: (_auc_from_labels(), _fitted()), "hard 0/1"),
            (lambda: (_accuracy(), _fitted()), "accuracy"),
            (lambda: (_train_auc(), _fitted()), "training set"),
            (lambda: (round(_train_auc(), 4), _fitted()), "training set"),
            (lambda: (_scored_on_all_rows(), _fitted()), "scores every row"),
            (lambda: (_class_0_auc(), _fitted()), "class 0"),
            (lambda: (_fitted_on_all_rows(), _fitted()), "fitted on all rows"),
            (lambda: (_other_split(random_state=42), _fitted()), "another split"),
            (
                lambda: (
                    _other_split(random_state=0, stratify=load_loans()["approved"]),
                    _fitted(),
                ),
                "seed 0",
            ),
            (lambda: (_forest_auc(), _fitted()), "random forest"),
            (lambda: (_cv_mean(), _fitted()), "cross-validated"),
            (lambda: (_test_auc(scaler=MinMaxScaler()), _fitted()), "as the notebook defines it"),
            (lambda: (_test_auc(C=0.1), _fitted()), "as the notebook defines it"),
            (lambda: (100 * _test_auc(), _fitted()), "percentage"),
            (lambda: (round(_test_auc(), 2), _fitted()), "rounded to 2 decimals"),
            (lambda: ("0.7749", _fitted()), "without quotes"),
            (lambda: (0.75, _fitted()), "too low"),
            (lambda: (float("nan"), _fitted()), "NaN"),
            (lambda: (np.array([_test_auc()]), _fitted()), "Take the number out of it"),
            # close variants that score the same to four decimals: only the pipeline shows them
            (
                lambda: (_test_auc(scaler=RobustScaler()), _fitted(scaler=RobustScaler())),
                "preprocessing is not the one defined above",
            ),
            (lambda: _variant(class_weight="balanced"), "sets class_weight='balanced'"),
            (lambda: _variant(fit_intercept=False), "sets fit_intercept=False"),
            (lambda: _variant(solver="liblinear", l1_ratio=1.0), "sets l1_ratio=1.0"),
            # the pipeline itself: unfitted, fitted on all rows, another model
            (lambda: (_test_auc(), _unfitted_logistic()), "not fitted yet"),
            (lambda: (_test_auc(), _on_all_rows_model()), "fitted on other rows"),
            (lambda: (_test_auc(), _forest_model()), "ends in a RandomForestClassifier"),
            (lambda: (_test_auc(), _test_auc()), "should be the notebook's pipeline"),
        ],
    ),
}
