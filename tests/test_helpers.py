"""Unit tests of the smaller helpers: environment check, models, features, benchmark."""

import os

import nbformat
import numpy as np
import pytest
from sklearn.dummy import DummyClassifier

from coursekit import envcheck
from coursekit.authoring.bench import Measurement, floor_notebook, peak_memory_mb, run_notebook
from coursekit.features import FEATURES, make_preprocessor, split_loans
from coursekit.model_files import load_model, save_model
from coursekit.paths import DATA_DIR_VARIABLE, data_dir

# --- envcheck --------------------------------------------------------------------------


def test_pins_are_read_from_requirements():
    pins = envcheck.pinned_requirements()
    assert pins["scikit-learn"].count(".") == 2
    assert "-e ." not in pins


def test_missing_package_is_reported_with_the_fix():
    finding = envcheck.check_package("surely-not-installed-package", "1.0")
    assert not finding.ok and "make install" in finding.detail


def test_version_mismatch_is_reported():
    finding = envcheck.check_package("pytest", "0.0.1")
    assert not finding.ok and "tested with 0.0.1" in finding.detail


def test_old_python_is_reported():
    assert not envcheck.check_python((3, 10, 4)).ok
    assert envcheck.check_python((3, 12, 0)).ok


def test_broken_data_is_reported_not_raised(data_copy, capsys):
    (data_copy / "loans_raw.csv").unlink()
    findings = envcheck.check_environment(packages=["pandas"])
    assert [f.what for f in findings if not f.ok] == ["data/loans_raw.csv"]
    assert "1 thing(s) to fix" in capsys.readouterr().out


def test_unpinned_package_name_is_refused():
    with pytest.raises(ValueError, match="not pinned"):
        envcheck.check_environment(packages=["tensorflow"])


# --- paths, features, models -----------------------------------------------------------


def test_missing_data_dir_explains_the_fix(monkeypatch, tmp_path):
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match="pip install -e"):
        data_dir()


def test_preprocessor_refuses_forbidden_features():
    with pytest.raises(ValueError, match="target leakage"):
        make_preprocessor(numeric=["income", "repaid"])


def test_split_is_stratified_and_keeps_group_for_auditing(loans_small):
    X_train, _, y_train, y_test = split_loans(loans_small)
    assert "group" in X_train.columns and "approved" not in X_train.columns
    assert abs(y_train.mean() - y_test.mean()) < 0.01


def test_split_names_missing_columns(loans_small):
    with pytest.raises(ValueError, match="district"):
        split_loans(loans_small.drop(columns="district"))


def test_save_and_load_model_round_trip(monkeypatch, tmp_path, loans_small):
    monkeypatch.setattr("coursekit.model_files.models_dir", lambda: tmp_path)
    model = DummyClassifier(strategy="prior").fit(loans_small[FEATURES], loans_small["approved"])
    path = save_model(model, "dummy", {"note": "test"})
    assert path.exists() and not [p for p in os.listdir(tmp_path) if p.startswith(".")]
    loaded, facts = load_model("dummy")
    assert facts["note"] == "test" and "scikit-learn" in facts["versions"]
    np.testing.assert_array_equal(
        loaded.predict_proba(loans_small[FEATURES]), model.predict_proba(loans_small[FEATURES])
    )


@pytest.mark.parametrize("name", ["", "../escape", ".hidden"])
def test_save_model_refuses_path_like_names(name):
    with pytest.raises(ValueError, match="plain file stem"):
        save_model(DummyClassifier(), name, {})


def test_load_model_explains_what_to_run(monkeypatch, tmp_path):
    monkeypatch.setattr("coursekit.model_files.models_dir", lambda: tmp_path)
    with pytest.raises(FileNotFoundError, match="Run notebook 01"):
        load_model("never_saved")


@pytest.fixture(scope="module")
def loans_small():
    from coursekit import load_loans

    return load_loans().head(1000)


# --- benchmark -------------------------------------------------------------------------


def test_peak_memory_of_this_process_is_positive():
    assert peak_memory_mb(os.getpid()) > 10


def test_verdicts_apply_the_budgets():
    assert Measurement("a", 10, 300).verdict == "ok"
    assert Measurement("a", 20, 300).verdict.startswith("ok (above")
    assert Measurement("a", 31, 300).verdict == "OVER BUDGET: over 30 s"
    assert "600 MB" in Measurement("a", 5, 700).verdict
    assert "600 MB" in Measurement("a", 5, 300, tree_peak_mb=900).verdict


def test_run_notebook_measures_a_real_kernel(tmp_path):
    # 150 MB of touched memory, held long enough for the 100 ms sampler to see it
    source = "import time\nx = bytes(range(256)) * 600_000\ntime.sleep(0.5)"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    measured = run_notebook(nb, "tiny", tmp_path)
    assert measured.peak_mb > 150
    assert measured.tree_peak_mb > 150
    assert 0 < measured.wall_s < 60
    assert "coursekit" in floor_notebook().cells[0].source
