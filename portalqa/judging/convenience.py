"""Convenience: sign-on with the national e-identity, an e-form that keeps answers and ties its errors to
fields, a status timeline for tracking, and the result returned electronically.
"""

from __future__ import annotations

from portalqa.judging.judgement import judged, not_assessable
from portalqa.model.findings import CriterionJudgement, Finding


def judge_convenience(journey: dict) -> CriterionJudgement:
    """Reads the journey's national_eid_sign_on, validation_probe, tracking_status_shown, completed and
    electronic_result; None (not seen) is no finding, only False is."""
    if not journey.get("pages_visited"):
        return not_assessable("the journey loaded no page")
    findings = []
    if journey.get("national_eid_sign_on") is False:
        findings.append(
            Finding(
                kind="no_national_eid",
                detail="the sign-on page does not offer the national electronic identity",
            )
        )
    probe = journey.get("validation_probe") or {}
    if probe.get("checked"):
        if probe.get("values_lost"):
            findings.append(
                Finding(
                    kind="values_cleared_on_error",
                    detail="after a validation error the e-form lost: " + ", ".join(probe["values_lost"]),
                )
            )
        if probe.get("errors_tied") is False:
            findings.append(
                Finding(
                    kind="errors_not_tied_to_fields",
                    detail="the validation message is tied to no field "
                    "(no aria-describedby, no error summary)",
                )
            )
    if journey.get("tracking_status_shown") is False:
        findings.append(
            Finding(kind="no_status_tracking", detail="the tracking page shows no status timeline")
        )
    if journey.get("completed") and not journey.get("electronic_result"):
        findings.append(
            Finding(kind="no_electronic_result", detail="the result is not returned electronically")
        )
    return judged(findings, "national e-identity, forms keep values, tracking, e-result")
