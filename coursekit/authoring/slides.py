"""Export each worked notebook's lunch-and-learn core path as a reveal.js deck that works offline.

``nbconvert --to slides`` writes decks that load reveal.js, require.js, jQuery and MathJax from
CDNs, so they show a blank page without a network. This module fetches those libraries **once,
at build time**, from the npm registry (pinned versions, checked against the registry's sha512
integrity), unpacks them next to the decks, and points the decks at the local copies::

    python -m coursekit.authoring.slides fetch   # needs the npm registry; skips what it has
    python -m coursekit.authoring.slides export  # offline: solutions/*.ipynb -> build/slides/

``make slides`` runs both, the export with the network cut. Open ``build/slides/index.html``
in a browser: arrow keys move, ``s`` opens the speaker view with the notes.

The slide metadata lives in the notebooks (``cell.metadata["slideshow"]``): cells of type
``skip`` are outside the core path, cells of type ``notes`` are speaker notes.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import io
import os
import posixpath
import re
import shutil
import sys
import tarfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat

from coursekit.authoring.build import slide_type
from coursekit.authoring.talk import TalkError, as_talk
from coursekit.paths import repo_root

REGISTRY_VARIABLE = "NPM_CONFIG_REGISTRY"
DEFAULT_REGISTRY = "https://registry.npmjs.org"
TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "course_reveal"
VENDOR = "vendor"
STAMP = ".version"  # in each unpacked package: the integrity it was unpacked from
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
CANVAS = (1280, 720)  # a deck's width and height in CSS pixels, before reveal.js scales it


@dataclass(frozen=True)
class NpmPackage:
    """One pinned npm package and the parts of it a deck needs."""

    name: str
    version: str
    integrity: str  # the registry's "dist.integrity": sha512 of the tarball, base64
    keep: tuple[str, ...]  # paths inside the package to unpack (a folder ends with "/")

    def tarball_url(self, registry: str) -> str:
        return f"{registry.rstrip('/')}/{self.name}/-/{self.name}-{self.version}.tgz"


# reveal.js 4.0.2 is the version nbconvert's reveal template is written for.
PACKAGES = (
    NpmPackage(
        "reveal.js",
        "4.0.2",
        "sha512-LWZSUenufF1gpD7npxJ7KfoQQFKgc1D6XrLTFgKlwWNP1BQ74hT48KONFWMAw+8R/QUeaScCLCLrBVHDfFIEiw==",
        ("dist/", "plugin/notes/"),
    ),
    NpmPackage(
        "requirejs",
        "2.3.7",
        "sha512-DouTG8T1WanGok6Qjg2SXuCMzszOo0eHeH9hDZ5Y4x8Je+9JB38HdTLT4/VA8OaUhBa0JPVHJ0pyBkM1z+pDsw==",
        ("require.js",),
    ),
    NpmPackage(
        "jquery",
        "3.7.1",
        "sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg==",
        ("dist/jquery.min.js",),
    ),
    NpmPackage(
        "mathjax",
        "2.7.9",
        "sha512-NOGEDTIM9+MrsqnjPEjVGNx4q0GQxqm61yQwSK+/5S59i26wId5IC5gNu9/bu8+CCVl5p9G2IHcAl/wJa+5+BQ==",
        (
            "MathJax.js",
            "config/TeX-AMS_CHTML-full.js",
            "config/Safe.js",
            "extensions/",
            "jax/input/TeX/",
            "jax/output/CommonHTML/",
            "jax/element/",
            "localization/en/",
        ),
    ),
)

# Where each library sits relative to a deck, as nbconvert's SlidesExporter options want it.
ASSET_URLS = {
    "reveal_url_prefix": f"{VENDOR}/reveal.js",
    "require_js_url": f"{VENDOR}/requirejs/require.js",
    "jquery_url": f"{VENDOR}/jquery/dist/jquery.min.js",
    "mathjax_url": f"{VENDOR}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
}


class SlidesError(RuntimeError):
    """A problem `make slides` can name, with the fix."""


def default_output_dir() -> Path:
    return repo_root() / "build" / "slides"


def sha512_integrity(data: bytes) -> str:
    """The npm registry's integrity string ("sha512-<base64>") of ``data``."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def download(package: NpmPackage, registry: str) -> bytes:
    """The package's tarball from the registry, checked against its pinned integrity."""
    url = package.tarball_url(registry)
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            data = response.read()
    except (urllib.error.URLError, TimeoutError) as error:
        raise SlidesError(
            f"Could not download {package.name} {package.version} from {url} ({error}). "
            "Exporting slides needs the npm registry once, to fetch reveal.js and friends; after "
            f"that it works offline. Behind a mirror, set {REGISTRY_VARIABLE} to its address."
        ) from error
    if sha512_integrity(data) != package.integrity:
        raise SlidesError(
            f"{url} does not match the pinned sha512 of {package.name} {package.version}: the "
            "download is corrupt or the registry served something else. Nothing was unpacked; "
            "try again, or check the mirror."
        )
    return data


def unpack(tarball: bytes, package: NpmPackage, destination: Path) -> int:
    """Unpack the parts of an npm tarball the decks need into ``destination``; returns a count."""
    count = 0
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member in archive.getmembers():
            inner = member.name.split("/", 1)[1] if "/" in member.name else member.name
            wanted = any(
                inner == keep or (keep.endswith("/") and inner.startswith(keep))
                for keep in package.keep
            )
            if not member.isfile() or not wanted:
                continue
            target = (destination / inner).resolve()
            if destination.resolve() not in target.parents:
                raise SlidesError(f"{package.name}'s tarball holds an unsafe path: {member.name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(member).read())
            count += 1
    return count


def fetch(output_dir: Path, registry: str | None = None) -> list[str]:
    """Download and unpack every pinned package that is not unpacked yet; returns what it did."""
    registry = registry or os.environ.get(REGISTRY_VARIABLE) or DEFAULT_REGISTRY
    done = []
    for package in PACKAGES:
        if is_unpacked(output_dir, package):
            done.append(f"{package.name} {package.version}: already there")
            continue
        tarball = download(package, registry)
        folder = output_dir / VENDOR / package.name
        shutil.rmtree(folder, ignore_errors=True)
        count = unpack(tarball, package, folder)
        (folder / STAMP).write_text(package.integrity)
        done.append(f"{package.name} {package.version}: {count} files")
    return done


def is_unpacked(output_dir: Path, package: NpmPackage) -> bool:
    """Whether ``package`` is unpacked in ``output_dir``, at the pinned version."""
    stamp = output_dir / VENDOR / package.name / STAMP
    return stamp.is_file() and stamp.read_text() == package.integrity


def missing_assets(output_dir: Path) -> list[str]:
    """The pinned packages that are not unpacked (at the pinned version) in ``output_dir``."""
    return [
        f"{package.name} {package.version}"
        for package in PACKAGES
        if not is_unpacked(output_dir, package)
    ]


def slides_exporter():
    """nbconvert's SlidesExporter, set up for local assets, slide numbers and a fixed canvas."""
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    config = Config()
    config.SlidesExporter.update(ASSET_URLS)
    # No scrolling: a slide that does not fit is a defect the browser test reports, not a
    # scroll bar for the presenter to drag in front of a room.
    config.SlidesExporter.reveal_scroll = False
    config.SlidesExporter.reveal_number = "c/t"
    config.SlidesExporter.reveal_theme = "white"
    # The canvas is a 1280×720 screen: reveal.js scales it to any screen as a whole, so what fits
    # here fits on every projector, at the same proportions (the browser test measures it).
    config.SlidesExporter.reveal_width = str(CANVAS[0])
    config.SlidesExporter.reveal_height = str(CANVAS[1])
    config.SlidesExporter.extra_template_basedirs = [str(TEMPLATE_DIR)]
    config.SlidesExporter.template_name = TEMPLATE_NAME
    config.SlidesExporter.exclude_input_prompt = True
    config.SlidesExporter.exclude_output_prompt = True
    return SlidesExporter(config=config)


def deck_title(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The notebook's first heading, without the ``#``."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            return cell.source.splitlines()[0][2:].strip()
    return fallback


def without_widget_outputs(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy without widget outputs (progress bars).

    A stored progress bar keeps only its first frame as text ("0/5"): on a static slide it would
    look as if nothing ran. The widget's live state is not stored (``make solutions`` strips it).
    """
    copy = nbformat.from_dict(notebook)
    for cell in copy.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                output for output in cell.outputs if WIDGET_MIME not in output.get("data", {})
            ]
    return copy


DISCUSSION_START = "> ### 💬 Discussion for your team"


def knowledge_check_questions(number: str) -> tuple:
    """The questions of notebook ``number``'s knowledge check (none for a notebook without)."""
    from coursekit.knowledge import knowledge_check

    try:
        return knowledge_check(number).questions
    except ValueError:
        return ()


def with_polls(notebook: nbformat.NotebookNode, number: str) -> nbformat.NotebookNode:
    """A copy with notebook ``number``'s knowledge check as polls, just before the discussion.

    Each question is a slide with its lettered options; the right letter follows as a fragment
    (the presenter reveals it after the room has voted), and the speaker notes hold why it is
    right and every wrong option's feedback, to read out for the most popular wrong answer: the
    room reads the question and options while it votes, the explanation is heard. The questions
    come from ``coursekit/knowledge_checks``, so a deck and its notebook ask the same. A notebook
    without a knowledge check, or without a discussion box, is returned unchanged.
    """
    from coursekit.knowledge import LETTERS

    copy = nbformat.from_dict(notebook)
    questions = knowledge_check_questions(number)
    if not questions:
        return copy
    where = next(
        (i for i, c in enumerate(copy.cells) if c.source.startswith(DISCUSSION_START)), None
    )
    if where is None:
        return copy
    polls = []
    for question in questions:
        options = "\n".join(
            f"* **({LETTERS[i]})** {option.text}" for i, option in enumerate(question.options)
        )
        several = " (several are right)" if question.several else ""
        polls.append(
            nbformat.v4.new_markdown_cell(
                f"### Poll {question.key[1:]}{several}\n{question.prompt}\n\n{options}",
                metadata={"slideshow": {"slide_type": "slide"}, "deck": {"keep": True}},
            )
        )
        lettered = [(LETTERS[i], option) for i, option in enumerate(question.options)]
        right = [f"({letter})" for letter, option in lettered if option.right]
        polls.append(
            nbformat.v4.new_markdown_cell(
                "**Answer: " + ", ".join(right) + "**",
                metadata={"slideshow": {"slide_type": "fragment"}, "deck": {"keep": True}},
            )
        )
        why = [f"* ({letter}) {option.feedback}" for letter, option in lettered if option.right]
        wrong = [
            f"* ({letter}) {option.feedback}" for letter, option in lettered if not option.right
        ]
        polls.append(
            nbformat.v4.new_markdown_cell(
                "**Speaker notes.** Let everyone commit to a letter first (hands, cards or the "
                "chat), then reveal the answer and say why:\n"
                + "\n".join(why)
                + "\n\nFor the most popular wrong answer, read its feedback:\n"
                + "\n".join(wrong),
                metadata={"slideshow": {"slide_type": "notes"}},
            )
        )
    copy.cells[where:where] = polls
    return copy


def deck_cells(notebook: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """The cells a notebook's deck shows: without widgets, with polls, laid out as a talk."""
    deck = with_polls(without_widget_outputs(notebook), path.stem[:2])
    try:
        return as_talk(deck, path.name)
    except TalkError as error:
        raise SlidesError(str(error)) from error


def core_path_summary(notebook: nbformat.NotebookNode) -> dict[str, int]:
    """Count the slides, sub-slides, speaker notes and skipped cells in a notebook's metadata."""
    counts = {"slide": 0, "subslide": 0, "notes": 0, "skip": 0}
    for cell in notebook.cells:
        kind = slide_type(cell)
        if kind in counts:
            counts[kind] += 1
    return counts


def relink(body: str, notebook_dir: Path, output_dir: Path) -> str:
    """Point a notebook's relative links (``../docs/glossary.md``) at the same files from a deck."""
    prefix = Path(os.path.relpath(notebook_dir.resolve(), output_dir.resolve())).as_posix()
    return re.sub(
        r'href="(\.\./[^"]*)"',
        lambda m: f'href="{posixpath.normpath(prefix + "/" + m.group(1))}"',
        body,
    )


def export(notebooks: list[Path], output_dir: Path) -> list[Path]:
    """Write one ``NN_name.slides.html`` per notebook and an ``index.html``; returns the decks."""
    missing = missing_assets(output_dir)
    if missing:
        raise SlidesError(
            f"The slide libraries are missing from {output_dir / VENDOR}: {', '.join(missing)}. "
            "Run `python -m coursekit.authoring.slides fetch` first (`make slides` does both)."
        )
    exporter = slides_exporter()
    decks, rows = [], []
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        counts = core_path_summary(notebook)
        if not counts["slide"]:
            raise SlidesError(
                f"{path.name} has no slide metadata (no cell of slide type 'slide'). In "
                "JupyterLab, set it in the right sidebar's property inspector (Slide Type)."
            )
        deck_notebook = deck_cells(notebook, path)
        body, _ = exporter.from_notebook_node(
            deck_notebook, resources={"metadata": {"name": path.stem}}
        )
        body = relink(body, path.parent, output_dir)
        deck = output_dir / f"{path.stem}.slides.html"
        deck.write_text(body, encoding="utf-8")
        decks.append(deck)
        rows.append(
            f'<li><a href="{deck.name}">{html.escape(deck_title(notebook, path.stem))}</a> '
            f"<small>({counts['slide'] + counts['subslide']} slides, "
            f"{counts['notes']} speaker notes)</small></li>"
        )
    (output_dir / "index.html").write_text(index_page(rows), encoding="utf-8")
    return decks


def index_page(rows: list[str]) -> str:
    """A plain page that lists the decks."""
    items = "\n".join(rows)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Responsible ML, hands-on: slides</title>
<style>body {{ font: 18px/1.5 sans-serif; max-width: 50em; margin: 2em auto; }}</style></head>
<body><h1>Responsible ML, hands-on: slides</h1>
<p>One deck per notebook: its lunch-and-learn core path, with the stored outputs. Arrow keys
move; <kbd>s</kbd> opens the speaker view with the notes; <kbd>?</kbd> lists the keys.
Everything loads from this folder: no network needed.</p>
<ul>
{items}
</ul></body></html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coursekit.authoring.slides", description=__doc__
    )
    parser.add_argument("command", choices=["fetch", "export"])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: solutions/*.ipynb")
    parser.add_argument("--out", type=Path, default=None, help="default: build/slides")
    args = parser.parse_args(argv)
    output_dir = args.out or default_output_dir()
    output_dir.mkdir(parents=True, exist_ok=True)
    try:
        if args.command == "fetch":
            for line in fetch(output_dir):
                print(f"slides: {line}")
            return 0
        notebooks = args.notebooks or sorted((repo_root() / "solutions").glob("*.ipynb"))
        decks = export(notebooks, output_dir)
    except SlidesError as error:
        print(f"slides: {error}", file=sys.stderr)
        return 2
    print(f"slides: wrote {len(decks)} decks; open {output_dir / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
