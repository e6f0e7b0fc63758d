"""Right and wrong answers for the exercises of notebook 02 (see tests/test_exercises.py)."""

from coursekit import load_loans
from coursekit.business import COST_OF_WRONG_APPROVAL


def _raw():
    return load_loans(raw=True)


def _rejected_share():
    return (load_loans()["approved"] == 0).mean()


CASES = {
    "ex02.q1": (
        lambda: _raw().duplicated().sum(),
        [
            (lambda: _raw().duplicated(keep=False).sum(), "original *and* the copy"),
            (lambda: load_loans().duplicated().sum(), "clean file"),
            (lambda: 59, "too low"),
        ],
    ),
    "ex02.q2": (
        lambda: lambda df: df["income"] < 0,
        [
            (lambda: lambda df: ~(df["income"] > 0), "missing incomes"),
            (lambda: lambda df: df["income"] >= 0, "rows that pass"),
            (lambda: lambda df: df[df["income"] < 0], "DataFrame"),
            (lambda: lambda df: int((df["income"] < 0).sum()), "boolean Series"),
            (lambda: lambda df: df["salary"] < 0, "KeyError"),
            (lambda: lambda df: df["income"] < 20000, "Compare the income column"),
            (lambda: 8, "function"),
        ],
    ),
    "ex02.q3": (
        lambda: COST_OF_WRONG_APPROVAL * _rejected_share(),
        [
            (_rejected_share, "Each one costs"),
            (lambda: COST_OF_WRONG_APPROVAL * _rejected_share() * 5000, "total"),
            (lambda: (load_loans()["approved"] == 1).mean(), "rejecting everyone"),
        ],
    ),
}
