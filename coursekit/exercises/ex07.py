"""Exercises of notebook 07 (SHAP).

Reference values come from the same helpers the notebook uses (:mod:`coursekit.explain`: the
explained model, the 300 applicants, the rejected applicants' rule), computed once, when a checker
first needs them. ``shap`` is imported only then, so importing this module stays quick.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from coursekit.data import load_loans
from coursekit.exercises.core import Exercise, Incorrect, as_number, bind_exercises, check_number
from coursekit.explain import (
    EXPLAINED_MODEL,
    by_feature,
    explanation_sample,
    fit_explained_models,
    input_features,
    model_inputs,
    pick_rejected,
)
from coursekit.features import FEATURES, split_loans

NOTEBOOK = "07_shap"
# q2: the score is rebuilt from the explanation, which adds up to the model's output to about
# 1e-14; four decimals are enough, and the nearest mistake (the log-odds) lies 0.26 away. The
# score sits 0.001 below the threshold, so a looser tolerance could not tell approve from reject.
Q2_TOLERANCE = 0.0005
# q3: a difference of two means of about 90 and 210 values; rounding each mean to two decimals
# moves the difference by at most 0.01. Every mistake the checker names lies 0.2 or more away.
Q3_TOLERANCE = 0.01


@cache
def _facts() -> dict:
    """SHAP values of the explained model for the notebook's 300 test applicants."""
    import shap

    X_train, X_test, y_train, _ = split_loans(load_loans())
    model = fit_explained_models(X_train, y_train)[EXPLAINED_MODEL]
    applicants = explanation_sample(X_test)
    inputs = input_features(model)
    explanation = shap.TreeExplainer(model[-1])(model_inputs(model, applicants).to_numpy())
    values = pd.DataFrame(explanation.values, index=applicants.index, columns=inputs.index)
    scores = model.predict_proba(applicants)[:, 1]
    return {
        "applicants": applicants,
        "inputs": inputs,
        "values": values,
        "per_feature": by_feature(values, inputs),
        "base": float(explanation.base_values[0]),
        "scores": scores,
        "near_miss": pick_rejected(scores, rule="closest"),
        "chosen": pick_rejected(scores),
    }


def _sigmoid(log_odds: float) -> float:
    return float(1 / (1 + np.exp(-log_odds)))


# --- q1: which feature pushed the nearest miss towards rejection -------------------------


def _feature_named(answer: str, inputs: pd.DataFrame) -> str:
    """The loan feature an answer names: a feature, a model input's name or its label."""
    name = answer.strip()
    if name in FEATURES:
        return name
    by_label = dict(zip(inputs["label"], inputs["feature"], strict=True))
    if name in inputs.index or name in by_label:  # a model input, e.g. "district = Eastfield"
        return str(inputs.loc[name, "feature"]) if name in inputs.index else by_label[name]
    if name in ("group", "repaid", "application_id", "approved"):
        raise Incorrect(f"'{name}' is not an input of the model, so it has no SHAP value.")
    raise Incorrect(
        f"'{name}' is not one of the loan features. Choose among: {', '.join(FEATURES)}."
    )


def _check_strongest_reason(strongest_reason) -> str:
    f = _facts()
    if not isinstance(strongest_reason, str):
        raise Incorrect(
            "Give the feature's name as a string, e.g. 'income', not a "
            f"{type(strongest_reason).__name__}: use .idxmin() to get the name of the smallest "
            "value."
        )
    feature = _feature_named(strongest_reason, f["inputs"])
    row = f["per_feature"].iloc[f["near_miss"]]
    right = str(row.idxmin())
    if feature == right:
        return (
            f"{right} pushed this applicant furthest towards rejection ({row[right]:+.2f} "
            "log-odds). The largest contribution in size points the other way: "
            f"{row.abs().idxmax()} ({row[row.abs().idxmax()]:+.2f}) pushes towards approval."
        )
    value = row[feature]
    if value > 0:
        raise Incorrect(
            f"{feature} pushed this applicant towards approval: its SHAP value is {value:+.2f} "
            "log-odds. Rejection is the negative direction: look for the most negative value, "
            "not the largest in size."
        )
    raise Incorrect(
        f"{feature} does push towards rejection ({value:+.2f} log-odds), but another feature "
        "pushes harder. Compare the feature totals (one-hot columns summed), not single inputs."
    )


# --- q2: the score rebuilt from the explanation -----------------------------------------


def _check_rebuilt_score(rebuilt_score) -> str:
    f = _facts()
    i = f["near_miss"]
    base, total = f["base"], float(f["values"].iloc[i].sum())
    right = _sigmoid(base + total)
    value = as_number(rebuilt_score, "Your score")
    chosen_total = float(f["values"].iloc[f["chosen"]].sum())
    check_number(
        value,
        right,
        tolerance=Q2_TOLERANCE,
        what="Your score",
        mistakes=[
            (
                base + total,
                "That is the log-odds: base value plus SHAP values is what the trees output. "
                "Turn it into a probability with 1 / (1 + exp(−log-odds)).",
            ),
            (
                _sigmoid(total),
                "You left out the base value: the SHAP values say how far this applicant is "
                "from the starting point, so add them to the base value first.",
            ),
            (
                _sigmoid(base),
                "That is the base value alone, as a probability: the average applicant. Add this "
                "applicant's SHAP values to it.",
            ),
            (
                total,
                "That is the sum of the SHAP values alone, in log-odds: add the base value, then "
                "turn the log-odds into a probability.",
            ),
            (
                _sigmoid(base + chosen_total),
                "That is the score of the clearest rejection (chosen); use the nearest miss, "
                "row near_miss of explanation.",
            ),
        ],
        otherwise=(
            "Add explanation.base_values[near_miss] and explanation.values[near_miss].sum(), "
            "then apply 1 / (1 + np.exp(−log_odds))."
        ),
    )
    return (
        f"{right:.4f}, the model's own score, from the explanation alone (checked to "
        f"±{Q2_TOLERANCE}). Base value {base:.3f} plus SHAP values {total:+.3f} gives "
        f"{base + total:.3f} log-odds."
    )


# --- q3: the district's contribution, group B minus group A -----------------------------


def _check_district_gap(district_gap) -> str:
    f = _facts()
    district = f["per_feature"]["district"]
    groups = f["applicants"]["group"]
    means = district.groupby(groups).mean()
    right = float(means["B"] - means["A"])
    value = as_number(district_gap, "Your gap")
    eastfield = f["values"]["categorical__district_Eastfield"].groupby(groups).mean()
    absolute = district.abs().groupby(groups).mean()
    check_number(
        value,
        right,
        tolerance=Q3_TOLERANCE,
        what="Your gap",
        mistakes=[
            (-right, "That is group A minus group B: the question asks for B minus A."),
            (
                float(eastfield["B"] - eastfield["A"]),
                "That uses the Eastfield column only. District has one column per district; "
                "use per_feature['district'], their sum.",
            ),
            (
                float(absolute["B"] - absolute["A"]),
                "You averaged the sizes (absolute values), which hides the direction: use the "
                "signed SHAP values.",
            ),
            (
                float(means["B"]),
                "That is group B's mean alone; subtract group A's mean.",
            ),
            (
                float(district.mean()),
                "That is the mean over all 300 applicants; split them by group first.",
            ),
        ],
        otherwise="Group per_feature['district'] by applicants['group'], take the means, "
        "then subtract: B minus A.",
    )
    return (
        f"{right:+.2f} log-odds: through district alone, the model scores a group B applicant "
        f"{abs(right):.2f} log-odds lower than a group A applicant on average (group A "
        f"{means['A']:+.2f}, group B {means['B']:+.2f}; checked to ±{Q3_TOLERANCE})."
    )


q1 = Exercise(
    answers=("strongest_reason",),
    title="what sank the nearest miss",
    checker=_check_strongest_reason,
    hint_text=(
        "per_feature.iloc[near_miss] holds one SHAP value per loan feature. Towards rejection "
        "means negative: which feature has the most negative value?"
    ),
    how_to_start=(
        "Set strongest_reason to the name of a loan feature, as a string, e.g. "
        "strongest_reason = 'income'."
    ),
)
q2 = Exercise(
    answers=("rebuilt_score",),
    title="the score from its explanation",
    checker=_check_rebuilt_score,
    hint_text=(
        "The trees add up log-odds: base value + the sum of the applicant's SHAP values. A "
        "probability is 1 / (1 + e^(−log-odds))."
    ),
    how_to_start=(
        "Set rebuilt_score to the nearest miss's probability of approval, computed from "
        "explanation.base_values and explanation.values only."
    ),
)
q3 = Exercise(
    answers=("district_gap",),
    title="district's effect by group",
    checker=_check_district_gap,
    hint_text=(
        "per_feature['district'].groupby(applicants['group']).mean() gives one mean per group; "
        "subtract A's from B's."
    ),
    how_to_start=(
        "Set district_gap to group B's mean district contribution minus group A's, in log-odds."
    ),
)

bind_exercises(globals(), NOTEBOOK)
