"""The page facts of the portal-wide checks, read by the page observer in the real Chromium from small
loopback pages: the document's language, the required links by name, the monitoring code.

Every page is served by a ThreadingHTTPServer on 127.0.0.1; the browser resolves nothing else.
"""

from __future__ import annotations

import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from portalqa.browser.chromium import BrowserFactory, settings_for
from portalqa.browser.page_observer import PageObserver, names_contain_any
from portalqa.citizen.portal_pages import DEFAULT_LINK_NAMES
from portalqa.text import fold

pytestmark = pytest.mark.browser

HEAD = '<meta charset="utf-8"><link rel="icon" href="data:,">'
EMC = '<script src="/static/emc/emc.js" async></script>'
PAGES = {
    "english.html": f"""<!doctype html><html lang="en"><head>{HEAD}<title>Home</title>{EMC}</head>
<body><main><h1>Home</h1></main><footer><a href="/privacy">Privacy policy</a>
<a href="/accessibility">Accessibility statement</a> <a href="/contact">Contact us</a></footer>
</body></html>""",
    # Names from aria-label and in Vietnamese; the monitoring code is recognised by its markup here.
    "vietnamese.html": f"""<!doctype html><html lang=" vi "><head>{HEAD}<title>Trang chủ</title>
<meta name="emc-site-id" content="EMC-1234"></head>
<body><main><h1>Trang chủ</h1></main><footer><a href="/p">Chính sách bảo mật</a>
<a href="/a" aria-label="Tuyên bố hỗ trợ tiếp cận"><img src="data:," alt=""></a>
<a href="/g">GÓP Ý, PHẢN ÁNH</a></footer></body></html>""",
    # No lang; links whose names only look like the required ones; the script is another one.
    "lookalikes.html": f"""<!doctype html><html><head>{HEAD}<title>Lookalikes</title>
<script src="/static/analytics/site.js" async></script></head>
<body><main><h1>Lookalikes</h1><p>Contact us by post.</p></main><footer>
<a href="/s">Bảo mật tài khoản</a> <a href="/t">Tiếp cận thông tin</a> <a href="/c">Contactless payments</a>
<span>Liên hệ</span></footer></body></html>""",
    # Diacritics and case dropped by the portal, and the monitoring script added by a loader script.
    "unaccented.html": f"""<!doctype html><html lang="vi"><head>{HEAD}<title>Khong dau</title></head>
<body><main><h1>Khong dau</h1></main><footer><a href="/p">CHINH SACH BAO MAT</a>
<a href="/a">Kha nang tiep can</a> <a href="/l">Lien he</a></footer>
<script>const s = document.createElement("script"); s.src = "/static/emc/emc.js?v=2";
document.head.appendChild(s);</script></body></html>""",
    "static/emc/emc.js": "window.emc = true;\n",
    "static/analytics/site.js": "window.site = true;\n",
}
MONITORING_SCRIPTS = ["/static/emc/emc.js"]
MONITORING_HTML = ["emc-site-id"]


class Handler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("facts")
    for name, text in PAGES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
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


def visit(browser, site: str, path: str, **observer_options):
    options = {
        "required_links": DEFAULT_LINK_NAMES,
        "monitoring_scripts": MONITORING_SCRIPTS,
        "monitoring_html": MONITORING_HTML,
    } | observer_options
    observer = PageObserver(browser, portal_hosts=["127.0.0.1"], privacy_link_names=[], **options)
    browser.get(f"{site}/{path}")
    return observer.observe(run_accessibility=False)


def test_an_english_page_with_its_language_links_and_monitoring_script(desktop, site):
    seen = visit(desktop, site, "english.html")
    assert seen.lang == "en"
    assert seen.links == {"privacy_policy": True, "accessibility_statement": True, "contact": True}
    assert seen.monitoring_code is True
    written = json.loads(json.dumps(seen.to_dict()))
    assert (written["lang"], written["links"]["contact"], written["monitoring_code"]) == ("en", True, True)


def test_vietnamese_names_from_aria_labels_and_the_code_recognised_by_its_markup(desktop, site):
    seen = visit(desktop, site, "vietnamese.html")
    assert seen.lang == "vi"
    assert seen.links == {"privacy_policy": True, "accessibility_statement": True, "contact": True}
    assert seen.monitoring_code is True  # the emc-site-id meta; no emc.js on this page
    assert visit(desktop, site, "vietnamese.html", monitoring_html=[]).monitoring_code is False


def test_no_lang_lookalike_links_and_another_script_are_absences(desktop, site):
    seen = visit(desktop, site, "lookalikes.html")
    assert seen.lang == ""
    # "Bảo mật tài khoản" is account security, "Tiếp cận thông tin" access to information,
    # "Contactless payments" no contact; "Liên hệ" written in the page is no link.
    assert seen.links == {"privacy_policy": False, "accessibility_statement": False, "contact": False}
    assert seen.monitoring_code is False
    assert seen.to_dict()["lang"] == ""


def test_names_without_diacritics_and_a_script_added_by_a_loader(desktop, site):
    seen = visit(desktop, site, "unaccented.html")
    assert seen.links == {"privacy_policy": True, "accessibility_statement": True, "contact": True}
    assert seen.monitoring_code is True


def test_the_profiles_names_replace_the_built_in_ones_and_no_rule_means_not_observed(desktop, site):
    seen = visit(
        desktop,
        site,
        "english.html",
        required_links={"contact": ["Hotline"], "privacy_policy": ["Privacy policy"]},
        monitoring_scripts=[],
        monitoring_html=[],
    )
    assert seen.links == {"contact": False, "privacy_policy": True}
    assert seen.monitoring_code is None
    # An observer told of no link records none (journeys of older callers).
    assert visit(desktop, site, "english.html", required_links=None).links == {}


# Without a browser -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "wanted", "found"),
    [
        ("Privacy policy", "privacy", True),
        ("Chính sách bảo mật và cookie", "chính sách bảo mật", True),
        ("Liên hệ - Góp ý", "góp ý", True),
        ("LIÊN HỆ", "liên hệ", True),
        ("Contacts", "contact", False),
        ("Privacy", "privacy policy", False),
        ("Accessible parking", "accessibility", False),
        ("Tiếp cận thông tin", "hỗ trợ tiếp cận", False),
    ],
)
def test_a_name_holds_a_wanted_name_as_whole_words(name, wanted, found):
    assert names_contain_any(name, [fold(wanted)]) is found
