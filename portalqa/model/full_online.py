"""Classify a procedure's online offer as Decree 42/2022/ND-CP does: full-process, partial or not online.

Full-process: submission, handling, payment and the result all happen online. Any mandatory
in-person step (an appointment, presenting an original, paying at a counter, collecting the result)
makes it partial. A procedure the citizen cannot complete online at all is not online.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
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
    PORTAL_UNREACHABLE = "portal_unreachable"
    HARNESS_ERROR = "harness_error"


# Which verdict each kind of reason leads to; in-person steps only make a procedure partial.
_VERDICT_FOR = {
    ReasonKind.PAY_AT_COUNTER: Verdict.PARTIAL,
    ReasonKind.RESULT_IN_PERSON: Verdict.PARTIAL,
    ReasonKind.APPOINTMENT_IN_PERSON: Verdict.PARTIAL,
    ReasonKind.NOT_OFFERED_ONLINE: Verdict.NOT_ONLINE,
    ReasonKind.JOURNEY_BLOCKED: Verdict.NOT_ONLINE,
    ReasonKind.PORTAL_UNREACHABLE: Verdict.NOT_ASSESSABLE,
    ReasonKind.HARNESS_ERROR: Verdict.NOT_ASSESSABLE,
}
# The mandatory office visits that make a procedure partial.
IN_PERSON_KINDS = frozenset(kind for kind, verdict in _VERDICT_FOR.items() if verdict is Verdict.PARTIAL)
# When several reasons apply, the one that says least about the portal wins.
_SEVERITY = [Verdict.NOT_ASSESSABLE, Verdict.NOT_ONLINE, Verdict.PARTIAL, Verdict.FULL]


@dataclass(frozen=True)
class Reason:
    step: str
    kind: ReasonKind
    detail: str

    def to_dict(self) -> dict:
        return {**asdict(self), "kind": self.kind.value}


def classify(reasons: list[Reason], completed: bool) -> Verdict:
    verdicts = [_VERDICT_FOR[reason.kind] for reason in reasons]
    if not completed and not verdicts:
        # The journey stopped without a recorded cause: we cannot say what the portal offers.
        verdicts.append(Verdict.NOT_ASSESSABLE)
    if not verdicts:
        return Verdict.FULL
    return min(verdicts, key=_SEVERITY.index)
