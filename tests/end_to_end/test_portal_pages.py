"""A site without transactions assessed by its public pages only, as a QA engineer runs it.

The static site of tests/fixtures/static_site is served on 127.0.0.1 by http.server in a thread, with
the security headers a portal should send. Its profile has only `pages:`, `monitoring:` and
`sign_on: {method: none}`; `python -m portalqa assess` runs in its own process (desktop, no load)
and plays the portal-wide checks, its only scenario: no journey, no question to an assistant.
Its criteria are a clean row of the detection matrix (docs/detection-matrix.md).
"""

from __future__ import annotations

import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from assessment_runs import read_assessment, run_assessment

from portalqa.evidence.allure_reading import SITE, read_allure_results
from portalqa.model.scenarios import PORTAL_WIDE

# `timed`: the clean row asserts speed "met" (server response within 800 ms), a wall-clock objective
# that a loopback server starved by the other worker's browsers and Grid can miss (814 ms seen once).
pytestmark = [pytest.mark.browser, pytest.mark.timed]

SITE_FILES = Path(__file__).parent.parent / "fixtures" / "static_site"
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


class StaticSite(SimpleHTTPRequestHandler):
    def end_headers(self):
        for name, value in HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def static_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: StaticSite(*a, directory=str(SITE_FILES)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def assessed(tmp_path_factory, static_site):
    folder = tmp_path_factory.mktemp("static-site")
    profile = folder / "static-site.yaml"
    profile.write_text(
        f"""id: static-site
name: Example Agency website
owner: Example Agency
level: ministry
language: en
base_url: {static_site}
sign_on: {{method: none}}
vocabulary:
  nav.privacy: Privacy policy
monitoring: {{script_src_contains: [/static/emc/emc.js]}}
pages:
  - {{path: /about.html, name: About the agency}}
  - {{path: /accessibility.html, name: Accessibility statement}}
  - {{path: /contact.html, name: Contact us}}
  - {{path: /privacy.html, name: Privacy policy}}
load: {{allowed: false}}
""",
        encoding="utf-8",
    )
    reports = folder / "reports"
    result = run_assessment(
        reports, "--portal", str(profile), "--no-load", "--viewport", "desktop", timeout=600
    )
    return reports, result


def test_the_site_scenario_is_the_only_one_and_it_passed(assessed, record_detection):
    reports, result = assessed
    results = read_allure_results(reports / "allure-results")
    assert not results.problems, results.problems
    scenarios = [s for s in results.scenarios if s.portal_id == "static-site"]
    # A well-made site of another build than the reference portal: a clean row of the detection matrix.
    not_met = {
        name
        for s in scenarios
        for attached in s.measurements
        for name, judged in attached.measurements.criteria.items()
        if judged.verdict.value == "not_met"
    }
    record_detection(
        kind="clean",
        name="static site, public pages",
        expected="",
        observed=",".join(sorted(not_met)),
        detail="tests/fixtures/static_site on loopback",
    )
    assert [(s.kind, s.procedure_id, s.viewport) for s in scenarios] == [(SITE, PORTAL_WIDE, "desktop")]
    (site,) = scenarios
    assert site.status == "passed", (site.status_message, site.stopped_at_step, result.stderr[-3000:])
    (attached,) = site.measurements
    measurements = attached.measurements
    assert measurements.kind == "site" and measurements.procedure.name == "Portal-wide checks"
    assert {name: judged.verdict.value for name, judged in measurements.criteria.items()} == {
        "speed": "met",
        "accessibility": "met",
        "mobile": "not_applicable",
        "privacy_security": "met",
    }


def test_the_measurements_hold_each_public_page_with_its_facts(assessed, static_site):
    reports, _ = assessed
    raw = next(
        json.loads(path.read_text(encoding="utf-8"))
        for path in (reports / "allure-results").glob("*-result.json")
        if '"portal_wide"' in path.read_text(encoding="utf-8")
    )
    labels = {(label["name"], label["value"]) for label in raw["labels"]}
    assert {("portal", "static-site"), ("procedure", PORTAL_WIDE), ("viewport", "desktop")} <= labels
    # Its criteria, and no label of another kind's (full online, the assistant).
    criteria = {value for name, value in labels if name == "criterion"}
    assert criteria == {"speed", "accessibility", "privacy_security"}, labels
    source = next(a["source"] for a in raw["attachments"] if a["name"] == "portalqa measurements")
    measurements = json.loads((reports / "allure-results" / source).read_text(encoding="utf-8"))
    pages = measurements["pages"]
    assert [(page["role"], page["url"].removeprefix(static_site)) for page in pages] == [
        ("home", "/"),
        ("privacy_policy", "/privacy.html"),
        ("listed", "/about.html"),
        ("listed", "/accessibility.html"),
        ("listed", "/contact.html"),
    ]
    assert [page.get("name") for page in pages[2:]] == [
        "About the agency",
        "Accessibility statement",
        "Contact us",
    ]
    for page in pages:
        assert page["lang"] == "en", page["url"]
        assert page["links"] == {"privacy_policy": True, "accessibility_statement": True, "contact": True}
        assert page["monitoring_code"] is True, page["url"]
        assert page["https"] is False and "strict-transport-security" in page["security_headers"]
        assert page["security_headers"]["x-content-type-options"] == "nosniff"
        assert page["third_party_hosts"] == [] and page["console_errors"] == []
        assert page["accessibility"]["violations"] == [], page["url"]
        assert page["timing"]["server_response_ms"] is not None
    assert measurements["cookies"] == []  # the site sets none; they are read as journeys read them


def test_the_site_is_scored_by_its_public_pages_alone(assessed):
    reports, result = assessed
    assert result.returncode == 0, result.stderr[-3000:]
    portal = read_assessment(reports)["portals"][0]
    statuses = {c["id"]: c["status"] for g in portal["groups"] for c in g["criteria"]}
    # What the public pages show is scored; the procedures' criteria had nothing to go by.
    for criterion in (
        "accessibility",
        "server_response",
        "security_headers",
        "required_links",
        "monitoring_code",
    ):
        assert statuses[criterion] == "scored", (criterion, portal["groups"])
    for criterion in ("full_online", "prefilled", "virtual_assistant"):
        assert statuses[criterion] == "not_assessed"
    assert portal["score"] == 100.0 and portal["procedures"] == []
    # A site without transactions covers little of a model made for procedures: no grade, said why.
    assert 0 < portal["coverage"] < 0.5
    assert portal["grade"] is None and "had evidence" in portal["grade_withheld"]


def test_the_run_says_where_its_time_went(assessed):
    _, result = assessed
    # One closing line, each phase with its seconds: scenarios, Allure HTML, scoring, scorecard; no load
    # phase (--no-load) and no scorecard check (the test runs skip it).
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("portalqa: finished in ")]
    phases = dict(
        (part.rsplit(" ", 2)[0], float(part.rsplit(" ", 2)[1]))
        for part in line.split("(", 1)[1].rstrip(")").split(", ")
    )
    assert list(phases) == ["scenarios", "Allure HTML", "scoring", "scorecard"], line
    total = float(line.removeprefix("portalqa: finished in ").split(" ", 1)[0])
    assert all(seconds >= 0 for seconds in phases.values()) and sum(phases.values()) <= total + 0.1, line
