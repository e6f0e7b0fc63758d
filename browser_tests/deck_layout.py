"""Measure every slide of a deck in a browser: does it fit, how much does it ask a room to read.

browser_tests/test_deck_layout.py fails on any slide over a limit; run this tool on one deck to
see every slide's figures while its headlines are written::

    .venv/bin/python browser_tests/deck_layout.py build/slides/05_bias_checking.slides.html

Each slide is shown with all its fragments (a poll with its answer), at the deck's canvas size
(coursekit.authoring.slides.CANVAS, which reveal.js scales to the screen as a whole), and
measured in CSS pixels of that canvas:

* **overflow**: how far content reaches past the slide's bottom or right edge, or past the edge
  of a box that would have to scroll (a wide table, a long line of code); must be 0;
* **words** on screen (speaker notes excluded): tokens with a letter, so the numbers of a small
  table are evidence, not reading; the headline counts;
* **code lines** shown;
* **smallest text**: the smallest font size of any text on the slide.

The limits, and why (they are the course's conventions, ../shared/COURSE.md "Slides"):

* ``MAX_WORDS = 45``: assertion-evidence slides carry a one-sentence headline (up to about 15
  words) and a few words of support; talk decks run to a few dozen words a slide, and more is
  read rather than heard. A poll is read by the room while it votes, so it may hold its
  question, options and answer: ``MAX_POLL_WORDS = 110``.
* ``MAX_CODE_LINES = 10``: code appears where the code is the point, short enough to be read
  from the back of the room in the time the presenter talks about it.
* ``MIN_FONT_PX = 24``: 24 px of a 720 px tall canvas is 18 pt on a 13.33 × 7.5 in slide, the
  smallest size presentation guides accept for a projector.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_setup import CHROMIUM, CHROMIUM_ARGS

MAX_WORDS = 45
MAX_POLL_WORDS = 110
MAX_CODE_LINES = 10
MIN_FONT_PX = 24
REVEAL = "vendor/reveal.js/dist/reveal.js"

MEASURE_ALL = """path => new Promise(done => require([path], Reveal => {
    Reveal.configure({transition: 'none', backgroundTransition: 'none'});
    const config = Reveal.getConfig();
    const words = text => (text.match(/\\S+/g) || []).filter(t => /[A-Za-z]/.test(t)).length;
    const results = [];
    for (const slide of Reveal.getSlides()) {
        const at = Reveal.getIndices(slide);
        Reveal.slide(at.h, at.v);
        slide.querySelectorAll('.fragment').forEach(f => f.classList.add('visible'));
        Reveal.layout();
        const shown = el => !el.closest('aside.notes');
        const clone = slide.cloneNode(true);
        clone.querySelectorAll('aside.notes, script, style').forEach(n => n.remove());
        const sizes = [];
        const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            if (!node.textContent.trim() || !parent || !shown(parent)) continue;
            if (parent.closest('.MathJax_Preview, script, style')) continue;
            sizes.push(parseFloat(getComputedStyle(parent).fontSize));
        }
        // In canvas pixels: the slide box is the canvas, scaled by reveal.js.
        const scale = Reveal.getScale();
        const box = document.querySelector('.reveal .slides').getBoundingClientRect();
        let overflow = Math.max(0, slide.scrollHeight - config.height);
        const over = [];
        for (const el of slide.querySelectorAll('*')) {
            if (!shown(el) || el.closest('.MathJax_Preview')) continue;
            const r = el.getBoundingClientRect();
            if (!r.width && !r.height) continue;
            const past = Math.max((r.bottom - box.bottom) / scale, (r.right - box.right) / scale,
                                  el.scrollWidth - el.clientWidth > 2 &&
                                  getComputedStyle(el).overflowX !== 'visible'
                                  ? el.scrollWidth - el.clientWidth : 0);
            if (past > 1) { overflow = Math.max(overflow, past); over.push(el.tagName); }
        }
        const code = [...slide.querySelectorAll('.jp-InputArea pre')].filter(shown)
            .map(pre => pre.innerText.replace(/\\n+$/, '').split('\\n').length)
            .reduce((a, b) => a + b, 0);
        const heading = slide.querySelector('h1, h2, h3');
        results.push({
            index: `${at.h}.${at.v}`,
            headline: heading ? heading.textContent.replace('¶', '').trim().slice(0, 90) : '',
            poll: !!(heading && /^Poll /.test(heading.textContent)),
            words: words(clone.innerText || clone.textContent),
            code_lines: code,
            smallest_text: sizes.length ? Math.min(...sizes) : 0,
            overflow: Math.round(overflow),
            overflowing: [...new Set(over)].slice(0, 5).join(','),
        });
    }
    Reveal.slide(0, 0);
    done(results);
}))"""


@dataclass
class SlideMeasure:
    index: str
    headline: str
    poll: bool
    words: int
    code_lines: int
    smallest_text: float
    overflow: int
    overflowing: str

    def problems(self) -> list[str]:
        """What is over a limit on this slide, in words a deck author can act on."""
        found = []
        if self.overflow:
            found.append(f"content reaches {self.overflow} px past the slide ({self.overflowing})")
        limit = MAX_POLL_WORDS if self.poll else MAX_WORDS
        if self.words > limit:
            found.append(f"{self.words} words on screen (limit {limit}): move prose to the notes")
        if self.code_lines > MAX_CODE_LINES:
            found.append(f"{self.code_lines} lines of code (limit {MAX_CODE_LINES})")
        if self.smallest_text and self.smallest_text < MIN_FONT_PX:
            found.append(f"text at {self.smallest_text:g} px (minimum {MIN_FONT_PX})")
        return found


def wait_for_deck(page, timeout_ms: int = 30_000) -> None:
    """Wait until reveal.js has started and every image is decoded."""
    page.wait_for_selector(".reveal.ready", timeout=timeout_ms)
    page.evaluate("Promise.all([...document.images].map(img => img.decode().catch(() => null)))")


def measure(page) -> list[SlideMeasure]:
    """Every slide of the deck open in ``page``, measured (see the module's docstring)."""
    return [SlideMeasure(**row) for row in page.evaluate(MEASURE_ALL, REVEAL)]


def summary(rows: list[SlideMeasure]) -> dict:
    """A deck's figures: slides, overflowing slides, words and code lines per slide."""
    content = [row for row in rows if not row.poll]
    return {
        "slides": len(rows),
        "overflowing": sum(1 for row in rows if row.overflow),
        "median_words": statistics.median(row.words for row in content) if content else 0,
        "max_words": max((row.words for row in content), default=0),
        "max_poll_words": max((row.words for row in rows if row.poll), default=0),
        "slides_over_10_code_lines": sum(1 for row in rows if row.code_lines > MAX_CODE_LINES),
        "max_code_lines": max((row.code_lines for row in rows), default=0),
        "smallest_text_px": min(
            (row.smallest_text for row in rows if row.smallest_text), default=0
        ),
        "over_a_limit": sum(1 for row in rows if row.problems()),
    }


def open_deck(browser, deck: Path, viewport=(1280, 720)):
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort()
        ),
    )
    page.goto(deck.resolve().as_uri())
    wait_for_deck(page)
    return page


def save_screenshots(page, rows: list[SlideMeasure], folder: Path) -> None:
    """One PNG per slide, all fragments shown, named by its index (``04_2.1.png``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for row in rows:
        h, v = row.index.split(".")
        page.evaluate(
            """([path, h, v]) => new Promise(done => require([path], Reveal => {
                Reveal.slide(h, v);
                Reveal.getCurrentSlide().querySelectorAll('.fragment')
                    .forEach(f => f.classList.add('visible'));
                done();
            }))""",
            [REVEAL, int(h), int(v)],
        )
        page.screenshot(path=folder / f"{row.index}.png")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("decks", nargs="+", type=Path)
    parser.add_argument("--all", action="store_true", help="list every slide, not only problems")
    parser.add_argument("--json", type=Path, help="write every measure to this file")
    parser.add_argument("--shots", type=Path, help="save a screenshot of every slide here")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    report = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for deck in args.decks:
            page = open_deck(browser, deck)
            rows = measure(page)
            if args.shots:
                save_screenshots(page, rows, args.shots / deck.name.split(".")[0])
            page.close()
            report[deck.name] = {"summary": summary(rows), "slides": [asdict(r) for r in rows]}
            print(f"{deck.name}: {json.dumps(summary(rows))}")
            for row in rows:
                if args.all or row.problems():
                    print(
                        f"  {row.index:>5} {row.headline[:60]!r}: w={row.words} "
                        f"code={row.code_lines} font={row.smallest_text:g} "
                        f"over={row.overflow} {'; '.join(row.problems())}"
                    )
        browser.close()
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
