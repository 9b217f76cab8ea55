"""axe-core once per distinct page and viewport: identical documents reuse the scan, any change in
what axe-core checks scans again. Real Chromium, real axe-core, pages served on loopback."""

from __future__ import annotations

import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from portalqa.browser.accessibility_cache import AccessibilityCache, page_fingerprint
from portalqa.browser.chromium import BrowserFactory, settings_for
from portalqa.browser.page_observer import PageObserver

pytestmark = pytest.mark.browser

HEAD = '<meta charset="utf-8"><link rel="icon" href="data:,"><title>Apply</title>'


def form(token: str, entered: str = "", *, alt: str = ' alt="Seal"', extra: str = "") -> str:
    # A form as portals serve it: a CSRF token and a value the citizen typed differ between loads.
    return f"""<!doctype html><html lang="en"><head>{HEAD}</head><body><main><h1>Apply</h1>
<img src="data:,"{alt}><form method="post"><input type="hidden" name="csrf" value="{token}">
<label for="n">Name</label><input id="n" name="n" value="{entered}">
<script nonce="{token}">window.x = 1;</script>{extra}<button>Next</button></form></main></body></html>"""


PAGES = {
    "a.html": form("tok-1"),
    "a-again.html": form("tok-2", entered="Nguyen Van A"),
    "text-changed.html": form("tok-3", extra="<p>Your application was saved.</p>"),
    "alt-removed.html": form("tok-4", alt=""),
    "framed.html": form("tok-5", extra='<iframe src="a.html" title="frame"></iframe>'),
}


class Handler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("cache")
    for name, text in PAGES.items():
        (root / name).write_text(text, encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: Handler(*a, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def desktop():
    factory = BrowserFactory(settings_for("desktop"))
    driver = factory.start()
    yield driver
    driver.quit()
    factory.cleanup()


def observe(browser, site: str, page: str, cache: AccessibilityCache, scope: str = "portal/desktop"):
    observer = PageObserver(
        browser,
        portal_hosts=["127.0.0.1"],
        privacy_link_names=[],
        accessibility_cache=cache,
        cache_scope=scope,
    )
    browser.get(f"{site}/{page}")
    return observer.observe(run_accessibility=True)


def test_the_same_page_with_another_token_and_entries_reuses_the_scan(desktop, site):
    cache = AccessibilityCache()
    first = observe(desktop, site, "a.html", cache)
    again = observe(desktop, site, "a-again.html", cache)
    assert (cache.scans, cache.reused) == (1, 1)
    assert again.accessibility == first.accessibility
    assert (first.to_dict()["accessibility"]["reused"], again.to_dict()["accessibility"]["reused"]) == (
        False,
        True,
    )
    # What each check cost the harness, the scan and the comparison that replaced one (B2's breakdown).
    assert all(page.to_dict()["accessibility"]["check_ms"] > 0 for page in (first, again))


def test_a_changed_text_or_attribute_is_scanned_again_and_its_violation_found(desktop, site):
    cache = AccessibilityCache()
    clean = observe(desktop, site, "a.html", cache)
    observe(desktop, site, "text-changed.html", cache)
    missing_alt = observe(desktop, site, "alt-removed.html", cache)
    assert (cache.scans, cache.reused) == (3, 0)
    assert clean.accessibility.violation("image-alt") is None
    assert missing_alt.accessibility.violation("image-alt") is not None


def test_another_portal_or_viewport_is_scanned_again(desktop, site):
    cache = AccessibilityCache()
    observe(desktop, site, "a.html", cache, scope="portal/desktop")
    observe(desktop, site, "a.html", cache, scope="portal/phone")
    observe(desktop, site, "a.html", cache, scope="other/desktop")
    assert (cache.scans, cache.reused) == (3, 0)


def test_a_page_with_frames_is_always_scanned(desktop, site):
    cache = AccessibilityCache()
    desktop.get(f"{site}/framed.html")
    assert page_fingerprint(desktop) is None
    observe(desktop, site, "framed.html", cache)
    observe(desktop, site, "framed.html", cache)
    assert (cache.scans, cache.reused) == (2, 0)


def test_the_fingerprint_ignores_only_values_hidden_fields_and_nonces(desktop, site):
    prints = {}
    for page in ("a.html", "a-again.html", "text-changed.html", "alt-removed.html"):
        desktop.get(f"{site}/{page}")
        prints[page] = page_fingerprint(desktop)
    assert prints["a.html"] == prints["a-again.html"]
    assert len({prints["a.html"], prints["text-changed.html"], prints["alt-removed.html"]}) == 3
