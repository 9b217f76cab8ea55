"""The full-online classification (Decree 42/2022/ND-CP) and what a journey record reports."""

from portalqa.citizen.journey_record import MEASUREMENTS_SCHEMA, JourneyRecord
from portalqa.model.full_online import Reason, ReasonKind, Verdict, classify
from portalqa.secrets_guard import MASK, redact, register


def reason(kind):
    return Reason(step="When I pay the fee online", kind=kind, detail="...")


def test_completed_without_in_person_steps_is_full():
    assert classify([], completed=True) is Verdict.FULL


def test_any_in_person_step_makes_it_partial():
    for kind in (ReasonKind.PAY_AT_COUNTER, ReasonKind.RESULT_IN_PERSON, ReasonKind.APPOINTMENT_IN_PERSON):
        assert classify([reason(kind)], completed=True) is Verdict.PARTIAL


def test_not_offered_outweighs_partial_and_unreachable_outweighs_all():
    assert classify([reason(ReasonKind.PAY_AT_COUNTER), reason(ReasonKind.NOT_OFFERED_ONLINE)], False) is (
        Verdict.NOT_ONLINE
    )
    assert classify([reason(ReasonKind.PORTAL_UNREACHABLE), reason(ReasonKind.PAY_AT_COUNTER)], False) is (
        Verdict.NOT_ASSESSABLE
    )


def test_stopped_without_cause_is_not_assessable_never_full():
    assert classify([], completed=False) is Verdict.NOT_ASSESSABLE


def _record():
    return JourneyRecord(portal={"id": "x"}, procedure={"id": "birth_registration"})


def test_assertion_mid_journey_blocks_it_and_other_errors_are_not_assessable():
    blocked = _record()
    blocked.stopped_by(AssertionError("the e-form rejected the answers: Enter a date"))
    assert blocked.verdict() is Verdict.NOT_ONLINE
    assert blocked.reasons[0].kind is ReasonKind.JOURNEY_BLOCKED

    crashed = _record()
    crashed.stopped_by(RuntimeError("session deleted"))
    assert crashed.verdict() is Verdict.NOT_ASSESSABLE

    unreachable = _record()
    unreachable.stopped_by(Exception("net::ERR_CONNECTION_REFUSED"))
    assert unreachable.reasons[0].kind is ReasonKind.PORTAL_UNREACHABLE


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
