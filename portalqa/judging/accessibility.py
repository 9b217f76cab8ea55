"""Accessibility: no WCAG 2.2 A/AA violation that axe-core finds on any page of the scenario.

axe-core runs once per distinct page (path and title; a revisit is not checked again). A distinct page
it could not check is not observed: the criterion is then not assessable unless a violation was found.
"""

from __future__ import annotations

from portalqa.judging.judgement import judged, not_assessable, page_path, pages_named
from portalqa.model.findings import CriterionJudgement, Finding

# Most severe first, so the findings read in the order they should be fixed; unrated last.
_IMPACT_ORDER = ("critical", "serious", "moderate", "minor", None)


def judge_accessibility(pages: list[dict], css_fallbacks: list[str] | None = None) -> CriterionJudgement:
    """Reads each page's "accessibility" (axe-core results, on the first visit of each distinct page)
    and "accessibility_error" (why axe-core could not check it), and the journey's css_fallbacks:
    controls portalqa could find only by the profile's selector have no name a screen reader could
    announce by the words the portal uses elsewhere."""
    scanned = [page for page in pages if isinstance(page.get("accessibility"), dict)]
    if not scanned:
        return not_assessable("no page was checked with axe-core")
    # One finding per rule: a header defect repeats on every page but is one thing to fix.
    by_rule: dict[str, dict] = {}
    for page in scanned:
        for violation in page["accessibility"].get("violations") or []:
            entry = by_rule.setdefault(
                violation.get("rule", "?"),
                {"violation": violation, "pages": [], "targets": []},
            )
            entry["pages"].append(page["url"])
            entry["targets"] += [node.get("target", "") for node in violation.get("nodes") or []]
    findings = []
    ordered = sorted(
        by_rule.items(), key=lambda item: _IMPACT_ORDER.index(item[1]["violation"].get("impact"))
    )
    for rule, entry in ordered:
        violation = entry["violation"]
        targets = ", ".join(dict.fromkeys(target for target in entry["targets"] if target))
        findings.append(
            Finding(
                kind="wcag_violation",
                detail=f"{rule} ({violation.get('impact') or 'unrated'}): {violation.get('help', '')} — "
                f"{len(entry['targets'])} element(s) on {len(set(entry['pages']))} page(s): {targets[:200]}",
                page=entry["pages"][0],
            )
        )
    for selector in css_fallbacks or []:
        findings.append(
            Finding(
                kind="no_accessible_name",
                detail=f"found only by the profile's css selector {selector!r}: no label or name to use",
                page=None,
            )
        )
    unchecked = unchecked_pages(pages)
    unobserved = [f"axe-core could not check {pages_named(unchecked)}"] if unchecked else []
    return judged(findings, f"{len(scanned)} distinct pages, no WCAG A/AA violation", unobserved)


def distinct_page(page: dict) -> tuple[str, str]:
    """What makes a page distinct for axe-core: its path and its title (an e-form showing errors)."""
    return page_path(page.get("url", "")), page.get("title") or ""


def unchecked_pages(pages: list[dict]) -> list[str]:
    """URLs of the distinct pages axe-core has no result for (it failed, or was never run on them)."""
    checked = {distinct_page(page) for page in pages if isinstance(page.get("accessibility"), dict)}
    return [page["url"] for page in pages if distinct_page(page) not in checked]
