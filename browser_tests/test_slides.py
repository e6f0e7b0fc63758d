"""The exported reveal.js decks render in a real browser with the network unplugged.

`make slides` writes build/slides/ (`make browser-test` runs it first). Each deck is opened from
disk in headless Chromium with every non-file request blocked and recorded; the test asserts
that reveal.js started, that nothing was fetched from the network, that no script failed, and
that the deck has exactly the slides and speaker notes its notebook's metadata asks for.
Screenshots of each title slide and of one plot go to screenshots/slides/ for a human to look at.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from browser_setup import SCREENSHOTS

from coursekit.authoring.slides import (
    core_path_summary,
    deck_cells,
    default_output_dir,
    knowledge_check_questions,
)

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (see browser_tests/README.md)"
)
DECKS = default_output_dir()
SOLUTIONS = sorted((Path(__file__).resolve().parent.parent / "solutions").glob("*.ipynb"))
LOAD_TIMEOUT_MS = 30_000
REVEAL = "vendor/reveal.js/dist/reveal.js"
SHOTS = SCREENSHOTS / "slides"


def open_offline(browser, url: str):
    """A page at ``url`` allowed to load only files and data: URIs; it records what it blocks."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    blocked: list[str] = []
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def only_local(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(url)
    return page, blocked, errors


def wait_until_started(page, blocked: list[str], errors: list[str]) -> None:
    """Wait for reveal.js to start; if it never does, say what was blocked or failed."""
    try:
        page.wait_for_selector(".reveal.ready", timeout=LOAD_TIMEOUT_MS)
    except sync_api.TimeoutError:
        pytest.fail(
            f"reveal.js did not start within {LOAD_TIMEOUT_MS // 1000} s. Blocked network "
            f"requests: {blocked or 'none'}; script errors: {errors or 'none'}"
        )


def reveal(page, call: str):
    """Evaluate ``Reveal.<call>`` (reveal.js is an AMD module here, not a global)."""
    return page.evaluate(
        f"new Promise(done => require(['{REVEAL}'], Reveal => done(Reveal.{call})))"
    )


@pytest.fixture(scope="module")
def decks_dir() -> Path:
    if not (DECKS / "index.html").is_file():
        pytest.skip(f"no decks in {DECKS}: run `make slides` first (`make browser-test` does)")
    return DECKS


@pytest.mark.parametrize("notebook", SOLUTIONS, ids=lambda p: p.stem)
def test_deck_renders_offline(browser, decks_dir, notebook):
    deck = decks_dir / f"{notebook.stem}.slides.html"
    assert deck.is_file(), f"{deck} is missing: `make slides` exports one deck per solution"
    page, blocked, errors = open_offline(browser, deck.as_uri())
    try:
        wait_until_started(page, blocked, errors)
        expected = core_path_summary(deck_cells(nbformat.read(notebook, as_version=4), notebook))
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"{notebook.stem}_title.png")

        assert blocked == [], f"the deck asked the network for {blocked}"
        assert errors == [], f"scripts failed in the deck: {errors}"
        polls = len(knowledge_check_questions(notebook.stem[:2]))  # one slide per question
        total = expected["slide"] + expected["subslide"]
        assert page.locator("h3", has_text="Poll").count() == polls
        assert reveal(page, "getTotalSlides()") == total
        assert page.locator("aside.notes").count() == expected["notes"]
        assert page.locator("h1").first.inner_text().startswith(notebook.stem[:2])
        assert page.evaluate("!!(window.MathJax && MathJax.Hub)"), "MathJax did not load"
    finally:
        page.close()


def test_a_plot_slide_shows_its_image(browser, decks_dir):
    """The first slide of notebook 05 with a plot: the image is decoded and has a real size."""
    page, blocked, errors = open_offline(
        browser, (decks_dir / "05_bias_checking.slides.html").as_uri()
    )
    try:
        wait_until_started(page, blocked, errors)
        h, v = page.evaluate(
            """path => new Promise(done => require([path], Reveal => {
                const slide = Reveal.getSlides().find(s => s.querySelector('img'));
                const at = Reveal.getIndices(slide);
                Reveal.slide(at.h, at.v);
                done([at.h, at.v]);
            }))""",
            REVEAL,
        )
        image = page.locator("section.present img").first
        image.evaluate("img => img.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(1000)  # the slide transition
        width = image.evaluate("img => img.complete ? img.naturalWidth : 0")
        page.screenshot(path=SHOTS / "05_bias_checking_plot.png")
        assert width > 300, f"the plot on slide {h}.{v} did not render (width {width})"
        assert blocked == [] and errors == []
    finally:
        page.close()


def test_index_links_every_deck(browser, decks_dir):
    page, blocked, errors = open_offline(browser, (decks_dir / "index.html").as_uri())
    try:
        links = page.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert sorted(links) == sorted(f"{nb.stem}.slides.html" for nb in SOLUTIONS)
        assert all((decks_dir / link).is_file() for link in links)
        assert blocked == [] and errors == []
    finally:
        page.close()
