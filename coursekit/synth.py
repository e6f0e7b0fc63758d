"""Seeded generator of the course's synthetic loan applications.

The data are made so that a learner's audit can be checked against ground truth:

* ``repaid`` (the true outcome) depends on the credit features only. It never looks at
  ``group`` or ``district``; the small repaid-rate gap between groups comes only from a small
  structural income gap.
* ``approved`` (the historical decision) uses the same credit features, plus officer noise,
  **minus a penalty of** ``bias_strength`` **log-odds for every group B applicant**.
* ``district`` is a proxy: with probability ``proxy_strength`` an applicant lives in one of
  their group's "home" districts, otherwise in any district.

Run ``python -m coursekit.synth`` to rewrite ``data/loans.csv`` and ``data/loans_raw.csv``
byte for byte from the defaults below.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from coursekit.data import LOANS_COLUMNS as COLUMNS
from coursekit.data import sha256_of
from coursekit.paths import data_dir

DEFAULT_N = 5000
DEFAULT_BIAS_STRENGTH = 0.9
DEFAULT_PROXY_STRENGTH = 0.85
DEFAULT_GROUP_SHARE = 0.3
DEFAULT_INCOME_GAP = 0.05
DEFAULT_SEED = 2024

DISTRICTS_A = ("Northgate", "Riverside", "Hillcrest", "Lakeshore")
DISTRICTS_B = ("Eastfield", "Millbrook")
DISTRICTS = DISTRICTS_A + DISTRICTS_B
PURPOSES = ("car", "debt_consolidation", "home_improvement", "education", "business", "other")
PURPOSE_PROBS = (0.24, 0.30, 0.18, 0.08, 0.08, 0.12)
PURPOSE_EFFECT = {
    "car": 0.15,
    "debt_consolidation": -0.20,
    "home_improvement": 0.20,
    "education": -0.05,
    "business": -0.45,
    "other": -0.10,
}
HOME_EFFECT = {"rent": -0.15, "mortgage": 0.10, "own": 0.25}


# Planted quality problems of the raw file: name -> number of rows affected.
RAW_PROBLEMS = {
    "duplicate_rows": 60,
    "missing_income": 150,
    "missing_employment_years": 100,
    "missing_home_ownership": 50,
    "impossible_age": 12,
    "negative_income": 8,
    "debt_to_income_as_percent": 10,
    "purpose_spelling_variants": 200,
    "home_ownership_spelling_variants": 120,
}
IMPOSSIBLE_AGES = (-1, 0, 7, 150, 199, 230)


@dataclass(frozen=True)
class LoanParameters:
    """Settings of the generator; the defaults make the committed ``data/loans.csv``.

    Parameters
    ----------
    n : number of applications (at least 200).
    bias_strength : log-odds subtracted from group B's historical approval (0 = no bias).
    proxy_strength : probability that an applicant lives in one of their group's home
        districts (0 = district says nothing about group, 1 = district reveals group).
    group_share : share of group B, the minority (strictly between 0 and 0.5).
    income_gap : structural gap, in log-income, between groups A and B.
    seed : seed of the random generator.
    """

    n: int = DEFAULT_N
    bias_strength: float = DEFAULT_BIAS_STRENGTH
    proxy_strength: float = DEFAULT_PROXY_STRENGTH
    group_share: float = DEFAULT_GROUP_SHARE
    income_gap: float = DEFAULT_INCOME_GAP
    seed: int = DEFAULT_SEED

    def __post_init__(self) -> None:
        if not isinstance(self.n, (int, np.integer)) or isinstance(self.n, bool) or self.n < 200:
            raise ValueError(f"n must be an integer of at least 200, got {self.n!r}.")
        if not 0 <= self.bias_strength <= 5:
            raise ValueError(
                f"bias_strength must lie in [0, 5] log-odds, got {self.bias_strength!r}."
            )
        if not 0 <= self.proxy_strength <= 1:
            raise ValueError(
                f"proxy_strength is a probability in [0, 1], got {self.proxy_strength!r}."
            )
        if not 0 < self.group_share < 0.5:
            raise ValueError(
                "group_share is the share of the minority group B and must lie strictly "
                f"between 0 and 0.5, got {self.group_share!r}."
            )
        if not 0 <= self.income_gap <= 1:
            raise ValueError(f"income_gap must lie in [0, 1], got {self.income_gap!r}.")
        if not isinstance(self.seed, (int, np.integer)) or isinstance(self.seed, bool):
            raise ValueError(f"seed must be an integer, got {self.seed!r}.")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _credit_score(df: pd.DataFrame) -> np.ndarray:
    """Creditworthiness in log-odds from the credit features alone (never group or district)."""
    z_income = (np.log(df["income"]) - 10.6) / 0.4
    z_employment = (df["employment_years"] - 6.0) / 5.0
    z_history = (df["credit_history_years"] - 9.0) / 6.0
    z_dti = (df["debt_to_income"] - 0.30) / 0.12
    z_loan = (df["loan_amount"] / df["income"] - 0.30) / 0.15
    return (
        0.55 * z_income
        + 0.25 * z_employment
        + 0.25 * z_history
        - 0.60 * z_dti
        - 0.50 * df["late_payments"]
        - 0.30 * z_loan
        + df["purpose"].map(PURPOSE_EFFECT).to_numpy()
        + df["home_ownership"].map(HOME_EFFECT).to_numpy()
    ).to_numpy()


def _approval_logit(df: pd.DataFrame, noise: np.ndarray, bias_strength: float) -> np.ndarray:
    """Log-odds of the historical approval: the officers' view of credit, noise and the penalty."""
    is_b = (df["group"] == "B").to_numpy()
    return 0.6 + 1.1 * _credit_score(df) + noise - bias_strength * is_b


def approval_log_odds(df: pd.DataFrame, bias_strength: float | None = None) -> np.ndarray:
    """The officers' log-odds of approval for each row of ``df``, without their noise.

    It is the generator's own ranking of the applicants: the true probability of approval is
    an increasing function of it (the noise is independent of the applicant), so no model's
    expected ROC-AUC against ``approved`` can beat this one's. It uses ``group``, which no model
    of the course may see. ``bias_strength`` defaults to the generator's.
    """
    strength = LoanParameters().bias_strength if bias_strength is None else bias_strength
    return _approval_logit(df, np.zeros(len(df)), strength)


def generate_loans(params: LoanParameters | None = None, **overrides) -> pd.DataFrame:
    """Generate clean synthetic loan applications.

    Parameters
    ----------
    params : a :class:`LoanParameters`; keyword arguments override its fields, e.g.
        ``generate_loans(bias_strength=0)`` for the same applicants without the penalty.

    Returns
    -------
    DataFrame with the columns of :data:`COLUMNS`, one row per application.
    """
    params = _resolve(params, overrides)
    rng = np.random.default_rng(params.seed)
    n = params.n

    group = np.where(rng.random(n) < params.group_share, "B", "A")
    lives_at_home = rng.random(n) < params.proxy_strength
    home_a = rng.choice(DISTRICTS_A, size=n)
    home_b = rng.choice(DISTRICTS_B, size=n)
    anywhere = rng.choice(DISTRICTS, size=n)
    district = np.where(lives_at_home, np.where(group == "B", home_b, home_a), anywhere)

    age = np.clip(np.round(rng.normal(41, 11, n)), 21, 75).astype(int)
    employment = np.minimum(rng.gamma(2.0, 3.0, n), age - 18).round(1)
    history = np.minimum(rng.gamma(3.0, 3.0, n), age - 18).round(1)
    log_income = (
        10.6
        + 0.015 * (age - 41)
        - 0.0004 * (age - 41) ** 2
        + 0.02 * employment
        - params.income_gap * (group == "B")
        + rng.normal(0, 0.35, n)
    )
    income = (np.round(np.exp(log_income) / 100) * 100).astype(int)
    loan_amount = (np.round(income * rng.uniform(0.05, 0.6, n) / 100) * 100).clip(500).astype(int)
    debt_to_income = np.clip(
        rng.beta(2.0, 5.0, n) * 0.6 + 0.15 * loan_amount / income, 0.01, 0.95
    ).round(3)
    late_payments = rng.poisson(0.3 + 0.9 * np.exp(-0.15 * history))
    purpose = rng.choice(PURPOSES, size=n, p=PURPOSE_PROBS)
    p_own = np.clip((age - 21) / 80, 0.02, 0.6)
    p_mortgage = np.clip((age - 21) / 60, 0.05, 0.45)
    u = rng.random(n)
    home = np.where(u < p_own, "own", np.where(u < p_own + p_mortgage, "mortgage", "rent"))

    df = pd.DataFrame(
        {
            "application_id": np.arange(100001, 100001 + n),
            "group": group,
            "district": district,
            "age": age,
            "income": income,
            "employment_years": employment,
            "debt_to_income": debt_to_income,
            "credit_history_years": history,
            "late_payments": late_payments,
            "loan_amount": loan_amount,
            "purpose": purpose,
            "home_ownership": home,
        }
    )
    df["repaid"] = (rng.random(n) < _sigmoid(1.4 + _credit_score(df))).astype(int)
    officer_noise = rng.normal(0, 0.6, n)
    approval_p = _sigmoid(_approval_logit(df, officer_noise, params.bias_strength))
    df["approved"] = (rng.random(n) < approval_p).astype(int)
    return df.loc[:, list(COLUMNS)]


def injected_bias(params: LoanParameters | None = None, **overrides) -> dict[str, float]:
    """Ground truth of the injected bias, for checking an audit.

    Returns the mean historical approval probability of group B with and without the
    penalty, and their difference (the approval points group B lost to the penalty).
    """
    params = _resolve(params, overrides)
    biased = generate_loans(params)
    unbiased = generate_loans(params, bias_strength=0.0)
    is_b = biased["group"] == "B"
    # Same seed, same draws: only the penalty differs, so the difference is the bias.
    with_penalty = biased.loc[is_b, "approved"].mean()
    without_penalty = unbiased.loc[is_b, "approved"].mean()
    return {
        "bias_strength_log_odds": params.bias_strength,
        "approval_rate_B_with_penalty": float(with_penalty),
        "approval_rate_B_without_penalty": float(without_penalty),
        "approval_points_lost_by_B": float(without_penalty - with_penalty),
    }


def make_raw(clean: pd.DataFrame, seed: int = DEFAULT_SEED + 1, scale: float = 1.0) -> pd.DataFrame:
    """Plant the documented quality problems of :data:`RAW_PROBLEMS` in a copy of ``clean``.

    Each problem hits its own rows, so the counts in :data:`RAW_PROBLEMS` are exact (times
    ``scale``, rounded: ``scale=len(clean) / DEFAULT_N`` plants them at the raw extract's rates
    in a table of another size).
    """
    if not scale > 0:
        raise ValueError(f"scale must be a positive number, got {scale!r}.")
    counts = {name: round(count * scale) for name, count in RAW_PROBLEMS.items()}
    needed = sum(counts.values())
    if len(clean) < 2 * needed:
        raise ValueError(f"make_raw needs at least {2 * needed} rows, got {len(clean)}.")
    rng = np.random.default_rng(seed)
    raw = clean.copy()
    raw["income"] = raw["income"].astype("Int64")
    raw["employment_years"] = raw["employment_years"].astype("Float64")
    order = iter(rng.permutation(len(raw)))

    def take(count: int) -> list[int]:
        return [next(order) for _ in range(count)]

    duplicated = take(counts["duplicate_rows"])
    raw.loc[take(counts["missing_income"]), "income"] = pd.NA
    raw.loc[take(counts["missing_employment_years"]), "employment_years"] = pd.NA
    raw.loc[take(counts["missing_home_ownership"]), "home_ownership"] = None
    rows = take(counts["impossible_age"])
    raw.loc[rows, "age"] = rng.choice(IMPOSSIBLE_AGES, size=len(rows))
    rows = take(counts["negative_income"])
    raw.loc[rows, "income"] = -raw.loc[rows, "income"]
    rows = take(counts["debt_to_income_as_percent"])
    raw.loc[rows, "debt_to_income"] = (raw.loc[rows, "debt_to_income"] * 100).round(1)
    for column, problem in (
        ("purpose", "purpose_spelling_variants"),
        ("home_ownership", "home_ownership_spelling_variants"),
    ):
        rows = take(counts[problem])
        raw.loc[rows, column] = [_misspell(v, rng) for v in raw.loc[rows, column]]

    raw = pd.concat([raw, raw.iloc[duplicated]], ignore_index=True)
    return raw.iloc[rng.permutation(len(raw))].reset_index(drop=True)


def _misspell(value: str, rng: np.random.Generator) -> str:
    """One of the spellings a hand-typed form produces: capitals, upper case, stray spaces."""
    variants = (value.title(), value.upper(), f" {value}", f"{value} ", value.replace("_", " "))
    candidates = [v for v in variants if v != value]
    return candidates[rng.integers(len(candidates))]


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The exact bytes the course commits for a data frame (stable across platforms)."""
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_data_files(directory: Path | None = None) -> dict[str, str]:
    """Write ``loans.csv`` and ``loans_raw.csv`` from the defaults; return their sha256."""
    directory = Path(directory) if directory is not None else data_dir()
    clean = generate_loans()
    digests = {}
    for name, frame in (("loans.csv", clean), ("loans_raw.csv", make_raw(clean))):
        data = to_csv_bytes(frame)
        (directory / name).write_bytes(data)
        digests[name] = sha256_of(data)
    return digests


def _resolve(params: LoanParameters | None, overrides: dict) -> LoanParameters:
    base = params if params is not None else LoanParameters()
    if not overrides:
        return base
    unknown = set(overrides) - set(LoanParameters.__dataclass_fields__)
    if unknown:
        raise TypeError(
            f"Unknown generator setting(s) {sorted(unknown)}; "
            f"use {sorted(LoanParameters.__dataclass_fields__)}."
        )
    fields = {**base.__dict__, **overrides}
    return LoanParameters(**fields)


if __name__ == "__main__":
    for file_name, digest in write_data_files().items():
        print(f"wrote data/{file_name}  sha256: {digest}")
