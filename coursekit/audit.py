"""Audit of historical decisions: how many approval points a label cost one group (notebook 05).

A model trained on past decisions learns whatever those decisions did, including a penalty
against one group. This module measures that penalty in the *label* with a counterfactual
audit:

1. fit a model of the historical decision on the **reference** group's applicants only (group A),
   using the credit features but neither ``group`` nor its proxy ``district``: it describes how
   the officers treated an A applicant with given credit features;
2. score the **protected** group's applicants (group B) with it: their approval rate "as if the
   officers had treated them as they treated A";
3. compare with B's actual approval rate; the difference is the approval points B lost.

It rests on two assumptions, which the synthetic data satisfy by construction and real data
may not: the credit features hold everything the officers legitimately used (no omitted
variable that differs by group), and the reference group's treatment is the fair standard.

Because ``coursekit.synth`` injects a known penalty, the estimate can be checked against ground
truth (``coursekit.synth.injected_bias()``); ``tests/test_audit.py`` does. Usage::

    from coursekit import load_prepared_loans
    from coursekit.audit import estimate_label_bias
    estimate_label_bias(load_prepared_loans())["points_lost"]   # about 0.17: 17 approval points

Rates and ``points_lost`` are fractions, as in :func:`coursekit.synth.injected_bias`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from coursekit.features import CATEGORICAL_FEATURES, NUMERIC_FEATURES, TARGET, make_preprocessor
from coursekit.validation import require_columns

# The audit's features: every credit feature, but not the proxy (district would let the
# reference model tell the groups apart, which is what the audit must not do).
PROXY_COLUMNS = ("district",)
AUDIT_NUMERIC = tuple(NUMERIC_FEATURES)
AUDIT_CATEGORICAL = tuple(c for c in CATEGORICAL_FEATURES if c not in PROXY_COLUMNS)
# Fewer rows than this in either group and the reference model, or the protected group's
# rate, rests on too little data to be worth reporting.
MIN_ROWS_PER_GROUP = 50


def counterfactual_model(
    numeric: Sequence[str] = AUDIT_NUMERIC, categorical: Sequence[str] = AUDIT_CATEGORICAL
) -> Pipeline:
    """The audit's unfitted model: the course's preprocessor and a logistic regression.

    Logistic regression because the question is an average rate, and its probabilities are
    calibrated when the model suits the data (notebook 04), so their mean is a rate.
    """
    return Pipeline(
        [
            ("preprocess", make_preprocessor(list(numeric), list(categorical))),
            ("classify", LogisticRegression(max_iter=1000)),
        ]
    )


def estimate_label_bias(
    loans: pd.DataFrame,
    *,
    label: str = TARGET,
    group_column: str = "group",
    reference: object = "A",
    protected: object = "B",
    numeric: Sequence[str] = AUDIT_NUMERIC,
    categorical: Sequence[str] = AUDIT_CATEGORICAL,
) -> dict[str, float]:
    """Estimate the approval points the ``protected`` group lost in the historical ``label``.

    Parameters
    ----------
    loans : applications with the feature columns, ``group_column`` and ``label`` (e.g. the
        frame from ``coursekit.load_prepared_loans()`` or ``coursekit.synth.generate_loans()``).
        A gap in a feature is filled by the model's imputer (as in every course pipeline); the
        group and the label must be complete. It is not modified.
    label : the 0/1 historical decision to audit (1 = approved).
    group_column, reference, protected : the column holding the groups, the group whose
        treatment is the standard, and the group audited.
    numeric, categorical : the features of the counterfactual model; by default every credit
        feature except the proxy ``district``. Never ``group`` itself.

    Returns
    -------
    dict with, as fractions between 0 and 1:
        ``reference_rate``: the reference group's actual approval rate;
        ``actual_rate``: the protected group's actual approval rate;
        ``counterfactual_rate``: the protected group's mean approval probability under the
        reference group's treatment;
        ``points_lost``: ``counterfactual_rate - actual_rate`` (0.168 means 16.8 points; a
        negative value means the protected group was treated *better* than the reference).

    Raises
    ------
    TypeError : ``loans`` is not a DataFrame.
    ValueError : a column is missing, the label is not 0/1, the label or the group has missing
        values, the feature lists include the group or the label, the two groups
        are the same, or either group has fewer than ``MIN_ROWS_PER_GROUP`` rows (or the
        reference group has only one kind of decision).
    """
    if not isinstance(loans, pd.DataFrame):
        raise TypeError(
            f"loans must be a pandas DataFrame of applications, got {type(loans).__name__}."
        )
    numeric, categorical = list(numeric), list(categorical)
    features = numeric + categorical
    if not features:
        raise ValueError("Give the counterfactual model at least one feature.")
    for forbidden in (group_column, label):
        if forbidden in features:
            raise ValueError(
                f"{forbidden!r} cannot be a feature of the counterfactual model: the audit asks "
                "what the decision would have been on the credit features alone."
            )
    require_columns(
        loans,
        [group_column, label, *features],
        "The audit",
        f"Pass applications with the features, {group_column!r} and {label!r}, e.g. "
        "coursekit.load_prepared_loans().",
    )
    incomplete = [c for c in [group_column, label] if loans[c].isna().any()]
    if incomplete:
        raise ValueError(
            f"Missing values in {incomplete}; the audit needs every applicant's group and "
            "decision (dropping rows could drop them unevenly by group). Gaps in the features "
            "are fine: the model's imputer fills them."
        )
    if not loans[label].isin([0, 1]).all():
        found = sorted(map(str, set(pd.unique(loans[label])) - {0, 1}))[:5]
        raise ValueError(f"{label!r} must hold only 0 and 1 (1 = approved); found {found}.")
    if reference == protected:
        raise ValueError(f"reference and protected are both {reference!r}; name two groups.")
    rows = {}
    for role, name in (("reference", reference), ("protected", protected)):
        rows[role] = loans[group_column] == name
        count = int(rows[role].sum())
        if count < MIN_ROWS_PER_GROUP:
            present = sorted(map(str, pd.unique(loans[group_column])))
            raise ValueError(
                f"The {role} group {name!r} has {count} rows in {group_column!r} (groups "
                f"present: {present}); the audit needs at least {MIN_ROWS_PER_GROUP}."
            )
    reference_rows = loans.loc[rows["reference"]]
    protected_rows = loans.loc[rows["protected"]]
    if reference_rows[label].nunique() < 2:
        raise ValueError(
            f"Every {reference!r} applicant has the same {label!r}; there is no treatment to "
            "learn from."
        )

    model = counterfactual_model(numeric, categorical)
    model.fit(reference_rows, reference_rows[label].astype(int))
    as_if_reference = model.predict_proba(protected_rows)[:, 1]
    actual = float(protected_rows[label].mean())
    counterfactual = float(np.mean(as_if_reference))
    return {
        "reference_rate": float(reference_rows[label].mean()),
        "actual_rate": actual,
        "counterfactual_rate": counterfactual,
        "points_lost": counterfactual - actual,
    }
