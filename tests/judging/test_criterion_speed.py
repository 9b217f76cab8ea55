"""judging.speed: Core Web Vitals limits on every page."""

from __future__ import annotations

import pytest
from judging_inputs import measurements, page, verdicts

from portalqa.judging.speed import judge_speed
from portalqa.judging.thresholds import DEFAULT_THRESHOLDS, Thresholds


def test_fast_pages_meet_speed_and_the_summary_names_the_slowest_response():
    result = judge_speed([page(), page(timing={"server_response_ms": 120.0})], DEFAULT_THRESHOLDS)
    assert (result.verdict, result.summary) == ("met", "2 pages, slowest server response 120 ms")


@pytest.mark.parametrize(
    ("timing", "kind"),
    [
        ({"server_response_ms": 1500.0}, "slow_server_response"),
        ({"largest_contentful_paint_ms": 4500.0}, "slow_largest_contentful_paint"),
    ],
)
def test_a_slow_page_does_not_meet_speed(timing, kind):
    assert verdicts(measurements(pages=[page(timing=timing)]))["speed"] == ("not_met", {kind})


def test_first_contentful_paint_is_reported_not_judged():
    # Paint time depends on the assessing machine as much as on the portal.
    slow_paint = page(timing={"server_response_ms": 40.0, "first_contentful_paint_ms": 2500.0})
    assert verdicts(measurements(pages=[slow_paint]))["speed"] == ("met", set())


def test_the_limit_comes_from_the_thresholds():
    strict = Thresholds(server_response_ms=30.0)
    result = judge_speed([page()], strict)
    assert result.verdict == "not_met"
    assert result.findings[0].detail == "server response 40 ms > 30 ms on /procedures/1.001193"


def test_no_page_leaves_speed_not_assessable():
    assert judge_speed([], DEFAULT_THRESHOLDS).verdict == "not_assessable"
