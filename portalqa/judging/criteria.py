"""Judge one scenario's measurements against the assessors' criteria, one verdict per criterion.

The journey records what it saw (pages, timings, axe results, fields, answers); judge() turns that
evidence into findings. It reads only the measurements dictionary, so the scorer can re-judge old
results with the same code. Each criterion's rule is a module of its own (judging/<criterion>.py);
this module only says which criteria apply to a scenario. The limits are in judging/thresholds.py.

A journey that stopped before its end for a cause that says nothing about the portal (portalqa's own
error, the portal unreachable, a stop without a recorded cause: full online not assessable) observed
only the pages before the stop: the criteria of every page are then not met or not assessable, never
met (judgement.cut_short). The journey's own criteria say part by part what it did not reach.
"""

from __future__ import annotations

from portalqa.judging.accessibility import judge_accessibility
from portalqa.judging.convenience import judge_convenience
from portalqa.judging.full_online import VERDICT_FOR
from portalqa.judging.judgement import cut_short, not_applicable
from portalqa.judging.mobile import judge_mobile
from portalqa.judging.privacy_security import judge_privacy_security
from portalqa.judging.simplicity import judge_simplicity
from portalqa.judging.speed import judge_speed
from portalqa.judging.thresholds import DEFAULT_THRESHOLDS, Thresholds
from portalqa.judging.transparency import judge_transparency
from portalqa.judging.virtual_assistant import judge_virtual_assistant
from portalqa.model.criteria import PAGE_CRITERIA, Criterion
from portalqa.model.findings import CriterionJudgement
from portalqa.model.full_online import ReasonKind, Verdict
from portalqa.model.scenarios import ScenarioKind, Viewport

# Reasons that say portalqa could not assess the procedure (not what the portal offers).
_COULD_NOT_ASSESS = frozenset(
    kind for kind, verdict in VERDICT_FOR.items() if verdict == Verdict.NOT_ASSESSABLE
)

# Why a journey stopped, in the words of the criteria's summaries, for each fault kind.
_CAUSES = {
    ReasonKind.PORTAL_UNREACHABLE: "the portal stopped answering",
    ReasonKind.SERVER_ERROR: "the portal's server answered with an error",
    ReasonKind.TIMEOUT: "the portal did not answer in time",
}


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
        Criterion.ACCESSIBILITY: judge_accessibility(
            pages, (measurements.get("journey") or {}).get("css_fallbacks") or []
        ),
        Criterion.MOBILE: judge_mobile(pages, measurements, thresholds)
        if phone
        else not_applicable("judged on the phone run of the journey"),
        Criterion.PRIVACY_SECURITY: judge_privacy_security(pages, measurements, thresholds),
    }
    if measurements.get("kind", ScenarioKind.JOURNEY) == ScenarioKind.JOURNEY:
        journey = measurements.get("journey") or {}
        reasons = [
            r for r in (measurements.get("full_online") or {}).get("reasons") or [] if isinstance(r, dict)
        ]
        custom = bool((measurements.get("procedure") or {}).get("custom"))
        results[Criterion.SIMPLICITY] = judge_simplicity(journey, custom=custom)
        results[Criterion.CONVENIENCE] = judge_convenience(journey, reasons)
        results[Criterion.TRANSPARENCY] = judge_transparency(measurements.get("information_page"))
        stopped = stopped_by_portalqa(measurements)
        if stopped:
            for criterion in PAGE_CRITERIA:
                results[criterion] = cut_short(results[criterion], stopped)
    if measurements.get("assistant") is not None:
        results[Criterion.VIRTUAL_ASSISTANT] = judge_virtual_assistant(measurements["assistant"])
    return results


def stopped_by_portalqa(measurements: dict) -> str | None:
    """Why a journey's pages after its stop were not observed, when it stopped before its end for a
    cause that is not the portal's (full online not assessable); None when it completed or the portal
    itself stopped it (no online offer, a blocked step: the pages after it do not exist for a citizen)."""
    journey = measurements.get("journey") or {}
    full_online = measurements.get("full_online") or {}
    if journey.get("completed"):
        return None
    reasons = [r for r in full_online.get("reasons") or [] if isinstance(r, dict)]
    own = [r for r in reasons if r.get("kind") in _COULD_NOT_ASSESS]
    if own:
        first = own[0]
        cause = _CAUSES.get(first.get("kind"), "portalqa could not go on")
        detail = f": {first['detail']}" if first.get("detail") else ""
        return f"the journey stopped before its end ({cause}{detail})"
    if full_online.get("verdict") == Verdict.NOT_ASSESSABLE:
        return "the journey stopped before its end without a recorded cause"
    return None
