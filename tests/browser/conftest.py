"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium, never a downloaded browser)
against pytest-django's live server, on a phone-sized and a desktop-sized screen.

Without /usr/bin/chromium the browser tests are skipped, except in CI (CI=true), where a missing
browser fails them (`.ci/run` installs Debian's chromium), as a missing PostgreSQL fails the run.

Screenshots of the key pages go to test-output/screenshots/<database>/<test>/NN-step.png in the
repository (git-ignored), replaced on every run, so a person can look at them as a user would.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
PHONE = {"viewport": {"width": 360, "height": 780}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 860}}

_saved = pytest.StashKey[list[Path]]()


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """Headless Chromium, one per test module.

    Not one per session: while Playwright runs, its event loop is the running loop of this thread, and
    Django refuses database calls from a thread with a running loop. So Playwright lives only as long
    as the browser tests of one module, and lets Django touch the database meanwhile (the test's own
    setup and the flush after it; the server answers in its own thread).
    """
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        problem = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if _in_ci():
            pytest.fail(f"{problem}. In CI a missing browser fails the run.", pytrace=False)
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    args = ["--disable-dev-shm-usage"]
    if os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium's sandbox refuses to run as root
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


def _context(browser, live_server, options: dict) -> Iterator:
    context = browser.new_context(base_url=live_server.url, locale="en-US", timezone_id="UTC", **options)
    context.set_default_timeout(10_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def phone(browser, live_server) -> Iterator:
    """A page on a 360 px wide touch phone."""
    for context in _context(browser, live_server, PHONE):
        yield context.new_page()


PHONE_390 = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
             "accept_downloads": True}


@pytest.fixture
def phone_390(browser, live_server) -> Iterator:
    """A page on a 390 x 844 phone (an iPhone 12 to 15), downloads kept."""
    for context in _context(browser, live_server, PHONE_390):
        yield context.new_page()


@pytest.fixture
def desktop(browser, live_server) -> Iterator:
    """A page on a desktop screen."""
    for context in _context(browser, live_server, DESKTOP):
        yield context.new_page()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable:
    """screenshot(page, "recall-results"): save the whole page as NN-recall-results.png in this test's folder."""
    database = request.config.getoption("db")
    folder = SCREENSHOTS / database / re.sub(r"[^\w.-]+", "-", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    saved = request.config.stash.setdefault(_saved, [])

    def take(page, step: str) -> Path:
        path = folder / f"{len(list(folder.iterdir())) + 1:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        saved.append(path)
        return path

    return take


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    if saved := config.stash.get(_saved, None):
        folders = sorted({str(path.parent.parent) for path in saved})
        terminalreporter.write_line(f"browser screenshots ({len(saved)}): {', '.join(folders)}")
