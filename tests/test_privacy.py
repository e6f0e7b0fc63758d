"""The privacy module: deterministic fake people consistent with the loans; k-anonymity, keyed
hashing and the linkage attack on hand-made examples; clear errors on bad input."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from coursekit import load_loans
from coursekit.privacy import (
    POSTCODE_AREAS,
    REFERENCE_DATE,
    age_band,
    age_on,
    birth_date_for,
    customer_number_candidates,
    dictionary_attack,
    email_candidates,
    equivalence_class_sizes,
    generate_people,
    is_k_anonymous,
    k_anonymity,
    keyed_pseudonym,
    l_diversity,
    laplace_count,
    linkage_attack,
    plain_hash,
    postcode_area,
    pseudonym_key,
    public_register,
    t_closeness,
)


@pytest.fixture(scope="module")
def loans():
    return load_loans()


@pytest.fixture(scope="module")
def people(loans):
    return generate_people(loans)


def test_same_seed_same_people_other_seed_other_people(loans, people):
    pd.testing.assert_frame_equal(people, generate_people(loans))
    assert not people["email"].equals(generate_people(loans, seed=7)["email"])


def test_birth_date_gives_the_age_on_the_reference_date(loans, people):
    ages = [age_on(d.date()) for d in people["birth_date"]]
    assert ages == loans["age"].tolist()


@pytest.mark.parametrize("age", [0, 21, 44, 75])
def test_every_offset_gives_the_right_age(age):
    for offset in range(0, 400, 7):
        assert age_on(birth_date_for(age, offset)) == age
    assert age_on(REFERENCE_DATE, REFERENCE_DATE) == 0


def test_leap_day_birthdays_are_handled():
    assert age_on(dt.date(2000, 2, 29), dt.date(2024, 2, 28)) == 23
    assert age_on(dt.date(2000, 2, 29), dt.date(2024, 2, 29)) == 24


def test_postcode_starts_with_the_district_area(loans, people):
    expected = loans["district"].map(POSTCODE_AREAS)
    assert postcode_area(people["postcode"]).tolist() == expected.tolist()
    assert people["postcode"].str.fullmatch(r"[A-Z]{2}\d \d{1,2}").all()


def test_people_are_in_application_order_and_emails_look_right(loans, people):
    assert people["application_id"].tolist() == loans["application_id"].tolist()
    assert people["email"].str.fullmatch(r"[a-z.]+\d*(\.\d+)?@[a-z]+\.example").all()


def test_every_email_reaches_exactly_one_person(people):
    # names repeat, so the address pattern alone would give some people the same address
    assert people["email"].is_unique
    names = people[["first_name", "last_name"]].duplicated(keep=False)
    assert names.sum() > 100  # the test would be empty without repeated names


def test_register_holds_some_applicants_and_many_others(people):
    register = public_register(people, share_listed=0.5, n_others=1000)
    assert len(register) > 1000
    assert register.equals(public_register(people, share_listed=0.5, n_others=1000))
    keys = ["first_name", "last_name", "birth_date", "postcode"]
    listed = people.merge(register, on=keys)
    assert 0.4 * len(people) < len(listed) < 0.6 * len(people)


def test_unknown_district_and_missing_columns_are_refused(loans):
    with pytest.raises(ValueError, match="No postcode area"):
        generate_people(loans.head(3).assign(district="Westbrook"))
    with pytest.raises(KeyError, match="age"):
        generate_people(loans.drop(columns="age"))
    with pytest.raises(ValueError, match="share"):
        public_register(generate_people(loans.head(5)), share_listed=1.5)


TABLE = pd.DataFrame(
    {
        "band": ["20–29"] * 3 + ["30–39"] * 5 + ["40–49"],
        "sex": ["F", "F", "M", "M", "M", "M", "F", "F", "F"],
        "income": range(9),
    }
)


def test_k_is_the_smallest_equivalence_class():
    assert k_anonymity(TABLE, ["band"]) == 1
    assert k_anonymity(TABLE.iloc[:8], ["band"]) == 3
    assert k_anonymity(TABLE.iloc[:8], ["band", "sex"]) == 1
    assert k_anonymity(TABLE.iloc[:8], "band") == 3
    sizes = equivalence_class_sizes(TABLE.iloc[:8], ["band", "sex"])
    assert sizes.tolist() == [1, 2, 2, 3]
    assert is_k_anonymous(TABLE.iloc[:8], ["band"], 3)
    assert not is_k_anonymous(TABLE.iloc[:8], ["band"], 4)


def test_missing_values_form_their_own_class():
    table = pd.DataFrame({"band": ["a", "a", None]})
    assert k_anonymity(table, ["band"]) == 1


@pytest.mark.parametrize(
    "columns, error, words",
    [
        (["band", "postcode"], KeyError, "postcode"),
        ([], ValueError, "at least one"),
    ],
)
def test_bad_quasi_identifiers_are_refused(columns, error, words):
    with pytest.raises(error, match=words):
        k_anonymity(TABLE, columns)


@pytest.mark.parametrize("k", [0, -2, 2.5, True])
def test_k_below_one_or_not_whole_is_refused(k):
    with pytest.raises(ValueError, match="k must be"):
        is_k_anonymous(TABLE, ["band"], k)


def test_empty_table_is_refused():
    with pytest.raises(ValueError, match="empty"):
        k_anonymity(TABLE.iloc[:0], ["band"])


def test_age_bands():
    assert age_band([21, 29, 30, 65], 10).tolist() == ["20–29", "20–29", "30–39", "60–69"]
    assert age_band([21, 65, 80], 10, top=60).tolist() == ["20–29", "60+", "60+"]
    with pytest.raises(ValueError, match="width"):
        age_band([30], 0)


def test_plain_hash_is_reversible_by_dictionary_keyed_hash_is_not():
    email = "anna.patel@mail.example"
    candidates = email_candidates()
    assert email in candidates
    assert plain_hash(email) == plain_hash(email)
    found = dictionary_attack([plain_hash(email)], candidates, plain_hash)
    assert found == {plain_hash(email): email}
    key, other = b"k" * 32, b"o" * 32
    assert keyed_pseudonym(email, key) == keyed_pseudonym(email, key)
    assert keyed_pseudonym(email, key) != keyed_pseudonym(email, other)
    assert keyed_pseudonym(email, key) != plain_hash(email)
    assert dictionary_attack([keyed_pseudonym(email, key)], candidates, plain_hash) == {}


def test_bad_keys_and_values_are_refused():
    with pytest.raises(ValueError, match="16 bytes"):
        keyed_pseudonym("x", b"short")
    with pytest.raises(ValueError, match="16 bytes"):
        keyed_pseudonym("x", "a text key, not bytes")
    with pytest.raises(TypeError, match="text"):
        plain_hash(42)


def test_key_comes_from_the_environment_or_is_random(monkeypatch):
    monkeypatch.setenv("COURSEKIT_PSEUDONYM_KEY", "a" * 32)
    key, source = pseudonym_key()
    assert key == b"a" * 32 and "environment" in source
    monkeypatch.setenv("COURSEKIT_PSEUDONYM_KEY", "short")
    with pytest.raises(ValueError, match="too short"):
        pseudonym_key()
    monkeypatch.delenv("COURSEKIT_PSEUDONYM_KEY")
    first, source = pseudonym_key()
    assert len(first) == 32 and "not set" in source
    assert pseudonym_key()[0] != first


def test_linkage_attack_counts_candidates_and_names_unique_matches():
    released = pd.DataFrame({"born": [1980, 1990, 2000], "zip": ["A", "A", "B"], "x": [1, 2, 3]})
    register = pd.DataFrame(
        {
            "born": [1980, 1990, 1990],
            "zip": ["A", "A", "A"],
            "first_name": ["Ann", "Ben", "Cy"],
            "last_name": ["X", "Y", "Z"],
        }
    )
    result = linkage_attack(released, register, ["born", "zip"])
    assert result["candidates"].tolist() == [1, 2, 0]
    assert result["first_name"].tolist()[0] == "Ann"
    assert result["first_name"].isna().tolist() == [False, True, True]
    with pytest.raises(KeyError, match="register"):
        linkage_attack(released, register.drop(columns="zip"), ["born", "zip"])


def test_laplace_noise_is_seeded_and_needs_positive_epsilon():
    a = laplace_count(100, 1.0, np.random.default_rng(1))
    assert a == laplace_count(100, 1.0, np.random.default_rng(1))
    with pytest.raises(ValueError, match="epsilon"):
        laplace_count(100, 0, np.random.default_rng(1))


def test_every_person_has_a_customer_number_of_their_own(loans, people):
    assert people["customer_id"].is_unique
    assert people["customer_id"].str.fullmatch(r"C[1-9]\d{5}").all()
    assert not people["customer_id"].equals(generate_people(loans, seed=7)["customer_id"])


def test_customer_numbers_fall_to_enumeration_under_a_plain_hash_not_a_keyed_one():
    number = "C482913"
    found = dictionary_attack([plain_hash(number)], customer_number_candidates(), plain_hash)
    assert found == {plain_hash(number): number}
    keyed = keyed_pseudonym(number, b"k" * 32)
    assert dictionary_attack([keyed], customer_number_candidates(), plain_hash) == {}


def test_l_diversity_and_t_closeness_on_a_hand_made_table():
    table = pd.DataFrame(
        {
            "band": ["a", "a", "a", "a", "b", "b", "b", "b"],
            "group": ["A", "A", "A", "A", "A", "B", "B", "B"],
        }
    )
    # class a holds only A: l = 1; overall A is 5/8, class a 4/4, class b 1/4
    assert l_diversity(table, ["band"], "group") == 1
    assert t_closeness(table, ["band"], "group") == pytest.approx(3 / 8)
    mixed = table.assign(band=["a", "b"] * 4)  # class a: A, A, A, B; class b: A, A, B, B
    assert l_diversity(mixed, ["band"], "group") == 2
    assert t_closeness(mixed, ["band"], "group") == pytest.approx(abs(3 / 4 - 5 / 8))
    same = pd.DataFrame({"band": ["a", "a", "b", "b"], "group": ["A", "B", "A", "B"]})
    assert t_closeness(same, "band", "group") == 0


def test_l_diversity_and_t_closeness_refuse_bad_input():
    table = pd.DataFrame({"band": ["a", "b"], "group": ["A", "B"]})
    with pytest.raises(ValueError, match="among the quasi-identifiers"):
        l_diversity(table, ["band", "group"], "group")
    with pytest.raises(KeyError, match="repaid"):
        t_closeness(table, ["band"], "repaid")
    with pytest.raises(TypeError, match="one sensitive column"):
        l_diversity(table, ["band"], ["group"])


def test_laplace_noise_scales_with_the_sensitivity():
    once = laplace_count(100, 1.0, np.random.default_rng(3)) - 100
    twice = laplace_count(100, 1.0, np.random.default_rng(3), sensitivity=2) - 100
    assert twice == pytest.approx(2 * once)
    for bad in (0, 1.5, True):
        with pytest.raises(ValueError, match="sensitivity"):
            laplace_count(100, 1.0, np.random.default_rng(3), sensitivity=bad)
    with pytest.raises(ValueError, match="epsilon"):
        laplace_count(100, "1", np.random.default_rng(3))
