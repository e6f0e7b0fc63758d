"""The README's commands do what it says: `make lab` serves notebook 00; the code is lint-clean."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from coursekit.paths import repo_root

ROOT = repo_root()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    request = urllib.request.Request(url)
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, response.geturl()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_serves_the_welcome_notebook():
    port, token = free_port(), "course-test-token"
    args = f"--no-browser --allow-root --ip=127.0.0.1 --port={port} --ServerApp.token={token}"
    lab = subprocess.Popen(
        ["make", "-s", "lab", f"LAB_ARGS={args}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(f"{base}/api/status?token={token}")
                break
            except OSError:
                assert lab.poll() is None, "make lab exited before JupyterLab answered"
                assert time.monotonic() < deadline, "JupyterLab did not answer within 60 s"
                time.sleep(0.5)
        status, landed = get(f"{base}/?token={token}")
        assert status == 200 and landed.split("?")[0].endswith(
            "/lab/tree/notebooks/00_welcome.ipynb"
        )
        status, _ = get(f"{base}/api/contents/notebooks/00_welcome.ipynb?token={token}&content=0")
        assert status == 200
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(timeout=30)


def test_the_project_is_lint_clean():
    """ruff with no paths, as `make lint` runs it: what it checks is set once, in pyproject."""
    ruff = Path(sys.executable).with_name("ruff")  # installed beside this Python
    check = subprocess.run([ruff, "check"], cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    fmt = subprocess.run([ruff, "format", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout
    shown = subprocess.run(
        [ruff, "check", "--show-files"], cwd=ROOT, capture_output=True, text=True
    )
    checked = {Path(line).relative_to(ROOT).parts[0] for line in shown.stdout.split()}
    expected = {"coursekit", "tests", "tools", "solutions", "browser_tests", "conftest.py"}
    assert expected <= checked
    assert "notebooks" not in checked, "notebooks/ is generated from solutions/"
