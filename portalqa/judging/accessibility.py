"""Accessibility: no WCAG 2.2 A/AA violation that axe-core finds on any page of the scenario."""

from __future__ import annotations

from portalqa.judging.judgement import judged, not_assessable
from portalqa.model.findings import CriterionJudgement, Finding

# Most severe first, so the findings read in the order they should be fixed; unrated last.
_IMPACT_ORDER = ("critical", "serious", "moderate", "minor", None)


def judge_accessibility(pages: list[dict]) -> CriterionJudgement:
    """Reads each page's "accessibility" (axe-core results, on the first visit of each distinct page)."""
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
    return judged(findings, f"{len(scanned)} distinct pages, no WCAG A/AA violation")
