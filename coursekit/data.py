"""Loaders for the course's data sets, with schema and checksum checks.

Every loader finds ``data/`` itself (see :mod:`coursekit.paths`), so the same call works from
``notebooks/``, ``solutions/``, the repository root and the tests. The sha256 each file must
have is read from the ``sha256:`` line of its data card (``data/<name>.md``), so the card is the
one place that records it.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pandas as pd

from coursekit.paths import data_dir
from coursekit.validation import MissingColumnsError, require_columns

# Column -> kind ("number" or "text"), in file order: the schema the loaders enforce.
LOANS_SCHEMA = {
    "application_id": "number",
    "group": "text",
    "district": "text",
    "age": "number",
    "income": "number",
    "employment_years": "number",
    "debt_to_income": "number",
    "credit_history_years": "number",
    "late_payments": "number",
    "loan_amount": "number",
    "purpose": "text",
    "home_ownership": "text",
    "repaid": "number",
    "approved": "number",
}
GERMAN_SCHEMA = {
    "checking_status": "text",
    "duration_months": "number",
    "credit_history": "text",
    "purpose": "text",
    "credit_amount": "number",
    "savings_status": "text",
    "employment_since": "text",
    "installment_rate_code": "number",
    "personal_status_sex": "text",
    "other_debtors": "text",
    "residence_since": "number",
    "property": "text",
    "age_years": "number",
    "other_installment_plans": "text",
    "housing": "text",
    "existing_credits": "number",
    "job": "text",
    "num_dependents": "number",
    "telephone": "text",
    "foreign_worker": "text",
    "credit_risk": "text",
}
LOANS_COLUMNS = tuple(LOANS_SCHEMA)
GERMAN_COLUMNS = tuple(GERMAN_SCHEMA)


def _numeric(schema: dict[str, str]) -> tuple[str, ...]:
    return tuple(column for column, kind in schema.items() if kind == "number")


RESTORE_HINT = (
    "Restore the committed file with `git checkout -- data/{name}`{regenerate} and run again."
)


class DataFileError(RuntimeError):
    """A course data file is missing, altered or does not have the expected columns."""


def load_loans(raw: bool = False) -> pd.DataFrame:
    """Load the synthetic loan applications.

    Parameters
    ----------
    raw : if True, load ``loans_raw.csv``, the same applications with the planted quality
        problems of notebook 02 (missing values, duplicates, impossible values, inconsistent
        spellings); numeric columns are then only checked to exist.

    Returns
    -------
    DataFrame, one row per application (see ``data/loans.md``).

    Examples
    --------
    >>> loans = load_loans()
    >>> loans.shape
    (5000, 14)
    """
    if not isinstance(raw, bool):
        raise TypeError(f"raw must be True or False, got {raw!r}.")
    name = "loans_raw.csv" if raw else "loans.csv"
    regenerate = " or regenerate it with `python -m coursekit.synth`"
    frame = _read_checked(name, regenerate)
    _check_columns(frame, name, LOANS_COLUMNS, regenerate)
    if not raw:
        _check_numeric(frame, name, _numeric(LOANS_SCHEMA), regenerate)
        _check_no_missing(frame, name, regenerate)
    return frame


def load_prepared_loans() -> pd.DataFrame:
    """The applications as notebook 02 prepares them: ``clean_loans(load_loans(raw=True))``.

    This is the table the course trains and evaluates on from notebook 03 on, as a real team
    would: the raw extract with every repair that is a fact, and its gaps (312 rows with a
    missing age, income, employment length or home ownership) left for the pipeline's imputer.
    ``load_loans()``, the generator's gap-free file, is the answer key notebook 02 checks the
    repairs against; no real team has one.
    """
    from coursekit.quality import clean_loans  # here, not at the top: quality imports this module

    return clean_loans(load_loans(raw=True))


def load_german_credit() -> pd.DataFrame:
    """Load the UCI Statlog German Credit data, decoded to readable labels.

    Returns
    -------
    DataFrame of 1000 rows and 21 columns; ``credit_risk`` is "good" or "bad" (see
    ``data/german_credit.md`` for the caveats of this data set).
    """
    name = "german_credit.csv"
    regenerate = ""
    frame = _read_checked(name, regenerate)
    _check_columns(frame, name, GERMAN_COLUMNS, regenerate)
    _check_numeric(frame, name, _numeric(GERMAN_SCHEMA), regenerate)
    return frame


def expected_sha256(name: str) -> str:
    """The sha256 that ``name`` must have, as recorded in its data card.

    ``loans_raw.csv`` is documented in ``loans.md`` on a line ``sha256_raw: <hex>``; every
    other file ``<stem>.csv`` in ``<stem>.md`` on a line ``sha256: <hex>``.
    """
    key = "sha256_raw" if name == "loans_raw.csv" else "sha256"
    card = _card_path(name)
    if not card.is_file():
        raise DataFileError(
            f"The data card {card.name} for {name} is missing from {card.parent}. "
            f"Restore it with `git checkout -- data/{card.name}`."
        )
    pattern = re.compile(rf"^{key}:\s*([0-9a-f]{{64}})\s*$", re.MULTILINE)
    match = pattern.search(card.read_text(encoding="utf-8"))
    if match is None:
        raise DataFileError(
            f"The data card {card} has no line `{key}: <64 hex digits>` for {name}; "
            "add the digest printed by `sha256sum` to the card's Checksum section."
        )
    return match.group(1)


def sha256_of(source: bytes | str | os.PathLike) -> str:
    """The hex SHA-256 of ``source``: of the bytes themselves, or of the file at a path.

    The one checksum helper of the course: data files against their cards, the generator's
    output, the gate's model files.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        return hashlib.sha256(source).hexdigest()
    if isinstance(source, str | os.PathLike):
        return hashlib.sha256(Path(source).read_bytes()).hexdigest()
    raise TypeError(f"sha256_of takes bytes or a path, got {type(source).__name__}.")


def _card_path(name: str) -> Path:
    stem = name.removesuffix(".csv")
    # The raw loans share the card of the clean file, which documents both.
    stem = "loans" if stem == "loans_raw" else stem
    return data_dir() / f"{stem}.md"


def _read_checked(name: str, regenerate: str) -> pd.DataFrame:
    path = data_dir() / name
    hint = RESTORE_HINT.format(name=name, regenerate=regenerate)
    if not path.is_file():
        raise DataFileError(f"The data file {name} was not found in {path.parent}. {hint}")
    expected = expected_sha256(name)
    actual = sha256_of(path)
    if actual != expected:
        raise DataFileError(
            f"{name} has changed: its sha256 is {actual[:12]}…, but its data card records "
            f"{expected[:12]}…. Results would not match the course. {hint}"
        )
    return pd.read_csv(path)


def _check_columns(
    frame: pd.DataFrame, name: str, expected: tuple[str, ...], regenerate: str
) -> None:
    """The file's columns are exactly its card's: none missing (require_columns), none extra."""
    hint = RESTORE_HINT.format(name=name, regenerate=regenerate)
    try:
        require_columns(frame, expected, name)
    except MissingColumnsError as error:
        raise DataFileError(f"{error} {hint}") from None
    extra = sorted(set(frame.columns) - set(expected))
    if extra:
        raise DataFileError(f"{name} has columns its data card does not list: {extra}. {hint}")


def _check_numeric(
    frame: pd.DataFrame, name: str, columns: tuple[str, ...], regenerate: str
) -> None:
    wrong = [c for c in columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if wrong:
        raise DataFileError(
            f"{name}: column(s) {wrong} should be numeric but hold text. "
            f"{RESTORE_HINT.format(name=name, regenerate=regenerate)}"
        )


def _check_no_missing(frame: pd.DataFrame, name: str, regenerate: str) -> None:
    gaps = frame.isna().sum()
    gaps = gaps[gaps > 0]
    if not gaps.empty:
        raise DataFileError(
            f"{name} should have no missing values but has {gaps.to_dict()}. "
            f"{RESTORE_HINT.format(name=name, regenerate=regenerate)}"
        )
