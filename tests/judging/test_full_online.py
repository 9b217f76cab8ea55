"""judging.full_online: the full-online classification (Decree 42/2022/ND-CP) from a journey's reasons."""

import pytest

from portalqa.judging.full_online import VERDICT_FOR, classify
from portalqa.model.findings import Reason
from portalqa.model.full_online import IN_PERSON_KINDS, ReasonKind, Verdict


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


def test_in_person_kinds_are_exactly_the_kinds_that_make_a_procedure_partial():
    assert set(VERDICT_FOR) == set(ReasonKind)
    assert {kind for kind, verdict in VERDICT_FOR.items() if verdict is Verdict.PARTIAL} == IN_PERSON_KINDS


def test_a_reason_read_back_as_plain_strings_classifies_the_same():
    read_back = Reason.model_validate({"step": "Then", "kind": "pay_at_counter", "detail": "counter"})
    assert read_back.kind == ReasonKind.PAY_AT_COUNTER and read_back.kind in IN_PERSON_KINDS
    assert classify([read_back], completed=True) is Verdict.PARTIAL


def test_a_kind_the_rule_does_not_know_is_refused_not_guessed():
    with pytest.raises(ValueError, match="no_such_kind"):
        classify([Reason(kind="no_such_kind")], completed=True)
