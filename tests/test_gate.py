"""The quality gate's command line: passes the shipped model, stops degraded and biased ones,
and answers bad input with a message and its own exit code, never a traceback."""

import subprocess
import sys
from functools import cache

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier

from coursekit import gate, load_loans
from coursekit.features import RANDOM_STATE, split_loans
from coursekit.modeling import make_pipeline_for
from coursekit.paths import repo_root


@cache
def _split():
    return split_loans(load_loans())


def run_gate(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "coursekit.gate", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gate")
    result = run_gate("build", "--out", "out", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder


def check(folder, model, holdout="out/holdout.csv", *extra):
    return run_gate("check", "--model", model, "--holdout", holdout, *extra, cwd=folder)


def save(folder, model, name):
    joblib.dump(model, folder / name)
    return name


def test_shipped_model_passes(built):
    result = check(built, "out/loan_approval_v2.joblib")
    assert result.returncode == gate.EXIT_PASSED, result.stdout + result.stderr
    assert result.stdout.count("PASS ") == 3 and "GATE PASSED" in result.stdout
    assert (built / "out" / "loan_approval_v2.md").read_text().startswith("# Model card")


def test_stricter_limit_fails_the_shipped_model(built):
    result = check(built, "out/loan_approval_v2.joblib", "out/holdout.csv", "--min-auc", "0.9")
    assert result.returncode == gate.EXIT_GATE_FAILED
    assert "FAIL  roc_auc" in result.stdout


def test_model_that_learned_nothing_fails_on_auc(built):
    X_train, _, y_train, _ = _split()
    dummy = make_pipeline_for(DummyClassifier(strategy="prior")).fit(X_train, y_train)
    result = check(built, save(built, dummy, "dummy.joblib"))
    assert result.returncode == gate.EXIT_GATE_FAILED
    assert "FAIL  roc_auc" in result.stdout and "GATE FAILED" in result.stdout


def test_model_trained_on_shuffled_labels_fails_on_auc(built):
    X_train, _, _, _ = _split()
    shuffled = np.random.default_rng(RANDOM_STATE).permutation(X_train["repaid"].to_numpy())
    model = gate.build_course_model(X_train.assign(repaid=shuffled))
    result = check(built, save(built, model, "shuffled.joblib"))
    assert result.returncode == gate.EXIT_GATE_FAILED
    assert "FAIL  roc_auc" in result.stdout


def test_biased_original_model_fails_on_fairness(built):
    X_train, _, y_train, _ = _split()
    model = gate.build_original_model(X_train, y_train)
    name = save(built, model, "original.joblib")
    result = check(built, name, "out/holdout.csv", "--threshold", "0.73")
    assert result.returncode == gate.EXIT_GATE_FAILED
    assert "PASS  roc_auc" in result.stdout
    assert "FAIL  selection_gap" in result.stdout and "FAIL  fnr_gap" in result.stdout


@pytest.mark.parametrize(
    ("model", "holdout", "code", "words"),
    [
        ("out/missing.joblib", "out/holdout.csv", gate.EXIT_MISSING_FILE, "No model file"),
        ("out/loan_approval_v2.joblib", "nowhere.csv", gate.EXIT_MISSING_FILE, "No holdout"),
        ("out/loan_approval_v2.joblib", "wrong_columns.csv", gate.EXIT_BAD_HOLDOUT, "lacks"),
        ("not_a_model.joblib", "out/holdout.csv", gate.EXIT_BAD_MODEL, "predict_proba"),
        ("garbage.joblib", "out/holdout.csv", gate.EXIT_BAD_MODEL, "Could not load"),
    ],
)
def test_bad_input_gets_a_message_and_its_own_exit_code(built, model, holdout, code, words):
    pd.read_csv(built / "out" / "holdout.csv").drop(columns=["group"]).to_csv(
        built / "wrong_columns.csv", index=False
    )
    save(built, {"weights": [1, 2]}, "not_a_model.joblib")
    (built / "garbage.joblib").write_bytes(b"not a pickle at all")
    result = check(built, model, holdout)
    assert result.returncode == code, result.stdout + result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr


def test_tampered_model_is_refused(built):
    tampered = built / "tampered"
    tampered.mkdir(exist_ok=True)
    for suffix in (".joblib", ".json", ".sha256"):
        source = built / "out" / f"loan_approval_v2{suffix}"
        (tampered / source.name).write_bytes(source.read_bytes())
    with open(tampered / "loan_approval_v2.joblib", "ab") as file:
        file.write(b"\0")
    result = check(built, "tampered/loan_approval_v2.joblib")
    assert result.returncode == gate.EXIT_CHECKSUM
    assert "checksum" in result.stderr


def test_wrong_command_line_is_a_usage_error(built):
    assert run_gate("check", "--model", "x", cwd=built).returncode == gate.EXIT_USAGE


def test_exit_codes_are_distinct():
    codes = [
        gate.EXIT_PASSED,
        gate.EXIT_GATE_FAILED,
        gate.EXIT_USAGE,
        gate.EXIT_MISSING_FILE,
        gate.EXIT_BAD_HOLDOUT,
        gate.EXIT_BAD_MODEL,
        gate.EXIT_CHECKSUM,
    ]
    assert len(set(codes)) == len(codes)


def test_model_card_quotes_the_measured_numbers():
    X_train, X_test, _, _ = _split()
    metrics = gate.measure(gate.build_course_model(X_train), X_test[gate.HOLDOUT_COLUMNS])
    card = gate.render_model_card(metrics)
    assert f"{metrics['roc_auc']:.3f}" in card and f"{metrics['fnr_gap']:.3f}" in card
    for heading in ("## Intended use", "## Limits", "## Versions", "## Fairness"):
        assert heading in card


def test_repo_root_is_where_the_ci_runs_the_gate():
    assert (repo_root() / "coursekit" / "gate.py").is_file()
