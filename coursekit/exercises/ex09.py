"""Exercises of notebook 09 (data privacy).

q1 sorts the columns of the applications into direct identifiers, quasi-identifiers and
sensitive attributes; q2 measures k-anonymity; q3 measures how much the 14-anonymous release
still gives away about ``group`` (l-diversity, and the applicants an attacker can place in a
class that is nearly all one group); q4 adds up the privacy budget of a dashboard of noisy
counts. Reference values come from the same helpers the
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
    check_fraction,
    check_number,
    describe,
    unpack,
)
from coursekit.privacy import (
    POSTCODE_AREAS,
    age_band,
    applications_with_pii,
    equivalence_class_sizes,
    l_diversity,
)

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


# --- q3: what the release gives away about group -------------------------------------

SENSITIVE_COLUMN = "group"
EXPOSED_SHARE = 0.9  # "at least 90 % of the class share one group"
# A share of applicants: the right value is a ratio of counts, so three decimals decide it; the
# nearest plausible mistake (more than 90 %, not at least) lies 0.004 away.
EXPOSED_TOLERANCE = 0.0005


def _top_share(table: pd.DataFrame, columns: list[str], sensitive: str) -> pd.Series:
    """Per class: the share of its most common value of ``sensitive``."""
    by_class = table.groupby(columns, observed=True)[sensitive]
    return by_class.value_counts(normalize=True).groupby(level=list(range(len(columns)))).max()


def _exposed(table: pd.DataFrame, columns: list[str], sensitive: str, strict: bool = False):
    sizes = table.groupby(columns, observed=True).size()
    top = _top_share(table, columns, sensitive).reindex(sizes.index)
    exposed = top > EXPOSED_SHARE if strict else top >= EXPOSED_SHARE - 1e-12
    return float(sizes[exposed].sum() / len(table)), int(exposed.sum()), int(sizes[exposed].sum())


@cache
def _q3_facts() -> dict[str, Any]:
    table = released_table()
    qis = Q2_QUASI_IDENTIFIERS
    share, classes, applicants = _exposed(table, qis, SENSITIVE_COLUMN)
    sizes = equivalence_class_sizes(table, qis)
    by_class = table.groupby(qis, observed=True)[SENSITIVE_COLUMN]
    b_share = by_class.apply(lambda s: (s == "B").mean()).reindex(sizes.index)
    return {
        "l": l_diversity(table, qis, SENSITIVE_COLUMN),
        "share": share,
        "classes": classes,
        "applicants": applicants,
        "all_classes": len(sizes),
        "single": int((by_class.nunique() == 1).sum()),
        "k": int(sizes.min()),
        "groups": int(table[SENSITIVE_COLUMN].nunique()),
        "strict": _exposed(table, qis, SENSITIVE_COLUMN, strict=True)[0],
        "class_share": classes / len(sizes),
        "b_only": float(sizes[b_share >= EXPOSED_SHARE].sum() / len(table)),
        "a_only": float(sizes[1 - b_share >= EXPOSED_SHARE].sum() / len(table)),
        "single_share": float(sizes[by_class.nunique() == 1].sum() / len(table)),
        "district_only": _exposed(table, ["district"], SENSITIVE_COLUMN)[0],
        "repaid": _exposed(table, qis, "repaid")[0],
    }


def _check_exposure(l_group, share_exposed) -> str:
    f = _q3_facts()
    l_value = as_count(l_group, "Your l_group")
    check_number(
        l_value,
        f["l"],
        tolerance=0,
        what="Your l_group",
        mistakes=[
            (f["groups"], "That is the number of groups in the whole release. l is the fewest "
             "distinct groups found in any one equivalence class."),
            (f["k"], "That is k, the size of the smallest class. l counts distinct values of "
             "group inside a class, not rows."),
            (f["single"], "That is the number of classes that hold a single group. l is the "
             "fewest distinct groups in a class: what does that make it here?"),
            (f["all_classes"], "That is the number of equivalence classes."),
        ],
        otherwise=(
            "Group released by the three quasi-identifiers, count the distinct values of group "
            "in each class (nunique), and take the smallest."
        ),
    )  # fmt: skip
    check_fraction(
        share_exposed,
        f["share"],
        tolerance=EXPOSED_TOLERANCE,
        what="Your share_exposed",
        mistakes=[
            (f["strict"], "That counts the classes where *more* than 90 % share one group; "
             "the question says at least 90 %, and one class sits exactly at 90 %."),
            (f["class_share"], "That is the share of *classes* that are at least 90 % one "
             "group. The question asks for the share of applicants: weight each class by its "
             "size."),
            (f["b_only"], "That counts only the classes that are at least 90 % group B. An "
             "attacker learns just as much from a class that is 90 % A."),
            (f["a_only"], "That counts only the classes that are at least 90 % group A. An "
             "attacker learns just as much from a class that is 90 % B."),
            (f["single_share"], "That counts only the classes with a single group (l = 1). "
             "The question asks for classes where at least 90 % share one group."),
            (f["district_only"], "That groups by district alone. Use the release's three "
             "quasi-identifiers: age_band, sex and district."),
            (f["repaid"], "That is the measure for repaid. The question is about group."),
            (f["applicants"], "That is the number of applicants: give it as a share of all "
             f"{len(released_table()):,}."),
        ],
        complement=(
            "That is the share of applicants in classes where no group reaches 90 %: the "
            "other side of the answer."
        ),
        otherwise=(
            "For each class, find the share of its most common group; keep the classes where "
            "it is at least 0.9, add up their sizes, and divide by the number of rows."
        ),
    )  # fmt: skip
    return (
        f"l = {f['l']}: {f['single']} of the {f['all_classes']} classes hold a single group, and "
        f"{f['share']:.1%} of applicants ({f['applicants']:,}) sit in a class that is at least "
        f"90 % one group ({f['classes']} classes). Knowing someone's age band, sex and district "
        "tells an attacker their group nine times in ten for three in four applicants."
    )


# --- q4: the privacy budget of a dashboard ------------------------------------------------

MONTHS = 12
DISTRICTS = len(POSTCODE_AREAS)
EPSILON_PER_COUNT = 0.25
# The budget is exact arithmetic on the numbers in the question.
EPSILON_TOLERANCE = 1e-9


def _check_budget(total_epsilon) -> str:
    right = MONTHS * EPSILON_PER_COUNT
    value = as_number(total_epsilon, "Your total_epsilon")
    if value < 0:
        raise Incorrect(f"Your total_epsilon is {value:g}, but a privacy budget is never negative.")
    check_number(
        value,
        right,
        tolerance=EPSILON_TOLERANCE,
        what="Your total_epsilon",
        mistakes=[
            (MONTHS * DISTRICTS * EPSILON_PER_COUNT, "That adds up every count. The six "
             "district counts of one month hold different applicants (each lives in one "
             "district), so one applicant is in only one of them: within a month they compose "
             "in parallel."),
            (DISTRICTS * EPSILON_PER_COUNT, "That adds up the six district counts of one month. "
             "Those hold different applicants, so they compose in parallel; it is the months "
             "that hold the same applicants again."),
            (EPSILON_PER_COUNT, "That is the budget of one month. Every month's counts cover all "
             "applications so far, so the same applicant is in all twelve months' releases: "
             "those compose sequentially."),
            (EPSILON_PER_COUNT / MONTHS, "That divides by the months. Each release spends its "
             "own ε; releases about the same people add up."),
            (math.exp(right), "That is e to the power of the budget, the factor the guarantee "
             "allows. The question asks for ε itself."),
        ],
        otherwise=(
            "Ask how many of the releases one applicant can appear in, and add up the ε of "
            "those."
        ),
    )  # fmt: skip
    return (
        f"ε = {right:g}: the six district counts of a month hold different applicants, so a month "
        f"costs {EPSILON_PER_COUNT:g} (parallel composition); the {MONTHS} months hold the same "
        f"applicants, so they add up (sequential composition). e^{right:g} ≈ "
        f"{math.exp(right):.0f}: any outcome of the year's dashboard may be about "
        f"{math.exp(right):.0f} times as likely with one applicant in the data as without."
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
q3 = Exercise(
    answers=("l_group", "share_exposed"),
    title="what the release gives away about group",
    checker=_check_exposure,
    hint_text=(
        "Group by the release's three quasi-identifiers and look at the column group inside "
        "each class: how many different values does the poorest class hold? For the share, "
        "value_counts(normalize=True) within each class gives the share of its commonest "
        "group; which classes reach 0.9, and how many applicants do they hold?"
    ),
    how_to_start=(
        "Set l_group to a whole number and share_exposed to a fraction between 0 and 1, both "
        "computed from shared, then run the cell."
    ),
)
q4 = Exercise(
    answers=("total_epsilon",),
    title="the privacy budget of a dashboard",
    checker=_check_budget,
    hint_text=(
        "For one applicant, count the releases they can appear in. Counts over disjoint parts "
        "of the data cost the largest of their ε; releases over the same people add up."
    ),
    how_to_start="Set total_epsilon to one number, then run the cell.",
)

bind_exercises(globals(), NOTEBOOK)
