"""Shared pieces of the explanation notebooks, 07 (SHAP) and 08 (LIME).

Both notebooks explain the same model for the same applicants, so every choice they share is
made once, here:

* which models are explained, fitted on the course's training split
  (:func:`fit_explained_models`), and on which applicants (:func:`explanation_sample`);
* how the model's inputs, one column per category after one-hot encoding, map back to the loan
  table's features (:func:`model_inputs`, :func:`input_features`, :func:`by_feature`);
* which applicant is "the rejected applicant" (:func:`pick_rejected`);
* the exact SHAP values of a linear model, the yardstick for a sampled explainer
  (:func:`linear_shap_values`);
* the table LIME needs, categories as integer codes (:class:`LabelCodec`, :func:`lime_weights`);
* the deciding model's reasons for a rejection: exact SHAP values of the shipped linear model
  against the applicants it approves (:func:`approved_reference`, :func:`letter_contributions`);
* how contributions become the sentences of a rejection letter, and which features must never
  be one (:func:`reason_codes`, :func:`reason_sentence`, :data:`NEVER_A_REASON`).

``shap`` and ``lime`` are not imported here: the helpers take their results as arrays, so this
module stays quick to import and easy to test.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import NotFittedError
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils.validation import check_is_fitted

from coursekit.business import CHOSEN_THRESHOLD
from coursekit.features import CATEGORICAL_FEATURES, FEATURES, MISSING_CATEGORY, RANDOM_STATE
from coursekit.modeling import CHOSEN_MODEL, candidate_models
from coursekit.validation import plain, require_columns

# TreeExplainer needs a tree model: notebook 03's gradient-boosting candidate. The model that
# decides (CHOSEN_MODEL, logistic regression) is explained too, with a model-agnostic method.
EXPLAINED_MODEL = "gradient boosting"
# Applicants explained per notebook: enough for the summary plots, quick for every explainer.
SAMPLE_SIZE = 300

# How a rejection letter names each feature and formats the applicant's value. A sentence names
# the feature and states the applicant's own value; given the reference applicants (those the
# deciding model approves), it adds what they have: the average for a number, the share with
# the same answer for a category. It never claims a verdict such as "high" or "short": a claim
# a letter makes must be true of its applicant (tests/test_explain.py holds every sentence to
# that, for every applicant the shipped model rejects).
REASON_TEXT = {
    "age": ("Age", "{:.0f} years"),
    "income": ("Income", "{:,.0f} EUR a year"),
    "employment_years": ("Time with the current employer", "{:.1f} years"),
    "debt_to_income": ("Existing debt payments", "{:.0%} of income"),
    "credit_history_years": ("Length of credit history", "{:.1f} years"),
    "late_payments": ("Late payments in the last two years", "{:.0f}", "{:.1f}"),
    "loan_amount": ("Amount requested", "{:,.0f} EUR"),
    "purpose": ("Purpose of the loan", "{}"),
    "home_ownership": ("Housing situation", "{}"),
    "district": ("Place of residence", "{}"),
}
NOT_GIVEN = "not given in the application"


def reason_sentence(
    feature: str, applicant: Mapping | pd.Series, reference: pd.DataFrame | None = None
) -> str:
    """The sentence a letter states for ``feature``: its name, the applicant's value, and what the
    reference applicants have (when ``reference`` is given)."""
    if feature not in REASON_TEXT:
        raise ValueError(f"No reason text for {feature!r}; the loan features are {FEATURES}.")
    name, value_format, *average = REASON_TEXT[feature]
    average_format = average[0] if average else value_format  # a count's average has decimals
    value = applicant[feature]
    if pd.isna(value):
        return f"{name}: {NOT_GIVEN}"
    sentence = f"{name}: {value_format.format(value)}"
    if reference is None:
        return sentence
    known = reference[feature].dropna()
    if feature in CATEGORICAL_FEATURES:
        share = float((known == value).mean())
        return f"{sentence} ({share:.0%} of approved applicants)"
    return f"{sentence} (approved applicants: {average_format.format(known.mean())} on average)"


# Features the model uses that must never be a stated reason, and why. If one of them is among
# an applicant's strongest reasons, the letter cannot be fixed by leaving it out: the decision
# itself rests on it, and the model needs review.
NEVER_A_REASON = {
    "district": (
        "a proxy for the protected group: about 88 % of applicants in Eastfield and Millbrook "
        "are in group B"
    ),
    "age": (
        "a protected characteristic in many jurisdictions, and in these data it has no direct "
        "effect on repayment"
    ),
}


# --- the models and the applicants --------------------------------------------------------


def fit_explained_models(X_train: pd.DataFrame, y_train: ArrayLike) -> dict[str, Pipeline]:
    """The two explained pipelines, fitted: ``EXPLAINED_MODEL`` and ``CHOSEN_MODEL``.

    Parameters
    ----------
    X_train, y_train : the training split from :func:`coursekit.features.split_loans`.

    Returns
    -------
    ``{"gradient boosting": pipeline, "logistic regression": pipeline}``, each with the steps
    "preprocess" and "classify", seeded as in notebook 03.
    """
    require_columns(
        X_train,
        FEATURES,
        "X_train",
        "Pass the X_train of coursekit.features.split_loans(load_loans()).",
    )
    if len(X_train) != len(y_train):
        raise ValueError(
            f"X_train has {len(X_train)} rows but y_train has {len(y_train)}; pass the two "
            "from the same split."
        )
    candidates = candidate_models()
    return {
        name: candidates[name].fit(X_train, y_train) for name in (EXPLAINED_MODEL, CHOSEN_MODEL)
    }


def explanation_sample(
    X: pd.DataFrame, n: int = SAMPLE_SIZE, random_state: int = RANDOM_STATE
) -> pd.DataFrame:
    """``n`` complete rows of ``X`` drawn without replacement by a seeded generator, in their
    order in X.

    The same call gives the same rows every time, so notebooks 07 and 08 explain the same
    applicants. Rows with a missing feature are left out: LIME cannot perturb a gap, and an
    explanation of one would explain the imputer's median rather than the applicant.
    """
    if not isinstance(X, pd.DataFrame):
        raise TypeError(f"X must be a pandas DataFrame, got {type(X).__name__}.")
    X = complete_rows(X)
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 1 <= n <= len(X):
        raise ValueError(f"n must be an integer between 1 and len(X) = {len(X)}, got {n!r}.")
    rows = np.random.default_rng(random_state).choice(len(X), size=n, replace=False)
    return X.iloc[np.sort(rows)]


def _preprocessor(model: Pipeline | ColumnTransformer) -> ColumnTransformer:
    preprocessor = model[:-1] if isinstance(model, Pipeline) else model
    if isinstance(preprocessor, Pipeline):
        preprocessor = preprocessor[-1] if len(preprocessor) else None
    if not isinstance(preprocessor, ColumnTransformer):
        raise TypeError(
            "Expected a course pipeline (steps 'preprocess' and 'classify') or its "
            f"ColumnTransformer, got {type(model).__name__}."
        )
    try:
        check_is_fitted(preprocessor)
    except NotFittedError:
        raise ValueError("The model is not fitted yet: call fit(X_train, y_train) first.") from None
    return preprocessor


def input_features(model: Pipeline | ColumnTransformer) -> pd.DataFrame:
    """Which loan feature each model input comes from.

    Parameters
    ----------
    model : a fitted course pipeline, or its fitted ``ColumnTransformer``.

    Returns
    -------
    One row per model input (index: the name ``get_feature_names_out`` gives it, e.g.
    ``"categorical__district_Eastfield"``), with the columns ``feature`` (``"district"``),
    ``category`` (``"Eastfield"``, empty for a numeric input, ``"missing"`` for the indicator of
    a gap) and ``label``, a short readable name (``"income"``, ``"district = Eastfield"``,
    ``"income missing"``).
    """
    preprocessor = _preprocessor(model)
    rows = []
    for step, transformer, columns in preprocessor.transformers_:
        if transformer == "drop" or step == "remainder":
            continue
        steps = list(transformer) if isinstance(transformer, Pipeline) else [transformer]
        final = steps[-1]
        if isinstance(final, OneHotEncoder):
            for column, categories in zip(columns, final.categories_, strict=True):
                for category in categories:
                    rows.append((column, str(category), f"{column} = {category}"))
        else:
            rows.extend((column, "", column) for column in columns)
            for imputer in steps:  # the "<feature> was missing" columns come after the values
                if isinstance(imputer, SimpleImputer) and imputer.add_indicator:
                    rows.extend(
                        (columns[i], MISSING_CATEGORY, f"{columns[i]} missing")
                        for i in imputer.indicator_.features_
                    )
    names = preprocessor.get_feature_names_out()
    if len(names) != len(rows):  # a transformer this function does not know how to read
        raise ValueError(
            f"Could not map the {len(names)} model inputs back to features; only imputers, scalers "
            "and one-hot encoders are supported."
        )
    return pd.DataFrame(
        rows, index=pd.Index(names, name="input"), columns=["feature", "category", "label"]
    )


def model_inputs(model: Pipeline, X: pd.DataFrame) -> pd.DataFrame:
    """What the classifier of ``model`` sees for the applicants ``X``: the preprocessed table.

    Columns are named as in :func:`input_features` and rows keep ``X``'s index. Pass
    ``.to_numpy()`` of the result to the classifier itself (it was fitted without names).
    """
    if not isinstance(model, Pipeline):
        raise TypeError(f"model must be a fitted course Pipeline, got {type(model).__name__}.")
    names = input_features(model).index
    values = model[:-1].transform(X)
    if hasattr(values, "toarray"):
        values = values.toarray()
    return pd.DataFrame(values, index=X.index, columns=names)


def by_feature(values: ArrayLike, inputs: pd.DataFrame) -> pd.DataFrame | pd.Series:
    """Sum contributions of model inputs per loan feature (the one-hot columns of a category).

    Parameters
    ----------
    values : contributions per model input, one row per applicant (2-D) or one applicant (1-D),
        with the inputs in the order of ``inputs``; a DataFrame or Series keeps its index.
    inputs : the table from :func:`input_features`.

    Returns
    -------
    The same rows with one column per loan feature, in the order of
    :data:`coursekit.features.FEATURES` (a Series for 1-D input). Shapley values add up, so the
    sum over a feature's columns is that feature's share of the prediction.
    """
    if not isinstance(inputs, pd.DataFrame) or "feature" not in inputs.columns:
        raise TypeError("inputs must be the table returned by input_features(model).")
    index = values.index if isinstance(values, pd.Series | pd.DataFrame) else None
    array = np.asarray(values, dtype=float)
    if array.ndim not in (1, 2) or array.shape[-1] != len(inputs):
        raise ValueError(
            f"values must have one column per model input ({len(inputs)}), got shape {array.shape}."
        )
    order = [f for f in FEATURES if f in set(inputs["feature"])]
    order += [f for f in pd.unique(inputs["feature"]) if f not in order]
    summed = pd.DataFrame(np.atleast_2d(array), columns=inputs["feature"].to_numpy())
    summed = summed.T.groupby(level=0, sort=False).sum().T[order]
    if array.ndim == 1:
        out = summed.iloc[0].rename(None)
        if isinstance(values, pd.Series):
            out.name = values.name
        return out
    if index is not None:
        summed.index = index
    summed.columns.name = "feature"
    return summed


def pick_rejected(
    scores: ArrayLike, threshold: float = CHOSEN_THRESHOLD, rule: str = "lowest"
) -> int:
    """Position of one rejected applicant (score below ``threshold``), chosen by a fixed rule.

    Parameters
    ----------
    scores : the model's probability of "approve", one per applicant.
    threshold : approve when the score is at least this (notebook 04's, 0.44, by default).
    rule : ``"lowest"``, the rejected applicant with the lowest score (the clearest rejection),
        or ``"closest"``, the one with the highest score below the threshold (the nearest miss).

    Returns
    -------
    An integer position into ``scores`` (use it with ``.iloc``).
    """
    array = np.asarray(scores, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"scores must be a non-empty 1-D array, got shape {array.shape}.")
    if np.isnan(array).any() or (array < 0).any() or (array > 1).any():
        raise ValueError("scores must be probabilities between 0 and 1 (use predict_proba).")
    if not 0 < threshold < 1:
        raise ValueError(f"threshold must lie strictly between 0 and 1, got {plain(threshold)!r}.")
    if rule not in ("lowest", "closest"):
        raise ValueError(f"rule must be 'lowest' or 'closest', got {rule!r}.")
    rejected = np.flatnonzero(array < threshold)
    if rejected.size == 0:
        raise ValueError(f"No applicant is rejected: every score is at least {threshold}.")
    pick = np.argmin if rule == "lowest" else np.argmax
    return int(rejected[pick(array[rejected])])


def linear_shap_values(
    coefficients: ArrayLike,
    X: ArrayLike,
    background: ArrayLike,
    weights: ArrayLike | None = None,
) -> np.ndarray:
    """Exact SHAP values of a linear model on its own inputs: coefficient × (x − background mean).

    For a model ``f(x) = b + Σ w_j x_j`` whose missing inputs are filled in from a background
    (the "interventional" definition that KernelExplainer estimates), the Shapley value of input
    ``j`` is ``w_j (x_j − E[x_j])``, the mean taken over the background. No sampling is needed,
    which makes this the yardstick for a sampled explainer.

    Parameters
    ----------
    coefficients : ``w``, one per input (``LogisticRegression.coef_`` works: values are in
        log-odds).
    X : the inputs of one applicant (1-D) or several (2-D).
    background : the background rows, 2-D, one column per input.
    weights : optional weight per background row (``shap.kmeans`` returns weighted centres).
    """
    w = np.asarray(coefficients, dtype=float).ravel()
    x = np.asarray(X, dtype=float)
    reference = np.asarray(background, dtype=float)
    if reference.ndim != 2 or reference.shape[1] != w.size or len(reference) == 0:
        raise ValueError(
            f"background must be 2-D with one column per coefficient ({w.size}), got shape "
            f"{reference.shape}."
        )
    if x.shape[-1] != w.size or x.ndim not in (1, 2):
        raise ValueError(f"X must have one column per coefficient ({w.size}), got shape {x.shape}.")
    if weights is not None:
        weights = np.asarray(weights, dtype=float)
        if weights.shape != (len(reference),) or (weights < 0).any() or weights.sum() == 0:
            raise ValueError(
                f"weights must hold one non-negative weight per background row ({len(reference)})"
                ", not all zero."
            )
    return w * (x - np.average(reference, axis=0, weights=weights))


def approved_reference(model, X: pd.DataFrame) -> pd.DataFrame:
    """The applicants of ``X`` with no gap that ``model`` approves: what a letter compares with.

    ``model`` is the deciding model, a fitted classifier whose ``predict`` approves (1), such as
    the shipped ``FixedThresholdClassifier`` of :func:`coursekit.gate.build_course_model`. Pass
    the training split: the reference is part of the model, fixed when it is built.
    """
    if not hasattr(model, "predict"):
        raise TypeError("model must be a fitted classifier with predict (the deciding model).")
    X = complete_rows(X)
    approved = X[np.asarray(model.predict(X)) == 1]
    if approved.empty:
        raise ValueError("The model approves none of these applicants: no reference to compare.")
    return approved


def _linear_pipeline(model) -> Pipeline:
    pipeline = getattr(model, "estimator_", model)  # a FixedThresholdClassifier holds it here
    if not isinstance(pipeline, Pipeline) or not hasattr(pipeline[-1], "coef_"):
        raise TypeError(
            "letter_contributions needs the deciding linear model: a fitted course pipeline "
            "ending in a linear classifier, or a FixedThresholdClassifier around one."
        )
    return pipeline


def letter_contributions(model, applicants: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Exact SHAP values of the deciding linear model, per loan feature, against ``reference``.

    For a linear model the Shapley value of an input is coefficient × (input − its mean over the
    reference applicants): no sampling, no approximation (:func:`linear_shap_values`). Each
    applicant's values add up to their log-odds minus the reference applicants' average
    log-odds, so a negative value is a way in which the applicant falls short of the applicants
    the model approves. The reference has no gaps, so a "was missing" input counts only for an
    applicant whose value is missing (the letter then says it was not given).

    Parameters
    ----------
    model : the deciding model (see :func:`approved_reference`).
    applicants : the applicants to explain, with the loan features.
    reference : :func:`approved_reference` of the same model.

    Returns
    -------
    One row per applicant (index kept), one column per loan feature, in log-odds.
    """
    pipeline = _linear_pipeline(model)
    require_columns(applicants, FEATURES, "applicants", "Pass rows of the loan table.")
    if reference[FEATURES].isna().any().any():
        raise ValueError(
            "reference has rows with a missing feature; pass approved_reference(model, X_train)."
        )
    inputs = input_features(pipeline)
    values = linear_shap_values(
        pipeline[-1].coef_,
        model_inputs(pipeline, applicants).to_numpy(),
        model_inputs(pipeline, reference).to_numpy(),
    )
    return by_feature(pd.DataFrame(values, index=applicants.index, columns=inputs.index), inputs)


# --- LIME's view of the table ---------------------------------------------------------------


def complete_rows(X: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``X`` with no missing feature (what LIME can sample from and explain)."""
    require_columns(X, FEATURES, "complete_rows", "Pass a table of the loan features.")
    return X.dropna(subset=FEATURES)


def _require_complete(X: pd.DataFrame, who: str) -> None:
    gaps = X[FEATURES].isna().any(axis=1)
    if gaps.any():
        raise ValueError(
            f"{who}: {int(gaps.sum())} row(s) have a missing feature ("
            f"{', '.join(X[FEATURES].columns[X[FEATURES].isna().any()])}); LIME cannot sample "
            "or explain a gap. Pass complete_rows(X) instead."
        )


class LabelCodec:
    """The loan features as numbers, categories as integer codes, and back.

    LIME's tabular explainer wants a numeric array and the positions of its categorical columns;
    the course's pipelines want the loan table with text categories. ``encode`` gives LIME its
    array, ``decode`` turns LIME's perturbed rows back into a table the pipeline accepts, and
    ``predict_fn(model)`` wraps a pipeline so that LIME can call it directly.

    Parameters
    ----------
    X : the training features (the categories are learned from them, sorted), complete rows
        only: LIME's sampler learns quartiles and frequencies from them and has no notion of a
        gap, so pass e.g. ``complete_rows(X_train)``.
    """

    def __init__(self, X: pd.DataFrame) -> None:
        require_columns(X, FEATURES, "The LIME encoder", "Pass the training features.")
        _require_complete(X, "The LIME encoder")
        self.feature_names = list(FEATURES)
        self.categories = {c: sorted(X[c].astype(str).unique()) for c in CATEGORICAL_FEATURES}
        self.categorical_features = [FEATURES.index(c) for c in CATEGORICAL_FEATURES]
        self.categorical_names = {
            FEATURES.index(c): list(values) for c, values in self.categories.items()
        }
        self.rows_predicted = 0  # how many rows predict_fn has scored (LIME's cost)

    def encode(self, X: pd.DataFrame) -> np.ndarray:
        """The features of ``X`` as a float array, categories replaced by their codes."""
        _require_complete(X, "encode")
        table = X[self.feature_names].copy()
        for column, values in self.categories.items():
            codes = table[column].astype(str).map({v: i for i, v in enumerate(values)})
            if codes.isna().any():
                unknown = sorted(set(table.loc[codes.isna(), column].astype(str)))
                raise ValueError(
                    f"{column} has categories the codec was not built with: {unknown}."
                )
            table[column] = codes
        return table.to_numpy(dtype=float)

    def decode(self, array: ArrayLike) -> pd.DataFrame:
        """Rows of codes back to a loan table with text categories (what the pipeline expects)."""
        values = np.atleast_2d(np.asarray(array, dtype=float))
        if values.shape[1] != len(self.feature_names):
            raise ValueError(
                f"Expected {len(self.feature_names)} columns ({self.feature_names}), got "
                f"{values.shape[1]}."
            )
        table = pd.DataFrame(values, columns=self.feature_names)
        for column, categories in self.categories.items():
            codes = table[column].round().astype(int)
            if (codes < 0).any() or (codes >= len(categories)).any():
                raise ValueError(f"{column} holds codes outside 0..{len(categories) - 1}.")
            table[column] = np.asarray(categories, dtype=object)[codes]
        return table

    def predict_fn(self, model: Pipeline) -> Callable[[np.ndarray], np.ndarray]:
        """A function LIME can call: rows of codes in, ``model.predict_proba`` out."""
        if not hasattr(model, "predict_proba"):
            raise TypeError("model must have predict_proba (a fitted classifier pipeline).")

        def predict(array: np.ndarray) -> np.ndarray:
            table = self.decode(array)
            self.rows_predicted += len(table)
            return model.predict_proba(table)

        return predict


def lime_weights(
    local_explanation: Sequence[tuple[int, float]], feature_names: Sequence[str]
) -> pd.Series:
    """LIME's weights as a Series by feature name, in the order of ``feature_names``.

    Parameters
    ----------
    local_explanation : ``explanation.as_map()[label]``, pairs of (feature position, weight).
    feature_names : the names LIME was given, in order (``LabelCodec.feature_names``).

    Features LIME left out of the explanation get weight 0.
    """
    weights = pd.Series(0.0, index=list(feature_names))
    for position, weight in local_explanation:
        if not 0 <= int(position) < len(weights):
            raise ValueError(
                f"Feature position {position} is outside the {len(weights)} feature names."
            )
        weights.iloc[int(position)] = float(weight)
    return weights


# --- from contributions to a rejection letter ---------------------------------------------


@dataclass(frozen=True)
class ReasonCodes:
    """The reasons a rejection letter would give, strongest first.

    Attributes
    ----------
    features : the loan features behind the reasons, most negative contribution first.
    reasons : one plain-language sentence per feature, with the applicant's value.
    contributions : each feature's contribution (negative: towards rejection).
    flagged : the features among them that must never be a stated reason, with why.
    """

    features: tuple[str, ...]
    reasons: tuple[str, ...]
    contributions: tuple[float, ...]
    flagged: Mapping[str, str]

    @property
    def can_be_sent(self) -> bool:
        """False when a feature that must never be a reason is among the strongest."""
        return not self.flagged

    def __str__(self) -> str:
        lines = [f"{i}. {reason}" for i, reason in enumerate(self.reasons, start=1)]
        for feature, why in self.flagged.items():
            lines.append(f"   STOP: '{feature}' is among the reasons; it is {why}.")
        return "\n".join(lines)


def reason_codes(
    contributions: pd.Series,
    applicant: Mapping | pd.Series,
    k: int = 3,
    reference: pd.DataFrame | None = None,
) -> ReasonCodes:
    """The ``k`` features that pushed one applicant most towards rejection, as a letter states them.

    Parameters
    ----------
    contributions : one contribution per loan feature (index: feature names), negative towards
        rejection: SHAP values summed with :func:`by_feature`, or LIME weights.
    applicant : the applicant's row of the loan table (for the values in the sentences).
    k : how many reasons (adverse-action notices usually give up to four).
    reference : optional, the applicants the deciding model approves
        (:func:`approved_reference`); each sentence then says what they have.

    Only negative contributions become reasons; features in :data:`NEVER_A_REASON` are kept in
    the list and flagged, never silently dropped (see :attr:`ReasonCodes.can_be_sent`).
    """
    if not isinstance(contributions, pd.Series):
        raise TypeError("contributions must be a pandas Series indexed by feature name.")
    unknown = sorted(set(contributions.index) - set(REASON_TEXT))
    if unknown:
        raise ValueError(
            f"No reason text for {unknown}: sum one-hot inputs per feature first (by_feature)."
        )
    if contributions.isna().any():
        raise ValueError("contributions has missing values.")
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}.")
    negative = contributions[contributions < 0].sort_values(kind="stable").head(k)
    missing = [f for f in negative.index if f not in applicant]
    if missing:
        raise ValueError(f"applicant lacks the values of {missing}.")
    return ReasonCodes(
        features=tuple(negative.index),
        reasons=tuple(reason_sentence(f, applicant, reference) for f in negative.index),
        contributions=tuple(float(v) for v in negative),
        flagged={f: NEVER_A_REASON[f] for f in negative.index if f in NEVER_A_REASON},
    )
