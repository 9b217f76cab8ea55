"""Defect switches: the one place that knows which deliberate shortcomings a variant can switch on.

Each defect lists the procedure codes it applies to; the entry ``"*"`` means every page of the portal,
including the pages that belong to no procedure (home, sign-in, tracking, the assistant). Adding a
defect kind means adding it to ``DEFECTS`` here and checking it where the behaviour changes:
``defects.applies(name, code)`` in views, ``defect_here(name)`` for the page being rendered (views
say which procedure a page belongs to with ``set_page_procedure``). Config validation picks the new
name up automatically.
"""

from __future__ import annotations

import dataclasses

EVERY_PAGE = "*"
ONLINE_FEE_SURCHARGE = 20_000  # higher_online_fee: the online fee is the fee in person plus this (VND)
ONLINE_EXTRA_DAYS = 5  # slower_online_time: the online time limit is the one in person plus these days

DEFECTS: dict[str, str] = {
    "no_online_payment": "the fee cannot be paid online; it is paid at the agency's counter",
    "result_in_person": "the result cannot be downloaded; it is collected at the agency's counter",
    "appointment_in_person": "the applicant must attend an appointment to present original documents",
    "redundant_documents": "the portal asks for a document the state already holds (an extra file input)",
    "no_prefill": "applicant fields are not filled in from the population register; they must be typed",
    "not_offered_online": "the information page has no apply button: the procedure is not online",
    "extra_fields": "the first e-form step asks two optional questions beyond the standard dossier",
    "values_cleared_on_error": "after a validation error the e-form shows every typed field empty again",
    "errors_not_tied": "validation errors are a plain list at the top: no alert, nothing tied to the fields",
    "slow_page": "the information page answers only after 1.5 seconds",
    "unlabelled_inputs": "the first e-form step has an input without a label and an image without alt text",
    "fixed_width_layout": "no viewport meta and a 1100 px minimum width: phones must scroll sideways",
    "small_targets": "tiny, tightly packed buttons and links (below the 24 px minimum target size)",
    "no_privacy_link": "the footer has no link to the privacy policy",
    "third_party_script": "pages load an analytics script from a third-party host",
    "missing_security_headers": "no Content-Security-Policy, X-Content-Type-Options or X-Frame-Options",
    "console_error": "the information page loads a script that throws an uncaught error",
    "higher_online_fee": "the online fee is higher than the fee in person (in person + 20,000 VND)",
    "slower_online_time": "the online time limit is longer than in person (in person + 5 working days)",
    "missing_info_sections": "the information page has no legal basis and no time limit section",
    "no_status_timeline": "tracking shows the status as a sentence, without the status timeline",
    "wrong_assistant_answer": "the assistant states a wrong fee and time and leaves out a document",
    "no_assistant": "'*': no virtual assistant at all; codes: it has no information on those procedures",
    "no_national_eid": "the sign-in page is the portal's own account login, not the national eID",
    "no_monitoring_code": "pages lack the EMC monitoring script (static/emc/emc.js)",
    "no_accessibility_statement": "the footer has no link to the accessibility statement",
    "no_contact_link": "the footer has no link to the contact and feedback page",
    "inaccessible_markup": "many WCAG failures: images without alt, nameless controls, low contrast, no lang",
}


class Defects:
    def __init__(self, switched_on: dict[str, list[str]]):
        self._codes = {name: frozenset(switched_on.get(name) or ()) for name in DEFECTS}

    def _known(self, name: str) -> frozenset[str]:
        if name not in DEFECTS:
            # A typo in a template must fail loudly rather than silently disable a defect.
            raise KeyError(f"unknown defect '{name}'")
        return self._codes[name]

    def applies(self, name: str, code: str | None) -> bool:
        """Whether defect ``name`` applies to procedure ``code`` (None: a page of no procedure)."""
        codes = self._known(name)
        return EVERY_PAGE in codes or (code is not None and code in codes)

    def everywhere(self, name: str) -> bool:
        """Whether defect ``name`` is switched on for every page (``"*"``)."""
        return EVERY_PAGE in self._known(name)

    def as_dict(self) -> dict[str, list[str]]:
        return {name: sorted(codes) for name, codes in self._codes.items()}


def current_defects() -> Defects:
    """The defect switches of the running app (set up by create_app)."""
    from flask import current_app

    return current_app.extensions["refportal.defects"]


def set_page_procedure(code: str) -> None:
    """The page being handled belongs to procedure ``code`` (its defects apply to the page)."""
    from flask import g

    g.page_procedure = code


def page_procedure() -> str | None:
    """The procedure code of the page being handled, or None for a page of no procedure."""
    from flask import g, has_app_context

    return g.get("page_procedure") if has_app_context() else None


def defect_here(name: str) -> bool:
    """Whether defect ``name`` applies to the page being rendered."""
    return current_defects().applies(name, page_procedure())


def offered_online(procedure) -> bool:
    """Whether the citizen can apply online for ``procedure`` on this portal."""
    return procedure.online and not current_defects().applies("not_offered_online", procedure.code)


def as_published(procedure, defects: Defects):
    """The procedure as this portal publishes it: the fee and time defects change its facts.

    Applied once to the app's catalogues, so the information page, the payment page, the gateway
    and the assistant all state the same (defective) figures.
    """
    changes = {}
    if procedure.online and defects.applies("higher_online_fee", procedure.code):
        changes["fee_online"] = procedure.fee_in_person + ONLINE_FEE_SURCHARGE
    if procedure.online and defects.applies("slower_online_time", procedure.code):
        changes["days_online"] = procedure.days_in_person + ONLINE_EXTRA_DAYS
    return dataclasses.replace(procedure, **changes) if changes else procedure
