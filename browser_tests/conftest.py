"""The headless Chromium that every browser test shares (one Playwright per session).

A test that asks for `browser` is skipped, with the reason and the fix, where Debian's Chromium
or Playwright is missing. Playwright drives the system browser; it never downloads one.
"""

from __future__ import annotations

import pytest
from browser_setup import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install it with `apt-get install -y chromium` (Debian)")
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright is not installed: `uv pip install playwright` or `pip install "
        "playwright` (never `playwright install`; the tests use the system Chromium)",
    )
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
