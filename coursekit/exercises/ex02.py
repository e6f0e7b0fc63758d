"""Exercises of notebook 02 (problem and data)."""

from __future__ import annotations

import warnings
from functools import cache

import numpy as np
import pandas as pd

from coursekit.business import COST_OF_WRONG_APPROVAL, COST_OF_WRONG_REJECTION
from coursekit.exercises import reference
from coursekit.exercises.core import (
    Exercise,
    Incorrect,
    as_count,
    as_names,
    bind_exercises,
    check_number,
    describe,
    listed,
    none_message,
    plain,
)

NOTEBOOK = "02_problem_and_data"
# The cost is exact (3 x 1,157 / 5,000 = 0.6942: the share who would not repay, at 3 units), so
# the only legitimate spread is rounding: the prompt asks for three decimals or more, at most
# 0.0005 away. The nearest named mistake is the raw file's figure (its 60 duplicates counted
# twice), 0.0035 away; then rejecting everyone, 0.074 away.
COST_TOLERANCE = 0.0005
# Incomes the probe frame gives the learner's rule, and whether each breaks "income is
# positive". 0 is not positive, so "below 0" misses it: the check names that slip on its own.
# Values either side of 0 (-0.5, 0.5, -5, 10) pin the comparison to 0 itself: a rule "below
# 10" or "below -2" marks the raw file's negative incomes too, but not these.
PROBE_INCOMES = (-5.0, 0.0, 10.0, np.nan, 25_000.0, -1_000_000.0, -0.5, 0.5)
# 0 is not positive, so it breaks the rule; raw holds no income of exactly 0, only the probe.
PROBE_BROKEN = (True, True, False, False, False, True, True, False)
# The probe's row labels are not 0..n-1, so a rule that resets the index is caught.
PROBE_INDEX = (101, 7, 55, 3, 999, 12, 40, 8)


@cache
def _facts() -> dict[str, float]:
    raw, loans = reference.raw_loans(), reference.loans()
    defaulted_share = float((loans["repaid"] == 0).mean())  # would not repay
    repaid_share = float((loans["repaid"] == 1).mean())
    cost = COST_OF_WRONG_APPROVAL * defaulted_share
    return {
        "duplicates": int(raw.duplicated().sum()),
        "duplicates_both_copies": int(raw.duplicated(keep=False).sum()),
        "duplicates_in_clean": int(loans.duplicated().sum()),
        "raw_rows": len(raw),
        "rows_left": len(raw.drop_duplicates()),
        "columns": raw.shape[1],
        "defaulted_share": defaulted_share,
        "approve_all_cost": cost,
        "approve_all_total": cost * len(loans),
        "approve_all_percent": 100 * cost,
        "repayers_priced": COST_OF_WRONG_APPROVAL * repaid_share,
        "both_costs": cost + COST_OF_WRONG_REJECTION * repaid_share,
        "reject_all_cost": COST_OF_WRONG_REJECTION * repaid_share,
        "against_approved": COST_OF_WRONG_APPROVAL * float((loans["approved"] == 0).mean()),
        "raw_with_duplicates": COST_OF_WRONG_APPROVAL * float((raw["repaid"] == 0).mean()),
    }


def _check_duplicates(n_duplicates) -> str:
    f = _facts()
    rows = isinstance(n_duplicates, pd.Series | np.ndarray) and np.ndim(n_duplicates) == 1
    if rows and len(n_duplicates) == f["raw_rows"]:
        raise Incorrect(
            "That marks each row (True for a copy); give one number: how many are True?"
        )
    if isinstance(n_duplicates, pd.DataFrame):
        raise Incorrect(
            f"That is {describe(n_duplicates)}; give one number, the count of extra copies."
        )
    count = as_count(n_duplicates, "Your count")
    check_number(
        count,
        f["duplicates"],
        tolerance=0,
        what="Your count",
        mistakes=[
            (
                f["duplicates_both_copies"],
                "You counted the original *and* the copy. Count only the extra copies "
                "(duplicated() with its default keep='first').",
            ),
            (f["duplicates_in_clean"], "That is the clean file; count in raw."),
            (f["raw_rows"], "That is every row of raw; count only the copies."),
            (f["rows_left"], "That is the number of rows left once the copies are dropped."),
            (f["columns"], "That is the number of columns; count rows that repeat."),
        ],
    )
    return (
        f"{f['duplicates']} rows are exact copies of another: drop them before counting anything."
    )


# --- ex02.q2: the learner's rule, called on copies of the raw data ------------------------


def _probe() -> pd.DataFrame:
    frame = reference.raw_loans().head(len(PROBE_INCOMES)).copy()
    frame["income"] = np.array(PROBE_INCOMES, dtype=float)
    frame.index = pd.Index(PROBE_INDEX)
    return frame


def _marks(rule, frame: pd.DataFrame, name: str) -> np.ndarray:
    """What ``rule`` marks in (a copy of) ``frame``: one bool per row, missing as False."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            marked = rule(frame.copy(deep=True))
    except Exception as error:  # noqa: BLE001 - the learner's error is the feedback
        raise Incorrect(
            f"Calling it on {name} raised {type(error).__name__}: {error}. It is called with "
            "the frame as its only argument, like income_must_be_positive(raw)."
        ) from None
    n = len(frame)
    if marked is None:
        raise Incorrect(none_message("What it returns"))
    if isinstance(marked, pd.DataFrame):
        if len(marked) == n and marked.shape[1] == 1:
            raise Incorrect(
                "It returns a one-column DataFrame. Select the column with single brackets "
                "(df['income'], not df[['income']]) so that it returns a Series."
            )
        raise Incorrect(
            "It returns a DataFrame (the broken rows themselves?). Return a boolean Series "
            "with one True/False per row, True where the rule is broken."
        )
    if not isinstance(marked, pd.Series | np.ndarray | list | tuple):
        raise Incorrect(
            "Return a boolean Series with one True/False per row of the frame, but it returns "
            f"{describe(marked)}."
        )
    reordered = isinstance(marked, pd.Series) and not marked.index.equals(frame.index)
    if reordered and marked.index.is_unique and set(marked.index) == set(frame.index):
        marked = marked.reindex(frame.index)  # another row order: align by label
    elif reordered and len(marked) == len(frame):
        raise Incorrect(
            "It returns a Series whose row labels are not the frame's (was the index reset?). "
            "Keep the frame's index, so that each True/False stays with its row."
        )
    values = np.asarray(marked, dtype=object)
    if values.ndim != 1 or len(values) != n:
        shape = " × ".join(f"{k:,}" for k in values.shape)
        raise Incorrect(
            f"It returns {shape} values for a frame of {n:,} rows. Return one True/False per "
            "row: does it drop rows, or use another frame than the df it is given (such as "
            "raw)?"
        )
    missing = pd.isna(values)
    not_bool = [plain(v) for v in values[~missing] if not isinstance(v, bool | np.bool_)]
    if not_bool:
        raise Incorrect(
            "It returns values such as "
            f"{', '.join(repr(v) for v in list(dict.fromkeys(not_bool))[:3])}, not True/False. "
            "A comparison gives True/False: return the comparison itself."
        )
    return np.where(missing, False, values).astype(bool)


def _check_rule(income_must_be_positive) -> str:
    if not callable(income_must_be_positive) or isinstance(income_must_be_positive, type):
        given = (
            f"the class {income_must_be_positive.__name__}"
            if isinstance(income_must_be_positive, type)
            else describe(income_must_be_positive)
        )
        raise Incorrect(
            "income_must_be_positive should be a function that takes the data frame, but it "
            f"is {given}. Define it with def and pass its name, without calling it."
        )
    raw = reference.raw_loans()
    marked = _marks(income_must_be_positive, raw, "raw")
    income = raw["income"].to_numpy()
    negative, absent = income < 0, np.isnan(income)
    n_negative = int(negative.sum())
    if not (marked == negative).all():
        if (marked == (negative | absent)).all():
            raise Incorrect(
                "It also marks the missing incomes. A separate rule counts those; a rule should "
                "test one thing, so that its count means one thing."
            )
        if (marked == absent).all():
            raise Incorrect(
                "It marks the missing incomes only. Another rule counts those: this one marks "
                "the incomes that are there but not positive."
            )
        if not marked.any():
            raise Incorrect(
                f"It marks no row, but {n_negative} incomes in raw are below 0. Test the income "
                "column."
            )
        if not (marked & negative).any() and marked.sum() >= len(raw) // 2:
            raise Incorrect("It marks the rows that pass. Mark those that break the rule.")
        raise Incorrect(
            f"It marks {int(marked.sum()):,} row{'' if marked.sum() == 1 else 's'}, but the rows "
            "that break the rule are the "
            f"{n_negative} whose income is below 0. Compare the income column with 0."
        )
    probe = _marks(income_must_be_positive, _probe(), "a small test frame")
    wrong = [
        (income, verdict)
        for income, verdict, expected in zip(PROBE_INCOMES, probe, PROBE_BROKEN, strict=True)
        if verdict != expected
    ]
    if wrong == [(0.0, False)]:
        raise Incorrect(
            "It is right on raw, but it misses an income of 0 in another frame, and 0 is not "
            "positive: the rule marks it too. (raw happens to hold no income of exactly 0.)"
        )
    if wrong:
        income, verdict = min(wrong, key=lambda pair: pair[0] == 0)  # 0 last: named above
        shown = "a missing income" if np.isnan(income) else f"an income of {income:g}"
        raise Incorrect(
            f"It is right on raw, but not on another frame: it "
            f"{'marks' if verdict else 'misses'} {shown}. A rule must hold for next "
            "month's data too: compare with 0 itself (not a value that happens to work on "
            "raw), and test the frame it is given (df), not fixed rows or another variable."
        )
    return (
        f"Your rule marks the {n_negative} negative incomes in raw, an income of 0 in a test "
        "frame, and nothing else."
    )


def _check_cost(approve_all_cost) -> str:
    f = _facts()
    check_number(
        approve_all_cost,
        f["approve_all_cost"],
        tolerance=COST_TOLERANCE,
        what="Your cost",
        mistakes=[
            (
                f["defaulted_share"],
                "That is the share of applicants who would not repay, at 1 unit each: each "
                f"wrong approval costs {COST_OF_WRONG_APPROVAL:g} units. (expected_cost with its "
                "two arguments swapped gives this too: the outcomes come first, then the "
                "decisions.)",
            ),
            (f["approve_all_total"], "That is the total; give the cost per application."),
            (
                f["approve_all_percent"],
                "That looks like the cost times 100 (a percentage); a cost per application is "
                "in cost units, not a percentage.",
            ),
            (
                f["repayers_priced"],
                "That prices the applicants who repay. Approving everyone is wrong for the "
                "ones who do not.",
            ),
            (
                f["both_costs"],
                "That adds the cost of wrong rejections, but approving everyone rejects no one.",
            ),
            (f["reject_all_cost"], "That is the cost of rejecting everyone."),
            (
                f["against_approved"],
                "That prices the decisions against approved, the officers' decisions. Money is "
                "lost when a loan is not repaid, so the cost matrix compares with repaid; a "
                "cost against approved measures disagreement with the officers.",
            ),
            (
                f["raw_with_duplicates"],
                "That is the raw file's figure, with its duplicate rows counted twice. Use the "
                "clean data, load_loans().",
            ),
        ],
        otherwise=(
            "Price each wrong decision with the cost matrix, against repaid, and average over "
            "all rows."
        ),
    )
    return (
        f"Approving everyone costs {f['approve_all_cost']:.3f} units per application: "
        f"{f['defaulted_share']:.1%} of applicants would not repay, at "
        f"{COST_OF_WRONG_APPROVAL:g} units each. Any model worth shipping must do better "
        "(notebook 04 measures it)."
    )


# --- q4: cleaning or pipeline? -----------------------------------------------------------

# Steps a colleague proposes for the raw extract. Each is a fact (repair it when cleaning: it
# holds whatever rows the model is trained on), learned (it needs numbers computed from data:
# it belongs in the model's pipeline, fitted on the training rows only), or neither.
PROPOSED_STEPS = {
    "a": "drop rows that are exact copies of an earlier row",
    "b": "fill a missing income with the median income",
    "c": "write 'Car', 'CAR' and ' car' as 'car'",
    "d": "scale every numeric column to mean 0 and standard deviation 1",
    "e": "divide a debt-to-income above 1 by 100",
    "f": "replace an age of 199 by 40, a typical age",
    "g": "turn district into one 0/1 column per district",
    "h": "drop every application that has a missing value",
}
IN_CLEANING = ("a", "c", "e")
IN_PIPELINE = ("b", "d", "g")
WHY = {
    "a": "a duplicate is a fact about the extract: removing it needs nothing learned, and it "
    "must go before the split, or one copy lands in training and the other in the test rows",
    "b": "the median is learned from data: filled before the split, the test rows help compute "
    "it. In the pipeline it is learned from the training rows, and the same number fills a "
    "gap in a new application",
    "c": "one spelling per category is a fact: nothing is learned from the rows",
    "d": "a mean and a standard deviation are learned from data: scaled before the split, the "
    "test rows help compute them. The pipeline learns them from the training rows and applies "
    "them to every new applicant",
    "e": "a percentage typed where a fraction belongs is a fact about how the value was typed: "
    "nothing is learned",
    "f": "40 is a guess: nobody knows the real age. Mark it missing (that is the fact: 199 is "
    "impossible) and let the pipeline's imputer fill it, with a 'was missing' column beside it",
    "g": "the districts are learned from the training rows, and the pipeline carries them to a "
    "new applicant (notebook 01: get_dummies on one new row made the wrong columns)",
    "h": "it throws away every application with a gap (312 of the 5,000 once the impossible ages "
    "are marked missing), maybe unevenly by group, and a model in production must still score "
    "an application with a gap: the pipeline fills gaps instead",
}


def _where(letter: str) -> str:
    if letter in IN_CLEANING:
        return "in the cleaning"
    return "in the pipeline" if letter in IN_PIPELINE else "nowhere"


def _check_cleaning_or_pipeline(in_cleaning, in_pipeline) -> str:
    letters = list(PROPOSED_STEPS)
    example = "['a', 'b']"
    cleaning = as_names(
        in_cleaning, "in_cleaning", known=letters, known_as="a step's letter", example=example
    )
    pipeline = as_names(
        in_pipeline, "in_pipeline", known=letters, known_as="a step's letter", example=example
    )
    both = sorted(set(cleaning) & set(pipeline))
    if both:
        raise Incorrect(
            f"{listed(repr(b) for b in both)} {'is' if len(both) == 1 else 'are'} in both lists: "
            "each step belongs in one place, or in none."
        )
    placed = {
        **dict.fromkeys(cleaning, "in the cleaning"),
        **dict.fromkeys(pipeline, "in the pipeline"),
    }
    wrong = [k for k in letters if placed.get(k, "nowhere") != _where(k)]
    if wrong:
        first = wrong[0]
        yours = placed.get(first, "nowhere")
        more = f" ({len(wrong)} steps are misplaced; this is the first.)" if len(wrong) > 1 else ""
        raise Incorrect(
            f"You put step {first} ({PROPOSED_STEPS[first]}) {yours}, but it belongs "
            f"{_where(first)}: {WHY[first]}.{more}"
        )
    return (
        "Facts in the cleaning (a, c, e), everything learned from data in the pipeline (b, d, g), "
        "and no guesses (f) or thrown-away rows (h) anywhere. That is the line clean_loans and "
        "make_preprocessor draw."
    )


q1 = Exercise(
    answers=("n_duplicates",),
    title="count the duplicate applications",
    checker=_check_duplicates,
    hint_text=(
        "DataFrame.duplicated() marks with True each row that repeats an earlier one. How do "
        "you count the Trues of a Series?"
    ),
    how_to_start="Set n_duplicates to the number of extra copies in raw.",
)
q2 = Exercise(
    answers=("income_must_be_positive",),
    title="write a validation rule",
    checker=_check_rule,
    hint_text=(
        "Look at age_is_impossible above: a comparison of a whole column gives one True/False "
        "per row. Which comparison of the income column with 0 is True exactly when the rule "
        "is broken? And what does a comparison with a missing value (NaN) give?"
    ),
    how_to_start="Define a function income_must_be_positive(df) returning a boolean Series.",
)
q3 = Exercise(
    answers=("approve_all_cost",),
    title="the cost of approving everyone",
    checker=_check_cost,
    hint_text=(
        "Approving everyone is wrong for every applicant who would not repay (repaid is 0), and "
        "right for the others. What share of applications is that, and what does each such "
        "mistake cost in the matrix?"
    ),
    how_to_start="Set approve_all_cost to the expected cost per application of approving all.",
)
q4 = Exercise(
    answers=("in_cleaning", "in_pipeline"),
    title="cleaning or pipeline?",
    checker=_check_cleaning_or_pipeline,
    hint_text=(
        "For each step ask two questions. Does it need a number or a list computed from the "
        "rows (a median, a mean, the districts seen)? Then the training rows must be the only "
        "ones it learns from. Is it a guess at a value nobody knows? Then it belongs nowhere."
    ),
    how_to_start=(
        "Set in_cleaning and in_pipeline to lists of step letters, e.g. ['a', 'b']; leave out "
        "the steps that belong nowhere."
    ),
)

bind_exercises(globals(), NOTEBOOK)
