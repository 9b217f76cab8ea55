"""What a scenario tells Allure: who and what it is about, a screenshot where it failed, what it measured.

The labels carry a scenario's identity to the scorer (names from evidence.allure_labels); the
measurements attachment is the only evidence the scorer reads; the criteria summary and the
not-met tags are for the assessor reading the Allure report.
"""

from __future__ import annotations

import json

import allure

from portalqa.citizen.driver import PortalDriver
from portalqa.evidence import allure_labels as label
from portalqa.evidence.allure_severity import SEVERITY, severity_for
from portalqa.evidence.measurements import ATTACHMENT_NAME
from portalqa.model.criteria import Criterion, CriterionVerdict
from portalqa.model.scenarios import ScenarioKind
from portalqa.profiles.profile import Profile
from portalqa.secrets_guard import redact

CRITERIA_ATTACHMENT = "portalqa criteria"


def label_scenario(profile: Profile, viewport: str, kind: str, procedure: dict | None) -> None:
    """Label the running scenario; kind "assistant" or "journey" is told by its first criterion label.

    Its severity follows the one rule of portalqa.evidence.allure_severity (kind and viewport).
    """
    # Allure groups by portal first: an assessor reads one portal's results together.
    allure.dynamic.parent_suite(profile.name)
    allure.dynamic.label(label.PORTAL, profile.id)
    allure.dynamic.label(label.OWNER, profile.owner)
    allure.dynamic.label(label.LEVEL, profile.level)
    allure.dynamic.label(label.VIEWPORT, viewport)
    allure.dynamic.label(SEVERITY, severity_for(kind, viewport))
    if kind != ScenarioKind.SITE:  # a site scenario is told by its procedure label, portal_wide
        criterion = Criterion.VIRTUAL_ASSISTANT if kind == "assistant" else Criterion.FULL_ONLINE
        allure.dynamic.label(label.CRITERION, criterion.value)
    if procedure is not None:
        allure.dynamic.suite(procedure["name"])
        allure.dynamic.label(label.PROCEDURE, procedure["id"])


def attach_screenshot(driver: PortalDriver | None) -> None:
    """The page as the citizen saw it when a step failed (called before Allure closes the step)."""
    png = driver.screenshot_png() if driver else None
    if png:
        allure.attach(png, name="screenshot at failure", attachment_type=allure.attachment_type.PNG)


def attach_measurements(measurements: dict) -> None:
    body = redact(json.dumps(measurements, ensure_ascii=False, indent=2))
    allure.attach(body, name=ATTACHMENT_NAME, attachment_type=allure.attachment_type.JSON)
    allure.attach(
        redact(criteria_summary(measurements)),
        name=CRITERIA_ATTACHMENT,
        attachment_type=allure.attachment_type.TEXT,
    )
    for name, judged in measurements["criteria"].items():
        if name != Criterion.FULL_ONLINE and judged["verdict"] != CriterionVerdict.NOT_APPLICABLE:
            allure.dynamic.label(label.CRITERION, name)
        if judged["verdict"] == CriterionVerdict.NOT_MET:
            allure.dynamic.tag(f"not met: {name}")


def criteria_summary(measurements: dict) -> str:
    """One line per criterion, then its findings: what an assessor reads first on the Allure page."""
    lines = [
        f"{measurements['portal']['name']} — {measurements['procedure']['name']} ({measurements['viewport']})"
    ]
    for name, judged in measurements["criteria"].items():
        lines.append(f"{judged['verdict'].upper():15} {name}: {judged['summary']}")
        lines += [f"{'':15}   - {finding['detail']}" for finding in judged.get("findings", [])[:20]]
    return "\n".join(lines) + "\n"
