"""Every slide of every deck fits its canvas and holds to the talk limits, on two screen shapes.

`make slides` writes build/slides/ (`make browser-test` runs it first). Each deck is opened in
headless Chromium, offline, on a 16:9 screen (1280×720, the canvas itself) and on a 4:3 one
(1024×768, an older projector: reveal.js scales the canvas down as a whole), and every slide is
measured with all its fragments shown (browser_tests/deck_layout.py: overflow, words on screen,
code lines, smallest text; the limits and why are in its docstring). The test fails naming each
slide over a limit and what to change; the figures per deck go to
screenshots/slides/layout.json for the closing note of a change to the decks.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser_setup import SCREENSHOTS
from deck_layout import measure as measure_slides
from deck_layout import open_deck, summary

from coursekit.authoring.slides import default_output_dir

pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (see browser_tests/README.md)"
)
DECKS = default_output_dir()
SOLUTIONS = sorted((Path(__file__).resolve().parent.parent / "solutions").glob("*.ipynb"))
SCREENS = {"16:9": (1280, 720), "4:3": (1024, 768)}
REPORT = SCREENSHOTS / "slides" / "layout.json"
FIGURES: dict[str, dict] = {}


@pytest.fixture(scope="module")
def decks_dir() -> Path:
    if not (DECKS / "index.html").is_file():
        pytest.skip(f"no decks in {DECKS}: run `make slides` first (`make browser-test` does)")
    yield DECKS
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(FIGURES, indent=1, sort_keys=True), encoding="utf-8")


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: s.replace(":", "x"))
@pytest.mark.parametrize("notebook", SOLUTIONS, ids=lambda p: p.stem)
def test_every_slide_fits_and_is_readable(browser, decks_dir, notebook, screen):
    deck = decks_dir / f"{notebook.stem}.slides.html"
    assert deck.is_file(), f"{deck.name} is missing: run `make slides`"
    page = open_deck(browser, deck, SCREENS[screen])
    try:
        rows = measure_slides(page)
    finally:
        page.close()
    FIGURES[f"{notebook.stem} {screen}"] = summary(rows)
    assert rows, f"{deck.name}: no slides measured"
    problems = [
        f"slide {row.index} {row.headline[:50]!r}: {'; '.join(row.problems())}"
        for row in rows
        if row.problems()
    ]
    assert not problems, (
        f"{deck.name} at {screen} ({SCREENS[screen][0]}×{SCREENS[screen][1]}): "
        f"{len(problems)} slide(s) over a limit (fix the cell's metadata.deck, see "
        "coursekit/authoring/talk.py):\n  " + "\n  ".join(problems)
    )
