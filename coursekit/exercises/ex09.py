"""Exercises of notebook 09 (data privacy).

q1 sorts the columns of the applications into direct identifiers, quasi-identifiers and
sensitive attributes; q2 measures k-anonymity. Reference values come from the same helpers the
notebook uses (:mod:`coursekit.privacy` on the course's loans), computed once when first needed.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import pandas as pd

from coursekit.exercises import reference
from coursekit.exercises.core import (
    Exercise,
    Incorrect,
    as_count,
    as_names,
    as_number,
    bind_exercises,
    check_number,
    describe,
    unpack,
)
from coursekit.privacy import age_band, applications_with_pii, equivalence_class_sizes

NOTEBOOK = "09_data_privacy"

# --- q1: the PII inventory ---------------------------------------------------------------

DIRECT = ("first_name", "last_name", "email")
QUASI = ("birth_date", "sex", "postcode", "age", "district")
SENSITIVE = ("group", "income", "late_payments", "repaid")
INVENTORY_COLUMNS = DIRECT + QUASI + SENSITIVE
KINDS = ("direct", "quasi", "sensitive")
RIGHT = dict(zip(KINDS, (DIRECT, QUASI, SENSITIVE), strict=True))
ANSWERS = ("direct_identifiers", "quasi_identifiers", "sensitive_attributes")
LIST_NAME = dict(zip(KINDS, ANSWERS, strict=True))
WHAT_IT_HOLDS = {
    "direct": "the direct identifiers",
    "quasi": "the quasi-identifiers",
    "sensitive": "the sensitive attributes",
}

# Why a column is what it is, told without naming the list it belongs in: a wrong answer gets
# the reason, and the learner draws the conclusion.
WHY = {
    "first_name": "together with the last name it names the person",
    "last_name": "together with the first name it names the person",
    "email": "an e-mail address reaches exactly one person on its own",
    "birth_date": "it names nobody alone, but with sex and postcode it is nearly unique and "
    "sits in public lists such as an electoral roll",
    "sex": "it names nobody alone, but narrows any group in half and is publicly known",
    "postcode": "it names nobody alone, but with a birth date it is nearly unique and "
    "is publicly known",
    "age": "it names nobody alone, but an outsider knows it and it narrows the group",
    "district": "it names nobody alone, but an outsider knows it and it narrows the group",
    "group": "it is the protected attribute: learning it about someone harms them, and the law "
    "gives it special protection",
    "income": "it is what a person would not want an outsider to learn",
    "late_payments": "it is what a person would not want an outsider to learn",
    "repaid": "it is what a person would not want an outsider to learn",
}
CATEGORY = {name: kind for kind, names in RIGHT.items() for name in names}


def _column_names(answer: Any, kind: str) -> list[str]:
    what = LIST_NAME[kind]
    if isinstance(answer, pd.DataFrame):
        raise Incorrect(
            f"{what} is {describe(answer)}: the columns' data, not their names. Give the names "
            "(a DataFrame's .columns holds them)."
        )
    if isinstance(answer, pd.Series) and len(answer) > len(INVENTORY_COLUMNS):
        raise Incorrect(
            f"{what} is {describe(answer)}: a column's data, not column names. Give the names "
            "themselves, e.g. ['email']."
        )
    return as_names(answer, what, example="['email']")


def _check_inventory(direct_identifiers, quasi_identifiers, sensitive_attributes) -> str:
    answers = (direct_identifiers, quasi_identifiers, sensitive_attributes)
    given = {kind: _column_names(a, kind) for kind, a in zip(KINDS, answers, strict=True)}
    placed: dict[str, list[str]] = {}
    for kind, names in given.items():
        for name in names:
            placed.setdefault(name, []).append(kind)
    unknown = [n for n in placed if n not in INVENTORY_COLUMNS]
    if unknown:
        near = {n: c for n in unknown for c in INVENTORY_COLUMNS if n.strip().lower() == c}
        spelled = (
            " Names are exact: "
            + ", ".join(f"{n!r} is written {c!r}" for n, c in near.items())
            + "."
            if near
            else ""
        )
        verb = "is" if len(unknown) == 1 else "are"
        shown = ", ".join(repr(n[:30]) for n in unknown[:3])
        shown += f" (and {len(unknown) - 3} more)" if len(unknown) > 3 else ""
        raise Incorrect(
            f"{shown} {verb} not among the twelve columns to sort.{spelled} Sort exactly "
            f"these: {', '.join(INVENTORY_COLUMNS)}."
        )
    twice = [name for name, kinds in placed.items() if len(kinds) > 1]
    if twice:

        def where(name: str) -> str:
            lists = list(dict.fromkeys(placed[name]))
            if len(lists) == 1:
                return f"{name!r} is twice in {LIST_NAME[lists[0]]}"
            return f"{name!r} is in {' and '.join(LIST_NAME[k] for k in lists)}"

        raise Incorrect(
            f"{'; '.join(where(n) for n in twice)}. Put each column in exactly one list, once."
        )
    missing = [c for c in INVENTORY_COLUMNS if c not in placed]
    if missing:
        raise Incorrect(
            f"You left out {', '.join(repr(c) for c in missing)}: put every one of the twelve "
            "columns in one of the three lists."
        )
    # Whole lists in the wrong places: the right sorting, passed in another order.
    holds = {}
    for kind, names in given.items():
        holds[kind] = next((k for k, right in RIGHT.items() if set(names) == set(right)), None)
    moved = [kind for kind in KINDS if holds[kind] not in (None, kind)]
    if moved and None not in holds.values():
        parts = [f"{LIST_NAME[kind]} holds {WHAT_IT_HOLDS[holds[kind]]}" for kind in moved]
        raise Incorrect(
            f"Your lists are swapped: {'; '.join(parts)}. The sorting itself is right; give "
            f"each list to the answer it belongs to ({', '.join(ANSWERS)}), by position or by "
            "name."
        )
    wrong = [name for name in INVENTORY_COLUMNS if placed[name][0] != CATEGORY[name]]
    if wrong:
        name = wrong[0]
        others = (
            f" ({len(wrong) - 1} other column{'s are' if len(wrong) > 2 else ' is'} in the "
            "wrong list too.)"
            if len(wrong) > 1
            else ""
        )
        raise Incorrect(
            f"'{name}' does not belong in {LIST_NAME[placed[name][0]]}: {WHY[name]}.{others}"
        )
    return (
        f"Three direct identifiers ({', '.join(DIRECT)}), five quasi-identifiers "
        f"({', '.join(QUASI)}) and four sensitive attributes ({', '.join(SENSITIVE)})."
    )


# --- q2: k-anonymity ---------------------------------------------------------------------

Q2_QUASI_IDENTIFIERS = ["age_band", "sex", "district"]
AGE_BAND_WIDTH = 10
AGE_BAND_TOP = 60
# k is a count of rows: the one right value is a whole number, so the tolerance is 0. Shares
# (not whole) are compared relatively, to 1e-6, which absorbs floating-point noise only.
SHARE_RELATIVE_TOLERANCE = 1e-6


@cache
def applications() -> pd.DataFrame:
    """The notebook's ``applications``: the loans with invented personal data."""
    return applications_with_pii(reference.loans())


@cache
def released_table() -> pd.DataFrame:
    """The notebook's generalised release: age bands of 10 years, 60 and over in one band."""
    table = applications()
    return table.assign(age_band=age_band(table["age"], AGE_BAND_WIDTH, top=AGE_BAND_TOP))


def _k(table: pd.DataFrame, columns: list[str]) -> int:
    return int(equivalence_class_sizes(table, columns).min())


@cache
def _q2_facts() -> dict[str, Any]:
    table = released_table()
    sizes = equivalence_class_sizes(table, Q2_QUASI_IDENTIFIERS)
    facts: dict[str, Any] = {
        "k": int(sizes.min()),
        "largest": int(sizes.max()),
        "rows": len(table),
        "classes": len(sizes),
        "mean": float(sizes.mean()),
        "median": float(sizes.median()),
        "raw": _k(applications(), ["age", "sex", "district"]),
        "extra": {c: _k(table, [*Q2_QUASI_IDENTIFIERS, c]) for c in ("age", "postcode")},
    }
    for column in Q2_QUASI_IDENTIFIERS:
        rest = [c for c in Q2_QUASI_IDENTIFIERS if c != column]
        facts[f"without {column}"] = _k(table, rest)
    return facts


def _close(value: float, target: float) -> bool:
    return math.isclose(value, target, rel_tol=SHARE_RELATIVE_TOLERANCE)


def _check_k(k) -> str:
    f = _q2_facts()
    if isinstance(k, pd.Series | pd.DataFrame) and k.size == 1:
        raise Incorrect(
            f"Your k is {describe(k)} holding one value. k is one number: take it out, e.g. "
            "with .iloc[0] for a Series or .iloc[0, 0] for a table."
        )
    if isinstance(k, pd.Series | pd.DataFrame):
        if isinstance(k, pd.DataFrame):
            what = "a count per class and column (.count() counts each column on its own)"
        elif set(map(str, k.index)) <= set(released_table().columns):
            what = "one value per column: .count() counts each column on its own"
        else:
            what = "one size per equivalence class"
        raise Incorrect(
            f"Your k is {describe(k)}, {what}. k is one number: the size of the smallest class."
        )
    value = as_number(k, "Your k")
    if not value.is_integer():
        shares = {
            f["k"] / f["rows"]: "That is the smallest class as a share of all rows. k is a "
            "count: the number of applicants in the smallest class.",
            100 * f["k"] / f["rows"]: "That is the smallest class as a percentage of all rows. "
            "k is a count: the number of applicants in the smallest class.",
            f["mean"]: "That is the mean size of the equivalence classes. k is the smallest "
            "one: the least protected applicants decide how anonymous the table is.",
            f["median"]: "That is the median size of the equivalence classes. k is the "
            "smallest one: the least protected applicants decide how anonymous the table is.",
        }
        for target, why in shares.items():
            if _close(value, target):
                raise Incorrect(f"Your k is {value:g}. {why}")
    value = as_count(value, "Your k")
    mistakes = [
        (f["rows"], "That is the number of rows. k is the size of the *smallest* group of rows "
         "that share all the quasi-identifiers."),
        (f["largest"], "That is the largest equivalence class. k is the smallest one: the "
         "least protected applicants decide how anonymous the table is."),
        (f["classes"], "That is the number of equivalence classes, not the size of the "
         "smallest one."),
        (f["raw"], "That is k of the table before generalisation: group by age_band, the "
         "released column, not by the exact age."),
    ]  # fmt: skip
    for column, extra in f["extra"].items():
        mistakes.append(
            (
                extra,
                f"That is k with '{column}' added: group by exactly the three "
                f"quasi-identifiers {Q2_QUASI_IDENTIFIERS}.",
            )
        )
    for column in Q2_QUASI_IDENTIFIERS:
        mistakes.append(
            (
                f[f"without {column}"],
                f"That is k without '{column}': group by all three quasi-identifiers "
                f"{Q2_QUASI_IDENTIFIERS}.",
            )
        )
    check_number(
        value,
        f["k"],
        tolerance=0,
        what="Your k",
        mistakes=mistakes,
        otherwise=(
            "Group released by the three quasi-identifiers, count the rows of each group, and "
            "take the smallest count."
        ),
    )
    return (
        f"k = {f['k']}: the smallest of the {f['classes']} equivalence classes has {f['k']} "
        f"applicants, so this table is {f['k']}-anonymous (an exact count, no tolerance)."
    )


q1 = Exercise(
    answers=ANSWERS,
    combined=unpack(ANSWERS, "list of columns"),
    title="the PII inventory",
    checker=_check_inventory,
    hint_text=(
        "Ask of each column: does it point to one person on its own (direct)? Could an outsider "
        "know it and combine it with other columns to single someone out (quasi)? Would the "
        "person be harmed if an outsider learned it (sensitive)?"
    ),
    how_to_start=(
        "Set direct_identifiers, quasi_identifiers and sensitive_attributes to lists of column "
        "names, e.g. direct_identifiers = ['email', ...], then run the cell."
    ),
)
q2 = Exercise(
    answers=("k",),
    title="k-anonymity of the release",
    checker=_check_k,
    hint_text=(
        "An equivalence class is a set of rows that agree on every quasi-identifier. pandas' "
        "groupby on the three columns gives the classes; how many rows does the smallest hold?"
    ),
    how_to_start="Set k to a whole number computed from released, then run the cell.",
)

bind_exercises(globals(), NOTEBOOK)
