"""A notebook's core path as a talk: an assertion headline per slide, the prose in the notes.

A lunch-and-learn room reads a slide from the back, in a few seconds; a self-paced learner reads
the notebook at a desk. One source serves both. Each cell that opens a slide carries, in its
metadata, what the deck shows instead of the notebook's prose::

    "deck": {
        "headline": "Dropping district shrinks the gap but spreads the penalty over everyone",
        "screen": "* optional: a few words, an image or a small table"
    }

On the deck the slide shows the notebook's heading as a small label above the headline, then
``screen``; the cell's prose goes into the speaker notes, where the presenter reads it. Other
keys, all optional:

* on a code cell, ``"code": true`` shows its input (only where the code is the point); by
  default a deck shows a code cell's outputs and hides its input;
* on a code cell, ``"output": "hide"`` hides its outputs too (the notes say what it prints),
  ``"output": "figures"`` keeps only its figures (a plot shown beside a wide table), and
  ``"output_lines": N`` keeps the first N lines of its printed text, then an ellipsis;
* on a markdown cell, ``"keep": true`` shows it on screen as written: a cell inside a slide
  goes to the notes by default, and a cell that opens one is replaced by its headline (the
  polls, which come from the knowledge checks, are kept as written);
* on a code cell that opens a slide, ``headline`` and ``screen`` as on a markdown cell.

The title cell (``# NN ...``) keeps its heading; its prose goes to the notes unless ``screen``
says what to show. RISE, inside JupyterLab, presents the same cells as slides, with their code
and prose: the live version of the same talk.

To see which cell carries which headline, and to set one (keys merge; a value of null removes
a key)::

    python -m coursekit.authoring.talk list solutions/05_bias_checking.ipynb
    python -m coursekit.authoring.talk set solutions/05_bias_checking.ipynb 12 '{"headline": "..."}'

then ``make slides`` and ``browser_tests/deck_layout.py`` on the deck to see it measured.
"""

from __future__ import annotations

import html
import re

import nbformat

from coursekit.authoring.build import slide_type

DECK_KEY = "deck"
SLIDE_STARTS = ("slide", "subslide")
KEYS = {
    "markdown": {"headline", "screen", "keep"},
    "code": {"headline", "screen", "code", "output", "output_lines"},
}
OUTPUT_CHOICES = ("hide", "figures")
ELLIPSIS = "⋯ (more in the notebook)"
HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
MARKUP = re.compile(r"\*\*|\*|`")  # emphasis and code marks of a heading


class TalkError(ValueError):
    """A cell's deck metadata is missing or wrong; the message names the cell and the fix."""


def deck_settings(cell: nbformat.NotebookNode, where: str) -> dict:
    """The cell's ``deck`` metadata, checked: known keys, of the right types."""
    settings = cell.get("metadata", {}).get(DECK_KEY, {})
    if not isinstance(settings, dict):
        raise TalkError(f"{where}: metadata 'deck' must be a mapping, not {settings!r}")
    unknown = set(settings) - KEYS[cell.cell_type]
    if unknown:
        raise TalkError(
            f"{where}: unknown deck key(s) {sorted(unknown)} on a {cell.cell_type} cell; the "
            f"keys are {sorted(KEYS[cell.cell_type])} (see coursekit/authoring/talk.py)"
        )
    for key in ("headline", "screen"):
        if key in settings and not isinstance(settings[key], str):
            raise TalkError(f"{where}: deck {key} must be text, not {settings[key]!r}")
    if "output" in settings and settings["output"] not in OUTPUT_CHOICES:
        raise TalkError(
            f"{where}: deck output can only be one of {list(OUTPUT_CHOICES)}, not "
            f"{settings['output']!r}"
        )
    lines = settings.get("output_lines")
    if lines is not None and (isinstance(lines, bool) or not isinstance(lines, int) or lines < 1):
        raise TalkError(f"{where}: deck output_lines must be a whole number ≥ 1, not {lines!r}")
    return settings


def split_heading(source: str) -> tuple[int, str, str]:
    """(heading level, heading text, the rest) of a markdown cell; level 0 without a heading."""
    first, _, rest = source.strip().partition("\n")
    match = HEADING.match(first)
    if not match:
        return 0, "", source.strip()
    return len(match.group(1)), match.group(2), rest.strip()


def notes_cell(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text, metadata={"slideshow": {"slide_type": "notes"}})


def headline_cell(kind: str, label: str, headline: str, screen: str) -> nbformat.NotebookNode:
    """The on-screen part of a slide: a small label, the assertion headline, a few words."""
    plain = MARKUP.sub("", label)  # the label is HTML, where markdown's * and ` would show
    parts = [f'<p class="kicker">{html.escape(plain)}</p>'] if label else []
    parts.append(f"## {headline}")
    if screen:
        parts.append(screen)
    return nbformat.v4.new_markdown_cell(
        "\n\n".join(parts), metadata={"slideshow": {"slide_type": kind}}
    )


def talk_markdown(cell, kind, settings, where) -> list[nbformat.NotebookNode]:
    """A markdown cell of the core path as deck cells."""
    if settings.get("keep"):
        return [cell]
    if kind not in SLIDE_STARTS:
        return [notes_cell(cell.source)]
    level, label, rest = split_heading(cell.source)
    screen = settings.get("screen", "").strip()
    if level == 1:  # the title slide keeps its title
        title = nbformat.v4.new_markdown_cell(
            f"# {label}" + (f"\n\n{screen}" if screen else ""),
            metadata={"slideshow": {"slide_type": kind}},
        )
        return [title] + ([notes_cell(rest)] if rest else [])
    headline = settings.get("headline", "").strip()
    if not headline:
        raise TalkError(
            f"{where} opens a slide ({label or cell.source[:40]!r}) but has no deck headline: "
            "add metadata deck.headline, one sentence that states the slide's message"
        )
    return [headline_cell(kind, label, headline, screen)] + ([notes_cell(rest)] if rest else [])


def is_figure(output: nbformat.NotebookNode) -> bool:
    """Whether an output is an image (a plot), as opposed to text or a table."""
    return any(kind.startswith("image/") for kind in output.get("data", {}))


def excerpt(output: nbformat.NotebookNode, lines: int) -> nbformat.NotebookNode:
    """A printed output cut to its first ``lines`` lines (an ellipsis says there is more)."""
    output = nbformat.from_dict(output)
    if output.output_type == "stream":
        text = output.text.splitlines()
        if len(text) > lines:
            output.text = "\n".join(text[:lines] + [ELLIPSIS]) + "\n"
    elif "text/plain" in output.get("data", {}) and "text/html" not in output.data:
        text = output.data["text/plain"].splitlines()
        if len(text) > lines:
            output.data["text/plain"] = "\n".join(text[:lines] + [ELLIPSIS])
    return output


def talk_code(cell, kind, settings, where) -> list[nbformat.NotebookNode]:
    """A code cell of the core path as deck cells: its outputs, its input only if asked."""
    cell = nbformat.from_dict(cell)
    cells = []
    if kind in SLIDE_STARTS:
        headline = settings.get("headline", "").strip()
        if not headline:
            raise TalkError(
                f"{where} is a code cell that opens a slide but has no deck headline: add "
                "metadata deck.headline (or open the slide with a markdown cell)"
            )
        cells.append(headline_cell(kind, "", headline, settings.get("screen", "").strip()))
        cell.metadata["slideshow"] = {"slide_type": "-"}
    if not settings.get("code"):
        cell.metadata.setdefault("transient", {})["remove_source"] = True
    if settings.get("output") == "hide":
        cell.outputs = []
    elif settings.get("output") == "figures":
        cell.outputs = [output for output in cell.outputs if is_figure(output)]
    elif settings.get("output_lines"):
        cell.outputs = [excerpt(output, settings["output_lines"]) for output in cell.outputs]
    return cells + [cell]


def as_talk(notebook: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """A copy of ``notebook`` laid out as a talk (see the module's docstring)."""
    copy = nbformat.from_dict(notebook)
    cells = []
    for index, cell in enumerate(copy.cells):
        kind = slide_type(cell) or "-"
        where = f"{name}, cell {index}"
        if kind in ("skip", "notes") or cell.cell_type not in KEYS:
            cells.append(cell)
            continue
        settings = deck_settings(cell, where)
        if cell.cell_type == "markdown":
            cells.extend(talk_markdown(cell, kind, settings, where))
        else:
            cells.extend(talk_code(cell, kind, settings, where))
    copy.cells = one_note_per_slide(cells)
    return copy


def one_note_per_slide(cells: list) -> list:
    """The cells with each slide's speaker notes merged into one, in order, where the first was.

    reveal.js's speaker view shows only a slide's first ``aside.notes``.
    """
    merged, first_note = [], None
    for cell in cells:
        kind = slide_type(cell)
        if kind in SLIDE_STARTS:
            first_note = None
        if kind == "notes":
            if first_note is None:
                first_note = nbformat.from_dict(cell)
                merged.append(first_note)
            else:
                first_note.source = first_note.source.rstrip() + "\n\n" + cell.source.strip()
            continue
        merged.append(cell)
    return merged


# --- authoring: see and set a notebook's deck metadata ---------------------------------------


def outline(notebook: nbformat.NotebookNode) -> list[str]:
    """One line per core-path cell that is on a slide: index, slide type, deck metadata, and the
    cell's first words, so that an author sees which headline belongs to which cell."""
    lines = []
    for index, cell in enumerate(notebook.cells):
        kind = slide_type(cell) or "-"
        if kind in ("skip", "notes") or cell.cell_type not in KEYS:
            continue
        deck = cell.get("metadata", {}).get(DECK_KEY, {})
        first = " ".join(cell.source.split())[:60]
        lines.append(f"[{index}] {cell.cell_type} {kind} deck={deck} | {first}")
    return lines


def set_deck(notebook: nbformat.NotebookNode, index: int, settings: dict) -> dict:
    """Merge ``settings`` into cell ``index``'s deck metadata (a value of None removes a key),
    check the result, and return it."""
    if not 0 <= index < len(notebook.cells):
        raise TalkError(f"there is no cell {index}: the notebook has {len(notebook.cells)} cells")
    cell = notebook.cells[index]
    if slide_type(cell) in ("skip", "notes"):
        raise TalkError(f"cell {index} is {slide_type(cell)}: it is not on a slide")
    merged = {**cell.get("metadata", {}).get(DECK_KEY, {}), **settings}
    merged = {key: value for key, value in merged.items() if value is not None}
    probe = nbformat.from_dict(cell)
    probe.metadata[DECK_KEY] = merged
    deck_settings(probe, f"cell {index}")  # refuses unknown keys and wrong types
    cell.metadata[DECK_KEY] = merged
    return merged


def main(argv: list[str] | None = None) -> int:
    """``python -m coursekit.authoring.talk list NOTEBOOK`` or ``... set NOTEBOOK INDEX JSON``."""
    import argparse
    import json
    import sys

    parser = argparse.ArgumentParser(description="See or set a notebook's deck metadata.")
    parser.add_argument("command", choices=["list", "set"])
    parser.add_argument("notebook")
    parser.add_argument("index", nargs="?", type=int)
    parser.add_argument("settings", nargs="?", help='JSON, e.g. \'{"headline": "..."}\'')
    args = parser.parse_args(argv)
    notebook = nbformat.read(args.notebook, as_version=4)
    if args.command == "list":
        print("\n".join(outline(notebook)))
        return 0
    if args.index is None or args.settings is None:
        parser.error("set needs INDEX and JSON settings")
    try:
        merged = set_deck(notebook, args.index, json.loads(args.settings))
    except (TalkError, json.JSONDecodeError) as error:
        print(f"talk: {error}", file=sys.stderr)
        return 2
    nbformat.write(notebook, args.notebook)
    print(f"cell {args.index}: deck={merged}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
