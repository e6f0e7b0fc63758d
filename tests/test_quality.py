"""Validation rules find exactly the planted problems; cleaning recovers the clean file."""

import pandas as pd
import pytest

from coursekit import load_loans
from coursekit.data import LOANS_COLUMNS
from coursekit.quality import LOAN_RULES, clean_loans, normalise_category, through_intake, validate
from coursekit.synth import RAW_PROBLEMS, generate_loans, make_raw


@pytest.fixture(scope="module")
def raw():
    return load_loans(raw=True)


@pytest.fixture(scope="module")
def clean():
    return load_loans()


def test_validation_finds_exactly_the_documented_problems(raw):
    assert validate(raw)["rows"].to_dict() == RAW_PROBLEMS


def test_clean_file_breaks_no_rule(clean):
    assert validate(clean)["rows"].sum() == 0


def test_every_rule_is_a_documented_problem():
    assert [rule.name for rule in LOAN_RULES] == list(RAW_PROBLEMS)


def test_report_gives_example_ids_that_really_break_the_rule(raw):
    report = validate(raw)
    for example in report.loc["negative_income", "example_ids"]:
        assert raw.loc[raw["application_id"] == example, "income"].lt(0).any()


def test_validate_names_the_missing_column(clean):
    with pytest.raises(ValueError, match=r"impossible_age.*\['age'\]"):
        validate(clean.drop(columns="age"))


def test_validate_refuses_non_frames():
    with pytest.raises(TypeError, match="DataFrame"):
        validate([1, 2, 3])


def test_cleaning_keeps_one_row_per_application_and_the_schema(raw):
    cleaned = clean_loans(raw)
    assert list(cleaned.columns) == list(LOANS_COLUMNS)
    assert cleaned["application_id"].is_unique and len(cleaned) == 5000
    assert validate(cleaned.dropna())["rows"].sum() == 0


def test_cleaning_recovers_the_true_values_of_every_complete_row(raw, clean):
    cleaned = clean_loans(raw).dropna()
    expected = clean.set_index("application_id").loc[cleaned["application_id"]]
    pd.testing.assert_frame_equal(cleaned.set_index("application_id"), expected, check_dtype=False)
    incomplete = sum(RAW_PROBLEMS[k] for k in RAW_PROBLEMS if k.startswith("missing_"))
    assert len(cleaned) == 5000 - incomplete - RAW_PROBLEMS["impossible_age"]


def test_cleaning_leaves_gaps_for_the_pipeline_to_fill(raw):
    gaps = clean_loans(raw).isna().sum()
    assert gaps["age"] == RAW_PROBLEMS["impossible_age"]
    assert gaps["income"] == RAW_PROBLEMS["missing_income"]


def test_cleaning_does_not_modify_its_input(raw):
    before = raw.copy()
    clean_loans(raw)
    pd.testing.assert_frame_equal(raw, before)


def test_cleaning_names_missing_columns(raw):
    with pytest.raises(ValueError, match="purpose"):
        clean_loans(raw.drop(columns="purpose"))


def test_normalise_category_handles_every_planted_spelling():
    spelled = pd.Series([" Debt Consolidation", "CAR ", "Home_Improvement", "own"])
    assert normalise_category(spelled).tolist() == [
        "debt_consolidation",
        "car",
        "home_improvement",
        "own",
    ]


def test_through_intake_gives_gaps_at_the_extracts_rates_and_one_row_per_application():
    applications = generate_loans(n=2000, seed=7)
    received = through_intake(applications, seed=8)
    assert len(received) == 2000 and received["application_id"].is_unique
    gaps = received.isna().sum()
    for column, problem in [
        ("income", "missing_income"),
        ("employment_years", "missing_employment_years"),
        ("home_ownership", "missing_home_ownership"),
    ]:
        assert gaps[column] == round(RAW_PROBLEMS[problem] * 2000 / 5000), column
    assert gaps["age"] == round(RAW_PROBLEMS["impossible_age"] * 2000 / 5000)
    report = validate(received)
    repaired = report.drop(
        [f"missing_{c}" for c in ("income", "employment_years", "home_ownership")]
    )
    assert (repaired["rows"] == 0).all(), "every problem but a gap is repaired by the intake"


def test_make_raw_scale_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        make_raw(generate_loans(n=2000, seed=7), scale=0)
