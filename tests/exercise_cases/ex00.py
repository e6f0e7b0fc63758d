"""Right and wrong answers for the exercises of notebook 00 (see tests/test_exercises.py)."""

from coursekit import load_loans

CASES = {
    "ex00.q1": (
        lambda: len(load_loans()),
        [
            (lambda: len(load_loans(raw=True)), "raw file"),
            (lambda: load_loans().shape[1], "columns"),
            (lambda: 4999, "too low"),
        ],
    ),
    "ex00.q2": (
        lambda: load_loans()["approved"].mean(),
        [
            (lambda: load_loans()["approved"].sum(), "divide by the number of rows"),
            (lambda: 100 * load_loans()["approved"].mean(), "percentage"),
            (lambda: load_loans().query("group == 'A'")["approved"].mean(), "group A"),
            (lambda: "0.57", "without quotes"),  # text is not a number, even text that parses
        ],
    ),
}
