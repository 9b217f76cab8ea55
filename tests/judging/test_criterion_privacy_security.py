"""judging.privacy_security: privacy link, own hosts and cookies, security headers, no console error."""

from __future__ import annotations

import pytest
from judging_inputs import HARNESS_ERROR, measurements, page, stopped_before, verdicts

from portalqa.judging import judge
from portalqa.model.criteria import Criterion


def test_a_good_page_meets_privacy_and_security():
    assert verdicts(measurements())["privacy_security"] == ("met", set())


@pytest.mark.parametrize(
    ("page_change", "kind"),
    [
        ({"privacy_link": False}, "no_privacy_link"),
        ({"third_party_hosts": ["analytics.example.net"]}, "third_party_host"),
        ({"console_errors": ["Uncaught Error: widget"]}, "console_error"),
        (
            {"security_headers": {"content-security-policy": None, "x-content-type-options": None}},
            "missing_security_header",
        ),
    ],
)
def test_page_findings_do_not_meet_privacy_and_security(page_change, kind):
    assert verdicts(measurements(pages=[page(**page_change)]))["privacy_security"] == ("not_met", {kind})


def test_frame_ancestors_may_come_from_x_frame_options_and_hsts_is_needed_over_https():
    headers = {"content-security-policy": "default-src 'self'", "x-content-type-options": "nosniff"}
    assert verdicts(measurements(pages=[page(security_headers=headers)]))["privacy_security"][0] == "not_met"
    headers["x-frame-options"] = "DENY"
    assert verdicts(measurements(pages=[page(security_headers=headers)]))["privacy_security"][0] == "met"
    over_https = page(security_headers=headers, https=True)
    judged = judge(measurements(pages=[over_https]))[Criterion.PRIVACY_SECURITY]
    assert "strict-transport-security" in judged.findings[0].detail


def test_third_party_cookie_is_a_privacy_finding():
    data = measurements(cookies=[{"name": "_ga", "domain": ".analytics.example.net", "third_party": True}])
    assert verdicts(data)["privacy_security"] == ("not_met", {"third_party_cookie"})


def test_a_third_party_host_on_many_pages_is_one_finding():
    pages = [page(url=f"http://x/{n}", third_party_hosts=["cdn.example.net"]) for n in range(2)]
    findings = judge(measurements(pages=pages))[Criterion.PRIVACY_SECURITY].findings
    assert [(f.detail, f.page) for f in findings] == [
        ("contacted cdn.example.net from 2 page(s)", "http://x/0")
    ]


@pytest.mark.parametrize(
    ("page_change", "named"),
    [
        ({"privacy_link": None}, "the privacy link of /procedures/1.001193"),
        ({"security_headers": {}}, "the security headers of /procedures/1.001193"),
        ({"third_party_hosts": None}, "the hosts contacted of /procedures/1.001193"),
        ({"console_errors": None}, "the browser console of /procedures/1.001193"),
    ],
)
def test_a_check_not_reported_for_a_page_is_not_observed_neither_met_nor_a_finding(page_change, named):
    judged = judge(measurements(pages=[page(**page_change)]))[Criterion.PRIVACY_SECURITY]
    assert (judged.verdict, judged.findings) == ("not_assessable", [])
    assert judged.summary == f"not observed: {named} (not reported)"


def test_headers_not_read_are_not_missing_headers():
    # Nothing read is not "sends no content-security-policy": no missing_security_header finding.
    assert verdicts(measurements(pages=[page(security_headers={})]))["privacy_security"][1] == set()


def test_cookies_not_read_are_not_observed():
    data = measurements()
    del data["cookies"]
    judged = judge(data)[Criterion.PRIVACY_SECURITY]
    assert judged.verdict == "not_assessable" and "cookies" in judged.summary


def test_a_finding_stands_beside_what_was_not_reported():
    pages = [page(privacy_link=False), page(url="http://x/b", console_errors=None)]
    assert verdicts(measurements(pages=pages))["privacy_security"] == ("not_met", {"no_privacy_link"})


def test_a_journey_portalqa_could_not_finish_is_not_assessable_on_privacy_and_security():
    judged = judge(stopped_before("eform", reasons=[HARNESS_ERROR]))[Criterion.PRIVACY_SECURITY]
    assert judged.verdict == "not_assessable"
    assert judged.summary.startswith(
        "the journey stopped before its end (portalqa could not go on: JourneyStuck"
    )
    assert judged.summary.endswith(
        "; so far: 1 pages: privacy link, own hosts only, security headers, no console error"
    )
