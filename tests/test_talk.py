"""A notebook's core path as a talk (coursekit/authoring/talk.py): headlines on screen, prose in
the notes, code hidden unless it is the point, and a clear message for wrong deck metadata."""

from __future__ import annotations

import nbformat
import pytest

from coursekit.authoring.talk import TalkError, as_talk


def cell(kind, source, slide="-", **deck):
    make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
    new = make(source, metadata={"slideshow": {"slide_type": slide}})
    if deck:
        new.metadata["deck"] = deck
    return new


def notebook(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


def test_a_slide_shows_its_headline_and_moves_its_prose_to_one_note():
    talk = as_talk(
        notebook(
            cell("md", "# 04 · Title\n\nLong welcome.", "slide", screen="35 minutes"),
            cell("md", "## 1. Accuracy\n\nA long paragraph.", "slide", headline="It misleads"),
            cell("code", "x = 1\nprint(x)"),
            cell("md", "More prose under the code."),
            cell("md", "**Speaker notes.** Point at it.", "notes"),
        )
    )
    title, title_notes, slide, notes, code = talk.cells  # the note sits where the first was
    assert title.source == "# 04 · Title\n\n35 minutes" and "Long welcome" in title_notes.source
    assert "## It misleads" in slide.source and "1. Accuracy" in slide.source
    assert "A long paragraph" not in slide.source
    assert code.metadata["transient"]["remove_source"] is True
    assert notes.metadata["slideshow"]["slide_type"] == "notes"  # one note for the slide
    assert [p in notes.source for p in ("A long paragraph", "More prose", "Point at it")] == [
        True
    ] * 3


def test_code_shown_only_when_asked_and_long_output_cut():
    shown = cell("code", "x = 1", code=True, output_lines=2)
    shown.outputs = [nbformat.v4.new_output("stream", text="a\nb\nc\nd\n")]
    (talk,) = as_talk(notebook(shown)).cells
    assert "transient" not in talk.metadata
    assert talk.outputs[0].text.splitlines()[:2] == ["a", "b"] and "⋯" in talk.outputs[0].text


@pytest.mark.parametrize(
    ("deck", "problem"),
    [
        ({}, "no deck headline"),
        ({"headline": "ok", "colour": 1}, "unknown deck key"),
        ({"headline": 3}, "must be text"),
    ],
)
def test_wrong_metadata_is_named(deck, problem):
    with pytest.raises(TalkError, match=problem):
        as_talk(notebook(cell("md", "## A heading\n\ntext", "subslide", **deck)))


def test_the_label_above_a_headline_shows_no_markdown_marks():
    talk = as_talk(
        notebook(cell("md", "## 3. ICE: *how* `income` moves it\n\ntext", "slide", headline="H"))
    )
    assert '<p class="kicker">3. ICE: how income moves it</p>' in talk.cells[0].source


def test_a_cell_can_keep_only_its_figure():
    plot = cell("code", "plot()", output="figures")
    plot.outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "<Fig>"}),
        nbformat.v4.new_output("execute_result", data={"text/html": "<table/>"}, execution_count=1),
        nbformat.v4.new_output("stream", text="printed\n"),
    ]
    (talk,) = as_talk(notebook(plot)).cells
    assert [list(o.data) for o in talk.outputs] == [["image/png", "text/plain"]]
    with pytest.raises(TalkError, match="one of"):
        as_talk(notebook(cell("code", "x", output="table")))


def test_an_author_lists_and_sets_deck_metadata(tmp_path, capsys):
    from coursekit.authoring.talk import main

    path = tmp_path / "n.ipynb"
    nbformat.write(
        notebook(
            cell("md", "# T", "slide", screen="x"),
            cell("md", "hidden", "skip"),
            cell("md", "## A\n\ntext", "subslide", headline="old", screen="s"),
        ),
        path,
    )
    assert main(["list", str(path)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listed] == ["[0]", "[2]"]  # skipped cells are not listed
    assert main(["set", str(path), "2", '{"headline": "new", "screen": null}']) == 0
    assert nbformat.read(path, 4).cells[2].metadata["deck"] == {"headline": "new"}  # merged
    assert main(["set", str(path), "2", '{"colour": 1}']) == 2
    assert "unknown deck key" in capsys.readouterr().err
    assert main(["set", str(path), "1", '{"headline": "h"}']) == 2
    assert "not on a slide" in capsys.readouterr().err
    assert nbformat.read(path, 4).cells[2].metadata["deck"] == {"headline": "new"}  # unchanged
