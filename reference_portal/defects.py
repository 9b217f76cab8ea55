"""Defect switches: the one place that knows which deliberate shortcomings a variant can switch on.

Each defect lists the procedure codes it applies to. Adding a defect kind means adding it to
``DEFECTS`` here and checking ``defects.applies(name, code)`` where the behaviour changes; config
validation picks the new name up automatically.
"""

from __future__ import annotations

DEFECTS: dict[str, str] = {
    "no_online_payment": "the fee cannot be paid online; it is paid at the agency's counter",
    "result_in_person": "the result cannot be downloaded; it is collected at the agency's counter",
    "appointment_in_person": "the applicant must attend an appointment to present original documents",
    "redundant_documents": "the portal asks for a document the state already holds (an extra file input)",
    "no_prefill": "applicant fields are not filled in from the population register; they must be typed",
    "not_offered_online": "the information page has no apply button: the procedure is not online",
}


class Defects:
    def __init__(self, switched_on: dict[str, list[str]]):
        self._codes = {name: frozenset(switched_on.get(name) or ()) for name in DEFECTS}

    def applies(self, name: str, code: str) -> bool:
        if name not in DEFECTS:
            # A typo in a template must fail loudly rather than silently disable a defect.
            raise KeyError(f"unknown defect '{name}'")
        return code in self._codes[name]

    def as_dict(self) -> dict[str, list[str]]:
        return {name: sorted(codes) for name, codes in self._codes.items()}


def current_defects() -> Defects:
    """The defect switches of the running app (set up by create_app)."""
    from flask import current_app

    return current_app.extensions["refportal.defects"]


def offered_online(procedure) -> bool:
    """Whether the citizen can apply online for ``procedure`` on this portal."""
    return procedure.online and not current_defects().applies("not_offered_online", procedure.code)
