"""Exercises of notebook 02 (problem and data)."""

from __future__ import annotations

from functools import cache

import pandas as pd

from coursekit.business import COST_OF_WRONG_APPROVAL
from coursekit.data import load_loans
from coursekit.exercises.core import Exercise, Incorrect, bind_exercises, check_number

NOTEBOOK = "02_problem_and_data"


@cache
def _facts() -> dict[str, float]:
    raw = load_loans(raw=True)
    loans = load_loans()
    rejected_share = float((loans["approved"] == 0).mean())
    return {
        "duplicates": int(raw.duplicated().sum()),
        "duplicates_both_copies": int(raw.duplicated(keep=False).sum()),
        "duplicates_in_clean": int(loans.duplicated().sum()),
        "rejected_share": rejected_share,
        "approve_all_cost": COST_OF_WRONG_APPROVAL * rejected_share,
        "approve_all_total": COST_OF_WRONG_APPROVAL * rejected_share * len(loans),
        "reject_all_cost": float((loans["approved"] == 1).mean()),
    }


def _check_duplicates(n_duplicates) -> str:
    f = _facts()
    check_number(
        n_duplicates,
        f["duplicates"],
        tolerance=0,
        what="Your count",
        mistakes=[
            (
                f["duplicates_both_copies"],
                "You counted the original *and* the copy. Count only the extra copies "
                "(duplicated() with its default keep='first').",
            ),
            (f["duplicates_in_clean"], "That is the clean file; count in loans_raw."),
        ],
    )
    return (
        f"{f['duplicates']} rows are exact copies of another: drop them before counting anything."
    )


def _check_rule(income_must_be_positive) -> str:
    if not callable(income_must_be_positive):
        raise Incorrect(
            "income_must_be_positive should be a function that takes the data frame, "
            f"but it is a {type(income_must_be_positive).__name__}."
        )
    raw = load_loans(raw=True)
    try:
        marked = income_must_be_positive(raw.copy())
    except Exception as error:  # noqa: BLE001 - the learner's error is the feedback
        raise Incorrect(f"Calling it on loans_raw raised {type(error).__name__}: {error}") from None
    if isinstance(marked, pd.DataFrame):
        raise Incorrect(
            "It returns a DataFrame (the broken rows themselves). Return a boolean Series "
            "with one True/False per row, True where the rule is broken."
        )
    if not isinstance(marked, pd.Series) or len(marked) != len(raw):
        raise Incorrect(
            "Return a boolean Series with one value per row of the frame, not "
            f"a {type(marked).__name__}."
        )
    marked = marked.fillna(False).astype(bool)
    truth = raw["income"] < 0
    if marked.equals(truth):
        return f"Your rule marks the {int(truth.sum())} negative incomes and nothing else."
    if not (marked & truth).any() and marked.sum() >= len(raw) // 2:
        raise Incorrect("It marks the rows that pass. Mark those that break the rule.")
    if marked.equals(truth | raw["income"].isna()):
        raise Incorrect(
            "It also marks missing incomes. A separate rule covers missing values; a rule "
            "should test one thing, so that its count means one thing."
        )
    raise Incorrect(
        f"It marks {int(marked.sum())} rows; {int(truth.sum())} incomes are negative. "
        "Compare the income column with 0."
    )


def _check_cost(approve_all_cost) -> str:
    f = _facts()
    check_number(
        approve_all_cost,
        f["approve_all_cost"],
        tolerance=0.001,
        what="Your cost",
        mistakes=[
            (
                f["rejected_share"],
                "That is the share of wrong approvals. Each one costs "
                f"{COST_OF_WRONG_APPROVAL:g} units, not 1.",
            ),
            (f["approve_all_total"], "That is the total; give the cost per application."),
            (f["reject_all_cost"], "That is the cost of rejecting everyone."),
        ],
    )
    return (
        f"Approving everyone costs {f['approve_all_cost']:.3f} units per application. Any model "
        "worth shipping must do better (notebook 04 measures it)."
    )


q1 = Exercise(
    answers=("n_duplicates",),
    title="count the duplicate applications",
    checker=_check_duplicates,
    hint_text="DataFrame.duplicated() marks each row that repeats an earlier one; sum it.",
    how_to_start="Set n_duplicates to the number of extra copies in raw.",
)
q2 = Exercise(
    answers=("income_must_be_positive",),
    title="write a validation rule",
    checker=_check_rule,
    hint_text=(
        "def income_must_be_positive(df): return <a comparison of df['income'] with 0>. "
        "What does a comparison with a missing value give?"
    ),
    how_to_start="Define a function income_must_be_positive(df) returning a boolean Series.",
)
q3 = Exercise(
    answers=("approve_all_cost",),
    title="the cost of approving everyone",
    checker=_check_cost,
    hint_text=(
        "Approving everyone is wrong exactly for the applications the label rejects; each "
        "costs COST_OF_WRONG_APPROVAL. Average over all applications."
    ),
    how_to_start="Set approve_all_cost to the expected cost per application of approving all.",
)

bind_exercises(globals(), NOTEBOOK)
