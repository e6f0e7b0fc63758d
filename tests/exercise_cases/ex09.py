"""Right and wrong answers for the exercises of notebook 09 (see tests/test_exercises.py).

q1's checker is called as ``ex09.q1.check(direct, quasi, sensitive)``: its factories return
the three lists as a tuple; q3's return ``(l_group, share_exposed)``.
"""

import math

import numpy as np
import pandas as pd

from coursekit.exercises.ex09 import Q2_QUASI_IDENTIFIERS, applications, released_table
from coursekit.privacy import equivalence_class_sizes, l_diversity

DIRECT = ["first_name", "last_name", "email"]
QUASI = ["birth_date", "sex", "postcode", "age", "district"]
SENSITIVE = ["group", "income", "late_payments", "repaid"]


def _sizes(columns=tuple(Q2_QUASI_IDENTIFIERS), table=None):
    return equivalence_class_sizes(released_table() if table is None else table, list(columns))


def _grouped():
    return released_table().groupby(Q2_QUASI_IDENTIFIERS)


def _by_class(columns=tuple(Q2_QUASI_IDENTIFIERS), sensitive="group"):
    return released_table().groupby(list(columns), observed=True)[sensitive]


def _exposed(columns=tuple(Q2_QUASI_IDENTIFIERS), sensitive="group", strict=False, of=None):
    """The share of applicants in classes where one value makes up at least (or more than) 90 %."""
    by_class = _by_class(columns, sensitive)
    shares = by_class.value_counts(normalize=True).unstack(fill_value=0)
    top = shares.max(axis=1) if of is None else shares[of]
    keep = top > 0.9 if strict else top >= 0.9
    return by_class.size()[keep].sum() / len(released_table())


def _class_share():
    """The share of *classes* (not applicants) that are at least 90 % one group."""
    shares = _by_class().value_counts(normalize=True).unstack(fill_value=0)
    return float((shares.max(axis=1) >= 0.9).mean())


def _exposed_by_crosstab():
    """The same share another way: a crosstab of classes against group, in counts."""
    table = released_table()
    counts = pd.crosstab([table[c] for c in Q2_QUASI_IDENTIFIERS], table["group"])
    top = counts.max(axis=1) / counts.sum(axis=1)
    return counts.sum(axis=1)[top >= 0.9].sum() / counts.to_numpy().sum()


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
    "ex09.q3": (
        [
            lambda: (int(_by_class().nunique().min()), _exposed()),
            lambda: (l_diversity(released_table(), Q2_QUASI_IDENTIFIERS, "group"), _exposed()),
            lambda: (_by_class().nunique().min(), np.float64(_exposed())),  # NumPy numbers
            lambda: (1.0, round(_exposed(), 3)),  # three decimals, as the prompt allows
            lambda: (np.array(1), _exposed_by_crosstab()),  # computed another way
        ],
        [
            # the share: a wrong threshold, the wrong weighting, one group only, the wrong column
            (lambda: (1, _exposed(strict=True)), "more* than 90 %"),
            (lambda: (1, _class_share()), "share of *classes*"),
            (lambda: (1, _exposed(of="B")), "only the classes that are at least 90 % group B"),
            (lambda: (1, _exposed(of="A")), "only the classes that are at least 90 % group A"),
            (lambda: (1, _exposed(of=None, columns=("district",))), "district alone"),
            (lambda: (1, _exposed(sensitive="repaid")), "measure for repaid"),
            (
                lambda: (1, _by_class().size()[_by_class().nunique() == 1].sum() / 5000),
                "single group (l = 1)",
            ),
            (lambda: (1, 100 * _exposed()), "percentage"),
            (lambda: (1, round(_exposed() * len(released_table()))), "number of applicants"),
            (lambda: (1, 1 - _exposed()), "no group reaches 90 %"),
            (lambda: (1, round(_exposed(), 2)), "rounded to 2 decimals"),
            (lambda: (1, 0.5), "too low"),
            # l: the groups of the table, k, the classes with one group, the classes
            (lambda: (2, _exposed()), "number of groups in the whole release"),
            (lambda: (14, _exposed()), "That is k"),
            (lambda: (3, _exposed()), "classes that hold a single group"),
            (lambda: (60, _exposed()), "number of equivalence classes"),
            (lambda: (_by_class().nunique(), _exposed()), "should be a single number"),
            # swapped, text
            (lambda: (_exposed(), 1), "a count is a whole number"),
            (lambda: ("1", _exposed()), "without quotes"),
        ],
    ),
    "ex09.q4": (
        [
            lambda: 3,
            lambda: 3.0,
            lambda: 12 * 0.25,
            lambda: np.float64(3.0),
            lambda: np.array(3.0),
            lambda: sum([0.25] * 12),  # twelve months, added one by one
        ],
        [
            (lambda: 12 * 6 * 0.25, "adds up every count"),
            (lambda: 6 * 0.25, "six district counts of one month"),
            (lambda: 0.25, "the budget of one month"),
            (lambda: 0.25 / 12, "divides by the months"),
            (lambda: math.exp(3.0), "e to the power"),
            (lambda: 12, "too high"),
            (lambda: -3.0, "never negative"),
            (lambda: "3", "without quotes"),
            (lambda: [3.0], "should be a single number"),
        ],
    ),
}
