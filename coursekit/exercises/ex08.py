"""Exercises of notebook 08 (LIME).

Reference values come from the same helpers and settings the notebook uses (the explained model,
its 300 test applicants and the clearest rejection from :mod:`coursekit.explain`; LIME with seed
``RANDOM_STATE``, 5,000 samples and the default kernel width), computed once, when a checker
first needs them. ``lime`` and ``shap`` are imported only then.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import pandas as pd
from scipy.stats import kendalltau, pearsonr, spearmanr

from coursekit.data import load_loans
from coursekit.exercises.core import Exercise, Incorrect, as_number, bind_exercises, check_number
from coursekit.explain import (
    EXPLAINED_MODEL,
    LabelCodec,
    by_feature,
    explanation_sample,
    fit_explained_models,
    input_features,
    lime_weights,
    model_inputs,
    pick_rejected,
)
from coursekit.features import FEATURES, RANDOM_STATE, split_loans

NOTEBOOK = "08_lime"
LIME_SAMPLES = 5000  # the notebook's num_samples
# q2: a rank correlation of 10 pairs moves in steps of about 0.006 (6 / (10 × 99)); two
# decimals are enough, and the nearest mistake the checker names (Kendall's tau) lies 0.09 away.
Q2_TOLERANCE = 0.005


@cache
def _facts() -> dict:
    """LIME's weights and SHAP's per-feature values for the notebook's clearest rejection."""
    import shap
    from lime.lime_tabular import LimeTabularExplainer

    X_train, X_test, y_train, _ = split_loans(load_loans())
    model = fit_explained_models(X_train, y_train)[EXPLAINED_MODEL]
    applicants = explanation_sample(X_test)
    chosen = pick_rejected(model.predict_proba(applicants)[:, 1])
    codec = LabelCodec(X_train)
    explainer = LimeTabularExplainer(
        codec.encode(X_train),
        mode="classification",
        feature_names=codec.feature_names,
        categorical_features=codec.categorical_features,
        categorical_names=codec.categorical_names,
        class_names=["reject", "approve"],
        random_state=RANDOM_STATE,
    )
    explanation = explainer.explain_instance(
        codec.encode(applicants.iloc[[chosen]])[0],
        codec.predict_fn(model),
        num_features=len(FEATURES),
        num_samples=LIME_SAMPLES,
    )
    one = applicants.iloc[[chosen]]
    shap_values = shap.TreeExplainer(model[-1])(model_inputs(model, one).to_numpy()).values[0]
    return {
        "lime": lime_weights(explanation.as_map()[1], codec.feature_names),
        "descriptions": dict(explanation.as_list(label=1)),
        "shap": by_feature(shap_values, input_features(model)),
    }


def _top_negative(weights: pd.Series, k: int = 3) -> list[str]:
    return list(weights[weights < 0].sort_values(kind="stable").index[:k])


# --- q1: LIME's three reasons ------------------------------------------------------------


def _as_features(answer) -> list[str]:
    if isinstance(answer, str) or not isinstance(answer, Sequence | pd.Index | np.ndarray):
        raise Incorrect(
            "Give a list of three feature names, strongest reason first, e.g. "
            "['income', 'age', 'purpose']."
        )
    names = [str(name).strip() for name in answer]
    described = [n for n in names if n not in FEATURES and any(f in n for f in FEATURES)]
    if described:
        raise Incorrect(
            f"{described[0]!r} is LIME's description of a condition; give the feature's name "
            "alone (the index of lime_weights), e.g. 'income'."
        )
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise Incorrect(f"{unknown} are not loan features. Choose among: {', '.join(FEATURES)}.")
    if len(names) != 3:
        raise Incorrect(f"You gave {len(names)} feature(s); a rejection letter here gives three.")
    if len(set(names)) != 3:
        raise Incorrect("A feature appears twice: give three different features.")
    return names


def _check_lime_reasons(lime_reasons) -> str:
    weights = _facts()["lime"]
    names = _as_features(lime_reasons)
    right = _top_negative(weights)
    if names == right:
        return (
            f"LIME names {', '.join(right)}: the three most negative weights "
            f"({', '.join(f'{weights[f]:+.3f}' for f in right)}). One of them is the district, "
            "which section 5 is about."
        )
    positive = [n for n in names if weights[n] > 0]
    if positive:
        raise Incorrect(
            f"{positive[0]} has a positive weight ({weights[positive[0]]:+.3f}): it pushes this "
            "applicant towards approval. A reason for rejection has a negative weight; sort by "
            "the weight itself, not by its size."
        )
    if sorted(names) == sorted(right):
        raise Incorrect(
            "Right features, wrong order: a letter gives the strongest reason first, the most "
            "negative weight."
        )
    dropped = [f for f in right if f not in names]
    if "district" in dropped:
        raise Incorrect(
            "You left out the district, but its weight is among the three most negative. Keep "
            "every feature in the list: a list that quietly drops one hides the real reason. "
            "Section 5 is about what to do when a proxy shows up."
        )
    raise Incorrect(
        f"{dropped[0]} pushes harder towards rejection ({weights[dropped[0]]:+.3f}) than one "
        "of yours. Take the three most negative weights."
    )


# --- q2: how far LIME and SHAP agree ------------------------------------------------------


def _check_rank_agreement(rank_agreement) -> str:
    f = _facts()
    lime, shap_values = f["lime"], f["shap"][f["lime"].index]
    value = as_number(rank_agreement, "Your rank correlation")
    right = float(spearmanr(lime, shap_values).statistic)
    if not -1 <= value <= 1:
        raise Incorrect(f"{value:g} is not a correlation: a correlation lies between −1 and 1.")
    check_number(
        value,
        right,
        tolerance=Q2_TOLERANCE,
        what="Your rank correlation",
        mistakes=[
            (
                float(pearsonr(lime, shap_values).statistic),
                "That is Pearson's correlation of the values themselves. LIME's weights are in "
                "probability and SHAP's in log-odds, so compare ranks: spearmanr.",
            ),
            (
                float(spearmanr(lime.abs(), shap_values.abs()).statistic),
                "You ranked the sizes (absolute values), so a feature that pushes towards "
                "approval counts like one that pushes towards rejection. Rank the signed values.",
            ),
            (
                float(spearmanr(lime, shap_values).pvalue),
                "That is the p-value; the correlation itself is .statistic (or the first value "
                "spearmanr returns).",
            ),
            (
                float(kendalltau(lime, shap_values).statistic),
                "That is Kendall's tau, another rank correlation; the exercise asks for "
                "Spearman's.",
            ),
        ],
        otherwise=(
            "spearmanr(comparison['LIME'], comparison['SHAP']).statistic, with both columns "
            "in the same feature order."
        ),
    )
    return (
        f"Spearman's rank correlation is {right:.3f} (checked to ±{Q2_TOLERANCE}): the two "
        "methods order the ten features much the same way, though not identically."
    )


q1 = Exercise(
    answers=("lime_reasons",),
    title="LIME's three reasons",
    checker=_check_lime_reasons,
    hint_text=(
        "Towards rejection means a negative weight. weights.sort_values() puts the most "
        "negative first; keep the first three names."
    ),
    how_to_start=(
        "Set lime_reasons to a list of three feature names, strongest reason first, e.g. "
        "lime_reasons = ['age', 'income', 'purpose']."
    ),
)
q2 = Exercise(
    answers=("rank_agreement",),
    title="how far LIME and SHAP agree",
    checker=_check_rank_agreement,
    hint_text=(
        "scipy.stats.spearmanr(a, b) returns a result whose .statistic is the rank correlation; "
        "pass the two columns of comparison."
    ),
    how_to_start="Set rank_agreement to Spearman's rank correlation of LIME's and SHAP's values.",
)

bind_exercises(globals(), NOTEBOOK)
