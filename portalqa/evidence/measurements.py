"""The versioned shape of a scenario's "portalqa measurements" attachment (schema portalqa.measurements/2).

One definition serves three readers: the journey builds what it attaches with it
(portalqa.citizen.journey_record), the scorer validates what it reads with it
(portalqa.evidence.measurement_reading, which converts version 1 into it), and
docs/measurements.schema.json is generated from it (`python -m portalqa measurements-schema`) for
other tools. Additions that old readers can ignore keep the version; renaming or removing a field, or
changing its meaning, bumps it.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import Field

from portalqa.model.findings import CriterionJudgement, OpenShape, Reason

MEASUREMENTS_SCHEMA = "portalqa.measurements/2"
# Version 1 (full-online verdict, journey figures and page timings) is still read by the scorer.
MEASUREMENTS_SCHEMA_V1 = "portalqa.measurements/1"
ATTACHMENT_NAME = "portalqa measurements"


class PortalIdentity(OpenShape):
    id: str = Field(min_length=1)
    # Readers show the id when the name is missing or empty.
    name: str = ""
    owner: str | None = None
    level: str | None = None


class ProcedureIdentity(OpenShape):
    id: str = Field(min_length=1)
    name: str = ""
    portal_code: str | None = None
    custom: bool = False


class FullOnline(OpenShape):
    verdict: Literal["full", "partial", "not_online", "not_assessable"]
    reasons: list[Reason] = []


class AxeNode(OpenShape):
    target: str
    html: str = ""
    summary: str = ""


class AxeViolation(OpenShape):
    rule: str
    impact: str | None = None
    help: str = ""
    help_url: str = ""
    tags: list[str] = []
    nodes: list[AxeNode] = []


class Accessibility(OpenShape):
    axe_version: str
    violations: list[AxeViolation] = []
    passes: int = 0
    incomplete: int = 0
    reused: bool = Field(
        False,
        description="The result of the same page (identical DOM, same portal and viewport) scanned "
        "earlier in the run, repeated here instead of scanning it again (portalqa.browser."
        "accessibility_cache).",
    )
    check_ms: float | None = Field(
        None,
        description="Wall time portalqa spent on this page's check (the scan, or the comparison that "
        "reused an earlier one): the harness's own cost, for docs/benchmarks.md; not judged.",
    )


class Page(OpenShape):
    """One page load in the scenario, observed in the browser."""

    url: str
    title: str = ""
    timing: dict[str, float | None] = Field(
        default_factory=dict,
        description="Navigation Timing and paint figures in ms: response_start_ms, server_response_ms, "
        "dom_content_loaded_ms, load_event_ms, duration_ms, first_contentful_paint_ms, "
        "largest_contentful_paint_ms; transfer_size in bytes.",
    )
    viewport_meta: bool | None = None
    viewport_width: int | None = None
    scroll_width: int | None = None
    horizontal_scroll: bool | None = None
    privacy_link: bool | None = None
    https: bool | None = None
    security_headers: dict[str, str | None] = {}
    third_party_hosts: list[str] = []
    console_errors: list[str] = []
    accessibility: Accessibility | None = Field(
        None,
        description="axe-core results; only on the first visit of each distinct page of the scenario "
        "(`reused`: an identical page's scan earlier in the run).",
    )
    lang: str | None = Field(None, description='The document\'s <html lang> value; "" when it has none.')
    links: dict[str, bool] = Field(
        default_factory=dict,
        description="Required links found on the page, by accessible name: privacy_policy, "
        "accessibility_statement, contact (contact or feedback).",
    )
    monitoring_code: bool | None = Field(
        None,
        description="Whether the page carries the monitoring (EMC) code; None when the profile does not "
        "say how to recognise it (its monitoring: key).",
    )
    role: str | None = Field(
        None,
        description="Site scenarios: which public page it is (home, catalogue, privacy_policy, assistant, "
        "listed; portalqa.model.scenarios.PageRole).",
    )


class Cookie(OpenShape):
    name: str
    domain: str = ""
    secure: bool | None = None
    http_only: bool | None = None
    same_site: str | None = None
    third_party: bool = False


class InformationPage(OpenShape):
    url: str = ""
    sections_present: list[str] = []
    sections_missing: list[str] = []
    documents: list[str] | None = Field(
        None, description="The documents its documents section lists; None without such a section."
    )
    fee_online: int | None = None
    fee_in_person: int | None = None
    days_online: int | None = None
    days_in_person: int | None = None


class AssistantAnswer(OpenShape):
    topic: Literal["documents", "fee", "time"]
    question: str
    answer: str
    problems: list[str] = []
    assessable: bool = Field(
        True,
        description="False when nothing to check the answer against: neither the information page "
        "nor an authoritative standard value states it (then no problems).",
    )
    reference: str = Field("", description="What the answer was checked against.")


class Assistant(OpenShape):
    language: str = ""
    missing: str | None = Field(None, description="Why the portal has no assistant (then no answers).")
    answers: list[AssistantAnswer] = []


class Measurements(OpenShape):
    """Everything one scenario observed about one procedure on one portal in one viewport."""

    schema_: Literal["portalqa.measurements/2"] = Field(alias="schema")
    kind: Literal["journey", "assistant", "site"] = "journey"
    portal: PortalIdentity
    procedure: ProcedureIdentity
    viewport: Literal["desktop", "phone"] = "desktop"
    full_online: FullOnline | None = Field(None, description="Journeys only.")
    # Keyed by criterion name (portalqa.model.criteria.Criterion lists them); a reader skips unknown names.
    criteria: dict[str, CriterionJudgement]
    journey: dict = Field(
        default_factory=dict,
        description="Journey figures: completed, task_seconds, pages_visited, clicks, fields_typed, "
        "fields_prefilled, uploads, documents_requested, redundant_documents, fields_beyond_standard, "
        "validation_probe, tracking_status_shown, electronic_result, national_eid_sign_on, ...",
    )
    information_page: InformationPage | None = None
    assistant: Assistant | None = None
    pages: list[Page] = []
    cookies: list[Cookie] = []


def json_schema() -> str:
    schema = Measurements.model_json_schema(by_alias=True)
    schema["$id"] = MEASUREMENTS_SCHEMA
    schema["title"] = "portalqa measurements"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
