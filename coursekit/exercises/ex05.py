"""Exercises of notebook 05 (bias checking).

Reference values are computed from the same helpers and settings the notebook uses: the course's
split, the chosen model fitted on the training split, notebook 04's threshold, the true outcome
``repaid`` of the test applicants, the bootstrap's default seed, and the post-processor of the
notebook's section 7. Each is computed once, when a checker first needs it.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from fairlearn.postprocessing import ThresholdOptimizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from coursekit.bootstrap import bootstrap_ci
from coursekit.business import CHOSEN_THRESHOLD, COST_OF_WRONG_APPROVAL
from coursekit.data import load_loans
from coursekit.exercises.core import (
    Exercise,
    Incorrect,
    as_number,
    bind_exercises,
    check_number,
    unpack,
)
from coursekit.fairness import FOUR_FIFTHS
from coursekit.features import NUMERIC_FEATURES, RANDOM_STATE, make_preprocessor, split_loans
from coursekit.modeling import CHOSEN_MODEL, candidate_models

NOTEBOOK = "05_bias_checking"
# Notebook 04's threshold: the cheapest on the cost curve of the validation predictions.
THRESHOLD = CHOSEN_THRESHOLD
# q1 divides two counts per group: rounding to two decimals moves a rate by at most 0.005, and
# every mistake the checker names lies at least 0.04 from the right value.
Q1_TOLERANCE = 0.005
# q2: the estimate does not depend on the resamples, so it must match closely (another way of
# computing precision agrees to 1e-12); the interval's ends move with the seed, by up to 0.011
# over six seeds, so they are checked to ±0.015. The nearest wrong estimate lies 0.026 away.
Q2_ESTIMATE_TOLERANCE = 0.001
Q2_BOUND_TOLERANCE = 0.015
# q3: a ratio of two selection rates, computed from counts; the nearest mistake lies 0.1 away.
Q3_TOLERANCE = 0.005


@cache
def _data() -> tuple:
    """``X_train, X_test, y_train, y_test`` of the course's split (never modified)."""
    return split_loans(load_loans())


@cache
def _model():
    X_train, _, y_train, _ = _data()
    return candidate_models()[CHOSEN_MODEL].fit(X_train, y_train)


@cache
def _test_arrays() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The model's decisions on the test split, the true outcome, the label and the groups."""
    _, X_test, _, y_test = _data()
    decisions = (_model().predict_proba(X_test)[:, 1] >= THRESHOLD).astype(int)
    return decisions, X_test["repaid"].to_numpy(), y_test.to_numpy(), X_test["group"].to_numpy()


# --- q1: false-negative rate per group, by hand --------------------------------------------


def _rates(truth: np.ndarray, decisions: np.ndarray, groups: np.ndarray, name: str) -> dict:
    t, d = truth[groups == name], decisions[groups == name]
    return {
        "fnr": float(1 - d[t == 1].mean()),
        "fpr": float(d[t == 0].mean()),
        "tpr": float(d[t == 1].mean()),
        "share_of_group": float(((d == 0) & (t == 1)).mean()),  # FN over the whole group
        "false_omission": float(t[d == 0].mean()),  # FN over the group's rejections
        "rejection_rate": float(1 - d.mean()),
    }


@cache
def _q1_facts() -> dict[str, dict]:
    decisions, repaid, approved, groups = _test_arrays()
    return {
        name: {
            "repaid": _rates(repaid, decisions, groups, name),
            "approved": _rates(approved, decisions, groups, name),
        }
        for name in ("A", "B")
    }


def _q1_mistakes(name: str, other: str) -> list[tuple[float, str]]:
    f = _q1_facts()
    mine, theirs = f[name]["repaid"], f[other]["repaid"]
    return [
        (
            theirs["fnr"],
            f"That is group {other}'s false-negative rate: you swapped the groups. Give A's "
            "first, then B's.",
        ),
        (
            mine["fpr"],
            "That is the false-positive rate: the share of the applicants who would *not* "
            "repay that the model approves. The FNR looks at those who *would* repay.",
        ),
        (
            mine["tpr"],
            "That is the true-positive rate, the share of would-be repayers the model "
            "approves: 1 − FNR. Count the ones it rejects.",
        ),
        (
            mine["share_of_group"],
            "You divided by every applicant in the group. The FNR divides by the group's "
            "applicants who would repay (repaid == 1) only.",
        ),
        (
            mine["false_omission"],
            "You divided by the applicants the model rejects. The FNR divides by those who "
            "would repay: of them, what share does the model reject?",
        ),
        (
            mine["rejection_rate"],
            "That is the share of the whole group the model rejects (1 − selection rate); "
            "keep only the applicants who would repay.",
        ),
        (
            f[name]["approved"]["fnr"],
            "That is the FNR against the label `approved`, the officers' past decision, which "
            "is the very thing under suspicion. Measure harm against the true outcome `repaid`.",
        ),
    ]


def _check_fnr(fnr_a, fnr_b) -> str:
    values = {"A": as_number(fnr_a, "Your FNR of group A"), "B": as_number(fnr_b, "Your FNR of B")}
    f = _q1_facts()
    right = {name: f[name]["repaid"]["fnr"] for name in ("A", "B")}
    if any(v > 1 for v in values.values()):
        if all(abs(values[n] / 100 - right[n]) <= Q1_TOLERANCE for n in right):
            raise Incorrect(
                f"Those are percentages ({values['A']:g} and {values['B']:g}). Give fractions "
                "between 0 and 1, as fairlearn and coursekit.fairness do."
            )
        raise Incorrect("A rate is a share, between 0 and 1: a count divided by a total.")
    for name, other in (("A", "B"), ("B", "A")):
        check_number(
            values[name],
            right[name],
            tolerance=Q1_TOLERANCE,
            what=f"Your FNR of group {name}",
            mistakes=_q1_mistakes(name, other),
            otherwise=(
                f"FNR = applicants of group {name} who would repay and are rejected ÷ applicants "
                f"of group {name} who would repay."
            ),
        )
    return (
        f"Of the applicants who would have repaid, the model rejects {right['A']:.1%} in group "
        f"A and {right['B']:.1%} in group B. (Checked to ±{Q1_TOLERANCE}, so two decimals are "
        "enough.)"
    )


# --- q2: is the precision gap real? ----------------------------------------------------------


def _rate_gap(rate):
    """A metric of (truth, decisions, groups): B's rate minus A's."""

    def gap(truth, decisions, groups):
        b, a = groups == "B", groups == "A"
        return rate(truth[b], decisions[b]) - rate(truth[a], decisions[a])

    return gap


def _precision(truth, decisions):
    return truth[decisions == 1].mean()


@cache
def _q2_facts() -> dict[str, float]:
    decisions, repaid, approved, groups = _test_arrays()
    interval = bootstrap_ci(_rate_gap(_precision), repaid, decisions, groups, show_progress=False)
    return {
        "estimate": interval.estimate,
        "low": interval.low,
        "high": interval.high,
        "against_label": _rate_gap(_precision)(approved, decisions, groups),
        "selection": _rate_gap(lambda t, d: d.mean())(repaid, decisions, groups),
        "fnr": _rate_gap(lambda t, d: 1 - d[t == 1].mean())(repaid, decisions, groups),
        "fpr": _rate_gap(lambda t, d: d[t == 0].mean())(repaid, decisions, groups),
    }


def _check_precision_gap(interval, gap_is_real) -> str:
    if not all(hasattr(interval, attribute) for attribute in ("estimate", "low", "high")):
        raise Incorrect(
            f"interval should be what bootstrap_ci returns (with .estimate, .low and .high), "
            f"but you gave a {type(interval).__name__}."
        )
    f = _q2_facts()
    estimate = as_number(interval.estimate, "Your gap")
    low, high = as_number(interval.low, "Your low end"), as_number(interval.high, "Your high end")
    if abs(estimate / 100 - f["estimate"]) <= Q2_ESTIMATE_TOLERANCE and abs(estimate) > 0.5:
        raise Incorrect(
            "Your gap is in percentage points. Return the difference of two fractions, e.g. "
            f"{f['estimate']:.3f}, so that the interval is in the same units as the others."
        )
    check_number(
        estimate,
        f["estimate"],
        tolerance=Q2_ESTIMATE_TOLERANCE,
        what="Your gap",
        mistakes=[
            (
                -f["estimate"],
                "That is A's precision minus B's. The question asks for B's minus A's, "
                "so that a positive gap means B's approved applicants repay more often.",
            ),
            (
                f["against_label"],
                "That is the precision against the label `approved`. The outcome test "
                "asks whether approved applicants *repay*: use `repaid`.",
            ),
            (f["selection"], "That is the gap in selection rates, not in precision."),
            (f["fnr"], "That is the gap in false-negative rates, not in precision."),
            (f["fpr"], "That is the gap in false-positive rates, not in precision."),
        ],
        otherwise=(
            "Precision of a group = its approved applicants who repay ÷ its approved "
            "applicants; the gap is B's minus A's."
        ),
    )
    for value, right, end in ((low, f["low"], "low"), (high, f["high"], "high")):
        if abs(value - right) > Q2_BOUND_TOLERANCE:
            raise Incorrect(
                f"Your gap is right, but the interval's {end} end, {value:.3f}, is far from "
                f"{right:.3f}. Use bootstrap_ci's defaults (1,000 resamples, 95 %), and pass "
                "the three arrays of the test set, so that rows are resampled together."
            )
    if not isinstance(gap_is_real, bool | np.bool_):
        raise Incorrect(
            f"gap_is_real should be True or False, but you gave a {type(gap_is_real).__name__}."
        )
    contains_zero = low <= 0 <= high
    if gap_is_real and contains_zero:
        raise Incorrect(
            f"The interval, {low:.3f} to {high:.3f}, includes 0: a gap of zero is as plausible "
            "as the estimate, so this sample cannot show that the gap is real."
        )
    if not gap_is_real and not contains_zero:
        raise Incorrect("Your interval excludes 0, so by the rule of the prompt the gap is real.")
    return (
        f"The gap is {f['estimate']:+.3f}: B's approved applicants repay slightly more often "
        f"than A's, but the 95 % interval, {f['low']:.3f} to {f['high']:.3f}, includes 0, so "
        "the test set cannot tell the two apart. (The gap is checked to "
        f"±{Q2_ESTIMATE_TOLERANCE}, the ends to ±{Q2_BOUND_TOLERANCE}, so another seed is fine.)"
    )


# --- q3: audit the post-processed decisions ------------------------------------------------


@cache
def _fair_decisions() -> np.ndarray:
    """The notebook's post-processed test decisions (section 7, mitigation c)."""
    X_train, X_test, y_train, _ = _data()
    copies = np.where(y_train == 0, int(COST_OF_WRONG_APPROVAL), 1)
    rows = np.repeat(np.arange(len(y_train)), copies)
    X_weighted, y_weighted = X_train.iloc[rows], y_train.iloc[rows]
    postprocessor = ThresholdOptimizer(
        estimator=_model(),
        constraints="demographic_parity",
        prefit=True,
        predict_method="predict_proba",
    )
    postprocessor.fit(X_weighted, y_weighted, sensitive_features=X_weighted["group"])
    return postprocessor.predict(
        X_test, sensitive_features=X_test["group"], random_state=RANDOM_STATE
    )


def _selection(decisions: np.ndarray, groups: np.ndarray) -> dict[str, float]:
    return {name: float(decisions[groups == name].mean()) for name in ("A", "B")}


@cache
def _without_district_decisions() -> np.ndarray:
    """The notebook's model without the proxy (section 5, mitigation b): its test decisions."""
    X_train, X_test, y_train, _ = _data()
    model = Pipeline(
        [
            ("preprocess", make_preprocessor(NUMERIC_FEATURES, ["purpose", "home_ownership"])),
            ("classify", LogisticRegression(max_iter=1000)),
        ]
    ).fit(X_train, y_train)
    return (model.predict_proba(X_test)[:, 1] >= THRESHOLD).astype(int)


@cache
def _q3_facts() -> dict[str, float]:
    decisions, _, approved, groups = _test_arrays()
    fair = _selection(_fair_decisions(), groups)
    original = _selection(decisions, groups)
    label = _selection(approved, groups)
    no_district = _selection(_without_district_decisions(), groups)
    return {
        "ratio": min(fair.values()) / max(fair.values()),
        "inverted": max(fair.values()) / min(fair.values()),
        "difference": max(fair.values()) - min(fair.values()),
        "original": min(original.values()) / max(original.values()),
        "label": min(label.values()) / max(label.values()),
        "no_district": min(no_district.values()) / max(no_district.values()),
    }


def _check_four_fifths(ratio, passes) -> str:
    f = _q3_facts()
    value = as_number(ratio, "Your ratio")
    check_number(
        value,
        f["ratio"],
        tolerance=Q3_TOLERANCE,
        what="Your ratio",
        mistakes=[
            (
                f["inverted"],
                "A ratio above 1: you divided the larger selection rate by the smaller. "
                "The rule divides the smallest by the largest.",
            ),
            (
                f["difference"],
                "That is the difference of the selection rates. The four-fifths rule "
                "uses their ratio.",
            ),
            (
                f["original"],
                "That is the ratio of the model before post-processing (`decisions`). "
                "Audit `fair_decisions`.",
            ),
            (
                f["label"],
                "That is the ratio of the approval rates in the label y_test; audit the "
                "post-processed decisions `fair_decisions`.",
            ),
            (
                f["no_district"],
                "That is the ratio of the model without district (mitigation b). Audit "
                "the post-processed decisions `fair_decisions`.",
            ),
        ],
        otherwise=(
            "Compute each group's selection rate of fair_decisions on the test set, then the "
            "smallest divided by the largest."
        ),
    )
    if not isinstance(passes, bool | np.bool_):
        raise Incorrect(f"passes should be True or False, but you gave a {type(passes).__name__}.")
    right = f["ratio"] >= FOUR_FIFTHS
    if bool(passes) != right:
        raise Incorrect(
            f"Your ratio is right, but a ratio of {f['ratio']:.2f} "
            f"{'reaches' if right else 'falls short of'} the rule's {FOUR_FIFTHS}: passes should "
            f"be {right}."
        )
    return (
        f"Group B is approved at {f['ratio']:.0%} of group A's rate, "
        f"{'above' if right else 'below'} four fifths: the post-processed decisions "
        f"{'pass' if right else 'fail'} the rule, where the original model's ({f['original']:.2f}) "
        f"failed. (Checked to ±{Q3_TOLERANCE}.)"
    )


q1 = Exercise(
    answers=("fnr_a", "fnr_b"),
    combined=unpack(("A", "B"), "false-negative rate (one per group)"),
    title="false-negative rate per group",
    checker=_check_fnr,
    hint_text=(
        "Keep the applicants who would repay (audit['repaid'] == 1). Within them, per group, "
        "the FNR is the share the model rejects (approve == 0): a mean of a True/False column."
    ),
    how_to_start=(
        "Set fnr_a and fnr_b to fractions computed from the table audit, e.g. with a boolean "
        "mask and .mean(), then run the cell."
    ),
)
q2 = Exercise(
    answers=("interval", "gap_is_real"),
    title="is the precision gap real?",
    checker=_check_precision_gap,
    hint_text=(
        "Model precision_gap on fnr_gap above: per group, the mean of repaid among the "
        "applicants the model approves; return B's minus A's. Then bootstrap_ci(precision_gap, "
        "repaid, decisions, groups), and ask whether 0 lies inside with interval.contains(0)."
    ),
    how_to_start=(
        "Write precision_gap(repaid, decisions, groups), set interval to bootstrap_ci(...) of "
        "it and gap_is_real to True or False, then run the cell."
    ),
)
q3 = Exercise(
    answers=("ratio", "passes"),
    title="the four-fifths rule after post-processing",
    checker=_check_four_fifths,
    hint_text=(
        "Selection rate per group: the mean of fair_decisions over the group's test applicants "
        "(groups == 'A', groups == 'B'). The ratio is the smaller rate over the larger; the rule "
        "passes at 0.8 or more."
    ),
    how_to_start="Set ratio to a number and passes to True or False, then run the cell.",
)

bind_exercises(globals(), NOTEBOOK)
