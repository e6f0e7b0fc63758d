"""Shared fixtures: a private copy of data/ for tests that damage files."""

import shutil

import pytest

from coursekit.paths import DATA_DIR_VARIABLE, repo_root


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that the loaders use for the duration of one test."""
    copy = tmp_path / "data"
    shutil.copytree(repo_root() / "data", copy)
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(copy))
    return copy
