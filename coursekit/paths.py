"""Where the course's folders are, from any working directory."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_VARIABLE = "COURSEKIT_DATA_DIR"


def repo_root() -> Path:
    """The course repository: the folder that holds ``coursekit/``, ``data/`` and ``notebooks/``.

    The package is installed in editable mode (``pip install -e .``), so it lives in the
    repository and the root is its parent folder.
    """
    return Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The folder of the course's data files.

    ``$COURSEKIT_DATA_DIR`` wins when set (e.g. on a JupyterHub with shared read-only data);
    otherwise it is ``data/`` in the repository.
    """
    override = os.environ.get(DATA_DIR_VARIABLE)
    folder = Path(override) if override else repo_root() / "data"
    if not folder.is_dir():
        raise FileNotFoundError(
            f"The course's data folder {folder} does not exist. Install the helper package "
            "from the course repository with `pip install -e .` (see README.md), or set "
            f"{DATA_DIR_VARIABLE} to the folder that holds loans.csv."
        )
    return folder


def models_dir() -> Path:
    """``models/`` in the repository (ignored by git), created on first use."""
    folder = repo_root() / "models"
    folder.mkdir(exist_ok=True)
    return folder
