"""Exercises of notebook 09 (data privacy).

q1 sorts the columns of the applications into direct identifiers, quasi-identifiers and
sensitive attributes; q2 measures k-anonymity. Reference values come from the same helpers the
notebook uses (:mod:`coursekit.privacy` on the course's loans), computed once when first needed.
"""

from __future__ import annotations

from functools import cache

from coursekit.data import load_loans
from coursekit.exercises.core import (
    Exercise,
    Incorrect,
    as_names,
    bind_exercises,
    check_number,
    unpack,
)
from coursekit.privacy import age_band, applications_with_pii, equivalence_class_sizes

NOTEBOOK = "09_data_privacy"

# --- q1: the PII inventory ---------------------------------------------------------------

DIRECT = ("first_name", "last_name", "email")
QUASI = ("birth_date", "sex", "postcode", "age", "district")
SENSITIVE = ("group", "income", "late_payments", "repaid")
INVENTORY_COLUMNS = DIRECT + QUASI + SENSITIVE

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
CATEGORY = {c: "direct" for c in DIRECT} | {c: "quasi" for c in QUASI}
CATEGORY |= {c: "sensitive" for c in SENSITIVE}
LIST_NAME = {
    "direct": "direct_identifiers",
    "quasi": "quasi_identifiers",
    "sensitive": "sensitive_attributes",
}


def _check_inventory(direct_identifiers, quasi_identifiers, sensitive_attributes) -> str:
    answers = (direct_identifiers, quasi_identifiers, sensitive_attributes)
    given = {
        kind: as_names(answer, LIST_NAME[kind], example="['email']")
        for kind, answer in zip(("direct", "quasi", "sensitive"), answers, strict=True)
    }
    placed: dict[str, list[str]] = {}
    for kind, names in given.items():
        for name in names:
            placed.setdefault(name, []).append(kind)
    unknown = sorted(set(placed) - set(INVENTORY_COLUMNS))
    if unknown:
        raise Incorrect(
            f"{unknown} are not among the columns to sort; sort exactly these: "
            f"{list(INVENTORY_COLUMNS)}."
        )
    twice = sorted(name for name, kinds in placed.items() if len(kinds) > 1)
    if twice:
        raise Incorrect(f"{twice} appear in more than one list: put each column in exactly one.")
    missing = [c for c in INVENTORY_COLUMNS if c not in placed]
    if missing:
        raise Incorrect(f"You left out {missing}: put every column in one of the three lists.")
    for name in INVENTORY_COLUMNS:
        right, chosen = CATEGORY[name], placed[name][0]
        if chosen != right:
            raise Incorrect(
                f"'{name}' is in {LIST_NAME[chosen]}, but it belongs in {LIST_NAME[right]}: "
                f"{WHY[name]}."
            )
    return (
        f"Three direct identifiers ({', '.join(DIRECT)}), five quasi-identifiers "
        f"({', '.join(QUASI)}) and four sensitive attributes ({', '.join(SENSITIVE)})."
    )


# --- q2: k-anonymity ---------------------------------------------------------------------

Q2_QUASI_IDENTIFIERS = ["age_band", "sex", "district"]
AGE_BAND_WIDTH = 10
AGE_BAND_TOP = 60


@cache
def released_table():
    """The notebook's generalised release: age bands of 10 years, 60 and over in one band."""
    applications = applications_with_pii(load_loans())
    return applications.assign(
        age_band=age_band(applications["age"], AGE_BAND_WIDTH, top=AGE_BAND_TOP)
    )


@cache
def _q2_facts() -> dict[str, float]:
    table = released_table()
    sizes = equivalence_class_sizes(table, Q2_QUASI_IDENTIFIERS)
    facts = {
        "k": int(sizes.min()),
        "largest": int(sizes.max()),
        "rows": len(table),
        "classes": len(sizes),
        "mean": float(sizes.mean()),
    }
    for column in Q2_QUASI_IDENTIFIERS:
        rest = [c for c in Q2_QUASI_IDENTIFIERS if c != column]
        facts[f"without {column}"] = int(equivalence_class_sizes(table, rest).min())
    return facts


def _check_k(k) -> str:
    f = _q2_facts()
    mistakes = [
        (f["rows"], "That is the number of rows. k is the size of the *smallest* group of rows "
         "that share all the quasi-identifiers."),
        (f["largest"], "That is the largest equivalence class. k is the smallest one: the "
         "least protected applicants decide how anonymous the table is."),
        (f["classes"], "That is the number of equivalence classes, not the size of the "
         "smallest one."),
    ]  # fmt: skip
    for column in Q2_QUASI_IDENTIFIERS:
        mistakes.append(
            (
                f[f"without {column}"],
                f"That is k without '{column}': group by all three quasi-identifiers "
                f"{Q2_QUASI_IDENTIFIERS}.",
            )
        )
    mistakes = [(v, why) for v, why in mistakes if v != f["k"]]
    # k is a count of rows, so only the exact whole number is right: tolerance 0.
    check_number(
        k,
        f["k"],
        tolerance=0,
        what="Your k",
        mistakes=mistakes,
        otherwise=(
            "Group released by the three quasi-identifiers, count the rows of each group "
            "(.size()), and take the smallest count."
        ),
    )
    return (
        f"k = {f['k']}: the smallest of the {f['classes']} equivalence classes has {f['k']} "
        f"applicants, so this table is {f['k']}-anonymous (an exact count, no tolerance)."
    )


q1 = Exercise(
    answers=("direct_identifiers", "quasi_identifiers", "sensitive_attributes"),
    combined=unpack(
        ("direct_identifiers", "quasi_identifiers", "sensitive_attributes"), "list of columns"
    ),
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
        "released.groupby([...]).size() gives the size of every equivalence class; k is the "
        "smallest of them."
    ),
    how_to_start="Set k to a whole number computed from released, then run the cell.",
)

bind_exercises(globals(), NOTEBOOK)
