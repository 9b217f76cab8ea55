"""The judging rules of portalqa.judging.criteria, on hand-made measurements (no browser)."""

from __future__ import annotations

import copy

import pytest

from portalqa.citizen.journey_record import JourneyRecord
from portalqa.evidence.measurements import Measurements
from portalqa.judging.criteria import judge
from portalqa.model.criteria import Criterion

GOOD_PAGE = {
    "url": "http://127.0.0.1:8000/procedures/1.001193",
    "title": "Birth registration",
    "timing": {
        "server_response_ms": 40.0,
        "first_contentful_paint_ms": 300.0,
        "largest_contentful_paint_ms": 350.0,
    },
    "viewport_meta": True,
    "viewport_width": 412,
    "scroll_width": 412,
    "horizontal_scroll": False,
    "privacy_link": True,
    "https": False,
    "security_headers": {
        "content-security-policy": "default-src 'self'; frame-ancestors 'none'",
        "x-content-type-options": "nosniff",
        "x-frame-options": None,
        "strict-transport-security": None,
    },
    "third_party_hosts": [],
    "console_errors": [],
    "accessibility": {"axe_version": "4.14.1", "violations": [], "passes": 20, "incomplete": 0},
}
GOOD_JOURNEY = {
    "completed": True,
    "pages_visited": 12,
    "clicks": 10,
    "fields_typed": 9,
    "fields_prefilled": 6,
    "electronic_result": True,
    "national_eid_sign_on": True,
    "register_fields_not_prefilled": [],
    "redundant_documents": [],
    "documents_beyond_standard": [],
    "fields_beyond_standard": [],
    "validation_probe": {"checked": True, "errors_tied": True, "values_lost": []},
    "tracking_status_shown": True,
}
GOOD_INFO = {
    "sections_missing": [],
    "fee_online": 10000,
    "fee_in_person": 20000,
    "days_online": 3,
    "days_in_person": 5,
}


def measurements(**changes) -> dict:
    data = {
        "kind": "journey",
        "viewport": "desktop",
        "full_online": {"verdict": "full", "reasons": []},
        "journey": copy.deepcopy(GOOD_JOURNEY),
        "information_page": dict(GOOD_INFO),
        "pages": [copy.deepcopy(GOOD_PAGE)],
        "cookies": [{"name": "session", "domain": "127.0.0.1", "third_party": False}],
    }
    data.update(changes)
    return data


def verdicts(data: dict) -> dict[str, tuple[str, set[str]]]:
    return {c.value: (r.verdict.value, {f.kind for f in r.findings}) for c, r in judge(data).items()}


def page(**changes) -> dict:
    result = copy.deepcopy(GOOD_PAGE)
    result.update(changes)
    return result


def test_a_good_desktop_journey_meets_everything_and_mobile_is_not_judged():
    judged = verdicts(measurements())
    assert judged.pop("mobile")[0] == "not_applicable"
    assert {name: v for name, (v, _) in judged.items()} == dict.fromkeys(judged, "met")


def test_the_same_journey_on_a_phone_meets_mobile():
    assert verdicts(measurements(viewport="phone"))["mobile"] == ("met", set())


@pytest.mark.parametrize(
    ("journey_change", "criterion", "kind"),
    [
        ({"register_fields_not_prefilled": ["applicant.phone"]}, "simplicity", "not_prefilled"),
        ({"redundant_documents": ["Marriage certificate"]}, "simplicity", "redundant_document"),
        ({"documents_beyond_standard": ["Household book"]}, "simplicity", "document_beyond_standard"),
        ({"fields_beyond_standard": ["Religion"]}, "simplicity", "field_beyond_standard"),
        ({"national_eid_sign_on": False}, "convenience", "no_national_eid"),
        (
            {"validation_probe": {"checked": True, "errors_tied": True, "values_lost": ["child.full_name"]}},
            "convenience",
            "values_cleared_on_error",
        ),
        (
            {"validation_probe": {"checked": True, "errors_tied": False, "values_lost": []}},
            "convenience",
            "errors_not_tied_to_fields",
        ),
        ({"tracking_status_shown": False}, "convenience", "no_status_tracking"),
        ({"electronic_result": False}, "convenience", "no_electronic_result"),
    ],
)
def test_journey_findings_land_in_their_criterion_only(journey_change, criterion, kind):
    data = measurements()
    data["journey"].update(journey_change)
    judged = verdicts(data)
    assert judged[criterion] == ("not_met", {kind})
    assert [name for name, (v, _) in judged.items() if v == "not_met"] == [criterion]


def test_an_unchecked_validation_probe_is_no_finding():
    data = measurements()
    data["journey"]["validation_probe"] = {"checked": False, "note": "no required text answer"}
    assert verdicts(data)["convenience"] == ("met", set())


@pytest.mark.parametrize(
    ("page_change", "criterion", "kind"),
    [
        ({"timing": {"server_response_ms": 1500.0}}, "speed", "slow_server_response"),
        ({"timing": {"largest_contentful_paint_ms": 4500.0}}, "speed", "slow_largest_contentful_paint"),
        ({"privacy_link": False}, "privacy_security", "no_privacy_link"),
        ({"third_party_hosts": ["analytics.example.net"]}, "privacy_security", "third_party_host"),
        ({"console_errors": ["Uncaught Error: widget"]}, "privacy_security", "console_error"),
        (
            {"security_headers": {"content-security-policy": None, "x-content-type-options": None}},
            "privacy_security",
            "missing_security_header",
        ),
        (
            {
                "accessibility": {
                    "axe_version": "4.14.1",
                    "violations": [
                        {"rule": "label", "impact": "critical", "help": "Form elements must have labels",
                         "nodes": [{"target": "#notes"}]}
                    ],
                }
            },
            "accessibility",
            "wcag_violation",
        ),
    ],
)  # fmt: skip
def test_page_findings_land_in_their_criterion(page_change, criterion, kind):
    judged = verdicts(measurements(pages=[page(**page_change)]))
    assert judged[criterion] == ("not_met", {kind})


def test_first_contentful_paint_is_reported_not_judged():
    # Paint time depends on the assessing machine as much as on the portal.
    slow_paint = page(timing={"server_response_ms": 40.0, "first_contentful_paint_ms": 2500.0})
    assert verdicts(measurements(pages=[slow_paint]))["speed"] == ("met", set())


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


def test_one_axe_rule_on_many_pages_is_one_finding():
    violation = {
        "rule": "color-contrast",
        "impact": "serious",
        "help": "contrast",
        "nodes": [{"target": "a"}],
    }
    pages = [
        page(url=f"http://x/{n}", accessibility={"axe_version": "4", "violations": [violation]})
        for n in range(3)
    ]
    findings = judge(measurements(pages=pages))[Criterion.ACCESSIBILITY].findings
    assert len(findings) == 1 and "3 element(s) on 3 page(s)" in findings[0].detail


def test_pages_without_axe_results_make_accessibility_not_assessable():
    assert verdicts(measurements(pages=[page(accessibility=None)]))["accessibility"][0] == "not_assessable"


@pytest.mark.parametrize(
    ("page_change", "kind"),
    [
        ({"viewport_meta": False}, "no_viewport_meta"),
        ({"horizontal_scroll": True, "scroll_width": 1100}, "horizontal_scroll"),
        (
            {
                "accessibility": {
                    "axe_version": "4",
                    "violations": [{"rule": "target-size", "nodes": [{"target": "a"}]}],
                }
            },
            "small_targets",
        ),
    ],
)
def test_mobile_findings_on_the_phone(page_change, kind):
    judged = verdicts(measurements(viewport="phone", pages=[page(**page_change)]))
    assert judged["mobile"][0] == "not_met" and kind in judged["mobile"][1]


def test_a_journey_that_broke_on_the_phone_is_a_mobile_finding():
    data = measurements(viewport="phone")
    data["journey"]["completed"] = False
    data["full_online"] = {"verdict": "full", "reasons": []}
    assert "journey_not_completed" in verdicts(data)["mobile"][1]


@pytest.mark.parametrize(
    ("info_change", "kind"),
    [
        ({"sections_missing": ["legal_basis"]}, "information_missing"),
        ({"fee_online": 40000, "fee_in_person": 20000}, "online_fee_higher"),
        ({"days_online": 10, "days_in_person": 5}, "online_time_longer"),
    ],
)
def test_transparency_findings(info_change, kind):
    info = dict(GOOD_INFO, **info_change)
    assert verdicts(measurements(information_page=info))["transparency"] == ("not_met", {kind})


def test_equal_fees_and_times_meet_the_priority_policy():
    info = dict(GOOD_INFO, fee_online=50000, fee_in_person=50000, days_online=3, days_in_person=3)
    assert verdicts(measurements(information_page=info))["transparency"][0] == "met"


def test_an_unread_information_page_is_not_assessable():
    assert verdicts(measurements(information_page=None))["transparency"][0] == "not_assessable"


def test_assistant_scenarios_judge_the_assistant_and_the_pages_only():
    data = measurements(
        kind="assistant",
        full_online=None,
        assistant={"answers": [{"topic": "fee", "question": "?", "answer": "5", "problems": []}]},
    )
    judged = verdicts(data)
    assert set(judged) == {"speed", "accessibility", "mobile", "privacy_security", "virtual_assistant"}
    assert judged["virtual_assistant"] == ("met", set())
    data["assistant"]["answers"][0]["problems"] = ["the fee stated is 75,000 VND"]
    assert verdicts(data)["virtual_assistant"] == ("not_met", {"wrong_answer"})
    assert verdicts(dict(data, assistant={"missing": "no link"}))["virtual_assistant"] == (
        "not_met",
        {"no_assistant"},
    )


def test_no_page_means_not_assessable_rather_than_met():
    judged = verdicts(measurements(pages=[], journey={}))
    for criterion in ("speed", "accessibility", "privacy_security", "simplicity", "convenience"):
        assert judged[criterion][0] == "not_assessable", criterion


def test_journey_record_attachment_follows_the_schema_and_carries_full_online():
    record = JourneyRecord(
        portal={"id": "p", "name": "Portal"}, procedure={"id": "birth_registration", "name": "Birth"}
    )
    record.page(copy.deepcopy(GOOD_PAGE))
    record.completed = True
    data = record.to_dict()
    Measurements.model_validate(data)
    assert data["criteria"]["full_online"]["verdict"] == "met"
    assert data["schema"] == "portalqa.measurements/2"
