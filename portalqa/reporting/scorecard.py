"""Write an assessment as assessment.json, assessment.csv and a self-contained index.html.

The JSON is the machine-readable record, the CSV is for spreadsheets (one row per portal x procedure x
viewport, with a column per quality criterion), and the HTML page is for assessors: it works offline from
a file share, so it has no scripts and no external resources. When an Allure HTML report sits beside it,
every verdict links to its evidence.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from portalqa.evidence.allure_reading import JOURNEY
from portalqa.model.grades import MIC_2024_BANDS, describe_grade
from portalqa.reporting.allure_html import AllureTestCaseIndex, allure_test_case_address
from portalqa.scoring.output import (
    Assessment,
    AssistantAssessment,
    NotMetMarker,
    PortalAssessment,
    ProcedureAssessment,
    ResultReference,
)
from portalqa.scoring.terms import MATRIX_VIEWPORT, QUALITY_CRITERIA

ASSESSMENT_JSON = "assessment.json"
ASSESSMENT_CSV = "assessment.csv"
ASSESSMENT_HTML = "index.html"
TEMPLATES = Path(__file__).parent / "templates"
HTML_TEMPLATE = "assessment.html"

# Verdicts in words: the HTML must not rely on colour alone.
VERDICT_LABELS = {
    "full": "Full online",
    "partial": "Partly online",
    "not_online": "Not online",
    "not_assessable": "Not assessable",
    "not_applicable": "Not applicable",
    # Speed under load (per portal).
    "met": "Objectives met",
    "missed": "Objectives missed",
}
# Quality criteria: names, the abbreviations that mark a matrix cell, and their verdicts in words.
CRITERION_LABELS = {
    "full_online": "Full online",
    "simplicity": "Simplicity",
    "convenience": "Convenience",
    "speed": "Speed",
    "accessibility": "Accessibility",
    "mobile": "Mobile",
    "virtual_assistant": "Virtual assistant",
    "transparency": "Transparency",
    "privacy_security": "Privacy and security",
}
CRITERION_ABBREVIATIONS = {
    "full_online": "FO",
    "simplicity": "SI",
    "convenience": "CO",
    "speed": "SP",
    "accessibility": "AC",
    "mobile": "MO",
    "virtual_assistant": "VA",
    "transparency": "TR",
    "privacy_security": "PS",
}
CRITERION_VERDICT_LABELS = {
    "met": "Met",
    "not_met": "Not met",
    "not_assessable": "Not assessable",
    "not_applicable": "Not applicable",
}
# Columns of the quality-criteria verdicts: the journey's own, virtual_assistant from the assistant.
CRITERION_COLUMNS = [f"criterion_{name}" for name in QUALITY_CRITERIA]

CSV_COLUMNS = [
    "portal_id",
    "portal_name",
    "owner",
    "level",
    "portal_score",
    "portal_grade",
    "procedure_id",
    "procedure_name",
    "portal_code",
    "viewport",
    "verdict",
    "points",
    "status",
    "outcome",
    "reasons",
    "task_seconds",
    "pages_visited",
    "clicks",
    "fields_typed",
    "fields_prefilled",
    "uploads",
    "documents_requested",
    "tracking_code_received",
    "electronic_result",
    "signed_on_with",
    "pages_timed",
    "median_load_event_ms",
    "max_load_event_ms",
    *CRITERION_COLUMNS,
    "criteria_not_met",
    "allure_result_uuid",
    "allure_test_case",
    "assistant_status",
    "assistant_result_uuid",
    "assistant_test_case",
    "portal_speed_under_load",
]


@dataclass(frozen=True)
class WrittenAssessment:
    json_path: Path
    csv_path: Path
    html_path: Path


@dataclass(frozen=True)
class AllureLinks:
    """Addresses of the Allure report and its test-case pages, relative to the assessment folder."""

    report_index: str | None
    test_cases: dict[str, str]  # Allure result uuid -> test-case page
    test_case_uids: dict[str, str]  # Allure result uuid -> Allure test-case uid

    @classmethod
    def none(cls) -> AllureLinks:
        return cls(report_index=None, test_cases={}, test_case_uids={})

    @classmethod
    def resolve(cls, assessment: Assessment, out_dir: Path, allure_report_dir: Path) -> AllureLinks:
        index = AllureTestCaseIndex.load(allure_report_dir)
        if index is None:
            # No generated report: a link would lead nowhere, so the page offers none.
            return cls.none()
        report_href = Path(os.path.relpath(allure_report_dir.resolve(), out_dir.resolve())).as_posix()
        uids: dict[str, str] = {}
        results = [procedure.result for procedure in _all_procedures(assessment)]
        results += [a.result for portal in assessment.portals for a in portal.assistant_scenarios]
        results += [p.speed_under_load.result for p in assessment.portals if p.speed_under_load.result]
        for result in results:
            uid = index.uid_for(result.history_id, result.name, result.start, result.stop)
            if uid is not None:
                uids[result.uuid] = uid
        return cls(
            report_index=f"{report_href}/index.html",
            test_cases={uuid: f"{report_href}/{allure_test_case_address(uid)}" for uuid, uid in uids.items()},
            test_case_uids=uids,
        )


def write_assessment(
    assessment: Assessment, out_dir: str | Path, allure_report_dir: str | Path | None = None
) -> WrittenAssessment:
    """Write the three files into `out_dir`.

    With `allure_report_dir` (e.g. reports/allure-report beside reports/assessment) the page links to
    that Allure report and each verdict to its test case, provided the report has been generated there.
    Without it, or without a generated report, the page has no Allure links.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    links = (
        AllureLinks.resolve(assessment, out_dir, Path(allure_report_dir))
        if allure_report_dir is not None
        else AllureLinks.none()
    )
    return WrittenAssessment(
        json_path=write_json(assessment, out_dir / ASSESSMENT_JSON, links),
        csv_path=write_csv(assessment, out_dir / ASSESSMENT_CSV, links),
        html_path=write_html(assessment, out_dir / ASSESSMENT_HTML, links),
    )


def write_json(assessment: Assessment, path: Path, links: AllureLinks | None = None) -> Path:
    links = links or AllureLinks.none()
    data = assessment.to_dict()
    # Report links depend on where the files are written, so they are added here, not in the model.
    data["allure_report"] = links.report_index
    for portal in data["portals"]:
        for procedure in portal["procedures"] + portal["other_viewports"]:
            procedure["allure_test_case_uid"] = links.test_case_uids.get(procedure["allure_result"]["uuid"])
            assistant = procedure["assistant_allure_result"]
            procedure["assistant_allure_test_case_uid"] = (
                links.test_case_uids.get(assistant["uuid"]) if assistant else None
            )
        for assistant in portal["assistant_scenarios"]:
            assistant["allure_test_case_uid"] = links.test_case_uids.get(assistant["allure_result"]["uuid"])
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def write_csv(assessment: Assessment, path: Path, links: AllureLinks | None = None) -> Path:
    links = links or AllureLinks.none()
    # utf-8-sig: spreadsheet programs then read Vietnamese names correctly.
    with path.open("w", newline="", encoding="utf-8-sig") as stream:
        writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for portal in assessment.portals:
            for procedure in portal.procedures + portal.other_viewports:
                writer.writerow(_csv_row(portal, procedure, links))
            # The assistant's verdict sits on its procedure's desktop row; one asked about a procedure
            # without a journey gets a row of its own, with the journey's columns empty.
            for assistant in _assistants_without_row(portal):
                writer.writerow(_assistant_csv_row(portal, assistant, links))
    return path


def write_html(assessment: Assessment, path: Path, links: AllureLinks | None = None) -> Path:
    links = links or AllureLinks.none()
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["verdict_label"] = lambda verdict: VERDICT_LABELS.get(verdict, verdict)
    environment.filters["grade_text"] = describe_grade
    environment.filters["number"] = _number
    environment.filters["yes_no"] = _yes_no
    environment.filters["criterion_label"] = lambda name: CRITERION_LABELS.get(name, name.replace("_", " "))
    environment.filters["criterion_abbreviation"] = _abbreviation
    environment.filters["criterion_verdict_label"] = lambda v: CRITERION_VERDICT_LABELS.get(v, v)
    environment.globals["cell_markers"] = cell_markers
    html = environment.get_template(HTML_TEMPLATE).render(
        assessment=assessment,
        model=assessment.model,
        catalog=assessment.procedure_catalog(),
        not_assessable=assessment.not_assessable(),
        links=links,
        grade_bands=MIC_2024_BANDS,
        matrix_viewport=MATRIX_VIEWPORT,
        quality_criteria=QUALITY_CRITERIA,
        criterion_verdicts=list(CRITERION_VERDICT_LABELS),
        generated_at=assessment.generated_at.strftime("%Y-%m-%d %H:%M %Z").strip(),
    )
    path.write_text(html, encoding="utf-8")
    return path


def cell_markers(portal: PortalAssessment, procedure_id: str) -> list[NotMetMarker]:
    """The criteria a matrix cell marks as not met, over every scenario of the procedure on the portal.

    The cell's badge already is the desktop journey's full-online verdict, so full online is marked only
    when another scenario (the phone journey) did not meet it.
    """
    markers = []
    for marker in portal.criteria_not_met(procedure_id):
        if marker.criterion == "full_online":
            where = tuple(w for w in marker.where if (w.scenario, w.viewport) != (JOURNEY, MATRIX_VIEWPORT))
            if not where:
                continue
            marker = NotMetMarker(criterion=marker.criterion, where=where)
        markers.append(marker)
    return markers


def _abbreviation(name: str) -> str:
    return CRITERION_ABBREVIATIONS.get(name) or "".join(part[:1] for part in name.split("_")).upper()


def _assistants_without_row(portal: PortalAssessment) -> list[AssistantAssessment]:
    merged = {p.assistant_result.uuid for p in portal.procedures if p.assistant_result is not None}
    return [a for a in portal.assistant_scenarios if a.result.uuid not in merged]


def _portal_columns(portal: PortalAssessment) -> dict:
    return {
        "portal_id": portal.id,
        "portal_name": portal.name,
        "owner": portal.owner or "",
        "level": portal.level or "",
        "portal_score": _blank_if_none(portal.score),
        "portal_grade": describe_grade(portal.grade),
        "portal_speed_under_load": portal.speed_under_load.verdict,
    }


def _assistant_columns(assistant: ResultReference | None, status: str, links: AllureLinks) -> dict:
    return {
        "assistant_status": status if assistant else "",
        "assistant_result_uuid": assistant.uuid if assistant else "",
        "assistant_test_case": links.test_cases.get(assistant.uuid, "") if assistant else "",
    }


def _assistant_csv_row(portal: PortalAssessment, assistant: AssistantAssessment, links: AllureLinks) -> dict:
    # Only the virtual_assistant column: the other criterion columns are the journey's.
    judgement = assistant.quality("virtual_assistant")
    row = dict.fromkeys(CSV_COLUMNS, "")
    row |= _portal_columns(portal) | {
        "procedure_id": assistant.id,
        "procedure_name": assistant.name,
        "portal_code": assistant.portal_code or "",
        "viewport": assistant.viewport,
        "criterion_virtual_assistant": judgement.verdict if judgement else "",
        "criteria_not_met": "virtual_assistant" if judgement and judgement.verdict == "not_met" else "",
    }
    return row | _assistant_columns(assistant.result, assistant.status, links)


def _csv_row(portal: PortalAssessment, procedure: ProcedureAssessment, links: AllureLinks) -> dict:
    journey = procedure.journey or {}
    asked = procedure.assistant_result
    assistant_status = next((a.status for a in portal.assistant_scenarios if asked and a.result == asked), "")
    criteria = {
        f"criterion_{name}": judgement.verdict if (judgement := procedure.quality(name)) else ""
        for name in QUALITY_CRITERIA
    }
    return _portal_columns(portal) | {
        "procedure_id": procedure.id,
        "procedure_name": procedure.name,
        "portal_code": procedure.portal_code or "",
        "viewport": procedure.viewport,
        "verdict": procedure.verdict,
        "points": _blank_if_none(procedure.points),
        "status": procedure.status,
        "outcome": procedure.outcome,
        "reasons": "; ".join(f"{reason.kind}: {reason.detail}" for reason in procedure.reasons),
        "task_seconds": _blank_if_none(journey.get("task_seconds")),
        "pages_visited": _blank_if_none(journey.get("pages_visited")),
        "clicks": _blank_if_none(journey.get("clicks")),
        "fields_typed": _blank_if_none(journey.get("fields_typed")),
        "fields_prefilled": _blank_if_none(journey.get("fields_prefilled")),
        "uploads": _blank_if_none(journey.get("uploads")),
        "documents_requested": "; ".join(journey.get("documents_requested") or []),
        "tracking_code_received": _blank_if_none(journey.get("tracking_code_received")),
        "electronic_result": _blank_if_none(journey.get("electronic_result")),
        "signed_on_with": _blank_if_none(journey.get("signed_on_with")),
        "pages_timed": procedure.timing.pages,
        "median_load_event_ms": _blank_if_none(procedure.timing.median_load_event_ms),
        "max_load_event_ms": _blank_if_none(procedure.timing.max_load_event_ms),
        **criteria,
        "criteria_not_met": "; ".join(procedure.criteria_not_met),
        "allure_result_uuid": procedure.result.uuid,
        "allure_test_case": links.test_cases.get(procedure.result.uuid, ""),
        **_assistant_columns(asked, assistant_status, links),
    }


def _all_procedures(assessment: Assessment) -> list[ProcedureAssessment]:
    return [p for portal in assessment.portals for p in portal.procedures + portal.other_viewports]


def _blank_if_none(value: object) -> object:
    # An empty cell, never 0: a missing figure must not read as a measured zero.
    return "" if value is None else value


def _number(value: object, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _yes_no(value: object) -> str:
    if value is None:
        return "–"
    return "yes" if value else "no"
