"""Where the course's folders are, from any working directory."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_VARIABLE = "COURSEKIT_DATA_DIR"
WORKSPACE_VARIABLE = "COURSEKIT_WORKSPACE"


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


def workspace_dir() -> Path:
    """Where a learner's own files go (``models/`` in it): the repository, or
    ``$COURSEKIT_WORKSPACE`` when set (``~`` is the user's home).

    On a JupyterHub every participant shares one installed course, so the hub sets the variable
    to ``~``, each user's home (workshop/jupyterhub_config.py): otherwise forty people would
    write the same ``models/`` folder at once, or fail where the shared install is read-only.
    """
    override = os.environ.get(WORKSPACE_VARIABLE)
    if not override:
        return repo_root()
    folder = Path(override).expanduser()
    if not folder.is_dir():
        raise FileNotFoundError(
            f"{WORKSPACE_VARIABLE} is set to {folder}, which is not a folder. Create it, or "
            "unset the variable to keep models/ in the course repository."
        )
    return folder


def models_dir() -> Path:
    """``models/`` in the workspace (the repository, where git ignores it), created on first
    use."""
    folder = workspace_dir() / "models"
    folder.mkdir(exist_ok=True)
    return folder
