"""Drift monitoring for notebook 10: production batches, PSI, Kolmogorov–Smirnov, an alert rule.

A production batch comes from the course's own generator with other settings: a different
seed (new applicants, same world) and, for the shifted batch, more applicants from group B and
incomes scaled down (a recession, or a new marketing channel). Labels are dropped: in
production nobody knows yet who will repay.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.stats import ks_2samp

from coursekit.features import FEATURES, NUMERIC_FEATURES
from coursekit.quality import through_intake
from coursekit.synth import generate_loans
from coursekit.validation import require_columns

PRODUCTION_SEED = 2027  # any seed other than the committed data's
PRODUCTION_SIZE = 2000
SHIFTED_GROUP_SHARE = 0.45  # the committed data has about 30 % group B
SHIFTED_INCOME_FACTOR = 0.8  # incomes 20 % lower
# Alert rule. PSI: the credit-risk rule of thumb (below 0.1 stable, 0.1–0.2 watch, above 0.2 a
# real shift). KS: p below 0.01 says the batch is very unlikely to come from the training
# distribution; with thousands of rows it also flags small shifts, so read its statistic too.
PSI_ALERT = 0.2
KS_ALERT_P = 0.01
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


def drift_report(reference: pd.DataFrame, batch: pd.DataFrame, features=None) -> pd.DataFrame:
    """PSI (every feature) and the KS test (numeric features) of ``batch`` against ``reference``.

    One row per feature with ``psi``, ``ks_statistic``, ``ks_p_value`` (NaN for categorical
    features) and ``alert`` (see :func:`is_alert`).
    """
    features = list(FEATURES if features is None else features)
    require_columns(reference, features, "drift_report's reference")
    require_columns(batch, features, "drift_report's batch")
    rows = {}
    for feature in features:
        row = {"psi": psi(reference[feature], batch[feature])}
        if feature in NUMERIC_FEATURES:
            test = ks_2samp(reference[feature].dropna(), batch[feature].dropna())
            row.update(ks_statistic=float(test.statistic), ks_p_value=float(test.pvalue))
        else:
            row.update(ks_statistic=np.nan, ks_p_value=np.nan)
        row["alert"] = is_alert(row["psi"], row["ks_p_value"])
        rows[feature] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("feature")


def is_alert(psi_value: float, ks_p_value: float = np.nan) -> bool:
    """The alert rule: PSI above :data:`PSI_ALERT` or KS p-value below :data:`KS_ALERT_P`."""
    return bool(psi_value > PSI_ALERT or (not np.isnan(ks_p_value) and ks_p_value < KS_ALERT_P))


def should_retrain(report: pd.DataFrame) -> bool:
    """The retraining trigger: any feature alerts."""
    return bool(report["alert"].any())
