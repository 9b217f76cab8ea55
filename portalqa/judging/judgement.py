"""How every criterion module turns its findings into a CriterionJudgement, and the helpers they share.

Verdicts: ``met`` (evidence and no finding), ``not_met`` (at least one finding), ``not_assessable``
(no evidence, e.g. the journey never reached a page), ``not_applicable`` (e.g. mobile on a desktop run).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from portalqa.model.criteria import CriterionVerdict
from portalqa.model.findings import CriterionJudgement, Finding


def judged(findings: list[Finding], evidence: str) -> CriterionJudgement:
    """not_met with the kinds found, or met with what the evidence was (said so a reader can check it)."""
    if findings:
        kinds = sorted({finding.kind.replace("_", " ") for finding in findings})
        return CriterionJudgement(
            verdict=CriterionVerdict.NOT_MET,
            summary=f"{len(findings)} finding(s): {', '.join(kinds)}",
            findings=findings,
        )
    return CriterionJudgement(verdict=CriterionVerdict.MET, summary=evidence)


def not_assessable(why: str) -> CriterionJudgement:
    """No evidence to judge by: never silently met or not met."""
    return CriterionJudgement(verdict=CriterionVerdict.NOT_ASSESSABLE, summary=why)


def not_applicable(why: str) -> CriterionJudgement:
    return CriterionJudgement(verdict=CriterionVerdict.NOT_APPLICABLE, summary=why)


def page_path(url: str) -> str:
    """The page's path, which is what a finding names: the host is the same on every page."""
    parts = urlsplit(url or "")
    return parts.path or url


def without_repeats(findings: list[Finding]) -> list[Finding]:
    """The same finding on the same path (a page revisited) is reported once, where first seen."""
    seen, kept = set(), []
    for finding in findings:
        key = (finding.kind, finding.detail)
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept
