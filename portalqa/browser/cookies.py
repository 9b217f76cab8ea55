"""The cookies a browser holds, as flags and names (never values), each marked first or third party."""

from __future__ import annotations

from collections.abc import Iterable

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from portalqa.browser.hosts import is_third_party_cookie_domain
from portalqa.secrets_guard import redact


def browser_cookies(browser: WebDriver, portal_hosts: Iterable[str]) -> list[dict]:
    """Every cookie the browser holds (never the value), with whether it is the portal's own."""
    own = tuple(portal_hosts)
    try:
        # All hosts, including a sign-on service visited earlier in the journey; WebDriver's
        # get_cookies() only lists the cookies the current page would send.
        raw = browser.execute_cdp_cmd("Storage.getCookies", {}).get("cookies", [])
    except (WebDriverException, AttributeError):  # a browser whose DevTools refuse the command
        raw = browser.get_cookies()
    # DevTools and WebDriver name these fields alike.
    found = [
        {
            "name": c.get("name", ""),
            "domain": c.get("domain", ""),
            "secure": bool(c.get("secure")),
            "http_only": bool(c.get("httpOnly")),
            "same_site": c.get("sameSite"),
        }
        for c in raw
    ]
    for cookie in found:
        cookie["name"] = redact(cookie["name"])
        cookie["third_party"] = is_third_party_cookie_domain(cookie["domain"], own)
    return sorted(found, key=lambda c: (c["domain"], c["name"]))
