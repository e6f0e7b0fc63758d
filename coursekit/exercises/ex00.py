"""Exercises of notebook 00 (welcome)."""

from __future__ import annotations

from functools import cache

from coursekit.data import load_loans
from coursekit.exercises.core import Exercise, bind_exercises, check_number

NOTEBOOK = "00_welcome"


@cache
def _facts() -> dict[str, float]:
    loans = load_loans()
    raw = load_loans(raw=True)
    by_group = loans.groupby("group")["approved"].mean()
    return {
        "rows": len(loans),
        "raw_rows": len(raw),
        "columns": loans.shape[1],
        "approved_count": int(loans["approved"].sum()),
        "approval_rate": float(loans["approved"].mean()),
        "approval_rate_A": float(by_group["A"]),
        "approval_rate_B": float(by_group["B"]),
    }


def _check_rows(n_applications) -> str:
    f = _facts()
    check_number(
        n_applications,
        f["rows"],
        tolerance=0,
        what="Your count",
        mistakes=[
            (f["raw_rows"], "That is the raw file, which still holds duplicates; count loans.csv."),
            (f["columns"], "That is the number of columns; you want rows (len(loans))."),
        ],
    )
    return f"{f['rows']:,} applications, one row each."


def _check_rate(approval_rate) -> str:
    f = _facts()
    check_number(
        approval_rate,
        f["approval_rate"],
        tolerance=0.0005,
        what="Your rate",
        mistakes=[
            (f["approved_count"], "That is the number approved; divide by the number of rows."),
            (100 * f["approval_rate"], "That is a percentage; give a fraction between 0 and 1."),
            (f["approval_rate_A"], "That is group A's rate only; use all applications."),
            (f["approval_rate_B"], "That is group B's rate only; use all applications."),
        ],
    )
    return (
        f"{f['approval_rate']:.1%} of applications were approved. Notebook 05 asks whether "
        "that rate is the same for everyone."
    )


q1 = Exercise(
    answers=("n_applications",),
    title="count the applications",
    checker=_check_rows,
    hint_text="A DataFrame's length is its number of rows: len(loans) or loans.shape[0].",
    how_to_start="Set n_applications to the number of rows of loans.",
)
q2 = Exercise(
    answers=("approval_rate",),
    title="historical approval rate",
    checker=_check_rate,
    hint_text=(
        "approved is 1 for an approved application and 0 otherwise, so the mean of the "
        "column is the share approved."
    ),
    how_to_start="Set approval_rate to the share of applications with approved == 1.",
)

bind_exercises(globals(), NOTEBOOK)
