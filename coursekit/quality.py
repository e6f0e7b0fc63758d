"""Data quality as code for the loan applications: validation rules and the cleaning steps.

Notebook 02 builds these steps one at a time; this module packages them so that every later
use (tests, the production batch of notebook 10) applies exactly the same rules.

* :func:`validate` runs every rule and reports how many rows break it.
* :func:`clean_loans` repairs what can be repaired *as a matter of fact* (duplicates, spelling,
  a percentage typed where a fraction belongs, a stray minus sign) and marks what cannot (an
  impossible age) as missing. Filling in missing values is left to the model's pipeline, where
  it is learned from the training data only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from coursekit.data import LOANS_COLUMNS, LOANS_SCHEMA
from coursekit.synth import DEFAULT_N, HOME_EFFECT, PURPOSES, make_raw
from coursekit.validation import require_columns

HOME_OWNERSHIP = tuple(HOME_EFFECT)  # rent, mortgage, own
AGE_RANGE = (18, 120)


@dataclass(frozen=True)
class Rule:
    """One validation rule: ``violations(frame)`` marks the rows that break it."""

    name: str
    description: str
    columns: tuple[str, ...]
    violations: Callable[[pd.DataFrame], pd.Series]


def _misspelled(column: str, allowed: tuple[str, ...]) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda df: df[column].notna() & ~df[column].isin(allowed)


LOAN_RULES: tuple[Rule, ...] = (
    Rule("duplicate_rows", "an exact copy of an earlier row", (),
         lambda df: df.duplicated()),
    Rule("missing_income", "income is empty", ("income",), lambda df: df["income"].isna()),
    Rule("missing_employment_years", "employment_years is empty", ("employment_years",),
         lambda df: df["employment_years"].isna()),
    Rule("missing_home_ownership", "home_ownership is empty", ("home_ownership",),
         lambda df: df["home_ownership"].isna()),
    Rule("impossible_age", f"age outside {AGE_RANGE[0]}–{AGE_RANGE[1]}", ("age",),
         lambda df: df["age"].notna() & ~df["age"].between(*AGE_RANGE)),
    Rule("negative_income", "income below zero", ("income",), lambda df: df["income"] < 0),
    Rule("debt_to_income_as_percent", "debt_to_income above 1 (typed as a percentage)",
         ("debt_to_income",), lambda df: df["debt_to_income"] > 1),
    Rule("purpose_spelling_variants", "purpose not spelled as one of the known purposes",
         ("purpose",), _misspelled("purpose", PURPOSES)),
    Rule("home_ownership_spelling_variants", "home_ownership not one of rent/mortgage/own",
         ("home_ownership",), _misspelled("home_ownership", HOME_OWNERSHIP)),
)  # fmt: skip


def validate(frame: pd.DataFrame, rules: tuple[Rule, ...] = LOAN_RULES) -> pd.DataFrame:
    """Run every rule on ``frame``; one row per rule with the number of rows that break it.

    Returns
    -------
    DataFrame indexed by rule name with columns ``description``, ``rows`` (count) and
    ``example_ids`` (up to three ``application_id`` values, to look at by hand).
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"validate needs a pandas DataFrame, got {type(frame).__name__}.")
    report = []
    for rule in rules:
        require_columns(
            frame,
            rule.columns,
            f"Rule '{rule.name}'",
            "Pass the loan applications as loaded by coursekit.load_loans(raw=True).",
        )
        broken = rule.violations(frame).fillna(False).astype(bool)
        ids = (
            frame.loc[broken, "application_id"].head(3).tolist()
            if "application_id" in frame
            else []
        )
        report.append(
            {"rule": rule.name, "description": rule.description, "rows": int(broken.sum()),
             "example_ids": ids}
        )  # fmt: skip
    return pd.DataFrame(report).set_index("rule")


def normalise_category(values: pd.Series) -> pd.Series:
    """``" Debt Consolidation"`` → ``"debt_consolidation"``: trim, lower case, spaces to ``_``."""
    return values.str.strip().str.lower().str.replace(" ", "_", regex=False)


def clean_loans(raw: pd.DataFrame) -> pd.DataFrame:
    """Repair the raw applications; return a frame with the clean file's columns and types.

    Steps, each a fact about the data rather than a guess:

    1. drop exact duplicate rows;
    2. normalise the spelling of ``purpose`` and ``home_ownership``;
    3. divide ``debt_to_income`` above 1 by 100 (a percentage typed as a fraction);
    4. drop the minus sign of a negative ``income`` (a typing slip);
    5. mark an impossible ``age`` as missing (the true age cannot be known).

    Missing values stay missing: impute them inside the model's pipeline.
    """
    require_columns(raw, LOANS_COLUMNS, "clean_loans", "Pass coursekit.load_loans(raw=True).")
    clean = raw.drop_duplicates().copy()
    for column in ("purpose", "home_ownership"):
        clean[column] = normalise_category(clean[column])
    as_percent = clean["debt_to_income"] > 1
    clean.loc[as_percent, "debt_to_income"] = (clean.loc[as_percent, "debt_to_income"] / 100).round(
        3
    )
    clean["income"] = clean["income"].abs()
    clean["age"] = clean["age"].where(clean["age"].between(*AGE_RANGE), np.nan)
    clean = clean.sort_values("application_id").reset_index(drop=True)
    return clean.loc[:, list(LOANS_SCHEMA)]


def through_intake(applications: pd.DataFrame, seed: int) -> pd.DataFrame:
    """New applications as the team's pipeline receives them: the raw extract's kinds of
    problems planted at its rates (:func:`coursekit.synth.make_raw`), then :func:`clean_loans`.

    The gate set and the production batches of notebook 10 pass through it, so that they have
    gaps like the data the model was trained on: a model trained on the prepared data and
    judged on gap-free applications would be judged on data it never meets. ``applications``
    needs the loans' columns; the duplicates planted are removed again, so the result has one
    row per application.
    """
    require_columns(
        applications, LOANS_COLUMNS, "through_intake", "Pass applications from generate_loans()."
    )
    raw = make_raw(applications, seed=seed, scale=len(applications) / DEFAULT_N)
    return clean_loans(raw)
