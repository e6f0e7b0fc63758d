"""Every number a solution's prose quotes is one its outputs show, or is marked as a stated fact.

A library bump or an edit that changes a result then fails here instead of leaving the prose
wrong. What counts as a quoted number: a decimal (``0.449``) or a percentage (``74 %``) in a
markdown cell, speaker notes included, or in a cell's deck headline or screen (its slide in the
lunch-and-learn deck, coursekit/authoring/talk.py). It must equal, at the precision quoted, a
number printed by a code cell of the same section (from one ``## `` heading to the next): as it
is, without its sign, times 100 for a percentage or for "points", or divided by 100. Integers
are not checked: they are mostly counts of minutes, sections and folds.

Two HTML comments, which no reader sees, widen the rule for one cell:

* ``<!-- from notebook: 0.193, 84 % -->``: a result quoted away from its section (speaker notes
  that preview it, a summary that recalls it); it must be shown by some output of the notebook.
* ``<!-- stated: 0.75, 30 % -->``: a fact rather than a result (a threshold the course sets, a
  tolerance from the article, a setting, a value read off a plot, a hypothetical); not checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

SOLUTIONS = sorted((Path(__file__).resolve().parents[1] / "solutions").glob("*.ipynb"))
QUOTED = re.compile(
    r"(?<![\w.§/=\-])(\d+\.\d+|\d+)(\s?%|\s(?:percentage\s)?points)?(?![\w.]\d|\.\d)"
)
PRINTED = re.compile(r"\d[\d,]*(?:\.\d+)?(?:e-?\d+)?")
STATED = re.compile(r"<!--\s*stated:(.*?)-->", re.S)
FROM_NOTEBOOK = re.compile(r"<!--\s*from notebook:(.*?)-->", re.S)


def _tokens(pattern: re.Pattern, source: str) -> set[str]:
    return {token.strip() for comment in pattern.findall(source) for token in comment.split(",")}


def _printed_numbers(cells) -> set[float]:
    """Every number in the text outputs of ``cells``, without its sign."""
    values = set()
    for cell in cells:
        for output in cell.get("outputs", []):
            texts = [output.get("text", "")]
            texts += [output.get("data", {}).get(kind, "") for kind in ("text/plain", "text/html")]
            for text in texts:
                for match in PRINTED.finditer("".join(text)):
                    try:
                        values.add(float(match.group(0).replace(",", "")))
                    except ValueError:
                        continue
    return values


def _shown(quoted: str, unit: str | None, printed: set[float]) -> bool:
    """Whether a printed number rounds to ``quoted`` (within half a unit of its last place)."""
    decimals = len(quoted.split(".")[1]) if "." in quoted else 0
    value = float(quoted)
    if unit:  # a percentage or points: printed as such, or as a fraction with two more places
        forms = [(value, decimals), (value / 100, decimals + 2)]
    else:  # a fraction: printed as such, or as a percentage
        forms = [(value, decimals), (value * 100, max(decimals - 2, 0))]
        if value >= 1:  # "from 19.3 to 5.9 points": points whose unit comes later
            forms.append((value / 100, decimals + 2))
    return any(
        abs(number - target) <= 0.5 * 10.0**-places + 1e-9
        for target, places in forms
        for number in printed
    )


def _sections(cells) -> list[int]:
    section, numbers = 0, []
    for cell in cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("## "):
            section += 1
        numbers.append(section)
    return numbers


def _deck_text(cell) -> str:
    """What the cell's slide shows instead of its prose: its deck headline and screen."""
    deck = cell.get("metadata", {}).get("deck", {})
    return "\n".join(str(deck.get(key, "")) for key in ("headline", "screen"))


def unshown_numbers(path: Path) -> list[str]:
    """The quoted numbers of ``path``'s markdown and deck text that no output of their section
    shows."""
    cells = nbformat.read(path, as_version=4).cells
    sections = _sections(cells)
    everywhere = _printed_numbers(cells)
    problems = []
    for position, cell in enumerate(cells):
        source = cell.source if cell.cell_type == "markdown" else ""
        stated = _tokens(STATED, source)
        elsewhere = _tokens(FROM_NOTEBOOK, source)
        text = re.sub(r"<!--.*?-->", "", source + "\n" + _deck_text(cell), flags=re.S)
        text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
        text = re.sub(r"```.*?```", "", text, flags=re.S)
        section_cells = [c for c, s in zip(cells, sections, strict=True) if s == sections[position]]
        printed = _printed_numbers(section_cells)
        for match in QUOTED.finditer(text):
            quoted, unit = match.group(1), match.group(2)
            if "." not in quoted and not (unit and "%" in unit):
                continue
            shown = quoted + (" %" if unit and "%" in unit else "")
            if shown in stated or quoted in stated:
                continue
            scope = everywhere if shown in elsewhere or quoted in elsewhere else printed
            if not _shown(quoted, unit, scope):
                problems.append(f"cell {position}: {match.group(0).strip()!r}")
    return problems


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_every_quoted_number_is_shown_by_an_output_or_stated(path):
    problems = unshown_numbers(path)
    assert not problems, (
        f"{path.name} quotes numbers that no output of their section shows: "
        + "; ".join(problems)
        + ". Re-run the notebook and correct the prose. A result quoted away from its section "
        "goes in the cell's <!-- from notebook: ... -->, a fact rather than a result in its "
        "<!-- stated: ... -->."
    )


def test_the_check_catches_a_changed_number(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("## A section\nThe cost is 0.449 units, 26 % approved."),
        nbformat.v4.new_code_cell("print(...)"),
    ]
    notebook.cells[1].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="cost 0.4492, approved 0.258\n")
    ]
    path = tmp_path / "right.ipynb"
    nbformat.write(notebook, path)
    assert unshown_numbers(path) == []
    notebook.cells[1].outputs[0].text = "cost 0.482, approved 0.638\n"
    nbformat.write(notebook, path)
    assert unshown_numbers(path) == ["cell 0: '0.449'", "cell 0: '26 %'"]
    notebook.cells[0].source += "\n<!-- stated: 0.449, 26 % -->"
    nbformat.write(notebook, path)
    assert unshown_numbers(path) == []


def test_a_number_from_another_section_must_still_be_shown_somewhere(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("## One\nPreview: 0.193.\n<!-- from notebook: 0.193 -->"),
        nbformat.v4.new_markdown_cell("## Two"),
        nbformat.v4.new_code_cell("print(...)"),
    ]
    notebook.cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text="-0.193\n")]
    path = tmp_path / "elsewhere.ipynb"
    nbformat.write(notebook, path)
    assert unshown_numbers(path) == []
    notebook.cells[2].outputs[0].text = "-0.280\n"
    nbformat.write(notebook, path)
    assert unshown_numbers(path) == ["cell 0: '0.193'"]


def test_a_slide_headline_is_checked_like_prose(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("## A section\nThe cost falls."),
        nbformat.v4.new_code_cell("print(...)"),
    ]
    notebook.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="0.488\n")]
    notebook.cells[0].metadata["deck"] = {"headline": "The chosen rule costs 0.488 a loan"}
    path = tmp_path / "deck.ipynb"
    nbformat.write(notebook, path)
    assert unshown_numbers(path) == []
    notebook.cells[1].metadata["deck"] = {"screen": "* 48.8 % approved, 0.51 a loan"}
    nbformat.write(notebook, path)
    assert unshown_numbers(path) == ["cell 1: '0.51'"]
