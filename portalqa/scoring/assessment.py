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

Quality criteria (simplicity, convenience, speed, accessibility, mobile, virtual assistant, transparency,
privacy and security, and full online itself) are judged by each scenario and carried in its measurements
(schema portalqa.measurements/2). The scorer reports them per procedure and sums them up per portal, but
model v0 does not weigh them in the score yet. The same evidence rules hold: a scenario without
measurements is "not assessable" on every criterion, a skipped one "not applicable", and a broken one
cannot show a criterion is met (only what it found wrong before breaking stands).

Two kinds of scenario are read: procedure journeys (in the desktop and phone viewports; the desktop
journeys make the procedure x portal matrix and the score) and questions to the portal's virtual
assistant about a procedure, which only feed the virtual_assistant criterion and the per-portal summary.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from portalqa.evidence.allure_reading import (
    ASSISTANT,
    JOURNEY,
    AllureResults,
    CriterionFinding,
    Measurements,
    ReadingProblem,
    ScenarioResult,
    VerdictReason,
    read_allure_results,
)
from portalqa.load_testing.results import LoadVerdict, read_load_verdicts
from portalqa.model.criteria import CRITERIA_OF_KIND as MODEL_CRITERIA_OF_KIND
from portalqa.model.criteria import FULL_ONLINE_AS_CRITERION as MODEL_FULL_ONLINE_AS_CRITERION
from portalqa.model.criteria import Criterion, CriterionVerdict
from portalqa.model.full_online import Verdict
from portalqa.model.grades import MIC_2024_BANDS, grade_for

ASSESSMENT_SCHEMA = "portalqa.assessment/2"
# The matrix and the score use one viewport; results for other viewports are reported, not scored.
MATRIX_VIEWPORT = "desktop"
# The mobile criterion is judged only on the phone run of a journey.
PHONE_VIEWPORT = "phone"
# Quality criteria in the order they are reported, and the verdicts a scenario gives each of them.
QUALITY_CRITERIA = tuple(criterion.value for criterion in Criterion)
CRITERION_VERDICTS = tuple(verdict.value for verdict in CriterionVerdict)
MET = CriterionVerdict.MET.value
NOT_MET = CriterionVerdict.NOT_MET.value
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
# Per portal and criterion, the most frequent kinds of finding, each with a few scenarios where seen.
MAX_FINDING_KINDS = 10
MAX_FINDING_EXAMPLES = 5
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
    kind: str = JOURNEY  # journey or assistant


@dataclass(frozen=True)
class QualityJudgement:
    """One scenario's verdict on one quality criterion, as the assessment reports it (not scored in v0)."""

    criterion: str
    verdict: str  # met, not_met, not_assessable, not_applicable
    summary: str
    findings: tuple[CriterionFinding, ...] = ()
    scenario: str = JOURNEY  # the kind of scenario that judged it: journey or assistant

    def to_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "summary": self.summary,
            "findings": [finding.to_dict() for finding in self.findings],
            "scenario": self.scenario,
        }


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
            # Reported per procedure and per portal, not weighted in the score (model v0).
            "quality_criteria": list(QUALITY_CRITERIA),
            "quality_criteria_weighted": False,
        }


SCORING_MODEL_V0 = ScoringModel(
    version="0",
    criteria=(FullOnlineCriterion(),),
    note=(
        "Scorer v0 grades only whether each procedure is offered fully online (Decree 42/2022): "
        "full 1 point, partial 0.5, not online 0. Portal score = 100 x mean over assessable procedures; "
        "not assessable and not applicable procedures are excluded and listed. "
        "The quality criteria (simplicity, convenience, speed, accessibility, mobile, virtual assistant, "
        "transparency, privacy and security) are observed and reported but not yet weighted in the score; "
        "the full quality model will weigh them."
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
    # The journey's own verdict on each quality criterion, in QUALITY_CRITERIA order; in the matrix
    # viewport also the virtual assistant's verdict for this procedure (scenario "assistant"), if asked.
    quality_criteria: tuple[QualityJudgement, ...] = ()
    # The assistant scenario that judged virtual_assistant for this procedure, if any.
    assistant_result: ResultReference | None = None

    @property
    def outcome(self) -> str:
        return OUTCOME_MEANING.get(self.status, "could not assess")

    @property
    def assessable(self) -> bool:
        return self.points is not None

    def quality(self, criterion: str) -> QualityJudgement | None:
        return next((j for j in self.quality_criteria if j.criterion == criterion), None)

    @property
    def criteria_not_met(self) -> list[str]:
        return [j.criterion for j in self.quality_criteria if j.verdict == NOT_MET]

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
            "quality_criteria": {j.criterion: j.to_dict() for j in self.quality_criteria},
            "criteria_not_met": self.criteria_not_met,
            "assistant_allure_result": self.assistant_result.to_dict() if self.assistant_result else None,
        }


@dataclass(frozen=True)
class AssistantAssessment:
    """Questions to the portal's virtual assistant about one procedure: judged, reported, not scored."""

    id: str
    name: str
    portal_code: str | None
    viewport: str
    status: str
    result: ResultReference
    quality_criteria: tuple[QualityJudgement, ...]

    @property
    def outcome(self) -> str:
        return OUTCOME_MEANING.get(self.status, "could not assess")

    def quality(self, criterion: str) -> QualityJudgement | None:
        return next((j for j in self.quality_criteria if j.criterion == criterion), None)

    @property
    def verdict(self) -> str:
        """The virtual_assistant verdict."""
        judgement = self.quality(Criterion.VIRTUAL_ASSISTANT.value)
        return judgement.verdict if judgement else CriterionVerdict.NOT_ASSESSABLE.value

    @property
    def criteria_not_met(self) -> list[str]:
        return [j.criterion for j in self.quality_criteria if j.verdict == NOT_MET]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "portal_code": self.portal_code,
            "viewport": self.viewport,
            "verdict": self.verdict,
            "status": self.status,
            "outcome": self.outcome,
            "allure_result": self.result.to_dict(),
            "quality_criteria": {j.criterion: j.to_dict() for j in self.quality_criteria},
            "criteria_not_met": self.criteria_not_met,
        }


@dataclass(frozen=True)
class FindingExample:
    """One scenario where a kind of finding was seen (its first finding of that kind)."""

    procedure_id: str
    procedure_name: str
    viewport: str
    scenario: str  # journey or assistant
    detail: str
    page: str | None

    def to_dict(self) -> dict:
        return {
            "procedure_id": self.procedure_id,
            "procedure_name": self.procedure_name,
            "viewport": self.viewport,
            "scenario": self.scenario,
            "detail": self.detail,
            "page": self.page,
        }


@dataclass(frozen=True)
class FindingGroup:
    """The findings of one kind on one criterion across a portal's scenarios."""

    kind: str
    occurrences: int  # findings of this kind
    scenarios: int  # scenarios in which it was seen
    examples: tuple[FindingExample, ...]  # at most MAX_FINDING_EXAMPLES scenarios

    @property
    def more_scenarios(self) -> int:
        return self.scenarios - len(self.examples)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "occurrences": self.occurrences,
            "scenarios": self.scenarios,
            "examples": [example.to_dict() for example in self.examples],
            "more_scenarios": self.more_scenarios,
        }


@dataclass(frozen=True)
class CriterionSummary:
    """A portal's verdicts on one quality criterion over the latest run of every scenario."""

    criterion: str
    counts: dict[str, int]  # met, not_met, not_assessable, not_applicable -> scenarios
    findings: tuple[FindingGroup, ...]  # most frequent kind first, at most MAX_FINDING_KINDS
    more_finding_kinds: int = 0

    @property
    def scenarios(self) -> int:
        return sum(self.counts.values())

    def to_dict(self) -> dict:
        return {
            "criterion": self.criterion,
            "counts": dict(self.counts),
            "scenarios": self.scenarios,
            "findings": [group.to_dict() for group in self.findings],
            "more_finding_kinds": self.more_finding_kinds,
        }


@dataclass(frozen=True)
class NotMetSource:
    """A scenario that did not meet a criterion, and what its judgement said."""

    scenario: str  # journey or assistant
    viewport: str
    summary: str

    @property
    def label(self) -> str:
        """E.g. "phone journey: 2 finding(s): horizontal scroll"."""
        return f"{_scenario_label(self.scenario, self.viewport)}: {self.summary}"


@dataclass(frozen=True)
class NotMetMarker:
    """A criterion not met by some scenario of one procedure on one portal (the matrix cell's marker)."""

    criterion: str
    where: tuple[NotMetSource, ...]

    @property
    def title(self) -> str:
        return "; ".join(source.label for source in self.where)


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
    # Questions to the virtual assistant, one entry per procedure asked about.
    assistant_scenarios: list[AssistantAssessment] = field(default_factory=list)
    # Per quality criterion (QUALITY_CRITERIA order): verdict counts and grouped findings over the
    # latest run of every scenario (journeys in every viewport and assistant scenarios).
    quality_criteria: list[CriterionSummary] = field(default_factory=lambda: summarize_quality(()))

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

    def assistant(self, procedure_id: str) -> AssistantAssessment | None:
        return next((a for a in self.assistant_scenarios if a.id == procedure_id), None)

    def quality_summary(self, criterion: str) -> CriterionSummary | None:
        return next((c for c in self.quality_criteria if c.criterion == criterion), None)

    def criteria_not_met(self, procedure_id: str) -> list[NotMetMarker]:
        """Criteria some scenario of this procedure did not meet: desktop and phone journeys, assistant."""
        scenarios: list[tuple[str, str, Iterable[QualityJudgement]]] = [
            # A matrix procedure also carries the assistant's verdict: that one is taken from the assistant.
            (JOURNEY, p.viewport, (j for j in p.quality_criteria if j.scenario == JOURNEY))
            for p in self.procedures + self.other_viewports
            if p.id == procedure_id
        ]
        scenarios += [
            (ASSISTANT, a.viewport, a.quality_criteria)
            for a in self.assistant_scenarios
            if a.id == procedure_id
        ]
        where: dict[str, list[NotMetSource]] = {}
        for kind, viewport, judgements in scenarios:
            for judgement in judgements:
                if judgement.verdict == NOT_MET:
                    where.setdefault(judgement.criterion, []).append(
                        NotMetSource(kind, viewport, judgement.summary)
                    )
        return [NotMetMarker(name, tuple(where[name])) for name in sorted(where, key=_criterion_order)]

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
            "assistant_scenarios": [assistant.to_dict() for assistant in self.assistant_scenarios],
            "quality_criteria": [summary.to_dict() for summary in self.quality_criteria],
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
    # Older results for the same portal, procedure, scenario kind and viewport, replaced by a later run.
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
    """The most recent observation per (portal, procedure, kind, viewport); reruns replace earlier runs.

    The kind is part of the key: the assistant scenario about a procedure carries the same portal and
    procedure labels as the journey, and must not replace it.
    """
    latest: dict[tuple[str, str, str, str], Observation] = {}
    superseded = 0
    for scenario in scenarios:
        for observation in _observations_of(scenario, problems):
            key = (
                scenario.portal_id or "",
                scenario.procedure_id or "",
                observation.kind,
                observation.viewport,
            )
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
        return [Observation(scenario, viewport or MATRIX_VIEWPORT, None, scenario.kind)]
    # One result may hold measurements for several viewports; within a viewport the last one counts.
    per_viewport = {(m.kind, m.viewport): m for m in scenario.measurements}
    return [Observation(scenario, viewport, m, kind) for (kind, viewport), m in per_viewport.items()]


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
    assistants = sorted(
        (_assess_assistant(o, procedure_names) for o in observations if o.kind == ASSISTANT),
        key=lambda a: (a.name.casefold(), a.id, a.viewport),
    )
    # Only procedure journeys make the matrix and the score.
    procedures = sorted(
        (_assess_procedure(o, procedure_names, model) for o in observations if o.kind != ASSISTANT),
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
        name=identity.name if identity else (fallback.label("portal_name") or portal_id),
        owner=identity.owner if identity and identity.owner else fallback.label("owner"),
        level=identity.level if identity and identity.level else fallback.label("level"),
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
    return replace(
        procedure,
        quality_criteria=_in_criteria_order(merged),
        assistant_result=asked[0].result,
    )


def _assess_assistant(observation: Observation, procedure_names: dict[str, str]) -> AssistantAssessment:
    result, measurements = observation.result, observation.measurements
    procedure_id = result.procedure_id or ""
    return AssistantAssessment(
        id=procedure_id,
        name=procedure_names.get(procedure_id) or result.name or procedure_id,
        portal_code=measurements.procedure.portal_code if measurements else None,
        viewport=observation.viewport,
        status=result.status,
        result=_reference(result),
        quality_criteria=judge_quality(observation, full_online=None),
    )


def _assess_procedure(
    observation: Observation, procedure_names: dict[str, str], model: ScoringModel
) -> ProcedureAssessment:
    result, measurements = observation.result, observation.measurements
    criteria = tuple(criterion.assess(observation) for criterion in model.criteria)
    headline = criteria[0]
    full_online = next((c for c in criteria if c.criterion == Criterion.FULL_ONLINE.value), None)
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
        result=_reference(result),
        journey=dict(measurements.journey) if measurements else None,
        timing=_timing_summary(measurements),
        quality_criteria=judge_quality(observation, full_online),
    )


def _reference(result: ScenarioResult) -> ResultReference:
    return ResultReference(
        uuid=result.uuid,
        history_id=result.history_id,
        name=result.name,
        start=result.start,
        stop=result.stop,
    )


# --- quality criteria (reported, not scored in model v0) ---------------------------------------------


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
    return _in_criteria_order(judgements)


def _judge_criterion(
    name: str, observation: Observation, full_online: CriterionAssessment | None
) -> QualityJudgement:
    result, measurements, kind = observation.result, observation.measurements, observation.kind
    measured = measurements.criteria.get(name) if measurements else None

    def judged(verdict: str, summary: str, findings: tuple[CriterionFinding, ...] = ()) -> QualityJudgement:
        return QualityJudgement(name, verdict, summary, findings, scenario=kind)

    if result.status == "skipped":
        return judged(CriterionVerdict.NOT_APPLICABLE.value, _message_or(result, "the scenario was skipped"))
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
            f"the measurements ({measurements.schema}) judge no quality criterion"
            if not measurements.criteria
            else "the measurements give no verdict on this criterion"
        )
        return judged(CriterionVerdict.NOT_ASSESSABLE.value, why)
    if result.status in ("broken", "unknown") and measured.verdict == MET:
        # As for full online: a run that broke cannot show a criterion is met, only what it found wrong.
        return judged(
            CriterionVerdict.NOT_ASSESSABLE.value,
            f"the scenario broke before it finished; so far: {measured.summary}",
        )
    return judged(measured.verdict, measured.summary, measured.findings)


def _full_online_judgement(assessment: CriterionAssessment) -> QualityJudgement:
    verdict = FULL_ONLINE_AS_CRITERION.get(assessment.verdict, CriterionVerdict.NOT_ASSESSABLE.value)
    summary = FULL_ONLINE_SUMMARY.get(assessment.verdict) or (
        "; ".join(reason.detail for reason in assessment.reasons if reason.detail) or assessment.verdict
    )
    findings = (
        tuple(CriterionFinding(reason.kind, reason.detail) for reason in assessment.reasons)
        if verdict == NOT_MET
        else ()
    )
    return QualityJudgement(Criterion.FULL_ONLINE.value, verdict, summary, findings, scenario=JOURNEY)


def _in_criteria_order(judgements: dict[str, QualityJudgement]) -> tuple[QualityJudgement, ...]:
    return tuple(judgements[name] for name in sorted(judgements, key=_criterion_order))


def _criterion_order(name: str) -> tuple[int, str]:
    # QUALITY_CRITERIA order; a criterion a newer harness adds goes last, by name.
    return (QUALITY_CRITERIA.index(name) if name in QUALITY_CRITERIA else len(QUALITY_CRITERIA), name)


@dataclass(frozen=True)
class JudgedScenario:
    """One scenario's own judgements, as the per-portal summary counts them."""

    procedure_id: str
    procedure_name: str
    viewport: str
    kind: str  # journey or assistant
    judgements: Sequence[QualityJudgement]

    def judgement(self, criterion: str) -> QualityJudgement | None:
        # A matrix procedure also carries the assistant's verdict; it is counted with the assistant.
        own = (j for j in self.judgements if j.criterion == criterion and j.scenario == self.kind)
        return next(own, None)


def summarize_quality(scenarios: Iterable[JudgedScenario]) -> list[CriterionSummary]:
    """Per criterion: how many scenarios met it, did not, could not be judged or were not concerned,
    and what was found wrong, grouped by kind of finding (the kind seen in most scenarios first)."""
    scenarios = list(scenarios)
    summaries = []
    for criterion in QUALITY_CRITERIA:
        counts = dict.fromkeys(CRITERION_VERDICTS, 0)
        not_met: list[tuple[JudgedScenario, QualityJudgement]] = []
        for scenario in scenarios:
            judgement = scenario.judgement(criterion)
            if judgement is not None:
                counts[judgement.verdict] = counts.get(judgement.verdict, 0) + 1
                # Only a "not met" verdict makes its findings defects of the portal.
                if judgement.verdict == NOT_MET:
                    not_met.append((scenario, judgement))
        groups = _finding_groups(not_met)
        summaries.append(
            CriterionSummary(
                criterion=criterion,
                counts=counts,
                findings=tuple(groups[:MAX_FINDING_KINDS]),
                more_finding_kinds=max(0, len(groups) - MAX_FINDING_KINDS),
            )
        )
    return summaries


def _finding_groups(not_met: Sequence[tuple[JudgedScenario, QualityJudgement]]) -> list[FindingGroup]:
    occurrences: dict[str, int] = {}
    examples: dict[str, list[FindingExample]] = {}
    for scenario, judgement in not_met:
        first_of_kind: dict[str, CriterionFinding] = {}
        for finding in judgement.findings:
            occurrences[finding.kind] = occurrences.get(finding.kind, 0) + 1
            first_of_kind.setdefault(finding.kind, finding)
        for kind, finding in first_of_kind.items():
            examples.setdefault(kind, []).append(
                FindingExample(
                    procedure_id=scenario.procedure_id,
                    procedure_name=scenario.procedure_name,
                    viewport=scenario.viewport,
                    scenario=scenario.kind,
                    detail=finding.detail,
                    page=finding.page,
                )
            )
    groups = [
        FindingGroup(
            kind=kind,
            occurrences=occurrences[kind],
            scenarios=len(seen),
            examples=tuple(sorted(seen, key=_example_order))[:MAX_FINDING_EXAMPLES],
        )
        for kind, seen in examples.items()
    ]
    return sorted(groups, key=lambda group: (-group.scenarios, -group.occurrences, group.kind))


def _example_order(example: FindingExample) -> tuple[str, str, str, str]:
    return (example.procedure_name.casefold(), example.procedure_id, example.viewport, example.scenario)


def _scenario_label(kind: str, viewport: str) -> str:
    if kind == ASSISTANT:
        return "assistant" if viewport == MATRIX_VIEWPORT else f"assistant ({viewport})"
    return f"{viewport} journey"


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
