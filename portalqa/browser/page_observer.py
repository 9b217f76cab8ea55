"""What each page of a citizen journey showed the browser: speed, mobile fit, privacy, security, errors.

The portal driver calls `PageObserver.observe()` after every page load. One observation costs a few
round trips to the browser:

- the page's own facts in one `execute_async_script` (page_facts.js): Navigation Timing, first and
  largest contentful paint, the viewport meta, the layout width, the names of the links;
- ChromeDriver's "performance" log (DevTools network events since the previous observation; reading
  it clears it): the hosts the page load requested and the main document's response headers;
- the "browser" log (console; also cleared on read): SEVERE entries since the previous observation;
- optionally axe-core (portalqa.browser.axe).

The browser must log both (`goog:loggingPrefs`, as portalqa.browser.chromium.chrome_options sets it).
Everything taken from the page passes through secrets_guard.redact.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from portalqa.browser.axe import AccessibilityResult, AxeFailed, run_axe
from portalqa.secrets_guard import redact

_FACTS_JS = (Path(__file__).parent / "page_facts.js").read_text(encoding="utf-8")
FACTS_MAX_WAIT_MS = 500  # for the load event's end and the first contentful paint
LCP_WAIT_MS = 150  # for the buffered largest-contentful-paint entries

SECURITY_HEADERS = (
    "strict-transport-security",
    "content-security-policy",
    "x-content-type-options",
    "x-frame-options",
)
TIMING_KEYS = (
    "response_start_ms",
    "server_response_ms",
    "dom_content_loaded_ms",
    "load_event_ms",
    "duration_ms",
    "transfer_size",
    "first_contentful_paint_ms",
    "largest_contentful_paint_ms",
)
_WEB_SCHEMES = {"http", "https", "ws", "wss"}  # not data:, blob:, about:, chrome-extension:, ...
MAX_CONSOLE_MESSAGE = 500


@dataclass
class PageObservation:
    url: str
    title: str
    timing: dict[str, float | None]
    viewport_meta: bool  # <meta name="viewport"> with width=device-width
    viewport_width: int  # document.documentElement.clientWidth: the layout viewport (not innerWidth)
    scroll_width: int  # document.documentElement.scrollWidth
    horizontal_scroll: bool  # scroll_width > viewport_width + 1
    privacy_link: bool  # a link named like one of the privacy link names
    https: bool
    security_headers: dict[str, str | None]  # of the main document's response; None: not sent
    third_party_hosts: list[str]  # host[:port] requested by this page load, other than the portal's
    console_errors: list[str]  # SEVERE console entries since the previous observation
    accessibility: AccessibilityResult | None  # None when axe was not asked for (or failed)
    accessibility_error: str | None = None  # why axe could not check the page, when it was asked to

    def to_dict(self) -> dict:
        return {
            "url": redact(self.url),
            "title": redact(self.title),
            "timing": dict(self.timing),
            "viewport_meta": self.viewport_meta,
            "viewport_width": self.viewport_width,
            "scroll_width": self.scroll_width,
            "horizontal_scroll": self.horizontal_scroll,
            "privacy_link": self.privacy_link,
            "https": self.https,
            "security_headers": {
                name: None if v is None else redact(v) for name, v in self.security_headers.items()
            },
            "third_party_hosts": list(self.third_party_hosts),
            "console_errors": [redact(message) for message in self.console_errors],
            "accessibility": self.accessibility.to_dict() if self.accessibility else None,
            "accessibility_error": self.accessibility_error,
        }


class PageObserver:
    def __init__(self, browser: WebDriver, *, portal_hosts: Iterable[str], privacy_link_names: Iterable[str]):
        self.browser = browser
        self.portal_hosts = tuple(sorted({h for h in (_netloc_of(host) for host in portal_hosts) if h}))
        self.privacy_link_names = tuple(n for n in (normalise_name(name) for name in privacy_link_names) if n)
        # The last main-document headers seen per URL: a page restored from the back/forward cache, or
        # changed by history.pushState, brings no new document response.
        self._document_headers: dict[str, dict[str, str]] = {}
        self._last_document: dict[str, str] | None = None
        self.drain()

    # The API --------------------------------------------------------------------------------------

    def drain(self) -> None:
        """Forget what the logs hold so far: the next observation sees only what follows.

        Done on creation; call it when the browser is handed to a new journey without a new observer."""
        for kind in ("performance", "browser"):
            _read_log(self.browser, kind)

    def observe(self, *, run_accessibility: bool) -> PageObservation:
        """The current page, once loaded. Raises WebDriverException if the page keeps going away."""
        facts = self._page_facts()
        performance_events = _read_log(self.browser, "performance")
        console = _read_log(self.browser, "browser")
        url = str(facts.get("url") or self.browser.current_url)
        network = parse_network_events(performance_events)
        headers = self._main_document_headers(url, network.documents)
        accessibility, accessibility_error = None, None
        if run_accessibility:
            try:
                accessibility = run_axe(self.browser)
            except AxeFailed as err:
                accessibility_error = str(err)
        viewport_width = int(facts.get("viewport_width") or 0)
        scroll_width = int(facts.get("scroll_width") or 0)
        return PageObservation(
            url=redact(url),
            title=redact(str(facts.get("title") or "")),
            timing=_timing(facts.get("timing") or {}),
            viewport_meta=bool(facts.get("viewport_meta")),
            viewport_width=viewport_width,
            scroll_width=scroll_width,
            horizontal_scroll=scroll_width > viewport_width + 1,
            privacy_link=any(
                name_matches_any(name, self.privacy_link_names) for name in facts.get("link_names") or []
            ),
            https=urlsplit(url).scheme == "https",
            security_headers={name: headers.get(name) for name in SECURITY_HEADERS},
            third_party_hosts=sorted(
                {host for host in network.request_hosts if not is_own_host(host, self.portal_hosts)}
            ),
            console_errors=console_errors(console, self.portal_hosts),
            accessibility=accessibility,
            accessibility_error=accessibility_error,
        )

    def cookies(self) -> list[dict]:
        """Every cookie the browser holds (never the value), with whether it is the portal's own."""
        try:
            # All hosts, including a sign-on service visited earlier in the journey; WebDriver's
            # get_cookies() only lists the cookies the current page would send.
            raw = self.browser.execute_cdp_cmd("Storage.getCookies", {}).get("cookies", [])
        except (WebDriverException, AttributeError):  # a remote (Grid) browser may not expose CDP
            raw = self.browser.get_cookies()
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
            cookie["third_party"] = is_third_party_cookie_domain(cookie["domain"], self.portal_hosts)
        return sorted(found, key=lambda c: (c["domain"], c["name"]))

    # Internals ------------------------------------------------------------------------------------

    def _page_facts(self) -> dict[str, Any]:
        try:
            return self.browser.execute_async_script(_FACTS_JS, FACTS_MAX_WAIT_MS, LCP_WAIT_MS) or {}
        except WebDriverException:
            # The page replaced itself while the script waited (a script or meta-refresh redirect):
            # observe the page it went to.
            wait = WebDriverWait(self.browser, 10, 0.05, ignored_exceptions=[WebDriverException])
            wait.until(lambda b: b.execute_script("return document.readyState") == "complete")
            return self.browser.execute_async_script(_FACTS_JS, FACTS_MAX_WAIT_MS, LCP_WAIT_MS) or {}

    def _main_document_headers(self, url: str, documents: list[tuple[str, dict[str, str]]]) -> dict[str, str]:
        wanted = _without_fragment(url)
        for doc_url, headers in documents:
            self._document_headers[_without_fragment(doc_url)] = headers
        matching = [headers for doc_url, headers in documents if _without_fragment(doc_url) == wanted]
        if matching:
            chosen = matching[-1]
        elif wanted in self._document_headers:
            chosen = self._document_headers[wanted]
        elif documents:
            chosen = documents[-1][1]
        else:
            chosen = self._last_document or {}
        self._last_document = chosen
        return chosen


# Pure helpers (unit-tested without a browser) ----------------------------------------------------------


@dataclass
class NetworkEvents:
    request_hosts: list[str]  # host[:port] of every web request, in order
    documents: list[tuple[str, dict[str, str]]]  # Document responses not in a child frame: url, headers


def parse_network_events(entries: Iterable[dict[str, Any]]) -> NetworkEvents:
    """Reads ChromeDriver performance-log entries ({"message": "<DevTools event as JSON>", ...})."""
    hosts: list[str] = []
    documents: list[tuple[str, str, dict[str, str]]] = []  # frame id, url, headers
    child_frames: set[str] = set()  # iframes: their documents are not the page's
    for entry in entries:
        try:
            message = json.loads(entry["message"])["message"]
        except (KeyError, TypeError, ValueError):
            continue
        method, params = message.get("method"), message.get("params") or {}
        if method == "Network.requestWillBeSent":
            host = _request_host(params.get("request", {}).get("url", ""))
            if host:
                hosts.append(host)
        elif method == "Network.responseReceived" and params.get("type") == "Document":
            response = params.get("response") or {}
            headers = {str(k).lower(): _header_value(v) for k, v in (response.get("headers") or {}).items()}
            documents.append((params.get("frameId", ""), response.get("url", ""), headers))
        elif method == "Page.frameNavigated":
            frame = params.get("frame") or {}
            if frame.get("parentId") and frame.get("id"):
                child_frames.add(frame["id"])
    return NetworkEvents(
        request_hosts=hosts,
        documents=[(url, headers) for frame, url, headers in documents if frame not in child_frames],
    )


def console_errors(entries: Iterable[dict[str, Any]], portal_hosts: Iterable[str]) -> list[str]:
    """SEVERE console entries, less the failed requests to other hosts (reported as third-party hosts;
    the harness's host-resolver rule makes them fail) and the browser's own favicon request."""
    own = tuple(portal_hosts)
    errors = []
    for entry in entries:
        if entry.get("level") != "SEVERE":
            continue
        message = str(entry.get("message") or "")
        if entry.get("source") == "network":
            failed_url = message.split(" ", 1)[0]
            host = _request_host(failed_url)
            if host and not is_own_host(host, own):
                continue
            if host and urlsplit(failed_url).path == "/favicon.ico":
                continue
        if len(message) > MAX_CONSOLE_MESSAGE:
            message = message[: MAX_CONSOLE_MESSAGE - 1] + "…"
        errors.append(redact(message))
    return errors


def normalise_name(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def name_matches_any(name: str, wanted: Iterable[str]) -> bool:
    """The name equals one of the wanted names or starts with it as whole words ("Privacy policy and
    cookies" matches "privacy policy"; "Privacy policyholders" does not). `wanted` is normalised."""
    name = normalise_name(name)
    return any(name == w or (name.startswith(w) and not name[len(w)].isalnum()) for w in wanted)


def is_own_host(host: str, portal_hosts: Iterable[str]) -> bool:
    """`host` (host[:port]) is a portal host; a portal host given without a port matches any port."""
    host = host.lower()
    bare = _hostname(host)
    return any(own == host or (not _has_port(own) and own == bare) for own in portal_hosts)


def is_third_party_cookie_domain(domain: str, portal_hosts: Iterable[str]) -> bool:
    """A cookie is the portal's own when its domain is a portal host or a parent domain of one."""
    domain = domain.lower().lstrip(".")
    for own in portal_hosts:
        host = _hostname(own)
        if host == domain or host.endswith("." + domain):
            return False
    return True


def _request_host(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.hostname:
        return None
    return parts.netloc.rsplit("@", 1)[-1].lower()


def _netloc_of(host: str) -> str:
    """A portal host as host[:port], from "host", "host:port" or a URL."""
    host = host.strip()
    if "://" in host:
        return urlsplit(host).netloc.rsplit("@", 1)[-1].lower()
    return host.split("/", 1)[0].lower()


def _hostname(netloc: str) -> str:
    if netloc.startswith("["):  # [::1]:8000
        return netloc[: netloc.find("]") + 1]
    return netloc.split(":", 1)[0]


def _has_port(netloc: str) -> bool:
    return "]:" in netloc if netloc.startswith("[") else ":" in netloc


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _header_value(value: Any) -> str:
    # DevTools joins repeated headers with newlines; HTTP joins them with commas.
    return re.sub(r"\s*\n\s*", ", ", str(value)).strip()


def _timing(raw: dict[str, Any]) -> dict[str, float | None]:
    timing: dict[str, float | None] = {}
    for key in TIMING_KEYS:
        value = raw.get(key)
        timing[key] = round(float(value), 1) if isinstance(value, int | float) else None
    return timing


def _read_log(browser: WebDriver, kind: str) -> list[dict[str, Any]]:
    try:
        return browser.get_log(kind) or []
    except WebDriverException:
        return []  # the browser does not keep that log (loggingPrefs not set)
