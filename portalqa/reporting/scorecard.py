"""Write an assessment for assessors: index.html, a page per portal, assessment.json and assessment.csv.

The JSON is the machine-readable record (`Assessment.to_dict()`, with the Allure links of where it was
written); the CSV is for spreadsheets (one row per portal x procedure x viewport, with the portal's
score, grade, coverage and group scores and a column per quality criterion); the HTML pages are for
assessors, in English or Vietnamese (portalqa.reporting.wording). They work offline from a file share:
no script, no font, no image to fetch, charts drawn as inline SVG (portalqa.reporting.charts). When an
Allure HTML report sits beside them, every verdict and finding links to its test case.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from portalqa.model.grades import describe_grade
from portalqa.reporting.evidence_links import AllureLinks
from portalqa.reporting.scorecard_view import PORTALS_DIR, VERDICT_SYMBOLS, ScorecardView
from portalqa.reporting.wording import DEFAULT_LANGUAGE, Wording, plain_message
from portalqa.scoring.output import (
    Assessment,
    AssistantAssessment,
    PortalAssessment,
    ProcedureAssessment,
    ResultReference,
)
from portalqa.scoring.terms import MATRIX_VIEWPORT, QUALITY_CRITERIA

__all__ = ["AllureLinks", "WrittenAssessment", "csv_columns", "write_assessment"]

ASSESSMENT_JSON = "assessment.json"
ASSESSMENT_CSV = "assessment.csv"
ASSESSMENT_HTML = "index.html"
TEMPLATES = Path(__file__).parent / "templates"
INDEX_TEMPLATE = "index.html"
PORTAL_TEMPLATE = "portal.html"

# Columns of the quality-criteria verdicts: the journey's own, virtual_assistant from the assistant.
CRITERION_COLUMNS = [f"criterion_{name}" for name in QUALITY_CRITERIA]
# The portal's standing, on every row of the portal; then one column per group of the model.
PORTAL_COLUMNS = [
    "portal_rank",
    "portal_score",
    "portal_grade",
    "portal_grade_withheld",
    "portal_coverage",
    "portal_points_assessed",
    "portal_points_total",
]
GROUP_COLUMN = "group_{}_score"

CSV_COLUMNS = [
    "portal_id",
    "portal_name",
    "owner",
    "level",
    *PORTAL_COLUMNS,
    "procedure_id",
    "procedure_name",
    "portal_code",
    "viewport",
    "verdict",
    "points",
    "procedure_score",
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
    portal_pages: dict[str, Path]  # portal id -> its page


def write_assessment(
    assessment: Assessment,
    out_dir: str | Path,
    allure_report_dir: str | Path | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> WrittenAssessment:
    """Write index.html, portals/<portal>.html, assessment.json and assessment.csv into `out_dir`.

    `lang` is the language of the HTML pages ("en" or "vi"); the JSON records it. With
    `allure_report_dir` (e.g. reports/allure-report beside reports/assessment) the pages link to that
    Allure report and each verdict and finding to its test case, provided the report has been generated
    there. Screenshots are linked where their files are (the report's attachments or the results folder).
    """
    words = Wording(lang)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    assessment = assessment.model_copy(update={"language": lang})
    links = AllureLinks.resolve(
        assessment, out_dir, Path(allure_report_dir) if allure_report_dir is not None else None
    )
    html_path, pages = write_html(assessment, out_dir, links, words)
    return WrittenAssessment(
        json_path=write_json(assessment, out_dir / ASSESSMENT_JSON, links),
        csv_path=write_csv(assessment, out_dir / ASSESSMENT_CSV, links),
        html_path=html_path,
        portal_pages=pages,
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


def csv_columns(assessment: Assessment) -> list[str]:
    """The CSV's columns: CSV_COLUMNS with a score column per group of the assessment's model."""
    groups = [GROUP_COLUMN.format(group.id) for group in assessment.model.groups]
    at = CSV_COLUMNS.index("procedure_id")
    return CSV_COLUMNS[:at] + groups + CSV_COLUMNS[at:]


def write_csv(assessment: Assessment, path: Path, links: AllureLinks | None = None) -> Path:
    links = links or AllureLinks.none()
    columns = csv_columns(assessment)
    # utf-8-sig: spreadsheet programs then read Vietnamese names correctly.
    with path.open("w", newline="", encoding="utf-8-sig") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns)
        writer.writeheader()
        for portal in assessment.portals:
            for procedure in portal.procedures + portal.other_viewports:
                writer.writerow(_csv_row(portal, procedure, links))
            # The assistant's verdict sits on its procedure's desktop row; one asked about a procedure
            # without a journey gets a row of its own, with the journey's columns empty.
            for assistant in _assistants_without_row(portal):
                writer.writerow(_assistant_csv_row(portal, assistant, links, columns))
    return path


def write_html(
    assessment: Assessment, out_dir: Path, links: AllureLinks | None = None, words: Wording | None = None
) -> tuple[Path, dict[str, Path]]:
    """index.html and one page per portal (portals/<id>.html); returns their paths."""
    links = links or AllureLinks.none()
    words = words or Wording(assessment.language)
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    view = ScorecardView(assessment, links, words)
    common = {
        "assessment": assessment,
        "links": links,
        "t": words,
        "tm": words.markup,
        "v": view,
        "plain_message": plain_message,
        "verdict_symbols": VERDICT_SYMBOLS,
        "matrix_viewport": MATRIX_VIEWPORT,
        "generated_at": words.when(assessment.generated_at),
        "index_file": ASSESSMENT_HTML,
    }
    index = out_dir / ASSESSMENT_HTML
    html = environment.get_template(INDEX_TEMPLATE).render(
        **common, up="", not_assessable=view.not_assessable()
    )
    index.write_text(html, encoding="utf-8")
    pages: dict[str, Path] = {}
    (out_dir / PORTALS_DIR).mkdir(exist_ok=True)
    template = environment.get_template(PORTAL_TEMPLATE)
    for portal in assessment.portals:
        path = out_dir / view.portal_href(portal.id)
        path.write_text(template.render(**common, up="../", portal=portal), encoding="utf-8")
        pages[portal.id] = path
    return index, pages


def _assistants_without_row(portal: PortalAssessment) -> list[AssistantAssessment]:
    merged = {p.assistant_result.uuid for p in portal.procedures if p.assistant_result is not None}
    return [a for a in portal.assistant_scenarios if a.result.uuid not in merged]


def _portal_columns(portal: PortalAssessment) -> dict:
    if portal.grade:
        grade = portal.grade
    elif portal.score is None:
        grade = describe_grade(None)  # "not assessable": never an E
    else:
        grade = "withheld"
    return {
        "portal_id": portal.id,
        "portal_name": portal.name,
        "owner": portal.owner or "",
        "level": portal.level or "",
        "portal_rank": _blank_if_none(portal.rank),
        "portal_score": _blank_if_none(portal.score),
        "portal_grade": grade,
        "portal_grade_withheld": portal.grade_withheld or "",
        "portal_coverage": portal.coverage,
        "portal_points_assessed": portal.points_assessed,
        "portal_points_total": portal.points_total,
        **{GROUP_COLUMN.format(group.id): _blank_if_none(group.score) for group in portal.groups},
        "portal_speed_under_load": portal.speed_under_load.verdict,
    }


def _assistant_columns(assistant: ResultReference | None, status: str, links: AllureLinks) -> dict:
    return {
        "assistant_status": status if assistant else "",
        "assistant_result_uuid": assistant.uuid if assistant else "",
        "assistant_test_case": links.test_cases.get(assistant.uuid, "") if assistant else "",
    }


def _assistant_csv_row(
    portal: PortalAssessment, assistant: AssistantAssessment, links: AllureLinks, columns: list[str]
) -> dict:
    # Only the virtual_assistant column: the other criterion columns are the journey's.
    judgement = assistant.quality("virtual_assistant")
    row = dict.fromkeys(columns, "")
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
    own = procedure.model_points
    return _portal_columns(portal) | {
        "procedure_id": procedure.id,
        "procedure_name": procedure.name,
        "portal_code": procedure.portal_code or "",
        "viewport": procedure.viewport,
        "verdict": procedure.verdict,
        "points": _blank_if_none(procedure.points),
        "procedure_score": _blank_if_none(own.score if own else None),
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


def _blank_if_none(value: object) -> object:
    # An empty cell, never 0: a missing figure must not read as a measured zero.
    return "" if value is None else value
