"""Faults of the network or the server, in the real Chromium through the fault proxy (loopback only):
each is raised as the fault it is, with the status or network error quoted, and recorded as not
assessable; a 4xx stays the portal's answer. The circuit breaker's counting is tested on its own."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

import pytest
from loopback_pages import loopback_server

from portalqa.citizen import session
from portalqa.citizen.circuit_breaker import CircuitBreaker
from portalqa.citizen.driver import PortalDriver
from portalqa.citizen.faults import PortalTimeout, PortalUnreachable, ServerError
from portalqa.model.findings import Reason
from portalqa.model.full_online import ReasonKind, Verdict
from portalqa.profiles.profile import load_profile
from portalqa.targets.fault_proxy import FaultProxy

START = b"""<!doctype html><html lang="en"><head><title>Start</title></head><body><main>
<form method="post" action="/next"><button type="submit">Continue</button></form></main></body></html>"""
NEXT = b"<!doctype html><html lang='en'><head><title>Next</title></head><body><h1>Next</h1></body></html>"


class Portal(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        body, status = (START, 200) if self.path == "/" else (NEXT, 404 if self.path == "/gone" else 200)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.path = "/next"
        self.do_GET()


@pytest.fixture(scope="module")
def upstream():
    with loopback_server(Portal) as url:
        yield url


@pytest.fixture
def proxy(upstream):
    with FaultProxy(upstream) as running:
        yield running


def _driver(browser, base_url: str, page_timeout_s: float | None = None) -> PortalDriver:
    profile = load_profile("reference")
    record = session.new_journey(profile, {"id": "birth_registration", "name": "Birth"}, "desktop", "journey")
    driver = session.portal_driver(
        browser, profile, base_url, record, unavailable=None, check_accessibility=False,
        page_timeout_s=page_timeout_s,
    )  # fmt: skip
    driver.wait_s = 3
    return driver


def _continue(driver: PortalDriver) -> None:
    driver.click("label:Continue")


def test_a_portal_answering_500_is_a_server_error_with_the_status_and_address(browser, proxy):
    driver = _driver(browser, proxy.url)
    proxy.mode = "error_500"
    with pytest.raises(ServerError) as raised:
        driver.open("/")
    assert f"HTTP 500 at {proxy.url}/" in str(raised.value)
    driver.record.stopped_by(raised.value)
    assert [r.kind for r in driver.record.reasons] == [ReasonKind.SERVER_ERROR]
    assert driver.record.verdict() is Verdict.NOT_ASSESSABLE


def test_a_reset_after_a_click_is_unreachable_not_a_blocked_journey(browser, proxy):
    driver = _driver(browser, proxy.url)
    driver.open("/")
    proxy.mode = "reset_post"
    with pytest.raises(PortalUnreachable) as raised:
        _continue(driver)
    assert "net::ERR_CONNECTION_RESET after clicking 'Continue'" in str(raised.value)
    assert proxy.counts["POST"] >= 1 and proxy.counts["faults"] >= 1
    driver.record.stopped_by(raised.value)
    assert driver.record.verdict() is Verdict.NOT_ASSESSABLE


def test_a_500_after_a_click_is_a_server_error(browser, proxy):
    driver = _driver(browser, proxy.url)
    driver.open("/")
    proxy.mode = "error_500"
    with pytest.raises(
        ServerError, match=r"HTTP 500 after clicking 'Continue' \(http://127\.0\.0\.1:\d+/next\)"
    ):
        _continue(driver)


def test_a_portal_that_died_is_unreachable(browser, proxy):
    driver = _driver(browser, proxy.url)
    driver.open("/")
    proxy.mode, proxy.die_after = "die", proxy.counts["requests"]
    # Which connection error Chromium names depends on when the socket went: reset, refused, closed or
    # not connected are all the same fault.
    with pytest.raises(PortalUnreachable, match=r"net::ERR_(CONNECTION|SOCKET)_"):
        _continue(driver)
    with pytest.raises(PortalUnreachable, match="net::ERR_CONNECTION_REFUSED at"):
        driver.open("/")


def test_a_hang_is_a_timeout_bounded_by_the_page_timeout(browser, proxy):
    driver = _driver(browser, proxy.url, page_timeout_s=2)
    try:
        driver.open("/")
        proxy.mode = "hang"
        # Chromium's page-load timeout (2 s) ends the click, or, on a busy machine, the click returns
        # first and the driver's own wait for the next page (3 s) runs out: the same fault.
        with pytest.raises(PortalTimeout, match=r"no page within [23] s after clicking 'Continue'"):
            _continue(driver)
        with pytest.raises(PortalTimeout, match=f"no page within 2 s at {proxy.url}/"):
            driver.open("/")
    finally:
        browser.set_page_load_timeout(30)
    driver.record.stopped_by(PortalTimeout("x"))
    assert [r.kind for r in driver.record.reasons] == [ReasonKind.TIMEOUT]


def test_a_404_is_the_portals_answer_not_a_fault(browser, proxy):
    driver = _driver(browser, proxy.url)
    driver.open("/gone")
    assert driver.last_status == 404
    with pytest.raises(AssertionError, match="the page answered HTTP 404"):
        _continue(driver)


def test_the_breaker_gives_up_after_n_consecutive_faults_and_shares_it(tmp_path):
    fault = Reason(kind="server_error", detail="ServerError: P: HTTP 500 at http://127.0.0.1:1/")
    harness = Reason(kind="harness_error", detail="KeyError")
    one, other = CircuitBreaker(3, tmp_path), CircuitBreaker(3, tmp_path)
    one.scenario_ended("p", "P", [fault])
    one.scenario_ended("p", "P", [fault])
    one.scenario_ended("p", "P", [])  # the portal answered: the streak ends
    one.scenario_ended("p", "P", [fault])
    one.scenario_ended("p", "P", [harness])  # says nothing about the portal: neither adds nor ends
    one.scenario_ended("p", "P", [fault], skipped=True)
    assert one.scenario_ended("p", "P", [fault]) is None and one.given_up("p") is None
    tripped = one.scenario_ended("p", "P", [fault])
    assert tripped is not None and tripped.kind == ReasonKind.SERVER_ERROR
    assert "given up after 3 consecutive" in str(tripped) and "HTTP 500 at" in str(tripped)
    # Another worker of the same run reads it; another portal is not given up; 0 turns it off.
    assert str(other.given_up("p")) == str(tripped) and other.given_up("q") is None
    off = CircuitBreaker(0)
    for _ in range(5):
        off.scenario_ended("p", "P", [fault])
    assert off.given_up("p") is None


def test_a_given_up_portal_ends_the_scenario_at_once(browser, proxy):
    breaker = CircuitBreaker(1)
    given_up = breaker.scenario_ended("reference", "Reference", [Reason(kind="timeout", detail="t")])
    profile = load_profile("reference")
    record = session.new_journey(profile, {"id": "birth_registration", "name": "B"}, "desktop", "journey")
    driver = session.portal_driver(
        browser, profile, proxy.url, record, unavailable=given_up, check_accessibility=False
    )
    with pytest.raises(type(given_up), match="given up"):
        driver.open("/")
    assert proxy.counts["requests"] == 0
    driver.record.stopped_by(given_up)
    assert [r.kind for r in driver.record.reasons] == [ReasonKind.TIMEOUT]
