"""Convenience: sign-on with the national e-identity, an e-form that keeps answers and ties its errors to
fields, a status timeline for tracking, and the result returned electronically.

Each of the four is met only when the journey record shows it was seen; one the journey did not reach
(it stopped earlier, or its steps never probe it) is not assessable, never met (judgement.judged).
"""

from __future__ import annotations

from portalqa.judging.judgement import judged, not_assessable
from portalqa.model.findings import CriterionJudgement, Finding
from portalqa.model.full_online import ReasonKind

EVIDENCE = "national e-identity, forms keep values, tracking, e-result"


def judge_convenience(journey: dict, reasons: list[dict] | None = None) -> CriterionJudgement:
    """Reads the journey's national_eid_sign_on, validation_probe, tracking_status_shown,
    tracking_code_received, completed and electronic_result, and the full-online reasons (a result
    handed over in person). None or False for something the journey never reached is no finding."""
    if not journey.get("pages_visited"):
        return not_assessable("the journey loaded no page")
    findings: list[Finding] = []
    unobserved: list[str] = []
    _national_eid(journey, findings, unobserved)
    _validation_probe(journey, findings, unobserved)
    _tracking(journey, findings, unobserved)
    _electronic_result(journey, reasons or [], findings, unobserved)
    return judged(findings, EVIDENCE, unobserved)


def _national_eid(journey: dict, findings: list[Finding], unobserved: list[str]) -> None:
    if journey.get("signed_on_with") == "none":
        return  # the portal's services need no sign-on (profile sign_on.method: none): nothing to offer
    offered = journey.get("national_eid_sign_on")
    if offered is False:
        findings.append(
            Finding(
                kind="no_national_eid",
                detail="the sign-on page does not offer the national electronic identity",
            )
        )
    elif offered is None:
        unobserved.append(
            "national e-identity sign-on (not checked: the journey did not reach the sign-on page, "
            "or the profile names no sign_on.national_eid)"
        )


def _validation_probe(journey: dict, findings: list[Finding], unobserved: list[str]) -> None:
    probe = journey.get("validation_probe") or {}
    if not probe.get("checked"):
        why = probe.get("note") or (
            "the journey did not reach the e-form"
            if not (journey.get("fields_typed") or journey.get("fields_prefilled"))
            else "no e-form page with two or more answers was probed"
        )
        unobserved.append(f"how the e-form handles an error ({why})")
        return
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
                detail="the validation message is tied to no field (no aria-describedby, no error summary)",
            )
        )
    elif probe.get("errors_tied") is None:
        # The probe sent the form, but the form did not come back to show an error.
        why = probe.get("note") or "the e-form did not come back with the error"
        unobserved.append(f"how the e-form handles an error ({why})")


def _tracking(journey: dict, findings: list[Finding], unobserved: list[str]) -> None:
    shown = journey.get("tracking_status_shown")
    if shown is False:
        findings.append(
            Finding(kind="no_status_tracking", detail="the tracking page shows no status timeline")
        )
    elif shown is None:
        why = (
            "the journey stopped before a tracking code was received"
            if not journey.get("tracking_code_received")
            else "the journey did not read the tracking page's status"
        )
        unobserved.append(f"status tracking ({why})")


def _electronic_result(
    journey: dict, reasons: list[dict], findings: list[Finding], unobserved: list[str]
) -> None:
    if journey.get("electronic_result"):
        return
    # Only the portal saying the result is collected in person shows it is not returned electronically.
    in_person = [r for r in reasons if r.get("kind") == ReasonKind.RESULT_IN_PERSON]
    if in_person:
        said = in_person[0].get("detail")
        detail = "the result is not returned electronically" + (f" ({said})" if said else "")
        findings.append(Finding(kind="no_electronic_result", detail=detail))
        return
    why = (
        "the journey did not download a result"
        if journey.get("completed")
        else "the journey stopped before the result"
    )
    unobserved.append(f"electronic result ({why})")
