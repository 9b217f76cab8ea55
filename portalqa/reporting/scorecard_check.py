"""Open the written scorecard in headless Chromium and check what an assessor will see.

`check_in_browser` opens index.html from disk (as an assessor opens it from a file share), then each
portal page it links to, and optionally the Allure report. The Allure report fetches its data with
XHR, which file:// refuses, so it is served over http on this machine's loopback by a small server
started for the check. For each page it counts what rendered (the ranking table's rows, the SVG
charts with their marks, the matrix's rows; on a portal page its summary, charts and criteria; in the
Allure report its widgets, then a test case the scorecard links to), reads Chrome's performance log
(portalqa.browser.chrome_logs) for every request the pages made, lists those that would leave the
machine (any host but loopback, any scheme but file, data, blob and about; there must be none), and
saves a full-page PNG screenshot of the scorecard, and of the Allure report beside it.
"""

from __future__ import annotations

import base64
import functools
import ipaddress
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from portalqa.browser.chrome_logs import read_log
from portalqa.browser.chromium import BrowserFactory, settings_for

# Schemes that never leave the machine.
LOCAL_SCHEMES = frozenset({"file", "data", "blob", "about", "chrome", "chrome-error", "devtools"})
# The tallest screenshot taken (px): a scorecard of many portals is cut there rather than failing.
MAX_SCREENSHOT_HEIGHT = 16_000
ALLURE_RENDER_TIMEOUT_S = 20.0

# What each page must show: part -> a script returning how many of it rendered visibly.
_VISIBLE = (
    "const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };"
)
_COUNT = _VISIBLE + "return [...document.querySelectorAll(arguments[0])].filter(visible).length;"
_CHARTS = (
    _VISIBLE + "return [...document.querySelectorAll('svg[data-part=\"chart\"]')].filter(s => visible(s) &&"
    " [...s.querySelectorAll('rect.bar, rect.bar-none, polyline, circle')].some(visible)).length;"
)
SCORECARD_PARTS = {
    "ranking": '[data-part="ranking"] tbody tr',
    "charts": None,  # SVG charts with visible marks (_CHARTS)
    "matrix": '[data-part="matrix"] tbody tr',
    "portal links": '[data-part="portal-link"]',
}
PORTAL_PAGE_PARTS = {
    "summary": '[data-part="portal-summary"]',
    "charts": None,
    "criteria": "table.group-table tbody tr",
}
ALLURE_PARTS = {"widgets": ".widget"}
ALLURE_TEST_CASE_PARTS = {"test case": ".test-result"}


@dataclass(frozen=True)
class PageCheck:
    """One page as the browser showed it."""

    url: str
    title: str
    parts: dict[str, int]  # part -> how many rendered visibly
    screenshot: Path | None = None

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(part for part, count in self.parts.items() if count == 0)


@dataclass(frozen=True)
class ScorecardCheck:
    """What the check found: the parts rendered, the requests made, where the screenshot is."""

    scorecard: PageCheck
    portal_pages: tuple[PageCheck, ...]
    allure: tuple[PageCheck, ...]  # the report's overview, then a test case the scorecard links to
    requests: tuple[str, ...]  # every URL any checked page requested, in order
    off_machine_requests: tuple[str, ...]  # those whose host is not this machine: must be empty
    screenshot: Path
    allure_screenshot: Path | None = None
    problems: tuple[str, ...] = field(default=())  # pages that could not be opened or did not render

    @property
    def rendered(self) -> dict[str, int]:
        return dict(self.scorecard.parts)

    @property
    def missing(self) -> tuple[str, ...]:
        pages = (self.scorecard, *self.portal_pages, *self.allure)
        return tuple(f"{page.url}: {part}" for page in pages for part in page.missing)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.off_machine_requests and not self.problems


def check_in_browser(
    index_html: Path, screenshot: Path, allure_index_html: Path | None = None
) -> ScorecardCheck:
    """Open the scorecard (and the Allure report, if given) in headless Chromium; see the module doc."""
    index_html = Path(index_html).resolve()
    screenshot = Path(screenshot)
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    factory = BrowserFactory(settings_for("desktop"))
    browser = factory.start()
    requests: list[str] = []
    problems: list[str] = []
    try:
        read_log(browser, "performance")  # what the new browser did before the check
        scorecard = _check_page(browser, index_html.as_uri(), SCORECARD_PARTS, requests, screenshot)
        portal_pages = tuple(
            _check_page(browser, url, PORTAL_PAGE_PARTS, requests)
            for url in _links(browser, index_html.as_uri(), '[data-part="portal-link"]')
        )
        allure: tuple[PageCheck, ...] = ()
        allure_screenshot = None
        if allure_index_html is not None:
            allure_screenshot = screenshot.with_name(f"{screenshot.stem}-allure{screenshot.suffix or '.png'}")
            allure = _check_allure(
                browser, index_html, Path(allure_index_html).resolve(), requests, allure_screenshot, problems
            )
    finally:
        browser.quit()
        factory.cleanup()
    return ScorecardCheck(
        scorecard=scorecard,
        portal_pages=portal_pages,
        allure=allure,
        requests=tuple(requests),
        off_machine_requests=tuple(dict.fromkeys(url for url in requests if leaves_machine(url))),
        screenshot=screenshot,
        allure_screenshot=allure_screenshot,
        problems=tuple(problems),
    )


def leaves_machine(url: str) -> bool:
    """Whether fetching `url` would reach another machine: any host but loopback, any non-local scheme."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in LOCAL_SCHEMES:
        return False
    host = (parts.hostname or "").lower()
    if not host:
        return bool(scheme)  # a scheme with no host to be read (e.g. mailto:) is not this machine's
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def requested_urls(entries: list[dict]) -> list[str]:
    """The URL of every request in ChromeDriver performance-log entries."""
    urls = []
    for entry in entries:
        try:
            message = json.loads(entry["message"])["message"]
        except (KeyError, TypeError, ValueError):
            continue
        if message.get("method") == "Network.requestWillBeSent":
            url = (message.get("params") or {}).get("request", {}).get("url")
            if url:
                urls.append(url)
    return urls


def _check_page(
    browser: WebDriver,
    url: str,
    parts: dict[str, str | None],
    requests: list[str],
    screenshot: Path | None = None,
    wait_for: Callable[[WebDriver], bool] | None = None,
) -> PageCheck:
    browser.get(url)
    if wait_for is not None:
        _wait(browser, wait_for)
    found = {
        part: int(
            browser.execute_script(_CHARTS) if selector is None else browser.execute_script(_COUNT, selector)
        )
        for part, selector in parts.items()
    }
    if screenshot is not None:
        save_full_page_screenshot(browser, screenshot)
    requests.extend(requested_urls(read_log(browser, "performance")))
    return PageCheck(url=browser.current_url, title=browser.title, parts=found, screenshot=screenshot)


def _links(browser: WebDriver, page_url: str, selector: str) -> list[str]:
    if browser.current_url != page_url:
        browser.get(page_url)
    hrefs = browser.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map(a => a.getAttribute('href'));", selector
    )
    return list(dict.fromkeys(urljoin(page_url, href) for href in hrefs or [] if href))


def _check_allure(
    browser: WebDriver,
    index_html: Path,
    allure_index: Path,
    requests: list[str],
    screenshot: Path,
    problems: list[str],
) -> tuple[PageCheck, ...]:
    """The report over loopback http, then a test case the scorecard links to, if both can be served."""
    report_dir = allure_index.parent
    # Served from the folder holding both, the scorecard's relative links lead into the report.
    shared = Path(os.path.commonpath([report_dir, index_html.parent]))
    root = shared if shared != Path(shared.anchor) else report_dir
    with loopback_server(root) as base:
        report_url = urljoin(base, report_dir.relative_to(root).as_posix() + "/index.html")
        overview = _check_page(
            browser, report_url, ALLURE_PARTS, requests, screenshot, wait_for=_allure_overview_ready
        )
        checks = [overview]
        if root != shared:
            return tuple(checks)
        scorecard_url = urljoin(base, index_html.relative_to(root).as_posix())
        test_cases = _links(browser, scorecard_url, 'a[href*="#testresult/"]')
        requests.extend(requested_urls(read_log(browser, "performance")))
        if not test_cases:
            problems.append("the scorecard links to no Allure test case")
            return tuple(checks)
        checks.append(
            _check_page(
                browser, test_cases[0], ALLURE_TEST_CASE_PARTS, requests, wait_for=_allure_test_case_ready
            )
        )
        return tuple(checks)


def _allure_overview_ready(browser: WebDriver) -> bool:
    return bool(browser.execute_script("return document.querySelectorAll('.widget').length > 0"))


def _allure_test_case_ready(browser: WebDriver) -> bool:
    return bool(browser.execute_script("return document.querySelectorAll('.test-result').length > 0"))


def _wait(browser: WebDriver, ready: Callable[[WebDriver], bool]) -> None:
    deadline = time.monotonic() + ALLURE_RENDER_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            if ready(browser):
                return
        except WebDriverException:
            pass
        time.sleep(0.1)


def save_full_page_screenshot(browser: WebDriver, path: Path) -> Path:
    """The whole page, not only the window: Chrome's DevTools capture beyond the viewport."""
    metrics = browser.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics.get("contentSize") or {}
    width = max(1, int(size.get("width", 1280)))
    height = max(1, min(MAX_SCREENSHOT_HEIGHT, int(size.get("height", 800))))
    shot = browser.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        },
    )
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def loopback_server(folder: Path) -> Iterator[str]:
    """Serve `folder` over http on 127.0.0.1 (a free port) while the block runs; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="scorecard-check-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
