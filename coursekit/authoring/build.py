"""Build the learner notebooks from the worked solutions (the single source).

``solutions/NN_name.ipynb`` is the source. For ``notebooks/NN_name.ipynb`` this module

* replaces each block between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` with a comment and one
  placeholder line ``name = ____`` for every name the block defines at top level, so that the
  check call after it says "not attempted yet" instead of raising a ``NameError``;
* drops cells tagged ``solution`` (e.g. a markdown cell discussing the answer) and speaker
  notes (cells whose slide type is ``notes``: they are for a presenter, who presents from
  ``solutions/``); every other cell keeps its slide metadata, so a learner can present too;
* clears every output and execution count, and drops the widget state that executing a
  notebook with progress bars stores in its metadata.

``--tidy`` first strips that widget state from the solutions too: it is tens of kilobytes of
random model ids that change on every run and that nbval ignores.

Usage::

    python -m coursekit.authoring.build           # write notebooks/ from solutions/
    python -m coursekit.authoring.build --check   # exit 1 if a committed learner notebook is stale
    python -m coursekit.authoring.build --tidy    # strip widget state from solutions/, then build
"""

from __future__ import annotations

import argparse
import ast
import copy
import sys
from pathlib import Path

import nbformat

from coursekit.exercises.core import BEGIN_MARKER, END_MARKER
from coursekit.paths import repo_root

PLACEHOLDER_COMMENT = "# Your code here: replace each ____ with your answer."
SOLUTION_TAG = "solution"
NOTES_SLIDE_TYPE = "notes"
VOLATILE_METADATA = ("widgets",)


class BuildError(ValueError):
    """A solution notebook breaks the single-source conventions."""


def learner_source(source: str, where: str = "cell") -> str:
    """The learner's version of one code cell's source."""
    lines = source.splitlines()
    out: list[str] = []
    block: list[str] | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped == BEGIN_MARKER:
            if block is not None:
                raise BuildError(f"{where}, line {number}: '{BEGIN_MARKER}' inside another block.")
            if line != stripped:
                raise BuildError(
                    f"{where}, line {number}: '{BEGIN_MARKER}' must start at column 0 so the "
                    "placeholder stays valid Python; move the indented code into a function "
                    "the learner writes whole."
                )
            block = []
        elif stripped == END_MARKER:
            if block is None:
                raise BuildError(f"{where}, line {number}: '{END_MARKER}' without a BEGIN.")
            out.extend(_placeholder_lines("\n".join(block), where))
            block = None
        elif block is not None:
            block.append(line)
        else:
            out.append(line)
    if block is not None:
        raise BuildError(f"{where}: '{BEGIN_MARKER}' is never closed by '{END_MARKER}'.")
    return "\n".join(out)


def _placeholder_lines(block: str, where: str) -> list[str]:
    try:
        tree = ast.parse(block)
    except SyntaxError as error:
        raise BuildError(f"{where}: the solution block is not valid Python ({error}).") from None
    names = _names_bound(tree.body)
    return [PLACEHOLDER_COMMENT] + [f"{name} = ____" for name in names]


def _names_bound(statements: list[ast.stmt]) -> list[str]:
    """Names a block binds at top level, in order of first appearance."""
    names: list[str] = []

    def add(target: ast.AST) -> None:
        for node in ast.walk(target):
            if isinstance(node, ast.Name) and node.id not in names:
                names.append(node.id)

    for statement in statements:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                add(target)
        elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
            add(statement.target)
        elif isinstance(statement, (ast.FunctionDef, ast.ClassDef)) and statement.name not in names:
            names.append(statement.name)
    return names


def slide_type(cell: nbformat.NotebookNode) -> str | None:
    """The cell's slide type (``slide``, ``subslide``, ``-``, ``skip``, ``notes``...), if set."""
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type")


def is_speaker_note(cell: nbformat.NotebookNode) -> bool:
    """True for a cell that reveal.js and RISE show only in the speaker view."""
    return slide_type(cell) == NOTES_SLIDE_TYPE


def learner_notebook(solution: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The learner's version of a whole solution notebook."""
    learner = copy.deepcopy(solution)
    cells = []
    has_blocks = False
    for index, cell in enumerate(learner.cells):
        if SOLUTION_TAG in cell.get("metadata", {}).get("tags", []) or is_speaker_note(cell):
            continue
        if cell.cell_type == "code":
            if BEGIN_MARKER in cell.source:
                has_blocks = True
            cell.source = learner_source(cell.source, f"{name} cell {index}")
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
        cells.append(cell)
    if has_blocks and not any(
        "import" in c.source and "____" in c.source for c in cells if c.cell_type == "code"
    ):
        raise BuildError(
            f"{name} has solution blocks but never imports the placeholder; add "
            "`from coursekit.exercises import ____` to its set-up cell."
        )
    learner.cells = cells
    for key in VOLATILE_METADATA:
        learner.metadata.pop(key, None)
    return learner


def tidy_solutions(root: Path | None = None) -> list[str]:
    """Strip volatile metadata (widget state) from every solution notebook, in place."""
    root = root or repo_root()
    tidied = []
    for path in sorted((root / "solutions").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if any(key in nb.metadata for key in VOLATILE_METADATA):
            for key in VOLATILE_METADATA:
                nb.metadata.pop(key, None)
            nbformat.write(nb, path)
            tidied.append(path.name)
    return tidied


def build(check_only: bool = False, root: Path | None = None) -> list[str]:
    """Write (or with ``check_only``, compare) every learner notebook.

    Returns the names of the learner notebooks that were stale (or missing).
    """
    root = root or repo_root()
    stale = []
    sources = sorted((root / "solutions").glob("*.ipynb"))
    if not sources:
        raise BuildError(f"No solution notebooks found in {root / 'solutions'}.")
    for source in sources:
        solution = nbformat.read(source, as_version=4)
        expected = nbformat.writes(learner_notebook(solution, source.name)) + "\n"
        target = root / "notebooks" / source.name
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != expected:
            stale.append(source.name)
            if not check_only:
                target.parent.mkdir(exist_ok=True)
                target.write_text(expected, encoding="utf-8")
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale learner notebooks")
    parser.add_argument(
        "--tidy", action="store_true", help="first strip widget state from solutions/"
    )
    args = parser.parse_args(argv)
    if args.tidy:
        tidied = tidy_solutions()
        print(
            f"tidied {len(tidied)} solution notebook(s)"
            + (f": {', '.join(tidied)}" if tidied else "")
        )
    stale = build(check_only=args.check)
    if args.check and stale:
        print(
            "Stale learner notebooks (run `make notebooks`): " + ", ".join(stale),
            file=sys.stderr,
        )
        return 1
    verb = "would rewrite" if args.check else "rewrote"
    print(f"{verb} {len(stale)} learner notebook(s)" + (f": {', '.join(stale)}" if stale else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
