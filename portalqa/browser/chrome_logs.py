"""ChromeDriver's two logs, read after every page: "performance" (DevTools network events) and
"browser" (the console).

Reading a log clears it, so each read holds what happened since the previous one. The browser must
log both (`goog:loggingPrefs`, as portalqa.browser.chromium.chrome_options sets it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver

from portalqa.browser.hosts import is_own_host, request_host
from portalqa.secrets_guard import redact

MAX_CONSOLE_MESSAGE = 500


def read_log(browser: WebDriver, kind: str) -> list[dict[str, Any]]:
    """The entries of a ChromeDriver log since the last read ("performance" or "browser"); clears it."""
    try:
        return browser.get_log(kind) or []
    except WebDriverException:
        return []  # the browser does not keep that log (loggingPrefs not set)


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
            host = request_host(params.get("request", {}).get("url", ""))
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


def console_errors(
    entries: Iterable[dict[str, Any]], portal_hosts: Iterable[str], document_url: str | None = None
) -> list[str]:
    """SEVERE console entries, less the failed requests to other hosts (reported as third-party hosts;
    the harness's host-resolver rule makes them fail), the browser's own favicon request, and the page's
    own document answered 400 or 422: that is how a form says "correct these fields" over HTTP, and the
    page shown is judged as the page it is (its error messages), not as a broken resource."""
    own = tuple(portal_hosts)
    errors = []
    for entry in entries:
        if entry.get("level") != "SEVERE":
            continue
        message = str(entry.get("message") or "")
        if entry.get("source") == "network":
            failed_url = message.split(" ", 1)[0]
            host = request_host(failed_url)
            if host and not is_own_host(host, own):
                continue
            if host and urlsplit(failed_url).path == "/favicon.ico":
                continue
            if document_url and _same_document(failed_url, document_url) and _FORM_REFUSAL.search(message):
                continue
        if len(message) > MAX_CONSOLE_MESSAGE:
            message = message[: MAX_CONSOLE_MESSAGE - 1] + "…"
        errors.append(redact(message))
    return errors


_FORM_REFUSAL = re.compile(r"status of (400|422)\b")


def _same_document(failed_url: str, document_url: str) -> bool:
    failed, document = urlsplit(failed_url), urlsplit(document_url)
    return (failed.netloc, failed.path) == (document.netloc, document.path)


def _header_value(value: Any) -> str:
    # DevTools joins repeated headers with newlines; HTTP joins them with commas.
    return re.sub(r"\s*\n\s*", ", ", str(value)).strip()
