"""How severe a result is, for the Allure report: one rule, by what the scenario is (docs/allure.md).

Allure's `severity` label (blocker, critical, normal, minor, trivial) sorts and filters the report; it
is a property of the scenario, not of its outcome, so it is decided from the scenario's kind and
viewport before anything is observed:

- critical: a procedure journey on the desktop. It decides whether the procedure is fully online
  (Decree 42/2022), the assessment's headline and the procedure x portal matrix that is scored.
- normal: a procedure journey on the phone (the mobile criterion; its full-online outcome is
  reported, not scored), questions to the virtual assistant, and any other scenario (e.g. a
  portal's public pages): quality criteria, graded beside full online.
- minor: the load phase (speed under load), reported beside the score, not inside it.

The scenarios label themselves (portalqa.citizen.allure_report); results written without the label
(the load phase, older runs) get it when the HTML report is generated (portalqa.reporting).
"""

from __future__ import annotations

from portalqa.model.scenarios import ScenarioKind, Viewport

# Allure's own label name and the values used here (allure_commons.types.Severity spells the same).
SEVERITY = "severity"
CRITICAL = "critical"
NORMAL = "normal"
MINOR = "minor"

# The load phase writes one result per portal; it is not a scenario kind of portalqa.model.scenarios.
LOAD_PHASE = "load"


def severity_for(kind: str, viewport: str | None = None) -> str:
    """The severity of a result of this kind (journey, assistant, load, ...) in this viewport."""
    if kind == ScenarioKind.JOURNEY:
        return CRITICAL if viewport in (None, "", Viewport.DESKTOP) else NORMAL
    if kind == LOAD_PHASE:
        return MINOR
    return NORMAL
