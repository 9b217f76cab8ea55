"""judging.transparency: complete information page; online fee and time no worse than in person."""

from __future__ import annotations

import pytest
from judging_inputs import GOOD_INFO, measurements, verdicts


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
