"""Simplicity: the citizen types only what the state does not already hold and is asked only for what
the national standard lists (portalqa.standard.catalog). The journey compares; this judges its lists.

The lists are empty both when the portal asked for nothing too much and when the journey never got
that far, so each comparison counts only once the journey is past it: the e-form (pre-fill from the
population register, fields beyond the standard) and the documents page (documents beyond the
standard, documents the state holds). A custom procedure has no standard dossier to compare with.
"""

from __future__ import annotations

from portalqa.judging.judgement import judged, not_assessable
from portalqa.model.findings import CriterionJudgement, Finding


def judge_simplicity(journey: dict, custom: bool = False) -> CriterionJudgement:
    """Reads the journey's register_fields_not_prefilled, redundant_documents, documents_beyond_standard
    and fields_beyond_standard; how far it got from completed, tracking_code_received, documents_requested
    and uploads; the counts (pages, clicks, fields) are the evidence of a met."""
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
    unobserved = []
    if custom:
        unobserved.append(
            "the e-form and documents against the population register and the standard dossier "
            "(a custom procedure's declared steps do not compare them)"
        )
    else:
        if not _past_the_eform(journey):
            unobserved.append(
                "the e-form against the population register and the standard dossier "
                "(the journey stopped before the end of the e-form)"
            )
        if not _documents_compared(journey):
            unobserved.append(
                "the documents asked for against the standard dossier "
                "(the journey stopped before the documents were attached)"
            )
    evidence = (
        f"{journey.get('pages_visited')} pages, {journey.get('clicks')} clicks, "
        f"{journey.get('fields_typed')} fields typed, {journey.get('fields_prefilled')} pre-filled"
    )
    return judged(findings, evidence, unobserved)


def _submitted(journey: dict) -> bool:
    return bool(journey.get("completed") or journey.get("tracking_code_received"))


def _past_the_eform(journey: dict) -> bool:
    # The upload page comes only once the e-form has taken every answer.
    return _submitted(journey) or bool(journey.get("documents_requested"))


def _documents_compared(journey: dict) -> bool:
    if _submitted(journey):
        return True
    requested = journey.get("documents_requested") or []
    # Each document asked for is compared, then uploaded: as many uploads as requests means all were.
    # (documents_standard is set as the step starts, before the pages that lead to the uploads.)
    return bool(requested) and (journey.get("uploads") or 0) >= len(requested)
