"""The learner notebooks are generated from the solutions and kept in step with them."""

import json
import re

import nbformat
import pytest

from coursekit.authoring.build import BuildError, build, learner_notebook, learner_source
from coursekit.paths import repo_root

ROOT = repo_root()
LEARNER = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))


def test_committed_learner_notebooks_match_the_build():
    stale = build(check_only=True)
    assert stale == [], f"run `make notebooks`: {stale} differ from what the build makes"


def test_same_notebooks_in_both_folders():
    assert [p.name for p in LEARNER] == [p.name for p in SOLUTIONS]
    assert len(SOLUTIONS) >= 2


@pytest.mark.parametrize("path", LEARNER, ids=lambda p: p.name)
def test_learner_notebooks_carry_no_outputs_or_solutions(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        assert "BEGIN SOLUTION" not in cell.source
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_solutions_are_committed_with_outputs_and_show_every_check_passing(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), "run `make solutions`"
    text = json.dumps([c.outputs for c in code], ensure_ascii=False)
    checks = sum(c.source.count(".check(") for c in code)
    assert checks >= 2
    assert len(re.findall(r"q\d+ \([^)]*\) ✅", text)) == checks
    assert "Not yet" not in text and "Not attempted" not in text
    assert "Warning" not in text, "a warning in stored output breaks strict nbval"
    assert "widgets" not in nb.metadata, "run `make solutions` (it strips widget state)"


def test_block_becomes_one_placeholder_per_bound_name():
    source = (
        "x = 1\n# BEGIN SOLUTION\na, b = 1, 2\ndef f():\n    return 3\n"
        "c: int = 4\nc += 1\nprint(a)\nscores = {}\nfor k in range(3):\n    scores[k] = k\n"
        "# END SOLUTION\nq.check(a, b)"
    )
    assert learner_source(source) == (
        "x = 1\n# Your code here: replace each ____ with your answer.\n"
        "a = ____\nb = ____\nf = ____\nc = ____\nscores = ____\nq.check(a, b)"
    )


@pytest.mark.parametrize(
    "block, message",
    [
        ('audit["approve"] = scores >= 0.5', "wipes the learner's audit"),
        ("model.threshold = 0.7", "wipes the learner's model"),
        ("total += 1", "which the block did not create"),
        ("import math\nx = math.pi", "move it to the set-up cell"),
        ("for k in ks:\n    results[k] = k", "results was made outside the block"),
        ("del x", "no place"),
    ],
)
def test_blocks_whose_placeholders_would_wipe_a_learner_variable_are_refused(block, message):
    with pytest.raises(BuildError, match=message):
        learner_source(f"# BEGIN SOLUTION\n{block}\n# END SOLUTION\nq.check(x)")


def test_a_name_bound_only_in_a_loop_may_not_be_read_after_the_block():
    loop = "# BEGIN SOLUTION\nfor k in ks:\n    best = k\n# END SOLUTION\n"
    with pytest.raises(BuildError, match="binds only in `for k in ks:`"):
        learner_source(loop + "q.check(best)")
    assert "for k" not in learner_source(loop + "q.check(____)")  # never read: fine
    setup = nbformat.v4.new_code_cell("from coursekit.exercises import ____")
    later = nbformat.v4.new_code_cell("print(best)")
    cells = [setup, nbformat.v4.new_code_cell(loop + "q.check(____)"), later]
    with pytest.raises(BuildError, match="cell 2: reads best"):
        learner_notebook(nbformat.v4.new_notebook(cells=cells), "test")
    later.source = "best = 3\nprint(best)"  # bound again before it is read: fine
    learner_notebook(nbformat.v4.new_notebook(cells=cells), "test")


@pytest.mark.parametrize(
    "source, message",
    [
        ("# BEGIN SOLUTION\nx = 1", "never closed"),
        ("x = 1\n# END SOLUTION", "without a BEGIN"),
        ("# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION", "inside another"),
        ("if True:\n    # BEGIN SOLUTION\n    x = 1\n    # END SOLUTION", "column 0"),
        ("# BEGIN SOLUTION\nx = (\n# END SOLUTION", "not valid Python"),
    ],
)
def test_malformed_blocks_are_reported(source, message):
    with pytest.raises(BuildError, match=message):
        learner_source(source)


def test_solution_tagged_cells_are_dropped_and_outputs_cleared():
    setup = nbformat.v4.new_code_cell("from coursekit.exercises import ____")
    answer = nbformat.v4.new_code_cell("# BEGIN SOLUTION\nx = 1\n# END SOLUTION\nq.check(x)")
    answer.outputs = [nbformat.v4.new_output("stream", text="✅")]
    discussion = nbformat.v4.new_markdown_cell("The answer is 1 because…")
    discussion.metadata["tags"] = ["solution"]
    nb = nbformat.v4.new_notebook(cells=[setup, answer, discussion])
    learner = learner_notebook(nb, "test")
    assert len(learner.cells) == 2
    assert learner.cells[1].outputs == []
    assert "x = ____" in learner.cells[1].source
    assert nb.cells[1].outputs, "the solution notebook itself is not modified"


def test_blocks_without_placeholder_import_are_refused():
    cell = nbformat.v4.new_code_cell("# BEGIN SOLUTION\nx = 1\n# END SOLUTION")
    with pytest.raises(BuildError, match="import"):
        learner_notebook(nbformat.v4.new_notebook(cells=[cell]), "test")
