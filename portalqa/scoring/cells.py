"""The matrix cell: a procedure's full-online verdict (Decree 42/2022), read from its journey's evidence.

The cell gives the procedure x portal matrix its verdict and the quality model's full_online
indicator its input (full 1, partial 0.5, not online 0).

How an Allure outcome is read:

* passed  - the criterion is met;
* failed  - a defect of the portal against a criterion;
* broken  - portalqa could not assess (portal unreachable, harness error): the procedure is *not
  assessable* unless the journey had already proved it is not online;
* skipped - the procedure does not apply to this portal (*not applicable*).

Whatever the outcome, a journey that recorded a reason saying portalqa could not assess the procedure
(its own error, the portal unreachable: portalqa.judging.full_online.VERDICT_FOR) is *not assessable*,
never "not online" and never "not offered online": what portalqa could not finish says nothing about
what the portal offers. A procedure that is not assessable or not applicable is left out of the
full-online share and listed separately - never silently scored as 0 or 100.
"""

from __future__ import annotations

from collections.abc import Sequence

from portalqa.evidence.allure_reading import BROKEN, SKIPPED, UNKNOWN, ScenarioResult
from portalqa.judging.full_online import VERDICT_FOR
from portalqa.model.findings import Reason
from portalqa.model.full_online import Verdict
from portalqa.scoring.observations import Observation
from portalqa.scoring.output import CriterionAssessment
from portalqa.scoring.terms import NOT_APPLICABLE

# Reasons that say portalqa could not assess a procedure, not what the portal offers.
COULD_NOT_ASSESS_KINDS = frozenset(
    kind.value for kind, verdict in VERDICT_FOR.items() if verdict == Verdict.NOT_ASSESSABLE
)
# Longer Allure messages (assertion output, stack excerpts) are cut; the Allure report has them in full.
MAX_REASON_DETAIL = 300


class FullOnlineCell:
    """Decree 42/2022 full-process online offer, as the journey's measurements classified it."""

    criterion = "full_online"
    points_for_verdict = {Verdict.FULL.value: 1.0, Verdict.PARTIAL.value: 0.5, Verdict.NOT_ONLINE.value: 0.0}

    def assess(self, observation: Observation) -> CriterionAssessment:
        result = observation.result
        verdict, recorded = observation.full_online()
        if result.status == SKIPPED:
            reason = Reason(kind="not_applicable", detail=message_or(result, "the scenario was skipped"))
            return self._assessment(NOT_APPLICABLE, (reason,))
        own = tuple(reason for reason in recorded if reason.kind in COULD_NOT_ASSESS_KINDS)
        if own:
            # As the journey's own classification says (judging.full_online.classify); an attachment
            # claiming more, e.g. "not online" beside a harness error, is not taken at its word.
            return self._assessment(Verdict.NOT_ASSESSABLE.value, own)
        if result.status in (BROKEN, UNKNOWN):
            if verdict == Verdict.NOT_ONLINE.value:
                # The journey proved the procedure is not online before the harness broke: that stands.
                return self._assessment(verdict, recorded)
            reasons = (recorded if verdict == Verdict.NOT_ASSESSABLE.value else ()) or (
                Reason(
                    kind="could_not_assess",
                    detail=message_or(result, "the test broke without a message"),
                    step=result.stopped_at_step or "",
                ),
            )
            return self._assessment(Verdict.NOT_ASSESSABLE.value, reasons)
        if observation.measurements is None:
            reason = Reason(
                kind="no_evidence", detail="no evidence: the scenario attached no portalqa measurements"
            )
            return self._assessment(Verdict.NOT_ASSESSABLE.value, (reason,))
        if verdict == Verdict.NOT_ASSESSABLE.value and not recorded:
            recorded = (Reason(kind="no_evidence", detail="the journey recorded no verdict"),)
        return self._assessment(verdict, recorded)

    def _assessment(self, verdict: str | None, reasons: Sequence[Reason]) -> CriterionAssessment:
        return CriterionAssessment(
            criterion=self.criterion,
            verdict=verdict,
            points=self.points_for_verdict.get(verdict),
            reasons=tuple(reasons),
        )


def message_or(result: ScenarioResult, default: str) -> str:
    # Allure messages span lines ("AssertionError: ...\nassert False"); a reason reads as one sentence.
    message = " ".join(result.status_message.split()) or default
    return message if len(message) <= MAX_REASON_DETAIL else message[: MAX_REASON_DETAIL - 1] + "…"
