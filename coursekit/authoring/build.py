"""Build the learner notebooks from the worked solutions (the single source).

``solutions/NN_name.ipynb`` is the source. For ``notebooks/NN_name.ipynb`` this module

* replaces each block between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` with a comment and one
  placeholder line ``name = ____`` for every name the block defines at top level, so that the
  check call after it says "not attempted yet" instead of raising a ``NameError``; a block
  whose placeholders would wipe a learner's variable or leave a name undefined is refused
  (see :func:`_names_bound`);
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
    return _learner_cell(source, where)[0]


def _learner_cell(source: str, where: str) -> tuple[str, dict[str, str]]:
    """The learner's version of a cell, and the names its blocks bind only inside a loop
    (or ``with``, ``if``, ``try``), each with the line that binds it: the learner's version
    leaves them undefined, so nothing after the block may read them."""
    lines = source.splitlines()
    out: list[str] = []
    block: list[str] | None = None
    loop_only: dict[str, str] = {}
    after: list[str] = []
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
            placeholders, unbound = _placeholder_lines("\n".join(block), where)
            out.extend(placeholders)
            loop_only.update(unbound)
            after = []
            block = None
        elif block is not None:
            block.append(line)
        else:
            out.append(line)
            after.append(line)
    if block is not None:
        raise BuildError(f"{where}: '{BEGIN_MARKER}' is never closed by '{END_MARKER}'.")
    _refuse_reads_of(loop_only, "\n".join(after), f"{where}, after the solution block")
    return "\n".join(out), loop_only


def _refuse_reads_of(loop_only: dict[str, str], source: str, where: str) -> set[str]:
    """:class:`BuildError` if ``source`` reads one of ``loop_only`` before binding it.

    Returns the names of ``loop_only`` that ``source`` binds (from there on they are defined).
    """
    if not loop_only:
        return set()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()  # IPython magics: nothing to analyse
    first: dict[str, type] = {}
    uses = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in loop_only]
    for node in sorted(uses, key=lambda n: (n.lineno, n.col_offset)):
        first.setdefault(node.id, type(node.ctx))
    for name, context in first.items():
        if context is ast.Load:
            raise BuildError(
                f"{where}: reads {name}, which the solution binds only in `{loop_only[name]}`; "
                f"the learner's version leaves {name} undefined. Bind {name} at the top of "
                "the block, or stop reading it after the block."
            )
    return set(first)


def _placeholder_lines(block: str, where: str) -> tuple[list[str], dict[str, str]]:
    try:
        tree = ast.parse(block)
    except SyntaxError as error:
        raise BuildError(f"{where}: the solution block is not valid Python ({error}).") from None
    names, loop_only = _names_bound(tree.body, where)
    return [PLACEHOLDER_COMMENT] + [f"{name} = ____" for name in names], loop_only


def _names_bound(statements: list[ast.stmt], where: str) -> tuple[list[str], dict[str, str]]:
    """Names a block binds at top level, in order, and those it binds only inside a loop,
    ``with``, ``if`` or ``try`` (with the line that binds them); :class:`BuildError` for an
    unsafe block.

    The learner's version replaces the block with ``name = ____`` for each name, so a block
    must bind its answers as plain names at its top level. Refused, because the placeholders
    would break the learner's notebook:

    * an assignment to a subscript or an attribute (``audit["approve"] = ...``) or an augmented
      assignment to a name the block did not bind: its placeholder would wipe a variable the
      learner already has (``audit = ____``);
    * a subscript or attribute of an outer variable changed inside a loop, ``with``, ``if`` or
      ``try``: the learner's version would leave the change undone (a name bound only there,
      such as a loop variable, is fine unless code after the block reads it: see
      :func:`_refuse_reads_of`);
    * ``import`` (move it to the set-up cell, where the learner's version keeps it), ``del``,
      ``global`` and ``nonlocal``.
    """
    names: list[str] = []
    loop_only: dict[str, str] = {}

    def refuse(statement: ast.stmt, why: str) -> None:
        code = ast.unparse(statement).splitlines()[0]
        raise BuildError(f"{where}: the solution line `{code}` {why}")

    def bind(target: ast.AST, statement: ast.stmt) -> None:
        if isinstance(target, ast.Name):
            if target.id not in names:
                names.append(target.id)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                bind(element, statement)
        elif isinstance(target, ast.Starred):
            bind(target.value, statement)
        else:
            base = _base_name(target)
            refuse(
                statement,
                f"assigns to {ast.unparse(target)}: its placeholder would be `{base} = ____`, "
                f"which wipes the learner's {base}. Bind the answer to a new name in the block "
                "and change the table after the END marker.",
            )

    compound: list[ast.stmt] = []
    for statement in statements:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                bind(target, statement)
        elif isinstance(statement, ast.AnnAssign):
            if statement.value is not None:
                bind(statement.target, statement)
        elif isinstance(statement, ast.AugAssign):
            target = statement.target
            if not isinstance(target, ast.Name) or target.id not in names:
                base = _base_name(target)
                refuse(
                    statement,
                    f"changes {base}, which the block did not create: its placeholder would "
                    f"wipe the learner's {base}.",
                )
        elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if statement.name not in names:
                names.append(statement.name)
        elif isinstance(statement, ast.Import | ast.ImportFrom):
            refuse(statement, "imports inside a solution block; move it to the set-up cell.")
        elif isinstance(statement, ast.Delete | ast.Global | ast.Nonlocal):
            refuse(statement, "has no place in a solution block.")
        elif isinstance(statement, ast.Expr):
            for node in _walk_scope(statement):
                if isinstance(node, ast.NamedExpr):
                    bind(node.target, statement)
        else:
            compound.append(statement)
    for statement in compound:
        for node in _walk_scope(statement):
            stored = getattr(node, "ctx", None)
            if isinstance(node, ast.Name) and isinstance(stored, ast.Store):
                if node.id not in names:
                    loop_only.setdefault(node.id, ast.unparse(statement).splitlines()[0])
            elif isinstance(node, ast.Subscript | ast.Attribute) and isinstance(stored, ast.Store):
                base = _base_name(node)
                if base not in names:
                    refuse(
                        statement,
                        f"changes {ast.unparse(node)}, and {base} was made outside the block: "
                        "the learner's version would leave it unchanged.",
                    )
            elif isinstance(node, ast.Import | ast.ImportFrom | ast.Global | ast.Nonlocal):
                refuse(statement, "imports or declares names inside a solution block.")
    return names, {n: line for n, line in loop_only.items() if n not in names}


def _base_name(node: ast.AST) -> str:
    """``audit`` for ``audit["approve"]``, ``self`` for ``self.x.y``."""
    while isinstance(node, ast.Subscript | ast.Attribute | ast.Starred):
        node = node.value
    return node.id if isinstance(node, ast.Name) else ast.unparse(node)


def _walk_scope(node: ast.AST):
    """Every node of ``node`` that belongs to its scope: not inside a function, class,
    lambda or comprehension, whose names are their own."""
    nested = (
        ast.FunctionDef,
        ast.AsyncFunctionDef,
        ast.ClassDef,
        ast.Lambda,
        ast.ListComp,
        ast.SetComp,
        ast.DictComp,
        ast.GeneratorExp,
    )
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for child in ast.iter_child_nodes(current):
            if not isinstance(child, nested):
                stack.append(child)


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
    undefined: dict[str, str] = {}  # bound only inside a loop of an earlier solution block
    for index, cell in enumerate(learner.cells):
        if SOLUTION_TAG in cell.get("metadata", {}).get("tags", []) or is_speaker_note(cell):
            continue
        if cell.cell_type == "code":
            where = f"{name} cell {index}"
            if BEGIN_MARKER in cell.source:
                has_blocks = True
            cell.source, loop_only = _learner_cell(cell.source, where)
            for bound in _refuse_reads_of(undefined, cell.source, where):
                del undefined[bound]
            undefined.update(loop_only)
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
