"""Right and wrong answers for the exercises of notebook 09 (see tests/test_exercises.py).

q1's checker is called as ``ex09.q1.check(direct, quasi, sensitive)``: its factories return
the three lists as a tuple.
"""

from coursekit.exercises.ex09 import Q2_QUASI_IDENTIFIERS, released_table
from coursekit.privacy import equivalence_class_sizes

DIRECT = ["first_name", "last_name", "email"]
QUASI = ["birth_date", "sex", "postcode", "age", "district"]
SENSITIVE = ["group", "income", "late_payments", "repaid"]


def _sizes(columns=tuple(Q2_QUASI_IDENTIFIERS)):
    return equivalence_class_sizes(released_table(), list(columns))


def _moved(name, source, target):
    lists = {"direct": list(DIRECT), "quasi": list(QUASI), "sensitive": list(SENSITIVE)}
    lists[source].remove(name)
    lists[target].append(name)
    return lists["direct"], lists["quasi"], lists["sensitive"]


CASES = {
    "ex09.q1": (
        lambda: (DIRECT, QUASI, SENSITIVE),
        [
            (lambda: _moved("birth_date", "quasi", "direct"), "belongs in quasi_identifiers"),
            (lambda: _moved("email", "direct", "quasi"), "reaches exactly one person"),
            (lambda: _moved("group", "sensitive", "quasi"), "protected attribute"),
            (lambda: _moved("income", "sensitive", "quasi"), "belongs in sensitive_attributes"),
            (lambda: (DIRECT, QUASI[:-1], SENSITIVE), "left out ['district']"),
            (lambda: (DIRECT + ["sex"], QUASI, SENSITIVE), "more than one list"),
            (lambda: (DIRECT + ["approved"], QUASI, SENSITIVE), "not among the columns"),
            (lambda: ("email", QUASI, SENSITIVE), "one piece of text"),
            (lambda: (DIRECT, QUASI), "sensitive_attributes is missing"),
        ],
    ),
    "ex09.q2": (
        lambda: int(_sizes().min()),
        [
            (lambda: len(released_table()), "number of rows"),
            (lambda: int(_sizes().max()), "largest equivalence class"),
            (lambda: len(_sizes()), "number of equivalence classes"),
            (lambda: int(_sizes(("age_band", "district")).min()), "without 'sex'"),
            (lambda: 0, "too low"),
            (lambda: [14], "should be a single number"),
        ],
    ),
}
