"""Slides: the core-path metadata in every notebook, and the offline deck export.

The browser half (decks open in Chromium with the network blocked) is browser_tests/test_slides.py.
"""

from __future__ import annotations

import io
import os
import re
import tarfile
import urllib.error
from pathlib import Path

import nbformat
import pytest

from coursekit.authoring import slides
from coursekit.authoring.build import is_speaker_note, slide_type
from coursekit.exercises.core import BEGIN_MARKER
from coursekit.paths import repo_root

ROOT = repo_root()
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
LEARNER = sorted((ROOT / "notebooks").glob("*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}
NOTES_HEADING = "**Speaker notes.**"


def core_sections_in_header(header: str, sections: set[int]) -> set[int] | None:
    """The numbered sections the header's "core path: ..." names; None when it names no path."""
    found = re.search(r"core path: ([^|]*)\)", header)
    if not found:
        return None
    text = re.sub(r"\d+ minutes", "", found.group(1))
    if "skip the exercises and section" in text:
        return sections - {int(n) for n in re.findall(r"section (\d+)", text)}
    if "sections" not in text:
        return set(sections)
    named = text.split("sections", 1)[1].split("without")[0]
    chosen: set[int] = set()
    for first, last in re.findall(r"(\d+)\s*[–-]\s*(\d+)", named):
        chosen |= set(range(int(first), int(last) + 1))
    named = re.sub(r"(\d+)\s*[–-]\s*(\d+)", "", named)
    return chosen | {int(n) for n in re.findall(r"\d+", named)}


def core_minutes_in_header(header: str) -> int | None:
    found = re.search(r"core path: (\d+) minutes", header) or re.search(
        r"core path: [^|]*?(\d+) minutes", header
    )
    return int(found.group(1)) if found else None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("| **Time** | 15 minutes (lunch-and-learn core path: 10 minutes) |", {1, 2, 3}),
        ("(lunch-and-learn core path: 30 minutes, skip the exercises) |", {1, 2, 3}),
        ("(lunch-and-learn core path: sections 1, 2 and 4, 30 minutes) |", {1, 2, 4}),
        (
            "(lunch-and-learn core path: 35 minutes, sections 1–3 and 5 without the exercises)",
            {1, 2, 3, 5},
        ),
        ("(lunch-and-learn core path: 35 minutes, skip the exercises and section 2) |", {1, 3}),
        ("| **Time** | 90 minutes as a team workshop (self-paced: about 60 minutes) |", None),
    ],
)
def test_header_parser(header, expected):
    assert core_sections_in_header(header, {1, 2, 3}) == expected


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_core_path_metadata_matches_the_header(path):
    notebook = nbformat.read(path, as_version=4)
    cells = notebook.cells
    assert all(slide_type(cell) in SLIDE_TYPES for cell in cells), "a cell lacks a slide type"
    assert slide_type(cells[0]) == "slide", "the title cell must open the deck"

    sections = {}
    for cell in cells:
        heading = re.match(r"## (\d+)\.", cell.source) if cell.cell_type == "markdown" else None
        if heading:
            sections[int(heading.group(1))] = slide_type(cell)
    named = core_sections_in_header(cells[0].source, set(sections))
    if named is not None:
        shown = {number for number, kind in sections.items() if kind != "skip"}
        assert shown == named, f"slides show sections {sorted(shown)}, header says {sorted(named)}"

    for cell in cells:
        exercise = (
            cell.source.startswith("### Exercise")
            or BEGIN_MARKER in cell.source
            or re.search(r"^# ex\d\d\.q\d\.hint\(\)", cell.source, re.MULTILINE)
            or "solution" in cell.get("metadata", {}).get("tags", [])
        )
        if exercise:
            assert slide_type(cell) == "skip", f"exercise cell {cell.id} is on the core path"
        if cell.source.startswith("> ### 💬 Discussion"):
            assert slide_type(cell) == "slide", "the discussion box gets a slide of its own"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_core_path_fits_its_minutes(path):
    """About a minute per slide: no more slides than core minutes, plus title and discussion."""
    notebook = nbformat.read(path, as_version=4)
    minutes = core_minutes_in_header(notebook.cells[0].source)
    if minutes is None:
        pytest.skip("the capstone is a workshop; it has no lunch-and-learn core path")
    counts = slides.core_path_summary(notebook)
    assert counts["slide"] + counts["subslide"] <= minutes + 2


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_speaker_notes_sit_on_the_core_path(path):
    cells = nbformat.read(path, as_version=4).cells
    notes = [index for index, cell in enumerate(cells) if is_speaker_note(cell)]
    assert len(notes) >= 3, "the title, a core section and the discussion deserve notes"
    assert notes[0] == 1, "the first note belongs to the title slide"
    for index in notes:
        assert cells[index].cell_type == "markdown"
        assert cells[index].source.startswith(NOTES_HEADING)
        before = next(c for c in reversed(cells[:index]) if not is_speaker_note(c))
        assert slide_type(before) != "skip", f"note {cells[index].id} follows a skipped cell"


@pytest.mark.parametrize("path", LEARNER, ids=lambda p: p.stem)
def test_learner_notebooks_have_no_speaker_notes(path):
    assert not any(is_speaker_note(cell) for cell in nbformat.read(path, as_version=4).cells)


# --- the export -----------------------------------------------------------------------------


def pretend_fetched(folder):
    """Stamp every vendor package as unpacked, so export runs without the network."""
    for package in slides.PACKAGES:
        target = folder / slides.VENDOR / package.name
        target.mkdir(parents=True)
        (target / slides.STAMP).write_text(package.integrity)


def test_a_deck_points_only_at_local_files(tmp_path):
    pretend_fetched(tmp_path)
    source = ROOT / "solutions" / "03_modeling.ipynb"
    (deck,) = slides.export([source], tmp_path)
    page = deck.read_text(encoding="utf-8")
    loaded = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', page)
    assert loaded, "the deck loads no scripts: the template changed"
    assert all("://" not in url and url.startswith(f"{slides.VENDOR}/") for url in loaded), loaded
    assert "mermaid" not in page.lower(), "the course template should drop the mermaid CDN script"
    talk = slides.deck_cells(nbformat.read(source, as_version=4), source)
    notes = sum(1 for cell in talk.cells if slides.slide_type(cell) == "notes")
    starts = sum(1 for cell in talk.cells if slides.slide_type(cell) in ("slide", "subslide"))
    assert page.count('<aside class="notes">') == notes  # every note reaches the speaker view
    assert starts <= notes + 1, "most slides should carry the notebook's prose as their notes"
    assert slides.WIDGET_MIME not in page and "0/5" not in page, "a frozen progress bar shows"
    assert page.count("<img") == page.count('<img alt="') > 0, "a figure on a slide has no alt text"
    assert "No description has been provided" not in page
    glossary = Path(os.path.relpath(ROOT / "docs" / "glossary.md", tmp_path)).as_posix()
    assert f'href="{glossary}"' in page, "the glossary link must work from the deck's folder"
    assert (tmp_path / "index.html").read_text().count(".slides.html") == 1


def test_export_without_the_libraries_says_what_to_run(tmp_path, capsys):
    status = slides.main(["export", "--out", str(tmp_path)])
    message = capsys.readouterr().err
    assert status == 2
    assert "python -m coursekit.authoring.slides fetch" in message and "reveal.js 4.0.2" in message


def test_a_notebook_without_slide_metadata_is_named(tmp_path):
    pretend_fetched(tmp_path)
    bare = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 99 · bare")])
    path = tmp_path / "99_bare.ipynb"
    nbformat.write(bare, path)
    with pytest.raises(slides.SlidesError, match=r"99_bare\.ipynb has no slide metadata"):
        slides.export([path], tmp_path)


# --- the fetch (no network: the registry is faked) ------------------------------------------


def npm_tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_unpack_keeps_only_what_a_deck_needs(tmp_path):
    package = slides.NpmPackage("demo", "1.0.0", "", ("dist/", "plugin/notes/"))
    tarball = npm_tarball(
        {
            "package/dist/reveal.js": b"js",
            "package/plugin/notes/notes.js": b"notes",
            "package/plugin/math/math.js": b"unused",
            "package/README.md": b"readme",
        }
    )
    assert slides.unpack(tarball, package, tmp_path) == 2
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.js")) == [
        "dist/reveal.js",
        "plugin/notes/notes.js",
    ]


def test_unpack_refuses_a_path_outside_the_folder(tmp_path):
    package = slides.NpmPackage("evil", "1.0.0", "", ("dist/",))
    tarball = npm_tarball({"package/dist/../../../escaped.js": b"x"})
    with pytest.raises(slides.SlidesError, match="unsafe path"):
        slides.unpack(tarball, package, tmp_path / "vendor")


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_download_checks_the_pinned_integrity(monkeypatch):
    good = b"the real tarball"
    package = slides.NpmPackage("demo", "1.0.0", slides.sha512_integrity(good), ("dist/",))
    monkeypatch.setattr(slides.urllib.request, "urlopen", lambda url, timeout: FakeResponse(good))
    assert slides.download(package, "https://registry.example") == good
    monkeypatch.setattr(
        slides.urllib.request, "urlopen", lambda url, timeout: FakeResponse(b"tampered")
    )
    with pytest.raises(slides.SlidesError, match="does not match the pinned sha512"):
        slides.download(package, "https://registry.example")


def test_an_unreachable_registry_names_the_fix(monkeypatch):
    def refuse(url, timeout):
        raise urllib.error.URLError("network is unreachable")

    monkeypatch.setattr(slides.urllib.request, "urlopen", refuse)
    package = slides.PACKAGES[0]
    with pytest.raises(slides.SlidesError, match=slides.REGISTRY_VARIABLE):
        slides.download(package, slides.DEFAULT_REGISTRY)


def test_the_pinned_tarball_urls():
    urls = {p.name: p.tarball_url("https://registry.npmjs.org/") for p in slides.PACKAGES}
    assert urls["reveal.js"] == "https://registry.npmjs.org/reveal.js/-/reveal.js-4.0.2.tgz"
    assert all(p.integrity.startswith("sha512-") for p in slides.PACKAGES)


def test_the_knowledge_check_becomes_polls_before_the_discussion():
    """Question on a slide, the right letter on the next fragment, every option's feedback (why
    the answer is right, why each other option is wrong) in the speaker notes; the same text as
    the notebook's knowledge check."""
    from coursekit.knowledge import LETTERS, knowledge_check

    path = next((slides.repo_root() / "solutions").glob("05_*.ipynb"))
    notebook = nbformat.read(path, as_version=4)
    deck = slides.with_polls(notebook, "05")
    check = knowledge_check("05")
    added = len(deck.cells) - len(notebook.cells)
    assert added == 3 * len(check.questions)
    start = next(i for i, c in enumerate(deck.cells) if c.source.startswith("### Poll 1"))
    assert deck.cells[start + added].source.startswith(slides.DISCUSSION_START)
    for k, question in enumerate(check.questions):
        ask, reveal, notes = deck.cells[start + 3 * k : start + 3 * k + 3]
        assert [slides.slide_type(c) for c in (ask, reveal, notes)] == [
            "slide",
            "fragment",
            "notes",
        ]
        assert question.prompt in ask.source
        assert all(option.text in ask.source for option in question.options)
        letters = [f"({LETTERS[i]})" for i, o in enumerate(question.options) if o.right]
        assert reveal.source == "**Answer: " + ", ".join(letters) + "**"
        assert not any(o.feedback in ask.source for o in question.options)  # nothing given away
        assert all(o.feedback in notes.source for o in question.options)
        why, _, wrong = notes.source.partition("most popular wrong answer")
        assert all(o.feedback in why for o in question.options if o.right)
        assert all(o.feedback in wrong for o in question.options if not o.right)
    # a notebook without a knowledge check is left alone
    welcome = nbformat.read(next((slides.repo_root() / "solutions").glob("00_*.ipynb")), 4)
    assert len(slides.with_polls(welcome, "00").cells) == len(welcome.cells)
