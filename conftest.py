"""Root conftest: learner notebooks run with nbval-lax, solutions with strict nbval.

pytest's options are global, so `--nbval` (strict) is set in pyproject.toml and this hook
turns output comparison off for the learner notebooks in notebooks/, which are committed
without outputs: they only have to run top to bottom without an exception.
"""

from pathlib import Path

import pytest

LEARNER_DIR = Path(__file__).parent / "notebooks"


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    collectors = yield
    if file_path.suffix == ".ipynb" and file_path.parent == LEARNER_DIR:
        for collector in collectors or []:
            collector.compare_outputs = False  # what --nbval-lax sets
    return collectors
