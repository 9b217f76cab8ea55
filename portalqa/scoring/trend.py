"""Trend: this run against the previous ones, per portal and criterion.

Every scored run is kept in a history folder (`reports/history/` unless a run names another), one
assessment.json per run named by when it was generated. The newest one before this run is the
*previous* run: each portal's score change, and the criteria that lost points (regressions) or gained
them (improvements), are named from it. A criterion that was scored in one run and not assessed in the
other is not a regression or an improvement: it had no evidence, and is listed as such by the report.
The scores of the last runs make the trend chart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from portalqa.scoring.output import (
    Assessment,
    CriterionChange,
    PortalAssessment,
    PortalTrend,
    TrendPoint,
    TrendSummary,
)

# Smaller changes in a criterion's points are rounding, not a change of the portal.
MIN_CHANGE = 0.01
# Runs shown in the trend chart (the newest ones, this run included).
MAX_HISTORY = 20


@dataclass(frozen=True)
class PastRun:
    path: Path
    data: dict

    @property
    def generated_at(self) -> str:
        return str(self.data.get("generated_at") or "")


def past_runs(history_dir: Path) -> list[PastRun]:
    """The assessments in the history folder, oldest first; unreadable files are skipped."""
    runs = []
    for path in sorted(history_dir.glob("*.json")) if history_dir.is_dir() else ():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(data, dict) and isinstance(data.get("portals"), list):
            runs.append(PastRun(path, data))
    return sorted(runs, key=lambda run: run.generated_at)


def with_trend(assessment: Assessment, history: list[PastRun]) -> Assessment:
    """The assessment with each portal's trend against the newest earlier run, and the history chart."""
    earlier = [run for run in history if run.generated_at < _generated_at(assessment)]
    previous = earlier[-1] if earlier else None
    points = [_trend_point(run.data) for run in earlier[-(MAX_HISTORY - 1) :]]
    points.append(_trend_point(assessment.to_dict()))
    portals = [
        portal.model_copy(update={"trend": portal_trend(portal, _portal(previous.data, portal.id))})
        if previous is not None
        else portal
        for portal in assessment.portals
    ]
    model = previous.data.get("model") or {} if previous else {}
    summary = TrendSummary(
        previous_generated_at=previous.generated_at if previous else None,
        previous_assessment=str(previous.path) if previous else None,
        model_changed=bool(previous)
        and (model.get("id"), model.get("version")) != (assessment.model.id, assessment.model.version),
        history=tuple(points),
    )
    return assessment.model_copy(update={"portals": portals, "trend": summary})


def portal_trend(portal: PortalAssessment, previous: dict | None) -> PortalTrend | None:
    """How the portal moved since its previous assessment; None when it was not assessed then."""
    if previous is None:
        return None
    before = {
        criterion.get("id"): (group.get("id"), criterion)
        for group in previous.get("groups") or []
        for criterion in group.get("criteria") or []
    }
    regressions, improvements = [], []
    for group in portal.groups:
        for criterion in group.criteria:
            _, old = before.get(criterion.id, (None, None))
            if old is None:
                continue
            old_earned = old.get("earned")
            change = (
                round(criterion.earned - old_earned, 4)
                if criterion.earned is not None and isinstance(old_earned, int | float)
                else None
            )
            record = CriterionChange(
                group=group.id,
                criterion=criterion.id,
                previous_earned=old_earned,
                earned=criterion.earned,
                previous_status=str(old.get("status") or ""),
                status=criterion.status,
                change=change,
            )
            if change is not None and change <= -MIN_CHANGE:
                regressions.append(record)
            elif change is not None and change >= MIN_CHANGE:
                improvements.append(record)
    old_score = previous.get("score")
    return PortalTrend(
        previous_score=old_score,
        previous_grade=previous.get("grade"),
        score_change=round(portal.score - old_score, 1)
        if portal.score is not None and isinstance(old_score, int | float)
        else None,
        regressions=tuple(sorted(regressions, key=lambda c: c.change or 0)),
        improvements=tuple(sorted(improvements, key=lambda c: -(c.change or 0))),
    )


def record_in_history(assessment_json: Path, history_dir: Path, generated_at: str) -> Path:
    """Keep this run's assessment.json in the history folder, named by when it was generated."""
    history_dir.mkdir(parents=True, exist_ok=True)
    name = generated_at.replace(":", "").replace("-", "").replace("+", "_") or "assessment"
    target = history_dir / f"{name}.json"
    target.write_bytes(assessment_json.read_bytes())
    return target


def _generated_at(assessment: Assessment) -> str:
    return assessment.to_dict()["generated_at"]


def _portal(data: dict, portal_id: str) -> dict | None:
    return next((p for p in data.get("portals") or [] if p.get("id") == portal_id), None)


def _trend_point(data: dict) -> TrendPoint:
    return TrendPoint(
        generated_at=str(data.get("generated_at") or ""),
        scores={str(p.get("id")): p.get("score") for p in data.get("portals") or []},
    )
