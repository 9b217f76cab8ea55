"""What each page of a citizen journey showed the browser: speed, mobile fit, privacy, security, errors.

The portal driver calls `PageObserver.observe()` after every page load. One observation costs a few
round trips to the browser:

- the page's own facts in one `execute_async_script` (page_facts.js): Navigation Timing, first and
  largest contentful paint, the viewport meta, the layout width, the names of the links, the
  document's language (`<html lang>`) and whether it carries the monitoring code it was told of;
- ChromeDriver's "performance" log (portalqa.browser.chrome_logs): the hosts the page load requested
  and the main document's response headers (portalqa.browser.document_headers);
- the "browser" log: SEVERE console entries since the previous observation;
- optionally axe-core (portalqa.browser.axe).

Hosts are told apart by portalqa.browser.hosts, cookies read by portalqa.browser.cookies. Everything
taken from the page passes through secrets_guard.redact.

Required links (`links`) are found by name: a link counts when its accessible name contains one of
the wanted names as whole words, case and Vietnamese diacritics aside ("Liên hệ - Góp ý" has a
"gop y"; "Privacy" is not "privacy policy"). The caller says which links and which names; the
observer knows no portal.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from portalqa.browser.accessibility_cache import AccessibilityCache
from portalqa.browser.axe import AccessibilityResult, AxeFailed, run_axe
from portalqa.browser.chrome_logs import console_errors, parse_network_events, read_log
from portalqa.browser.cookies import browser_cookies
from portalqa.browser.document_headers import SECURITY_HEADERS, DocumentHeaders
from portalqa.browser.hosts import is_own_host, own_hosts
from portalqa.secrets_guard import redact
from portalqa.text import fold, fold_case, name_matches_any

_FACTS_JS = (Path(__file__).parent / "page_facts.js").read_text(encoding="utf-8")
FACTS_MAX_WAIT_MS = 500  # for the load event's end and the first contentful paint
LCP_WAIT_MS = 150  # for the buffered largest-contentful-paint entries

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
    # Of the main document's response; None: not sent; empty: the response's headers were not read.
    security_headers: dict[str, str | None]
    third_party_hosts: list[str]  # host[:port] requested by this page load, other than the portal's
    console_errors: list[str]  # SEVERE console entries since the previous observation
    accessibility: AccessibilityResult | None  # None when axe was not asked for (or failed)
    # The result is that of the same page (same DOM and viewport) scanned earlier in the run.
    accessibility_reused: bool = False
    # Wall time portalqa spent on the accessibility check of this page (the scan, or the comparison
    # that reused an earlier one): the harness's cost, not the portal's.
    accessibility_check_ms: float | None = None
    accessibility_error: str | None = None  # why axe could not check the page, when it was asked to
    lang: str = ""  # <html lang>, "" when absent
    links: dict[str, bool] = field(default_factory=dict)  # each required link: found on the page
    monitoring_code: bool | None = None  # None: the observer was not told how to recognise it

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
            "accessibility": (
                {
                    **self.accessibility.to_dict(),
                    "reused": self.accessibility_reused,
                    "check_ms": self.accessibility_check_ms,
                }
                if self.accessibility
                else None
            ),
            "accessibility_error": self.accessibility_error,
            "lang": redact(self.lang),
            "links": dict(self.links),
            "monitoring_code": self.monitoring_code,
        }


class PageObserver:
    def __init__(
        self,
        browser: WebDriver,
        *,
        portal_hosts: Iterable[str],
        privacy_link_names: Iterable[str],
        required_links: Mapping[str, Iterable[str]] | None = None,
        monitoring_scripts: Iterable[str] = (),
        monitoring_html: Iterable[str] = (),
        accessibility_cache: AccessibilityCache | None = None,
        cache_scope: str = "",
    ):
        """required_links: link -> the names that count for it (`links` of each observation);
        accessibility_cache: the run's axe-core results by distinct page, reused within `cache_scope`
        (the portal and viewport; None: every page asked for is scanned);
        monitoring_scripts / monitoring_html: substrings of a script's src / of the page's markup that
        show the monitoring code (neither given: `monitoring_code` is None)."""
        self.browser = browser
        self.portal_hosts = own_hosts(portal_hosts)
        self.privacy_link_names = tuple(n for n in (fold_case(str(name)) for name in privacy_link_names) if n)
        self.required_links = {
            link: tuple(n for n in (fold(str(name)) for name in names) if n)
            for link, names in (required_links or {}).items()
        }
        self.monitoring = {
            "scripts": [str(s) for s in monitoring_scripts if str(s)],
            "html": [str(s) for s in monitoring_html if str(s)],
        }
        self._document_headers = DocumentHeaders()
        self._accessibility_cache = accessibility_cache
        self._cache_scope = cache_scope
        self.drain()

    # The API --------------------------------------------------------------------------------------

    def drain(self) -> None:
        """Forget what the logs hold so far: the next observation sees only what follows.

        Done on creation; call it when the browser is handed to a new journey without a new observer."""
        for kind in ("performance", "browser"):
            read_log(self.browser, kind)

    def observe(self, *, run_accessibility: bool) -> PageObservation:
        """The current page, once loaded. Raises WebDriverException if the page keeps going away."""
        facts = self._page_facts()
        performance_events = read_log(self.browser, "performance")
        console = read_log(self.browser, "browser")
        url = str(facts.get("url") or self.browser.current_url)
        network = parse_network_events(performance_events)
        headers = self._document_headers.for_page(url, network.documents)
        accessibility, accessibility_error, reused, check_ms = None, None, False, None
        if run_accessibility:
            started = time.perf_counter()
            try:
                if self._accessibility_cache is None:
                    accessibility = run_axe(self.browser)
                else:
                    accessibility, reused = self._accessibility_cache.check(self.browser, self._cache_scope)
            except AxeFailed as err:
                accessibility_error = str(err)
            check_ms = round((time.perf_counter() - started) * 1000, 1)
        viewport_width = int(facts.get("viewport_width") or 0)
        scroll_width = int(facts.get("scroll_width") or 0)
        link_names = [str(name) for name in facts.get("link_names") or []]
        monitoring_code = facts.get("monitoring_code")
        return PageObservation(
            url=redact(url),
            title=redact(str(facts.get("title") or "")),
            timing=_timing(facts.get("timing") or {}),
            viewport_meta=bool(facts.get("viewport_meta")),
            viewport_width=viewport_width,
            scroll_width=scroll_width,
            horizontal_scroll=scroll_width > viewport_width + 1,
            privacy_link=any(name_matches_any(name, self.privacy_link_names) for name in link_names),
            https=urlsplit(url).scheme == "https",
            # Empty when no document response was read: not the same as a page that sends none of them.
            security_headers={name: headers.get(name) for name in SECURITY_HEADERS} if headers else {},
            third_party_hosts=sorted(
                {host for host in network.request_hosts if not is_own_host(host, self.portal_hosts)}
            ),
            console_errors=console_errors(console, self.portal_hosts, url),
            accessibility=accessibility,
            accessibility_reused=reused,
            accessibility_check_ms=check_ms,
            accessibility_error=accessibility_error,
            lang=str(facts.get("lang") or "").strip(),
            links={
                link: any(names_contain_any(name, wanted) for name in link_names)
                for link, wanted in self.required_links.items()
            },
            monitoring_code=monitoring_code if isinstance(monitoring_code, bool) else None,
        )

    def cookies(self) -> list[dict]:
        """Every cookie the browser holds (never the value), with whether it is the portal's own."""
        return browser_cookies(self.browser, self.portal_hosts)

    # Internals ------------------------------------------------------------------------------------

    def _page_facts(self) -> dict[str, Any]:
        arguments = (_FACTS_JS, FACTS_MAX_WAIT_MS, LCP_WAIT_MS, self.monitoring)
        try:
            return self.browser.execute_async_script(*arguments) or {}
        except WebDriverException:
            # The page replaced itself while the script waited (a script or meta-refresh redirect):
            # observe the page it went to.
            wait = WebDriverWait(self.browser, 10, 0.05, ignored_exceptions=[WebDriverException])
            wait.until(lambda b: b.execute_script("return document.readyState") == "complete")
            return self.browser.execute_async_script(*arguments) or {}


def names_contain_any(name: str, wanted: Iterable[str]) -> bool:
    """The name holds one of the wanted names as whole words, case and diacritics aside (portalqa.text.fold):
    "Liên hệ, góp ý" holds "gop y", "Accessibility statement" holds "accessibility", "Contacts" does not
    hold "contact". `wanted` must already be passed through fold."""
    folded = fold(str(name))
    return any(w and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", folded) for w in wanted)


def _timing(raw: dict[str, Any]) -> dict[str, float | None]:
    timing: dict[str, float | None] = {}
    for key in TIMING_KEYS:
        value = raw.get(key)
        timing[key] = round(float(value), 1) if isinstance(value, int | float) else None
    return timing
