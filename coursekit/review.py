"""The release review of notebook 12: the EU AI Act's requirements for a high-risk credit-scoring
system, the course's evidence for each, and the record of the team's decision.

A teaching aid, not legal advice. Articles are those of Regulation (EU) 2024/1689 (the AI Act) as
adopted (OJ L, 12.7.2024); the one-line summaries paraphrase them, so read the article itself
before relying on one.

The map is computed, not typed: :func:`verified_release` loads the packaged model and its card
only after their checksums match, measures the model again on its gate set and refuses evidence
that does not match what the card says (:class:`EvidenceError`, with the file and the fix);
:func:`evidence_map` then gathers, for each requirement, the artefact the course produced and
what it shows, and names what no notebook produced (a decision log, an owner, a route for
complaints). :func:`technical_documentation` and :func:`review_record` turn the map into the
Markdown a review files.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from coursekit import drift, gate, release
from coursekit.data import expected_sha256, load_prepared_loans, sha256_of
from coursekit.explain import NEVER_A_REASON, approved_reference, letter_contributions
from coursekit.explain import reason_codes as letter_reasons
from coursekit.features import FEATURES, split_loans
from coursekit.paths import data_dir, models_dir, repo_root

STATUSES = ("current", "partial", "gap", "failed")
DECISIONS = ("go", "go with conditions", "no-go")
DECISION_LOG = "decisions.jsonl"  # what Art. 12 would need beside the model; nothing writes it
# The measures the card records and a fresh measurement must reproduce, to this tolerance.
RECOMPUTED = ("roc_auc", "approval_rate", "cost", "selection_gap", "fnr_gap", "calibration_gap")
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Requirement:
    """One duty of the AI Act for a high-risk system, in a sentence."""

    article: str
    title: str
    asks: str
    duty_of: str  # "provider", "deployer", or "affected person" (a right, not a duty)


REQUIREMENTS = (
    Requirement(
        "Art. 9",
        "risk-management system",
        "identify and evaluate the foreseeable risks, adopt measures, and test against metrics "
        "defined beforehand, over the whole lifecycle",
        "provider",
    ),
    Requirement(
        "Art. 10",
        "data and data governance",
        "training, validation and test data fit for the purpose, with documented preparation, "
        "examined for possible biases",
        "provider",
    ),
    Requirement(
        "Art. 11",
        "technical documentation",
        "documentation with at least the content of Annex IV, drawn up before release and kept "
        "up to date",
        "provider",
    ),
    Requirement(
        "Art. 12",
        "record-keeping",
        "automatic logging of events over the system's lifetime, so that its working can be traced",
        "provider",
    ),
    Requirement(
        "Art. 13",
        "transparency and instructions for use",
        "deployers can interpret the output; instructions state the purpose, the accuracy "
        "and the known limits",
        "provider",
    ),
    Requirement(
        "Art. 14",
        "human oversight",
        "people who understand the system can monitor it, decide not to use it, override it "
        "or stop it",
        "provider",
    ),
    Requirement(
        "Art. 15",
        "accuracy, robustness and cybersecurity",
        "an appropriate, declared level of accuracy; resilience to errors and to attempts to "
        "alter the system",
        "provider",
    ),
    Requirement(
        "Art. 17",
        "quality-management system",
        "written policies and procedures, with responsibilities, for design, testing, changes "
        "and data",
        "provider",
    ),
    Requirement(
        "Art. 43",
        "conformity assessment",
        "for the systems of Annex III, point 5, the internal-control procedure of Annex VI, "
        "before release",
        "provider",
    ),
    Requirement(
        "Art. 72",
        "post-market monitoring",
        "a plan that collects and analyses data on the system's performance over its lifetime",
        "provider",
    ),
    Requirement(
        "Art. 26",
        "obligations of deployers",
        "use as instructed, assign oversight to competent people, monitor, keep the logs, "
        "inform the people affected",
        "deployer",
    ),
    Requirement(
        "Art. 27",
        "fundamental-rights impact assessment",
        "before first use, for credit scoring (Annex III, point 5(b)) among others",
        "deployer",
    ),
    Requirement(
        "Art. 86",
        "right to an explanation",
        "a person affected by a decision based on the system can obtain clear and meaningful "
        "explanations of its role and of the decision's main elements",
        "affected person",
    ),
)
ARTICLES = tuple(requirement.article for requirement in REQUIREMENTS)


class EvidenceError(RuntimeError):
    """An artefact the review needs is missing, altered or stale; the message says how to fix it."""


@dataclass(frozen=True)
class Release:
    """The packaged model, verified: what the review judges."""

    folder: Path
    model: Any
    facts: dict
    holdout: pd.DataFrame
    card: str
    checks: list = field(default_factory=list)

    @property
    def gate_passed(self) -> bool:
        return all(check.passed for check in self.checks)


def _package_files(folder: Path) -> dict[str, Path]:
    stem = folder / gate.MODEL_NAME
    return {
        "model": stem.with_suffix(".skops"),
        "metadata": stem.with_suffix(".json"),
        "checksums": stem.with_suffix(".sha256"),
        "model card": stem.with_suffix(".md"),
        "gate set": folder / gate.HOLDOUT_NAME,
    }


def verified_release(folder: Path | str | None = None) -> Release:
    """The packaged model of ``folder`` (default ``models/``), after checking that it is current.

    Refuses, with :class:`EvidenceError`: a missing file; a model or metadata file that does not
    match its checksum; recorded metrics that a fresh measurement on the gate set does not
    reproduce; a model card that is not the one those metrics render.
    """
    folder = Path(folder) if folder is not None else models_dir()
    files = _package_files(folder)
    missing = [f"{what} ({path.name})" for what, path in files.items() if not path.is_file()]
    fix = "Rebuild the package: `python -m coursekit.gate build` (notebook 10)."
    if missing:
        raise EvidenceError(f"The review needs {', '.join(missing)} in {folder}. {fix}")
    try:
        model = gate.load_gate_model(files["model"])
        facts = gate.verify_checksums(files["model"])
        holdout = gate.load_holdout(files["gate set"])
    except gate.GateInputError as error:
        raise EvidenceError(
            f"The packaged model cannot be trusted as evidence: {error} {fix}"
        ) from None
    recorded = facts.get("metrics", {})
    fresh = gate.measure(model, holdout, intervals=False)
    differ = [
        name
        for name in RECOMPUTED
        if not (
            isinstance(recorded.get(name), int | float)
            and math.isclose(recorded[name], fresh[name], rel_tol=0, abs_tol=TOLERANCE)
        )
    ]
    if differ:
        raise EvidenceError(
            f"The metrics recorded in {files['metadata'].name} are stale: measured again on "
            f"{files['gate set'].name}, {', '.join(differ)} differ. The card describes another "
            f"model or another gate set. {fix}"
        )
    card = files["model card"].read_text(encoding="utf-8")
    if card != gate.render_model_card(recorded, facts):
        raise EvidenceError(
            f"{files['model card'].name} is not the packaged model's card: edited by hand, or "
            f"written for other metrics. {fix}"
        )
    return Release(folder, model, facts, holdout, card, gate.run_checks(recorded))


def verified_data_card(name: str = "loans.csv") -> str:
    """The data card of ``name``, after checking that the data are the ones it describes."""
    card = data_dir() / f"{name.removesuffix('.csv')}.md"
    if not card.is_file():
        raise EvidenceError(f"The data card {card.name} is missing: `git checkout -- data/`.")
    if sha256_of(data_dir() / name) != expected_sha256(name):
        raise EvidenceError(
            f"data/{name} does not match the checksum in its data card {card.name}: the card "
            "describes other data. Restore the file with `git checkout -- data/`."
        )
    return card.read_text(encoding="utf-8")


def _row(article: str, evidence: str, source: str, status: str, detail: str) -> dict:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {status!r}")
    return {
        "article": article,
        "evidence": evidence,
        "source": source,
        "status": status,
        "shows": detail,
    }


def _check(release_: Release, name: str):
    return next(check for check in release_.checks if check.name == name)


def letter_summary(release_: Release) -> dict[str, int]:
    """How many gate-set applicants the model rejects, and how many of their letters cannot be
    sent because a feature that must never be a reason is among the three strongest."""
    X_train, _, _, _ = split_loans(load_prepared_loans())
    applicants = release_.holdout[FEATURES]
    rejected = applicants[release_.model.predict(applicants) == 0]
    reference = approved_reference(release_.model, X_train)
    contributions = letter_contributions(release_.model, rejected, reference)
    blocked = dict.fromkeys(NEVER_A_REASON, 0)
    unsendable = 0
    for index in rejected.index:
        letter = letter_reasons(contributions.loc[index], rejected.loc[index], reference=reference)
        unsendable += not letter.can_be_sent
        for feature in letter.flagged:
            blocked[feature] += 1
    return {"rejected": len(rejected), "cannot be sent": unsendable, **blocked}


def gate_runs_in_ci(root: Path | None = None) -> bool:
    """Whether the CI workflow runs ``make ci`` and that target runs the quality gate."""
    root = root or repo_root()
    workflow, makefile = root / ".github" / "workflows" / "ci.yml", root / "Makefile"
    if not (workflow.is_file() and makefile.is_file()):
        return False
    target = next(
        (
            line
            for line in makefile.read_text(encoding="utf-8").splitlines()
            if line.startswith("ci:")
        ),
        "",
    )
    return "make ci" in workflow.read_text(encoding="utf-8") and "gate" in target.split()


def evidence_map(release_: Release, letters: dict[str, int] | None = None) -> pd.DataFrame:
    """One row per piece of evidence (or missing piece), for every requirement of
    :data:`REQUIREMENTS`: the artefact, where it comes from, its status and what it shows.

    ``letters`` is :func:`letter_summary`'s result (computed here when not given).
    """
    verified_data_card()
    letters = letters if letters is not None else letter_summary(release_)
    m = release_.facts["metrics"]
    criteria = release.criteria_table()
    fairness = [_check(release_, name) for name in ("selection_gap", "fnr_gap")]
    performance = [c for c in release_.checks if c not in fairness]
    failed_fairness = [c.name for c in fairness if not c.passed]
    failed_performance = [c.name for c in performance if not c.passed]
    in_ci = gate_runs_in_ci()
    no_identifiers = not {"first_name", "last_name", "email"} & set(load_prepared_loans())
    logged = (release_.folder / DECISION_LOG).is_file()
    rows = [
        _row(
            "Art. 9",
            "release criteria fixed before any model",
            "coursekit/release.py (notebook 02)",
            "partial",
            f"{len(criteria)} criteria, each judged on a 95 % interval; no risk register with "
            "owners and reviews",
        ),
        _row(
            "Art. 10",
            "data card, checksum verified",
            "data/loans.md (notebook 02)",
            "current",
            "provenance, columns, known problems; the data match the card",
        ),
        _row(
            "Art. 10",
            "bias examination on the gate set",
            "model card, gate (notebooks 05, 10)",
            "failed" if failed_fairness else "current",
            "; ".join(f"{c.name} upper end {c.value:.3f} (limit {c.limit:.2f})" for c in fairness),
        ),
        _row(
            "Art. 10",
            "no direct identifiers in the training data",
            "data/loans.csv (notebook 09)",
            "current" if no_identifiers else "failed",
            "names and e-mail addresses never reach the model"
            if no_identifiers
            else "direct identifiers found in the training data",
        ),
        _row(
            "Art. 11",
            "model card and this notebook's Annex IV skeleton",
            f"models/{gate.MODEL_NAME}.md (notebook 10)",
            "partial",
            "covers purpose, data, metrics, limits; Annex IV's other sections are open",
        ),
        _row(
            "Art. 12",
            "log of individual decisions",
            f"models/{DECISION_LOG}",
            "partial" if logged else "gap",
            "a log file exists; nobody has checked what it records"
            if logged
            else "nothing records each decision's inputs, score, model version, time and reviewer",
        ),
        _row(
            "Art. 13",
            "intended use and limits in the model card",
            f"models/{gate.MODEL_NAME}.md (notebook 10)",
            "current"
            if "## Intended use" in release_.card and "## Limits" in release_.card
            else "gap",
            "decision support for an officer; not for automatic rejection",
        ),
        _row(
            "Art. 14",
            "an officer decides; the referral band",
            "model card, notebook 04 section 7",
            "partial",
            "oversight is designed, but the officers who would review penalised group B: "
            "nobody audits the reviewers yet",
        ),
        _row(
            "Art. 15",
            "the quality gate's performance checks",
            "coursekit/gate.py (notebook 10)",
            "failed" if failed_performance else "current",
            f"ROC-AUC {m['roc_auc']:.3f}, lower end {_check(release_, 'roc_auc').value:.3f}; "
            f"{len(performance)} checks, {len(performance) - len(failed_performance)} pass; "
            "skops files behind checksums",
        ),
        _row(
            "Art. 17",
            "the gate in CI",
            ".github/workflows/ci.yml (notebook 10)",
            "partial" if in_ci else "gap",
            "every change is gated; no written quality-management system, no named owner",
        ),
        _row(
            "Art. 43",
            "conformity assessment (internal control, Annex VI)",
            "none",
            "gap",
            "not carried out; no EU declaration of conformity (Art. 47), no registration (Art. 49)",
        ),
        _row(
            "Art. 72",
            "drift monitoring",
            "coursekit/drift.py (notebook 10)",
            "partial",
            f"inputs watched (PSI alert {drift.PSI_ALERT}, test p < {drift.TEST_ALERT_P}); "
            "outcomes arrive months later; no owner or schedule",
        ),
        _row(
            "Art. 26",
            "people assigned to oversight, applicants informed",
            "none",
            "gap",
            "no named, trained officers; no notice that an AI system is used",
        ),
        _row(
            "Art. 27",
            "fundamental-rights impact assessment",
            "none",
            "gap",
            "not carried out",
        ),
        _row(
            "Art. 86",
            "reason codes for every rejected applicant",
            "coursekit/explain.py (notebook 08)",
            "partial",
            f"{letters['rejected']} letters on the gate set; {letters['cannot be sent']} cannot be "
            "sent (age or district among the reasons) and need a person; no route to contest",
        ),
    ]
    table = pd.DataFrame(rows)
    unmapped = set(ARTICLES) - set(table["article"])
    if unmapped:  # every requirement gets a row, if only to say that nothing covers it
        raise AssertionError(f"no evidence row for {sorted(unmapped)}")
    return table


def recommended_decision(table: pd.DataFrame) -> tuple[str, list[str]]:
    """The decision the evidence supports, and the conditions it carries.

    "no-go" when any evidence shows a requirement is not met (a failed check); "go with
    conditions" when nothing failed but some requirement is only partly covered or not at all,
    each such row becoming a condition; "go" only when every row is current. Stale evidence never
    reaches this function: :func:`verified_release` refuses it.
    """
    _require_map(table)
    failed = table[table["status"] == "failed"]
    if not failed.empty:
        return "no-go", [f"{r.article}: {r.evidence}" for r in failed.itertuples()]
    open_rows = table[table["status"].isin(["partial", "gap"])]
    if open_rows.empty:
        return "go", []
    return "go with conditions", [f"{r.article}: {r.evidence}" for r in open_rows.itertuples()]


def _require_map(table: Any) -> None:
    if not isinstance(table, pd.DataFrame) or not {"article", "status"} <= set(table.columns):
        raise TypeError("Pass the table evidence_map() returns (columns article and status).")
    unknown = set(table["status"]) - set(STATUSES)
    if unknown:
        raise ValueError(f"Unknown status {sorted(unknown)}: use one of {STATUSES}.")


def technical_documentation(release_: Release, table: pd.DataFrame) -> str:
    """An Annex IV-style skeleton, filled from measured values, with what is still open.

    Annex IV's nine points are paraphrased in the headings; read the annex for the full list.
    """
    _require_map(table)
    m, facts = release_.facts["metrics"], release_.facts
    versions = ", ".join(f"{k} {v}" for k, v in facts.get("versions", {}).items())
    groups = "; ".join(
        f"group {g}: selection rate {v['selection_rate']:.3f}, FNR {v['fnr']:.3f}"
        for g, v in m["groups"].items()
    )
    checks = "\n".join(f"  * {c.line()}" for c in release_.checks)
    open_items = "\n".join(
        f"* [ ] {r.article}: {r.evidence}: {r.shows}"
        for r in table.itertuples()
        if r.status in ("partial", "gap")
    )
    return f"""# Technical documentation (Annex IV skeleton): {facts.get("name", gate.MODEL_NAME)}

## 1. General description
* Intended purpose: decision support for personal-loan applications; an officer decides.
* Provider: the course's fictional lender. Version: {facts.get("name", gate.MODEL_NAME)}
  ({versions}).
* Form: a skops file behind checksums, judged by `python -m coursekit.gate`.

## 2. Elements and development
* Model: logistic regression in a scikit-learn pipeline, trained on `{facts["target"]}`,
  deciding at {facts["threshold"]:.2f} (the cost matrix's threshold).
* Data: data/loans.md (checksum verified); features: {", ".join(FEATURES)}.
* Validation: {m["rows"]} gate-set applications kept back from every earlier choice.

## 3. Monitoring, functioning and control
* Per group on the gate set: {groups}.
* Human oversight: see Art. 14 below; limits: see the model card's Limits.

## 4. Appropriateness of the performance metrics
* Cost matrix (wrong approval 3, wrong rejection 1), ROC-AUC {m["roc_auc"]:.3f}, gaps between
  groups judged on the upper ends of 95 % intervals:
{checks}

## 5. Risk-management system
* Release criteria of coursekit/release.py, agreed before any model (notebook 02).

## 6. Changes over the lifecycle
* [ ] Not kept yet: a change log with who approved each change.

## 7. Standards applied
* [ ] None recorded.

## 8. EU declaration of conformity
* [ ] Not drawn up (Art. 47).

## 9. Post-market monitoring plan
* Drift checks of coursekit/drift.py (PSI alert {drift.PSI_ALERT}).
* [ ] Outcome monitoring (repayment, by group) and an owner.

## Open items from the evidence map
{open_items}
"""


def review_record(
    table: pd.DataFrame,
    decision: str,
    decided_by: str,
    reasons: str,
    conditions: list[str] | tuple[str, ...] = (),
) -> str:
    """The release-review record as Markdown: the decision, who took it, why, on what evidence."""
    _require_map(table)
    decision = normalised_decision(decision)
    if not isinstance(decided_by, str) or not decided_by.strip():
        raise ValueError(
            "decided_by must name who decided (a role or a person), e.g. 'head of lending'."
        )
    if not isinstance(reasons, str) or not reasons.strip():
        raise ValueError(
            "reasons must say why, in a sentence: a record without them decides nothing."
        )
    if decision == "go with conditions" and not conditions:
        raise ValueError(
            "A go with conditions needs its conditions: list them, each with an owner."
        )
    counts = table["status"].value_counts().reindex(STATUSES, fill_value=0)
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    evidence = "\n".join(f"| {r.article} | {r.evidence} | {r.status} |" for r in table.itertuples())
    listed = "\n".join(f"* [ ] {c}" for c in conditions) or "* none"
    return f"""# Release review: {gate.MODEL_NAME}

**Decision: {decision}.** Decided by: {decided_by.strip()}.

Why: {reasons.strip()}

## Conditions
{listed}

## Evidence ({summary})
| requirement | evidence | status |
|---|---|---|
{evidence}
"""


def normalised_decision(decision: Any) -> str:
    """One of :data:`DECISIONS`, from the ways people write them ("Go-with-conditions", "no go")."""
    if not isinstance(decision, str):
        raise ValueError(f"The decision is text, one of {list(DECISIONS)}; got {decision!r}.")
    words = decision.strip().lower().replace("-", " ").replace("_", " ")
    words = " ".join(words.split())
    if words == "no go":
        words = "no-go"
    if words not in DECISIONS:
        raise ValueError(f"{decision!r} is not a decision: use one of {list(DECISIONS)}.")
    return words


def save_documents(release_: Release, table: pd.DataFrame, record: str) -> dict[str, Path]:
    """Write the Annex IV skeleton and the record beside the model; returns their paths."""
    paths = {
        "technical documentation": release_.folder / "technical_documentation.md",
        "review record": release_.folder / "release_review.md",
        "evidence map": release_.folder / "evidence_map.json",
    }
    paths["technical documentation"].write_text(
        technical_documentation(release_, table), encoding="utf-8"
    )
    paths["review record"].write_text(record, encoding="utf-8")
    paths["evidence map"].write_text(
        json.dumps(table.to_dict(orient="records"), indent=1), encoding="utf-8"
    )
    return paths
