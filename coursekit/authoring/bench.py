"""Benchmark: run each notebook in a fresh kernel; report wall time and kernel peak memory.

Usage::

    python -m coursekit.authoring.bench   # every notebook in solutions/ and notebooks/
    python -m coursekit.authoring.bench solutions/01_first_pipeline.ipynb

The first row is the *floor*: a notebook that only imports the course's stack. Wall time
includes starting the kernel, as a learner experiences it. Two memory figures:

* *kernel peak*: the kernel process's high-water mark (``VmHWM`` in ``/proc``), exact;
* *with workers*: the largest sum of proportional set size (PSS: shared pages split between
  the processes sharing them) of the kernel and all its child processes (joblib workers started
  by ``n_jobs``), sampled every 100 ms, so a very short spike can be missed. This is close to
  what a JupyterHub or Binder user's memory limit counts.

Budgets are those of ``shared/COURSE.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

from coursekit.paths import repo_root

WALL_BUDGET_S = 30.0
WALL_TARGET_S = 15.0
MEMORY_BUDGET_MB = 600.0
FLOOR_IMPORTS = """\
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import sklearn
import shap
import lime.lime_tabular
import fairlearn.metrics
import coursekit
"""


@dataclass(frozen=True)
class Measurement:
    """One notebook's run."""

    name: str
    wall_s: float
    peak_mb: float
    tree_peak_mb: float = float("nan")

    @property
    def verdict(self) -> str:
        problems = []
        if self.wall_s > WALL_BUDGET_S:
            problems.append(f"over {WALL_BUDGET_S:.0f} s")
        if max(self.peak_mb, self.tree_peak_mb) > MEMORY_BUDGET_MB:
            problems.append(f"over {MEMORY_BUDGET_MB:.0f} MB")
        if problems:
            return "OVER BUDGET: " + ", ".join(problems)
        return (
            "ok" if self.wall_s <= WALL_TARGET_S else f"ok (above the {WALL_TARGET_S:.0f} s target)"
        )


def peak_memory_mb(pid: int) -> float:
    """High-water mark of a process's resident memory, in MB (Linux only; NaN elsewhere)."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return float("nan")
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class TreeMemorySampler:
    """Track the largest total PSS of a process and its descendants (Linux)."""

    def __init__(self, pid: int, interval_s: float = 0.1) -> None:
        self._process = psutil.Process(pid)
        self._interval = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.peak_bytes = 0

    def _sample(self) -> int:
        total = 0
        for process in [self._process, *self._process.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # a worker may end between list and read
                total += process.memory_full_info().pss
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak_bytes = max(self.peak_bytes, self._sample())
            except psutil.Error:
                return
            self._stop.wait(self._interval)

    def __enter__(self) -> TreeMemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run_notebook(nb: nbformat.NotebookNode, name: str, workdir: Path) -> Measurement:
    """Execute ``nb`` in a fresh kernel started in ``workdir``; measure it."""
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    start = time.perf_counter()
    with client.setup_kernel():
        pid = client.km.provisioner.pid
        with TreeMemorySampler(pid) as tree:
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
        wall = time.perf_counter() - start
        peak = peak_memory_mb(pid)
    return Measurement(name, wall, peak, tree.peak_bytes / 2**20)


def floor_notebook() -> nbformat.NotebookNode:
    """A notebook that only imports the stack: the fixed cost every notebook pays."""
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_IMPORTS)])


def default_notebooks(root: Path) -> list[Path]:
    return sorted((root / "solutions").glob("*.ipynb")) + sorted(
        (root / "notebooks").glob("*.ipynb")
    )


def format_table(rows: list[Measurement]) -> str:
    lines = [
        "| notebook | wall (s) | kernel peak (MB) | with workers (MB) | verdict |",
        "|---|---:|---:|---:|---|",
    ]
    lines += [
        f"| {r.name} | {r.wall_s:.1f} | {r.peak_mb:.0f} | {r.tree_peak_mb:.0f} | {r.verdict} |"
        for r in rows
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all)")
    args = parser.parse_args(argv)
    root = repo_root()
    paths = args.paths or default_notebooks(root)
    rows = [run_notebook(floor_notebook(), "floor (imports only)", root / "notebooks")]
    print(format_table(rows), flush=True)
    for path in paths:
        path = path.resolve()
        nb = nbformat.read(path, as_version=4)
        rows.append(run_notebook(nb, str(path.relative_to(root)), path.parent))
        print(format_table(rows[-1:]).splitlines()[-1], flush=True)
    print("\n" + format_table(rows))
    return 1 if any(r.verdict.startswith("OVER") for r in rows[1:]) else 0


if __name__ == "__main__":
    sys.exit(main())
