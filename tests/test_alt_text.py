"""Every figure the course stores has alt text that says what it shows and what to see in it.

The text lives in the figure cell's metadata, ``mystnb.image.alt``: the course website
(MyST-NB) and the decks (coursekit/authoring/templates) read the same key, and the learner
notebooks keep it.
"""

import json

import pytest

from coursekit.paths import repo_root

SOLUTIONS = sorted((repo_root() / "solutions").glob("*.ipynb"))
GENERIC = ("image of", "figure of", "a figure", "plot of the", "no description", "as you can see")


def figures(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for index, cell in enumerate(cells):
        outputs = cell.get("outputs", [])
        if cell["cell_type"] == "code" and any("image/png" in o.get("data", {}) for o in outputs):
            yield index, cell


def alt_text(cell) -> str:
    return cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt", "")


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_every_figure_has_real_alt_text(path):
    for index, cell in figures(path):
        text = alt_text(cell)
        words = len(text.split())
        assert 15 <= words <= 90, f"{path.name} cell {index}: alt text of {words} words: {text!r}"
        assert not text.lower().startswith(GENERIC), f"{path.name} cell {index}: {text!r}"
        assert text.rstrip().endswith("."), f"{path.name} cell {index}: not a sentence: {text!r}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_the_learner_notebook_keeps_the_alt_text(path):
    learner = json.loads((repo_root() / "notebooks" / path.name).read_text(encoding="utf-8"))
    by_id = {cell.get("id"): cell for cell in learner["cells"]}
    for index, cell in figures(path):
        assert alt_text(by_id[cell["id"]]) == alt_text(cell), f"{path.name} cell {index}"


def test_the_alt_texts_differ():
    """One text copied under every figure describes none of them."""
    texts = [alt_text(cell) for path in SOLUTIONS for _, cell in figures(path)]
    assert len(set(texts)) == len(texts)
