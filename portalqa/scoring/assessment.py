"""Turn scenario results into portal scores, grades and a ranking: the scorer's entry point.

`score_results` reads an Allure results folder (portalqa.evidence) and the load verdicts beside it;
`assess` builds the published record (portalqa.scoring.output): the matrix cells (cells), the evidence
rules for each scenario's quality criteria (evidence_rules), the per-portal finding summaries
(finding_summaries), the points under the quality model (quality_model, model_scoring) and the
ranking (ranking).

Three kinds of scenario are read: procedure journeys (desktop and phone; the desktop journeys make the
procedure x portal matrix), questions to the portal's virtual assistant about a procedure, and the
portal-wide checks of its public pages. The quality model weighs all three, with the load phase.
"""

from __future__ import annotations

import contextlib
import gc
import statistics
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from portalqa.evidence.allure_reading import (
    ASSISTANT,
    FAILED,
    JOURNEY,
    SITE,
    AllureResults,
    ReadingProblem,
    ScenarioResult,
    read_allure_results,
)
from portalqa.evidence.measurements import Measurements
from portalqa.load_testing.results import LoadVerdict, read_load_verdicts
from portalqa.model.criteria import Criterion
from portalqa.scoring.cells import FullOnlineCell, message_or
from portalqa.scoring.evidence_rules import in_criteria_order, judge_quality
from portalqa.scoring.finding_summaries import JudgedScenario, summarize_quality
from portalqa.scoring.indicators import PortalEvidence
from portalqa.scoring.model_scoring import describe_model, score_portal, score_procedure
from portalqa.scoring.observations import Observation, latest_observations, procedure_names, recency
from portalqa.scoring.output import (
    Assessment,
    AssistantAssessment,
    PortalAssessment,
    ProcedureAssessment,
    ResultReference,
    SiteAssessment,
    SourceSummary,
    SpeedUnderLoadAssessment,
    TimingSummary,
)
from portalqa.scoring.quality_model import QualityModel, load_quality_model
from portalqa.scoring.ranking import ranking, ranking_key
from portalqa.scoring.terms import MATRIX_VIEWPORT

# Allure outcome of the load phase -> verdict; no load result at all is "not assessable".
SPEED_VERDICTS = {
    "passed": "met",
    "failed": "missed",
    "broken": "not_assessable",
    "skipped": "not_applicable",
}


def score_results(results_dir: str | Path, model: QualityModel | None = None) -> Assessment:
    """Read an Allure results folder and assess every portal in it (with portalqa's model if none given)."""
    with _cycle_collection_paused():
        loads, load_problems = read_load_verdicts(results_dir)
        results = read_allure_results(results_dir)
        results.problems.extend(ReadingProblem(file=file, message=message) for file, message in load_problems)
        return assess(results, model=model, load_verdicts=loads)


@contextlib.contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Reading a national run allocates millions of objects that all stay alive until it is scored, so
    the cycle collector's passes over them find nothing and took ~40 % of the time (docs/benchmarks.md,
    B4). The records hold no reference cycles: reference counting frees what scoring drops."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def assess(
    results: AllureResults,
    model: QualityModel | None = None,
    generated_at: datetime | None = None,
    load_verdicts: Sequence[LoadVerdict] = (),
) -> Assessment:
    model = model or load_quality_model()
    problems = list(results.problems)
    latest, superseded = latest_observations(results.scenarios, problems)

    by_portal: dict[str, list[Observation]] = {}
    for observation in latest:
        by_portal.setdefault(observation.result.portal_id or "", []).append(observation)
    loads = {load.portal_id: load for load in load_verdicts}
    # Load ran but no scenario did (e.g. `-k` left none for it): the portal is still listed and scored.
    for portal_id in loads:
        by_portal.setdefault(portal_id, [])
    names = procedure_names(latest)

    portals = [
        _assess_portal(portal_id, observations, names, model, loads.get(portal_id))
        for portal_id, observations in by_portal.items()
    ]
    portals.sort(key=ranking_key)
    ranked = ranking(portals)
    for portal, entry in zip(portals, ranked, strict=True):
        portal.rank = entry.rank
    return Assessment(
        generated_at=generated_at or datetime.now(UTC),
        model=describe_model(model, MATRIX_VIEWPORT, FullOnlineCell.points_for_verdict),
        portals=portals,
        ranking=ranked,
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


def _assess_portal(
    portal_id: str,
    observations: list[Observation],
    names: dict[str, str],
    model: QualityModel,
    load: LoadVerdict | None,
) -> PortalAssessment:
    measured = [o for o in observations if o.measurements is not None]
    identity = max(measured, key=lambda o: recency(o.result)).measurements.portal if measured else None
    fallback = observations[0].result if observations else None
    assistants = sorted(
        (_assess_assistant(o, names) for o in observations if o.kind == ASSISTANT),
        key=lambda a: (a.name.casefold(), a.id, a.viewport),
    )
    sites = sorted((_assess_site(o, names) for o in observations if o.kind == SITE), key=lambda s: s.viewport)
    # Only procedure journeys make the matrix.
    procedures = sorted(
        (_assess_procedure(o, names) for o in observations if o.kind not in (ASSISTANT, SITE)),
        key=lambda p: (p.name.casefold(), p.id, p.viewport),
    )
    # Every scenario counts once in the criteria summary, with its own verdicts.
    quality = summarize_quality(
        [JudgedScenario(p.id, p.name, p.viewport, JOURNEY, p.quality_criteria) for p in procedures]
        + [JudgedScenario(a.id, a.name, a.viewport, ASSISTANT, a.quality_criteria) for a in assistants]
        + [JudgedScenario(s.id, s.name, s.viewport, SITE, s.quality_criteria) for s in sites]
    )
    procedures = [_with_assistant(p, assistants) for p in procedures]
    in_matrix = [p for p in procedures if p.viewport == MATRIX_VIEWPORT]
    speed = speed_under_load(load)
    evidence = PortalEvidence(
        observations=observations,
        cells={p.id: p.verdict for p in in_matrix},
        load=(speed.verdict, speed.summary) if load is not None else None,
        procedure_names=names,
    )
    points = score_portal(model, evidence)
    in_matrix = [
        p.model_copy(update={"model_points": score_procedure(model, evidence, p.id)}) for p in in_matrix
    ]
    return PortalAssessment(
        id=portal_id,
        name=_first(identity and identity.name, fallback and fallback.portal_name, load and load.portal_name)
        or portal_id,
        owner=_first(identity and identity.owner, fallback and fallback.owner, load and load.owner),
        level=_first(identity and identity.level, fallback and fallback.level, load and load.level),
        score=points.score,
        grade=points.grade,
        grade_withheld=points.grade_withheld,
        points_assessed=points.points_assessed,
        points_total=points.points_total,
        groups=points.groups,
        findings=points.findings,
        procedures=in_matrix,
        other_viewports=[p for p in procedures if p.viewport != MATRIX_VIEWPORT],
        speed_under_load=speed,
        assistant_scenarios=assistants,
        site_scenarios=sites,
        quality_criteria=quality,
    )


def _first(*values: str | None) -> str | None:
    return next((value for value in values if value), None)


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


def _assess_site(observation: Observation, names: dict[str, str]) -> SiteAssessment:
    measured = observation.measurements
    return SiteAssessment(
        **_scenario_fields(observation, names),
        pages=len(measured.pages) if measured else 0,
        quality_criteria=judge_quality(observation, full_online=None),
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


def _assess_procedure(observation: Observation, names: dict[str, str]) -> ProcedureAssessment:
    result, measurements = observation.result, observation.measurements
    cell = FullOnlineCell().assess(observation)
    return ProcedureAssessment(
        **_scenario_fields(observation, names),
        verdict=cell.verdict,
        points=cell.points,
        reasons=cell.reasons,
        criteria=(cell,),
        other_finding=(
            message_or(result, "the scenario failed")
            if result.status == FAILED and not cell.reasons
            else None
        ),
        journey=dict(measurements.journey) if measurements else None,
        timing=_timing_summary(measurements),
        quality_criteria=judge_quality(observation, cell),
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
