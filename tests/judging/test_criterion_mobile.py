"""judging.mobile: on the phone run only; pages fit the screen and the journey still completes."""

from __future__ import annotations

import pytest
from judging_inputs import measurements, page, verdicts


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
def test_a_journey_stopped_by_the_procedure_is_not_a_mobile_finding(verdict):
    data = measurements(viewport="phone")
    data["journey"]["completed"] = False
    data["full_online"] = {"verdict": verdict, "reasons": []}
    assert verdicts(data)["mobile"] == ("met", set())
