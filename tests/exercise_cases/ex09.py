"""Right and wrong answers for the exercises of notebook 09 (see tests/test_exercises.py).

q1's checker is called as ``ex09.q1.check(direct, quasi, sensitive)``: its factories return
the three lists as a tuple.
"""

import numpy as np
import pandas as pd

from coursekit.exercises.ex09 import Q2_QUASI_IDENTIFIERS, applications, released_table
from coursekit.privacy import equivalence_class_sizes

DIRECT = ["first_name", "last_name", "email"]
QUASI = ["birth_date", "sex", "postcode", "age", "district"]
SENSITIVE = ["group", "income", "late_payments", "repaid"]


def _sizes(columns=tuple(Q2_QUASI_IDENTIFIERS), table=None):
    return equivalence_class_sizes(released_table() if table is None else table, list(columns))


def _grouped():
    return released_table().groupby(Q2_QUASI_IDENTIFIERS)


def _moved(name, source, target):
    lists = {"direct": list(DIRECT), "quasi": list(QUASI), "sensitive": list(SENSITIVE)}
    lists[source].remove(name)
    lists[target].append(name)
    return lists["direct"], lists["quasi"], lists["sensitive"]


def _columns(names):
    """Names picked from applications' columns, as df.columns[...] gives them (an Index)."""
    columns = applications().columns
    return columns[columns.isin(names)]


CASES = {
    "ex09.q1": (
        [
            lambda: (DIRECT, QUASI, SENSITIVE),
            lambda: (tuple(DIRECT), tuple(QUASI), tuple(SENSITIVE)),
            lambda: (set(DIRECT), set(QUASI), set(SENSITIVE)),
            lambda: (np.array(DIRECT), np.array(QUASI), np.array(SENSITIVE)),
            lambda: (pd.Series(DIRECT[::-1]), pd.Series(QUASI), pd.Series(SENSITIVE[::-1])),
            lambda: (_columns(DIRECT), _columns(QUASI), _columns(SENSITIVE)),
            lambda: (DIRECT[::-1], sorted(QUASI), sorted(SENSITIVE)),  # order does not matter
            lambda: (dict.fromkeys(DIRECT).keys(), QUASI, SENSITIVE),  # any iterable of names
            lambda: (
                {
                    "direct_identifiers": DIRECT,
                    "quasi_identifiers": QUASI,
                    "sensitive_attributes": SENSITIVE,
                },
            ),
        ],
        [
            # one column in the wrong list: the reason, not the list it belongs in
            (lambda: _moved("birth_date", "quasi", "direct"), "does not belong in direct"),
            (lambda: _moved("birth_date", "quasi", "direct"), "names nobody alone"),
            (lambda: _moved("email", "direct", "quasi"), "reaches exactly one person"),
            (lambda: _moved("group", "sensitive", "quasi"), "protected attribute"),
            (lambda: _moved("income", "sensitive", "quasi"), "does not belong in quasi"),
            (lambda: _moved("sex", "quasi", "sensitive"), "publicly known"),
            (
                lambda: (
                    [*DIRECT[:2], "sex"],
                    [*QUASI[:1], *QUASI[2:], "group"],
                    [*SENSITIVE[1:], "email"],
                ),
                "2 other columns are in the wrong list",
            ),
            # whole lists in the wrong order
            (lambda: (QUASI, DIRECT, SENSITIVE), "direct_identifiers holds the quasi-identifiers"),
            (lambda: (QUASI, DIRECT, SENSITIVE), "lists are swapped"),
            (lambda: (DIRECT, SENSITIVE, QUASI), "quasi_identifiers holds the sensitive"),
            (lambda: (SENSITIVE, DIRECT, QUASI), "lists are swapped"),
            # missing, twice, unknown
            (lambda: (DIRECT, QUASI[:-1], SENSITIVE), "left out 'district'"),
            (lambda: (DIRECT, QUASI, []), "left out 'group', 'income'"),
            (lambda: (DIRECT + ["sex"], QUASI, SENSITIVE), "'sex' is in direct_identifiers and"),
            (lambda: (DIRECT, QUASI, SENSITIVE + ["email"]), "exactly one list"),
            (lambda: (DIRECT + ["email"], QUASI, SENSITIVE), "'email' is twice in direct"),
            (lambda: (DIRECT + ["approved"], QUASI, SENSITIVE), "not among the twelve columns"),
            (lambda: (["First_name", *DIRECT[1:]], QUASI, SENSITIVE), "is written 'first_name'"),
            # wrong forms
            (lambda: ("email", QUASI, SENSITIVE), "one piece of text"),
            (lambda: (", ".join(DIRECT), QUASI, SENSITIVE), "one piece of text"),
            (lambda: (applications()[DIRECT], QUASI, SENSITIVE), "not their names"),
            # a column's data for its name: must not print the 5,000 e-mail addresses
            (lambda: (applications()["email"], QUASI, SENSITIVE), "a column's data"),
            (lambda: ([DIRECT], QUASI, SENSITIVE), "should hold names"),  # nested one level
            (lambda: (DIRECT, QUASI), "sensitive_attributes is missing"),
            (lambda: ((DIRECT, QUASI),), "Give one list of columns for each"),
        ],
    ),
    "ex09.q2": (
        [
            lambda: int(_sizes().min()),
            lambda: float(_sizes().min()),
            lambda: _grouped().size().min(),  # a NumPy integer
            lambda: np.array(_sizes().min()),
        ],
        [
            (lambda: len(released_table()), "number of rows"),
            (lambda: int(_sizes().max()), "largest equivalence class"),
            (lambda: len(_sizes()), "number of equivalence classes"),
            (lambda: float(_sizes().mean()), "mean size"),
            (lambda: float(_sizes().median()), "median size"),
            (lambda: pd.DataFrame({"k": [int(_sizes().min())]}), "holding one value"),
            # the wrong quasi-identifiers: one left out, one added, the raw age
            (lambda: int(_sizes(("age_band", "district")).min()), "without 'sex'"),
            (lambda: int(_sizes(("age_band", "sex")).min()), "without 'district'"),
            (lambda: int(_sizes(("sex", "district")).min()), "without 'age_band'"),
            (lambda: int(_sizes((*Q2_QUASI_IDENTIFIERS, "postcode")).min()), "'postcode' added"),
            (
                lambda: int(_sizes(("age", "sex", "district"), applications()).min()),
                "before generalisation",
            ),
            # a share or a percentage of the rows for a count
            (lambda: _sizes().min() / len(released_table()), "share of all rows"),
            (lambda: 100 * _sizes().min() / len(released_table()), "percentage of all rows"),
            (lambda: _grouped().size().min() / _grouped().size().sum(), "k is a count"),
            # the class sizes instead of their minimum, the wrong counting
            (lambda: _grouped().size(), "one size per equivalence class"),
            (lambda: _grouped().count().min(), ".count() counts each column"),
            (lambda: _grouped().count(), "per class and column"),
            (lambda: str(int(_sizes().min())), "without quotes"),
            (lambda: int(_sizes().min()) - 1, "too low"),
            (lambda: [int(_sizes().min())], "should be a single number"),
        ],
    ),
}
