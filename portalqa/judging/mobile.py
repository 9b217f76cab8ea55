"""Mobile: on a phone every page fits the screen, has a viewport meta tag and targets of 24x24 px,
and the journey still completes. Judged only on the phone run (judge() says not applicable otherwise).
"""

from __future__ import annotations

from portalqa.judging.judgement import judged, not_assessable, page_path, without_repeats
from portalqa.judging.thresholds import Thresholds
from portalqa.model.findings import CriterionJudgement, Finding
from portalqa.model.full_online import Verdict

# A journey stopped by these verdicts stopped for the procedure's sake (an office visit, no online
# offer, a harness fault), not because of the phone: that is full_online's finding, not mobile's.
_STOPPED_FOR_ANOTHER_CAUSE = (Verdict.PARTIAL, Verdict.NOT_ONLINE, Verdict.NOT_ASSESSABLE)


def judge_mobile(pages: list[dict], measurements: dict, thresholds: Thresholds) -> CriterionJudgement:
    """Reads each page's viewport_meta, horizontal_scroll and the target-size axe rule, and the journey."""
    if not pages:
        return not_assessable("no page was loaded on the phone")
    findings = []
    for page in pages:
        path = page_path(page["url"])
        if page.get("viewport_meta") is False:
            findings.append(
                Finding(kind="no_viewport_meta", detail=f"no viewport meta tag on {path}", page=page["url"])
            )
        if page.get("horizontal_scroll"):
            findings.append(
                Finding(
                    kind="horizontal_scroll",
                    detail=f"{path} is {page.get('scroll_width')} px wide on a "
                    f"{page.get('viewport_width')} px screen",
                    page=page["url"],
                )
            )
        for violation in (page.get("accessibility") or {}).get("violations") or []:
            if violation.get("rule") == thresholds.target_size_rule:
                targets = ", ".join(node.get("target", "") for node in violation.get("nodes") or [])
                findings.append(
                    Finding(
                        kind="small_targets",
                        detail=f"targets under 24×24 px on {path}: {targets[:200]}",
                        page=page["url"],
                    )
                )
    if measurements.get("kind", "journey") == "journey":
        verdict = (measurements.get("full_online") or {}).get("verdict")
        completed = (measurements.get("journey") or {}).get("completed")
        if not completed and verdict not in _STOPPED_FOR_ANOTHER_CAUSE:
            findings.append(
                Finding(kind="journey_not_completed", detail="the journey could not be completed on a phone")
            )
    return judged(without_repeats(findings), f"{len(pages)} pages usable on a phone")
