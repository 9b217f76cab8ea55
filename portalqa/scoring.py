"""Turn scenario results into portal scores, grades and a ranking (scoring model v0).

Model v0 has one criterion, "full_online": is the procedure offered fully online (Decree 42/2022)?
A full procedure earns 1 point, a partial one 0.5, one not online 0. The later quality model adds
criteria groups; it plugs in as further `CriterionScorer`s of a `ScoringModel`, while the rules below
about evidence stay the same.

How an Allure outcome is read:

* passed  - the criterion is met;
* failed  - a defect of the portal against a criterion;
* broken  - portalqa could not assess (portal unreachable, harness error): the procedure is *not
  assessable* unless the journey had already proved it is not online;
* skipped - the procedure does not apply to this portal (*not applicable*).

A procedure that is not assessable or not applicable is left out of the portal's score and listed
separately - never silently scored as 0 or 100 - because a harness error says nothing about the portal.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from portalqa.allure_results import (
    AllureResults,
    Measurements,
    ReadingProblem,
    ScenarioResult,
    VerdictReason,
    read_allure_results,
)
from portalqa.full_online import Verdict
from portalqa.grades import MIC_2024_BANDS, grade_for
from portalqa.load_results import LoadVerdict, read_load_verdicts

ASSESSMENT_SCHEMA = "portalqa.assessment/1"
# The matrix and the score use one viewport; results for other viewports are reported, not scored.
MATRIX_VIEWPORT = "desktop"
# A skipped scenario: the procedure does not apply to this portal. Not one of the full-online verdicts.
NOT_APPLICABLE = "not_applicable"
VERDICT_ORDER = (
    Verdict.FULL.value,
    Verdict.PARTIAL.value,
    Verdict.NOT_ONLINE.value,
    Verdict.NOT_ASSESSABLE.value,
    NOT_APPLICABLE,
)
OUTCOME_MEANING = {
    "passed": "met",
    "failed": "defect",
    "broken": "could not assess",
    "skipped": "not applicable",
    "unknown": "could not assess",
}
# Longer Allure messages (assertion output, stack excerpts) are cut; the Allure report has them in full.
MAX_REASON_DETAIL = 300


@dataclass(frozen=True)
class Observation:
    """What one scenario result says about one procedure on one portal in one viewport."""

    result: ScenarioResult
    viewport: str
    measurements: Measurements | None


@dataclass(frozen=True)
class CriterionAssessment:
    criterion: str
    verdict: str
    # None: the criterion could not be assessed or does not apply; it is excluded from the score.
    points: float | None
    reasons: tuple[VerdictReason, ...]

    def to_dict(self) -> dict:
        return {
            "criterion": self.criterion,
            "verdict": self.verdict,
            "points": self.points,
            "reasons": [reason.to_dict() for reason in self.reasons],
        }


class CriterionScorer(Protocol):
    criterion: str

    def assess(self, observation: Observation) -> CriterionAssessment: ...


class FullOnlineCriterion:
    """Decree 42/2022 full-process online offer, as the journey's measurements classified it."""

    criterion = "full_online"
    points_for_verdict = {Verdict.FULL.value: 1.0, Verdict.PARTIAL.value: 0.5, Verdict.NOT_ONLINE.value: 0.0}

    def assess(self, observation: Observation) -> CriterionAssessment:
        result, measurements = observation.result, observation.measurements
        if result.status == "skipped":
            reason = VerdictReason("not_applicable", _message_or(result, "the scenario was skipped"))
            return self._assessment(NOT_APPLICABLE, (reason,))
        if result.status in ("broken", "unknown"):
            if measurements is not None and measurements.verdict == Verdict.NOT_ONLINE.value:
                # The journey proved the procedure is not online before the harness broke: that stands.
                return self._assessment(measurements.verdict, measurements.reasons)
            if measurements is not None and measurements.verdict == Verdict.NOT_ASSESSABLE.value:
                recorded = measurements.reasons
            else:
                recorded = ()
            reasons = recorded or (
                VerdictReason(
                    "could_not_assess",
                    _message_or(result, "the test broke without a message"),
                    step=result.stopped_at_step or "",
                ),
            )
            return self._assessment(Verdict.NOT_ASSESSABLE.value, reasons)
        if measurements is None:
            reason = VerdictReason(
                "no_evidence", "no evidence: the scenario attached no portalqa measurements"
            )
            return self._assessment(Verdict.NOT_ASSESSABLE.value, (reason,))
        reasons = measurements.reasons
        if measurements.verdict == Verdict.NOT_ASSESSABLE.value and not reasons:
            reasons = (VerdictReason("no_evidence", "the journey recorded no verdict"),)
        return self._assessment(measurements.verdict, reasons)

    def _assessment(self, verdict: str, reasons: tuple[VerdictReason, ...]) -> CriterionAssessment:
        return CriterionAssessment(
            criterion=self.criterion,
            verdict=verdict,
            points=self.points_for_verdict.get(verdict),
            reasons=tuple(reasons),
        )


@dataclass(frozen=True)
class ScoringModel:
    version: str
    # The first criterion gives a procedure its headline verdict (the matrix cell).
    criteria: tuple[CriterionScorer, ...]
    note: str

    def to_dict(self) -> dict:
        return {
            "version": self.version,
            "criteria": [criterion.criterion for criterion in self.criteria],
            "note": self.note,
            "matrix_viewport": MATRIX_VIEWPORT,
            "points": dict(FullOnlineCriterion.points_for_verdict),
            "grade_bands": [band.to_dict() for band in MIC_2024_BANDS],
        }


SCORING_MODEL_V0 = ScoringModel(
    version="0",
    criteria=(FullOnlineCriterion(),),
    note=(
        "Scorer v0 grades only whether each procedure is offered fully online (Decree 42/2022): "
        "full 1 point, partial 0.5, not online 0. Portal score = 100 x mean over assessable procedures; "
        "not assessable and not applicable procedures are excluded and listed. "
        "The full quality model will add criteria groups."
    ),
)


@dataclass(frozen=True)
class ResultReference:
    """The Allure result a verdict rests on, so a reader can open the evidence."""

    uuid: str
    history_id: str | None
    name: str
    start: int | None
    stop: int | None

    def to_dict(self) -> dict:
        return {
            "uuid": self.uuid,
            "history_id": self.history_id,
            "name": self.name,
            "start": self.start,
            "stop": self.stop,
        }


@dataclass(frozen=True)
class TimingSummary:
    pages: int
    median_load_event_ms: float | None
    max_load_event_ms: float | None

    def to_dict(self) -> dict:
        return {
            "pages": self.pages,
            "median_load_event_ms": self.median_load_event_ms,
            "max_load_event_ms": self.max_load_event_ms,
        }


@dataclass(frozen=True)
class ProcedureAssessment:
    id: str
    name: str
    portal_code: str | None
    viewport: str
    verdict: str
    points: float | None
    reasons: tuple[VerdictReason, ...]
    criteria: tuple[CriterionAssessment, ...]
    status: str
    result: ResultReference
    journey: dict | None
    timing: TimingSummary
    # A failed scenario whose defect is not a full-online reason (e.g. nothing pre-filled): the
    # criterion that catches it arrives with the quality model; until then the finding is shown as is.
    other_finding: str | None = None

    @property
    def outcome(self) -> str:
        return OUTCOME_MEANING.get(self.status, "could not assess")

    @property
    def assessable(self) -> bool:
        return self.points is not None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "portal_code": self.portal_code,
            "viewport": self.viewport,
            "verdict": self.verdict,
            "points": self.points,
            "reasons": [reason.to_dict() for reason in self.reasons],
            "status": self.status,
            "outcome": self.outcome,
            "allure_result": self.result.to_dict(),
            "journey": self.journey,
            "timing": self.timing.to_dict(),
            "criteria": [criterion.to_dict() for criterion in self.criteria],
            "other_finding": self.other_finding,
        }


# Speed under load is reported per portal beside the v0 score, not inside it (the quality model will
# weigh it). Allure outcome of the load phase -> verdict; no load result at all is "not assessable".
SPEED_VERDICTS = {
    "passed": "met",
    "failed": "missed",
    "broken": "not_assessable",
    "skipped": "not_applicable",
}


@dataclass(frozen=True)
class SpeedUnderLoadAssessment:
    """The portal's speed under load (criterion speed_under_load), from its load phase's Allure result."""

    verdict: str  # met, missed, not_assessable
    summary: str
    status: str | None = None
    figures: dict | None = None  # per-group 95th percentiles and failure ratio, as measured
    objectives: dict | None = None
    result: ResultReference | None = None  # the load phase's Allure result

    @classmethod
    def from_load(cls, load: LoadVerdict | None) -> SpeedUnderLoadAssessment:
        if load is None:
            return cls(
                verdict="not_assessable",
                summary="no load result: the profile does not allow load, or the load phase did not run",
            )
        return cls(
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

    def to_dict(self) -> dict:
        return {
            "criterion": "speed_under_load",
            "verdict": self.verdict,
            "summary": self.summary,
            "status": self.status,
            "figures": self.figures,
            "objectives": self.objectives,
            "allure_result": self.result.to_dict() if self.result else None,
        }


@dataclass
class PortalAssessment:
    id: str
    name: str
    owner: str | None
    level: str | None
    score: float | None
    grade: str | None
    procedures: list[ProcedureAssessment]
    # Procedures measured in viewports other than MATRIX_VIEWPORT: reported, not scored (yet).
    other_viewports: list[ProcedureAssessment] = field(default_factory=list)
    speed_under_load: SpeedUnderLoadAssessment = field(
        default_factory=lambda: SpeedUnderLoadAssessment.from_load(None)
    )

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(VERDICT_ORDER, 0)
        for procedure in self.procedures:
            counts[procedure.verdict] = counts.get(procedure.verdict, 0) + 1
        return counts

    @property
    def assessable_procedures(self) -> int:
        return sum(1 for procedure in self.procedures if procedure.assessable)

    def procedure(self, procedure_id: str) -> ProcedureAssessment | None:
        return next((p for p in self.procedures if p.id == procedure_id), None)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "owner": self.owner,
            "level": self.level,
            "score": self.score,
            "grade": self.grade,
            "assessable_procedures": self.assessable_procedures,
            "counts": self.counts,
            "procedures": [procedure.to_dict() for procedure in self.procedures],
            "other_viewports": [procedure.to_dict() for procedure in self.other_viewports],
            "speed_under_load": self.speed_under_load.to_dict(),
        }


@dataclass(frozen=True)
class RankingEntry:
    # None for portals without a score: they are listed last, unranked.
    rank: int | None
    portal_id: str
    name: str
    owner: str | None
    level: str | None
    score: float | None
    grade: str | None

    def to_dict(self) -> dict:
        return {
            "rank": self.rank,
            "portal_id": self.portal_id,
            "name": self.name,
            "owner": self.owner,
            "level": self.level,
            "score": self.score,
            "grade": self.grade,
        }


@dataclass(frozen=True)
class SourceSummary:
    results_dir: str
    results_read: int
    results_without_portal_labels: int
    # Older results for the same portal, procedure and viewport, replaced by a later run.
    results_superseded: int

    def to_dict(self) -> dict:
        return {
            "results_dir": self.results_dir,
            "results_read": self.results_read,
            "results_without_portal_labels": self.results_without_portal_labels,
            "results_superseded": self.results_superseded,
        }


@dataclass
class Assessment:
    generated_at: datetime
    model: ScoringModel
    portals: list[PortalAssessment]  # in ranking order
    ranking: list[RankingEntry]
    problems: list[ReadingProblem]
    source: SourceSummary

    def portal(self, portal_id: str) -> PortalAssessment | None:
        return next((p for p in self.portals if p.id == portal_id), None)

    def procedure_catalog(self) -> list[tuple[str, str]]:
        """(id, name) of every procedure seen on any portal, by name: the rows of the matrix."""
        names: dict[str, str] = {}
        for portal in self.portals:
            for procedure in portal.procedures:
                names.setdefault(procedure.id, procedure.name)
        return sorted(names.items(), key=lambda item: (item[1].casefold(), item[0]))

    def not_assessable(self) -> list[tuple[PortalAssessment, ProcedureAssessment]]:
        return [
            (portal, procedure)
            for portal in self.portals
            for procedure in portal.procedures
            if procedure.verdict == Verdict.NOT_ASSESSABLE.value
        ]

    def to_dict(self) -> dict:
        return {
            "schema": ASSESSMENT_SCHEMA,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "model": self.model.to_dict(),
            "source": self.source.to_dict(),
            "portals": [portal.to_dict() for portal in self.portals],
            "ranking": [entry.to_dict() for entry in self.ranking],
            "problems": [problem.to_dict() for problem in self.problems],
        }


def score_results(results_dir: str | Path, model: ScoringModel = SCORING_MODEL_V0) -> Assessment:
    """Read an Allure results folder and assess every portal in it."""
    loads, load_problems = read_load_verdicts(results_dir)
    results = read_allure_results(results_dir)
    results.problems.extend(ReadingProblem(file, message) for file, message in load_problems)
    return assess(results, model=model, load_verdicts=loads)


def assess(
    results: AllureResults,
    model: ScoringModel = SCORING_MODEL_V0,
    generated_at: datetime | None = None,
    load_verdicts: Sequence[LoadVerdict] = (),
) -> Assessment:
    problems = list(results.problems)
    latest, superseded = _latest_observations(results.scenarios, problems)

    by_portal: dict[str, list[Observation]] = {}
    for observation in latest:
        by_portal.setdefault(observation.result.portal_id or "", []).append(observation)
    procedure_names = _procedure_names(latest)

    portals = [
        _assess_portal(portal_id, observations, procedure_names, model)
        for portal_id, observations in by_portal.items()
    ]
    _add_speed_under_load(portals, load_verdicts)
    portals.sort(key=_ranking_key)
    return Assessment(
        generated_at=generated_at or datetime.now(UTC),
        model=model,
        portals=portals,
        ranking=_ranking(portals),
        problems=problems,
        source=SourceSummary(
            results_dir=str(results.folder),
            results_read=results.results_read,
            results_without_portal_labels=results.results_without_portal_labels,
            results_superseded=superseded,
        ),
    )


def _add_speed_under_load(portals: list[PortalAssessment], load_verdicts: Sequence[LoadVerdict]) -> None:
    by_id = {portal.id: portal for portal in portals}
    for load in load_verdicts:
        portal = by_id.get(load.portal_id)
        if portal is None:
            # Load ran but no scenario did (e.g. `-k` left none for it): the portal is still listed.
            portal = PortalAssessment(
                id=load.portal_id, name=load.portal_name, owner=load.owner, level=load.level,
                score=None, grade=None,
                procedures=[],
            )  # fmt: skip
            portals.append(portal)
            by_id[portal.id] = portal
        portal.speed_under_load = SpeedUnderLoadAssessment.from_load(load)


def _latest_observations(
    scenarios: Sequence[ScenarioResult], problems: list[ReadingProblem]
) -> tuple[list[Observation], int]:
    """The most recent observation per (portal, procedure, viewport); reruns replace earlier runs."""
    latest: dict[tuple[str, str, str], Observation] = {}
    superseded = 0
    for scenario in scenarios:
        for observation in _observations_of(scenario, problems):
            key = (scenario.portal_id or "", scenario.procedure_id or "", observation.viewport)
            current = latest.get(key)
            if current is None:
                latest[key] = observation
                continue
            superseded += 1
            if _recency(observation.result) > _recency(current.result):
                latest[key] = observation
    return list(latest.values()), superseded


def _observations_of(scenario: ScenarioResult, problems: list[ReadingProblem]) -> list[Observation]:
    for measurements in scenario.measurements:
        if (measurements.portal.id, measurements.procedure.id) != (scenario.portal_id, scenario.procedure_id):
            # The labels decide where the result is filed; a mismatch means a harness bug worth seeing.
            problems.append(
                ReadingProblem(
                    measurements.attachment_file,
                    f"measurements are for {measurements.portal.id}/{measurements.procedure.id} but the "
                    f"result is labelled {scenario.portal_id}/{scenario.procedure_id}",
                )
            )
    if not scenario.measurements:
        viewport = scenario.label("viewport") or scenario.parameters.get("viewport", "").strip("'\"")
        return [Observation(scenario, viewport or MATRIX_VIEWPORT, None)]
    # One result may hold measurements for several viewports; within a viewport the last one counts.
    per_viewport = {m.viewport: m for m in scenario.measurements}
    return [Observation(scenario, viewport, m) for viewport, m in per_viewport.items()]


def _recency(result: ScenarioResult) -> tuple[int, int, str]:
    return (result.stop or result.start or 0, result.start or 0, result.uuid)


def _procedure_names(observations: Sequence[Observation]) -> dict[str, str]:
    """Procedure names as the measurements give them; a result without measurements borrows one."""
    names: dict[str, str] = {}
    for observation in observations:
        if observation.measurements is not None:
            names.setdefault(observation.measurements.procedure.id, observation.measurements.procedure.name)
    return names


def _assess_portal(
    portal_id: str, observations: list[Observation], procedure_names: dict[str, str], model: ScoringModel
) -> PortalAssessment:
    measured = [o for o in observations if o.measurements is not None]
    identity = max(measured, key=lambda o: _recency(o.result)).measurements.portal if measured else None
    fallback = observations[0].result
    procedures = sorted(
        (_assess_procedure(o, procedure_names, model) for o in observations),
        key=lambda p: (p.name.casefold(), p.id, p.viewport),
    )
    in_matrix = [p for p in procedures if p.viewport == MATRIX_VIEWPORT]
    points = [p.points for p in in_matrix if p.points is not None]
    score = round(100 * statistics.fmean(points), 1) if points else None
    return PortalAssessment(
        id=portal_id,
        name=identity.name if identity else (fallback.label("portal_name") or portal_id),
        owner=identity.owner if identity and identity.owner else fallback.label("owner"),
        level=identity.level if identity and identity.level else fallback.label("level"),
        score=score,
        grade=grade_for(score),
        procedures=in_matrix,
        other_viewports=[p for p in procedures if p.viewport != MATRIX_VIEWPORT],
    )


def _assess_procedure(
    observation: Observation, procedure_names: dict[str, str], model: ScoringModel
) -> ProcedureAssessment:
    result, measurements = observation.result, observation.measurements
    criteria = tuple(criterion.assess(observation) for criterion in model.criteria)
    headline = criteria[0]
    points = [c.points for c in criteria if c.points is not None]
    procedure_id = result.procedure_id or ""
    return ProcedureAssessment(
        id=procedure_id,
        name=procedure_names.get(procedure_id) or result.name or procedure_id,
        portal_code=measurements.procedure.portal_code if measurements else None,
        viewport=observation.viewport,
        verdict=headline.verdict,
        # Criteria of equal weight in v0; the quality model will bring weights with its groups.
        points=round(statistics.fmean(points), 4) if points and headline.points is not None else None,
        reasons=headline.reasons,
        criteria=criteria,
        status=result.status,
        other_finding=(
            _message_or(result, "the scenario failed")
            if result.status == "failed" and not headline.reasons
            else None
        ),
        result=ResultReference(
            uuid=result.uuid,
            history_id=result.history_id,
            name=result.name,
            start=result.start,
            stop=result.stop,
        ),
        journey=dict(measurements.journey) if measurements else None,
        timing=_timing_summary(measurements),
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


def _ranking_key(portal: PortalAssessment) -> tuple[bool, float, str, str]:
    return (portal.score is None, -(portal.score or 0.0), portal.name.casefold(), portal.id)


def _ranking(portals: Sequence[PortalAssessment]) -> list[RankingEntry]:
    """Competition ranking ("1, 1, 3"): equal scores share a rank and are listed by name."""
    entries: list[RankingEntry] = []
    previous_score: float | None = None
    rank = 0
    for position, portal in enumerate(sorted(portals, key=_ranking_key), start=1):
        if portal.score is not None and portal.score != previous_score:
            rank = position
            previous_score = portal.score
        entries.append(
            RankingEntry(
                rank=rank if portal.score is not None else None,
                portal_id=portal.id,
                name=portal.name,
                owner=portal.owner,
                level=portal.level,
                score=portal.score,
                grade=portal.grade,
            )
        )
    return entries


def _message_or(result: ScenarioResult, default: str) -> str:
    # Allure messages span lines ("AssertionError: ...\nassert False"); a reason reads as one sentence.
    message = " ".join(result.status_message.split()) or default
    return message if len(message) <= MAX_REASON_DETAIL else message[: MAX_REASON_DETAIL - 1] + "…"
