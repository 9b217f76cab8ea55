"""Mobile: on a phone every page fits the screen, has a viewport meta tag and targets of 24x24 px,
and the journey still completes. Judged only on the phone run (judge() says not applicable otherwise).

What the phone run did not show (a page fact not reported, a distinct page axe-core did not check for
target size, a journey that stopped for another cause before its end) is not observed: the criterion
is then not assessable unless something was found (judgement.judged).
"""

from __future__ import annotations

from portalqa.judging.accessibility import unchecked_pages
from portalqa.judging.judgement import judged, not_assessable, page_path, pages_named, without_repeats
from portalqa.judging.thresholds import Thresholds
from portalqa.model.findings import CriterionJudgement, Finding
from portalqa.model.full_online import Verdict

# A journey stopped by these verdicts stopped for the procedure's sake (an office visit, no online
# offer, a harness fault), not because of the phone: that is full_online's finding, not mobile's, and
# whether the phone would let the citizen finish was not seen.
_STOPPED_FOR_ANOTHER_CAUSE = {
    Verdict.PARTIAL: "the procedure needs an office visit",
    Verdict.NOT_ONLINE: "the procedure is not offered online",
    Verdict.NOT_ASSESSABLE: "portalqa could not go on",
}


def judge_mobile(pages: list[dict], measurements: dict, thresholds: Thresholds) -> CriterionJudgement:
    """Reads each page's viewport_meta, horizontal_scroll and the target-size axe rule, and the journey."""
    if not pages:
        return not_assessable("no page was loaded on the phone")
    findings = []
    unreported: dict[str, list[str]] = {}
    for page in pages:
        path = page_path(page["url"])
        if page.get("viewport_meta") is False:
            findings.append(
                Finding(kind="no_viewport_meta", detail=f"no viewport meta tag on {path}", page=page["url"])
            )
        elif page.get("viewport_meta") is None:
            unreported.setdefault("the viewport meta tag", []).append(page["url"])
        if page.get("horizontal_scroll"):
            findings.append(
                Finding(
                    kind="horizontal_scroll",
                    detail=f"{path} is {page.get('scroll_width')} px wide on a "
                    f"{page.get('viewport_width')} px screen",
                    page=page["url"],
                )
            )
        elif page.get("horizontal_scroll") is None:
            unreported.setdefault("the page width", []).append(page["url"])
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
    unobserved = [f"{what} of {pages_named(urls)} (not reported)" for what, urls in unreported.items()]
    unchecked = unchecked_pages(pages)
    if unchecked:
        unobserved.append(f"target size on {pages_named(unchecked)} (axe-core did not check it)")
    if measurements.get("kind", "journey") == "journey":
        verdict = (measurements.get("full_online") or {}).get("verdict")
        completed = (measurements.get("journey") or {}).get("completed")
        if completed:
            pass
        elif verdict in _STOPPED_FOR_ANOTHER_CAUSE:
            cause = _STOPPED_FOR_ANOTHER_CAUSE[verdict]
            unobserved.append(f"whether the journey completes on a phone (it stopped earlier: {cause})")
        else:
            findings.append(
                Finding(kind="journey_not_completed", detail="the journey could not be completed on a phone")
            )
    return judged(without_repeats(findings), f"{len(pages)} pages usable on a phone", unobserved)
