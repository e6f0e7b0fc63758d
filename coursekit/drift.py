"""Drift monitoring for notebook 10: production batches, PSI, two tests, an alert rule, and what
can be watched before any outcome is known (the scores, and the approval rate of each group).

A production batch comes from the course's own generator with other settings: a different
seed (new applicants, same world) and, for the shifted batch, more applicants from group B and
incomes scaled down (a recession, or a new marketing channel). Labels are dropped: in
production nobody knows yet who will repay.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.stats import binomtest, chi2_contingency, ks_2samp

from coursekit.features import CATEGORICAL_FEATURES, FEATURES
from coursekit.quality import through_intake
from coursekit.synth import generate_loans
from coursekit.validation import require_columns

PRODUCTION_SEED = 2027  # any seed other than the committed data's
PRODUCTION_SIZE = 2000
SHIFTED_GROUP_SHARE = 0.45  # the committed data has about 30 % group B
SHIFTED_INCOME_FACTOR = 0.8  # incomes 20 % lower
# Alert rule. PSI: the credit-risk rule of thumb (below 0.1 stable, 0.1–0.2 watch, above 0.2 a
# real shift). The test: p below 0.01 says the batch is very unlikely to come from the training
# distribution; with thousands of rows it also flags small shifts, so read the PSI beside it.
PSI_ALERT = 0.2
TEST_ALERT_P = 0.01
# Which test: Kolmogorov–Smirnov assumes a continuous distribution, and with many tied values
# (a count such as late payments: most applicants have 0 or 1) its p-values are wrong
# (conservative). A count and every category get the chi-square test of homogeneity on their
# value counts instead, with a missing value counted as a value of its own.
DISCRETE_FEATURES = ["late_payments", *CATEGORICAL_FEATURES]
PSI_BINS = 10
PSI_EPSILON = 1e-4  # stands in for an empty bin's share, so that the log stays finite


def make_production_batch(
    shifted: bool = True,
    n: int = PRODUCTION_SIZE,
    seed: int = PRODUCTION_SEED,
    income_factor: float = SHIFTED_INCOME_FACTOR,
    group_share: float = SHIFTED_GROUP_SHARE,
) -> pd.DataFrame:
    """A batch of new applications without labels, shifted (default) or not.

    ``shifted=False`` gives the same generator settings as the training data with another
    seed: what "no drift" looks like, sampling noise included. Either batch comes through the
    same intake as the training data (:func:`coursekit.quality.through_intake`: the raw
    extract's problems at its rates, then notebook 02's cleaning), so it has gaps like the
    training data, at the same rates.
    """
    if shifted:
        batch = generate_loans(n=n, seed=seed, group_share=group_share)
        batch["income"] = (batch["income"] * income_factor).round(-1)
    else:
        batch = generate_loans(n=n, seed=seed)
    return through_intake(batch, seed=seed + 1).drop(columns=["approved", "repaid"])


def _shares(counts: np.ndarray) -> np.ndarray:
    shares = counts / counts.sum()
    return np.where(shares == 0, PSI_EPSILON, shares)


def psi(expected: ArrayLike, actual: ArrayLike, bins: int = PSI_BINS) -> float:
    """Population stability index of ``actual`` (new data) against ``expected`` (training).

    Numeric values are cut at the deciles of ``expected`` (outer edges open, so new extremes
    land in the first or last bin); anything else is compared category by category. **Missing
    values are a bin of their own**: a feature that goes 30 % missing in production has
    drifted, however its other values look (with no missing values on either side, that bin
    adds nothing). Empty bins get the share :data:`PSI_EPSILON`. PSI = Σ (actual − expected) ·
    ln(actual / expected) over the bins' shares (fractions, not percentages).
    """
    expected, actual = pd.Series(expected), pd.Series(actual)
    if expected.empty or actual.empty:
        raise ValueError("psi needs non-empty expected and actual values.")
    e_missing, a_missing = expected.isna(), actual.isna()
    if e_missing.all():
        raise ValueError("expected holds only missing values: there is no reference to compare.")
    e_values, a_values = expected[~e_missing], actual[~a_missing]
    numeric = pd.api.types.is_numeric_dtype(expected) and pd.api.types.is_numeric_dtype(actual)
    if numeric:
        edges = np.unique(np.quantile(e_values, np.linspace(0, 1, bins + 1))[1:-1])
        e_counts = np.bincount(
            np.searchsorted(edges, e_values, side="right"), minlength=len(edges) + 1
        )
        a_counts = np.bincount(
            np.searchsorted(edges, a_values, side="right"), minlength=len(edges) + 1
        )
    else:
        categories = sorted(set(e_values) | set(a_values), key=str)
        e_counts = e_values.value_counts().reindex(categories, fill_value=0).to_numpy()
        a_counts = a_values.value_counts().reindex(categories, fill_value=0).to_numpy()
    e_counts = np.append(e_counts, e_missing.sum())
    a_counts = np.append(a_counts, a_missing.sum())
    e, a = _shares(e_counts), _shares(a_counts)
    return float(np.sum((a - e) * np.log(a / e)))


def _chi_square(reference: pd.Series, batch: pd.Series) -> tuple[float, float]:
    """Chi-square test that both samples come from one distribution, on their value counts
    (a missing value counts as a value of its own)."""

    def value_counts(values: pd.Series) -> pd.Series:
        return values.astype(object).where(values.notna(), "missing").astype(str).value_counts()

    counts = pd.DataFrame(
        {"reference": value_counts(reference), "batch": value_counts(batch)}
    ).fillna(0)
    if len(counts) < 2:
        return 0.0, 1.0  # one value on both sides: nothing can have moved
    result = chi2_contingency(counts.to_numpy().T)
    return float(result.statistic), float(result.pvalue)


def drift_report(reference: pd.DataFrame, batch: pd.DataFrame, features=None) -> pd.DataFrame:
    """PSI and a test for every feature of ``batch`` against ``reference``.

    One row per feature with ``psi``; ``test``, the test used ("KS" for a continuous number,
    "chi-square" for a count or a category, see :data:`DISCRETE_FEATURES`), its ``statistic``
    and ``p_value``; and ``alert`` (see :func:`is_alert`). The PSI counts missing values as a
    bin of their own, and so does the chi-square test; the KS test compares the known values.
    """
    features = list(FEATURES if features is None else features)
    require_columns(reference, features, "drift_report's reference")
    require_columns(batch, features, "drift_report's batch")
    rows = {}
    for feature in features:
        row = {"psi": psi(reference[feature], batch[feature])}
        if feature in DISCRETE_FEATURES:
            statistic, p_value = _chi_square(reference[feature], batch[feature])
            row.update(test="chi-square", statistic=statistic, p_value=p_value)
        else:
            test = ks_2samp(reference[feature].dropna(), batch[feature].dropna())
            row.update(test="KS", statistic=float(test.statistic), p_value=float(test.pvalue))
        row["alert"] = is_alert(row["psi"], row["p_value"])
        rows[feature] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("feature")


def score_psi(model, reference: pd.DataFrame, batch: pd.DataFrame) -> float:
    """PSI of the model's scores on ``batch`` against its scores on ``reference``.

    The scores summarise every input at once, weighted by what the model uses: a shift spread
    thinly over several features can move them more than any one feature's PSI shows, and a
    large shift in a feature the model ignores moves them little.
    """
    if not callable(getattr(model, "predict_proba", None)):
        raise TypeError("model must have predict_proba (a fitted classifier).")
    return psi(
        model.predict_proba(reference[FEATURES])[:, 1], model.predict_proba(batch[FEATURES])[:, 1]
    )


def approval_by_group(model, batch: pd.DataFrame, group: str = "group") -> pd.DataFrame:
    """How often ``model`` approves each group of ``batch``, with a 95 % Wilson interval.

    Needs no outcome, so it can be watched from the first day: the selection-rate gap the gate
    measured on its own set should not move when new applicants arrive. One row per group with
    ``applicants``, ``approved`` (the share), ``low`` and ``high``.
    """
    require_columns(batch, [*FEATURES, group], "approval_by_group's batch")
    decisions = np.asarray(model.predict(batch[FEATURES]))
    rows = {}
    for name, members in batch.groupby(group).groups.items():
        chosen = decisions[batch.index.get_indexer(members)]
        interval = binomtest(int(chosen.sum()), len(chosen)).proportion_ci(method="wilson")
        rows[name] = {
            "applicants": len(chosen),
            "approved": float(chosen.mean()),
            "low": float(interval.low),
            "high": float(interval.high),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(group)


def is_alert(psi_value: float, p_value: float = np.nan) -> bool:
    """The alert rule: PSI above :data:`PSI_ALERT` or the test's p-value below
    :data:`TEST_ALERT_P`."""
    return bool(psi_value > PSI_ALERT or (not np.isnan(p_value) and p_value < TEST_ALERT_P))


def should_retrain(report: pd.DataFrame) -> bool:
    """The retraining trigger: any feature alerts."""
    return bool(report["alert"].any())
