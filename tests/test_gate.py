"""The quality gate: passes the shipped model, stops degraded and biased ones, cannot be talked
past (its own threshold and limits, checksums that fail closed, a saving in money that approving
everyone cannot fake), and answers bad input with a message and its own exit code."""

import json
import subprocess
import sys
from functools import cache

import numpy as np
import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from coursekit import gate, load_loans, load_prepared_loans, release
from coursekit.features import RANDOM_STATE, split_loans
from coursekit.modeling import make_pipeline_for
from coursekit.paths import repo_root


@cache
def _split():
    return split_loans(load_prepared_loans())


def run_gate(*args, cwd):
    """The gate as CI runs it: a separate process."""
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


def judge(folder, model, holdout="out/holdout.csv", capsys=None):
    """``check`` in this process (faster than a subprocess): exit code and what it printed."""
    code = gate.main(["check", "--model", str(folder / model), "--holdout", str(folder / holdout)])
    out, err = capsys.readouterr()
    return code, out, err


def package(folder, model, name, threshold=gate.SHIPPED_THRESHOLD):
    gate.package(model, name, {"threshold": threshold}, folder)
    return f"{name}.skops"


def shipped_with_intercept_moved_by(shift):
    """The shipped model with every score pushed up (or down): the same ranking, same AUC."""
    model = gate.build_course_model(_split()[0])  # a fresh fit, safe to change
    model.estimator_[-1].intercept_ = model.estimator_[-1].intercept_ + shift
    return model


def test_shipped_model_passes_as_ci_runs_it(built):
    result = run_gate(
        "check",
        "--model",
        "out/loan_approval_v2.skops",
        "--holdout",
        "out/holdout.csv",
        cwd=built,
    )
    assert result.returncode == gate.EXIT_PASSED, result.stdout + result.stderr
    assert result.stdout.count("PASS ") == 6 and "GATE PASSED" in result.stdout
    assert (built / "out" / "loan_approval_v2.md").read_text().startswith("# Model card")


def test_checks_are_judged_on_the_end_of_the_interval_hardest_on_the_model():
    X_train, X_test, _, _ = _split()
    metrics = gate.measure(gate.build_course_model(X_train), X_test[gate.HOLDOUT_COLUMNS])
    checks = {c.name: c for c in gate.run_checks(metrics)}
    assert checks["roc_auc"].value == checks["roc_auc"].low < checks["roc_auc"].estimate
    assert checks["fnr_gap"].value == checks["fnr_gap"].high > checks["fnr_gap"].estimate
    # a two-sided limit is judged on the end farther from zero
    calibration = checks["calibration_gap"]
    assert abs(calibration.value) == max(abs(calibration.low), abs(calibration.high))
    # the same model fails a floor its estimate meets but its lower end does not
    auc = checks["roc_auc"]
    stricter = gate.run_checks(metrics, min_auc=(auc.low + auc.estimate) / 2)
    assert not next(c for c in stricter if c.name == "roc_auc").passed


def test_model_that_learned_nothing_fails(built, capsys):
    X_train, _, y_train, _ = _split()
    dummy = make_pipeline_for(DummyClassifier(strategy="prior")).fit(X_train, y_train)
    code, out, _ = judge(built, package(built, dummy, "dummy"), capsys=capsys)
    assert code == gate.EXIT_GATE_FAILED
    assert "FAIL  roc_auc" in out and "GATE FAILED" in out


def test_model_trained_on_shuffled_labels_fails_on_auc(built, capsys):
    X_train = _split()[0]
    shuffled = np.random.default_rng(RANDOM_STATE).permutation(X_train["repaid"].to_numpy())
    model = gate.build_course_model(X_train.assign(repaid=shuffled))
    code, out, _ = judge(built, package(built, model, "shuffled"), capsys=capsys)
    assert code == gate.EXIT_GATE_FAILED and "FAIL  roc_auc" in out


def test_biased_original_model_fails_on_fairness(built, capsys):
    X_train, _, y_train, _ = _split()
    model = gate.build_original_model(X_train, y_train)
    code, out, _ = judge(built, package(built, model, "original"), capsys=capsys)
    assert code == gate.EXIT_GATE_FAILED
    assert "PASS  roc_auc" in out
    assert "FAIL  selection_gap" in out and "FAIL  fnr_gap" in out


# --- the cheats --------------------------------------------------------------------------


def test_approving_nearly_everyone_cannot_pass_on_gaps_of_zero(built, capsys):
    """Scores pushed up keep the AUC and shrink both gaps to nothing; calibration catches it.

    It approves 98.8 % of the gate set, and the few it rejects are mostly non-repayers, so it
    even saves a little over approving everyone and over rejecting everyone: every check but
    calibration passes. Its scores overstate repayment by 0.19 on average, so they are not the
    probabilities the gate's threshold assumes.
    """
    code, out, _ = judge(
        built, package(built, shipped_with_intercept_moved_by(+2), "approve_all"), capsys=capsys
    )
    assert code == gate.EXIT_GATE_FAILED
    assert "approval rate 98.8%" in out
    assert "PASS  roc_auc" in out and "PASS  selection_gap" in out and "PASS  fnr_gap" in out
    assert "PASS  saving_vs_approve_all" in out and "PASS  saving_vs_reject_all" in out
    assert "FAIL  calibration_gap" in out and "GATE FAILED: calibration_gap." in out


@pytest.mark.parametrize("shift", [+0.5, -0.5])
def test_scores_shifted_either_way_fail_calibration(shift):
    """Half a unit of log-odds up or down: the ranking, and so the AUC, is the same."""
    holdout = gate.gate_set()
    metrics = gate.measure(shipped_with_intercept_moved_by(shift), holdout)
    checks = {c.name: c for c in gate.run_checks(metrics)}
    assert checks["roc_auc"].passed and not checks["calibration_gap"].passed
    assert np.sign(checks["calibration_gap"].estimate) == np.sign(shift)
    shipped = {
        c.name: c
        for c in gate.run_checks(gate.measure(shipped_with_intercept_moved_by(0), holdout))
    }
    assert shipped["calibration_gap"].passed


def test_the_gate_set_is_kept_apart_from_the_course_data():
    """Other applicants than the 5,000 of loans.csv, the same every time, of the agreed size."""
    first, second = gate.gate_set(), gate.gate_set()
    pd.testing.assert_frame_equal(first, second)
    assert len(first) == gate.GATE_SET_SIZE
    loans = load_loans()[gate.HOLDOUT_COLUMNS]
    assert first.merge(loans, how="inner").empty, "a gate-set row is also in loans.csv"


def test_rejecting_nearly_everyone_cannot_pass(built, capsys):
    code, out, _ = judge(
        built, package(built, shipped_with_intercept_moved_by(-4), "reject_all"), capsys=capsys
    )
    assert code == gate.EXIT_GATE_FAILED and "approval rate 0.7%" in out
    assert "PASS  selection_gap" in out and "FAIL  saving_vs_approve_all" in out


def test_a_threshold_or_limit_on_the_command_line_is_refused(built, capsys):
    for option in ("--threshold", "--min-auc", "--max-selection-gap", "--max-fnr-gap"):
        with pytest.raises(SystemExit) as stopped:
            gate.main(["check", "--model", "m.joblib", "--holdout", "h.csv", option, "0"])
        assert stopped.value.code == gate.EXIT_USAGE, option
        assert "unrecognized arguments" in capsys.readouterr().err


def _copy_of_shipped(built, folder_name):
    folder = built / folder_name
    folder.mkdir(exist_ok=True)
    for suffix in (".skops", ".json", ".sha256"):
        source = built / "out" / f"loan_approval_v2{suffix}"
        (folder / source.name).write_bytes(source.read_bytes())
    return folder


def test_edited_metadata_is_refused(built, capsys):
    """The cheat that passed before: a threshold of 0.02 in the model's own .json."""
    folder = _copy_of_shipped(built, "edited")
    facts_path = folder / "loan_approval_v2.json"
    facts = json.loads(facts_path.read_text())
    facts_path.write_text(json.dumps({**facts, "threshold": 0.02}))
    code, _, err = judge(folder, "loan_approval_v2.skops", "../out/holdout.csv", capsys)
    assert code == gate.EXIT_CHECKSUM and "loan_approval_v2.json does not match" in err


def test_a_model_packaged_for_another_threshold_is_refused(built, capsys):
    X_train = _split()[0]
    name = package(built, gate.build_course_model(X_train), "own_threshold", threshold=0.02)
    code, _, err = judge(built, name, capsys=capsys)
    assert code == gate.EXIT_BAD_MODEL and "decides at 0.75" in err


def test_a_threshold_inside_the_model_must_be_the_gates(built, capsys):
    X_train = _split()[0]
    model = gate.build_course_model(X_train).set_params(threshold=0.02)
    code, _, err = judge(built, package(built, model, "inside_threshold"), capsys=capsys)
    assert code == gate.EXIT_BAD_MODEL and "carries its own decision threshold, 0.02" in err


def test_the_shipped_model_decides_as_the_gate_judges_it():
    """The threshold travels with the model: its predict is the gate's decision."""
    X_train, X_test, _, _ = _split()
    model = gate.build_course_model(X_train)
    scores = model.predict_proba(X_test[gate.FEATURES])[:, 1]
    np.testing.assert_array_equal(model.predict(X_test), scores >= gate.SHIPPED_THRESHOLD)


def test_tampered_model_is_refused(built, capsys):
    folder = _copy_of_shipped(built, "tampered")
    with open(folder / "loan_approval_v2.skops", "ab") as file:
        file.write(b"\0")
    code, _, err = judge(folder, "loan_approval_v2.skops", "../out/holdout.csv", capsys)
    assert code == gate.EXIT_CHECKSUM and "does not match its checksum" in err


def test_a_missing_checksum_fails_closed(built, capsys):
    folder = _copy_of_shipped(built, "unsigned")
    (folder / "loan_approval_v2.sha256").unlink()
    code, _, err = judge(folder, "loan_approval_v2.skops", "../out/holdout.csv", capsys)
    assert code == gate.EXIT_CHECKSUM and "no checksum file" in err


def test_a_checksum_file_that_skips_the_metadata_fails_closed(built, capsys):
    folder = _copy_of_shipped(built, "half_signed")
    manifest = folder / "loan_approval_v2.sha256"
    manifest.write_text(manifest.read_text().splitlines()[0] + "\n")
    code, _, err = judge(folder, "loan_approval_v2.skops", "../out/holdout.csv", capsys)
    assert code == gate.EXIT_CHECKSUM and "does not list loan_approval_v2.json" in err


def _holdout(built, name, change):
    frame = change(pd.read_csv(built / "out" / "holdout.csv"))
    frame.to_csv(built / name, index=False)
    return name


def test_missing_outcomes_are_not_counted_as_repaid(built, capsys):
    def blank_a_third(frame):
        frame.loc[frame.index % 3 == 0, "repaid"] = np.nan
        return frame

    code, _, err = judge(
        built, "out/loan_approval_v2.skops", _holdout(built, "blank.csv", blank_a_third), capsys
    )
    assert code == gate.EXIT_UNMEASURABLE and "667 missing 'repaid'" in err


def test_a_group_without_a_repayer_cannot_be_judged(built, capsys):
    def no_repayer_in_b(frame):
        frame.loc[frame["group"] == "B", "repaid"] = 0
        return frame

    code, _, err = judge(
        built, "out/loan_approval_v2.skops", _holdout(built, "lone.csv", no_repayer_in_b), capsys
    )
    assert code == gate.EXIT_UNMEASURABLE and "Group 'B'" in err


def test_outcomes_other_than_zero_and_one_are_refused(built, capsys):
    name = _holdout(
        built, "words.csv", lambda f: f.assign(repaid=f["repaid"].map({1: "yes", 0: "no"}))
    )
    code, _, err = judge(built, "out/loan_approval_v2.skops", name, capsys)
    assert code == gate.EXIT_UNMEASURABLE and "must hold 0 or 1" in err


def test_the_verdict_does_not_depend_on_the_order_or_the_names_of_the_groups():
    X_train, X_test, _, _ = _split()
    model = gate.build_course_model(X_train)
    holdout = X_test[gate.HOLDOUT_COLUMNS]
    swapped = holdout.assign(group=holdout["group"].map({"A": "B", "B": "A"})).iloc[::-1]
    first, second = gate.measure(model, holdout), gate.measure(model, swapped)
    for name in ("roc_auc", "selection_gap", "fnr_gap", "saving_vs_approve_all"):
        assert first[name] == pytest.approx(second[name])
    assert [c.passed for c in gate.run_checks(first)] == [c.passed for c in gate.run_checks(second)]


def test_scores_that_are_not_probabilities_are_refused():
    X_test = _split()[1]

    class Overconfident:
        def predict_proba(self, X):
            return np.column_stack([np.zeros(len(X)), np.full(len(X), 1.5)])

    with pytest.raises(gate.GateInputError, match="in \\[0, 1\\]") as raised:
        gate.measure(Overconfident(), X_test[gate.HOLDOUT_COLUMNS])
    assert raised.value.code == gate.EXIT_BAD_MODEL


@pytest.mark.parametrize(
    ("model", "holdout", "code", "words"),
    [
        ("out/missing.skops", "out/holdout.csv", gate.EXIT_MISSING_FILE, "No model file"),
        ("out/loan_approval_v2.skops", "nowhere.csv", gate.EXIT_MISSING_FILE, "No holdout"),
        ("out/loan_approval_v2.skops", "wrong_columns.csv", gate.EXIT_BAD_HOLDOUT, "lacks"),
        ("not_a_model.skops", "out/holdout.csv", gate.EXIT_BAD_MODEL, "predict_proba"),
        ("garbage.skops", "out/holdout.csv", gate.EXIT_BAD_MODEL, "Could not load"),
        ("unreviewed.skops", "out/holdout.csv", gate.EXIT_BAD_MODEL, "builtins.print"),
        ("pickled.joblib", "out/holdout.csv", gate.EXIT_BAD_MODEL, "not a .skops file"),
    ],
)
def test_bad_input_gets_a_message_and_its_own_exit_code(built, model, holdout, code, words, capsys):
    pd.read_csv(built / "out" / "holdout.csv").drop(columns=["group"]).to_csv(
        built / "wrong_columns.csv", index=False
    )
    package(built, {"weights": [1, 2]}, "not_a_model")
    garbage = built / package(built, None, "garbage")
    garbage.write_bytes(b"not a model file at all")  # and sign it as it is, so the load is tried
    manifest = garbage.with_suffix(".sha256")
    metadata_line = manifest.read_text().splitlines()[1]
    manifest.write_text(f"{gate.sha256_of(garbage)}  garbage.skops\n{metadata_line}\n")
    # a pipeline step that calls print: skops names it, the gate refuses to load it
    package(built, make_pipeline(FunctionTransformer(print), LogisticRegression()), "unreviewed")
    (built / "pickled.joblib").write_bytes(b"whatever it holds, it is not loaded")
    exit_code, out, err = judge(built, model, holdout, capsys)
    assert exit_code == code, out + err
    assert words in err and "Traceback" not in err


def test_wrong_command_line_is_a_usage_error_without_a_traceback(built):
    result = run_gate("check", "--model", "x", cwd=built)
    assert result.returncode == gate.EXIT_USAGE and "Traceback" not in result.stderr


def test_exit_codes_are_distinct():
    codes = [
        gate.EXIT_PASSED,
        gate.EXIT_GATE_FAILED,
        gate.EXIT_USAGE,
        gate.EXIT_MISSING_FILE,
        gate.EXIT_BAD_HOLDOUT,
        gate.EXIT_BAD_MODEL,
        gate.EXIT_CHECKSUM,
        gate.EXIT_UNMEASURABLE,
    ]
    assert len(set(codes)) == len(codes)


def test_roc_auc_by_ranks_is_roc_auc_score_with_ties():
    rng = np.random.default_rng(0)
    for _ in range(20):
        truth = rng.integers(0, 2, 200)
        scores = rng.integers(0, 12, 200) / 11  # many ties
        assert gate.roc_auc_by_ranks(truth, scores) == pytest.approx(roc_auc_score(truth, scores))


def test_model_card_quotes_the_measured_numbers():
    X_train, X_test, _, _ = _split()
    metrics = gate.measure(gate.build_course_model(X_train), X_test[gate.HOLDOUT_COLUMNS])
    card = gate.render_model_card(metrics)
    low, high = metrics["intervals"]["roc_auc"]
    assert f"{metrics['roc_auc']:.3f}" in card and f"{low:.3f} to {high:.3f}" in card
    assert f"{metrics['fnr_gap']:.3f}" in card
    for heading in ("## Intended use", "## Limits", "## Versions", "## Fairness"):
        assert heading in card


def test_the_gate_enforces_the_criteria_agreed_in_notebook_02():
    """One source: the gate's numbers are coursekit.release's, which notebooks 02 and 04 show."""
    assert gate.SHIPPED_THRESHOLD == release.DECISION_THRESHOLD
    assert (gate.MIN_AUC, gate.MAX_SELECTION_GAP, gate.MAX_FNR_GAP, gate.MIN_SAVING) == (
        release.MIN_AUC,
        release.MAX_SELECTION_GAP,
        release.MAX_FNR_GAP,
        release.MIN_SAVING,
    )
    for notebook, uses in [
        ("02_problem_and_data", "criteria_table()"),
        ("04_evaluation", "release."),
    ]:
        source = (repo_root() / "solutions" / f"{notebook}.ipynb").read_text(encoding="utf-8")
        assert uses in source, f"{notebook} no longer shows the agreed criteria"
    table = release.criteria_table()
    assert f">= {release.MIN_AUC:.2f}" in table["limit"].tolist()


def test_repo_root_is_where_the_ci_runs_the_gate():
    assert (repo_root() / "coursekit" / "gate.py").is_file()
