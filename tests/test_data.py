"""The data files: reproducible from the generator, bias as documented, loaders strict."""

import re

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from coursekit import DataFileError, load_german_credit, load_loans
from coursekit.data import LOANS_COLUMNS, expected_sha256, sha256_of
from coursekit.features import CATEGORICAL_FEATURES, FEATURES, make_preprocessor
from coursekit.paths import data_dir
from coursekit.synth import (
    PURPOSES,
    RAW_PROBLEMS,
    LoanParameters,
    generate_loans,
    injected_bias,
    make_raw,
    to_csv_bytes,
)


@pytest.fixture(scope="module")
def loans():
    return load_loans()


def rate_gap(values: pd.Series, group: pd.Series) -> float:
    rates = values.groupby(group).mean()
    return float(rates["A"] - rates["B"])


# --- reproducibility -------------------------------------------------------------------


def test_generator_reproduces_committed_clean_file_byte_for_byte():
    assert to_csv_bytes(generate_loans()) == (data_dir() / "loans.csv").read_bytes()


def test_generator_reproduces_committed_raw_file_byte_for_byte():
    raw = make_raw(generate_loans())
    assert to_csv_bytes(raw) == (data_dir() / "loans_raw.csv").read_bytes()


def test_data_cards_record_the_committed_checksums():
    for name in ("loans.csv", "loans_raw.csv", "german_credit.csv"):
        assert expected_sha256(name) == sha256_of(data_dir() / name), name


def test_different_seed_gives_different_applicants():
    a, b = generate_loans(n=500, seed=1), generate_loans(n=500, seed=2)
    assert not a.equals(b)


# --- the documented bias ---------------------------------------------------------------


def test_approval_gap_is_at_least_8_points(loans):
    assert rate_gap(loans["approved"], loans["group"]) >= 0.08


def test_repaid_gap_is_at_most_3_points(loans):
    assert abs(rate_gap(loans["repaid"], loans["group"])) <= 0.03


def test_group_b_is_the_minority(loans):
    share_b = (loans["group"] == "B").mean()
    assert 0.2 < share_b < 0.4


def test_model_without_group_still_shows_a_gap_through_district(loans):
    """Trained without `group`, the model still selects group B less, and `district` is why."""

    def selection_gap(features):
        categorical = [c for c in CATEGORICAL_FEATURES if c in features]
        numeric = [c for c in features if c not in categorical]
        model = make_pipeline(
            make_preprocessor(numeric, categorical), LogisticRegression(max_iter=1000)
        )
        model.fit(loans[features], loans["approved"])
        return rate_gap(pd.Series(model.predict(loans[features])), loans["group"])

    assert "group" not in FEATURES
    with_district = selection_gap(FEATURES)
    without_district = selection_gap([f for f in FEATURES if f != "district"])
    assert with_district >= 0.08
    assert with_district - without_district >= 0.05


def test_without_penalty_the_approval_gap_nearly_vanishes():
    unbiased = generate_loans(bias_strength=0.0)
    assert abs(rate_gap(unbiased["approved"], unbiased["group"])) <= 0.04


def test_injected_bias_ground_truth_matches_the_data_card(loans):
    truth = injected_bias()
    assert truth["approval_rate_B_with_penalty"] == pytest.approx(
        loans.loc[loans["group"] == "B", "approved"].mean()
    )
    card = (data_dir() / "loans.md").read_text(encoding="utf-8")
    points = f"{100 * truth['approval_points_lost_by_B']:.1f} approval points lost"
    assert points in card


def test_repaid_ignores_group_and_district():
    """Changing group and district alone does not change `repaid` (same seed, same draws)."""
    base = generate_loans(n=2000, seed=5)
    no_proxy = generate_loans(n=2000, seed=5, proxy_strength=0.0)
    # proxy_strength changes districts but no credit feature, so repaid is identical
    assert (base["district"] != no_proxy["district"]).any()
    assert base["repaid"].equals(no_proxy["repaid"])


@pytest.mark.parametrize(
    "setting, value",
    [
        ("n", 10),
        ("n", 2.5),
        ("bias_strength", -1),
        ("proxy_strength", 1.5),
        ("group_share", 0.5),
        ("group_share", 0),
        ("seed", "abc"),
    ],
)
def test_generator_rejects_bad_settings_naming_them(setting, value):
    with pytest.raises(ValueError, match=setting):
        LoanParameters(**{setting: value})


def test_generator_rejects_unknown_setting():
    with pytest.raises(TypeError, match="bias_strenght"):
        generate_loans(bias_strenght=1.0)


# --- the raw file's planted problems ---------------------------------------------------


@pytest.fixture(scope="module")
def raw():
    return load_loans(raw=True)


def test_raw_has_exactly_the_documented_duplicates(raw):
    assert raw.duplicated().sum() == RAW_PROBLEMS["duplicate_rows"]
    assert len(raw) == 5000 + RAW_PROBLEMS["duplicate_rows"]


def test_raw_has_exactly_the_documented_problems(raw):
    unique = raw.drop_duplicates()
    assert unique["income"].isna().sum() == RAW_PROBLEMS["missing_income"]
    assert unique["employment_years"].isna().sum() == RAW_PROBLEMS["missing_employment_years"]
    assert unique["home_ownership"].isna().sum() == RAW_PROBLEMS["missing_home_ownership"]
    assert (~unique["age"].between(18, 120)).sum() == RAW_PROBLEMS["impossible_age"]
    assert (unique["income"] < 0).sum() == RAW_PROBLEMS["negative_income"]
    assert (unique["debt_to_income"] > 1).sum() == RAW_PROBLEMS["debt_to_income_as_percent"]
    assert (~unique["purpose"].isin(PURPOSES)).sum() == RAW_PROBLEMS["purpose_spelling_variants"]
    odd_home = unique["home_ownership"].notna() & ~unique["home_ownership"].isin(
        ["rent", "mortgage", "own"]
    )
    assert odd_home.sum() == RAW_PROBLEMS["home_ownership_spelling_variants"]


def test_data_card_table_lists_every_planted_problem():
    card = (data_dir() / "loans.md").read_text(encoding="utf-8")
    for count in RAW_PROBLEMS.values():
        assert re.search(rf"\| {count} \|", card), count


# --- loaders ---------------------------------------------------------------------------


def test_loaders_work_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_loans().shape == (5000, len(LOANS_COLUMNS))
    assert load_german_credit().shape == (1000, 21)


def test_german_credit_has_the_uci_class_balance():
    counts = load_german_credit()["credit_risk"].value_counts().to_dict()
    assert counts == {"good": 700, "bad": 300}


def test_missing_file_names_the_file_and_the_fix(data_copy):
    (data_copy / "loans.csv").unlink()
    with pytest.raises(DataFileError, match=r"loans\.csv was not found.*git checkout"):
        load_loans()


def test_altered_file_is_rejected_by_checksum(data_copy):
    path = data_copy / "german_credit.csv"
    path.write_bytes(path.read_bytes().replace(b"good", b"gooo", 1))
    with pytest.raises(DataFileError, match=r"german_credit\.csv has changed"):
        load_german_credit()


def test_wrong_schema_names_the_missing_column(data_copy):
    frame = pd.read_csv(data_copy / "loans.csv").drop(columns="income")
    _replace_with_matching_card(data_copy, "loans.csv", frame, key="sha256")
    with pytest.raises(
        DataFileError, match=r"needs the column\(s\) \['income'\], which the table lacks"
    ):
        load_loans()


def test_text_in_a_numeric_column_is_rejected(data_copy):
    frame = pd.read_csv(data_copy / "loans.csv")
    frame["age"] = frame["age"].astype(str) + " years"
    _replace_with_matching_card(data_copy, "loans.csv", frame, key="sha256")
    with pytest.raises(DataFileError, match=r"\['age'\] should be numeric"):
        load_loans()


def test_missing_values_in_the_clean_file_are_rejected(data_copy):
    frame = pd.read_csv(data_copy / "loans.csv")
    frame.loc[3, "loan_amount"] = np.nan
    _replace_with_matching_card(data_copy, "loans.csv", frame, key="sha256")
    with pytest.raises(DataFileError, match="missing values"):
        load_loans()


def test_card_without_checksum_line_is_explained(data_copy):
    card = data_copy / "german_credit.md"
    card.write_text(re.sub(r"(?m)^sha256:.*$", "", card.read_text(encoding="utf-8")))
    with pytest.raises(DataFileError, match="has no line `sha256"):
        load_german_credit()


def test_raw_must_be_a_bool():
    with pytest.raises(TypeError, match="raw must be True or False"):
        load_loans(raw="yes")


def _replace_with_matching_card(folder, name, frame, key):
    data = to_csv_bytes(frame)
    (folder / name).write_bytes(data)
    card = folder / "loans.md"
    text = card.read_text(encoding="utf-8")
    digest = __import__("hashlib").sha256(data).hexdigest()
    card.write_text(re.sub(rf"(?m)^{key}:.*$", f"{key}: {digest}", text), encoding="utf-8")
