"""Right and wrong answers for the exercises of notebook 12 (see tests/test_exercises.py).

q3's checker is called as ``ex12.q3.check(decision, because)``: its factories return both.
"""

import numpy as np
import pandas as pd

RIGHT_ARTICLES = {"a": 12, "b": 10, "c": 14, "d": 13, "e": 15}


def _articles(**changes):
    return {**RIGHT_ARTICLES, **changes}


CASES = {
    "ex12.q1": (
        [
            lambda: ["a", "c", "f"],
            lambda: (("f", "c", "a"),),  # one tuple, passed as one answer
            lambda: {"a", "c", "f"},
            lambda: np.array(["a", "c", "f"]),
            lambda: pd.Series(["c", "a", "f"]),
            lambda: ["a", "c", "f", "a"],  # a letter twice is still the same set
        ],
        [
            (lambda: ["a", "b", "c", "f"], "(b) is not high-risk: point 5(b) excepts"),
            (lambda: ["a", "c", "e", "f"], "a limited company is not one"),
            (lambda: ["a", "c", "d", "f"], "(d) is not high-risk"),
            (lambda: ["a", "f"], "(c) is high-risk: Annex III, point 5(c)"),
            (lambda: ["a", "c"], "(f) is high-risk: Annex III, point 4(a)"),
            (lambda: ["c", "f"], "(a) is high-risk"),
            (lambda: ["a", "b", "c", "d", "e", "f"], "(b) is not high-risk"),
            (lambda: [], "(a) is high-risk"),
            (lambda: "acf", "one piece of text"),
            (lambda: ["A", "C", "F"], "is written 'a'"),
            (lambda: ["a", "c", "g"], "not one of the letters"),
            (lambda: [1, 3, 6], "should hold names (text)"),
        ],
    ),
    "ex12.q2": (
        [
            lambda: dict(RIGHT_ARTICLES),
            lambda: {k: f"Art. {v}" for k, v in RIGHT_ARTICLES.items()},
            lambda: {k: f"article {v}" for k, v in RIGHT_ARTICLES.items()},
            lambda: {k: str(v) for k, v in RIGHT_ARTICLES.items()},
            lambda: {k.upper(): v for k, v in RIGHT_ARTICLES.items()},
            lambda: pd.Series(RIGHT_ARTICLES),
            lambda: {k: float(v) for k, v in RIGHT_ARTICLES.items()},
        ],
        [
            (lambda: _articles(c=13, d=14), "gap (c): Art. 13 is about transparency"),
            (lambda: _articles(a=11), "gap (a): Art. 11 is about technical documentation"),
            (lambda: _articles(a=19), "Art. 19 (gap a) is not among the requirements"),
            (lambda: _articles(b=9), "gap (b): Art. 9 is about risk management"),
            (lambda: _articles(e=9), "gap (e): Art. 9"),
            (lambda: _articles(d=86), "gap (d): Art. 86 is about the right to an explanation"),
            (lambda: {"a": 12, "b": 10}, "missing"),
            (lambda: _articles(f=17), "not gaps here"),
            (lambda: [12, 10, 14, 13, 15], "should be a dict"),
            (lambda: _articles(a="logs"), "give the article's number"),
            (lambda: _articles(a=True), "give an article number"),
            (lambda: _articles(a=12.5), "give the article's number"),
        ],
    ),
    "ex12.q3": (
        [
            lambda: ("no-go", ["Art. 10"]),
            lambda: ("No-go", [10]),
            lambda: ("no go", "Art. 10"),
            lambda: ("NO-GO", ("article 10",)),
            lambda: ("no-go", ["Art. 10", "Art. 10"]),
            lambda: ("no-go", np.array([10])),
        ],
        [
            (lambda: ("go with conditions", ["Art. 10"]), "A condition is something still to"),
            (lambda: ("go", []), "worse than open"),
            (lambda: ("go-with-conditions", ["Art. 12"]), "A condition is something still to"),
            (lambda: ("no-go", ["Art. 10", "Art. 12"]), "Art. 12 is open, not failed"),
            (lambda: ("no-go", ["Art. 12", "Art. 27"]), "are open, not failed"),
            (lambda: ("no-go", []), "status 'failed'"),
            (lambda: ("no-go", ["Art. 15"]), "status 'failed'"),
            (lambda: ("stop", ["Art. 10"]), "is not a decision"),
            (lambda: (0, ["Art. 10"]), "decision is text"),
            (lambda: ("no-go", ["logs"]), "give the article's number"),
        ],
    ),
}
