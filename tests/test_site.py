"""The course website (`make site`): its configuration, its notebook reader and its check.

jupyter-book is not a course requirement (`make site` installs it from requirements-site.txt),
so only the last two tests need it and they skip without it.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from coursekit.authoring import site
from coursekit.paths import repo_root

ROOT = repo_root()
NOTEBOOK = "solutions/05_bias_checking.ipynb"
BINDER = "https://mybinder.org/v2/gh/owner/repo/main?urlpath=lab/tree/" + NOTEBOOK
COLAB = "https://colab.research.google.com/github/owner/repo/blob/main/" + NOTEBOOK


def page(*links: str, article: tuple[str, ...] = ("../docs/glossary.html",)) -> str:
    """A tiny stand-in for a built notebook page: header links, then the article's links."""
    header = "".join(f'<a href="{href}">x</a>' for href in links)
    body = "".join(f'<a href="{href}">docs/glossary.md</a>' for href in article)
    return f"<html><body>{header}<article>{body}</article></body></html>"


def make_site(folder: Path, notebook_page: str | None, guides: bool = True) -> Path:
    if guides:
        for guide in site.GUIDE_PAGES:
            (folder / guide).parent.mkdir(parents=True, exist_ok=True)
            (folder / guide).write_text("<html></html>", encoding="utf-8")
    if notebook_page is not None:
        (folder / "solutions").mkdir(exist_ok=True)
        (folder / "solutions" / "05_bias_checking.html").write_text(notebook_page, "utf-8")
    return folder


def test_check_passes_a_complete_site(tmp_path):
    make_site(tmp_path, page(BINDER, COLAB))
    assert site.check_site(tmp_path, [NOTEBOOK]) == []


@pytest.mark.parametrize(
    ("notebook_page", "guides", "problem"),
    [
        (None, True, "missing (the page of solutions/05_bias_checking.ipynb)"),
        (page(COLAB), True, "no Binder link"),
        (page(BINDER), True, "no Colab link"),
        # Binder opening the classic interface, or another notebook, is not the page's notebook
        (page(BINDER.replace("lab/tree/", "tree/"), COLAB), True, "no Binder link"),
        (page(BINDER, COLAB.replace("05_bias", "04_bias")), True, "no Colab link"),
        # a link MyST left unresolved still points at the Markdown file
        (page(BINDER, COLAB, article=("../docs/glossary.md",)), True, "does not reach"),
        (page(BINDER, COLAB, article=()), True, "no glossary link"),
        # the sidebar's link to the glossary does not stand in for the page's own link
        (page(BINDER, COLAB, "../docs/glossary.html", article=()), True, "no glossary link"),
        (page(BINDER, COLAB), False, "docs/glossary.html: missing"),
        # a figure a screen reader cannot describe
        (
            page(BINDER, COLAB).replace("<article>", '<article><img src="a.png"><img alt=" ">'),
            True,
            "2 figure(s) without alt text",
        ),
        # a notes cell that reached the page: the reader's remove-cell tag did not work
        (
            page(BINDER, COLAB).replace("<article>", f"<article>{site.SPEAKER_NOTES_MARK}"),
            True,
            "shows speaker notes",
        ),
    ],
)
def test_check_reports_what_is_wrong(tmp_path, notebook_page, guides, problem):
    make_site(tmp_path, notebook_page, guides)
    problems = site.check_site(tmp_path, [NOTEBOOK])
    assert any(problem in p for p in problems), problems


def test_check_command_exits_non_zero_on_a_broken_site(tmp_path, capsys):
    make_site(tmp_path, page(BINDER))  # no Colab link, and the other 23 pages are missing
    assert site.main(["check", str(tmp_path)]) == 1
    assert "site check FAILED" in capsys.readouterr().err


def test_check_command_fails_on_an_external_script(tmp_path, capsys, monkeypatch):
    make_site(
        tmp_path,
        page(BINDER, COLAB).replace(
            "<body>", '<body><script src="https://cdn.example.org/widgets.js"></script>'
        ),
    )
    monkeypatch.setattr(site, "expected_notebooks", lambda: [NOTEBOOK])
    assert site.main(["check", str(tmp_path)]) == 1
    assert "needs a network to read: https://cdn.example.org/widgets.js" in capsys.readouterr().err


def test_external_assets_are_listed(tmp_path):
    (tmp_path / "a.html").write_text(
        '<script src="https://cdn.example.org/x.js"></script><script src="_static/y.js">'
        '</script><link rel="stylesheet" href="https://cdn.example.org/z.css">',
        encoding="utf-8",
    )
    assert site.external_assets(tmp_path) == [
        "https://cdn.example.org/x.js",
        "https://cdn.example.org/z.css",
    ]


@pytest.mark.parametrize(
    ("repository", "origin", "expected"),
    [
        ("https://github.com/owner/repo.git", "", ("https://github.com/owner/repo", False)),
        ("", "git@github.com:owner/repo.git", ("https://github.com/owner/repo", False)),
        (
            "https://github.com/a/b",
            "git@github.com:owner/repo.git",
            ("https://github.com/a/b", False),
        ),
        ("", "https://gitlab.com/owner/repo.git", (site.PLACEHOLDER_REPOSITORY, True)),
        ("", "", (site.PLACEHOLDER_REPOSITORY, True)),
    ],
)
def test_repository_url(repository, origin, expected):
    assert site.repository_url(repository, origin) == expected


def test_config_is_written_with_the_repository(tmp_path):
    output = tmp_path / "_config.yml"
    site.write_config(ROOT / "site" / "_config.yml", output, "https://github.com/o/r", "dev")
    config = yaml.safe_load(output.read_text(encoding="utf-8"))
    assert config["repository"] == {
        "url": "https://github.com/o/r",
        "branch": "dev",
        "path_to_book": "",
    }
    execute = config["execute"]
    assert execute["execute_notebooks"] == "off"  # make test runs the notebooks, not the site
    assert config["launch_buttons"]["notebook_interface"] == "jupyterlab"


def test_toc_lists_every_notebook_once():
    toc = yaml.safe_load((ROOT / "site" / "_toc.yml").read_text(encoding="utf-8"))
    files = [chapter["file"] for part in toc["parts"] for chapter in part["chapters"]]
    notebooks = [f for f in files if f.split("/")[0] in site.NOTEBOOK_FOLDERS]
    assert sorted(notebooks) == sorted(n.removesuffix(".ipynb") for n in site.expected_notebooks())
    assert len(files) == len(set(files))
    assert {"docs/facilitator", "docs/glossary"} <= set(files)


def test_reader_hides_speaker_notes():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title", metadata={"slideshow": {"slide_type": "slide"}}),
        nbformat.v4.new_markdown_cell("Say this.", metadata={"slideshow": {"slide_type": "notes"}}),
    ]
    read = site.read_notebook(nbformat.writes(nb))
    assert [c.metadata.get("tags", []) for c in read.cells] == [[], ["remove-cell"]]


needs_jupyter_book = pytest.mark.skipif(
    importlib.util.find_spec("jupyter_book") is None,
    reason="jupyter-book is not installed (make site installs it)",
)


def build_book(folder: Path, cells: list) -> subprocess.CompletedProcess:
    """Build a one-notebook book with the site's own configuration."""
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells = cells
    nbformat.write(nb, folder / "page.ipynb")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: page\n", encoding="utf-8")
    site.write_config(
        ROOT / "site" / "_config.yml", folder / "_config.yml", site.PLACEHOLDER_REPOSITORY
    )
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    return subprocess.run(
        [jupyter_book, "build", folder, "--path-output", folder / "out"],
        capture_output=True,
        text=True,
        timeout=300,
    )


@needs_jupyter_book
def test_the_site_shows_the_stored_outputs_and_runs_nothing(tmp_path):
    """A cell that would fail if run shows its stored output: the build does not execute it."""
    cell = nbformat.v4.new_code_cell("1 / 0")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="STORED-OUTPUT\n")]
    built = build_book(tmp_path, [nbformat.v4.new_markdown_cell("# A page"), cell])
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    html = (tmp_path / "out" / "_build" / "html" / "page.html").read_text(encoding="utf-8")
    assert "STORED-OUTPUT" in html and "ZeroDivisionError" not in html


@needs_jupyter_book
def test_a_working_notebook_builds_without_its_speaker_notes(tmp_path):
    notes = {"slideshow": {"slide_type": "notes"}}
    built = build_book(
        tmp_path,
        [
            nbformat.v4.new_markdown_cell("# A page"),
            nbformat.v4.new_markdown_cell("SPEAKER-NOTE-TEXT", metadata=notes),
            nbformat.v4.new_code_cell(
                "print(6 * 7)",
                outputs=[nbformat.v4.new_output("stream", name="stdout", text="42\n")],
            ),
        ],
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    html = (tmp_path / "out" / "_build" / "html" / "page.html").read_text(encoding="utf-8")
    assert "42" in html and "SPEAKER-NOTE-TEXT" not in html
    assert "lab/tree/page.ipynb" in html and "/blob/main/page.ipynb" in html
