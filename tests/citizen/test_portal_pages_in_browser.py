"""The portal-wide checks' visit of a portal's public pages, in the real Chromium, on 127.0.0.1.

The small portal has a home page linking to its privacy policy and its assistant's page, a catalogue
and an "about" page; the profile also lists a page where nothing answers. Each page is recorded
once, with its role; the page portalqa could not open is recorded as such, with no facts, and the
site scenario's criteria then say "not assessable" for it, never "not met".
"""

from __future__ import annotations

import socket

import pytest
from loopback_pages import serve_pages

from portalqa.citizen import portal_pages, session
from portalqa.citizen.driver import PortalUnreachable
from portalqa.judging import judge
from portalqa.model.criteria import CRITERIA_OF_KIND, CriterionVerdict
from portalqa.model.scenarios import PORTAL_WIDE, ScenarioKind
from portalqa.profiles.profile import load_profile

pytestmark = pytest.mark.browser

HEAD = (
    '<meta charset="utf-8"><meta name="viewport" content="width=device-width"><link rel="icon" href="data:,">'
)
EMC = '<script src="/static/emc/emc.js"></script>'
FOOTER = """<footer><a href="/privacy.html">Privacy policy</a> <a href="/accessibility.html">Accessibility
statement</a> <a href="/contact.html">Contact</a> <a href="https://gov.example.net/privacy">Government
privacy notice</a></footer>"""


def page(title: str, body: str = "", *, lang: str = "en", emc: bool = True, footer: str = FOOTER) -> str:
    script = EMC if emc else ""
    return f"""<!doctype html><html lang="{lang}"><head>{HEAD}<title>{title}</title>{script}</head>
<body><header><nav aria-label="Site"><a href="/assistant.html">Virtual assistant</a></nav></header>
<main><h1>{title}</h1>{body}</main>{footer}</body></html>"""


PAGES = {
    "index.html": page("Home"),
    "services.html": page("Procedures", "<ul><li>Birth registration</li></ul>"),
    "privacy.html": page("Privacy policy"),
    "assistant.html": page("Virtual assistant"),
    "about.html": page("About the portal", lang="", emc=False, footer="<footer></footer>"),
    # Only another site's privacy notice, and an assistant that opens on the page.
    "elsewhere.html": page(
        "Home elsewhere",
        '<button type="button">Virtual assistant</button>',
        footer='<footer><a href="https://gov.example.net/privacy">Privacy notice</a></footer>',
    ).replace('<a href="/assistant.html">Virtual assistant</a>', ""),
    "static/emc/emc.js": "window.emc = 1;\n",
}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _profile(tmp_path, base_url: str, extra: str = ""):
    path = tmp_path / "site.yaml"
    path.write_text(
        f"""id: small-site
name: Small site
owner: Test Agency
level: ministry
base_url: {base_url}
sign_on: {{method: none}}
urls: {{home: /index.html, catalogue: /services.html}}
vocabulary:
  nav.privacy: Privacy policy
  nav.assistant: Virtual assistant
monitoring: {{script_src_contains: [/static/emc/emc.js]}}
{extra}""",
        encoding="utf-8",
    )
    return load_profile(str(path))


def _driver(browser, profile, base_url: str):
    record = session.new_journey(profile, session.portal_wide_identity(), "desktop", ScenarioKind.SITE)
    return session.portal_driver(
        browser, profile, base_url, record, unavailable=None, check_accessibility=True
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    (root / "static" / "emc").mkdir(parents=True)
    with serve_pages(root, PAGES) as url:
        yield url


def test_each_public_page_once_with_its_role_and_a_page_that_did_not_answer_recorded_as_such(
    browser, site, tmp_path
):
    unreachable = f"http://127.0.0.1:{_closed_port()}/down"
    pages = f"""pages:
  - {{url: "{unreachable}", name: Down page}}
  - {{path: /about.html, name: About the portal}}
  - {{path: /privacy.html, name: Privacy again}}
"""
    profile = _profile(tmp_path, site, pages)
    driver = _driver(browser, profile, site)

    seen = portal_pages.visit(driver, portal_pages.planned_pages(profile))

    roles = [(p["role"], p["url"].removeprefix(site)) for p in seen.pages]
    assert roles == [
        ("home", "/index.html"),
        ("catalogue", "/services.html"),
        ("privacy_policy", "/privacy.html"),
        ("assistant", "/assistant.html"),
        ("listed", unreachable),
        ("listed", "/about.html"),
    ]
    assert driver.record.pages == seen.pages  # what the measurements carry
    # The privacy policy is visited once (the portal's own, not the government's notice it also links).
    assert any("Privacy again" in note and "already visited" in note for note in seen.notes), seen.notes
    home, *_, down, about = seen.pages
    assert home["lang"] == "en" and home["monitoring_code"] is True and home["accessibility"] is not None
    assert home["links"] == {"privacy_policy": True, "accessibility_statement": True, "contact": True}
    assert about["name"] == "About the portal"
    assert about["lang"] == "" and about["monitoring_code"] is False
    assert about["links"] == {"privacy_policy": False, "accessibility_statement": False, "contact": False}
    # Nothing of the load that failed is counted against the page after it.
    assert about["third_party_hosts"] == []
    assert down["not_opened"] and down["name"] == "Down page"
    assert set(down) == {"url", "title", "role", "name", "not_opened"}
    assert portal_pages.pages_without_language(seen) == [about["url"]]
    assert portal_pages.missing_links(seen) == {
        "privacy_policy": [about["url"]],
        "accessibility_statement": [about["url"]],
        "contact": [about["url"]],
    }
    assert portal_pages.pages_without_monitoring_code(seen) == [about["url"]]

    measurements = session.finish(driver.record, driver)
    assert measurements["kind"] == "site" and measurements["procedure"]["id"] == PORTAL_WIDE
    assert set(measurements["criteria"]) == {c.value for c in CRITERIA_OF_KIND[ScenarioKind.SITE]}
    assert measurements.get("full_online") is None
    assert [p.get("role") for p in measurements["pages"]] == [r for r, _ in roles]
    # The page that did not answer is not observed: speed cannot be met, and nothing is held against it.
    speed = measurements["criteria"]["speed"]
    assert speed["verdict"] == CriterionVerdict.NOT_ASSESSABLE, speed
    assert not [f for f in speed.get("findings", []) if f.get("page") == unreachable]
    assert measurements["criteria"]["mobile"]["verdict"] == CriterionVerdict.NOT_APPLICABLE


def test_without_the_unreachable_page_the_site_meets_speed(browser, site, tmp_path):
    profile = _profile(tmp_path, site)
    driver = _driver(browser, profile, site)
    portal_pages.visit(driver, portal_pages.planned_pages(profile))
    criteria = judge(driver.record.to_dict())
    assert criteria["speed"].verdict == CriterionVerdict.MET, criteria["speed"]


def test_a_portal_that_answers_nowhere_is_unreachable_not_a_defect(browser, tmp_path):
    base_url = f"http://127.0.0.1:{_closed_port()}"
    profile = _profile(tmp_path, base_url)
    driver = _driver(browser, profile, base_url)
    with pytest.raises(PortalUnreachable):
        portal_pages.visit(driver, portal_pages.planned_pages(profile))
    # Home and catalogue were tried; the privacy policy and assistant are only found on the home page.
    assert [(p["role"], bool(p["not_opened"])) for p in driver.record.pages] == [
        ("home", True),
        ("catalogue", True),
    ]


def test_another_sites_privacy_notice_and_an_assistant_without_a_page_are_not_visited(
    browser, site, tmp_path
):
    profile = _profile(tmp_path, site).model_copy(
        update={"urls": _profile(tmp_path, site).urls.model_copy(update={"home": "/elsewhere.html"})}
    )
    driver = _driver(browser, profile, site)
    seen = portal_pages.visit(driver, portal_pages.planned_pages(profile))
    assert [p["role"] for p in seen.pages] == ["home", "catalogue"]
    assert any(
        "https://gov.example.net/privacy" in note and "outside the portal" in note for note in seen.notes
    )
    assert any("opens on the page itself" in note for note in seen.notes), seen.notes
    assert seen.pages[0]["links"]["privacy_policy"] is True  # a privacy link it is, wherever it leads
