"""Turn scenario results into portal scores, grades and a ranking: the scorer's entry point.

`score_results` reads an Allure results folder (portalqa.evidence) and the load verdicts beside it;
`assess` builds the published record (portalqa.scoring.output) with the scoring model (v0_model), the
evidence rules for quality criteria (evidence_rules), the per-portal finding summaries
(finding_summaries) and the ranking (ranking).

Two kinds of scenario are read: procedure journeys (in the desktop and phone viewports; the desktop
journeys make the procedure x portal matrix and the score) and questions to the portal's virtual
assistant about a procedure, which only feed the virtual_assistant criterion and the per-portal summary.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from portalqa.evidence.allure_reading import (
    ASSISTANT,
    FAILED,
    JOURNEY,
    AllureResults,
    ReadingProblem,
    ScenarioResult,
    read_allure_results,
)
from portalqa.evidence.measurements import Measurements
from portalqa.load_testing.results import LoadVerdict, read_load_verdicts
from portalqa.model.criteria import Criterion
from portalqa.model.grades import grade_for
from portalqa.scoring.evidence_rules import in_criteria_order, judge_quality
from portalqa.scoring.finding_summaries import JudgedScenario, summarize_quality
from portalqa.scoring.observations import Observation, latest_observations, procedure_names, recency
from portalqa.scoring.output import (
    Assessment,
    AssistantAssessment,
    PortalAssessment,
    ProcedureAssessment,
    ResultReference,
    SourceSummary,
    SpeedUnderLoadAssessment,
    TimingSummary,
)
from portalqa.scoring.ranking import ranking, ranking_key
from portalqa.scoring.terms import MATRIX_VIEWPORT
from portalqa.scoring.v0_model import SCORING_MODEL_V0, ScoringModel, message_or

# Speed under load is reported per portal beside the v0 score, not inside it (the quality model will
# weigh it). Allure outcome of the load phase -> verdict; no load result at all is "not assessable".
SPEED_VERDICTS = {
    "passed": "met",
    "failed": "missed",
    "broken": "not_assessable",
    "skipped": "not_applicable",
}


def score_results(results_dir: str | Path, model: ScoringModel = SCORING_MODEL_V0) -> Assessment:
    """Read an Allure results folder and assess every portal in it."""
    loads, load_problems = read_load_verdicts(results_dir)
    results = read_allure_results(results_dir)
    results.problems.extend(ReadingProblem(file=file, message=message) for file, message in load_problems)
    return assess(results, model=model, load_verdicts=loads)


def assess(
    results: AllureResults,
    model: ScoringModel = SCORING_MODEL_V0,
    generated_at: datetime | None = None,
    load_verdicts: Sequence[LoadVerdict] = (),
) -> Assessment:
    problems = list(results.problems)
    latest, superseded = latest_observations(results.scenarios, problems)

    by_portal: dict[str, list[Observation]] = {}
    for observation in latest:
        by_portal.setdefault(observation.result.portal_id or "", []).append(observation)
    names = procedure_names(latest)

    portals = [
        _assess_portal(portal_id, observations, names, model) for portal_id, observations in by_portal.items()
    ]
    _add_speed_under_load(portals, load_verdicts)
    portals.sort(key=ranking_key)
    return Assessment(
        generated_at=generated_at or datetime.now(UTC),
        model=model.describe(),
        portals=portals,
        ranking=ranking(portals),
        problems=problems,
        source=SourceSummary(
            results_dir=str(results.folder),
            results_read=results.results_read,
            results_without_portal_labels=results.results_without_portal_labels,
            results_superseded=superseded,
        ),
    )


def speed_under_load(load: LoadVerdict | None) -> SpeedUnderLoadAssessment:
    """The portal's speed under load, from its load phase's Allure result (None: the phase did not run)."""
    if load is None:
        return SpeedUnderLoadAssessment.not_measured()
    return SpeedUnderLoadAssessment(
        verdict=SPEED_VERDICTS.get(load.status, "not_assessable"),
        summary=load.summary,
        status=load.status,
        figures=load.result,
        objectives=load.objectives,
        result=ResultReference(
            uuid=load.allure_uuid, history_id=load.history_id, name=load.allure_name or "",
            start=load.start, stop=load.stop,
        ) if load.allure_uuid else None,
    )  # fmt: skip


def _add_speed_under_load(portals: list[PortalAssessment], load_verdicts: Sequence[LoadVerdict]) -> None:
    by_id = {portal.id: portal for portal in portals}
    for load in load_verdicts:
        portal = by_id.get(load.portal_id)
        if portal is None:
            # Load ran but no scenario did (e.g. `-k` left none for it): the portal is still listed.
            portal = PortalAssessment(
                id=load.portal_id, name=load.portal_name, owner=load.owner, level=load.level,
                score=None, grade=None,
                procedures=[], quality_criteria=summarize_quality(()),
            )  # fmt: skip
            portals.append(portal)
            by_id[portal.id] = portal
        portal.speed_under_load = speed_under_load(load)


def _assess_portal(
    portal_id: str, observations: list[Observation], names: dict[str, str], model: ScoringModel
) -> PortalAssessment:
    measured = [o for o in observations if o.measurements is not None]
    identity = max(measured, key=lambda o: recency(o.result)).measurements.portal if measured else None
    fallback = observations[0].result
    assistants = sorted(
        (_assess_assistant(o, names) for o in observations if o.kind == ASSISTANT),
        key=lambda a: (a.name.casefold(), a.id, a.viewport),
    )
    # Only procedure journeys make the matrix and the score.
    procedures = sorted(
        (_assess_procedure(o, names, model) for o in observations if o.kind != ASSISTANT),
        key=lambda p: (p.name.casefold(), p.id, p.viewport),
    )
    # Every scenario counts once in the criteria summary, with its own verdicts.
    quality = summarize_quality(
        [JudgedScenario(p.id, p.name, p.viewport, JOURNEY, p.quality_criteria) for p in procedures]
        + [JudgedScenario(a.id, a.name, a.viewport, ASSISTANT, a.quality_criteria) for a in assistants]
    )
    procedures = [_with_assistant(p, assistants) for p in procedures]
    in_matrix = [p for p in procedures if p.viewport == MATRIX_VIEWPORT]
    points = [p.points for p in in_matrix if p.points is not None]
    score = round(100 * statistics.fmean(points), 1) if points else None
    return PortalAssessment(
        id=portal_id,
        name=identity.name if identity else (fallback.portal_name or portal_id),
        owner=identity.owner if identity and identity.owner else fallback.owner,
        level=identity.level if identity and identity.level else fallback.level,
        score=score,
        grade=grade_for(score),
        procedures=in_matrix,
        other_viewports=[p for p in procedures if p.viewport != MATRIX_VIEWPORT],
        assistant_scenarios=assistants,
        quality_criteria=quality,
    )


def _with_assistant(
    procedure: ProcedureAssessment, assistants: Sequence[AssistantAssessment]
) -> ProcedureAssessment:
    """A matrix procedure also shows the assistant's verdict for it (asked on the desktop, if several)."""
    if procedure.viewport != MATRIX_VIEWPORT:
        return procedure
    asked = [a for a in assistants if a.id == procedure.id]
    asked.sort(key=lambda a: a.viewport != MATRIX_VIEWPORT)
    judgement = asked[0].quality(Criterion.VIRTUAL_ASSISTANT.value) if asked else None
    if judgement is None:
        return procedure
    merged = {j.criterion: j for j in procedure.quality_criteria} | {judgement.criterion: judgement}
    return procedure.model_copy(
        update={"quality_criteria": in_criteria_order(merged), "assistant_result": asked[0].result}
    )


def _assess_assistant(observation: Observation, names: dict[str, str]) -> AssistantAssessment:
    return AssistantAssessment(
        **_scenario_fields(observation, names), quality_criteria=judge_quality(observation, full_online=None)
    )


def _scenario_fields(observation: Observation, names: dict[str, str]) -> dict:
    """What a journey's and an assistant scenario's assessment both say about the scenario."""
    result, measurements = observation.result, observation.measurements
    procedure_id = result.procedure_id or ""
    return {
        "id": procedure_id,
        "name": names.get(procedure_id) or result.name or procedure_id,
        "portal_code": measurements.procedure.portal_code if measurements else None,
        "viewport": observation.viewport,
        "status": result.status,
        "result": _reference(result),
    }


def _assess_procedure(
    observation: Observation, names: dict[str, str], model: ScoringModel
) -> ProcedureAssessment:
    result, measurements = observation.result, observation.measurements
    criteria = tuple(criterion.assess(observation) for criterion in model.criteria)
    headline = criteria[0]
    full_online = next((c for c in criteria if c.criterion == Criterion.FULL_ONLINE.value), None)
    points = [c.points for c in criteria if c.points is not None]
    return ProcedureAssessment(
        **_scenario_fields(observation, names),
        verdict=headline.verdict,
        # Criteria of equal weight in v0; the quality model will bring weights with its groups.
        points=round(statistics.fmean(points), 4) if points and headline.points is not None else None,
        reasons=headline.reasons,
        criteria=criteria,
        other_finding=(
            message_or(result, "the scenario failed")
            if result.status == FAILED and not headline.reasons
            else None
        ),
        journey=dict(measurements.journey) if measurements else None,
        timing=_timing_summary(measurements),
        quality_criteria=judge_quality(observation, full_online),
    )


def _reference(result: ScenarioResult) -> ResultReference:
    return ResultReference(
        uuid=result.uuid, history_id=result.history_id, name=result.name, start=result.start, stop=result.stop
    )


def _timing_summary(measurements: Measurements | None) -> TimingSummary:
    if measurements is None:
        return TimingSummary(pages=0, median_load_event_ms=None, max_load_event_ms=None)
    # A load event of 0 means the page was left before it finished loading: no measurement, not "fast".
    loads = [
        float(page.timing["load_event_ms"])
        for page in measurements.pages
        if isinstance(page.timing.get("load_event_ms"), int | float) and page.timing["load_event_ms"] > 0
    ]
    return TimingSummary(
        pages=len(measurements.pages),
        median_load_event_ms=round(statistics.median(loads), 1) if loads else None,
        max_load_event_ms=round(max(loads), 1) if loads else None,
    )
