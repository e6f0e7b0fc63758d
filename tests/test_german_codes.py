"""The German credit labels are Grömping's, verified row by row against her corrected data.

``tools/groemping/`` holds the corrected South German Credit data (``SouthGermanCredit.asc``)
and its code table (``codetable.txt``), as published with Grömping (2019). The course's file
keeps UCI's rows and codes; these tests match the two files row by row and check that every
label in ``data/german_credit.csv`` is the one her code table gives for the matching level.
"""

import importlib.util
import re
from pathlib import Path

import pandas as pd
import pytest

from coursekit import load_german_credit
from coursekit.data import sha256_of

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tools" / "groemping"
KEY = ("duration_months", "credit_amount", "age_years")
GROEMPING_KEY = ("laufzeit", "hoehe", "alter")

# Rows whose value differs between the two files although the codes correspond (see the card).
DOCUMENTED_DISAGREEMENTS = {"other_installment_plans": 34, "housing": 1, "foreign_worker": 10}
# What the card states about the two reference files.
REFERENCE_SHA256 = {
    "SouthGermanCredit.asc": "921fdae321892628147363b74d675d0f9b2fc940e8989064a771b693622313b6",
    "codetable.txt": "bb9bab3f2622e0144d323d5a70699fd794d1470ec5d998987f51f7da52679efc",
}


def _load_make_script():
    spec = importlib.util.spec_from_file_location(
        "make_german_credit", ROOT / "tools" / "make_german_credit.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make = _load_make_script()


def _code_table() -> dict[str, dict[int, str]]:
    """Grömping's codetable.txt as {variable: {level code: label}}."""
    table: dict[str, dict[int, str]] = {}
    current = None
    for line in (REFERENCE / "codetable.txt").read_text(encoding="utf-8").splitlines():
        header = re.match(r"^\$`(\w+) = \w+`", line)
        if header:
            current = table.setdefault(header.group(1), {})
            continue
        level = re.match(r"^\s*(\d+)\s*:\s*(.+?)\s*$", line)
        if level and current is not None:
            current[int(level.group(1))] = level.group(2)
    return table


@pytest.fixture(scope="module")
def matched() -> pd.DataFrame:
    """The course's rows beside Grömping's, for rows whose key is unique in both files."""
    ours = load_german_credit()
    theirs = pd.read_csv(REFERENCE / "SouthGermanCredit.asc", sep=r"\s+")
    ours_key = pd.Series(list(zip(*(ours[c] for c in KEY), strict=True)), index=ours.index)
    theirs_key = pd.Series(
        list(zip(*(theirs[c] for c in GROEMPING_KEY), strict=True)), index=theirs.index
    )
    unique = set(ours_key[~ours_key.duplicated(keep=False)]) & set(
        theirs_key[~theirs_key.duplicated(keep=False)]
    )
    left = ours[ours_key.isin(unique)].assign(key=ours_key)
    right = theirs[theirs_key.isin(unique)].add_prefix("g_").assign(key=theirs_key)
    return left.merge(right, on="key", validate="one_to_one")


def test_reference_files_are_the_ones_the_card_describes():
    for name, digest in REFERENCE_SHA256.items():
        assert sha256_of(REFERENCE / name) == digest, name
    card = (ROOT / "data" / "german_credit.md").read_text(encoding="utf-8")
    for digest in REFERENCE_SHA256.values():
        assert digest in card


def test_990_rows_match_one_to_one(matched):
    assert len(matched) == 990
    # the match is right: duration, amount and age agree by construction; the label too
    agree = (matched["credit_risk"] == "good") == (matched["g_kredit"] == 1)
    assert agree.all()


@pytest.mark.parametrize("column", sorted(make.CORRECTED))
def test_each_code_carries_the_label_of_its_groemping_level(matched, column):
    variable, levels = make.CORRECTED[column]
    code_table = _code_table()[variable]
    label_to_level = {label: level for level, label in levels.values()}
    for level, label in levels.values():
        if level in code_table:
            assert make.corrected_label(code_table[level]) == label, (column, level)
    observed = matched[column].map(label_to_level)
    crossed = pd.crosstab(observed, matched[f"g_{variable}"])
    # every course label corresponds to the Grömping level that most of its rows carry
    assert (crossed.idxmax(axis=1) == crossed.index).all(), crossed
    disagreeing = int((observed != matched[f"g_{variable}"]).sum())
    assert disagreeing == DOCUMENTED_DISAGREEMENTS.get(column, 0), crossed


@pytest.mark.parametrize("column", sorted(make.INTEGER_CODES))
def test_each_integer_code_has_the_meaning_the_card_gives(matched, column):
    variable, levels = make.INTEGER_CODES[column]
    code_table = _code_table()[variable]
    for level, label in levels.values():
        assert make.corrected_label(code_table[level]) == label
    observed = matched[column].map({value: level for value, (level, _) in levels.items()})
    assert (observed == matched[f"g_{variable}"]).all()


def test_the_file_uses_only_the_corrected_labels():
    credit = load_german_credit()
    for column, (_, levels) in make.CORRECTED.items():
        assert set(credit[column]) <= {label for _, label in levels.values()}, column


def test_ucis_critical_account_is_the_group_with_the_fewest_bad_credits():
    """The puzzle notebook 11 gives its domain expert: solved by the corrected label."""
    credit = load_german_credit()
    bad = credit.assign(bad=credit["credit_risk"] == "bad").groupby("credit_history")["bad"].mean()
    assert bad.idxmin() == make.CORRECTED["credit_history"][1]["A34"][1]
    assert make.UCI_CODE_TABLE["credit_history"]["A34"].startswith("critical account")
