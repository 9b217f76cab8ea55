"""Simplicity: the citizen types only what the state does not already hold and is asked only for what
the national standard lists (portalqa.standard.catalog). The journey compares; this judges its lists.
"""

from __future__ import annotations

from portalqa.judging.judgement import judged, not_assessable
from portalqa.model.findings import CriterionJudgement, Finding


def judge_simplicity(journey: dict) -> CriterionJudgement:
    """Reads the journey's register_fields_not_prefilled, redundant_documents, documents_beyond_standard
    and fields_beyond_standard; the counts (pages, clicks, fields) are the evidence of a met."""
    if not journey.get("pages_visited"):
        return not_assessable("the journey loaded no page")
    findings = []
    for key in journey.get("register_fields_not_prefilled") or []:
        findings.append(
            Finding(kind="not_prefilled", detail=f"{key} had to be typed: the population register holds it")
        )
    for name in journey.get("redundant_documents") or []:
        findings.append(
            Finding(kind="redundant_document", detail=f"asked for {name}, which the state already holds")
        )
    for name in journey.get("documents_beyond_standard") or []:
        findings.append(
            Finding(kind="document_beyond_standard", detail=f"asked for {name}, not in the standard dossier")
        )
    for label in journey.get("fields_beyond_standard") or []:
        findings.append(
            Finding(
                kind="field_beyond_standard", detail=f"the e-form asks for {label!r}, not in the standard"
            )
        )
    evidence = (
        f"{journey.get('pages_visited')} pages, {journey.get('clicks')} clicks, "
        f"{journey.get('fields_typed')} fields typed, {journey.get('fields_prefilled')} pre-filled"
    )
    return judged(findings, evidence)
