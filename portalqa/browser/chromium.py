"""Start the browser a citizen would use: the system's Chromium, driven by the system's ChromeDriver.

Options follow what works headless as root on Debian without any network but the portals under test:
no Selenium Manager downloads, no background traffic to Google, and a temp folder the harness owns.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

from portalqa import temp_dirs
from portalqa.browser.grid import start_on_grid

CHROMIUM = os.environ.get("PORTALQA_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PORTALQA_CHROMEDRIVER", "/usr/bin/chromedriver")
INSTALL_HINT = "apt-get install -y chromium chromium-driver   (as root; or run `make setup`)"

# Selenium Manager must never try to download drivers or send statistics from a test run.
os.environ.setdefault("SE_OFFLINE", "true")
os.environ.setdefault("SE_AVOID_STATS", "true")


# The phone a "phone" viewport emulates, from ChromeDriver's device list: a layout viewport 412 px wide
# on a page with a viewport meta (980 without), device pixel ratio 2.625, a mobile user agent, touch.
PHONE = "Pixel 7"
VIEWPORTS = ("desktop", "phone")


class BrowserUnavailable(Exception):
    pass


@dataclass(frozen=True)
class BrowserSettings:
    headless: bool = True
    window_size: tuple[int, int] = (1280, 800)
    mobile_device: str | None = None  # e.g. "Pixel 7": Chrome mobile emulation
    # Hosts the browser may resolve. Only loopback by default, so a page cannot leak a request.
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost")
    page_load_timeout_s: float = 30.0
    # A Selenium Grid 4 to run the browser on (its URL), instead of this machine's Chromium.
    grid_url: str | None = None


def settings_for(viewport: str, **kw) -> BrowserSettings:
    """Browser settings for a named viewport: "desktop" (a 1280×800 window) or "phone" (PHONE emulated)."""
    if viewport == "desktop":
        return BrowserSettings(**kw)
    if viewport == "phone":
        return BrowserSettings(**{"mobile_device": PHONE, **kw})
    raise ValueError(f"unknown viewport {viewport!r}; known viewports: {', '.join(VIEWPORTS)}")


def chrome_options(settings: BrowserSettings) -> Options:
    options = Options()
    if not settings.grid_url:
        # A Grid node knows where its own browser is; this path is only this machine's.
        options.binary_location = CHROMIUM
    if settings.headless:
        options.add_argument("--headless=new")
    for flag in (
        "--no-sandbox",  # runs as root in CI containers
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--disable-features=Translate,OptimizationHints,MediaRouter",
        f"--window-size={settings.window_size[0]},{settings.window_size[1]}",
    ):
        options.add_argument(flag)
    excluded = ", ".join(f"EXCLUDE {host}" for host in settings.allowed_hosts)
    options.add_argument(f"--host-resolver-rules=MAP * ~NOTFOUND , {excluded}")
    if settings.mobile_device:
        options.add_experimental_option("mobileEmulation", {"deviceName": settings.mobile_device})
    # The page observer drains both logs after every page: "performance" carries the DevTools network
    # events (response headers of the main document, the hosts each page requests), "browser" the
    # console. All levels are logged; portalqa.browser.chrome_logs keeps only SEVERE console entries.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return options


PREFIX = "portalqa-browser-"
# Chromium makes a Unix socket at <TMPDIR>/.org.chromium.Chromium.XXXXXX/SingletonSocket, and a socket
# path must fit in 108 bytes: with a longer browser folder Chromium exits at start.
MAX_FOLDER_LENGTH = 60


def _short_parent() -> str | None:
    """The system's temporary directory, or /tmp when a browser folder in it would be too long."""
    if len(os.path.join(tempfile.gettempdir(), PREFIX + "XXXXXXXX")) <= MAX_FOLDER_LENGTH:
        return None
    return "/tmp"


class BrowserFactory:
    """Creates browsers and cleans the temp folders Chromium leaves behind.

    ChromeDriver and Chromium get `work_dir` as their TMPDIR, so the profile ChromeDriver makes for
    each browser (`scoped_dir*`) and Chromium's shared-memory files land there, and removing the folder
    removes them all, even those of a browser that crashed or was killed."""

    def __init__(self, settings: BrowserSettings | None = None, work_dir: Path | None = None):
        self.settings = settings or BrowserSettings()
        self._own_tmp = work_dir is None
        self.work_dir = Path(work_dir) if work_dir else temp_dirs.make(PREFIX, _short_parent())
        self.work_dir.mkdir(parents=True, exist_ok=True)

    def check_installed(self) -> None:
        if self.settings.grid_url:
            return  # the Grid's nodes hold the browsers
        for path, what in ((CHROMIUM, "Chromium"), (CHROMEDRIVER, "ChromeDriver")):
            if not Path(path).exists():
                raise BrowserUnavailable(f"{what} not found at {path}. Install it: {INSTALL_HINT}")

    def start(self) -> WebDriver:
        if self.settings.grid_url:
            try:
                driver = start_on_grid(self.settings.grid_url, chrome_options(self.settings))
            except WebDriverException as err:
                said = (str(err.msg or err).strip().splitlines() or [type(err).__name__])[0]
                raise BrowserUnavailable(
                    f"no browser session on the Selenium Grid at {self.settings.grid_url}: {said}"
                ) from err
            driver.set_page_load_timeout(self.settings.page_load_timeout_s)
            return driver
        self.check_installed()
        env = dict(os.environ, TMPDIR=str(self.work_dir))
        service = Service(executable_path=CHROMEDRIVER, env=env)
        driver = webdriver.Chrome(service=service, options=chrome_options(self.settings))
        driver.set_page_load_timeout(self.settings.page_load_timeout_s)
        return driver

    def cleanup(self) -> None:
        if self._own_tmp:
            temp_dirs.remove(self.work_dir)


def reset_between_scenarios(driver: WebDriver) -> None:
    """Reusing one browser is the biggest saving per scenario; a fresh citizen needs a clean slate."""
    # All hosts at once; delete_all_cookies() only reaches the current page's host. A Grid browser
    # has the same DevTools commands (portalqa.browser.grid).
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    # about:blank and error pages have no storage to clear.
    with contextlib.suppress(Exception):
        driver.execute_script("window.localStorage && localStorage.clear(); sessionStorage.clear();")
