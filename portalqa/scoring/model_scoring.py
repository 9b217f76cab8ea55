"""A portal's points under the quality model: per criterion, per group, overall, and per procedure.

For every criterion of the model (portalqa.scoring.quality_model) the indicator reads the portal's
evidence (portalqa.scoring.indicators) and the formula turns its figure into points
(portalqa.scoring.formulas). Three outcomes, kept apart all the way to the scorecard:

- scored: the indicator had evidence; the criterion earns between 0 and its points;
- not_assessed: nothing in this run to measure it by (the journeys stopped before it, the profile
  does not say how to recognise it, the load phase did not run): its points are left out;
- not_observable: the model says a browser cannot observe it (back-office figures): left out.

The portal's score is 100 × points earned ÷ points assessed: rescaled to what had evidence, with
the coverage (points assessed ÷ the model's points) published beside it, so that nothing unobserved
is silently counted as 0 or as full. Below the model's minimum coverage the score stands but no grade
is given. Points lost are shared among a criterion's finding kinds: by each rule's own deduction for
accessibility, else in proportion to the scenarios or pages each kind was seen in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from portalqa.scoring.formulas import deduction, share_earned
from portalqa.scoring.indicators import IndicatorValue, PortalEvidence, Tally, measure
from portalqa.scoring.output import (
    CriterionScore,
    EvidenceLink,
    FindingTotal,
    GroupScore,
    ModelCriterionDescription,
    ModelDescription,
    ModelGroupDescription,
    ProcedurePoints,
    RankedFinding,
    ResultReference,
)
from portalqa.scoring.quality_model import CriterionSpec, QualityModel, SeverityDeductions

POINTS_DECIMALS = 4


@dataclass(frozen=True)
class PortalPoints:
    groups: list[GroupScore]
    points_assessed: float
    points_total: float
    earned: float
    score: float | None
    grade: str | None
    grade_withheld: str | None
    findings: list[RankedFinding]


def score_portal(model: QualityModel, evidence: PortalEvidence) -> PortalPoints:
    groups = []
    for group in model.groups:
        criteria = tuple(score_criterion(criterion, group.id, evidence) for criterion in group.criteria)
        assessed = sum(c.points for c in criteria if c.status == "scored")
        earned = sum(c.earned or 0.0 for c in criteria)
        score = round(100 * earned / assessed, 1) if assessed else None
        groups.append(
            GroupScore(
                id=group.id,
                points=group.points,
                points_assessed=round(assessed, POINTS_DECIMALS),
                earned=round(earned, POINTS_DECIMALS),
                score=score,
                grade=model.grade_for(score),
                criteria=criteria,
            )
        )
    assessed = sum(g.points_assessed for g in groups)
    earned = sum(g.earned for g in groups)
    score = round(100 * earned / assessed, 1) if assessed else None
    coverage = assessed / model.total_points
    grade, withheld = model.grade_for(score), None
    if score is not None and coverage < model.minimum_coverage:
        grade = None
        withheld = (
            f"only {coverage:.0%} of the model's points had evidence (a grade needs "
            f"{model.minimum_coverage:.0%}): the score is published, the grade is not"
        )
    return PortalPoints(
        groups=groups,
        points_assessed=round(assessed, POINTS_DECIMALS),
        points_total=model.total_points,
        earned=round(earned, POINTS_DECIMALS),
        score=score,
        grade=grade,
        grade_withheld=withheld,
        findings=ranked_findings(model, groups),
    )


def score_procedure(model: QualityModel, evidence: PortalEvidence, procedure_id: str) -> ProcedurePoints:
    """The per-procedure criteria of the model, judged on this procedure's scenarios alone."""
    own = evidence.of_procedure(procedure_id)
    criteria = tuple(
        score_criterion(criterion, group.id, own)
        for group in model.groups
        for criterion in group.criteria
        if criterion.per_procedure and criterion.observable
    )
    assessed = sum(c.points for c in criteria if c.status == "scored")
    earned = sum(c.earned or 0.0 for c in criteria)
    return ProcedurePoints(
        maximum=sum(c.points for c in criteria),
        assessed=round(assessed, POINTS_DECIMALS),
        earned=round(earned, POINTS_DECIMALS),
        score=round(100 * earned / assessed, 1) if assessed else None,
        criteria=criteria,
    )


def score_criterion(criterion: CriterionSpec, group: str, evidence: PortalEvidence) -> CriterionScore:
    if not criterion.observable:
        return CriterionScore(
            id=criterion.id, group=group, status="not_observable", points=criterion.points, earned=None,
            why=criterion.why_not_observable.en if criterion.why_not_observable else "",
        )  # fmt: skip
    indicator = measure(criterion.indicator, evidence)
    findings = tuple(_finding_total(tally) for tally in indicator.findings)
    if indicator.value is None:
        return CriterionScore(
            id=criterion.id, group=group, status="not_assessed", points=criterion.points, earned=None,
            observed=indicator.observed, unit=indicator.unit, why=indicator.unobserved, findings=findings,
        )  # fmt: skip
    share = share_earned(criterion.formula, indicator)
    return CriterionScore(
        id=criterion.id,
        group=group,
        status="scored",
        points=criterion.points,
        earned=round(criterion.points * share, POINTS_DECIMALS),
        value=None if criterion.formula.kind == "severity_deductions" else round(indicator.value, 4),
        observed=indicator.observed,
        unit=indicator.unit,
        figures=_figures(criterion, indicator),
        why=indicator.unobserved,
        findings=findings,
    )


def _figures(criterion: CriterionSpec, indicator: IndicatorValue) -> dict[str, float]:
    figures = dict(indicator.figures)
    if isinstance(criterion.formula, SeverityDeductions):
        figures["deductions"] = round(sum(deduction(criterion.formula, v) for v in indicator.violations), 4)
    return figures


def ranked_findings(model: QualityModel, groups: Sequence[GroupScore]) -> list[RankedFinding]:
    """Every finding kind with the points it cost, most first."""
    specs = {criterion.id: criterion for criterion in model.criteria()}
    ranked = []
    for group in groups:
        for criterion in group.criteria:
            lost = criterion.points_lost or 0.0
            if lost <= 0 or not criterion.findings:
                continue
            shares = _shares_of_loss(specs[criterion.id], criterion.findings)
            for finding, share in zip(criterion.findings, shares, strict=True):
                ranked.append(
                    RankedFinding(
                        group=group.id,
                        criterion=criterion.id,
                        kind=finding.kind,
                        impact=finding.impact,
                        points_lost=round(lost * share, POINTS_DECIMALS),
                        occurrences=finding.occurrences,
                        units=finding.units,
                        examples=finding.examples,
                    )
                )
    return sorted(ranked, key=lambda f: (-f.points_lost, f.group, f.criterion, f.kind))


def _shares_of_loss(spec: CriterionSpec, findings: Sequence[FindingTotal]) -> list[float]:
    if isinstance(spec.formula, SeverityDeductions):
        weights = [
            spec.formula.weights.get(f.impact or "minor", 0.0)
            * f.units
            * min(1.0, f.occurrences / f.units / spec.formula.elements_for_full_weight)
            for f in findings
        ]
    else:
        weights = [float(f.units) for f in findings]
    total = sum(weights)
    return [w / total if total else 1 / len(findings) for w in weights]


def _finding_total(tally: Tally) -> FindingTotal:
    return FindingTotal(
        kind=tally.kind,
        impact=tally.impact,
        occurrences=tally.occurrences,
        units=tally.units,
        examples=tuple(_link(example) for example in tally.examples),
    )


def _link(example) -> EvidenceLink:
    observation = example.observation
    result = observation.result if observation is not None else None
    return EvidenceLink(
        procedure_id=example.procedure_id,
        procedure_name=example.procedure_name,
        viewport=example.viewport,
        scenario=example.scenario,
        detail=example.detail,
        page=example.page,
        allure_result=ResultReference(
            uuid=result.uuid,
            history_id=result.history_id,
            name=result.name,
            start=result.start,
            stop=result.stop,
        )
        if result is not None
        else None,
        screenshot=(result.screenshots[-1] if result is not None and result.screenshots else None),
    )


def describe_model(
    model: QualityModel, matrix_viewport: str, cell_points: dict[str, float]
) -> ModelDescription:
    """The model as published in assessment.json, so that a reader can check every figure against it."""
    return ModelDescription(
        id=model.id,
        version=model.version,
        title=model.title.model_dump(),
        source=model.source,
        path=model.path,
        total_points=model.total_points,
        minimum_coverage=model.minimum_coverage,
        grade_bands=[band.model_dump() for band in model.grade_bands],
        groups=[
            ModelGroupDescription(
                id=group.id,
                name=group.name.model_dump(),
                points=group.points,
                source=group.source,
                criteria=[
                    ModelCriterionDescription(
                        id=c.id,
                        name=c.name.model_dump(),
                        points=c.points,
                        source=c.source,
                        observable=c.observable,
                        per_procedure=c.per_procedure,
                        why_not_observable=c.why_not_observable.model_dump()
                        if c.why_not_observable
                        else None,
                        indicator=c.indicator.model_dump(exclude_defaults=True) if c.indicator else None,
                        formula=c.formula.model_dump() if c.formula else None,
                    )
                    for c in group.criteria
                ],
            )
            for group in model.groups
        ],
        matrix_viewport=matrix_viewport,
        cell_points=dict(cell_points),
    )
