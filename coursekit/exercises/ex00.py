"""Exercises of notebook 00 (welcome)."""

from __future__ import annotations

from functools import cache

import pandas as pd

from coursekit.exercises import reference
from coursekit.exercises.core import (
    Exercise,
    Incorrect,
    as_count,
    bind_exercises,
    check_fraction,
    check_number,
    describe,
)

NOTEBOOK = "00_welcome"
# The share is exact (2,836 of 5,000), so the only legitimate spread is rounding: the prompt
# asks for three decimals or more, which is at most 0.0005 away. The nearest named mistake is
# group B's rate, 0.135 away, and the complement (1 - rate) is 0.134 away.
RATE_TOLERANCE = 0.0005


@cache
def _facts() -> dict[str, float]:
    loans, raw = reference.loans(), reference.raw_loans()
    by_group = loans.groupby("group")["approved"].mean()
    return {
        "rows": len(loans),
        "raw_rows": len(raw),
        "columns": loans.shape[1],
        "cells": loans.size,
        "without_any_duplicate": len(raw.drop_duplicates(keep=False)),
        "approved_count": int(loans["approved"].sum()),
        "approval_rate": float(loans["approved"].mean()),
        "approval_rate_A": float(by_group["A"]),
        "approval_rate_B": float(by_group["B"]),
        "repaid_rate": float(loans["repaid"].mean()),
    }


def _check_rows(n_applications) -> str:
    f = _facts()
    if isinstance(n_applications, tuple) and len(n_applications) == 2:
        raise Incorrect(
            "That is a pair of numbers, like the frame's shape (rows, columns). Give only the "
            "number of rows."
        )
    if isinstance(n_applications, pd.DataFrame):
        raise Incorrect(
            f"That is {describe(n_applications)}, a table itself. Give one number: how many "
            "rows it has."
        )
    if isinstance(n_applications, pd.Series):
        per_column = set(map(str, n_applications.index)) <= set(reference.loans().columns)
        raise Incorrect(
            (
                "That is a count per column (count() counts the values of each column that "
                "are not missing)."
                if per_column
                else f"That is {describe(n_applications)}, a count per value, not the rows."
            )
            + " Give one number: the number of rows."
        )
    count = as_count(n_applications, "Your count")
    check_number(
        count,
        f["rows"],
        tolerance=0,
        what="Your count",
        mistakes=[
            (f["raw_rows"], "That is the raw file, which still holds duplicates; count loans."),
            (
                f["without_any_duplicate"],
                "That is the raw file without both copies of each duplicate; count loans.",
            ),
            (f["columns"], "That is the number of columns; you want the number of rows."),
            (f["cells"], "That is the number of cells (rows times columns); count the rows."),
            (f["rows"] - 1, "That is the last row's index: the index starts at 0."),
            (f["approved_count"], "That is the number approved; count every application."),
            (
                f["rows"] - f["approved_count"],
                "That is the number rejected; count every application.",
            ),
        ],
    )
    return f"{f['rows']:,} applications, one row each."


def _check_rate(approval_rate) -> str:
    f = _facts()
    check_fraction(
        approval_rate,
        f["approval_rate"],
        tolerance=RATE_TOLERANCE,
        what="Your rate",
        mistakes=[
            (
                f["approved_count"],
                "That is the number approved; divide by the number of applications.",
            ),
            (f["rows"], "That is the number of applications; you want the share approved."),
            (f["approval_rate_A"], "That is group A's rate only; use all applications."),
            (f["approval_rate_B"], "That is group B's rate only; use all applications."),
            (f["repaid_rate"], "That is the share repaid; the decision is the approved column."),
        ],
        complement=(
            "That is 1 minus the rate: the share of applications that were rejected. You want "
            "the share approved."
        ),
        otherwise="Take the share of all applications whose approved is 1.",
    )
    return (
        f"{f['approval_rate']:.1%} of applications were approved. Notebook 05 asks whether "
        "that rate is the same for everyone."
    )


q1 = Exercise(
    answers=("n_applications",),
    title="count the applications",
    checker=_check_rows,
    hint_text=(
        "loans holds one row per application. Which built-in function, or which attribute of "
        "a DataFrame, tells you how many rows it has?"
    ),
    how_to_start="Set n_applications to the number of rows of loans.",
)
q2 = Exercise(
    answers=("approval_rate",),
    title="historical approval rate",
    checker=_check_rate,
    hint_text=(
        "approved is 1 for an approved application and 0 otherwise. What is the average of a "
        "column of 0s and 1s?"
    ),
    how_to_start="Set approval_rate to the share of applications with approved == 1.",
)

bind_exercises(globals(), NOTEBOOK)
