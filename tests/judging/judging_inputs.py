"""Hand-made measurements for the judging tests: a scenario that meets every criterion, and ways to spoil it.

Each test starts from the good scenario and changes one thing, so a finding can only come from that change.
"""

from __future__ import annotations

import copy

from portalqa.judging import judge

GOOD_PAGE = {
    "url": "http://127.0.0.1:8000/procedures/1.001193",
    "title": "Birth registration",
    "timing": {
        "server_response_ms": 40.0,
        "first_contentful_paint_ms": 300.0,
        "largest_contentful_paint_ms": 350.0,
    },
    "viewport_meta": True,
    "viewport_width": 412,
    "scroll_width": 412,
    "horizontal_scroll": False,
    "privacy_link": True,
    "https": False,
    "security_headers": {
        "content-security-policy": "default-src 'self'; frame-ancestors 'none'",
        "x-content-type-options": "nosniff",
        "x-frame-options": None,
        "strict-transport-security": None,
    },
    "third_party_hosts": [],
    "console_errors": [],
    "accessibility": {"axe_version": "4.14.1", "violations": [], "passes": 20, "incomplete": 0},
}
GOOD_JOURNEY = {
    "completed": True,
    "pages_visited": 12,
    "clicks": 10,
    "fields_typed": 9,
    "fields_prefilled": 6,
    "uploads": 1,
    "documents_requested": ["Birth notice"],
    "documents_standard": ["Birth notice"],
    "tracking_code_received": True,
    "electronic_result": True,
    "signed_on_with": "national_eid",
    "national_eid_sign_on": True,
    "register_fields_not_prefilled": [],
    "redundant_documents": [],
    "documents_beyond_standard": [],
    "fields_beyond_standard": [],
    "validation_probe": {"checked": True, "errors_tied": True, "values_lost": []},
    "tracking_status_shown": True,
}
GOOD_INFO = {
    "sections_missing": [],
    "fee_online": 10000,
    "fee_in_person": 20000,
    "days_online": 3,
    "days_in_person": 5,
}


def measurements(**changes) -> dict:
    """A desktop journey that meets every criterion, with the given top-level keys replaced."""
    data = {
        "kind": "journey",
        "viewport": "desktop",
        "full_online": {"verdict": "full", "reasons": []},
        "journey": copy.deepcopy(GOOD_JOURNEY),
        "information_page": dict(GOOD_INFO),
        "pages": [copy.deepcopy(GOOD_PAGE)],
        "cookies": [{"name": "session", "domain": "127.0.0.1", "third_party": False}],
    }
    data.update(changes)
    return data


def verdicts(data: dict) -> dict[str, tuple[str, set[str]]]:
    """Criterion name -> (verdict, kinds of finding), as judge() sees these measurements."""
    return {c.value: (r.verdict.value, {f.kind for f in r.findings}) for c, r in judge(data).items()}


def page(**changes) -> dict:
    """The good page with the given keys replaced."""
    result = copy.deepcopy(GOOD_PAGE)
    result.update(changes)
    return result


def journey(**changes) -> dict:
    """The good journey's measurements with the given journey figures replaced."""
    data = measurements()
    data["journey"].update(changes)
    return data


# How far a journey got when it stopped early: each figure the journey record keeps at its default
# until the step that sets it (portalqa.citizen.journey_record).
NOT_REACHED = {
    "sign_on": {"national_eid_sign_on": None, "signed_on_with": None},
    "information_page": {},  # information_page itself is a key of the measurements
    "eform": {
        "fields_typed": 0,
        "fields_prefilled": 0,
        "validation_probe": {"checked": False, "errors_tied": None, "values_lost": [], "note": ""},
    },
    "documents": {"uploads": 0, "documents_requested": [], "documents_standard": []},
    "submission": {"tracking_code_received": False},
    "tracking": {"tracking_status_shown": None},
    "result": {"electronic_result": False, "completed": False},
}
STEPS = tuple(NOT_REACHED)


def stopped_before(step: str, *, reasons: list[dict] | None = None, verdict: str | None = None) -> dict:
    """The good journey's measurements had it stopped before `step` (one of STEPS): that step and every
    later one not reached, with the full-online reasons (by default portalqa's own error)."""
    data = measurements()
    for later in STEPS[STEPS.index(step) :]:
        data["journey"].update(copy.deepcopy(NOT_REACHED[later]))
        if later == "information_page":
            data["information_page"] = None
    data["journey"]["completed"] = False
    if reasons is None:
        reasons = [HARNESS_ERROR]
    data["full_online"] = {
        "verdict": verdict or ("not_assessable" if reasons == [HARNESS_ERROR] else "not_online"),
        "reasons": reasons,
    }
    return data


HARNESS_ERROR = {
    "step": "When I fill in the e-form with:",
    "kind": "harness_error",
    "detail": "JourneyStuck: portalqa found no answer the e-form accepts for Occupation",
}
