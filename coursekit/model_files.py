"""Save and load trained models together with the facts needed to trust them later."""

from __future__ import annotations

import json
import os
import platform
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

import joblib

from coursekit.paths import models_dir

RECORDED_PACKAGES = ("scikit-learn", "numpy", "pandas", "scipy", "joblib", "skops")
FORMATS = ("joblib", "skops")


def environment_versions() -> dict[str, str]:
    """Python and the versions of the packages a pickled scikit-learn model depends on."""
    versions = {"python": platform.python_version()}
    versions.update({name: metadata.version(name) for name in RECORDED_PACKAGES})
    return versions


def save_model(
    model: Any,
    name: str,
    facts: dict[str, Any],
    folder: Path | None = None,
    file_format: str = "joblib",
) -> Path:
    """Save ``model`` as ``<folder>/<name>.<file_format>`` and ``facts`` plus versions as
    ``<name>.json``.

    ``file_format`` is ``"joblib"`` (a pickle: loading it runs code, so load only your own) or
    ``"skops"`` (data plus a list of the types needed to rebuild the model, checked before
    loading; what the quality gate loads). ``folder`` defaults to ``models/``. Both files are
    written to a temporary name and then renamed, so a notebook running at the same time never
    reads half a file. Returns the path of the model file.
    """
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"name must be a plain file stem like 'loan_approval_v1', got {name!r}.")
    if file_format not in FORMATS:
        raise ValueError(f"file_format must be one of {FORMATS}, got {file_format!r}.")
    folder = models_dir() if folder is None else Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    card = {"name": name, **facts, "versions": environment_versions()}
    model_path = folder / f"{name}.{file_format}"
    if file_format == "skops":
        import skops.io as sio  # here: only the gate's files need it

        _atomic_write(model_path, lambda f: f.write(sio.dumps(model)))
    else:
        _atomic_write(model_path, lambda f: joblib.dump(model, f))
    text = json.dumps(card, indent=2, sort_keys=True, default=str) + "\n"
    _atomic_write(folder / f"{name}.json", lambda f: f.write(text.encode("utf-8")))
    return model_path


def load_model(name: str) -> tuple[Any, dict[str, Any]]:
    """Load ``models/<name>.joblib`` and its facts. Only load models you made yourself:
    unpickling runs code (notebook 10 shows safer formats)."""
    path = models_dir() / f"{name}.joblib"
    if not path.is_file():
        raise FileNotFoundError(
            f"No saved model {path.name} in {path.parent}. Run notebook 01 (it saves "
            f"{name}) first, or check the name."
        )
    facts = json.loads((models_dir() / f"{name}.json").read_text(encoding="utf-8"))
    return joblib.load(path), facts


def _atomic_write(path: Path, write) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            write(file)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
