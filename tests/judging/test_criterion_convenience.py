"""judging.convenience: national e-identity, e-forms that keep answers, tracking, electronic result."""

from __future__ import annotations

import pytest
from judging_inputs import journey, measurements, verdicts


def test_a_convenient_journey_meets_convenience():
    assert verdicts(measurements())["convenience"] == ("met", set())


@pytest.mark.parametrize(
    ("journey_change", "kind"),
    [
        ({"national_eid_sign_on": False}, "no_national_eid"),
        (
            {"validation_probe": {"checked": True, "errors_tied": True, "values_lost": ["child.full_name"]}},
            "values_cleared_on_error",
        ),
        (
            {"validation_probe": {"checked": True, "errors_tied": False, "values_lost": []}},
            "errors_not_tied_to_fields",
        ),
        ({"tracking_status_shown": False}, "no_status_tracking"),
        ({"electronic_result": False}, "no_electronic_result"),
    ],
)
def test_each_inconvenience_does_not_meet_convenience(journey_change, kind):
    assert verdicts(journey(**journey_change))["convenience"] == ("not_met", {kind})


def test_an_unchecked_validation_probe_is_no_finding():
    judged = verdicts(journey(validation_probe={"checked": False, "note": "no required text answer"}))
    assert judged["convenience"] == ("met", set())


def test_what_was_not_seen_is_no_finding():
    # None: the journey never reached the sign-on or tracking page; only False is a finding.
    assert verdicts(journey(national_eid_sign_on=None, tracking_status_shown=None))["convenience"][0] == "met"
