"""A presenter can run the slides alone: the core path's code runs without the skipped cells.

During a lunch-and-learn the presenter runs cells on the slides (RISE, Ctrl+Enter), perhaps
after restarting the kernel. So every code cell that is not `skip` must run, in order, in a
fresh kernel, without any cell the slides skip (other sections, exercises). A core cell that
needs a name only a skipped cell defines fails here with the NameError it would show live.
"""

from __future__ import annotations

import nbformat
import pytest
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from coursekit.authoring.build import slide_type
from coursekit.paths import repo_root

SOLUTIONS = sorted((repo_root() / "solutions").glob("*.ipynb"))


def run(notebook: nbformat.NotebookNode, folder, tmp_path) -> None:
    """Execute in a fresh kernel that talks over Unix sockets, not TCP ports.

    nbval starts kernels on both xdist workers at the same time; a TCP kernel picks free ports
    just before binding them, so more TCP kernels mean more chances that two pick the same one
    (seen once: "Kernel died before replying to kernel_info"). IPC needs no ports.
    """
    manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(tmp_path / "kernel"))
    try:
        NotebookClient(
            notebook, km=manager, timeout=300, resources={"metadata": {"path": str(folder)}}
        ).execute()
    finally:
        # A client given its kernel manager does not own it and leaves the kernel running until
        # the worker exits: twelve idle kernels, each holding a notebook's data in memory.
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)


def core_path(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook's code cells that the slides show, in order."""
    shown = [
        cell for cell in notebook.cells if cell.cell_type == "code" and slide_type(cell) != "skip"
    ]
    return nbformat.v4.new_notebook(cells=shown, metadata=notebook.metadata)


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_the_core_path_runs_on_its_own(path, tmp_path):
    core = core_path(nbformat.read(path, as_version=4))
    assert core.cells, f"{path.name}: no code on the slides"
    try:
        run(core, path.parent, tmp_path)
    except CellExecutionError as error:
        last = str(error).strip().splitlines()[-1]
        pytest.fail(f"{path.name}: a slide's code fails without the skipped cells: {last}")


def test_a_core_cell_that_needs_a_skipped_one_is_caught(tmp_path):
    """The check can fail: a shown cell using a name that only a skipped cell defines."""
    defining = nbformat.v4.new_code_cell("threshold = 0.73")
    defining.metadata["slideshow"] = {"slide_type": "skip"}
    using = nbformat.v4.new_code_cell("print(threshold)")
    using.metadata["slideshow"] = {"slide_type": "-"}
    core = core_path(nbformat.v4.new_notebook(cells=[defining, using]))
    assert [cell.source for cell in core.cells] == ["print(threshold)"]
    with pytest.raises(CellExecutionError, match="NameError"):
        run(core, tmp_path, tmp_path)
