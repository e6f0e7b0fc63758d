"""The course's shipped model, its model card, and a quality gate that CI runs (notebook 10).

Notebook 05 showed that the model trained on the officers' decisions (``approved``) reproduces
their bias: on the test split it approves group B 19 points less often than group A. The team
ships mitigation (a) of notebook 05 instead: the same logistic regression trained on ``repaid``,
the outcome the costs are really about, deciding at the threshold the cost matrix gives (0.75).
It is the cheapest policy against the truth, its gaps are a quarter of the original's, and it
needs neither the protected attribute at decision time nor a second model.

Command line (run from anywhere; paths are relative to the working directory)::

    python -m coursekit.gate build                # train, save models/ + the holdout set
    python -m coursekit.gate check --model models/loan_approval_v2.joblib \\
        --holdout models/holdout.csv [--min-auc 0.7 --max-selection-gap 0.1 --max-fnr-gap 0.1]

``check`` prints one line per check (value, limit, PASS/FAIL) and exits with
:data:`EXIT_PASSED` only when every check passes; bad input gets a one-line message and its own
exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline

from coursekit.business import cost_optimal_threshold
from coursekit.data import load_loans, sha256_of
from coursekit.features import FEATURES, split_loans
from coursekit.model_files import environment_versions, save_model
from coursekit.modeling import CHOSEN_MODEL, candidate_models
from coursekit.paths import models_dir
from coursekit.validation import MissingColumnsError, require_columns

MODEL_NAME = "loan_approval_v2"
HOLDOUT_NAME = "holdout.csv"
TRUTH = "repaid"  # the gate judges against the outcome, not against the biased decisions
GROUP = "group"
HOLDOUT_COLUMNS = [*FEATURES, GROUP, TRUTH]
# The shipped model decides at the threshold of the cost matrix (wrong approval 3, wrong
# rejection 1): it is trained on the outcome the costs are about, and logistic regression is
# calibrated (notebook 04), so the theoretical threshold applies as it is.
SHIPPED_THRESHOLD = cost_optimal_threshold()

# The limits, agreed by the team with the product manager and compliance (notebooks 04, 05):
# ROC-AUC: the shipped model scores 0.76 on the holdout and the baseline 0.5; 0.70 leaves room
# for the noise of a 1,000-row holdout (a bootstrap interval is about ±0.03 wide) while
# stopping a model that has lost most of what it learned.
MIN_AUC = 0.70
# Gaps between groups, in share points: 0.10 is half the original model's selection gap (0.19)
# and twice the shipped model's (0.04), the size notebook 05 showed a mitigation can reach
# without a large cost. It is a policy choice, written down so that it is argued once, openly.
MAX_SELECTION_GAP = 0.10
MAX_FNR_GAP = 0.10

EXIT_PASSED = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2  # argparse's own code for a wrong command line
EXIT_MISSING_FILE = 3
EXIT_BAD_HOLDOUT = 4
EXIT_BAD_MODEL = 5
EXIT_CHECKSUM = 6


class GateInputError(Exception):
    """Bad input to the gate; ``code`` is the exit code the command line returns."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


# --- the shipped model -------------------------------------------------------------------


def build_course_model(X_train: pd.DataFrame) -> Pipeline:
    """The shipped model: the chosen pipeline of notebook 03, fitted to ``repaid``.

    ``X_train`` is the training split of :func:`coursekit.features.split_loans` (it keeps
    ``repaid``, which is why the target comes from it and not from ``y_train``).
    """
    return candidate_models()[CHOSEN_MODEL].fit(X_train, X_train[TRUTH])


def build_original_model(X_train: pd.DataFrame, y_train: pd.Series) -> Pipeline:
    """The model notebooks 03–05 studied: the same pipeline fitted to ``approved`` (biased)."""
    return candidate_models()[CHOSEN_MODEL].fit(X_train, y_train)


# --- behavioural tests (Made-With-ML style) ---------------------------------------------

# Two applicants whose decisions nobody on the team would argue about (minimum functionality).
STRONG_APPLICANT = {
    "age": 45,
    "income": 95_000.0,
    "employment_years": 15.0,
    "debt_to_income": 0.10,
    "credit_history_years": 20.0,
    "late_payments": 0,
    "loan_amount": 8_000.0,
    "district": "Riverside",
    "purpose": "home_improvement",
    "home_ownership": "own",
}
WEAK_APPLICANT = {
    **STRONG_APPLICANT,
    "age": 23,
    "income": 18_000.0,
    "employment_years": 0.5,
    "debt_to_income": 0.55,
    "credit_history_years": 1.0,
    "late_payments": 4,
    "loan_amount": 15_000.0,
    "home_ownership": "rent",
}


def district_flips(model: Any, X: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Invariance: move every applicant to every other district, all else equal.

    Returns one row per (applicant, other district) with the original and the new score and
    whether the decision flipped. A flip means the model uses where someone lives, which
    here stands in for group (notebook 05).
    """
    X = X.reset_index(drop=True)
    before = np.asarray(model.predict_proba(X[FEATURES]))[:, 1]
    rows = []
    for district in sorted(X["district"].unique()):
        moved = X["district"] != district
        after = np.asarray(model.predict_proba(X.loc[moved, FEATURES].assign(district=district)))
        rows.append(
            pd.DataFrame(
                {
                    "from": X.loc[moved, "district"].to_numpy(),
                    "to": district,
                    "score_before": before[moved.to_numpy()],
                    "score_after": after[:, 1],
                }
            )
        )
    pairs = pd.concat(rows, ignore_index=True)
    pairs["flipped"] = (pairs["score_before"] >= threshold) != (pairs["score_after"] >= threshold)
    return pairs


# --- measuring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One line of the gate's report."""

    name: str
    value: float
    limit: float
    passes_when: str  # ">=" or "<="

    @property
    def passed(self) -> bool:
        if self.passes_when == ">=":
            return bool(self.value >= self.limit)
        return bool(self.value <= self.limit)

    def line(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        return (
            f"{verdict}  {self.name:<16} {self.value:6.3f}   "
            f"(limit: {self.passes_when} {self.limit:.3f})"
        )


def measure(model: Any, holdout: pd.DataFrame, threshold: float = SHIPPED_THRESHOLD) -> dict:
    """Performance and fairness of ``model`` on ``holdout``, deciding at ``threshold``.

    Gaps are the largest minus the smallest rate across groups (always ≥ 0); FNR is measured
    against ``repaid``: the share of applicants who would repay and are rejected.
    """
    scores = np.asarray(model.predict_proba(holdout[FEATURES]))[:, 1]
    decisions = scores >= threshold
    truth = holdout[TRUTH].to_numpy().astype(bool)
    groups = holdout[GROUP].to_numpy()
    per_group = {}
    for name in sorted(pd.unique(groups)):
        in_group = groups == name
        would_repay = in_group & truth
        per_group[str(name)] = {
            "count": int(in_group.sum()),
            "selection_rate": float(decisions[in_group].mean()),
            "fnr": float((~decisions[would_repay]).mean()),
        }
    selection = [g["selection_rate"] for g in per_group.values()]
    fnr = [g["fnr"] for g in per_group.values()]
    return {
        "rows": len(holdout),
        "threshold": float(threshold),
        "roc_auc": float(roc_auc_score(truth, scores)),
        "approval_rate": float(decisions.mean()),
        "selection_gap": float(max(selection) - min(selection)),
        "fnr_gap": float(max(fnr) - min(fnr)),
        "groups": per_group,
    }


def run_checks(
    metrics: dict,
    min_auc: float = MIN_AUC,
    max_selection_gap: float = MAX_SELECTION_GAP,
    max_fnr_gap: float = MAX_FNR_GAP,
) -> list[Check]:
    """The gate's checks on measured ``metrics`` (from :func:`measure`)."""
    return [
        Check("roc_auc", metrics["roc_auc"], min_auc, ">="),
        Check("selection_gap", metrics["selection_gap"], max_selection_gap, "<="),
        Check("fnr_gap", metrics["fnr_gap"], max_fnr_gap, "<="),
    ]


def report(checks: list[Check], metrics: dict) -> str:
    """The readable report ``check`` prints."""
    lines = [
        f"Quality gate on {metrics['rows']} holdout applications, "
        f"threshold {metrics['threshold']:.2f}, judged against '{TRUTH}':"
    ]
    lines += [f"  {c.line()}" for c in checks]
    failed = [c.name for c in checks if not c.passed]
    lines.append(
        f"GATE FAILED: {', '.join(failed)}. Do not ship this model."
        if failed
        else "GATE PASSED: every check within its limit."
    )
    return "\n".join(lines)


# --- the model card ----------------------------------------------------------------------


def render_model_card(metrics: dict, facts: dict | None = None) -> str:
    """A Markdown model card built from measured ``metrics`` (see :func:`measure`)."""
    facts = facts or {}
    versions = facts.get("versions") or environment_versions()
    checks = run_checks(metrics)
    group_rows = "\n".join(
        f"| {name} | {g['count']} | {g['selection_rate']:.1%} | {g['fnr']:.1%} |"
        for name, g in metrics["groups"].items()
    )
    check_rows = "\n".join(
        f"| {c.name} | {c.value:.3f} | {c.passes_when} {c.limit:.2f} | "
        f"{'PASS' if c.passed else 'FAIL'} |"
        for c in checks
    )
    version_text = ", ".join(f"{k} {v}" for k, v in versions.items())
    return f"""# Model card: {facts.get("name", MODEL_NAME)}

## Model
Logistic regression in a scikit-learn pipeline (scaling, one-hot encoding), trained on
`{TRUTH}` (did the applicant repay?), deciding "approve" when the score is at least
{metrics["threshold"]:.2f}, the threshold of the cost matrix (a wrong approval costs 3 units,
a wrong rejection 1). It replaces the model trained on the officers' decisions, which
reproduced their bias against group B (notebook 05).

## Intended use
Decision support for personal-loan applications of the fictional lender: a loan officer sees
the recommendation and decides. Not for other products, other markets, or automatic
rejection without human review.

## Data
Training split of the synthetic `loans` data set (data/loans.md), {", ".join(FEATURES)}.
`group` is never a feature; it is used only to audit. Measured on a holdout of
{metrics["rows"]} applications the model never saw.

## Performance
| metric | value |
|---|---|
| ROC-AUC against `{TRUTH}` | {metrics["roc_auc"]:.3f} |
| approval rate | {metrics["approval_rate"]:.1%} |

## Fairness, per group
| group | applications | selection rate | FNR (repayers rejected) |
|---|---|---|---|
{group_rows}

## Quality gate
| check | value | limit | result |
|---|---|---|---|
{check_rows}

## Limits
* `{TRUTH}` is known only for loans that were granted; on real data the model learns from the
  applicants earlier decisions let through.
* `district` is a proxy for group; the gaps above are measured, not guaranteed, and must be
  re-measured on every new batch (drift monitoring, notebook 10).
* Synthetic data: the numbers describe the course's generator, not a real population.

## Versions
{version_text}
"""


# --- files -------------------------------------------------------------------------------


def build(folder: Path | None = None) -> dict[str, Path]:
    """Train the shipped model on the training split; save it, its card and the holdout.

    Writes ``<name>.joblib`` and ``<name>.json`` (facts and versions, via
    :func:`coursekit.model_files.save_model`), ``<name>.sha256``, ``<name>.md`` (the model card)
    and ``holdout.csv`` (the test split's features, group and truth). ``folder`` defaults to
    ``models/``.
    """
    X_train, X_test, _, _ = split_loans(load_loans())
    model = build_course_model(X_train)
    holdout = X_test[HOLDOUT_COLUMNS]
    metrics = measure(model, holdout)
    facts = {"target": TRUTH, "threshold": SHIPPED_THRESHOLD, "metrics": metrics}
    model_path = save_model(model, MODEL_NAME, facts)
    folder = Path(folder) if folder is not None else models_dir()
    if folder.resolve() != model_path.parent.resolve():
        folder.mkdir(parents=True, exist_ok=True)
        for suffix in (".joblib", ".json"):
            source = model_path.with_suffix(suffix)
            (folder / source.name).write_bytes(source.read_bytes())
        model_path = folder / model_path.name
    sha_path = model_path.with_suffix(".sha256")
    sha_path.write_text(f"{sha256_of(model_path)}  {model_path.name}\n", encoding="utf-8")
    facts_json = json.loads(model_path.with_suffix(".json").read_text(encoding="utf-8"))
    card_path = model_path.with_suffix(".md")
    card_path.write_text(render_model_card(metrics, facts_json), encoding="utf-8")
    holdout_path = folder / HOLDOUT_NAME
    holdout.to_csv(holdout_path, index=False)
    return {"model": model_path, "card": card_path, "holdout": holdout_path, "sha256": sha_path}


def load_holdout(path: Path) -> pd.DataFrame:
    """Read the holdout CSV, or raise :class:`GateInputError` saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise GateInputError(f"No holdout file at {path}.", EXIT_MISSING_FILE)
    try:
        holdout = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise GateInputError(
            f"{path} is not a readable CSV file: {error}", EXIT_BAD_HOLDOUT
        ) from None
    try:
        require_columns(holdout, HOLDOUT_COLUMNS, f"The gate's holdout {path.name}")
    except MissingColumnsError as error:
        raise GateInputError(str(error), EXIT_BAD_HOLDOUT) from None
    if holdout.empty or holdout[GROUP].nunique() < 2 or holdout[TRUTH].nunique() < 2:
        raise GateInputError(
            f"{path.name} needs rows of at least two groups and both outcomes.", EXIT_BAD_HOLDOUT
        )
    return holdout


def load_gate_model(path: Path) -> tuple[Any, float]:
    """Load a model file and its decision threshold, checking its SHA-256 when one is saved.

    The threshold comes from ``<name>.json`` next to the model (written by ``build``), else
    :data:`SHIPPED_THRESHOLD`. Loading a joblib file runs code: only load your own builds.
    """
    path = Path(path)
    if not path.is_file():
        raise GateInputError(f"No model file at {path}.", EXIT_MISSING_FILE)
    sha_path = path.with_suffix(".sha256")
    if sha_path.is_file():
        expected = sha_path.read_text(encoding="utf-8").split()[0]
        if sha256_of(path) != expected:
            raise GateInputError(
                f"{path.name} does not match its checksum in {sha_path.name}: it is not the "
                "file that was built. Refusing to load it.",
                EXIT_CHECKSUM,
            )
    try:
        model = joblib.load(path)
    except Exception as error:  # noqa: BLE001 - any unpickling failure means "not a model"
        raise GateInputError(
            f"Could not load {path.name} as a model ({type(error).__name__}).", EXIT_BAD_MODEL
        ) from None
    if not callable(getattr(model, "predict_proba", None)):
        raise GateInputError(
            f"{path.name} holds a {type(model).__name__}, which has no predict_proba(); the "
            "gate needs scores to measure ROC-AUC.",
            EXIT_BAD_MODEL,
        )
    threshold = SHIPPED_THRESHOLD
    facts_path = path.with_suffix(".json")
    if facts_path.is_file():
        threshold = float(
            json.loads(facts_path.read_text(encoding="utf-8")).get("threshold", threshold)
        )
    return model, threshold


# --- command line ------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m coursekit.gate",
        description="Build the course's shipped model, or check a model against the gate.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="train and save the shipped model + holdout")
    build_cmd.add_argument("--out", type=Path, default=None, help="folder (default models/)")
    check = commands.add_parser("check", help="run the quality gate on a model")
    check.add_argument("--model", type=Path, required=True)
    check.add_argument("--holdout", type=Path, required=True)
    check.add_argument("--threshold", type=float, default=None, help="default: the model's")
    check.add_argument("--min-auc", type=float, default=MIN_AUC)
    check.add_argument("--max-selection-gap", type=float, default=MAX_SELECTION_GAP)
    check.add_argument("--max-fnr-gap", type=float, default=MAX_FNR_GAP)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    if args.command == "build":
        paths = build(args.out)
        for what, path in paths.items():
            print(f"wrote {what}: {path.name}")
        return EXIT_PASSED
    try:
        model, threshold = load_gate_model(args.model)
        holdout = load_holdout(args.holdout)
        try:
            metrics = measure(
                model, holdout, threshold if args.threshold is None else args.threshold
            )
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
            raise GateInputError(
                f"The model could not score the holdout ({type(error).__name__}: {error}).",
                EXIT_BAD_MODEL,
            ) from None
    except GateInputError as error:
        print(f"gate error: {error}", file=sys.stderr)
        return error.code
    checks = run_checks(metrics, args.min_auc, args.max_selection_gap, args.max_fnr_gap)
    print(report(checks, metrics))
    return EXIT_PASSED if all(c.passed for c in checks) else EXIT_GATE_FAILED


if __name__ == "__main__":
    sys.exit(main())
