"""Right and wrong answers for the exercises of notebook 00 (see tests/test_exercises.py)."""

import numpy as np

from coursekit import load_loans


def _rate():
    return load_loans()["approved"].mean()


CASES = {
    "ex00.q1": (
        [
            lambda: len(load_loans()),
            lambda: load_loans().shape[0],
            lambda: np.int64(load_loans().shape[0]),
            lambda: 5000.0,  # a whole float is a count too
            lambda: load_loans()["approved"].count(),
            lambda: len(load_loans(raw=True).drop_duplicates()),
        ],
        [
            (lambda: len(load_loans(raw=True)), "raw file"),
            (lambda: len(load_loans(raw=True).drop_duplicates(keep=False)), "both copies"),
            (lambda: load_loans().shape[1], "columns"),
            (lambda: (load_loans().shape,), "shape"),
            (lambda: load_loans().count(), "count per column"),
            (lambda: load_loans(), "a table itself"),
            (lambda: load_loans()["group"].value_counts(), "a count per value"),
            (lambda: int((load_loans()["approved"] == 0).sum()), "number rejected"),
            (lambda: load_loans().size, "cells"),
            (lambda: load_loans().index[-1], "starts at 0"),
            (lambda: int(load_loans()["approved"].sum()), "number approved"),
            (lambda: "5000", "without quotes"),
            (lambda: 5000.5, "whole number"),
            (lambda: [5000], "Take the number out of it"),
            (lambda: 4998, "too low"),
            (lambda: 5001, "too high"),
        ],
    ),
    "ex00.q2": (
        [
            _rate,
            lambda: float(_rate()),
            lambda: round(_rate(), 3),  # the precision the prompt asks for
            lambda: round(_rate(), 4),
            lambda: load_loans()["approved"].sum() / len(load_loans()),
            lambda: (load_loans()["approved"] == 1).mean(),
            lambda: load_loans()["approved"].value_counts(normalize=True)[1],
            lambda: np.array(_rate()),  # a 0-d array
        ],
        [
            (lambda: load_loans()["approved"].sum(), "divide by the number of applications"),
            (lambda: len(load_loans()), "number of applications"),
            (lambda: 100 * _rate(), "percentage"),
            (lambda: round(100 * _rate(), 1), "percentage"),
            (lambda: 1 - _rate(), "rejected"),
            (lambda: (load_loans()["approved"] == 0).mean(), "rejected"),
            (lambda: load_loans().query("group == 'A'")["approved"].mean(), "group A"),
            (lambda: load_loans().query("group == 'B'")["approved"].mean(), "group B"),
            (lambda: load_loans()["repaid"].mean(), "share repaid"),
            (lambda: round(_rate(), 2), "rounded to 2 decimals"),
            (lambda: round(_rate(), 1), "rounded to 1 decimal"),
            (lambda: load_loans().groupby("group")["approved"].mean(), "single number"),
            (lambda: "0.57", "without quotes"),  # text is not a number, even text that parses
            (lambda: True, "True/False"),
            (lambda: 1.2, "between 0 and 1"),
            (lambda: 0.61, "too high"),
        ],
    ),
}
