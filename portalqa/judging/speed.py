"""Speed: every page answers and paints within the Core Web Vitals limits (judging.thresholds)."""

from __future__ import annotations

from portalqa.judging.judgement import judged, not_assessable, page_path
from portalqa.judging.thresholds import Thresholds
from portalqa.model.findings import CriterionJudgement, Finding


def judge_speed(pages: list[dict], thresholds: Thresholds) -> CriterionJudgement:
    """Reads each page's "timing"; first contentful paint is reported by the observer, not judged."""
    if not pages:
        return not_assessable("no page was loaded")
    limits = (
        ("server_response_ms", thresholds.server_response_ms, "slow_server_response", "server response"),
        (
            "largest_contentful_paint_ms",
            thresholds.largest_contentful_paint_ms,
            "slow_largest_contentful_paint",
            "largest contentful paint",
        ),
    )
    findings = []
    for page in pages:
        timing = page.get("timing") or {}
        for key, limit, kind, what in limits:
            value = timing.get(key)
            if isinstance(value, int | float) and value > limit:
                detail = f"{what} {value:.0f} ms > {limit:.0f} ms on {page_path(page['url'])}"
                findings.append(Finding(kind=kind, detail=detail, page=page["url"]))
    slowest = max((page.get("timing") or {}).get("server_response_ms") or 0 for page in pages)
    return judged(findings, f"{len(pages)} pages, slowest server response {slowest:.0f} ms")
