"""The release review (coursekit/review.py): evidence is refused when missing or stale, every
requirement gets a row, and the decision and its record follow the written rule."""

from __future__ import annotations

import json
import re
import shutil

import pandas as pd
import pytest

from coursekit import gate, review


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    folder = tmp_path_factory.mktemp("package")
    gate.build(folder)
    return folder


@pytest.fixture()
def copy(package, tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(package, target)
    return target


@pytest.fixture(scope="module")
def shipped_map(package):
    shipped = review.verified_release(package)
    return shipped, review.evidence_map(shipped)


def test_the_packaged_model_is_accepted_and_every_requirement_gets_a_row(shipped_map):
    shipped, table = shipped_map
    assert shipped.gate_passed
    assert set(table["article"]) == set(review.ARTICLES)
    assert set(table["status"]) <= set(review.STATUSES)
    letters = table.loc[table["article"] == "Art. 86", "shows"].item()
    assert "letters on the gate set" in letters and "cannot be sent" in letters
    # what no notebook produced is named, not left out
    assert table.loc[table["article"] == "Art. 12", "status"].item() == "gap"
    assert review.recommended_decision(table)[0] == "go with conditions"


@pytest.mark.parametrize("name", ["loan_approval_v2.md", "holdout.csv", "loan_approval_v2.sha256"])
def test_a_missing_file_is_named_with_the_fix(copy, name):
    (copy / name).unlink()
    with pytest.raises(review.EvidenceError, match=rf"{re.escape(name)}.*coursekit\.gate build"):
        review.verified_release(copy)


def test_an_altered_model_file_fails_its_checksum(copy):
    model = copy / "loan_approval_v2.skops"
    model.write_bytes(model.read_bytes() + b"\0")
    with pytest.raises(review.EvidenceError, match="does not match its checksum"):
        review.verified_release(copy)


def test_recorded_metrics_that_a_fresh_measurement_does_not_reproduce_are_stale(copy):
    facts_path = copy / "loan_approval_v2.json"
    facts = json.loads(facts_path.read_text())
    facts["metrics"]["roc_auc"] += 0.01  # "a little better"
    facts_path.write_text(json.dumps(facts))
    manifest = "".join(
        f"{gate.sha256_of(p)}  {p.name}\n" for p in (copy / "loan_approval_v2.skops", facts_path)
    )
    (copy / "loan_approval_v2.sha256").write_text(manifest)  # checksums redone to match
    with pytest.raises(review.EvidenceError, match=r"stale.*roc_auc"):
        review.verified_release(copy)


def test_a_card_edited_by_hand_is_refused(copy):
    card = copy / "loan_approval_v2.md"
    card.write_text(card.read_text().replace("ROC-AUC", "ROC AUC"))
    with pytest.raises(review.EvidenceError, match="not the packaged model's card"):
        review.verified_release(copy)


def test_data_that_do_not_match_their_card_are_refused(monkeypatch):
    monkeypatch.setattr(review, "sha256_of", lambda path: "0" * 64)
    with pytest.raises(review.EvidenceError, match="does not match the checksum in its data card"):
        review.verified_data_card()


def _map(*statuses):
    return pd.DataFrame(
        {
            "article": [f"Art. {9 + i}" for i in range(len(statuses))],
            "evidence": [f"e{i}" for i in range(len(statuses))],
            "status": list(statuses),
        }
    )


@pytest.mark.parametrize(
    ("statuses", "decision", "conditions"),
    [
        (("current", "current"), "go", 0),
        (("current", "partial", "gap"), "go with conditions", 2),
        (("failed", "partial", "current"), "no-go", 1),
    ],
)
def test_the_written_rule_decides(statuses, decision, conditions):
    got, listed = review.recommended_decision(_map(*statuses))
    assert got == decision and len(listed) == conditions


def test_a_map_with_an_unknown_status_is_refused():
    with pytest.raises(ValueError, match="Unknown status"):
        review.recommended_decision(_map("current", "stale"))
    with pytest.raises(TypeError, match="evidence_map"):
        review.recommended_decision([("Art. 9", "current")])


@pytest.mark.parametrize(
    "written", ["go", "Go", "no go", "No-Go", "go-with-conditions", " go  with conditions "]
)
def test_decisions_are_read_as_people_write_them(written):
    assert review.normalised_decision(written) in review.DECISIONS


def test_the_record_needs_a_decision_a_name_reasons_and_conditions(shipped_map):
    _, table = shipped_map
    record = review.review_record(table, "go with conditions", "head of lending", "why", ["c1"])
    assert "**Decision: go with conditions.** Decided by: head of lending." in record
    assert "* [ ] c1" in record and "| Art. 12 | log of individual decisions | gap |" in record
    with pytest.raises(ValueError, match="not a decision"):
        review.review_record(table, "ship it", "head of lending", "why")
    with pytest.raises(ValueError, match="decided_by must name who decided"):
        review.review_record(table, "no-go", " ", "why")
    with pytest.raises(ValueError, match="reasons must say why"):
        review.review_record(table, "no-go", "head of lending", "")
    with pytest.raises(ValueError, match="needs its conditions"):
        review.review_record(table, "go with conditions", "head of lending", "why")


def test_the_documentation_skeleton_carries_measured_values_and_open_items(shipped_map):
    shipped, table = shipped_map
    text = review.technical_documentation(shipped, table)
    assert f"ROC-AUC {shipped.facts['metrics']['roc_auc']:.3f}" in text
    assert text.count("\n## ") == 10  # Annex IV's nine points and the open items
    assert "* [ ] Art. 12: log of individual decisions" in text
