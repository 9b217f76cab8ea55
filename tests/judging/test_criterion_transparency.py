"""judging.transparency: complete information page; online fee and time no worse than in person."""

from __future__ import annotations

import pytest
from judging_inputs import GOOD_INFO, HARNESS_ERROR, measurements, stopped_before, verdicts

from portalqa.judging import judge
from portalqa.model.criteria import Criterion


def test_complete_information_with_online_priority_meets_transparency():
    assert verdicts(measurements())["transparency"] == ("met", set())


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


@pytest.mark.parametrize(
    ("info_change", "named"),
    [
        ({"fee_online": None}, "the online against the in-person fee (the page states no fee online)"),
        (
            {"days_online": None, "days_in_person": None},
            "the online against the in-person time limit (the page states no time limit online or in person)",
        ),
    ],
)
def test_a_fee_or_time_not_stated_for_both_channels_is_not_compared_so_not_met(info_change, named):
    judged = judge(measurements(information_page=dict(GOOD_INFO, **info_change)))[Criterion.TRANSPARENCY]
    assert (judged.verdict, judged.summary) == ("not_assessable", f"not observed: {named}")


def test_a_missing_section_stands_when_a_fee_could_not_be_compared():
    info = dict(GOOD_INFO, sections_missing=["fees"], fee_online=None, fee_in_person=None)
    assert verdicts(measurements(information_page=info))["transparency"] == (
        "not_met",
        {"information_missing"},
    )


def test_an_information_page_read_without_its_sections_is_not_assessable():
    info = {key: value for key, value in GOOD_INFO.items() if key != "sections_missing"}
    assert verdicts(measurements(information_page=info))["transparency"][0] == "not_assessable"


def test_a_journey_portalqa_could_not_finish_before_the_information_page_is_not_assessable():
    data = stopped_before("information_page", reasons=[HARNESS_ERROR])
    assert verdicts(data)["transparency"] == ("not_assessable", set())
