"""Exercises of notebook 05 (bias checking).

q1: the false-negative rate per group; q2: the precision gap and its interval; q3: the
counterfactual audit of a lender without a penalty, given log income (the shape the officers
used); q4: the four-fifths rule after post-processing.

Reference values come from :mod:`coursekit.exercises.reference` (the course's split, the chosen
model fitted on the training split and its test scores) with notebook 04's threshold, the true
outcome ``repaid`` of the test applicants, and the post-processor of the notebook's section 7.
Each is computed once, when a checker first needs it; the values of the rarer mistakes only when
an answer is wrong.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator, Mapping
from functools import cache

import numpy as np
import pandas as pd
from fairlearn.postprocessing import ThresholdOptimizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
from sklearn.pipeline import Pipeline

from coursekit.audit import estimate_label_bias
from coursekit.bootstrap import Interval, replay
from coursekit.business import CHOSEN_THRESHOLD, COST_OF_WRONG_APPROVAL, expected_cost
from coursekit.exercises import reference
from coursekit.exercises.core import (
    Exercise,
    Incorrect,
    as_bool,
    as_fraction,
    as_number,
    bind_exercises,
    check_number,
    describe,
    unpack,
)
from coursekit.fairness import FOUR_FIFTHS, PrecomputedScores
from coursekit.features import NUMERIC_FEATURES, RANDOM_STATE, cv_folds, make_preprocessor
from coursekit.synth import generate_loans

NOTEBOOK = "05_bias_checking"
# Notebook 04's threshold: the cheapest on the cost curve of the validation predictions.
THRESHOLD = CHOSEN_THRESHOLD
# q1 divides two counts per group; every way of computing it agrees to 1e-15, and the prompt asks
# for two decimals or more: rounding to two decimals moves a rate by at most 0.005 (0.0029 for A,
# 0.0011 for B here). The nearest named mistake lies 0.042 away: B's TPR (0.521 against B's FNR
# of 0.479); for A it is A's FNR against the label `approved`, 0.044 away (0.149 against 0.193).
Q1_TOLERANCE = 0.005
# q2's estimate is the gap on the test set itself, computed at full precision by bootstrap_ci: other
# ways of computing precision (sklearn's precision_score, a groupby) agree to 1e-15, so it is
# checked to 1e-9. The nearest named wrong gap, A's minus B's, lies 0.005 away (the gap is -0.0025).
Q2_ESTIMATE_TOLERANCE = 1e-9
# q2's ends move with the bootstrap's seed, and for this gap the ends of a bootstrap that does not
# resample whole rows (a closure that keeps `groups` fixed, say) lie inside that spread. So the
# check does not compare the ends with a tolerance: it replays the learner's own resamples
# (bootstrap.replay, from the random state the interval records) with the right metric on whole
# rows, and the ends must agree to floating point, for any seed.
Q2_ENDS_TOLERANCE = 1e-9
Q2_CONFIDENCE = 0.95
Q2_MIN_RESAMPLES = 1000
# q4: a ratio of two selection rates, computed from counts (0.99349). The post-processor makes the
# two rates nearly equal, so every ratio of near-equal rates lies close by: the nearest named
# mistake, the ratio of the TPRs (equal opportunity), is 0.0056 away (0.9991), the FNRs' 0.0047,
# and 1 / ratio 0.013; a post-processor refitted by the learner (against the label, or with
# other weights) lands 0.001 to 0.03 away. The prompt therefore asks for three decimals or more,
# which move the ratio by at most 0.0005, and the check allows exactly that: rounded to two
# decimals, 0.99, is refused as too coarse.
Q4_TOLERANCE = 0.0005
# q3: the audit's estimate in points, from a deterministic logistic regression. Other right ways
# (log income appended last instead of in income's place, log10 or log1p: the preprocessor
# standardises, so the fit is the same) agree to 1e-4 points; two decimals, as the prompt asks,
# move it by at most 0.005. The nearest named mistake, income and log income both, is 0.48 away.
Q3_TOLERANCE = 0.01
# The lender of section 4's broken assumption: no penalty, a larger income gap.
PHANTOM_LENDER = {"bias_strength": 0, "income_gap": 0.4}


@cache
def _test_arrays() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The model's decisions on the test split, the true outcome, the label and the groups."""
    X_test, y_test = reference.split().X_test, reference.split().y_test
    decisions = (reference.test_scores() >= THRESHOLD).astype(int)
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
    at_half = reference.chosen_model().predict(reference.split().X_test)
    return {
        "pooled": float(1 - decisions[repaid == 1].mean()),
        **{
            name: {
                "repaid": _rates(repaid, decisions, groups, name),
                "approved": _rates(approved, decisions, groups, name),
                "at_half": _rates(repaid, at_half, groups, name),
            }
            for name in ("A", "B")
        },
    }


def _q1_mistakes(name: str, other: str) -> list[tuple[float, str]]:
    f = _q1_facts()
    mine = f[name]["repaid"]
    return [
        (
            f[other]["repaid"]["fnr"],
            f"That is group {other}'s false-negative rate: you swapped the groups. Give A's as "
            "fnr_a and B's as fnr_b.",
        ),
        (
            mine["fpr"],
            "That is the false-positive rate: the share of the applicants who would *not* "
            "repay that the model approves. The FNR looks at those who *would* repay.",
        ),
        (
            mine["tpr"],
            "That is the true-positive rate (TPR = 1 − FNR): the share of the would-be "
            "repayers the model approves. Count the ones it rejects.",
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
        (
            f["pooled"],
            "That is the FNR of both groups together. Compute it within each group: keep the "
            "group's rows first.",
        ),
        (
            f[name]["at_half"]["fnr"],
            "That is the FNR of model.predict, which approves at a score of 0.5. The audit's "
            "decisions (the column approve) use notebook 04's threshold: use them.",
        ),
    ]


def _check_fnr(fnr_a, fnr_b) -> str:
    given = {"A": fnr_a, "B": fnr_b}
    values = {name: as_number(v, f"Your FNR of group {name}") for name, v in given.items()}
    if all(1 < v <= 100 for v in values.values()):
        raise Incorrect(
            f"Those look like percentages ({values['A']:g} and {values['B']:g}). Give fractions "
            "between 0 and 1, as fairlearn and coursekit.fairness do: divide by 100."
        )
    for name, value in values.items():
        as_fraction(value, f"Your FNR of group {name}")
    f = _q1_facts()
    right = {name: f[name]["repaid"]["fnr"] for name in ("A", "B")}
    for name, other in (("A", "B"), ("B", "A")):
        what = f"Your FNR of group {name}"
        if name == "B" and values["B"] == values["A"]:  # A's is right: B's is not A's again
            raise Incorrect(
                f"You gave the same rate, {values['A']:g}, for both groups. Compute each "
                "group's rate on its own rows: group B's applicants for fnr_b."
            )
        mistakes = _q1_mistakes(name, other)
        check_number(
            values[name],
            right[name],
            tolerance=Q1_TOLERANCE,
            what=what,
            mistakes=mistakes,
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


_precision_gap = _rate_gap(_precision)


@cache
def _q2_facts() -> dict[str, float]:
    decisions, repaid, approved, groups = _test_arrays()
    b, a = groups == "B", groups == "A"
    ratio = _precision(repaid[b], decisions[b]) / _precision(repaid[a], decisions[a])
    return {"ratio": float(ratio)} | {
        name: float(gap(truth, decisions, groups))
        for name, gap, truth in (
            ("estimate", _precision_gap, repaid),
            ("against_label", _precision_gap, approved),
            ("selection", _rate_gap(lambda t, d: d.mean()), repaid),
            ("fnr", _rate_gap(lambda t, d: 1 - d[t == 1].mean()), repaid),
            ("fpr", _rate_gap(lambda t, d: d[t == 0].mean()), repaid),
            ("tpr", _rate_gap(lambda t, d: d[t == 1].mean()), repaid),
            ("share_of_group", _rate_gap(lambda t, d: ((t == 1) & (d == 1)).mean()), repaid),
        )
    }


_NOT_JOINT = (
    "That interval comes from a bootstrap that does not resample whole rows: an array resampled "
    "on its own, or kept fixed while the others are resampled (e.g. a function that reads some "
    "arrays from outside). Pass all three arrays, repaid, decisions and groups, to bootstrap_ci, "
    "and let your function use only its arguments, so that each resample keeps an applicant's "
    "outcome, decision and group together."
)


def _replayed_wrong_ends(interval: Interval) -> Iterator[tuple[float, float]]:
    """The ends of bootstraps that do not resample whole rows, on the learner's own resamples."""
    decisions, repaid, _, groups = _test_arrays()
    for metric, arrays in (
        (lambda r: _precision_gap(r, decisions, groups), (repaid,)),  # only repaid resampled
        (lambda d: _precision_gap(repaid, d, groups), (decisions,)),  # only decisions
        (lambda r, d: _precision_gap(r, d, groups), (repaid, decisions)),  # groups kept fixed
        (lambda g: _precision_gap(repaid, decisions, g), (groups,)),  # only groups
    ):
        wrong = replay(interval, metric, *arrays)
        yield wrong.low, wrong.high


def _interval_parts(interval) -> tuple[float, float, float]:
    """``interval``'s estimate, low and high end, or :class:`Incorrect` saying why not."""
    keep_it = (
        "This exercise asks for the whole object bootstrap_ci returns, so that the check can "
        "read its estimate, its ends and how it was made: set interval = bootstrap_ci(...) and "
        "do not take it apart."
    )
    named_tuple = isinstance(interval, tuple) and hasattr(interval, "_fields")
    if not named_tuple and isinstance(
        interval, tuple | list | np.ndarray | pd.Series | pd.DataFrame
    ):
        if len(interval) == 2 and not isinstance(interval, pd.DataFrame):
            raise Incorrect(f"You gave two values, perhaps (low, high). {keep_it}")
        if len(interval) == 3 and not isinstance(interval, pd.DataFrame):
            raise Incorrect(f"You gave three values, perhaps (estimate, low, high). {keep_it}")
        raise Incorrect(f"interval is {describe(interval)}. {keep_it}")
    if isinstance(interval, Mapping):
        raise Incorrect(f"interval is a dict. {keep_it}")
    missing = [part for part in ("estimate", "low", "high") if not hasattr(interval, part)]
    if missing == ["estimate"]:
        # named by its type, which says most: scipy's bootstrap result has no estimate
        raise Incorrect(
            f"interval has a low and a high end but no estimate: it is a "
            f"{type(interval).__name__}, not what coursekit's bootstrap_ci returns (scipy's "
            f"bootstrap?). {keep_it}"
        )
    if missing:
        given = f"a {type(interval).__name__}" if named_tuple else describe(interval)
        raise Incorrect(
            "interval should be what bootstrap_ci returns (with .estimate, .low and .high), "
            f"but you gave {given}."
        )
    return (
        as_number(interval.estimate, "Your gap (interval.estimate)"),
        as_number(interval.low, "Your interval's low end"),
        as_number(interval.high, "Your interval's high end"),
    )


def _check_how_it_was_made(interval) -> None:
    """The interval's confidence and number of resamples, where it records them."""
    confidence = getattr(interval, "confidence", None)
    if isinstance(confidence, numbers.Real) and abs(confidence - Q2_CONFIDENCE) > 1e-9:
        raise Incorrect(
            f"Your gap is right, but yours is a {float(confidence):.0%} interval. The prompt "
            f"asks for a {Q2_CONFIDENCE:.0%} interval, bootstrap_ci's default confidence."
        )
    resamples = getattr(interval, "n_resamples", None)
    if isinstance(resamples, numbers.Integral) and resamples < Q2_MIN_RESAMPLES:
        raise Incorrect(
            f"Your gap is right, but your interval rests on {resamples:,} resamples. Keep "
            f"bootstrap_ci's default of {Q2_MIN_RESAMPLES:,} (more is fine): with fewer, the "
            "ends move a lot from one seed to the next."
        )


def _check_precision_gap(interval, gap_is_real) -> str:
    estimate, low, high = _interval_parts(interval)
    f = _q2_facts()
    if 1 < abs(estimate) <= 100:
        points = abs(estimate / 100 - f["estimate"]) <= 0.001  # else a ratio, near 1
        raise Incorrect(
            f"Your gap is {estimate:g}, but a gap between two shares lies between −1 and 1: "
            + (
                "that looks like percentage points. Compute each precision as a fraction (a "
                "mean of repaid), not as a percentage."
                if points
                else "is it a ratio of the two precisions? The gap is B's precision minus A's."
            )
        )
    check_number(
        estimate,
        f["estimate"],
        tolerance=Q2_ESTIMATE_TOLERANCE,
        what="Your gap (interval.estimate)",
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
            (
                100 * f["estimate"],
                "That looks like percentage points. Compute each precision as a fraction (a "
                "mean of repaid), not as a percentage.",
            ),
            (
                f["ratio"],
                "That is a ratio of the two precisions. The gap is B's precision minus A's.",
            ),
            (f["selection"], "That is the gap in selection rates, not in precision."),
            (f["fnr"], "That is the gap in false-negative rates, not in precision."),
            (f["fpr"], "That is the gap in false-positive rates, not in precision."),
            (
                f["tpr"],
                "That is the gap in true-positive rates (recall): the share of the would-be "
                "repayers who are approved. Precision is the other way round: of the approved, "
                "the share who repay. (Did you pass decisions before repaid?)",
            ),
            (
                f["share_of_group"],
                "You divided by every applicant of the group. Precision divides by the "
                "group's approved applicants only.",
            ),
        ],
        otherwise=(
            "Precision of a group = its approved applicants who repay ÷ its approved "
            "applicants; the gap is B's minus A's."
        ),
    )
    _check_how_it_was_made(interval)
    if low > high:
        raise Incorrect("Your interval's low end lies above its high end.")
    if not isinstance(interval, Interval) or interval.rng_state is None:
        raise Incorrect(
            "Your gap is right, but interval was not made by bootstrap_ci: the check replays the "
            "resamples that bootstrap_ci records, and an interval built by hand (or by another "
            "library) has none. Set interval = bootstrap_ci(precision_gap, repaid, decisions, "
            "groups) and keep the object it returns."
        )
    decisions, repaid, _, groups = _test_arrays()
    right = replay(interval, _precision_gap, repaid, decisions, groups)
    ends_differ = {
        end: (value, reference)
        for end, value, reference in (("low", low, right.low), ("high", high, right.high))
        if abs(value - reference) > Q2_ENDS_TOLERANCE
    }
    if ends_differ:
        if any(
            abs(low - wrong_low) <= Q2_ENDS_TOLERANCE
            and abs(high - wrong_high) <= Q2_ENDS_TOLERANCE
            for wrong_low, wrong_high in _replayed_wrong_ends(interval)
        ):
            raise Incorrect(_NOT_JOINT)
        end, (value, reference) = next(iter(ends_differ.items()))
        raise Incorrect(
            f"Your gap is right, but your interval's {end} end is {value:.4f}, where "
            f"bootstrap_ci on whole rows, with the same seed and resamples, gives "
            f"{reference:.4f}. Pass repaid, decisions and groups to bootstrap_ci, all three, "
            "and keep its defaults (1,000 resamples, 95 %)."
        )
    verdict = as_bool(gap_is_real, "gap_is_real")
    contains_zero = low <= 0 <= high
    if verdict and contains_zero:
        raise Incorrect(
            "Your interval is right, but it includes 0: a gap of zero is as plausible as your "
            "estimate, so this sample cannot show that the gap is real."
        )
    if not verdict and not contains_zero:
        raise Incorrect(
            "Your interval is right, and it excludes 0: by the rule of the prompt, the gap is real."
        )
    direction = "more" if estimate > 0 else "less"
    return (
        f"The gap is {estimate:+.3f}: B's approved applicants repay slightly {direction} often "
        f"than A's, but your 95 % interval, {low:.3f} to {high:.3f}, includes 0, so the test set "
        "cannot tell the two apart. (The gap is checked to floating point, and so are the ends, "
        "against bootstrap_ci replayed on your own resamples: any seed is fine.)"
    )


# --- q3: the audit given the right shape ------------------------------------------------


@cache
def _phantom_lender() -> pd.DataFrame:
    loans = generate_loans(**PHANTOM_LENDER)
    return loans.assign(log_income=np.log(loans["income"]))


def _phantom_points(numeric: tuple[str, ...], loans: pd.DataFrame | None = None) -> float:
    table = _phantom_lender() if loans is None else loans
    return 100 * estimate_label_bias(table, numeric=list(numeric))["points_lost"]


LOG_SHAPE = tuple("log_income" if c == "income" else c for c in NUMERIC_FEATURES)


@cache
def _q3_facts() -> dict[str, float]:
    lender = _phantom_lender()
    course = reference.prepared_loans()
    course = course.assign(log_income=np.log(course["income"]))
    is_b = lender["group"] == "B"
    return {
        "right": _phantom_points(LOG_SHAPE),
        "raw": _phantom_points(tuple(NUMERIC_FEATURES)),
        "without": _phantom_points(tuple(c for c in NUMERIC_FEATURES if c != "income")),
        "both": _phantom_points((*NUMERIC_FEATURES, "log_income")),
        "course_log": _phantom_points(LOG_SHAPE, course),
        "course_raw": _phantom_points(tuple(NUMERIC_FEATURES), course),
        "gap": 100 * (lender.loc[~is_b, "approved"].mean() - lender.loc[is_b, "approved"].mean()),
    }


def _check_phantom(phantom_points) -> str:
    f = _q3_facts()
    right = f["right"]
    value = as_number(phantom_points, "Your phantom_points")
    if value == 0:
        raise Incorrect(
            "Your phantom_points is 0: that is the truth (this lender has no penalty), not the "
            "audit's estimate. Run the audit with log income and report what it finds."
        )
    mistakes = [
        (right / 100, "That is the estimate as a fraction: estimate_label_bias returns "
         "points_lost as a share. Multiply by 100 for points, as the cell above prints them."),
        (-right, "That has the wrong sign: points lost are the rate B would have had as A "
         "minus B's actual rate."),
        (f["raw"], "That is the audit with raw income, as it was. Put log_income in income's "
         "place among the numeric features."),
        (f["without"], "That is the audit without income. Put log_income where income was, "
         "not nothing."),
        (f["both"], "That keeps raw income beside log_income. The question asks for log income "
         "in place of income, so the audit has the officers' shape and no other."),
        (f["course_log"], "That audits the course's loans. The question is about "
         "fair_but_unequal, the lender with no penalty."),
        (f["course_raw"], "That audits the course's loans with raw income. The question is about "
         "fair_but_unequal, the lender with no penalty, with log income."),
        (f["gap"], "That is the approval gap between the groups, not the audit's estimate."),
    ]  # fmt: skip
    check_number(
        value,
        right,
        tolerance=Q3_TOLERANCE,
        what="Your phantom_points",
        mistakes=mistakes,
        otherwise=(
            "Add log_income = np.log(income) to fair_but_unequal, replace 'income' by "
            "'log_income' in the numeric features, and pass them to estimate_label_bias."
        ),
    )
    return (
        f"{right:+.2f} points: given the logarithm of income, the audit finds no penalty where "
        f"there is none (against {f['raw']:.1f} with raw income and {f['without']:.1f} without "
        "income). The audit's shape is an assumption, and it can make or unmake a finding."
    )


# --- q4: audit the post-processed decisions ------------------------------------------------


@cache
def _fair_decisions() -> np.ndarray:
    """The notebook's post-processed test decisions (section 7, mitigation c).

    Fitted on the chosen model's validation scores (out of fold), against ``repaid``, each
    applicant who would not repay counted three times; applied to its test scores.
    """
    X_train, X_test, _, _ = reference.split()
    repaid_train = X_train["repaid"].to_numpy()
    rows = np.repeat(
        np.arange(len(repaid_train)), np.where(repaid_train == 0, int(COST_OF_WRONG_APPROVAL), 1)
    )
    postprocessor = ThresholdOptimizer(
        estimator=PrecomputedScores().fit(),
        constraints="demographic_parity",
        prefit=True,
        predict_method="predict_proba",
    )
    postprocessor.fit(
        pd.DataFrame({"score": reference.validation_scores()[rows]}),
        repaid_train[rows],
        sensitive_features=X_train["group"].to_numpy()[rows],
    )
    return postprocessor.predict(
        pd.DataFrame({"score": reference.test_scores()}),
        sensitive_features=X_test["group"].to_numpy(),
        random_state=RANDOM_STATE,
    )


def _selection(decisions: np.ndarray, groups: np.ndarray) -> dict[str, float]:
    return {name: float(decisions[groups == name].mean()) for name in ("A", "B")}


def _without_district_model() -> Pipeline:
    return Pipeline(
        [
            ("preprocess", make_preprocessor(NUMERIC_FEATURES, ["purpose", "home_ownership"])),
            ("classify", LogisticRegression(max_iter=1000)),
        ]
    )


@cache
def _without_district_decisions(own_threshold: bool = False) -> np.ndarray:
    """The model without the proxy: its test decisions at notebook 04's threshold (section 5)
    or, with ``own_threshold``, at the cheapest threshold of its own validation scores
    (section 7, mitigation b)."""
    X_train, X_test, y_train, _ = reference.split()
    threshold = THRESHOLD
    if own_threshold:
        validation = cross_val_predict(
            _without_district_model(), X_train, y_train, cv=cv_folds(), method="predict_proba"
        )[:, 1]
        grid = np.round(np.arange(0.01, 1.0, 0.01), 2)
        costs = [expected_cost(X_train["repaid"], (validation >= t).astype(int)) for t in grid]
        threshold = grid[np.argmin(costs)]
    model = _without_district_model().fit(X_train, y_train)
    return (model.predict_proba(X_test)[:, 1] >= threshold).astype(int)


def _ratio(rates: dict[str, float]) -> float:
    return min(rates.values()) / max(rates.values())


@cache
def _q4_right() -> float:
    return _ratio(_selection(_fair_decisions(), _test_arrays()[3]))


def _q4_mistakes() -> Iterator[tuple[float, str]]:
    """(value, why) per mistake; computed only when the ratio is wrong."""
    decisions, repaid, approved, groups = _test_arrays()
    fair = _selection(_fair_decisions(), groups)
    yield (
        max(fair.values()) / min(fair.values()),
        "A ratio above 1: you divided the larger selection rate by the smaller. The rule "
        "divides the smallest by the largest.",
    )
    yield (
        max(fair.values()) - min(fair.values()),
        "That is the difference of the selection rates. The four-fifths rule uses their ratio.",
    )
    yield (
        _ratio(_selection(decisions, groups)),
        "That is the ratio of the model before post-processing (`decisions`). Audit "
        "`fair_decisions`.",
    )
    yield (
        _ratio(_selection(approved, groups)),
        "That is the ratio of the approval rates in the label y_test; audit the "
        "post-processed decisions `fair_decisions`.",
    )
    for own_threshold in (False, True):
        yield (
            _ratio(_selection(_without_district_decisions(own_threshold), groups)),
            "That is the ratio of the model without district (mitigation b). Audit the "
            "post-processed decisions `fair_decisions`.",
        )
    would_repay = repaid == 1
    yield (
        _ratio(_selection(_fair_decisions()[would_repay], groups[would_repay])),
        "That is a ratio of rates among the applicants who would repay (true-positive rates, "
        "equal opportunity, or their complement): you kept only those applicants. The "
        "four-fifths rule compares selection rates over all of each group's applicants.",
    )


def _check_four_fifths(ratio, passes) -> str:
    value = as_number(ratio, "Your ratio")
    right = _q4_right()
    if 1 < value <= 100 and abs(value / 100 - right) <= Q4_TOLERANCE:
        raise Incorrect(
            f"Your ratio is {value:g}, which looks like a percentage. Give the ratio itself, "
            "a number between 0 and 1: divide by 100."
        )
    check_number(
        value,
        right,
        tolerance=Q4_TOLERANCE,
        what="Your ratio",
        mistakes=_q4_mistakes(),
        otherwise=(
            "Compute each group's selection rate of fair_decisions on the test set, then the "
            "smallest divided by the largest."
        ),
    )
    verdict = as_bool(passes, "passes")
    right_verdict = right >= FOUR_FIFTHS
    if verdict != right_verdict:
        raise Incorrect(
            "Your ratio is right, but passes does not follow from it: the rule passes a ratio "
            f"of at least {FOUR_FIFTHS} (four fifths) and fails one below it."
        )
    original = _ratio(_selection(_test_arrays()[0], _test_arrays()[3]))
    return (
        f"The smaller selection rate is {right:.0%} of the larger, "
        f"{'above' if right_verdict else 'below'} four fifths: the post-processed decisions "
        f"{'pass' if right_verdict else 'fail'} the rule, where the original model's "
        f"({original:.2f}) failed. (Checked to ±{Q4_TOLERANCE:.4f}.)"
    )


q1 = Exercise(
    answers=("fnr_a", "fnr_b"),
    combined=unpack(("A", "B"), "false-negative rate (one per group)"),
    title="false-negative rate per group",
    checker=_check_fnr,
    hint_text=(
        "Only an applicant who would repay can be falsely rejected, so start from those rows "
        "of audit. Within them, what share of each group does the model reject? The mean of a "
        "True/False column is a share."
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
        "fnr_gap in section 3 has the shape you need: change whom each group's rate looks at "
        "(the applicants the model approves) and what it averages (their outcome). Then give "
        "bootstrap_ci your function and the three arrays, as section 3 does, and ask the "
        "interval whether it contains 0."
    ),
    how_to_start=(
        "Write precision_gap(repaid, decisions, groups), set interval to bootstrap_ci(...) of "
        "it and gap_is_real to True or False, then run the cell."
    ),
)
q3 = Exercise(
    answers=("phantom_points",),
    title="the audit given the officers' shape",
    checker=_check_phantom,
    hint_text=(
        "estimate_label_bias takes numeric=, the list of numeric features its model uses. "
        "Build that list from NUMERIC_FEATURES with one name swapped, after adding the new "
        "column to the table you audit."
    ),
    how_to_start="Set phantom_points to one number, in approval points, then run the cell.",
)
q4 = Exercise(
    answers=("ratio", "passes"),
    title="the four-fifths rule after post-processing",
    checker=_check_four_fifths,
    hint_text=(
        "Section 2 computed this ratio for the original decisions; do the same for "
        "fair_decisions, group by group. Which rate goes on top, so that the ratio is at most "
        "1? And on which side of four fifths does the rule pass?"
    ),
    how_to_start="Set ratio to a number and passes to True or False, then run the cell.",
)

bind_exercises(globals(), NOTEBOOK)
