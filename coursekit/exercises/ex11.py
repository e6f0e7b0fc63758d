"""Exercises of notebook 11 (capstone workshop on the German credit data).

Reference values are rebuilt from the notebook's stated defaults: the label "good" as the
favourable class (1 = approve), a stratified 70/30 split with the course's seed, a logistic
regression on every attribute except the three protected ones, the threshold that is cheapest
under the 5:1 cost matrix on out-of-fold predictions of the training split, and the test split
for everything reported. Each value is computed once, when a checker first needs it.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from coursekit.business import expected_cost
from coursekit.exercises import reference
from coursekit.exercises.core import (
    Exercise,
    Incorrect,
    as_bool,
    as_number,
    bind_exercises,
    check_fraction,
    check_number,
    describe,
    unpack,
)
from coursekit.features import RANDOM_STATE, cv_folds

NOTEBOOK = "11_capstone"
COST_OF_WRONG_APPROVAL = 5.0  # german.doc: a bad credit classified as good
COST_OF_WRONG_REJECTION = 1.0  # german.doc: a good credit classified as bad
PROTECTED = ["age_years", "personal_status_sex", "foreign_worker"]
NUMERIC = ["duration_months", "credit_amount"]
CODED = ["installment_rate_code", "residence_since", "existing_credits", "num_dependents"]
TEST_SIZE = 0.3
THRESHOLDS = np.round(np.arange(0.01, 1.0, 0.01), 2)
# approve when P(good) ≥ 5 / (5 + 1), the threshold the costs give in theory
THEORY_THRESHOLD = COST_OF_WRONG_APPROVAL / (COST_OF_WRONG_APPROVAL + COST_OF_WRONG_REJECTION)
YOUNG, OLDER = "25 or younger", "over 25"
# q1: 300 bad credits in 1,000, so every legitimate answer is exactly 0.3 (any split gives
# 0.3 too: the split is stratified); the prompt asks for two decimals: ±0.005. The nearest
# named mistake, the odds 300/700 = 0.43, lies 0.13 away.
Q1_TOLERANCE = 0.005
# q3: a difference of two shares of 59 and 241 test applicants, from the notebook's own
# decisions, so the legitimate answers differ only by rounding (three decimals: 0.0003). The
# nearest named mistake, the 25-year-olds counted in both groups (older = age >= 25), lies
# 0.0044 away, so two decimals cannot be enough: ±0.001, and the prompt asks for three.
Q3_TOLERANCE = 0.001
# An answer 100 times the gap (percentage points), to the nearest point or finer.
PERCENT_SLACK = 0.005
# q2: a sum of whole costs over 300 applicants, so the possible values lie 1/300 ≈ 0.0033
# apart and the legitimate answers differ only by rounding (three decimals: 0.0003); ±0.002
# accepts three decimals and no other set of decisions' cost. The nearest named mistake, the
# rule on all 1,000 credits, lies 0.020 away. The prompt asks for three decimals.
Q2_TOLERANCE = 0.002


@cache
def _split() -> tuple:
    """``X_train, X_test, y_train, y_test`` with y = 1 for a good credit."""
    credit = reference.german_credit()
    X = credit.drop(columns="credit_risk")
    y = (credit["credit_risk"] == "good").astype(int)
    return train_test_split(X, y, test_size=TEST_SIZE, stratify=y, random_state=RANDOM_STATE)


def _pipeline() -> Pipeline:
    X_train = _split()[0]
    text = [c for c in X_train.columns if not pd.api.types.is_numeric_dtype(X_train[c])]
    categorical = [c for c in text if c not in PROTECTED] + CODED
    preprocess = ColumnTransformer(
        [
            ("numeric", StandardScaler(), NUMERIC),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), categorical),
        ],
        remainder="drop",
    )
    return Pipeline([("preprocess", preprocess), ("classify", LogisticRegression(max_iter=1000))])


def _cost(labels, decisions) -> float:
    return expected_cost(labels, decisions, COST_OF_WRONG_APPROVAL, COST_OF_WRONG_REJECTION)


@cache
def _threshold() -> float:
    X_train, _, y_train, _ = _split()
    folds = cv_folds()
    scores = cross_val_predict(_pipeline(), X_train, y_train, cv=folds, method="predict_proba")
    costs = [_cost(y_train, (scores[:, 1] >= t).astype(int)) for t in THRESHOLDS]
    return float(THRESHOLDS[np.argmin(costs)])


@cache
def _model() -> Pipeline:
    X_train, _, y_train, _ = _split()
    return _pipeline().fit(X_train, y_train)


@cache
def _test_scores() -> np.ndarray:
    return _model().predict_proba(_split()[1])[:, 1]


# --- q1: the share of bad credits, and what it is not ----------------------------------------

Q1_ANSWERS = ("bad_share", "real_default_rate")


@cache
def _q1_facts() -> dict[str, float]:
    risk = reference.german_credit()["credit_risk"]
    bad, good = int((risk == "bad").sum()), int((risk == "good").sum())
    return {"share": bad / len(risk), "bad": bad, "good": good, "odds": bad / good}


def _check_bad_share(bad_share, real_default_rate) -> str:
    f = _q1_facts()
    right = f["share"]
    what = "Your share of bad credits"
    if isinstance(bad_share, pd.Series) and "bad" in bad_share.index:
        raise Incorrect(
            f"bad_share is {describe(bad_share)}, one per label. Take the entry for 'bad' "
            "(and make sure the Series holds shares, not counts)."
        )
    if isinstance(bad_share, bool | np.bool_) and not isinstance(
        real_default_rate, bool | np.bool_ | str
    ):
        raise Incorrect(
            "You swapped the two answers: the share comes first, then the verdict: "
            "ex11.q1.check(bad_share, real_default_rate)."
        )
    value = as_number(bad_share, what)
    if value > 1:
        slips = {
            f["bad"]: "the number of bad credits; divide it by the number of all credits",
            f["good"]: "the number of good credits; count the bad ones and divide by all",
            100 * right: "a percentage; give a fraction between 0 and 1 (divide by 100)",
            100 * (1 - right): "the percentage of *good* credits; count the bad ones and give "
            "a fraction between 0 and 1",
        }
        for target, why in slips.items():
            if abs(value - target) <= 100 * Q1_TOLERANCE:
                raise Incorrect(f"{what} is {value:g}: that is {why}.")
    check_fraction(
        value,
        right,
        tolerance=Q1_TOLERANCE,
        what=what,
        mistakes=[
            (
                f["odds"],
                "That is the number of bad credits divided by the number of *good* ones (the "
                "odds). Divide by all credits.",
            )
        ],
        complement="That is the share of *good* credits; count the bad ones.",
        otherwise="Divide the number of rows with credit_risk == 'bad' by the number of rows.",
    )
    if as_bool(real_default_rate, "real_default_rate"):
        raise Incorrect(
            "The share is right, but it is not a real default rate: the data card says bad "
            "credits were heavily oversampled in a stratified sample. The share is a choice of "
            "whoever drew the sample, not a property of the bank's borrowers."
        )
    return (
        f"{right:.0%} of the credits are bad, by construction: bad credits were oversampled, so "
        "neither this share nor a model's probabilities estimate how often real borrowers "
        f"default. (Checked to ±{Q1_TOLERANCE}.)"
    )


# --- q3: the approval-rate gap between the age groups -----------------------------------------


def _gap(approve, ages, young_when=lambda ages: ages <= 25, older_when=None) -> float:
    approve, ages = np.asarray(approve, dtype=float), np.asarray(ages)
    young = young_when(ages)
    older = ~young if older_when is None else older_when(ages)
    return float(approve[older].mean() - approve[young].mean())


@cache
def _q3_facts() -> dict[str, float]:
    X_train, X_test, _, y_test = _split()
    ages = X_test["age_years"].to_numpy()
    scores = _test_scores()
    decisions = (scores >= _threshold()).astype(int)
    young = ages <= 25

    def at(threshold, X=X_test):
        return (_model().predict_proba(X)[:, 1] >= threshold).astype(int)

    everyone = reference.german_credit().drop(columns="credit_risk")
    test_costs = [_cost(y_test, (scores >= t).astype(int)) for t in THRESHOLDS]
    on_test = float(THRESHOLDS[int(np.argmin(test_costs))])
    step = float(THRESHOLDS[1] - THRESHOLDS[0])
    return {
        "test_threshold": _gap((scores >= on_test).astype(int), ages)
        if on_test != _threshold()
        else float("nan"),
        "threshold_below": _gap((scores >= _threshold() - step).astype(int), ages),
        "threshold_above": _gap((scores >= _threshold() + step).astype(int), ages),
        "gap": _gap(decisions, ages),
        "under_25": _gap(decisions, ages, lambda a: a < 25),
        "to_26": _gap(decisions, ages, lambda a: a <= 26),
        "to_30": _gap(decisions, ages, lambda a: a <= 30),
        "under_30": _gap(decisions, ages, lambda a: a < 30),
        "overlap": _gap(decisions, ages, older_when=lambda a: a >= 25),
        "without_25": _gap(decisions, ages, lambda a: a < 25, lambda a: a > 25),
        "labels": _gap(y_test.to_numpy(), ages),
        "default": _gap((scores >= 0.5).astype(int), ages),
        "theory": _gap((scores >= THEORY_THRESHOLD).astype(int), ages),
        "scores": _gap(scores, ages),
        "train": _gap(at(_threshold(), X_train), X_train["age_years"]),
        "all": _gap(at(_threshold(), everyone), everyone["age_years"]),
        "ratio": float(decisions[young].mean() / decisions[~young].mean()),
        "inverse_ratio": float(decisions[~young].mean() / decisions[young].mean()),
    }


def _check_age_gap(age_gap) -> str:
    f = _q3_facts()
    right = f["gap"]
    what = "Your gap"
    value = as_number(age_gap, what)
    if abs(value) > 1 and abs(value / 100 - right) <= PERCENT_SLACK:
        raise Incorrect(
            f"{what} is {value:g}, in percentage points; give a difference of fractions "
            "(divide by 100)."
        )
    if abs(value) > 1 and abs(value / 100 + right) <= PERCENT_SLACK:
        raise Incorrect(
            f"{what} is {value:g}, in percentage points and with the sign reversed; give the "
            "older group's rate minus the younger's, as fractions."
        )
    boundary = "The group is 25 *or younger* (age_years <= 25); everyone else is over 25."
    mistakes = [
        (
            -right,
            "The sign is reversed: subtract the younger group's approval rate from the older's "
            "(or you compared rejection rates).",
        ),
        (
            f["under_25"],
            f"That splits at 'younger than 25': the 25-year-olds land in the older group. "
            f"{boundary}",
        ),
        (f["to_26"], f"That puts the 26-year-olds in the younger group. {boundary}"),
        (f["to_30"], f"That splits at 30. {boundary}"),
        (f["under_30"], f"That splits at 'younger than 30'. {boundary}"),
        (
            f["overlap"],
            f"Your older group starts at 25, so the 25-year-olds are in both groups. {boundary}",
        ),
        (
            f["without_25"],
            f"The 25-year-olds are in neither group. {boundary}",
        ),
        (
            f["labels"],
            "That is the gap in the label (the share of good credits), not in the model's "
            "approvals. Use the decisions at the chosen threshold.",
        ),
        (
            f["default"],
            "That is the gap at predict()'s default threshold 0.5; use the chosen threshold.",
        ),
        (
            f["theory"],
            "That is the gap at the theoretical threshold 5/6; use the threshold the notebook "
            "chose on validation predictions (the decisions).",
        ),
        (
            f["scores"],
            "That is the gap in the mean score. The approval rate is the share of approvals: "
            "use the 0/1 decisions.",
        ),
        (f["train"], "That is the gap on the training split; the audit uses the test split."),
        (
            f["test_threshold"],
            "That is the gap at the threshold that is cheapest on the test set. The threshold "
            "is chosen on validation predictions of the training split; the test set only "
            "reports. Use the notebook's decisions.",
        ),
        (
            f["threshold_below"],
            "That is the gap at the grid's threshold just below the chosen one; use the "
            "notebook's decisions at the chosen threshold.",
        ),
        (
            f["threshold_above"],
            "That is the gap at the grid's threshold just above the chosen one; use the "
            "notebook's decisions at the chosen threshold.",
        ),
        (
            f["all"],
            "That is the gap on all 1,000 credits, training rows included; the audit uses the "
            "test split.",
        ),
        (
            f["ratio"],
            "That is the ratio of the two rates (the four-fifths check); the question asks for "
            "the difference.",
        ),
        (
            f["inverse_ratio"],
            "That is a ratio of the two rates; the question asks for the difference.",
        ),
    ]
    check_number(
        value,
        right,
        tolerance=Q3_TOLERANCE,
        what=what,
        mistakes=mistakes,
        otherwise=(
            "Take the share of approvals (decisions == 1) among test applicants over 25, minus "
            "that share among those aged 25 or younger."
        ),
    )
    return (
        f"The model approves {100 * right:.1f} percentage points more of the applicants over 25 "
        f"than of those aged 25 or younger. (Checked to ±{Q3_TOLERANCE}.)"
    )


# --- q2: the expected cost of the domain expert's rule -----------------------------------------

# The domain expert's rule: approve only an account that is not overdrawn (a balance of at least
# 0 DM). Under german.doc's wrong labels the same two codes read "no checking account" and
# ">= 200 DM" (see data/german_credit.md).
SAFE_ACCOUNTS = ["0 <= ... < 200 DM", ">= 200 DM / salary for at least 1 year"]
NO_ACCOUNT, OVERDRAWN = "no checking account", "< 0 DM"


def _rule(X: pd.DataFrame, accounts=tuple(SAFE_ACCOUNTS)) -> np.ndarray:
    return X["checking_status"].isin(list(accounts)).to_numpy().astype(int)


@cache
def _q2_facts() -> dict[str, float]:
    X_train, X_test, y_train, y_test = _split()
    labels = y_test.to_numpy()
    approve = _rule(X_test)
    credit = reference.german_credit()
    everyone = (credit["credit_risk"] == "good").astype(int).to_numpy()
    right = _cost(labels, approve)
    return {
        "cost": right,
        "total": right * len(labels),
        "negative": -right,
        "percent": 100 * right,
        "swapped": expected_cost(labels, approve, 1, 5),
        "error_rate": float(np.mean(approve != labels)),
        "loans_default": expected_cost(labels, approve),
        "inverse": _cost(labels, 1 - approve),
        "labels_reversed": _cost(1 - labels, approve),
        "train": _cost(y_train.to_numpy(), _rule(X_train)),
        "all": _cost(everyone, _rule(credit)),
        "middle_only": _cost(labels, _rule(X_test, SAFE_ACCOUNTS[:1])),
        "rich_only": _cost(labels, _rule(X_test, SAFE_ACCOUNTS[1:])),
        "with_no_account": _cost(labels, _rule(X_test, [*SAFE_ACCOUNTS, NO_ACCOUNT])),
        "ucis_labels": _cost(labels, _rule(X_test, [NO_ACCOUNT, SAFE_ACCOUNTS[1]])),
        "with_overdrawn": _cost(labels, _rule(X_test, [*SAFE_ACCOUNTS, OVERDRAWN])),
        "reject_all": _cost(labels, np.zeros_like(labels)),
        "approve_all": _cost(labels, np.ones_like(labels)),
        "model": _cost(labels, (_test_scores() >= _threshold()).astype(int)),
    }


def _check_rule_cost(rule_cost) -> str:
    f = _q2_facts()
    right = f["cost"]
    value = as_number(rule_cost, "Your expected cost")
    mistakes = [
        (
            f["total"],
            "That is the total over all test applicants; divide by their number to get the "
            "cost per applicant.",
        ),
        (
            f["negative"],
            "A cost is not negative: expected_cost adds up the cost of the wrong decisions.",
        ),
        (
            f["percent"],
            "That is 100 times the expected cost: the cost is in units per applicant, not a "
            "percentage.",
        ),
        (
            f["swapped"],
            "The costs are swapped: a wrong approval (a bad credit approved) costs 5, a wrong "
            "rejection 1.",
        ),
        (
            f["error_rate"],
            "That is the share of wrong decisions, which counts both errors as 1. Weigh them "
            "with the 5:1 matrix.",
        ),
        (
            f["loans_default"],
            "That uses expected_cost's default costs, the loans' 3:1 matrix. This data set's "
            "matrix is 5:1: pass both costs.",
        ),
        (
            f["inverse"],
            "That is the cost of the opposite rule: your decisions approve the applicants the "
            "rule rejects. 1 means approve.",
        ),
        (
            f["labels_reversed"],
            "Your labels are reversed: y_test is 1 for a good credit, the one to approve.",
        ),
        (f["train"], "That is the rule's cost on the training split; use the test set."),
        (
            f["all"],
            "That is the rule's cost on all 1,000 credits, training rows included; use the "
            "test set.",
        ),
        (
            f["middle_only"],
            "That approves only accounts holding between 0 and 200 DM; the rule also approves "
            "those holding at least 200 DM.",
        ),
        (
            f["rich_only"],
            "That approves only accounts holding at least 200 DM; the rule also approves those "
            "holding between 0 and 200 DM.",
        ),
        (
            f["with_no_account"],
            "That also approves applicants with no checking account; the rule asks for an "
            "account that is not overdrawn.",
        ),
        (
            f["ucis_labels"],
            "That is the rule read with german.doc's wrong labels: 'no checking account' or "
            "'>= 200 DM'. Under the corrected labels the rule is an account holding at least "
            "0 DM.",
        ),
        (
            f["with_overdrawn"],
            "That also approves overdrawn accounts (< 0 DM); the rule approves only accounts "
            "holding at least 0 DM.",
        ),
        (
            f["reject_all"],
            "That is the cost of rejecting everyone: your rule approves nobody. Check the "
            "spelling of the two checking_status values against value_counts().",
        ),
        (f["approve_all"], "That is the cost of approving everyone: your rule rejects nobody."),
        (
            f["model"],
            "That is the cost of the model's decisions; the question asks about the domain "
            "expert's rule.",
        ),
    ]
    check_number(
        value,
        right,
        tolerance=Q2_TOLERANCE,
        what="Your expected cost",
        mistakes=mistakes,
        otherwise=(
            "Turn the rule into 0/1 decisions for X_test (1 = approve), then weigh the wrong "
            "approvals by 5 and the wrong rejections by 1, per test applicant."
        ),
    )
    return (
        f"The rule costs {right:.3f} units per applicant on the test set. (Checked to "
        f"±{Q2_TOLERANCE}, less than the 1/300 step between two possible costs on 300 "
        "applicants.)"
    )


q1 = Exercise(
    answers=Q1_ANSWERS,
    combined=unpack(Q1_ANSWERS, "answer"),
    title="the share of bad credits",
    checker=_check_bad_share,
    hint_text=(
        "The share of rows that meet a condition is the mean of a True/False column. Then "
        "reread the data card's 'Not a picture of real default rates': how were the 1,000 "
        "credits chosen?"
    ),
    how_to_start=(
        "Set bad_share to a fraction between 0 and 1 and real_default_rate to True or False."
    ),
)
q3 = Exercise(
    answers=("age_gap",),
    title="the approval gap between age groups",
    checker=_check_age_gap,
    hint_text=(
        "Make a True/False mask of the younger group from X_test's age column; mind whether 25 "
        "itself belongs in it. A group's approval rate is the mean of decisions over its rows."
    ),
    how_to_start="Set age_gap to a number: the older group's approval rate minus the younger's.",
)
q2 = Exercise(
    answers=("rule_cost",),
    title="the cost of a rule of thumb",
    checker=_check_rule_cost,
    hint_text=(
        "A pandas method tells you, per row, whether a value is one of a list of values; as "
        "integers, that is the rule's decisions (1 = approve). expected_cost then needs the "
        "costs of this data set's matrix, and already divides by the number of applicants."
    ),
    how_to_start="Set rule_cost to the expected cost per applicant of the rule on the test set.",
)

bind_exercises(globals(), NOTEBOOK)
