"""Faults of the network or the portal's server: read, classified, and never taken for the portal's defect.

A fault stops the scenario as *broken* (Allure) and its cells *not assessable*, with a reason kind
(portalqa.model.full_online.FAULT_KINDS) and a message that quotes what was seen: the HTTP status
and the address, or the browser's network error and the click after which it came
("net::ERR_CONNECTION_RESET after clicking 'Continue' (http://127.0.0.1:8123/next)").

What counts as a fault (docs/faults.md says why):

- the browser could not load a page: a ``net::ERR_*`` error, whether WebDriver reports it (a page
  opened by its address) or Chromium shows its error page (after a click: WebDriver then keeps the
  address it tried, so the document's own URI is read) -> *portal unreachable*;
- the page's document answered 5xx (its Navigation Timing ``responseStatus``) -> *server error*;
- a page that did not finish loading within the page-load timeout, or a click whose page never came
  -> *timeout*.

A 4xx answer is the portal's answer, not a fault: a form refusing answers (400, 422), a page that
does not exist (404) are what a citizen would meet, and are judged as what they are.
"""

from __future__ import annotations

import re
import socket
import urllib.error

from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from portalqa.model.full_online import ReasonKind


class PortalFault(Exception):
    """The network or the portal's server failed: the scenario is broken ("not assessable"), not failed."""

    kind: ReasonKind = ReasonKind.PORTAL_UNREACHABLE

    def __init__(self, message: str, kind: ReasonKind | None = None):
        super().__init__(message)
        if kind is not None:
            self.kind = kind


class PortalUnreachable(PortalFault):
    """The portal did not answer (refused, reset, a name that does not resolve): no page came."""

    kind = ReasonKind.PORTAL_UNREACHABLE


class ServerError(PortalFault):
    """The portal's server answered a page with a 5xx status."""

    kind = ReasonKind.SERVER_ERROR


class PortalTimeout(PortalFault):
    """The portal accepted the request but the page did not come within the timeout."""

    kind = ReasonKind.TIMEOUT


class PortalGivenUp(PortalFault):
    """The circuit breaker gave the portal up after consecutive faults: the scenario was not played.

    Its kind is the last fault's (a portal that answered 500 everywhere stays a server error)."""


# What the page shows, read in one round trip after every load: the document's own URI (Chromium's
# error page is chrome-error://chromewebdata/ even when WebDriver reports the address it tried), the
# network error Chromium names on it, and the document's HTTP status (0 when there was no response).
_DOCUMENT_JS = r"""
const nav = performance.getEntriesByType('navigation')[0];
const error = String(document.documentURI || '').startsWith('chrome-error://');
let code = null;
if (error) {
  const shown = document.querySelector('.error-code');
  const text = (shown && shown.textContent) || (document.body && document.body.innerText) || '';
  const found = text.match(/\b(?:net::)?(ERR_[A-Z0-9_]+)\b/);
  code = found ? found[1] : null;
}
const status = nav && typeof nav.responseStatus === 'number' ? nav.responseStatus : null;
return {error: error, code: code, status: status};
"""

_NET_ERROR = re.compile(r"\b(?:net::)?(ERR_[A-Z0-9_]+)\b")
# Network errors that are not a failure of the portal's network: a navigation the page itself
# cancelled (a download, a 204) or the harness blocked.
_NOT_FAULTS = frozenset({"ERR_ABORTED", "ERR_BLOCKED_BY_CLIENT", "ERR_BLOCKED_BY_RESPONSE"})
_TIMEOUT_ERRORS = frozenset({"ERR_TIMED_OUT", "ERR_CONNECTION_TIMED_OUT"})
# ChromeDriver's words when the page-load timeout ends a command (get, or a click that navigates).
_PAGE_LOAD_TIMEOUT = "Timed out receiving message from renderer"


def is_server_error(status: int | None) -> bool:
    return isinstance(status, int) and 500 <= status <= 599


def check_document(browser: WebDriver, portal: str, where: str) -> int | None:
    """Raise the fault the loaded page shows, if any: Chromium's error page or a 5xx document; else
    the document's HTTP status (None when the browser does not say).

    `where` says how the page came ("at <url>", "after clicking 'Continue'"); the address is added.
    """
    try:
        seen = browser.execute_script(_DOCUMENT_JS) or {}
    except WebDriverException:
        return None  # the page is being replaced: the next load is checked
    url = browser.current_url
    if seen.get("error"):
        code = seen.get("code") or "a network error"
        raise _network_fault(code, f"{portal}: net::{code} {where}{_address(url, where)}")
    status = seen.get("status")
    if is_server_error(status):
        raise ServerError(f"{portal}: HTTP {status} {where}{_address(url, where)}")
    return status if isinstance(status, int) and status > 0 else None


def from_webdriver(err: WebDriverException, portal: str, where: str, timeout_s: float) -> PortalFault | None:
    """The fault a WebDriver error stands for (a page load that failed or timed out), or None."""
    text = str(err)
    if isinstance(err, TimeoutException) or _PAGE_LOAD_TIMEOUT in text:
        if _PAGE_LOAD_TIMEOUT in text:
            return PortalTimeout(f"{portal}: no page within {timeout_s:g} s {where}")
        return None  # a wait of portalqa's own: the caller says what it waited for
    found = _NET_ERROR.search(text)
    if found and found.group(1) not in _NOT_FAULTS:
        return _network_fault(found.group(1), f"{portal}: net::{found.group(1)} {where}")
    return None


def from_download(err: Exception, portal: str, url: str) -> PortalFault | None:
    """The fault behind a failed download (urllib), or None when the portal answered (4xx)."""
    if isinstance(err, urllib.error.HTTPError):
        return ServerError(f"{portal}: HTTP {err.code} at {url}") if is_server_error(err.code) else None
    reason = getattr(err, "reason", err)
    if isinstance(reason, socket.timeout | TimeoutError):
        return PortalTimeout(f"{portal}: no answer within the timeout at {url}")
    if isinstance(reason, OSError | urllib.error.URLError):
        return PortalUnreachable(f"{portal}: {type(reason).__name__}: {reason} at {url}")
    return None


def kind_of(exception: BaseException) -> ReasonKind | None:
    """The fault kind an exception stands for; None when it is no fault of the network or the server.

    Besides PortalFault, a raw error that names a network failure: a WebDriver error with a
    ``net::ERR_*`` or the page-load timeout, a refused or reset connection."""
    if isinstance(exception, PortalFault):
        return exception.kind
    text = f"{type(exception).__name__} {exception}"
    if _PAGE_LOAD_TIMEOUT in text or isinstance(exception, socket.timeout | TimeoutError):
        return ReasonKind.TIMEOUT
    found = _NET_ERROR.search(text)
    if found and found.group(1) not in _NOT_FAULTS:
        return ReasonKind.TIMEOUT if found.group(1) in _TIMEOUT_ERRORS else ReasonKind.PORTAL_UNREACHABLE
    if isinstance(exception, ConnectionError) or any(
        marker in text for marker in ("ConnectionRefused", "ConnectionReset", "PortalUnreachable")
    ):
        return ReasonKind.PORTAL_UNREACHABLE
    return None


def _network_fault(code: str, message: str) -> PortalFault:
    return PortalTimeout(message) if code in _TIMEOUT_ERRORS else PortalUnreachable(message)


def _address(url: str, where: str) -> str:
    # "at <url>" already names it; after a click, the address the click led to is added.
    return "" if url in where or not url else f" ({url})"
