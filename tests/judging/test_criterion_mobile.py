"""judging.mobile: on the phone run only; pages fit the screen and the journey still completes."""

from __future__ import annotations

import pytest
from judging_inputs import HARNESS_ERROR, measurements, page, stopped_before, verdicts

from portalqa.judging import judge
from portalqa.model.criteria import Criterion


def test_mobile_is_not_applicable_on_the_desktop_run():
    assert verdicts(measurements())["mobile"] == ("not_applicable", set())


def test_the_same_journey_on_a_phone_meets_mobile():
    assert verdicts(measurements(viewport="phone"))["mobile"] == ("met", set())


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


def test_a_revisited_page_is_one_finding():
    pages = [page(viewport_meta=False), page(viewport_meta=False)]
    judged = verdicts(measurements(viewport="phone", pages=pages))
    assert judged["mobile"] == ("not_met", {"no_viewport_meta"})


def test_a_journey_that_broke_on_the_phone_is_a_mobile_finding():
    data = measurements(viewport="phone")
    data["journey"]["completed"] = False
    data["full_online"] = {"verdict": "full", "reasons": []}
    assert "journey_not_completed" in verdicts(data)["mobile"][1]


@pytest.mark.parametrize("verdict", ["partial", "not_online", "not_assessable"])
def test_a_journey_stopped_by_the_procedure_is_not_a_mobile_finding_nor_met(verdict):
    # Whether the phone would let the citizen finish was not seen: not assessable, never met.
    data = measurements(viewport="phone")
    data["journey"]["completed"] = False
    data["full_online"] = {"verdict": verdict, "reasons": []}
    judged = judge(data)[Criterion.MOBILE]
    assert (judged.verdict, judged.findings) == ("not_assessable", [])
    assert "whether the journey completes on a phone (it stopped earlier" in judged.summary


def test_a_page_fact_not_reported_is_not_observed():
    judged = judge(measurements(viewport="phone", pages=[page(viewport_meta=None)]))[Criterion.MOBILE]
    assert (judged.verdict, judged.summary) == (
        "not_assessable",
        "not observed: the viewport meta tag of /procedures/1.001193 (not reported)",
    )


def test_target_size_is_not_observed_on_a_page_axe_core_did_not_check():
    # E.g. --no-axe: horizontal scroll and the viewport tag were seen, target size was not.
    judged = judge(measurements(viewport="phone", pages=[page(accessibility=None)]))[Criterion.MOBILE]
    assert judged.verdict == "not_assessable" and "target size on /procedures/1.001193" in judged.summary


def test_a_phone_finding_stands_when_the_journey_stopped_for_another_cause():
    data = measurements(viewport="phone", pages=[page(horizontal_scroll=True, scroll_width=900)])
    data["journey"]["completed"] = False
    data["full_online"] = {"verdict": "not_online", "reasons": []}
    assert verdicts(data)["mobile"] == ("not_met", {"horizontal_scroll"})


def test_a_phone_journey_portalqa_could_not_finish_is_not_assessable():
    data = stopped_before("eform", reasons=[HARNESS_ERROR])
    data["viewport"] = "phone"
    assert verdicts(data)["mobile"] == ("not_assessable", set())
