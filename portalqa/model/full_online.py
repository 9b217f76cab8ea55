"""The terms of Decree 42/2022/ND-CP's classification of a procedure's online offer.

Full-process: submission, handling, payment and the result all happen online. Any mandatory
in-person step (an appointment, presenting an original, paying at a counter, collecting the result)
makes it partial. A procedure the citizen cannot complete online at all is not online.

Pure terms: the rule that reaches a verdict from the reasons is portalqa.judging.full_online.classify,
and a reason the journey records is portalqa.model.findings.Reason (its kind one of ReasonKind).
"""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    FULL = "full"
    PARTIAL = "partial"
    NOT_ONLINE = "not_online"
    NOT_ASSESSABLE = "not_assessable"


class ReasonKind(StrEnum):
    PAY_AT_COUNTER = "pay_at_counter"
    RESULT_IN_PERSON = "result_in_person"
    APPOINTMENT_IN_PERSON = "appointment_in_person"
    NOT_OFFERED_ONLINE = "not_offered_online"
    JOURNEY_BLOCKED = "journey_blocked"
    # Faults of the network or the portal's server (docs/faults.md): never what the portal offers.
    PORTAL_UNREACHABLE = "portal_unreachable"
    SERVER_ERROR = "server_error"
    TIMEOUT = "timeout"
    HARNESS_ERROR = "harness_error"


# The mandatory office visits: each makes a procedure partial (and only partial), however far the
# journey got online.
IN_PERSON_KINDS = frozenset(
    {ReasonKind.PAY_AT_COUNTER, ReasonKind.RESULT_IN_PERSON, ReasonKind.APPOINTMENT_IN_PERSON}
)

# Faults of the network or the portal's server: the scenario is not assessable, and the circuit
# breaker counts them (portalqa.citizen.circuit_breaker). A harness error is portalqa's own.
FAULT_KINDS = frozenset({ReasonKind.PORTAL_UNREACHABLE, ReasonKind.SERVER_ERROR, ReasonKind.TIMEOUT})
