"""A browser on a Selenium Grid 4, with everything portalqa uses of a local Chromium.

A plain `webdriver.Remote` lacks two things the measurements rest on: the DevTools commands (all the
cookies of a journey, clearing them between scenarios, page metrics) and the `performance` and
`browser` logs the page observer drains after every page. Both are Chromium's own endpoints
(`/session/<id>/goog/cdp/execute`, `/session/<id>/se/log`), which the Grid router forwards to the
node's ChromeDriver unchanged. `GridChrome` registers them, so a Grid browser is measured exactly as a
local one: same options (phone emulation, host rules, logging preferences), same verdicts.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chromium.remote_connection import ChromiumRemoteConnection
from selenium.webdriver.remote.command import Command
from selenium.webdriver.remote.webdriver import WebDriver

ENV_VAR = "PORTALQA_GRID_URL"


class GridUrlError(ValueError):
    pass


def checked_grid_url(url: str) -> str:
    """The Grid's address as given (`http://host:4444`, optionally with a path such as `/wd/hub`)."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme not in ("http", "https") or not parts.hostname or port == -1:
        raise GridUrlError(
            f"{url!r} is not a Selenium Grid address; give its URL, e.g. http://127.0.0.1:4444"
        )
    return url.strip().rstrip("/")


class GridChrome(WebDriver):
    """A Chrome session on a Grid, with Chromium's DevTools and log commands."""

    def get_log(self, log_type: str) -> list[dict]:
        return self.execute(Command.GET_LOG, {"type": log_type})["value"]


def start_on_grid(grid_url: str, options: Options) -> GridChrome:
    """Open a session on the Grid. Raises WebDriverException when the Grid refuses or cannot be reached."""
    connection = ChromiumRemoteConnection(
        remote_server_addr=checked_grid_url(grid_url), vendor_prefix="goog", browser_name="chrome"
    )
    try:
        return GridChrome(command_executor=connection, options=options)
    except WebDriverException:
        raise
    except Exception as err:  # noqa: BLE001 - urllib3's errors when nothing listens at the address
        raise WebDriverException(f"the Grid cannot be reached ({type(err).__name__})") from err
