"""What a journey record attaches: the full-online verdict and reasons, every criterion judged, no secret.

The record is portalqa.citizen.journey_record; these tests sit here because they check that judging's
output reaches the attachment (tests/citizen would be their home by the package they exercise).
"""

import copy

from judging_inputs import GOOD_PAGE

from portalqa.citizen.journey_record import MEASUREMENTS_SCHEMA, JourneyRecord
from portalqa.evidence.measurements import Measurements
from portalqa.model.full_online import ReasonKind, Verdict
from portalqa.secrets_guard import MASK, redact, register


def _record():
    return JourneyRecord(portal={"id": "x"}, procedure={"id": "birth_registration"})


def test_assertion_mid_journey_blocks_it_and_other_errors_are_not_assessable():
    blocked = _record()
    blocked.stopped_by(AssertionError("the e-form rejected the answers: Enter a date"))
    assert blocked.verdict() is Verdict.NOT_ONLINE
    assert blocked.reasons[0].kind == ReasonKind.JOURNEY_BLOCKED

    crashed = _record()
    crashed.stopped_by(RuntimeError("session deleted"))
    assert crashed.verdict() is Verdict.NOT_ASSESSABLE

    unreachable = _record()
    unreachable.stopped_by(Exception("net::ERR_CONNECTION_REFUSED"))
    assert unreachable.reasons[0].kind == ReasonKind.PORTAL_UNREACHABLE


def test_partial_journey_record_serialises_with_schema_and_reason():
    record = _record()
    record.current_step = "When I pay the fee online"
    record.add_reason(
        ReasonKind.PAY_AT_COUNTER, "Pay the fee at the counter of the Commune People's Committee."
    )
    record.completed = True
    data = record.to_dict()
    assert data["schema"] == MEASUREMENTS_SCHEMA
    assert data["full_online"]["verdict"] == "partial"
    assert data["full_online"]["reasons"] == [
        {
            "step": "When I pay the fee online",
            "kind": "pay_at_counter",
            "detail": "Pay the fee at the counter of the Commune People's Committee.",
        }
    ]


def test_registered_secrets_are_redacted():
    register("s3cret-Pa55word")
    assert redact("typed s3cret-Pa55word into Password") == f"typed {MASK} into Password"
    record = _record()
    record.add_reason(ReasonKind.PAY_AT_COUNTER, "echo s3cret-Pa55word")
    assert "s3cret" not in str(record.to_dict())


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


def test_a_journey_portalqa_could_not_finish_attaches_no_met_and_no_defect_on_what_it_did_not_reach():
    record = _record()
    record.page(copy.deepcopy(GOOD_PAGE))
    record.national_eid_sign_on = True
    record.signed_on_with = "national_eid"
    record.current_step = "When I fill in the e-form with:"
    record.stopped_by(RuntimeError("portalqa found no answer the e-form accepts for Occupation"))
    criteria = record.to_dict()["criteria"]
    assert record.reasons[0].kind == ReasonKind.HARNESS_ERROR
    assert criteria["full_online"]["verdict"] == "not_assessable"
    verdicts = {name: judged["verdict"] for name, judged in criteria.items()}
    assert verdicts == dict.fromkeys(verdicts, "not_assessable") | {"mobile": "not_applicable"}
    assert "electronic result (the journey stopped before the result)" in criteria["convenience"]["summary"]
    assert criteria["speed"]["summary"].startswith(
        "the journey stopped before its end (portalqa could not go on"
    )
