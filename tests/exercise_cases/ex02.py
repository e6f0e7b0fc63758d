"""Right and wrong answers for the exercises of notebook 02 (see tests/test_exercises.py)."""

import numpy as np
import pandas as pd

from coursekit import load_loans
from coursekit.business import COST_OF_WRONG_APPROVAL, COST_OF_WRONG_REJECTION, expected_cost
from coursekit.exercises.ex02 import IN_CLEANING, IN_PIPELINE

RAW = load_loans(raw=True)  # the learner's global `raw`, for rules that ignore their argument


def _raw():
    return load_loans(raw=True)


def _defaulted_share():
    return (load_loans()["repaid"] == 0).mean()


def _cost():
    return COST_OF_WRONG_APPROVAL * _defaulted_share()


def _mutating_rule(df):
    df.dropna(subset=["income"], inplace=True)  # damages the frame it is given
    return df["income"] < 0


def _mutating_but_right(df):
    marked = df["income"] <= 0
    df["income"] = 0  # changes the frame after computing the answer
    df.drop(df.index, inplace=True)
    return marked


def _nullable(df):
    return df["income"].astype("Float64") <= 0  # <NA> for a missing income


def _nan_for_missing(df):
    return (df["income"] <= 0).where(df["income"].notna())  # NaN for a missing income


def _hard_coded(df):
    rows = RAW.index[RAW["income"] < 0]
    return pd.Series(df.index.isin(rows), index=df.index)


CASES = {
    "ex02.q1": (
        [
            lambda: _raw().duplicated().sum(),
            lambda: int(_raw().duplicated().sum()),
            lambda: float(_raw().duplicated().sum()),  # 60.0 is a count too
            lambda: len(_raw()) - len(_raw().drop_duplicates()),
            lambda: _raw().duplicated(keep="last").sum(),
            lambda: _raw().duplicated().to_numpy().sum(),
        ],
        [
            (lambda: _raw().duplicated(keep=False).sum(), "original *and* the copy"),
            (lambda: load_loans().duplicated().sum(), "clean file"),
            (lambda: len(_raw()), "every row of raw"),
            (lambda: len(_raw().drop_duplicates()), "rows left"),
            (lambda: _raw().shape[1], "columns"),
            (lambda: _raw().duplicated(), "how many are True"),
            (lambda: _raw().duplicated().to_numpy(), "how many are True"),
            (lambda: _raw()[_raw().duplicated()], "DataFrame"),
            (lambda: "60", "without quotes"),
            (lambda: 60.5, "whole number"),
            (lambda: 59, "too low"),
            (lambda: 61, "too high"),
        ],
    ),
    "ex02.q2": (
        [
            lambda: lambda df: df["income"] <= 0,
            lambda: lambda df: df.income.le(0),
            lambda: lambda df: (df["income"] <= 0).to_numpy(),  # a NumPy boolean array
            lambda: lambda df: list(df["income"] <= 0),
            lambda: lambda df: df["income"].notna() & ~(df["income"] > 0),
            lambda: lambda df: (df["income"] <= 0).sort_values(),  # another order, same labels
            lambda: _nullable,
            lambda: _nan_for_missing,
            lambda: _mutating_but_right,
        ],
        [
            # "negative" for "not positive": raw has no income of 0, the test frame has one
            (lambda: lambda df: df["income"] < 0, "0 is not positive"),
            (lambda: lambda df: df.income.lt(0), "0 is not positive"),
            # thresholds near 0 that happen to work on raw (accepted before)
            (lambda: lambda df: df["income"] < 10, "an income of 0.5"),
            (lambda: lambda df: df["income"] < -2, "misses an income of -0.5"),
            (lambda: lambda df: (df["income"] < 0).reset_index(drop=True), "index reset"),
            (lambda: lambda df: ~(df["income"] > 0), "missing incomes"),
            (lambda: lambda df: df["income"].isna(), "missing incomes only"),
            (lambda: lambda df: df["income"].isna() | (df["income"] < 0), "missing incomes"),
            (lambda: lambda df: df["income"] >= 0, "rows that pass"),
            (lambda: lambda df: df["income"] > 0, "rows that pass"),
            (lambda: lambda df: df["loan_amount"] < 0, "marks no row"),
            (lambda: lambda df: df[df["income"] < 0], "DataFrame"),
            (lambda: lambda df: df[["income"]] < 0, "single brackets"),
            (lambda: lambda df: int((df["income"] < 0).sum()), "boolean Series"),
            (lambda: lambda df: (df["income"] < 0).any(), "boolean Series"),
            (lambda: lambda df: (df["income"] < 0).astype(int), "not True/False"),
            (lambda: lambda df: df["income"].where(df["income"] < 0), "not True/False"),
            (lambda: lambda df: df["salary"] < 0, "KeyError"),
            (lambda: lambda: RAW["income"] < 0, "TypeError"),
            (lambda: lambda df: print(df["income"] < 0), "no `return`"),
            (lambda: lambda df: df["income"] < 20000, "Compare the income column"),
            (lambda: lambda df: df["income"] < -1000, "compare with 0 itself"),
            (lambda: lambda df: RAW["income"] < 0, "another frame"),
            (lambda: _hard_coded, "on another frame"),
            (lambda: _mutating_rule, "for a frame of"),
            (lambda: lambda df: (df["income"] < 0).reset_index(drop=True)[:-1], "values for"),
            (lambda: RAW["income"] < 0, "should be a function"),
            (lambda: 8, "function"),
            (lambda: pd.Series, "function"),
        ],
    ),
    "ex02.q3": (
        [
            _cost,
            lambda: float(_cost()),
            lambda: round(_cost(), 3),  # the precision the prompt asks for
            lambda: COST_OF_WRONG_APPROVAL * (1 - load_loans()["repaid"].mean()),
            lambda: COST_OF_WRONG_APPROVAL * (load_loans()["repaid"] == 0).sum() / 5000,
            lambda: np.mean(np.where(load_loans()["repaid"] == 0, COST_OF_WRONG_APPROVAL, 0)),
            lambda: expected_cost(load_loans()["repaid"], np.ones(5000, dtype=int)),
            lambda: COST_OF_WRONG_APPROVAL * (_raw().drop_duplicates()["repaid"] == 0).mean(),
        ],
        [
            (_defaulted_share, "each wrong approval costs 3"),
            (
                lambda: expected_cost(np.ones(len(load_loans())), load_loans()["repaid"]),
                "arguments swapped",
            ),
            (lambda: _cost() * 5000, "total"),
            (lambda: 100 * _cost(), "percentage"),
            (lambda: COST_OF_WRONG_APPROVAL * 100 * _defaulted_share(), "percentage"),
            (lambda: COST_OF_WRONG_APPROVAL * (1 - _defaulted_share()), "who repay"),
            (
                lambda: _cost() + COST_OF_WRONG_REJECTION * (1 - _defaulted_share()),
                "rejects no one",
            ),
            (lambda: (load_loans()["repaid"] == 1).mean(), "rejecting everyone"),
            (
                lambda: COST_OF_WRONG_APPROVAL * (load_loans()["approved"] == 0).mean(),
                "disagreement with the officers",
            ),
            (
                lambda: expected_cost(load_loans()["approved"], np.ones(5000, dtype=int)),
                "disagreement with the officers",
            ),
            (lambda: COST_OF_WRONG_APPROVAL * (_raw()["repaid"] == 0).mean(), "raw file"),
            (lambda: round(_cost(), 1), "rounded to 1 decimal"),
            (lambda: round(_cost(), 2), "rounded to"),
            (lambda: "0.694", "without quotes"),
            (lambda: 0.6, "too low"),
        ],
    ),
    "ex02.q4": (
        [
            lambda: (["a", "c", "e"], ["b", "d", "g"]),
            lambda: (("e", "c", "a"), {"g", "b", "d"}),  # any order, any container
            lambda: (np.array(["a", "c", "e"]), pd.Series(["b", "d", "g"])),
            lambda: (list(IN_CLEANING), list(IN_PIPELINE)),
        ],
        [
            (lambda: (["a", "b", "c", "e"], ["d", "g"]), "test rows help compute it"),
            (lambda: (["a", "c", "d", "e"], ["b", "g"]), "a mean and a standard deviation"),
            (lambda: (["a", "c", "e", "g"], ["b", "d"]), "get_dummies"),
            (lambda: (["c", "e"], ["a", "b", "d", "g"]), "before the split"),
            (lambda: (["a", "e"], ["b", "c", "d", "g"]), "one spelling per category"),
            (lambda: (["a", "c"], ["b", "d", "e", "g"]), "how the value was typed"),
            (lambda: (["a", "c", "e", "f"], ["b", "d", "g"]), "40 is a guess"),
            (lambda: (["a", "c", "e"], ["b", "d", "f", "g"]), "40 is a guess"),
            (
                lambda: (["a", "c", "e", "h"], ["b", "d", "g"]),
                "throws away every application with a gap",
            ),
            (
                lambda: (["a", "c", "e"], ["b", "d", "g", "h"]),
                "throws away every application with a gap",
            ),
            (lambda: (["a", "c", "e"], ["b", "d"]), "belongs in the pipeline"),  # g left out
            (lambda: (["b", "d", "g"], ["a", "c", "e"]), "belongs in the cleaning"),  # swapped
            (lambda: (list("abcdefgh"), []), "belongs"),  # everything in the cleaning
            (lambda: (["a", "c", "e", "b"], ["b", "d", "g"]), "in both lists"),
            (lambda: (["A", "c", "e"], ["b", "d", "g"]), "written 'a'"),
            (lambda: (["a", "c", "e"], ["b", "d", "g", "i"]), "not a step's letter"),
            (lambda: ("a, c, e", ["b", "d", "g"]), "one piece of text"),
            (lambda: ([1, 3, 5], [2, 4, 7]), "should hold names"),
            (lambda: (dict.fromkeys("ace"), ["b", "d", "g"]), "dict"),
        ],
    ),
}
