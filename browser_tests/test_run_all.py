"""Opt-in end-to-end test: "Run All" in real JupyterLab, in headless Chromium, per learner notebook.

A learner who opens a notebook in JupyterLab and clicks Run → Run All Cells must reach the end
with no exception (JupyterLab's Run All stops at the first error). nbval proves the kernel side;
this proves the whole path a learner takes: server, browser, menu, kernel, rendered outputs.

Not collected by `make test` (this folder is outside pytest's testpaths). Run it with:

    .venv/bin/python -m pytest browser_tests -p no:cacheprovider -o addopts=""

It skips cleanly when Playwright or /usr/bin/chromium is missing. See README.md here.
It never modifies a committed notebook: each one is copied to browser_tests/_run/ (inside the
server's root so JupyterLab can open it), run there, and the copy is deleted afterwards; the
browser context is closed without saving.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser_setup import CHROMIUM, SCREENSHOTS

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} not found: install it with `apt-get install -y chromium` (Debian)",
)
sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright is not installed: `uv pip install playwright` or `pip install playwright`"
    " (never `playwright install`; the test uses the system Chromium)",
)

import nbformat  # noqa: E402  (after the skips: only needed when the test can run)

from coursekit.authoring.build import slide_type  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
RUN_DIR = HERE / "_run"
QUIET_S = 10  # no prompt change for this long, kernel idle: Run All has stopped
RUN_TIMEOUT_S = 180  # the budget is 30 s per notebook; generous for slow CI machines
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the open notebook tab
SCROLLER = f"{PANEL} .jp-WindowedPanel-outer"  # the notebook scrolls in here, not the page
IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
# JupyterLab 4 renders an exception (an `error` output) with the same mime type as stream
# stderr, `application/vnd.jupyter.stderr`, and the same classes (jp-RenderedText): verified
# on JupyterLab 4.6 with a `1/0` cell. So the text decides: a traceback, or an `XxxError: ...` /
# `XxxException: ...` line. Progress bars and warnings on stderr (`UserWarning: ...`) pass.
STDERR_OUTPUT = f"{PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
ERROR_OUTPUT = f"{PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"
ERROR_TEXT = re.compile(
    r"Traceback \(most recent call last\)|^\s*[\w.]*(Error|Exception)\b[^\n]*:", re.MULTILINE
)


@dataclass
class LabServer:
    url: str
    token: str
    process: subprocess.Popen


@dataclass
class RunResult:
    errors: list[str] = field(default_factory=list)  # error outputs' text
    code_cells: int = 0  # code cells in the DOM
    unexecuted: int = 0  # code cells left without an execution count (Run All stopped early)
    heading: str = ""  # the first h1's text, when visible
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors and self.unexecuted == 0 and self.code_cells > 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(server: LabServer, path: str, method: str = "GET"):
    req = urllib.request.Request(
        f"{server.url}{path}", method=method, headers={"Authorization": f"token {server.token}"}
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        body = resp.read()
    return json.loads(body) if body else None


@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> LabServer:
    jupyter = Path(sys.executable).parent / "jupyter"
    port, token = _free_port(), secrets.token_hex(16)
    log = open(tmp_path_factory.mktemp("lab") / "jupyterlab.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(jupyter), "lab", "--allow-root", "--no-browser", "--ip=127.0.0.1",
            f"--port={port}", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={ROOT}",
            # Workspaces (open tabs) in a throw-away folder, not the user's ~/.jupyter.
            f"--LabApp.workspaces_dir={tmp_path_factory.mktemp('workspaces')}",
        ],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    server = LabServer(f"http://127.0.0.1:{port}", token, process)
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited with {process.returncode}; see {log.name}")
        try:
            _api(server, "/api/status")
            break
        except OSError:
            if time.monotonic() > deadline:
                os.killpg(process.pid, signal.SIGTERM)
                pytest.fail(f"JupyterLab did not answer /api/status within 60 s; see {log.name}")
            time.sleep(0.3)
    yield server
    os.killpg(process.pid, signal.SIGTERM)  # the server and its kernels
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    log.close()


@pytest.fixture
def run_copy(request):
    """A folder inside the server root for one notebook's copy, deleted afterwards."""
    folder = RUN_DIR / re.sub(r"\W", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
    if RUN_DIR.exists() and not any(RUN_DIR.iterdir()):
        RUN_DIR.rmdir()


def _first_heading(nb_path: Path) -> str:
    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def find_errors(page) -> list[str]:
    """Texts of the exceptions JupyterLab shows in the open notebook (empty: none)."""
    # text_content, not inner_text: cells scrolled out of view are not rendered
    # (content-visibility) and their inner_text is empty.
    texts = page.locator(ERROR_OUTPUT).all_text_contents()
    stderr = page.locator(STDERR_OUTPUT).all_text_contents()
    return texts + [t for t in stderr if ERROR_TEXT.search(t)]


def _prompts(page) -> list[str]:
    return [
        p.strip()
        for p in page.locator(f"{PANEL} .jp-CodeCell .jp-InputArea-prompt").all_text_contents()
    ]


RUN_ALL_ITEM = ".lm-Menu-item[data-command='runmenu:run-all']"


def _wait_rendered(page, expected: int) -> None:
    """Wait until JupyterLab shows all `expected` code cells (it renders them progressively)."""
    deadline = time.monotonic() + 60
    while len(_prompts(page)) < expected and time.monotonic() < deadline:
        time.sleep(0.25)


def _click_run_all(page) -> None:
    """The learner's path: menu Run → Run All Cells, then check that the run has started.

    Verified: on a cold first page load the menu item can be disabled (the notebook is not yet
    the current widget) and the click does nothing. So focus the notebook, open the menu, wait
    for the item to be enabled, click; and if no cell is queued or executed after 15 s, retry.
    """
    for attempt in range(3):
        if attempt:
            warnings.warn(f"Run All: attempt {attempt + 1} (see _click_run_all)", stacklevel=2)
        page.locator(f"{PANEL} .jp-Notebook").first.click(position={"x": 5, "y": 5})
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        item = page.locator(f"{RUN_ALL_ITEM}:not(.lm-mod-disabled)")
        try:
            item.wait_for(timeout=10_000)
        except sync_api.TimeoutError:
            page.keyboard.press("Escape")
            continue
        item.click()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if any("*" in p or re.search(r"\d", p) for p in _prompts(page)):
                return
            time.sleep(0.25)
    pytest.fail("Run → Run All Cells did not start the run (3 attempts)")


def _close_sessions_of(lab: LabServer, notebook_name: str) -> None:
    """Shut down the kernels of a notebook's copies, to free their memory for the next test."""
    for session in _api(lab, "/api/sessions") or []:
        if session.get("path", "").endswith(notebook_name):
            _api(lab, f"/api/sessions/{session['id']}", method="DELETE")


def run_all_in_lab(
    lab: LabServer, browser, nb_path: Path, screenshot: Path | None = None
) -> RunResult:
    """Open nb_path (inside the server root) in JupyterLab, Run All Cells, report what shows."""
    rel = nb_path.resolve().relative_to(ROOT).as_posix()
    result = RunResult()
    nb = nbformat.read(nb_path, as_version=4)
    expected = sum(1 for cell in nb.cells if cell.cell_type == "code")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    start = time.monotonic()
    try:
        # `reset`: a fresh workspace, so no tab of an earlier test reopens.
        page.goto(f"{lab.url}/lab/tree/{rel}?reset&token={lab.token}")
        page.wait_for_selector(f"{PANEL} .jp-Notebook .jp-Cell", timeout=60_000)
        page.wait_for_selector(IDLE, timeout=60_000)  # kernel started and idle
        _wait_rendered(page, expected)
        _click_run_all(page)
        # Finished: every code cell has an execution count; or Run All stopped at an error (the
        # cells after it keep an empty prompt `[ ]:`), nothing queued or running (`[*]:`) and the
        # kernel idle; or that quiet state has held for QUIET_S (a stop without a shown error).
        # Not just "idle and no [*]": cells are queued progressively, and a first run once
        # looked finished after cell 1 (verified: 6 of 7 cells "never ran").
        deadline = time.monotonic() + RUN_TIMEOUT_S
        last, quiet_since = None, time.monotonic()
        while True:
            prompts = _prompts(page)
            executed = sum(1 for p in prompts if re.search(r"\d", p))
            if prompts != last:
                last, quiet_since = prompts, time.monotonic()
            settled = executed and not any("*" in p for p in prompts) and page.locator(IDLE).count()
            if settled and (
                executed == expected
                or find_errors(page)
                or time.monotonic() - quiet_since > QUIET_S
            ):
                break
            if time.monotonic() > deadline:
                pytest.fail(f"{rel}: Run All not finished after {RUN_TIMEOUT_S} s: {prompts}")
            time.sleep(0.5)
        result.seconds = time.monotonic() - start
        page.wait_for_timeout(500)  # let the last outputs render
        result.errors = find_errors(page)
        result.code_cells = len(prompts)
        result.unexecuted = expected - executed  # also counts cells missing from the DOM
        h1 = page.locator(f"{PANEL} .jp-MarkdownCell .jp-RenderedMarkdown h1").first
        page.evaluate(f"() => document.querySelector('{SCROLLER}').scrollTo(0, 0)")
        page.wait_for_timeout(500)
        if h1.is_visible() and h1.bounding_box()["y"] < page.viewport_size["height"]:
            result.heading = h1.inner_text().replace("¶", "").strip()
        if screenshot is not None:
            # JupyterLab scrolls inside the notebook, not the page: grow the window to the
            # notebook's height so the screenshot shows every cell and output.
            height = page.evaluate(f"() => document.querySelector('{SCROLLER}').scrollHeight")
            page.set_viewport_size({"width": 1400, "height": min(max(1000, height + 250), 30000)})
            page.wait_for_timeout(1000)
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
    finally:
        context.close()  # no save: the copy is discarded with its folder
        _close_sessions_of(lab, nb_path.name)
    return result


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_run_all(lab, browser, run_copy, notebook):
    copy = run_copy / notebook.name
    shutil.copy2(notebook, copy)
    result = run_all_in_lab(lab, browser, copy, SCREENSHOTS / f"{notebook.stem}.png")
    assert not result.errors, f"{notebook.name}: Run All shows an error:\n" + "\n".join(
        result.errors
    )
    assert result.code_cells > 0, f"{notebook.name}: no code cells found in JupyterLab"
    assert result.unexecuted == 0, (
        f"{notebook.name}: {result.unexecuted} of {result.code_cells} code cells never ran"
    )
    title = _first_heading(notebook)
    assert title, f"{notebook.name}: no `# NN · …` heading in a markdown cell"
    assert result.heading == title, f"{notebook.name}: visible heading {result.heading!r}"


def test_detector_reports_a_failing_cell(lab, browser, run_copy):
    """The detector's negative control: `1/0` must fail; harmless stderr must not."""
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# 99 · Self-test of the error detector"),
            nbformat.v4.new_code_cell(
                "import sys, warnings\n"
                "print(' 40%|####      | 4/10 [00:01<00:01]', file=sys.stderr)\n"
                "warnings.warn('harmless warning on stderr')"
            ),
            nbformat.v4.new_code_cell("1/0"),
            nbformat.v4.new_code_cell("print('never reached by Run All')"),
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    path = run_copy / "selftest_failing.ipynb"
    nbformat.write(nb, path)
    result = run_all_in_lab(lab, browser, path)
    assert not result.ok
    assert len(result.errors) == 1, result.errors  # the warning and progress bar are not errors
    assert "ZeroDivisionError" in result.errors[0]
    assert (result.code_cells, result.unexecuted) == (3, 1)  # Run All stopped at the error
    assert result.heading == "99 · Self-test of the error detector"


def test_rise_presents_the_notebook_and_runs_a_cell_live(lab, browser, run_copy):
    """Live slides (jupyterlab-rise): notebook 00 opens as a deck, and a code cell runs on a slide.

    This is what a presenter does during a lunch-and-learn: move to a slide with code and run it
    (Ctrl+Enter runs it in place). The environment check is the first code cell of notebook 00.
    """
    notebook = ROOT / "notebooks" / "00_welcome.ipynb"
    copy = run_copy / notebook.name
    shutil.copy2(notebook, copy)
    rel = copy.resolve().relative_to(ROOT).as_posix()
    shown = sum(
        1
        for cell in nbformat.read(notebook, as_version=4).cells
        if slide_type(cell) in ("slide", "subslide")
    )
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(f"{lab.url}/rise/{rel}?token={lab.token}")
        page.wait_for_selector(".reveal .slides section", timeout=60_000)
        page.wait_for_selector(IDLE, state="attached", timeout=60_000)  # hidden in RISE
        slides_shown = page.locator(".reveal .slides section section").count()
        for _ in range(shown):  # next slide until one shows a code cell
            if page.locator("section.present .jp-CodeCell").count():
                break
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(800)
        cell = page.locator("section.present .jp-CodeCell").first.element_handle()
        prompt = cell.query_selector(".jp-InputPrompt")
        assert prompt.inner_text().strip() == "[ ]:", "the learner notebook should start unrun"
        cell.query_selector(".cm-content").click()
        page.keyboard.press("Control+Enter")
        page.wait_for_function(r"el => /\[\d+\]/.test(el.innerText)", arg=prompt, timeout=60_000)
        page.wait_for_timeout(1000)
        output = cell.query_selector(".jp-OutputArea-output").inner_text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "rise_00_welcome.png"))
        assert slides_shown >= shown, f"RISE shows {slides_shown} slides, metadata asks {shown}"
        assert "jupyterlab-rise" in output and "checksum ok" in output, output[:500]
        assert not ERROR_TEXT.search(output), output
    finally:
        page.close()
        _close_sessions_of(lab, copy.name)
