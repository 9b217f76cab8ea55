"""The scorer's rules about evidence, applied to each quality criterion a scenario judged.

Quality criteria (simplicity, convenience, speed, accessibility, mobile, virtual assistant, transparency,
privacy and security, and full online itself) are judged by each scenario and carried in its measurements
(schema portalqa.measurements/2). Model v0 reports them but does not weigh them in the score. The rules:
a scenario without measurements is "not assessable" on every criterion, a skipped one "not applicable",
and a broken one cannot show a criterion is met (only what it found wrong before breaking stands).
"""

from __future__ import annotations

from portalqa.evidence.allure_reading import BROKEN, JOURNEY, SKIPPED, UNKNOWN
from portalqa.model.criteria import CRITERIA_OF_KIND as MODEL_CRITERIA_OF_KIND
from portalqa.model.criteria import FULL_ONLINE_AS_CRITERION as MODEL_FULL_ONLINE_AS_CRITERION
from portalqa.model.criteria import Criterion, CriterionVerdict
from portalqa.model.findings import Finding
from portalqa.model.full_online import Verdict
from portalqa.scoring.cells import message_or
from portalqa.scoring.observations import Observation
from portalqa.scoring.output import CriterionAssessment, QualityJudgement
from portalqa.scoring.terms import MET, NOT_MET, PHONE_VIEWPORT, criterion_order

# Which criteria each kind of scenario is judged on (portalqa.judging.criteria.judge): a criterion
# missing from a scenario's measurements is "not assessable" for it, never silently met or not met.
CRITERIA_OF_KIND = {
    kind.value: frozenset(criterion.value for criterion in criteria)
    for kind, criteria in MODEL_CRITERIA_OF_KIND.items()
}
# The full-online verdict (the matrix cell) read as a quality-criterion verdict.
FULL_ONLINE_AS_CRITERION = {
    **{verdict.value: criterion.value for verdict, criterion in MODEL_FULL_ONLINE_AS_CRITERION.items()},
    "not_applicable": CriterionVerdict.NOT_APPLICABLE.value,
}
FULL_ONLINE_SUMMARY = {
    Verdict.FULL.value: "the procedure is offered fully online",
    Verdict.PARTIAL.value: "the procedure is offered only partly online",
    Verdict.NOT_ONLINE.value: "the procedure is not offered online",
}


def judge_quality(
    observation: Observation, full_online: CriterionAssessment | None
) -> tuple[QualityJudgement, ...]:
    """The scenario's verdict on every criterion its kind is judged on, plus any other it judged.

    For a journey, `full_online` is the scorer's own full-online assessment, so that the criterion
    agrees with the matrix (e.g. a broken journey is not assessable whatever its attachment said).
    """
    measured = observation.measurements.criteria if observation.measurements else {}
    names = CRITERIA_OF_KIND.get(observation.kind, frozenset()) | set(measured)
    judgements = {name: _judge_criterion(name, observation, full_online) for name in names}
    return in_criteria_order(judgements)


def _judge_criterion(
    name: str, observation: Observation, full_online: CriterionAssessment | None
) -> QualityJudgement:
    result, measurements, kind = observation.result, observation.measurements, observation.kind
    measured = measurements.criteria.get(name) if measurements else None

    def judged(verdict: str, summary: str, findings: tuple[Finding, ...] = ()) -> QualityJudgement:
        return QualityJudgement(
            criterion=name, verdict=verdict, summary=summary, findings=findings, scenario=kind
        )

    if result.status == SKIPPED:
        return judged(CriterionVerdict.NOT_APPLICABLE.value, message_or(result, "the scenario was skipped"))
    if name == Criterion.FULL_ONLINE.value and kind == JOURNEY and full_online is not None:
        return _full_online_judgement(full_online)
    if name == Criterion.MOBILE.value and measured is None and observation.viewport != PHONE_VIEWPORT:
        return judged(CriterionVerdict.NOT_APPLICABLE.value, "judged on the phone run of the journey")
    if measurements is None:
        return judged(
            CriterionVerdict.NOT_ASSESSABLE.value,
            "no evidence: the scenario attached no portalqa measurements",
        )
    if measured is None:
        why = (
            f"the measurements ({observation.attached.schema}) judge no quality criterion"
            if not measurements.criteria
            else "the measurements give no verdict on this criterion"
        )
        return judged(CriterionVerdict.NOT_ASSESSABLE.value, why)
    if result.status in (BROKEN, UNKNOWN) and measured.verdict == MET:
        # As for full online: a run that broke cannot show a criterion is met, only what it found wrong.
        return judged(
            CriterionVerdict.NOT_ASSESSABLE.value,
            f"the scenario broke before it finished; so far: {measured.summary}",
        )
    # Only the finding's own fields: a newer harness may add some, which the assessment does not publish.
    findings = tuple(Finding(kind=f.kind, detail=f.detail, page=f.page) for f in measured.findings)
    return judged(measured.verdict, measured.summary, findings)


def _full_online_judgement(assessment: CriterionAssessment) -> QualityJudgement:
    verdict = FULL_ONLINE_AS_CRITERION.get(assessment.verdict, CriterionVerdict.NOT_ASSESSABLE.value)
    summary = FULL_ONLINE_SUMMARY.get(assessment.verdict) or (
        "; ".join(reason.detail for reason in assessment.reasons if reason.detail) or assessment.verdict
    )
    if verdict == CriterionVerdict.NOT_ASSESSABLE.value:
        # What portalqa could not finish is no finding about the portal: said so, never "not online".
        summary = f"portalqa could not assess the procedure: {summary}"
    findings = (
        tuple(Finding(kind=reason.kind, detail=reason.detail) for reason in assessment.reasons)
        if verdict == NOT_MET
        else ()
    )
    return QualityJudgement(
        criterion=Criterion.FULL_ONLINE.value,
        verdict=verdict,
        summary=summary,
        findings=findings,
        scenario=JOURNEY,
    )


def in_criteria_order(judgements: dict[str, QualityJudgement]) -> tuple[QualityJudgement, ...]:
    return tuple(judgements[name] for name in sorted(judgements, key=criterion_order))
