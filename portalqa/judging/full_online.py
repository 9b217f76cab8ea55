"""Full online (Decree 42/2022/ND-CP): from the reasons a journey recorded to full, partial or not online.

The terms (Verdict, ReasonKind, IN_PERSON_KINDS) are in portalqa.model.full_online. The journey record
calls classify() while it runs and also reports the verdict as the full_online criterion
(model.criteria.FULL_ONLINE_AS_CRITERION), so judge() does not judge it again.
"""

from __future__ import annotations

from collections.abc import Iterable

from portalqa.model.findings import Reason
from portalqa.model.full_online import IN_PERSON_KINDS, ReasonKind, Verdict

# Which verdict each kind of reason leads to; in-person steps only make a procedure partial.
VERDICT_FOR: dict[ReasonKind, Verdict] = {
    **dict.fromkeys(IN_PERSON_KINDS, Verdict.PARTIAL),
    ReasonKind.NOT_OFFERED_ONLINE: Verdict.NOT_ONLINE,
    ReasonKind.JOURNEY_BLOCKED: Verdict.NOT_ONLINE,
    ReasonKind.PORTAL_UNREACHABLE: Verdict.NOT_ASSESSABLE,
    ReasonKind.SERVER_ERROR: Verdict.NOT_ASSESSABLE,
    ReasonKind.TIMEOUT: Verdict.NOT_ASSESSABLE,
    ReasonKind.HARNESS_ERROR: Verdict.NOT_ASSESSABLE,
}
# When several reasons apply, the one that says least about the portal wins.
_SEVERITY = [Verdict.NOT_ASSESSABLE, Verdict.NOT_ONLINE, Verdict.PARTIAL, Verdict.FULL]


def classify(reasons: Iterable[Reason], completed: bool) -> Verdict:
    """The procedure's verdict: full only when the journey completed and recorded no reason."""
    # Reason.kind is a plain string; ReasonKind() rejects a kind this rule does not know.
    verdicts = [VERDICT_FOR[ReasonKind(reason.kind)] for reason in reasons]
    if not completed and not verdicts:
        # The journey stopped without a recorded cause: we cannot say what the portal offers.
        verdicts.append(Verdict.NOT_ASSESSABLE)
    if not verdicts:
        return Verdict.FULL
    return min(verdicts, key=_SEVERITY.index)
