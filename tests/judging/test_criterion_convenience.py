"""judging.convenience: national e-identity, e-forms that keep answers, tracking, electronic result.

Each part is met only when the journey record shows it was seen; what the journey did not reach is
not assessable, never met and never the portal's defect.
"""

from __future__ import annotations

import pytest
from judging_inputs import HARNESS_ERROR, journey, measurements, stopped_before, verdicts

from portalqa.judging import judge
from portalqa.model.criteria import Criterion

RESULT_IN_PERSON = {
    "step": "When I download the electronic result",
    "kind": "result_in_person",
    "detail": "Collect the certificate at the commune office",
}


def convenience(data: dict):
    return judge(data)[Criterion.CONVENIENCE]


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
    ],
)
def test_each_inconvenience_does_not_meet_convenience(journey_change, kind):
    assert verdicts(journey(**journey_change))["convenience"] == ("not_met", {kind})


def test_a_result_handed_over_in_person_is_no_electronic_result():
    data = journey(electronic_result=False)
    data["full_online"] = {"verdict": "partial", "reasons": [RESULT_IN_PERSON]}
    judged = convenience(data)
    assert (judged.verdict, [f.kind for f in judged.findings]) == ("not_met", ["no_electronic_result"])
    assert "commune office" in judged.findings[0].detail


def test_a_completed_journey_that_downloaded_no_result_is_not_assessable_not_a_defect():
    # E.g. a custom journey declaring no download_result step: the portal said nothing about the result.
    judged = convenience(journey(electronic_result=False))
    assert judged.verdict == "not_assessable"
    assert judged.summary == "not observed: electronic result (the journey did not download a result)"


def test_an_unchecked_validation_probe_is_not_assessable_and_says_why():
    note = "no required text answer on the first page with several answers"
    judged = convenience(journey(validation_probe={"checked": False, "note": note}))
    assert judged.verdict == "not_assessable"
    assert judged.summary == f"not observed: how the e-form handles an error ({note})"


def test_a_probe_whose_form_did_not_come_back_is_not_assessable():
    probe = {"checked": True, "errors_tied": None, "values_lost": [], "note": "the e-form accepted it"}
    assert verdicts(journey(validation_probe=probe))["convenience"] == ("not_assessable", set())


@pytest.mark.parametrize(
    ("journey_change", "named"),
    [
        ({"national_eid_sign_on": None}, "national e-identity sign-on"),
        ({"tracking_status_shown": None}, "status tracking"),
    ],
)
def test_what_was_not_seen_is_not_assessable_rather_than_met(journey_change, named):
    judged = convenience(journey(**journey_change))
    assert judged.verdict == "not_assessable" and not judged.findings
    assert named in judged.summary


def test_a_journey_that_stopped_before_tracking_and_the_result_is_not_assessable():
    """Not met on tracking and the result it never reached; the summary says what was not reached."""
    judged = convenience(stopped_before("submission"))
    assert judged.verdict == "not_assessable" and not judged.findings
    assert judged.summary == (
        "not observed: status tracking (the journey stopped before a tracking code was received); "
        "electronic result (the journey stopped before the result)"
    )


def test_what_was_found_before_the_stop_stands():
    data = stopped_before("submission")
    data["journey"]["national_eid_sign_on"] = False
    judged = convenience(data)
    assert (judged.verdict, [f.kind for f in judged.findings]) == ("not_met", ["no_national_eid"])
    assert judged.summary.startswith("1 finding(s): no national eid; not observed: status tracking")


@pytest.mark.parametrize("step", ["sign_on", "eform", "documents", "submission", "tracking", "result"])
def test_a_journey_portalqa_could_not_finish_is_never_met_nor_a_defect(step):
    assert verdicts(stopped_before(step, reasons=[HARNESS_ERROR]))["convenience"] == ("not_assessable", set())


def test_a_portal_without_sign_on_is_judged_on_the_rest():
    judged = convenience(journey(signed_on_with="none", national_eid_sign_on=None))
    assert judged.verdict == "met"
