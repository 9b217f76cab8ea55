"""Judge one scenario's measurements against the assessors' criteria, one verdict per criterion.

The journey records what it saw (pages, timings, axe results, fields, answers); judge() turns that
evidence into findings. It reads only the measurements dictionary, so the scorer can re-judge old
results with the same code. Each criterion's rule is a module of its own (judging/<criterion>.py);
this module only says which criteria apply to a scenario. The limits are in judging/thresholds.py.
"""

from __future__ import annotations

from portalqa.judging.accessibility import judge_accessibility
from portalqa.judging.convenience import judge_convenience
from portalqa.judging.judgement import not_applicable
from portalqa.judging.mobile import judge_mobile
from portalqa.judging.privacy_security import judge_privacy_security
from portalqa.judging.simplicity import judge_simplicity
from portalqa.judging.speed import judge_speed
from portalqa.judging.thresholds import DEFAULT_THRESHOLDS, Thresholds
from portalqa.judging.transparency import judge_transparency
from portalqa.judging.virtual_assistant import judge_virtual_assistant
from portalqa.model.criteria import Criterion
from portalqa.model.findings import CriterionJudgement
from portalqa.model.scenarios import ScenarioKind, Viewport


def judge(
    measurements: dict, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> dict[Criterion, CriterionJudgement]:
    """Every criterion that applies to this scenario, judged from its measurements.

    Full online is not judged here: the journey record classifies it while it runs
    (portalqa.judging.full_online) and adds it to the attachment's criteria itself.
    """
    pages = [page for page in measurements.get("pages") or [] if isinstance(page, dict)]
    phone = measurements.get("viewport") == Viewport.PHONE
    results = {
        Criterion.SPEED: judge_speed(pages, thresholds),
        Criterion.ACCESSIBILITY: judge_accessibility(pages),
        Criterion.MOBILE: judge_mobile(pages, measurements, thresholds)
        if phone
        else not_applicable("judged on the phone run of the journey"),
        Criterion.PRIVACY_SECURITY: judge_privacy_security(pages, measurements, thresholds),
    }
    if measurements.get("kind", ScenarioKind.JOURNEY) == ScenarioKind.JOURNEY:
        journey = measurements.get("journey") or {}
        results[Criterion.SIMPLICITY] = judge_simplicity(journey)
        results[Criterion.CONVENIENCE] = judge_convenience(journey)
        results[Criterion.TRANSPARENCY] = judge_transparency(measurements.get("information_page"))
    if measurements.get("assistant") is not None:
        results[Criterion.VIRTUAL_ASSISTANT] = judge_virtual_assistant(measurements["assistant"])
    return results
