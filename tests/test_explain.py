"""The shared pieces of notebooks 07 and 08: right answers on known cases, clear errors."""

import itertools
import math
import re

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer

from coursekit import load_prepared_loans
from coursekit.explain import (
    EXPLAINED_MODEL,
    NEVER_A_REASON,
    REASON_TEXT,
    LabelCodec,
    approved_reference,
    by_feature,
    complete_rows,
    explanation_sample,
    fit_explained_models,
    input_features,
    letter_contributions,
    lime_weights,
    linear_shap_values,
    model_inputs,
    pick_rejected,
    reason_codes,
    reason_sentence,
)
from coursekit.features import CATEGORICAL_FEATURES, FEATURES, make_preprocessor, split_loans
from coursekit.modeling import CHOSEN_MODEL


@pytest.fixture(scope="module")
def split():
    return split_loans(load_prepared_loans())


@pytest.fixture(scope="module")
def models(split):
    X_train, _, y_train, _ = split
    return fit_explained_models(X_train, y_train)


# --- models, applicants, inputs -------------------------------------------------------------


def test_fit_explained_models_fits_the_two_named_pipelines(models, split):
    assert list(models) == [EXPLAINED_MODEL, CHOSEN_MODEL]
    _, X_test, _, _ = split
    for pipeline in models.values():
        assert pipeline.predict_proba(X_test.head(3)).shape == (3, 2)


@pytest.mark.parametrize(
    "X, y, error, message",
    [
        (pd.DataFrame({"income": [1, 2]}), [0, 1], ValueError, r"needs the column\(s\) \['age'"),
        ("not a table", [0, 1], TypeError, "needs a pandas DataFrame, got str"),
    ],
)
def test_fit_explained_models_refuses_tables_without_the_features(X, y, error, message):
    with pytest.raises(error, match=message):
        fit_explained_models(X, y)


def test_fit_explained_models_refuses_mismatched_lengths(split):
    X_train, _, y_train, _ = split
    with pytest.raises(ValueError, match="same split"):
        fit_explained_models(X_train, y_train.iloc[:10])


def test_explanation_sample_is_seeded_sized_and_keeps_the_order(split):
    _, X_test, _, _ = split
    first, second = explanation_sample(X_test), explanation_sample(X_test)
    assert len(first) == 300
    assert first.index.equals(second.index)
    assert first.index.is_unique
    positions = X_test.index.get_indexer(first.index)
    assert (np.diff(positions) > 0).all(), "rows keep their order in X"
    assert not explanation_sample(X_test, random_state=1).index.equals(first.index)


@pytest.mark.parametrize("n", [0, 1001, 2.5, True])
def test_explanation_sample_refuses_impossible_sizes(split, n):
    with pytest.raises(ValueError, match="between 1 and"):
        explanation_sample(split[1], n=n)


def test_explanation_sample_wants_a_dataframe():
    with pytest.raises(TypeError, match="DataFrame"):
        explanation_sample(np.zeros((10, 3)), n=2)


def test_input_features_map_every_input_back_to_its_loan_feature(models):
    inputs = input_features(models[EXPLAINED_MODEL])
    assert len(inputs) == 26  # 7 numbers, 3 'was missing' columns, 16 categories
    assert list(inputs.index) == list(models[EXPLAINED_MODEL][:-1].get_feature_names_out())
    assert inputs.loc["numeric__income"].tolist() == ["income", "", "income"]
    assert inputs.loc["categorical__home_ownership_rent"].tolist() == [
        "home_ownership",
        "rent",
        "home_ownership = rent",
    ]
    # a category whose name holds underscores, in a feature whose name holds one too
    assert inputs.loc["categorical__purpose_debt_consolidation", "feature"] == "purpose"
    assert (inputs["feature"] == "district").sum() == 6
    assert set(inputs["feature"]) == set(FEATURES)
    # the imputer's indicators belong to their feature, after its value
    assert inputs.loc["numeric__missingindicator_income"].tolist() == [
        "income",
        "missing",
        "income missing",
    ]
    assert inputs.loc["categorical__home_ownership_missing", "label"] == "home_ownership = missing"


def test_input_features_accepts_the_column_transformer_itself(models):
    preprocessor = models[EXPLAINED_MODEL].named_steps["preprocess"]
    assert isinstance(preprocessor, ColumnTransformer)
    assert input_features(preprocessor).equals(input_features(models[EXPLAINED_MODEL]))


def test_input_features_refuses_unfitted_and_foreign_objects():
    with pytest.raises(ValueError, match="not fitted"):
        input_features(make_preprocessor())
    with pytest.raises(TypeError, match="course pipeline"):
        input_features("a model")


def test_model_inputs_are_named_and_keep_the_index(models, split):
    _, X_test, _, _ = split
    few = X_test.head(5)
    table = model_inputs(models[CHOSEN_MODEL], few)
    assert table.shape == (5, 26)
    assert table.index.equals(few.index)
    assert list(table.columns) == list(input_features(models[CHOSEN_MODEL]).index)
    district_columns = [c for c in table.columns if "district_" in c]
    assert (table[district_columns].sum(axis=1) == 1).all(), "one district per applicant"
    with pytest.raises(TypeError, match="Pipeline"):
        model_inputs(models[CHOSEN_MODEL][-1], few)


# --- summing one-hot columns ----------------------------------------------------------------


def test_by_feature_sums_the_columns_of_each_feature(models):
    inputs = input_features(models[EXPLAINED_MODEL])
    values = np.arange(2 * 26, dtype=float).reshape(2, 26)
    summed = by_feature(values, inputs)
    assert list(summed.columns) == FEATURES
    district = inputs["feature"].to_numpy() == "district"
    assert summed["district"].tolist() == values[:, district].sum(axis=1).tolist()
    # income's value and its "was missing" column (input 8) add up to income's share
    assert summed["income"].tolist() == (values[:, 1] + values[:, 8]).tolist()
    assert np.allclose(summed.sum(axis=1), values.sum(axis=1)), "totals are kept"


def test_by_feature_of_one_applicant_is_a_series_and_keeps_index(models):
    inputs = input_features(models[EXPLAINED_MODEL])
    one = by_feature(np.ones(26), inputs)
    assert isinstance(one, pd.Series)
    assert one["district"] == 6 and one["age"] == 2 and one["loan_amount"] == 1  # age has gaps
    frame = pd.DataFrame(np.ones((2, 26)), index=["x", "y"])
    assert list(by_feature(frame, inputs).index) == ["x", "y"]


def test_by_feature_refuses_wrong_shapes_and_tables(models):
    inputs = input_features(models[EXPLAINED_MODEL])
    with pytest.raises(ValueError, match="one column per model input"):
        by_feature(np.ones((3, 10)), inputs)
    with pytest.raises(TypeError, match="input_features"):
        by_feature(np.ones(26), inputs.index)


# --- the rejected applicant -----------------------------------------------------------------


def test_pick_rejected_lowest_and_closest():
    scores = [0.9, 0.1, 0.72, 0.05, 0.73, 0.6]
    assert pick_rejected(scores, threshold=0.73) == 3
    assert pick_rejected(scores, threshold=0.73, rule="closest") == 2  # 0.73 itself is approved
    assert pick_rejected(scores, threshold=0.5, rule="closest") == 1
    # the default is notebook 04's threshold
    assert pick_rejected([0.9, 0.43, 0.44, 0.2], rule="closest") == 1


@pytest.mark.parametrize(
    "scores, options, message",
    [
        ([0.8, 0.9], {}, "No applicant is rejected"),
        ([0.2, 1.3], {}, "between 0 and 1"),
        ([0.2, np.nan], {}, "between 0 and 1"),
        ([], {}, "non-empty"),
        ([[0.1, 0.2]], {}, "1-D"),
        ([0.2], {"threshold": 1.5}, "strictly between"),
        ([0.2], {"rule": "median"}, "'lowest' or 'closest'"),
    ],
)
def test_pick_rejected_refuses_bad_input(scores, options, message):
    with pytest.raises(ValueError, match=message):
        pick_rejected(scores, **options)


# --- exact SHAP values of a linear model ----------------------------------------------------


def _brute_force_shapley(f, x, background):
    """Shapley values by enumerating every coalition; absent inputs come from the background."""
    m = len(x)

    def value(coalition):
        rows = background.copy()
        rows[:, list(coalition)] = x[list(coalition)]
        return f(rows).mean()

    phi = np.zeros(m)
    for j in range(m):
        others = [i for i in range(m) if i != j]
        for size in range(m):
            for coalition in itertools.combinations(others, size):
                weight = math.factorial(size) * math.factorial(m - size - 1) / math.factorial(m)
                phi[j] += weight * (value((*coalition, j)) - value(coalition))
    return phi


def test_linear_shap_values_equal_brute_force_shapley_values():
    rng = np.random.default_rng(0)
    w, b = rng.normal(size=4), 0.3
    background, x = rng.normal(size=(7, 4)), rng.normal(size=4)
    exact = linear_shap_values(w, x, background)
    assert np.allclose(exact, _brute_force_shapley(lambda rows: rows @ w + b, x, background))
    # additivity: the values add up to f(x) minus the background's mean output
    assert exact.sum() == pytest.approx(x @ w - (background @ w).mean())


def test_linear_shap_values_use_background_weights_and_many_rows():
    w = np.array([[2.0, -1.0]])  # LogisticRegression.coef_ has this shape
    background = np.array([[0.0, 0.0], [4.0, 2.0]])
    assert linear_shap_values(w, [1.0, 1.0], background, weights=[3, 1]).tolist() == [0.0, -0.5]
    many = linear_shap_values(w, np.ones((3, 2)), background)
    assert many.shape == (3, 2) and many[0].tolist() == [-2.0, 0.0]


@pytest.mark.parametrize(
    "x, background, weights, message",
    [
        ([1.0, 1.0], np.ones((2, 3)), None, "background must be 2-D"),
        ([1.0, 1.0], np.ones(2), None, "background must be 2-D"),
        ([1.0, 1.0, 1.0], np.ones((2, 2)), None, "X must have one column"),
        ([1.0, 1.0], np.ones((2, 2)), [1.0], "one non-negative weight"),
        ([1.0, 1.0], np.ones((2, 2)), [1.0, -1.0], "one non-negative weight"),
        ([1.0, 1.0], np.ones((2, 2)), [0.0, 0.0], "not all zero"),
    ],
)
def test_linear_shap_values_refuse_bad_shapes(x, background, weights, message):
    with pytest.raises(ValueError, match=message):
        linear_shap_values([1.0, 2.0], x, background, weights)


# --- LIME's view of the table ---------------------------------------------------------------


def test_label_codec_round_trip_and_prediction(models, split):
    X_train, X_test, _, _ = split
    codec = LabelCodec(complete_rows(X_train))
    X_test = complete_rows(X_test)
    encoded = codec.encode(X_test.head(20))
    assert encoded.dtype == float and encoded.shape == (20, len(FEATURES))
    assert codec.categorical_features == [FEATURES.index(c) for c in CATEGORICAL_FEATURES]
    decoded = codec.decode(encoded)
    pd.testing.assert_frame_equal(
        decoded, X_test.head(20)[FEATURES].reset_index(drop=True), check_dtype=False
    )
    predict = codec.predict_fn(models[EXPLAINED_MODEL])
    expected = models[EXPLAINED_MODEL].predict_proba(X_test.head(20))
    assert np.array_equal(predict(encoded), expected)
    assert codec.rows_predicted == 20
    assert codec.categorical_names[FEATURES.index("district")][0] == "Eastfield"


def test_label_codec_refuses_gaps_and_names_the_fix(split):
    X_train, X_test, _, _ = split
    with pytest.raises(ValueError, match=r"row\(s\) have a missing feature.*complete_rows"):
        LabelCodec(X_train)
    codec = LabelCodec(complete_rows(X_train))
    with pytest.raises(ValueError, match="income"):
        codec.encode(X_test[X_test["income"].isna()].head(2))
    assert not complete_rows(X_test)[FEATURES].isna().any().any()
    assert len(complete_rows(X_test)) < len(X_test)


def test_explanation_sample_holds_only_complete_applicants(split):
    assert not explanation_sample(split[1])[FEATURES].isna().any().any()


def test_label_codec_refuses_unknown_categories_and_bad_arrays(split):
    X_train, X_test, _, _ = split
    codec = LabelCodec(complete_rows(X_train))
    X_test = complete_rows(X_test)
    with pytest.raises(ValueError, match="Westbrook"):
        codec.encode(X_test.head(2).assign(district="Westbrook"))
    with pytest.raises(ValueError, match="Expected 10 columns"):
        codec.decode(np.zeros((2, 4)))
    bad = codec.encode(X_test.head(1))
    bad[0, FEATURES.index("purpose")] = 17
    with pytest.raises(ValueError, match="outside"):
        codec.decode(bad)
    with pytest.raises(ValueError, match=r"needs the column\(s\) \['district'\]"):
        LabelCodec(X_train.drop(columns="district"))
    with pytest.raises(TypeError, match="predict_proba"):
        codec.predict_fn("model")


def test_lime_weights_by_name_with_zeros_for_left_out_features():
    weights = lime_weights([(2, -0.5), (0, 0.25)], ["a", "b", "c"])
    assert weights.to_dict() == {"a": 0.25, "b": 0.0, "c": -0.5}
    with pytest.raises(ValueError, match="outside"):
        lime_weights([(3, 1.0)], ["a", "b", "c"])


# --- reason codes ---------------------------------------------------------------------------


APPLICANT = pd.Series(
    {
        "age": 24,
        "income": 19200,
        "employment_years": 3.9,
        "debt_to_income": 0.545,
        "credit_history_years": 6.0,
        "late_payments": 0,
        "loan_amount": 10100,
        "district": "Eastfield",
        "purpose": "car",
        "home_ownership": "rent",
    }
)


def _contributions(**changes):
    values = dict.fromkeys(FEATURES, 0.1)
    values.update(changes)
    return pd.Series(values)


def test_reason_codes_give_the_most_negative_contributions_in_words():
    codes = reason_codes(
        _contributions(income=-1.7, debt_to_income=-1.6, loan_amount=-0.2, purpose=0.5),
        APPLICANT,
    )
    assert codes.features == ("income", "debt_to_income", "loan_amount")
    assert codes.reasons[0] == "Income: 19,200 EUR a year"
    assert codes.reasons[1] == "Existing debt payments: 55% of income"
    assert codes.contributions == (-1.7, -1.6, -0.2)
    assert codes.can_be_sent and codes.flagged == {}
    assert str(codes).startswith("1. Income: 19,200 EUR")


def test_reason_codes_flag_a_proxy_instead_of_dropping_it():
    codes = reason_codes(_contributions(income=-1.7, district=-0.4, age=-0.3), APPLICANT, k=3)
    assert codes.features == ("income", "district", "age")
    assert "Eastfield" in codes.reasons[1]
    assert not codes.can_be_sent
    assert set(codes.flagged) == {"district", "age"}
    assert codes.flagged["district"] == NEVER_A_REASON["district"]
    assert "STOP: 'district'" in str(codes)


def test_reason_codes_only_ever_give_negative_contributions():
    codes = reason_codes(_contributions(income=-0.2), APPLICANT, k=4)
    assert codes.features == ("income",)


def test_every_feature_has_a_reason_text_that_formats():
    assert set(REASON_TEXT) == set(FEATURES)
    for feature in REASON_TEXT:
        assert reason_sentence(feature, APPLICANT)


JUDGEMENTS = r"\b(high|higher|low|lower|short|shorter|long|longer|large|small|too|few|many|only)\b"


def test_no_reason_claims_a_comparison_it_does_not_check():
    """A letter's sentence must be true of its applicant: it states the value, not a verdict."""
    for feature in REASON_TEXT:
        sentence = reason_sentence(feature, APPLICANT)
        assert not re.search(JUDGEMENTS, sentence, flags=re.IGNORECASE), sentence


@pytest.mark.parametrize("feature", FEATURES)
def test_each_reason_states_the_applicants_own_value(feature):
    name, value_format, *_ = REASON_TEXT[feature]
    codes = reason_codes(pd.Series({feature: -1.0}), APPLICANT, k=1)
    assert codes.reasons == (f"{name}: {value_format.format(APPLICANT[feature])}",)
    missing = reason_codes(pd.Series({feature: -1.0}), {**APPLICANT, feature: np.nan}, k=1)
    assert missing.reasons == (f"{name}: not given in the application",)


@pytest.mark.parametrize(
    "contributions, k, error, message",
    [
        ({"income": -1.0}, 3, TypeError, "pandas Series"),
        (pd.Series({"numeric__income": -1.0}), 3, ValueError, "by_feature"),
        (pd.Series({"income": np.nan}), 3, ValueError, "missing values"),
        (pd.Series({"income": -1.0}), 0, ValueError, "positive integer"),
        (pd.Series({"income": -1.0}), 1.5, ValueError, "positive integer"),
    ],
)
def test_reason_codes_refuse_bad_input(contributions, k, error, message):
    with pytest.raises(error, match=message):
        reason_codes(contributions, APPLICANT, k=k)


def test_reason_codes_need_the_applicants_values():
    with pytest.raises(ValueError, match="lacks the values"):
        reason_codes(pd.Series({"income": -1.0}), {"age": 30})


# --- the deciding model's letters: every sentence true of its applicant -------------------


@pytest.fixture(scope="module")
def shipped_letters(split):
    """The shipped model, its reference applicants, and its contributions for every applicant of
    the test split it rejects."""
    from coursekit.gate import build_course_model

    X_train, X_test, _, _ = split
    shipped = build_course_model(X_train)
    reference = approved_reference(shipped, X_train)
    rejected = X_test[shipped.predict(X_test) == 0]
    return shipped, reference, rejected, letter_contributions(shipped, rejected, reference)


def test_letter_contributions_add_up_to_the_gap_from_the_approved_applicants(shipped_letters):
    shipped, reference, rejected, contributions = shipped_letters
    pipeline = shipped.estimator_
    gap = pipeline.decision_function(rejected) - pipeline.decision_function(reference).mean()
    np.testing.assert_allclose(contributions.sum(axis=1), gap, atol=1e-9)
    assert list(contributions.columns) == FEATURES
    assert (contributions.sum(axis=1) < 0).all()  # every rejected applicant falls short of them


def test_every_sentence_of_every_letter_is_true_of_its_applicant(shipped_letters):
    """The value stated is the applicant's; the comparison stated is the reference's; and a
    number given as a reason lies on the side of the approved applicants' average that lowers
    the score (the coefficient's sign says which side that is)."""
    shipped, reference, rejected, contributions = shipped_letters
    inputs = input_features(shipped.estimator_)
    coefficient = pd.Series(shipped.estimator_[-1].coef_.ravel(), index=inputs.index)
    letters = 0
    for position, applicant in rejected.iterrows():
        codes = reason_codes(contributions.loc[position], applicant, reference=reference)
        assert 1 <= len(codes.reasons) <= 3
        letters += 1
        for feature, sentence in zip(codes.features, codes.reasons, strict=True):
            name, value_format, *average_format = REASON_TEXT[feature]
            average_format = (average_format or [value_format])[0]
            value = applicant[feature]
            if pd.isna(value):
                assert sentence == f"{name}: not given in the application"
                continue
            assert sentence.startswith(f"{name}: {value_format.format(value)} (")
            known = reference[feature]
            if feature in CATEGORICAL_FEATURES:
                assert sentence.endswith(f"({(known == value).mean():.0%} of approved applicants)")
                continue
            average = known.mean()
            assert sentence.endswith(
                f"(approved applicants: {average_format.format(average)} on average)"
            )
            is_value = (inputs["feature"] == feature) & (inputs["category"] == "")
            direction = np.sign(coefficient[is_value].iloc[0])
            assert direction * (value - average) < 0, (position, feature, value, average)
    assert letters == len(rejected) > 100


def test_letters_come_from_a_linear_deciding_model_only(split, models):
    X_train = split[0]
    reference = approved_reference(models[CHOSEN_MODEL], X_train)
    with pytest.raises(TypeError, match="deciding linear model"):
        letter_contributions(models[EXPLAINED_MODEL], X_train.head(3), reference)
    with pytest.raises(ValueError, match="missing feature"):
        letter_contributions(models[CHOSEN_MODEL], X_train.head(3), X_train)
