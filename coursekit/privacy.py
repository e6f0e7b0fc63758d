"""Fake personal data for the loans, and the privacy tools of notebook 09.

Every person here is invented by seeded code: names come from the short lists below, so no real
person is described. :func:`generate_people` gives each application a customer number, a name,
sex, e-mail, exact birth date (consistent with ``age`` on :data:`REFERENCE_DATE`) and postcode
(consistent with ``district``: the district's two-letter area code, a sector digit and a unit
number). Each application is a different invented person.
:func:`public_register` makes an electoral-roll-like list that holds some of the applicants and
many other residents, for a linkage attack.

The tools: :func:`plain_hash` and :func:`keyed_pseudonym` (HMAC-SHA256), :func:`pseudonym_key`
(the key from the environment, or a random per-session key), :func:`dictionary_attack`,
:func:`equivalence_class_sizes`, :func:`k_anonymity`, :func:`l_diversity` and
:func:`t_closeness`, :func:`age_band`, :func:`linkage_attack`, and :func:`laplace_count`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

from coursekit.features import RANDOM_STATE
from coursekit.validation import plain, require_columns

# The day on which ``age`` in the loans holds: every birth date gives exactly that age then.
REFERENCE_DATE = dt.date(2024, 6, 30)
PSEUDONYM_KEY_VARIABLE = "COURSEKIT_PSEUDONYM_KEY"

FIRST_NAMES_FEMALE = (
    "Alice", "Amira", "Anna", "Chloe", "Clara", "Dana", "Elena", "Emma", "Fatima", "Grace",
    "Hana", "Ines", "Julia", "Lea", "Maya", "Nora", "Olivia", "Priya", "Rosa", "Sara",
)  # fmt: skip
FIRST_NAMES_MALE = (
    "Adam", "Ben", "Carlos", "David", "Elias", "Finn", "Hugo", "Ivan", "Jonas", "Karim",
    "Leo", "Luca", "Marco", "Noah", "Omar", "Paul", "Ravi", "Samuel", "Tom", "Yusuf",
)  # fmt: skip
LAST_NAMES = (
    "Adler", "Baker", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito",
    "Jensen", "Khan", "Lopez", "Martin", "Nowak", "Okafor", "Patel", "Quinn", "Rossi",
    "Schmidt", "Tanaka", "Usman", "Varga", "Weber", "Xu", "Young", "Zhang", "Berg", "Novak",
    "Silva", "Moreau",
)  # fmt: skip
EMAIL_DOMAINS = ("mail.example", "post.example", "inbox.example", "web.example")
# Each district's postcode area: a postcode is "<area><sector> <unit>", e.g. "NG3 17".
POSTCODE_AREAS = {
    "Northgate": "NG",
    "Riverside": "RV",
    "Hillcrest": "HC",
    "Lakeshore": "LS",
    "Eastfield": "EF",
    "Millbrook": "MB",
}
POSTCODE_SECTORS = 9  # sectors 1..9 per area
POSTCODE_UNITS = 20  # units 1..20 per sector
# Customer numbers are "C" and six digits, 100000..999999, each customer's own.
CUSTOMER_NUMBERS = range(100_000, 1_000_000)


def birth_date_for(age: int, day_offset: int) -> dt.date:
    """A birth date giving ``age`` on :data:`REFERENCE_DATE`; ``day_offset`` picks which one.

    The possible dates run from the day after the (age + 1)th birthday before the reference
    date to the age-th one; ``day_offset`` is taken modulo their number.
    """
    latest = _years_before(REFERENCE_DATE, age)
    earliest = _years_before(REFERENCE_DATE, age + 1) + dt.timedelta(days=1)
    span = (latest - earliest).days + 1
    return earliest + dt.timedelta(days=day_offset % span)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def age_on(birth_date: dt.date, day: dt.date = REFERENCE_DATE) -> int:
    """Age in whole years on ``day``."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def _people(
    n: int, ages: np.ndarray, districts: Sequence[str], rng: np.random.Generator
) -> pd.DataFrame:
    """Names, sex, e-mail, birth date and postcode for ``n`` invented people.

    Names repeat (the lists are short), but every e-mail address belongs to one person: where
    the pattern gives an address already taken, a ``.2``, ``.3``, ... is added to it, as mail
    providers do.
    """
    sex = rng.choice(np.array(["F", "M"]), size=n)
    female = rng.integers(0, len(FIRST_NAMES_FEMALE), size=n)
    male = rng.integers(0, len(FIRST_NAMES_MALE), size=n)
    first = np.where(
        sex == "F", np.array(FIRST_NAMES_FEMALE)[female], np.array(FIRST_NAMES_MALE)[male]
    )
    last = np.array(LAST_NAMES)[rng.integers(0, len(LAST_NAMES), size=n)]
    offsets = rng.integers(0, 366, size=n)
    birth = [birth_date_for(int(a), int(o)) for a, o in zip(ages, offsets, strict=True)]
    sectors = rng.integers(1, POSTCODE_SECTORS + 1, size=n)
    units = rng.integers(1, POSTCODE_UNITS + 1, size=n)
    postcode = [
        f"{POSTCODE_AREAS[d]}{s} {u}" for d, s, u in zip(districts, sectors, units, strict=True)
    ]
    domain = np.array(EMAIL_DOMAINS)[rng.integers(0, len(EMAIL_DOMAINS), size=n)]
    style = rng.choice(3, size=n, p=[0.5, 0.3, 0.2])
    suffix = rng.integers(100, 1000, size=n)
    emails, taken = [], set()
    for f, la, b, d, s, x in zip(first, last, birth, domain, style, suffix, strict=True):
        f, la = f.lower(), la.lower()
        local = (f"{f}.{la}", f"{f}.{la}{b.year % 100:02d}", f"{f[0]}{la}{x}")[s]
        email, extra = f"{local}@{d}", 1
        while email in taken:  # a mail provider gives each person an address of their own
            extra += 1
            email = f"{local}.{extra}@{d}"
        taken.add(email)
        emails.append(email)
    return pd.DataFrame(
        {
            "first_name": first,
            "last_name": last,
            "sex": sex,
            "email": emails,
            "birth_date": pd.to_datetime(birth),
            "postcode": postcode,
        }
    )


def generate_people(loans: pd.DataFrame, seed: int = RANDOM_STATE) -> pd.DataFrame:
    """Invented personal data for each row of ``loans``, in the same order.

    Returns ``application_id``, ``customer_id`` (the lender's customer number, e.g.
    ``"C482913"``: stable, one per person), ``first_name``, ``last_name``, ``sex``, ``email``,
    ``birth_date`` (a datetime; the person is ``age`` on :data:`REFERENCE_DATE`) and
    ``postcode`` (starting with the ``district``'s area code). Each row is a different person.
    Same seed, same people.
    """
    require_columns(loans, ["application_id", "age", "district"], "generate_people")
    unknown = sorted(set(loans["district"]) - set(POSTCODE_AREAS))
    if unknown:
        raise ValueError(f"No postcode area for district(s) {unknown}; add them to POSTCODE_AREAS.")
    rng = np.random.default_rng(seed)
    people = _people(len(loans), loans["age"].to_numpy(), list(loans["district"]), rng)
    people.insert(0, "application_id", loans["application_id"].to_numpy())
    # A generator of its own, so adding customer numbers left every other column as it was.
    numbers = np.random.default_rng(seed + 2).choice(
        len(CUSTOMER_NUMBERS), size=len(loans), replace=False
    )
    people.insert(1, "customer_id", [f"C{CUSTOMER_NUMBERS[i]}" for i in numbers])
    return people


def applications_with_pii(loans: pd.DataFrame, seed: int = RANDOM_STATE) -> pd.DataFrame:
    """The loans with the invented personal data joined on ``application_id``."""
    return generate_people(loans, seed).merge(loans, on="application_id", validate="1:1")


def public_register(
    people: pd.DataFrame,
    share_listed: float = 0.6,
    n_others: int = 20000,
    seed: int = RANDOM_STATE + 1,
) -> pd.DataFrame:
    """An electoral-roll-like list: name, sex, birth date and postcode of residents.

    It lists a random ``share_listed`` of ``people`` (applicants who registered) and
    ``n_others`` invented residents of the same districts and ages who never applied, shuffled.
    """
    if not 0 <= share_listed <= 1:
        raise ValueError(f"share_listed is a share between 0 and 1, got {share_listed}.")
    if n_others < 0:
        raise ValueError(f"n_others must be at least 0, got {n_others}.")
    columns = ["first_name", "last_name", "sex", "birth_date", "postcode"]
    require_columns(people, columns, "public_register")
    rng = np.random.default_rng(seed)
    listed = people.loc[rng.random(len(people)) < share_listed, columns]
    ages = np.array([age_on(d.date()) for d in people["birth_date"]])
    districts = np.array(list(POSTCODE_AREAS))
    others = _people(
        n_others,
        rng.choice(ages, size=n_others),
        list(rng.choice(districts, size=n_others)),
        rng,
    )[columns]
    register = pd.concat([listed, others], ignore_index=True)
    return register.iloc[rng.permutation(len(register))].reset_index(drop=True)


# --- pseudonymisation --------------------------------------------------------------------


def plain_hash(value: str) -> str:
    """SHA-256 of ``value`` (hex): the same for everyone, so anyone can recompute it."""
    if not isinstance(value, str):
        raise TypeError(f"plain_hash hashes text, got {type(value).__name__}.")
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def keyed_pseudonym(value: str, key: bytes) -> str:
    """HMAC-SHA256 of ``value`` under ``key`` (hex): recomputable only with the key."""
    if not isinstance(value, str):
        raise TypeError(f"keyed_pseudonym hashes text, got {type(value).__name__}.")
    if not isinstance(key, bytes) or len(key) < 16:
        raise ValueError("The key must be at least 16 bytes (use secrets.token_bytes(32)).")
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def pseudonym_key(variable: str = PSEUDONYM_KEY_VARIABLE) -> tuple[bytes, str]:
    """The pseudonymisation key and where it came from.

    Reads the environment variable ``variable`` (set by whoever manages secrets, never written in
    a notebook). When it is not set, returns a random key for this session only, so pseudonyms
    will differ next time. Returns ``(key, source)``; never print the key.
    """
    value = os.environ.get(variable, "")
    if value:
        key = value.encode("utf-8")
        if len(key) < 16:
            raise ValueError(f"{variable} is too short: use at least 16 random characters.")
        return key, f"the environment variable {variable}"
    return secrets.token_bytes(32), f"a random key for this session ({variable} is not set)"


def email_candidates(
    first_names: Iterable[str] = FIRST_NAMES_FEMALE + FIRST_NAMES_MALE,
    last_names: Iterable[str] = LAST_NAMES,
    domains: Iterable[str] = EMAIL_DOMAINS,
) -> list[str]:
    """Guessable e-mail addresses: first.last, and first.last plus two digits, at each domain."""
    candidates = []
    for first in first_names:
        for last in last_names:
            local = f"{first.lower()}.{last.lower()}"
            for domain in domains:
                candidates.append(f"{local}@{domain}")
                candidates.extend(f"{local}{yy:02d}@{domain}" for yy in range(100))
    return candidates


def customer_number_candidates() -> Iterator[str]:
    """Every possible customer number, "C100000" to "C999999", one at a time."""
    return (f"C{number}" for number in CUSTOMER_NUMBERS)


def dictionary_attack(hashes: Iterable[str], candidates: Iterable[str], hash_function) -> dict:
    """Reverse ``hashes`` by hashing every candidate: ``{hash: original}`` for those found.

    The candidates may be a generator: each is hashed once and kept only if it hits.
    """
    targets = set(hashes)
    found = {}
    for candidate in candidates:
        digest = hash_function(candidate)
        if digest in targets:
            found[digest] = candidate
    return found


# --- k-anonymity -------------------------------------------------------------------------


def _check_quasi_identifiers(table: pd.DataFrame, quasi_identifiers: Sequence[str]) -> list:
    if isinstance(quasi_identifiers, str):
        quasi_identifiers = [quasi_identifiers]
    quasi_identifiers = list(quasi_identifiers)
    if not quasi_identifiers:
        raise ValueError("Name at least one quasi-identifier column.")
    require_columns(table, quasi_identifiers, "k-anonymity")
    if len(table) == 0:
        raise ValueError("The table is empty: k-anonymity is not defined for no rows.")
    return quasi_identifiers


def equivalence_class_sizes(table: pd.DataFrame, quasi_identifiers: Sequence[str]) -> pd.Series:
    """How many rows share each combination of the quasi-identifiers, smallest first."""
    quasi_identifiers = _check_quasi_identifiers(table, quasi_identifiers)
    sizes = table.groupby(quasi_identifiers, dropna=False, observed=True).size()
    return sizes.sort_values(kind="stable").rename("rows")


def k_anonymity(table: pd.DataFrame, quasi_identifiers: Sequence[str]) -> int:
    """The table's k: the size of its smallest equivalence class over the quasi-identifiers."""
    return int(equivalence_class_sizes(table, quasi_identifiers).min())


def _sensitive_by_class(table: pd.DataFrame, quasi_identifiers: Sequence[str], sensitive: str):
    quasi_identifiers = _check_quasi_identifiers(table, quasi_identifiers)
    if isinstance(sensitive, str):
        require_columns(table, [sensitive], "the sensitive attribute")
    else:
        raise TypeError(f"Name one sensitive column, e.g. 'group'; got {plain(sensitive)!r}.")
    if sensitive in quasi_identifiers:
        raise ValueError(
            f"{sensitive!r} is among the quasi-identifiers: a sensitive attribute is measured "
            "within the classes the quasi-identifiers form, so it cannot be one of them."
        )
    return table.groupby(quasi_identifiers, dropna=False, observed=True)[sensitive]


def l_diversity(table: pd.DataFrame, quasi_identifiers: Sequence[str], sensitive: str) -> int:
    """Distinct l-diversity: the fewest distinct values of ``sensitive`` in any class.

    l = 1 means some class holds a single value: anyone who can place a person in that class
    learns the sensitive value without knowing which row is theirs (a homogeneity attack).
    """
    return int(_sensitive_by_class(table, quasi_identifiers, sensitive).nunique().min())


def t_closeness(table: pd.DataFrame, quasi_identifiers: Sequence[str], sensitive: str) -> float:
    """The largest distance between a class's distribution of ``sensitive`` and the table's.

    For a categorical attribute, with every pair of values equally far apart, the earth mover's
    distance of Li, Li and Venkatasubramanian (2007) is the total variation distance: half the
    sum of the absolute differences in shares. 0 means every class looks like the whole table.
    """
    by_class = _sensitive_by_class(table, quasi_identifiers, sensitive)
    overall = table[sensitive].value_counts(normalize=True, dropna=False)
    shares = by_class.value_counts(normalize=True, dropna=False).unstack(fill_value=0.0)
    shares = shares.reindex(columns=overall.index, fill_value=0.0)
    return float(0.5 * (shares - overall).abs().sum(axis=1).max())


def is_k_anonymous(table: pd.DataFrame, quasi_identifiers: Sequence[str], k: int) -> bool:
    """Whether every combination of the quasi-identifiers occurs at least ``k`` times."""
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k must be a whole number of at least 1, got {plain(k)!r}.")
    return k_anonymity(table, quasi_identifiers) >= k


def age_band(ages, width: int = 10, top: int | None = None) -> pd.Series:
    """Ages as bands of ``width`` years, e.g. "30–39"; ages ≥ ``top`` become one band "top+"."""
    if isinstance(width, bool) or not isinstance(width, int | np.integer) or width < 1:
        raise ValueError(
            f"width must be a whole number of years, at least 1, got {plain(width)!r}."
        )
    ages = pd.Series(ages)
    low = (ages // width) * width
    bands = low.astype(int).astype(str) + "–" + (low + width - 1).astype(int).astype(str)
    if top is not None:
        bands = bands.where(ages < top, f"{top}+")
    return bands


def postcode_area(postcodes) -> pd.Series:
    """The postcode's area, its leading letters: "NG3 17" → "NG"."""
    return pd.Series(postcodes).str.extract(r"^([A-Z]+)", expand=False)


# --- linkage attack ----------------------------------------------------------------------


def linkage_attack(
    released: pd.DataFrame, register: pd.DataFrame, on: Sequence[str]
) -> pd.DataFrame:
    """Join a released table to a public register on the quasi-identifiers ``on``.

    Returns one row per released row with ``candidates``, the number of register entries
    it matches; a row with exactly one candidate is re-identified (its register name is
    attached in ``first_name`` and ``last_name``; other rows get missing names).
    """
    on = _check_quasi_identifiers(released, on)
    require_columns(register, on, "linkage_attack (the register)")
    counts = register.groupby(on, observed=True).size().rename("candidates").reset_index()
    matched = released.merge(counts, on=on, how="left")
    matched["candidates"] = matched["candidates"].fillna(0).astype(int)
    names = [c for c in ("first_name", "last_name") if c in register.columns]
    if names:
        unique = register.merge(counts[counts["candidates"] == 1], on=on)[on + names]
        matched = matched.drop(columns=[c for c in names if c in matched.columns])
        matched = matched.merge(unique, on=on, how="left")
    return matched


def laplace_count(
    true_count: int, epsilon: float, rng: np.random.Generator, sensitivity: int = 1
) -> float:
    """A count with Laplace noise of scale ``sensitivity / epsilon``.

    ``sensitivity`` is the most one person can change the count: 1 when each person is in the
    data once, m when one person may hold up to m applications. A teaching version: NumPy's
    floating-point Laplace sampling is attackable (Mironov 2012); releases use a vetted library.
    """
    if isinstance(epsilon, bool) or not isinstance(epsilon, int | float) or epsilon <= 0:
        raise ValueError(f"epsilon must be a positive number, got {plain(epsilon)!r}.")
    if isinstance(sensitivity, bool) or not isinstance(sensitivity, int | np.integer):
        raise ValueError(f"sensitivity is a whole number of rows, got {plain(sensitivity)!r}.")
    if sensitivity < 1:
        raise ValueError(f"sensitivity must be at least 1, got {sensitivity}.")
    return float(true_count + rng.laplace(0.0, sensitivity / epsilon))
