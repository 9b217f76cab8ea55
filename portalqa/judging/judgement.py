"""How every criterion module turns its findings into a CriterionJudgement, and the helpers they share.

Verdicts: ``met`` (evidence and no finding), ``not_met`` (at least one finding), ``not_assessable``
(no evidence, e.g. the journey never reached a page), ``not_applicable`` (e.g. mobile on a desktop run).

A criterion made of several checks (convenience: the national e-identity, the e-form's errors,
tracking, the electronic result) combines them with one rule, ``judged(findings, evidence, unobserved)``:

- a finding in any check makes the criterion ``not_met``: what was seen wrong stands, whatever else
  the journey did not reach;
- otherwise a check the scenario did not observe (``unobserved``: the journey stopped before it, the
  page was never checked) makes it ``not_assessable``, and the summary says which and why;
- only when every check was observed and none found anything is it ``met``.

What portalqa could not observe is never the portal's defect and never silently met.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from portalqa.model.criteria import CriterionVerdict
from portalqa.model.findings import CriterionJudgement, Finding


def judged(findings: list[Finding], evidence: str, unobserved: Sequence[str] = ()) -> CriterionJudgement:
    """not_met with the kinds found; else not_assessable naming what was not observed; else met with
    what the evidence was (said so a reader can check it)."""
    not_seen = list(dict.fromkeys(unobserved))
    if findings:
        kinds = sorted({finding.kind.replace("_", " ") for finding in findings})
        summary = f"{len(findings)} finding(s): {', '.join(kinds)}"
        if not_seen:
            summary += f"; not observed: {'; '.join(not_seen)}"
        return CriterionJudgement(verdict=CriterionVerdict.NOT_MET, summary=summary, findings=findings)
    if not_seen:
        return not_assessable(f"not observed: {'; '.join(not_seen)}")
    return CriterionJudgement(verdict=CriterionVerdict.MET, summary=evidence)


def not_assessable(why: str) -> CriterionJudgement:
    """No evidence to judge by: never silently met or not met."""
    return CriterionJudgement(verdict=CriterionVerdict.NOT_ASSESSABLE, summary=why)


def not_applicable(why: str) -> CriterionJudgement:
    return CriterionJudgement(verdict=CriterionVerdict.NOT_APPLICABLE, summary=why)


def cut_short(judgement: CriterionJudgement, why: str) -> CriterionJudgement:
    """A criterion of every page of a scenario that stopped early: the pages after the stop were not
    observed, so a met becomes not_assessable (saying what was seen so far); findings stand."""
    if judgement.verdict is not CriterionVerdict.MET:
        return judgement
    return not_assessable(f"{why}; so far: {judgement.summary}")


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


def pages_named(urls: Sequence[str], limit: int = 3) -> str:
    """A few pages by their paths, for a summary ("/a, /b and 2 more")."""
    paths = list(dict.fromkeys(page_path(url) for url in urls))
    shown = ", ".join(paths[:limit])
    return shown + (f" and {len(paths) - limit} more" if len(paths) > limit else "")
