"""What the browser tests share: where Chromium is, how it starts, where screenshots go."""

from __future__ import annotations

import os
from pathlib import Path

# Debian's chromium by default; $CHROMIUM names another Chromium-based browser (on GitHub's
# Ubuntu runners, /usr/bin/google-chrome, as .github/workflows/ci.yml sets).
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Without the background-networking flags Chromium keeps trying Google's hosts, which a closed
# network refuses (and `tools/offline` cuts): the tests must not depend on any of that.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
