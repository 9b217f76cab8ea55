"""Speed: every page answers and paints within the Core Web Vitals limits (judging.thresholds).

A page whose figure the browser did not report is not measured on it: not fast, not slow, and the
criterion is then not assessable unless a page was seen too slow (judgement.judged).
"""

from __future__ import annotations

from portalqa.judging.judgement import judged, not_assessable, page_path, pages_named
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
    unmeasured: dict[str, list[str]] = {}
    for page in pages:
        timing = page.get("timing") or {}
        for key, limit, kind, what in limits:
            value = timing.get(key)
            if not _measured(value):
                unmeasured.setdefault(what, []).append(page["url"])
            elif value > limit:
                detail = f"{what} {value:.0f} ms > {limit:.0f} ms on {page_path(page['url'])}"
                findings.append(Finding(kind=kind, detail=detail, page=page["url"]))
    unobserved = [f"the {what} of {pages_named(urls)} (not reported)" for what, urls in unmeasured.items()]
    responses = [
        value for page in pages if _measured(value := (page.get("timing") or {}).get("server_response_ms"))
    ]
    slowest = f"slowest server response {max(responses):.0f} ms" if responses else "no server response"
    return judged(findings, f"{len(pages)} pages, {slowest}", unobserved)


def _measured(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
