"""judging.speed: Core Web Vitals limits on every page."""

from __future__ import annotations

import pytest
from judging_inputs import GOOD_PAGE, HARNESS_ERROR, measurements, page, stopped_before, verdicts

from portalqa.judging.speed import judge_speed
from portalqa.judging.thresholds import DEFAULT_THRESHOLDS, Thresholds


def test_fast_pages_meet_speed_and_the_summary_names_the_slowest_response():
    slower = page(timing={"server_response_ms": 120.0, "largest_contentful_paint_ms": 900.0})
    result = judge_speed([page(), slower], DEFAULT_THRESHOLDS)
    assert (result.verdict, result.summary) == ("met", "2 pages, slowest server response 120 ms")


@pytest.mark.parametrize(
    ("timing", "kind"),
    [
        ({"server_response_ms": 1500.0}, "slow_server_response"),
        ({"largest_contentful_paint_ms": 4500.0}, "slow_largest_contentful_paint"),
    ],
)
def test_a_slow_page_does_not_meet_speed(timing, kind):
    slow = page(timing=dict(GOOD_PAGE["timing"], **timing))
    assert verdicts(measurements(pages=[slow]))["speed"] == ("not_met", {kind})


def test_first_contentful_paint_is_reported_not_judged():
    # Paint time depends on the assessing machine as much as on the portal.
    slow_paint = page(
        timing={
            "server_response_ms": 40.0,
            "first_contentful_paint_ms": 2500.0,
            "largest_contentful_paint_ms": 2600.0,
        }
    )
    assert verdicts(measurements(pages=[slow_paint]))["speed"] == ("met", set())


def test_the_limit_comes_from_the_thresholds():
    strict = Thresholds(server_response_ms=30.0)
    result = judge_speed([page()], strict)
    assert result.verdict == "not_met"
    assert result.findings[0].detail == "server response 40 ms > 30 ms on /procedures/1.001193"


def test_no_page_leaves_speed_not_assessable():
    assert judge_speed([], DEFAULT_THRESHOLDS).verdict == "not_assessable"


def test_a_figure_the_browser_did_not_report_is_not_fast_but_not_measured():
    unreported = page(
        url="http://x/next", timing={"server_response_ms": 40.0, "largest_contentful_paint_ms": None}
    )
    result = judge_speed([page(), unreported], DEFAULT_THRESHOLDS)
    assert (result.verdict, result.summary) == (
        "not_assessable",
        "not observed: the largest contentful paint of /next (not reported)",
    )


def test_a_slow_page_stands_beside_an_unmeasured_one():
    slow = page(timing=dict(GOOD_PAGE["timing"], server_response_ms=1500.0))
    result = judge_speed([slow, page(timing={})], DEFAULT_THRESHOLDS)
    assert result.verdict == "not_met" and [f.kind for f in result.findings] == ["slow_server_response"]


def test_no_server_response_reported_is_no_slowest_response_of_0_ms():
    result = judge_speed([page(timing={})], DEFAULT_THRESHOLDS)
    assert result.verdict == "not_assessable" and "0 ms" not in result.summary


def test_a_journey_portalqa_could_not_finish_shows_only_its_first_pages():
    judged = verdicts(stopped_before("eform", reasons=[HARNESS_ERROR]))
    assert judged["speed"] == ("not_assessable", set())
    slow = stopped_before("eform", reasons=[HARNESS_ERROR])
    slow["pages"] = [page(timing=dict(GOOD_PAGE["timing"], server_response_ms=1500.0))]
    assert verdicts(slow)["speed"] == ("not_met", {"slow_server_response"})
