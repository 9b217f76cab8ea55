"""The page observer and axe-core, in the real Chromium (desktop and phone) against small loopback pages.

Every page is served by a ThreadingHTTPServer on 127.0.0.1; the browser's host-resolver rule lets it
resolve nothing else, so the "analytics" host a page names fails to resolve and never leaves the machine.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from portalqa.browser import axe as accessibility
from portalqa.browser.axe import AXE_TAGS, AccessibilityResult, AxeUnavailable, axe_source, run_axe
from portalqa.browser.chrome_logs import console_errors, parse_network_events
from portalqa.browser.chromium import PHONE, BrowserFactory, chrome_options, settings_for
from portalqa.browser.hosts import is_own_host, is_third_party_cookie_domain
from portalqa.browser.page_observer import PageObserver
from portalqa.secrets_guard import MASK, register
from portalqa.text import name_matches_any

PRIVACY_NAMES = ["Privacy policy", "Chính sách bảo mật"]
SECRET = "pq-secret-" + secrets.token_hex(6)

HEAD = '<meta charset="utf-8"><link rel="icon" href="data:,">'
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
PAGES = {
    "clean.html": f"""<!doctype html><html lang="en"><head>{HEAD}{VIEWPORT}<title>Register a birth</title>
<style>body {{ font-family: sans-serif; margin: 0; padding: 16px; }}
button {{ min-width: 48px; min-height: 48px; margin: 8px; }} input {{ max-width: 100%; }}</style></head>
<body><header><nav aria-label="Site"><a href="/clean.html">Home</a></nav></header>
<main><h1>Register a birth</h1>
<form><label for="name">Full name</label> <input id="name" name="name" type="text">
<button type="submit">Continue</button> <button type="button">Save for later</button></form></main>
<footer><a href="/privacy.html">Privacy policy</a></footer></body></html>""",
    "defects.html": f"""<!doctype html><html lang="en"><head>{HEAD}{VIEWPORT}<title>Search</title></head>
<body><main><h1>Search</h1><input type="text" name="q" id="q">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="40" height="40">
<p><a href="/p" aria-label="Chính sách bảo mật (PDF)">i</a></p></main></body></html>""",
    "wide.html": f"""<!doctype html><html lang="en"><head>{HEAD}<title>Wide</title></head>
<body><main><h1>Fixed width</h1><div style="width: 1100px">A desktop-only layout.</div>
<a href="/privacy">Privacy</a></main></body></html>""",
    "tiny.html": f"""<!doctype html><html lang="en"><head>{HEAD}{VIEWPORT}<title>Tiny</title>
<style>.row {{ display: flex; }} .row button {{ width: 12px; height: 12px; padding: 0; margin: 0;
border: 0; }}</style></head>
<body><main><h1>Pick a day</h1><div class="row">
<button aria-label="Day 1"></button><button aria-label="Day 2"></button><button aria-label="Day 3"></button>
<button aria-label="Day 4"></button></div></main></body></html>""",
    "tracker.html": f"""<!doctype html><html lang="en"><head>{HEAD}{VIEWPORT}<title>Tracked</title>
<script src="http://analytics.example.net/x.js"></script><script src="/missing.js"></script></head>
<body><main><h1>Tracked</h1></main></body></html>""",
    "throws.html": f"""<!doctype html><html lang="en"><head>{HEAD}{VIEWPORT}<title>Throws</title></head>
<body><main><h1>Throws</h1></main><script src="/throws.js"></script></body></html>""",
    # Nothing to paint, so the observer waits for a first paint until the page moves on.
    "moves.html": f"""<!doctype html><html lang="en"><head>{HEAD}<title>Moving</title></head>
<body><script>setTimeout(() => location.replace("/clean.html"), 150);</script></body></html>""",
    "throws.js": f'throw new Error("the portal script failed with token {SECRET}");\n',
    "slow.html": f"""<!doctype html><html lang="en"><head>{HEAD}{VIEWPORT}<title>Slow</title></head>
<body><main><h1>Slow</h1></main></body></html>""",
}
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000",
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
    "X-CONTENT-TYPE-OPTIONS": "nosniff",
    "X-Frame-Options": "DENY",
}
HEADERS_BY_PATH = {"/clean.html": SECURITY_HEADERS}  # every other page is served without them
SLOW_PATHS = {"/slow.html": 0.6}

pytestmark = pytest.mark.browser


class Handler(SimpleHTTPRequestHandler):
    def end_headers(self):
        for name, value in HEADERS_BY_PATH.get(self.path.split("?")[0], {}).items():
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self):
        time.sleep(SLOW_PATHS.get(self.path.split("?")[0], 0))
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    for name, text in PAGES.items():
        (root / name).write_text(text, encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: Handler(*a, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _browser(viewport: str):
    factory = BrowserFactory(settings_for(viewport))
    driver = factory.start()
    yield driver
    driver.quit()
    factory.cleanup()


@pytest.fixture(scope="module")
def desktop():
    yield from _browser("desktop")


@pytest.fixture(scope="module")
def phone():
    yield from _browser("phone")


def visit(browser, site: str, path: str, run_accessibility: bool = False):
    observer = PageObserver(browser, portal_hosts=["127.0.0.1"], privacy_link_names=PRIVACY_NAMES)
    browser.get(f"{site}/{path}")
    return observer.observe(run_accessibility=run_accessibility)


# In the browser ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_clean_page_passes_everything(request, site, viewport):
    browser = request.getfixturevalue(viewport)
    seen = visit(browser, site, "clean.html#top", run_accessibility=True)

    assert seen.url == f"{site}/clean.html#top"
    assert seen.title == "Register a birth"
    assert seen.accessibility is not None, seen.accessibility_error
    assert seen.accessibility.violations == [], [v.to_dict() for v in seen.accessibility.violations]
    assert seen.accessibility.axe_version.startswith("4.")
    assert seen.accessibility.passes > 5
    assert seen.viewport_meta is True
    assert seen.horizontal_scroll is False
    assert seen.viewport_width == (412 if viewport == "phone" else 1280)
    assert seen.privacy_link is True
    assert seen.https is False
    assert seen.security_headers == {
        "strict-transport-security": "max-age=31536000",
        "content-security-policy": SECURITY_HEADERS["content-security-policy"],
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
    }
    assert seen.third_party_hosts == []
    assert seen.console_errors == []
    timing = seen.timing
    for key in ("response_start_ms", "dom_content_loaded_ms", "load_event_ms", "duration_ms"):
        assert timing[key] is not None and timing[key] > 0, (key, timing)
    assert timing["server_response_ms"] is not None and timing["server_response_ms"] >= 0
    assert timing["first_contentful_paint_ms"] is not None, timing
    assert timing["largest_contentful_paint_ms"] is not None, timing
    assert timing["transfer_size"] is not None
    assert json.loads(json.dumps(seen.to_dict()))["accessibility"]["violations"] == []


def test_unlabelled_input_and_image_without_alt_are_violations(desktop, site):
    seen = visit(desktop, site, "defects.html", run_accessibility=True)

    result = seen.accessibility
    assert {"label", "image-alt"} <= {v.rule for v in result.violations}
    label = result.violation("label")
    assert label.impact == "critical" and "wcag2a" in label.tags
    assert label.help_url.startswith("https://dequeuniversity.com/rules/axe/")
    assert [n.target for n in label.nodes] == ["#q"]
    assert label.nodes[0].html.startswith("<input") and label.nodes[0].summary
    assert label.node_count == 1
    assert result.violation("image-alt").nodes[0].html.startswith("<img")
    # A link named by aria-label, starting with a privacy name, counts.
    assert seen.privacy_link is True


def test_a_fixed_width_page_without_viewport_meta_scrolls_sideways_on_a_phone(desktop, phone, site):
    on_phone = visit(phone, site, "wide.html")
    assert on_phone.viewport_meta is False
    assert on_phone.viewport_width == 980
    assert on_phone.scroll_width > 1100
    assert on_phone.horizontal_scroll is True
    # "Privacy" alone is not "Privacy policy".
    assert on_phone.privacy_link is False
    # A page sent without security headers.
    assert on_phone.security_headers == dict.fromkeys(on_phone.security_headers)
    assert len(on_phone.security_headers) == 4

    on_desktop = visit(desktop, site, "wide.html")
    assert on_desktop.horizontal_scroll is False


def test_tiny_packed_buttons_fail_target_size(phone, site):
    seen = visit(phone, site, "tiny.html", run_accessibility=True)

    target_size = seen.accessibility.violation("target-size")
    assert target_size is not None, [v.rule for v in seen.accessibility.violations]
    assert "wcag22aa" in target_size.tags
    assert target_size.node_count >= 2 and len(target_size.nodes) == target_size.node_count
    assert all(n.target and n.html.startswith("<button") and n.summary for n in target_size.nodes)
    assert seen.privacy_link is False


def test_third_party_hosts_are_reported_and_their_failures_are_not_console_errors(desktop, site):
    seen = visit(desktop, site, "tracker.html")

    assert seen.third_party_hosts == ["analytics.example.net"]
    assert not any("analytics.example.net" in message for message in seen.console_errors)
    # The portal's own broken script is an error.
    assert any("/missing.js" in m and "404" in m for m in seen.console_errors), seen.console_errors


def test_script_errors_are_console_errors_once_and_redacted(desktop, site):
    register(SECRET)
    observer = PageObserver(desktop, portal_hosts=["127.0.0.1"], privacy_link_names=PRIVACY_NAMES)
    desktop.get(f"{site}/throws.html")
    seen = observer.observe(run_accessibility=False)

    assert len(seen.console_errors) == 1, seen.console_errors
    (message,) = seen.console_errors
    assert "Uncaught Error: the portal script failed" in message
    assert SECRET not in message and MASK in message
    assert SECRET not in json.dumps(seen.to_dict())

    desktop.get(f"{site}/clean.html")
    assert observer.observe(run_accessibility=False).console_errors == []  # only what came since


def test_a_slow_server_shows_in_server_response_time(desktop, site):
    seen = visit(desktop, site, "slow.html")
    assert seen.timing["server_response_ms"] >= 500, seen.timing
    assert seen.timing["response_start_ms"] >= 500


def test_a_page_that_moves_on_while_observed_is_observed_where_it_went(desktop, site):
    seen = visit(desktop, site, "moves.html")
    assert seen.url == f"{site}/clean.html"
    assert seen.security_headers["x-frame-options"] == "DENY"


def test_cookies_never_carry_values_and_say_whose_they_are(desktop, site):
    observer = PageObserver(desktop, portal_hosts=["127.0.0.1"], privacy_link_names=PRIVACY_NAMES)
    desktop.get(f"{site}/clean.html")
    desktop.execute_script("document.cookie = 'lang=vi; SameSite=Strict; path=/';")
    desktop.execute_cdp_cmd(
        "Network.setCookie",
        {"name": "_ga", "value": "GA1.2.3", "domain": ".example.net", "path": "/", "secure": True},
    )
    try:
        cookies = {c["name"]: c for c in observer.cookies()}
    finally:
        desktop.execute_cdp_cmd("Network.clearBrowserCookies", {})

    assert cookies["lang"] == {
        "name": "lang",
        "domain": "127.0.0.1",
        "secure": False,
        "http_only": False,
        "same_site": "Strict",
        "third_party": False,
    }
    assert cookies["_ga"]["third_party"] is True and cookies["_ga"]["secure"] is True
    assert "GA1.2.3" not in json.dumps(list(cookies.values()))


def test_axe_is_injected_once_per_page(desktop, site):
    desktop.get(f"{site}/defects.html")
    first = run_axe(desktop)
    second = run_axe(desktop, tags=["wcag2a"])
    assert desktop.execute_script("return typeof axe.run") == "function"
    assert first.violation("label") and second.violation("label")
    assert all("wcag2a" in v.tags for v in second.violations)


# Without a browser --------------------------------------------------------------------------------------


def test_axe_source_names_the_missing_file_and_the_fix(monkeypatch, tmp_path):
    missing = tmp_path / "nowhere" / "axe.min.js"
    monkeypatch.setenv("PORTALQA_AXE_JS", str(missing))
    with pytest.raises(AxeUnavailable) as err:
        axe_source()
    assert str(missing) in str(err.value) and "run `npm ci`" in str(err.value)


def test_axe_source_is_the_npm_axe_core(monkeypatch):
    monkeypatch.delenv("PORTALQA_AXE_JS", raising=False)
    assert accessibility.axe_path() == accessibility.PROJECT_ROOT / "node_modules/axe-core/axe.min.js"
    assert "axe v4.14" in axe_source()[:200]
    assert axe_source() is axe_source()  # read once
    assert AXE_TAGS == ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def test_accessibility_result_from_raw_redacts_and_serialises():
    register(SECRET)
    raw = {
        "version": "4.14.1",
        "passes": 3,
        "incomplete": 1,
        "violations": [
            {
                "rule": "label",
                "impact": "critical",
                "help": "Form elements must have labels",
                "help_url": "https://dequeuniversity.com/rules/axe/4.14/label",
                "tags": ["wcag2a"],
                "node_count": 40,
                "nodes": [{"target": "#q", "html": f'<input value="{SECRET}">', "summary": "Fix"}],
            }
        ],
    }
    result = AccessibilityResult.from_raw(raw)
    assert result.violations[0].node_count == 40
    assert SECRET not in json.dumps(result.to_dict())


def test_settings_for_viewports():
    assert settings_for("desktop").mobile_device is None
    assert settings_for("phone").mobile_device == PHONE == "Pixel 7"
    assert settings_for("phone", headless=False).headless is False
    with pytest.raises(ValueError, match="desktop, phone"):
        settings_for("tablet")
    prefs = chrome_options(settings_for("phone")).to_capabilities()["goog:loggingPrefs"]
    assert prefs == {"performance": "ALL", "browser": "ALL"}


def _event(method: str, **params) -> dict:
    return {"message": json.dumps({"message": {"method": method, "params": params}}), "level": "INFO"}


def test_network_events_give_hosts_and_the_main_document_headers():
    entries = [
        _event("Network.requestWillBeSent", request={"url": "https://portal.gov.vn/form"}),
        _event(
            "Network.responseReceived",
            type="Document",
            frameId="MAIN",
            response={"url": "https://portal.gov.vn/form", "headers": {"X-Frame-Options": "DENY"}},
        ),
        _event("Page.frameNavigated", frame={"id": "MAIN"}),
        _event("Network.requestWillBeSent", request={"url": "data:image/png;base64,AAAA"}),
        _event("Network.requestWillBeSent", request={"url": "blob:https://portal.gov.vn/1"}),
        _event("Network.requestWillBeSent", request={"url": "https://cdn.example.com:8443/a.js"}),
        _event(
            "Network.responseReceived",
            type="Document",
            frameId="AD",
            response={"url": "https://ads.example.com/frame", "headers": {"x-frame-options": "SAMEORIGIN"}},
        ),
        _event("Page.frameNavigated", frame={"id": "AD", "parentId": "MAIN"}),
        {"message": "not json"},
    ]
    events = parse_network_events(entries)
    assert events.request_hosts == ["portal.gov.vn", "cdn.example.com:8443"]
    assert events.documents == [("https://portal.gov.vn/form", {"x-frame-options": "DENY"})]


def test_console_errors_keep_the_portals_own_failures():
    own = ("127.0.0.1",)
    entries = [
        {"level": "SEVERE", "source": "network", "message": "http://t.example.net/x.js - Failed: net::ERR"},
        {"level": "SEVERE", "source": "network", "message": "http://127.0.0.1:8000/app.js - Failed: 404"},
        {"level": "SEVERE", "source": "network", "message": "http://127.0.0.1/favicon.ico - Failed: 404"},
        {"level": "SEVERE", "source": "javascript", "message": "http://127.0.0.1:8000/ 3:1 Uncaught X"},
        {"level": "SEVERE", "source": "console-api", "message": 'http://127.0.0.1:8000/ 4:2 "boom"'},
        {"level": "WARNING", "source": "console-api", "message": "a warning"},
        {"level": "INFO", "source": "console-api", "message": "a log line"},
    ]
    assert console_errors(entries, own) == [
        "http://127.0.0.1:8000/app.js - Failed: 404",
        "http://127.0.0.1:8000/ 3:1 Uncaught X",
        'http://127.0.0.1:8000/ 4:2 "boom"',
    ]


def test_a_form_answered_400_with_its_errors_is_not_a_console_error():
    own = ("127.0.0.1:8000",)
    refused = (
        "http://127.0.0.1:8000/apply/step-2 - Failed to load resource: "
        "the server responded with a status of 400 (BAD REQUEST)"
    )
    script = (
        "http://127.0.0.1:8000/app.js - Failed to load resource: the server responded with a status of 400 ()"
    )
    entries = [{"level": "SEVERE", "source": "network", "message": m} for m in (refused, script)]
    # The page's own document refusing the form is how validation answers; another resource is broken.
    assert console_errors(entries, own, "http://127.0.0.1:8000/apply/step-2") == [script]
    # Without the document's address nothing is dropped.
    assert console_errors(entries, own) == [refused, script]


def test_hosts_and_cookie_domains():
    assert is_own_host("127.0.0.1:8000", ["127.0.0.1"])
    assert is_own_host("portal.gov.vn", ["portal.gov.vn:443", "portal.gov.vn"])
    assert not is_own_host("127.0.0.1:9000", ["127.0.0.1:8000"])
    assert not is_own_host("cdn.portal.gov.vn", ["portal.gov.vn"])
    assert not is_third_party_cookie_domain(".gov.vn", ["dichvucong.gov.vn"])
    assert not is_third_party_cookie_domain("dichvucong.gov.vn", ["dichvucong.gov.vn:8443"])
    assert is_third_party_cookie_domain("ov.vn", ["dichvucong.gov.vn"])
    assert is_third_party_cookie_domain(".example.net", ["127.0.0.1"])


def test_privacy_link_names():
    wanted = ["privacy policy", "chính sách bảo mật"]
    assert name_matches_any("  Privacy   Policy ", wanted)
    assert name_matches_any("Privacy policy and cookies", wanted)
    assert name_matches_any("Chính sách bảo mật (PDF)", wanted)
    assert not name_matches_any("Privacy", wanted)
    assert not name_matches_any("Privacy policyholders", wanted)


def test_page_facts_script_ships_with_the_package():
    assert (Path(accessibility.__file__).parent / "page_facts.js").is_file()
