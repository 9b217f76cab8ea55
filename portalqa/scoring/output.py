"""The assessment as it is published: per portal, procedure and criterion (schema portalqa.assessment/3).

One definition serves the scorer (which builds these records), the reports (which read them) and
docs/assessment.schema.json, generated from them with `python -m portalqa assessment-schema`. The
JSON keys keep the order in which they were first published, so that assessments diff cleanly
across versions; `to_dict()` is the JSON form.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_serializer, model_serializer

from portalqa.evidence.allure_reading import ASSISTANT, JOURNEY, ReadingProblem
from portalqa.model.criteria import Criterion, CriterionVerdict
from portalqa.model.findings import CriterionJudgement, Reason
from portalqa.model.full_online import Verdict
from portalqa.scoring.terms import (
    ASSESSMENT_SCHEMA,
    NOT_MET,
    VERDICT_ORDER,
    criterion_order,
    outcome_of,
    scenario_label,
)


class Record(BaseModel):
    """A published record: immutable, and written with its keys in `json_keys` order when given."""

    model_config = ConfigDict(frozen=True)
    # Serialized names (aliases) in publication order; derived values sit among the stored ones.
    json_keys: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    def _in_published_order(self, handler):  # unannotated: the JSON Schema keeps the fields
        data = handler(self)
        if not self.json_keys or not isinstance(data, dict):
            return data
        return {key: data[key] for key in self.json_keys if key in data} | data

    def to_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)


class ResultReference(Record):
    """The Allure result a verdict rests on, so a reader can open the evidence."""

    uuid: str
    history_id: str | None
    name: str
    start: int | None
    stop: int | None


class TimingSummary(Record):
    pages: int
    median_load_event_ms: float | None
    max_load_event_ms: float | None


class QualityJudgement(CriterionJudgement):
    """One scenario's verdict on one quality criterion, as the assessment reports it (not scored in v0)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    # The key of the judgement in its procedure's quality_criteria map.
    criterion: str = Field(exclude=True)
    scenario: str = JOURNEY  # the kind of scenario that judged it: journey or assistant


class CriterionAssessment(Record):
    criterion: str
    verdict: str
    # None: the criterion could not be assessed or does not apply; it is excluded from the score.
    points: float | None
    reasons: tuple[Reason, ...]


def _quality_map(judgements: Iterable[QualityJudgement]) -> dict[str, QualityJudgement]:
    return {j.criterion: j for j in judgements}


class _JudgedScenarioRecord(Record):
    """What journeys and assistant scenarios share: identity, outcome and their quality judgements."""

    id: str
    name: str
    portal_code: str | None
    viewport: str
    status: str
    result: ResultReference = Field(serialization_alias="allure_result")
    quality_criteria: tuple[QualityJudgement, ...] = ()

    @computed_field
    @property
    def outcome(self) -> str:
        return outcome_of(self.status)

    @computed_field
    @property
    def criteria_not_met(self) -> list[str]:
        return [j.criterion for j in self.quality_criteria if j.verdict == NOT_MET]

    def quality(self, criterion: str) -> QualityJudgement | None:
        return next((j for j in self.quality_criteria if j.criterion == criterion), None)

    @field_serializer("quality_criteria")
    def _by_criterion(self, judgements: tuple[QualityJudgement, ...]) -> dict[str, QualityJudgement]:
        return _quality_map(judgements)


class ProcedureAssessment(_JudgedScenarioRecord):
    json_keys = (
        "id", "name", "portal_code", "viewport", "verdict", "points", "reasons", "status", "outcome",
        "allure_result", "journey", "timing", "criteria", "other_finding", "quality_criteria",
        "criteria_not_met", "assistant_allure_result", "model_points",
    )  # fmt: skip

    verdict: str
    # The matrix cell's share offered online (full 1, partial 0.5, not online 0); None: not assessable.
    points: float | None
    reasons: tuple[Reason, ...]
    criteria: tuple[CriterionAssessment, ...]
    journey: dict | None
    timing: TimingSummary
    # A failed scenario whose defect is not a full-online reason (e.g. nothing pre-filled): the
    # criterion that catches it arrives with the quality model; until then the finding is shown as is.
    other_finding: str | None = None
    # (quality_criteria: the journey's own verdict on each quality criterion, in QUALITY_CRITERIA order;
    # in the matrix viewport also the virtual assistant's verdict for this procedure, if asked.)
    # The assistant scenario that judged virtual_assistant for this procedure, if any.
    assistant_result: ResultReference | None = Field(None, serialization_alias="assistant_allure_result")
    # The procedure's own points under the quality model (its per-procedure criteria).
    model_points: ProcedurePoints | None = None

    @property
    def assessable(self) -> bool:
        return self.points is not None


class AssistantAssessment(_JudgedScenarioRecord):
    """Questions to the portal's virtual assistant about one procedure: judged, reported, not scored."""

    json_keys = (
        "id", "name", "portal_code", "viewport", "verdict", "status", "outcome", "allure_result",
        "quality_criteria", "criteria_not_met",
    )  # fmt: skip

    @computed_field
    @property
    def verdict(self) -> str:
        """The virtual_assistant verdict."""
        judgement = self.quality(Criterion.VIRTUAL_ASSISTANT.value)
        return judgement.verdict if judgement else CriterionVerdict.NOT_ASSESSABLE.value


class SiteAssessment(_JudgedScenarioRecord):
    """The portal-wide checks of the public pages in one viewport: judged per page criterion."""

    json_keys = (
        "id", "name", "viewport", "status", "outcome", "allure_result", "pages", "quality_criteria",
        "criteria_not_met",
    )  # fmt: skip

    pages: int = 0  # public pages checked


class FindingExample(Record):
    """One scenario where a kind of finding was seen (its first finding of that kind)."""

    procedure_id: str
    procedure_name: str
    viewport: str
    scenario: str  # journey or assistant
    detail: str
    page: str | None


class FindingGroup(Record):
    """The findings of one kind on one criterion across a portal's scenarios."""

    kind: str
    occurrences: int  # findings of this kind
    scenarios: int  # scenarios in which it was seen
    examples: tuple[FindingExample, ...]  # at most MAX_FINDING_EXAMPLES scenarios

    @computed_field
    @property
    def more_scenarios(self) -> int:
        return self.scenarios - len(self.examples)


class CriterionSummary(Record):
    """A portal's verdicts on one quality criterion over the latest run of every scenario."""

    json_keys = ("criterion", "counts", "scenarios", "findings", "more_finding_kinds")

    criterion: str
    counts: dict[str, int]  # met, not_met, not_assessable, not_applicable -> scenarios
    findings: tuple[FindingGroup, ...]  # most frequent kind first, at most MAX_FINDING_KINDS
    more_finding_kinds: int = 0

    @computed_field
    @property
    def scenarios(self) -> int:
        return sum(self.counts.values())


class NotMetSource(Record):
    """A scenario that did not meet a criterion, and what its judgement said."""

    scenario: str  # journey or assistant
    viewport: str
    summary: str

    @property
    def label(self) -> str:
        """E.g. "phone journey: 2 finding(s): horizontal scroll"."""
        return f"{scenario_label(self.scenario, self.viewport)}: {self.summary}"


class NotMetMarker(Record):
    """A criterion not met by some scenario of one procedure on one portal (the matrix cell's marker)."""

    criterion: str
    where: tuple[NotMetSource, ...]

    @property
    def title(self) -> str:
        return "; ".join(source.label for source in self.where)


class SpeedUnderLoadAssessment(Record):
    """The portal's speed under load (criterion speed_under_load), from its load phase's Allure result."""

    criterion: Literal["speed_under_load"] = "speed_under_load"
    verdict: str  # met, missed, not_assessable
    summary: str
    status: str | None = None
    figures: dict | None = None  # per-group 95th percentiles and failure ratio, as measured
    objectives: dict | None = None
    result: ResultReference | None = Field(None, serialization_alias="allure_result")  # the load phase's

    @classmethod
    def not_measured(cls) -> SpeedUnderLoadAssessment:
        return cls(
            verdict="not_assessable",
            summary="no load result: the profile does not allow load, or the load phase did not run",
        )


class PortalAssessment(Record):
    # Mutable: the speed under load is added once the load results are matched to the portals.
    model_config = ConfigDict(frozen=False)
    json_keys = (
        "id", "name", "owner", "level", "rank", "score", "grade", "grade_withheld", "coverage",
        "points_assessed", "points_total", "groups", "findings", "trend", "assessable_procedures", "counts",
        "procedures", "other_viewports", "speed_under_load", "assistant_scenarios", "site_scenarios",
        "quality_criteria",
    )  # fmt: skip

    id: str
    name: str
    owner: str | None
    level: str | None
    # 100 x points earned / points with evidence under the quality model, one decimal.
    score: float | None
    grade: str | None
    # Why a portal with a score has no grade (too little of the model had evidence), else None.
    grade_withheld: str | None = None
    rank: int | None = None
    points_assessed: float = 0.0
    points_total: float = 0.0
    groups: list[GroupScore] = []
    # Every kind of finding, most points lost first.
    findings: list[RankedFinding] = []
    trend: PortalTrend | None = None
    # Portal-wide checks of the public pages, one per viewport.
    site_scenarios: list[SiteAssessment] = []
    procedures: list[ProcedureAssessment]
    # Procedures measured in viewports other than MATRIX_VIEWPORT: reported, not scored (yet).
    other_viewports: list[ProcedureAssessment] = []
    speed_under_load: SpeedUnderLoadAssessment = Field(default_factory=SpeedUnderLoadAssessment.not_measured)
    # Questions to the virtual assistant, one entry per procedure asked about.
    assistant_scenarios: list[AssistantAssessment] = []
    # Per quality criterion (QUALITY_CRITERIA order): verdict counts and grouped findings over the
    # latest run of every scenario (journeys in every viewport and assistant scenarios).
    quality_criteria: list[CriterionSummary] = []

    @computed_field
    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(VERDICT_ORDER, 0)
        for procedure in self.procedures:
            counts[procedure.verdict] = counts.get(procedure.verdict, 0) + 1
        return counts

    @computed_field
    @property
    def coverage(self) -> float:
        """Share of the model's points that had evidence on this portal."""
        return round(self.points_assessed / self.points_total, 4) if self.points_total else 0.0

    def group(self, group_id: str) -> GroupScore | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def criterion_score(self, criterion_id: str) -> CriterionScore | None:
        return next((c for g in self.groups for c in g.criteria if c.id == criterion_id), None)

    @computed_field
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
                        NotMetSource(scenario=kind, viewport=viewport, summary=judgement.summary)
                    )
        return [
            NotMetMarker(criterion=name, where=tuple(where[name]))
            for name in sorted(where, key=criterion_order)
        ]


class RankingEntry(Record):
    # None for portals without a score: they are listed last, unranked.
    rank: int | None
    portal_id: str
    name: str
    owner: str | None
    level: str | None
    score: float | None
    grade: str | None


class SourceSummary(Record):
    results_dir: str
    results_read: int
    results_without_portal_labels: int
    # Older results for the same portal, procedure, scenario kind and viewport, replaced by a later run.
    results_superseded: int


class ModelCriterionDescription(Record):
    """One criterion of the quality model, as published beside the scores."""

    id: str
    name: dict[str, str]  # by language: en, vi
    points: float
    source: str
    observable: bool
    per_procedure: bool
    why_not_observable: dict[str, str] | None = None
    indicator: dict[str, Any] | None = None
    formula: dict[str, Any] | None = None


class ModelGroupDescription(Record):
    id: str
    name: dict[str, str]
    points: float
    source: str
    criteria: list[ModelCriterionDescription]


class ModelDescription(Record):
    """The quality model an assessment was made with (portalqa.scoring.quality_model), as published."""

    id: str
    version: str
    title: dict[str, str]
    source: str
    path: str  # the model file read
    total_points: float
    minimum_coverage: float
    grade_bands: list[dict[str, Any]]  # {grade, minimum}, highest first
    groups: list[ModelGroupDescription]
    matrix_viewport: str
    # The full-online verdict of a matrix cell -> share of the procedure offered online.
    cell_points: dict[str, float]


class EvidenceLink(Record):
    """Where a finding was seen: the scenario, its Allure test case and, if one was taken, its screenshot."""

    procedure_id: str
    procedure_name: str
    viewport: str
    scenario: str  # journey, assistant, site or load
    detail: str
    page: str | None
    allure_result: ResultReference | None = None
    screenshot: str | None = None  # the attachment's file in the Allure results folder


class FindingTotal(Record):
    """Every finding of one kind behind one criterion: true totals (never capped), and examples."""

    kind: str
    impact: str | None = None  # accessibility rules: critical, serious, moderate, minor
    occurrences: int  # findings; for accessibility, elements in violation
    units: int  # scenarios or distinct pages where it was seen
    examples: tuple[EvidenceLink, ...] = ()


CriterionStatus = Literal["scored", "not_assessed", "not_observable"]


class CriterionScore(Record):
    """A criterion of the model on one portal (or one procedure): its indicator and points."""

    json_keys = (
        "id", "group", "status", "points", "earned", "points_lost", "value", "observed", "unit", "figures",
        "why", "findings",
    )  # fmt: skip

    id: str
    group: str
    status: CriterionStatus
    points: float  # the model's points for it
    earned: float | None  # None unless scored
    value: float | None = None  # the indicator's figure
    observed: int = 0  # units the figure rests on
    unit: str = ""
    figures: dict[str, float] = {}
    why: str = ""  # not_assessed / not_observable: why; scored: what the figure leaves out
    findings: tuple[FindingTotal, ...] = ()

    @computed_field
    @property
    def points_lost(self) -> float | None:
        return None if self.earned is None else round(self.points - self.earned, 4)


class GroupScore(Record):
    """A group of the model on one portal: points earned of those with evidence, and its grade."""

    json_keys = ("id", "points", "points_assessed", "earned", "score", "grade", "coverage", "criteria")

    id: str
    points: float
    points_assessed: float
    earned: float
    score: float | None  # 100 x earned / points_assessed, one decimal; None without evidence
    grade: str | None
    criteria: tuple[CriterionScore, ...]

    @computed_field
    @property
    def coverage(self) -> float:
        return round(self.points_assessed / self.points, 4)

    def criterion(self, criterion_id: str) -> CriterionScore | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)


class RankedFinding(Record):
    """A kind of finding and the points it cost the portal: what an assessor reads first."""

    group: str
    criterion: str
    kind: str
    impact: str | None = None
    points_lost: float
    occurrences: int
    units: int
    examples: tuple[EvidenceLink, ...] = ()


class ProcedurePoints(Record):
    """A procedure's own points: the model's per-procedure criteria, judged on its scenarios alone."""

    maximum: float
    assessed: float
    earned: float
    score: float | None  # 100 x earned / assessed, one decimal
    criteria: tuple[CriterionScore, ...] = ()


class CriterionChange(Record):
    """How one criterion moved on one portal since the previous run."""

    group: str
    criterion: str
    previous_earned: float | None
    earned: float | None
    previous_status: str
    status: str
    change: float | None  # earned - previous_earned, when both were scored


class PortalTrend(Record):
    previous_score: float | None
    previous_grade: str | None
    score_change: float | None
    regressions: tuple[CriterionChange, ...] = ()
    improvements: tuple[CriterionChange, ...] = ()


class TrendPoint(Record):
    """One earlier run in the history: when, and each portal's score."""

    generated_at: str
    scores: dict[str, float | None]


class TrendSummary(Record):
    previous_generated_at: str | None
    previous_assessment: str | None  # the file compared with
    model_changed: bool  # the previous run was scored with another model id or version
    history: tuple[TrendPoint, ...] = ()  # oldest first, this run last


class Interruption(Record):
    """A run stopped by a signal: its assessment covers only the scenarios that had finished."""

    signal: str  # SIGINT or SIGTERM
    phase: str  # the phase the signal arrived in: scenarios, load, reporting


class Assessment(Record):
    schema_: Literal["portalqa.assessment/3"] = Field(ASSESSMENT_SCHEMA, serialization_alias="schema")
    generated_at: datetime
    model: ModelDescription
    source: SourceSummary
    portals: list[PortalAssessment]  # in ranking order
    ranking: list[RankingEntry]
    problems: list[ReadingProblem]
    trend: TrendSummary | None = None
    # The language the reports were written in (en or vi).
    language: str = "en"
    # Set when the run was interrupted: the scores cover what finished, and coverage says how much.
    interrupted: Interruption | None = None

    @field_serializer("generated_at")
    def _to_the_second(self, generated_at: datetime) -> str:
        return generated_at.isoformat(timespec="seconds")

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


def json_schema() -> str:
    """The JSON Schema of assessment.json (docs/assessment.schema.json)."""
    schema = Assessment.model_json_schema(mode="serialization", by_alias=True)
    schema["$id"] = ASSESSMENT_SCHEMA
    schema["title"] = "portalqa assessment"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
