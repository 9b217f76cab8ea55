"""The written assessment: index.html, a page per portal, assessment.json and assessment.csv.

Synthetic raw Allure results (result_files) are scored with the shipped quality model, or with the
one-criterion test model where the expected scores should read directly off the matrix cells.
`write_rich_results` makes results with something for every part of the scorecard; the browser test
(test_scorecard_in_browser.py) uses it too.
"""

from __future__ import annotations

import csv
import json
import re
import uuid
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from result_files import (
    FIXTURE_RESULTS,
    assistant_labels,
    finding,
    judged,
    measurements_v2,
    write_result,
)

from portalqa.evidence.allure_reading import read_allure_results
from portalqa.model.scenarios import PORTAL_WIDE
from portalqa.paths import PROJECT_ROOT
from portalqa.reporting.scorecard import (
    ASSESSMENT_CSV,
    ASSESSMENT_HTML,
    ASSESSMENT_JSON,
    CRITERION_COLUMNS,
    csv_columns,
    write_assessment,
)
from portalqa.reporting.wording import EN, VI
from portalqa.scoring.assessment import assess, score_results
from portalqa.scoring.quality_model import load_quality_model
from portalqa.scoring.terms import QUALITY_CRITERIA
from portalqa.scoring.trend import PastRun, with_trend

FULL_ONLINE_ONLY = PROJECT_ROOT / "tests" / "fixtures" / "models" / "full-online-only.yaml"
# A 1 x 1 PNG: what a screenshot attachment holds.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)
FAILURE_MESSAGE = "AssertionError: the e-form pre-filled nothing\nassert 0 > 0"
BROKEN_MESSAGE = (
    "ConnectionError: Message: unknown error: net::ERR_CONNECTION_REFUSED\n  (Session info: chrome=131.0)"
)


# --- results ------------------------------------------------------------------------------------------


def attach_screenshot(folder: Path, measurements_file: Path) -> str:
    """Give the result that attached `measurements_file` a screenshot, as the plugin does on failure."""
    for path in folder.glob("*-result.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if any(a["source"] == measurements_file.name for a in data["attachments"]):
            name = f"{uuid.uuid4()}-attachment.png"
            (folder / name).write_bytes(PNG)
            data["attachments"].append({"name": "screenshot at failure", "source": name, "type": "image/png"})
            path.write_text(json.dumps(data), encoding="utf-8")
            return name
    raise AssertionError(f"no result attached {measurements_file.name}")


def write_rich_results(folder: Path) -> str:
    """Three portals: alpha with findings of most kinds, beta clean, gamma never reached.

    Returns the file name of the screenshot attached to alpha's birth-registration journey.
    """
    folder.mkdir(parents=True, exist_ok=True)
    birth = measurements_v2(
        "alpha",
        "birth_registration",
        "full",
        criteria={
            "simplicity": judged("not_met", finding("not_prefilled", "full_name had to be typed")),
            "convenience": judged("not_met", finding("no_national_eid", "only the portal's own account")),
        },
    )
    birth["journey"] |= {
        "fields_prefilled": 2,
        "register_fields_not_prefilled": ["full_name", "date_of_birth"],
    }
    form, pay = birth["pages"]
    form |= {
        "url": "http://127.0.0.1:1/birth/form",
        "third_party_hosts": ["cdn.example.com"],
        "privacy_link": True,
        "monitoring_code": True,
    }
    form["timing"] |= {"server_response_ms": 420.0, "largest_contentful_paint_ms": 2900.0}
    form["accessibility"]["violations"] = [
        {"rule": "image-alt", "impact": "critical", "help": "Images must have alternate text",
         "nodes": [{"target": "img"}], "node_count": 41},
        {"rule": "color-contrast", "impact": "serious", "help": "Elements must meet minimum color contrast",
         "nodes": [{"target": "p"}], "node_count": 3},
    ]  # fmt: skip
    pay |= {"url": "http://127.0.0.1:1/birth/pay?dossier=12", "privacy_link": False, "monitoring_code": False}
    (attachment,) = write_result(folder, "alpha", "birth_registration", "failed", birth, stop=2_000)
    screenshot = attach_screenshot(folder, attachment)

    scroll = judged("not_met", finding("horizontal_scroll", "/a is 620 px wide on a 412 px screen"))
    phone = measurements_v2(
        "alpha", "birth_registration", "full", viewport="phone", criteria={"mobile": scroll}
    )
    write_result(
        folder, "alpha", "birth_registration", "failed", phone, stop=3_000, labels={"viewport": "phone"}
    )
    wrong = judged("not_met", finding("wrong_answer", "fee: 50,000 VND instead of 25,000 VND"))
    asked = measurements_v2(
        "alpha", "birth_registration", None, kind="assistant", criteria={"virtual_assistant": wrong}
    )
    write_result(
        folder, "alpha", "birth_registration", "failed", asked, stop=4_000, labels=assistant_labels()
    )
    counter = [
        {"kind": "pay_at_counter", "detail": "Online payment is not available", "step": "I pay online"}
    ]
    death = measurements_v2("alpha", "death_registration", "partial", reasons=counter)
    write_result(folder, "alpha", "death_registration", "failed", death, stop=5_000)
    marriage = measurements_v2("alpha", "marriage_registration", "full")
    write_result(
        folder, "alpha", "marriage_registration", "failed", marriage, stop=6_000, message=FAILURE_MESSAGE
    )
    site = measurements_v2("alpha", PORTAL_WIDE, None, kind="site", criteria={})
    for page in site["pages"]:
        page |= {
            "role": "home",
            "links": {"accessibility_statement": True, "contact": False},
            "monitoring_code": True,
        }
    write_result(folder, "alpha", PORTAL_WIDE, "passed", site, stop=7_000, labels={"viewport": "desktop"})

    for n, procedure in enumerate(("birth_registration", "death_registration")):
        clean = measurements_v2("beta", procedure, "full")
        clean["journey"] |= {"fields_prefilled": 4, "register_fields_not_prefilled": []}
        write_result(folder, "beta", procedure, "passed", clean, stop=8_000 + n)

    # Broken before it measured anything: the labels still say whose portal it was.
    gamma = {"portal_name": "Gamma Portal", "owner": "Gamma Office", "level": "district"}
    write_result(
        folder, "gamma", "birth_registration", "broken", stop=9_000, message=BROKEN_MESSAGE, labels=gamma
    )
    return screenshot


@pytest.fixture(scope="module")
def fixture_assessment():
    """The recorded fixture results under the shipped model: every grade withheld (20 % coverage)."""
    return score_results(FIXTURE_RESULTS)


@pytest.fixture(scope="module")
def full_online_assessment():
    """The recorded fixture results under the one-criterion model: scores read off the matrix cells."""
    return score_results(FIXTURE_RESULTS, model=load_quality_model(FULL_ONLINE_ONLY))


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rich") / "allure-results"
    screenshot = write_rich_results(folder)
    return folder, screenshot, score_results(folder)


def fake_allure_report(report_dir: Path, results_dir: Path = FIXTURE_RESULTS) -> dict[str, str]:
    """A minimal generated report, shaped like Allure 2.46 output; returns result uuid -> test-case uid."""
    (report_dir / "data" / "test-cases").mkdir(parents=True)
    (report_dir / "history").mkdir()
    (report_dir / "index.html").write_text("<!DOCTYPE html><title>Allure Report</title>", encoding="utf-8")
    history: dict[str, dict] = {}
    uids: dict[str, str] = {}
    for number, scenario in enumerate(read_allure_results(results_dir).scenarios):
        uid = f"{number:016x}"
        uids[scenario.uuid] = uid
        time = {"start": scenario.start, "stop": scenario.stop, "duration": scenario.stop - scenario.start}
        case = {"uid": uid, "name": scenario.name, "time": time, "status": scenario.status}
        (report_dir / "data" / "test-cases" / f"{uid}.json").write_text(json.dumps(case), encoding="utf-8")
        # An earlier run whose page no longer exists must not be linked.
        stale = {"uid": "stale" + uid, "status": "passed", "time": {**time, "start": time["start"] - 10}}
        history[scenario.history_id] = {
            "items": [{"uid": uid, "status": scenario.status, "time": time}, stale]
        }
    (report_dir / "history" / "history.json").write_text(json.dumps(history), encoding="utf-8")
    return uids


# --- reading what was written -------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def between(html: str, start: str, end: str) -> str:
    """The part of a page from the element with id `start` to the one with id `end`."""
    return html[html.index(f'id="{start}"') : html.index(f'id="{end}"')]


def rows_of(html: str, table_id: str) -> list[str]:
    table = html[html.index(f'id="{table_id}"') :]
    table = table[table.index("<tbody>") : table.index("</tbody>")]
    return re.findall(r"<tr[^>]*>.*?</tr>", table, re.S)


def text_of(html: str) -> str:
    """The words a reader sees, tags and collapsed details removed, entities resolved."""

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("details", "style", "title", "desc"):
                self.hidden += 1

        def handle_endtag(self, tag):
            if tag in ("details", "style", "title", "desc"):
                self.hidden -= 1

        def handle_data(self, data):
            if not self.hidden:
                self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


class Resources(HTMLParser):
    """Every address a page names, with the tag and attribute naming it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "srcset", "poster", "data", "action", "formaction"):
                self.found.append((tag, name, value or ""))


def addresses(html: str) -> list[tuple[str, str, str]]:
    parser = Resources()
    parser.feed(html)
    return parser.found


def pages_of(written) -> dict[str, str]:
    pages = {"index": written.html_path.read_text(encoding="utf-8")}
    pages |= {pid: path.read_text(encoding="utf-8") for pid, path in written.portal_pages.items()}
    return pages


# --- the files ----------------------------------------------------------------------------------------


def test_writes_the_index_a_page_per_portal_the_json_and_the_csv(tmp_path, fixture_assessment):
    written = write_assessment(fixture_assessment, tmp_path / "assessment")
    out = tmp_path / "assessment"
    assert written.json_path == out / ASSESSMENT_JSON
    assert written.csv_path == out / ASSESSMENT_CSV
    assert written.html_path == out / ASSESSMENT_HTML
    assert written.portal_pages == {
        "reference": out / "portals" / "reference.html",
        "province": out / "portals" / "province.html",
    }
    for path in (written.json_path, written.csv_path, written.html_path, *written.portal_pages.values()):
        assert path.is_file()
    index = written.html_path.read_text(encoding="utf-8")
    assert 'href="portals/reference.html"' in index and 'href="portals/province.html"' in index
    assert 'href="../index.html"' in written.portal_pages["province"].read_text(encoding="utf-8")


def test_json_is_the_assessment_with_its_language_and_no_links_without_a_report(tmp_path, fixture_assessment):
    data = json.loads(write_assessment(fixture_assessment, tmp_path, lang="vi").json_path.read_text("utf-8"))
    assert data["schema"] == "portalqa.assessment/3"
    assert data["language"] == "vi"
    expected = fixture_assessment.to_dict()
    assert [(p["id"], p["score"], p["grade"], p["coverage"]) for p in data["portals"]] == [
        (p["id"], p["score"], p["grade"], p["coverage"]) for p in expected["portals"]
    ]
    assert data["model"] == expected["model"]
    assert data["allure_report"] is None
    assert all(p["allure_test_case_uid"] is None for portal in data["portals"] for p in portal["procedures"])


def test_csv_has_a_row_per_portal_and_procedure_with_the_portals_standing(tmp_path, fixture_assessment):
    written = write_assessment(fixture_assessment, tmp_path)
    rows = read_csv(written.csv_path)
    assert list(rows[0]) == csv_columns(fixture_assessment)
    groups = [f"group_{g.id}_score" for g in fixture_assessment.model.groups]
    assert len(groups) == 6 and set(groups) <= rows[0].keys()
    assert len(rows) == 6
    by_key = {(row["portal_id"], row["procedure_id"]): row for row in rows}
    reference = by_key[("reference", "birth_registration")]
    portal = fixture_assessment.portal("reference")
    # 20 % of the model had evidence: the score stands, the grade is withheld, never an E.
    assert (reference["portal_rank"], reference["portal_score"], reference["portal_grade"]) == (
        "1",
        "85.8",
        "withheld",
    )
    assert reference["portal_grade_withheld"] == portal.grade_withheld
    assert (
        reference["portal_coverage"],
        reference["portal_points_assessed"],
        reference["portal_points_total"],
    ) == (
        "0.2",
        "20.0",
        "100.0",
    )
    assert reference["group_functions_score"] == "83.3"
    assert reference["group_performance_score"] == ""  # no evidence: empty, never 0
    assert reference["procedure_score"] == "100.0"
    assert (reference["task_seconds"], reference["median_load_event_ms"], reference["max_load_event_ms"]) == (
        "14.2",
        "33.7",
        "52.0",
    )
    partial = by_key[("province", "birth_registration")]
    assert (partial["verdict"], partial["points"], partial["procedure_score"]) == ("partial", "0.5", "50.0")
    assert partial["reasons"].startswith("pay_at_counter: Online payment is not available")
    broken = by_key[("province", "temporary_residence_registration")]
    assert broken["verdict"] == "not_assessable"
    # Not assessable is an empty cell, never a 0 that would read as a measured result.
    assert broken["points"] == broken["task_seconds"] == broken["procedure_score"] == ""


def test_csv_grades_read_off_the_cells_under_the_full_online_model(tmp_path, full_online_assessment):
    rows = read_csv(write_assessment(full_online_assessment, tmp_path).csv_path)
    standing = {(r["portal_id"], r["portal_rank"], r["portal_score"], r["portal_grade"]) for r in rows}
    assert standing == {("reference", "1", "83.3", "B"), ("province", "2", "25.0", "E")}
    assert {r["group_functions_score"] for r in rows if r["portal_id"] == "province"} == {"25.0"}
    assert "group_performance_score" not in rows[0]  # the columns follow the model's groups


# --- the index: ranking, charts, trend, matrix ----------------------------------------------------------


def test_ranking_lists_score_grade_coverage_and_points_unscored_last(tmp_path, rich):
    _, _, assessment = rich
    html = write_assessment(assessment, tmp_path).html_path.read_text(encoding="utf-8")
    rows = rows_of(html, "ranking-table")
    assert [re.search(r'data-portal="(\w+)"', row).group(1) for row in rows] == ["beta", "alpha", "gamma"]
    beta, alpha, gamma = rows
    cells = [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", alpha, re.S)]
    portal = assessment.portal("alpha")
    assert cells[:7] == [
        "2",
        "Alpha Portal",
        "provincial",
        f"{portal.score:.1f}",
        portal.grade,
        f"{round(100 * portal.coverage)}%",
        f"{portal.points_assessed:g} of 100",
    ]
    # A portal nothing could be measured on is not assessable: no rank, no score, never an E.
    gamma_cells = [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", gamma, re.S)]
    assert gamma_cells[:5] == ["–", "Gamma Portal", "district", "–", "not assessable"]
    assert ">E<" not in gamma


def test_a_withheld_grade_says_why_instead_of_a_letter(tmp_path, fixture_assessment):
    html = write_assessment(fixture_assessment, tmp_path).html_path.read_text(encoding="utf-8")
    first = text_of(rows_of(html, "ranking-table")[0])
    assert "no grade: only 20% of the model's points had evidence (a grade needs 50%)" in first
    page = (tmp_path / "portals" / "reference.html").read_text(encoding="utf-8")
    assert "no grade: only 20% of the model's points had evidence" in text_of(page)


def svg(html: str, chart_id: str) -> str:
    start = html.index(f'id="{chart_id}"')
    return html[start : html.index("</svg>", start)]


def test_charts_are_inline_svg_bars_per_portal_and_per_group(tmp_path, rich):
    _, _, assessment = rich
    html = write_assessment(assessment, tmp_path).html_path.read_text(encoding="utf-8")
    ranking = svg(html, "ranking-chart")
    values = re.findall(r'<g class="bar-row" data-value="([^"]*)">', ranking)
    assert values == ["100.0", str(assessment.portal("alpha").score), ""]
    assert "not assessable" in ranking and 'class="bar-none"' in ranking
    assert 'role="img"' in ranking and "<title" in ranking and "<desc" in ranking

    model_groups = [g.id for g in assessment.model.groups]
    for number, portal in enumerate(assessment.portals, start=1):
        chart = svg(html, f"groups-{number}")
        bars = re.findall(r'<g class="bar-row" data-value="([^"]*)">', chart)
        assert bars == ["" if g.score is None else str(g.score) for g in portal.groups], portal.id
        assert len(bars) == len(model_groups)
        for group in portal.groups:
            name = next(g.name["en"] for g in assessment.model.groups if g.id == group.id)
            assert name in chart
        # A group without evidence is drawn greyed, with words, not as a zero bar.
        missing = [g for g in portal.groups if g.score is None]
        assert chart.count('class="bar-none"') == len(missing)
        assert chart.count('class="bar-none-text">not assessed (no evidence)<') == len(missing)
    alpha = svg(html, "groups-2")
    functions = assessment.portal("alpha").group("functions")
    assert f"{functions.score} % · {functions.grade} · of {functions.points_assessed:g} pts" in alpha


def two_runs(tmp_path):
    """Two assessments of alpha a day apart: national eID lost between them."""

    def run(folder: Path, when: datetime, no_eid: bool):
        folder.mkdir()
        for procedure in ("p1", "p2"):
            data = measurements_v2("alpha", procedure, "full")
            data["journey"] |= {"fields_prefilled": 3, "register_fields_not_prefilled": []}
            if no_eid:
                data["criteria"]["convenience"] = judged("not_met", finding("no_national_eid", "own account"))
            write_result(folder, "alpha", procedure, "failed" if no_eid else "passed", data)
        write_result(folder, "beta", "p1", "passed", measurements_v2("beta", "p1", "full"))
        return assess(read_allure_results(folder), generated_at=when)

    first = run(tmp_path / "r1", datetime(2026, 12, 1, 1, tzinfo=UTC), no_eid=False)
    second = run(tmp_path / "r2", datetime(2026, 12, 2, 1, tzinfo=UTC), no_eid=True)
    return with_trend(second, [PastRun(tmp_path / "first.json", first.to_dict())])


def test_trend_chart_and_the_regressions_named_by_criterion(tmp_path):
    assessment = two_runs(tmp_path)
    written = write_assessment(assessment, tmp_path / "out")
    html = written.html_path.read_text(encoding="utf-8")
    chart = svg(html, "trend-chart")
    assert chart.count('<g class="series"') == 2
    assert chart.count("<polyline") == 2  # two runs scored for both portals
    assert "2026-12-01" in chart and "2026-12-02" in chart
    trend = between(html, "trend-title", "matrix-title")
    text = text_of(trend)
    alpha = assessment.portal("alpha")
    assert "Lost points since the previous run" in text
    assert "Sign-on with the national electronic identity (Functions): 3 → 0 points" in text
    assert f"−{abs(alpha.trend.score_change):.1f}" in text
    page = text_of(written.portal_pages["alpha"].read_text(encoding="utf-8"))
    assert "Sign-on with the national electronic identity (Functions): 3 → 0 points" in page


def test_a_single_run_says_the_trend_comes_with_the_second(tmp_path, fixture_assessment):
    html = write_assessment(fixture_assessment, tmp_path).html_path.read_text(encoding="utf-8")
    assert 'id="trend-chart"' not in html
    assert "No earlier run was kept, so there is no trend yet." in html
    single = fixture_assessment.model_copy(update={"trend": with_trend(fixture_assessment, []).trend})
    html = write_assessment(single, tmp_path / "single").html_path.read_text(encoding="utf-8")
    assert 'id="trend-chart"' not in html
    assert "The trend appears from the second run on" in html


def test_matrix_cells_say_their_verdict_in_words_with_why(tmp_path, fixture_assessment):
    html = write_assessment(fixture_assessment, tmp_path).html_path.read_text(encoding="utf-8")
    matrix = between(html, "matrix-title", "not-assessable-title")
    rows = {
        text_of(re.search(r"<th[^>]*>.*?</th>", row, re.S).group(0)): row
        for row in rows_of(html, "matrix-table")
    }
    assert list(rows) == [
        "Birth registration",
        "Criminal record certificate",
        "Temporary residence registration",
    ]
    cells = re.findall(r'<td class="cell cell-(\w+)">(.*?)</td>', rows["Birth registration"], re.S)
    assert [verdict for verdict, _ in cells] == ["full", "partial"]
    full, partial = (text_of(cell) for _, cell in cells)
    assert full.startswith("✔ Fully online")
    assert partial.startswith("◐ Partly online")
    assert "The fee cannot be paid online: the citizen must pay at the counter." in partial
    assert "Seen: Online payment is not available for this procedure" in partial
    assert "Lost points on: Procedures completed fully online" in partial
    assert "Procedure's own score: 50.0 of 100" in partial
    for words in ("Fully online", "Partly online", "Not online", "Not assessable", "Not applicable"):
        assert words in matrix  # the legend names every verdict, with what it means
    broken = text_of(rows["Temporary residence registration"])
    assert "The test stopped before it reached a verdict" in broken
    # The test's own message is folded away as technical details, and without the exception's class.
    assert "ERR_CONNECTION_REFUSED" not in broken
    assert "ERR_CONNECTION_REFUSED" in rows["Temporary residence registration"]
    assert "ConnectionError" not in html


def test_no_unexplained_codes_or_raw_exception_text(tmp_path, rich):
    _, _, assessment = rich
    written = write_assessment(assessment, tmp_path)
    for name, html in pages_of(written).items():
        text = text_of(html)
        assert not re.search(r"\b\w+(Error|Exception):", html), name
        assert "assert 0 > 0" not in html, name
        # Markers such as "F0" or "C0" are gone: criteria are named.
        assert not re.search(r"\b[A-Z]{1,2}\d\b", text), (name, re.findall(r"\b[A-Z]{1,2}\d\b", text))
        assert "<abbr" not in html
        # Nor ids: every finding kind, criterion and group reads in words.
        ids = {f.kind for p in assessment.portals for f in p.findings}
        ids |= {c.id for g in assessment.model.groups for c in g.criteria} | {
            g.id for g in assessment.model.groups
        }
        shown = [i for i in ids if "_" in i and re.search(rf"(?<![\w/.-]){re.escape(i)}(?![\w.-])", text)]
        assert not shown, (name, shown)
    index = written.html_path.read_text(encoding="utf-8")
    cell = rows_of(index, "matrix-table")
    marriage = next(row for row in cell if "Marriage registration" in row)
    assert "Another defect the scenario reported." in text_of(marriage)
    details = re.search(r"<details>.*?</details>", marriage[marriage.index("Another defect") :], re.S).group(
        0
    )
    assert "the e-form pre-filled nothing" in details
    # A journey that failed on criteria it did not meet is explained by them, not by "another defect".
    birth = next(row for row in cell if "Birth registration" in row)
    alpha_cell = re.findall(r'<td class="cell[^"]*">.*?</td>', birth, re.S)[1]
    assert "Lost points on:" in alpha_cell and "Another defect" not in alpha_cell


def test_the_page_is_self_contained_and_loads_nothing(tmp_path, rich):
    folder, _, assessment = rich
    fake_allure_report(tmp_path / "allure-report", folder)
    written = write_assessment(assessment, tmp_path / "assessment", tmp_path / "allure-report")
    for name, html in pages_of(written).items():
        assert "<script" not in html and "<link" not in html and "<img" not in html, name
        assert "@import" not in html and "url(" not in html, name
        assert "Content-Security-Policy" in html and "default-src 'none'" in html
        for tag, attribute, value in addresses(html):
            # Nothing is loaded; only links, followed when clicked, name another place.
            assert (tag, attribute) == ("a", "href"), (name, tag, attribute, value)
            if re.match(r"^(https?:)?//", value):
                assert value.startswith("http://127.0.0.1:1/"), (
                    name,
                    value,
                )  # the pages where findings were seen
            else:
                assert not re.match(r"^[a-z]+:", value), (
                    name,
                    value,
                )  # relative: the report travels with its folder


def test_text_from_results_is_escaped(tmp_path, rich):
    _, _, assessment = rich
    alpha = assessment.portal("alpha")
    hostile_finding = alpha.findings[0].model_copy(
        update={
            "examples": (
                alpha.findings[0].examples[0].model_copy(update={"detail": "<img src=x onerror=alert(2)>"}),
            )
        }
    )
    hostile = assessment.model_copy(
        update={
            "portals": [
                p.model_copy(
                    update={
                        "name": "<script>alert(1)</script>",
                        "findings": [hostile_finding, *alpha.findings[1:]],
                    }
                )
                if p.id == "alpha"
                else p
                for p in assessment.portals
            ]
        }
    )
    written = write_assessment(hostile, tmp_path)
    for name, html in pages_of(written).items():
        assert "<script>alert(1)</script>" not in html, name
        assert "<img src=x" not in html, name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in written.html_path.read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(2)&gt;" in written.portal_pages["alpha"].read_text(encoding="utf-8")


# --- a portal's page ----------------------------------------------------------------------------------


def test_portal_page_shows_each_group_with_its_criteria_figures_and_why(tmp_path, rich):
    _, _, assessment = rich
    page = write_assessment(assessment, tmp_path).portal_pages["alpha"].read_text(encoding="utf-8")
    portal = assessment.portal("alpha")
    summary = text_of(between(page, "summary-title", "findings-title"))
    assert f"Score {portal.score}" in summary and f"Grade {portal.grade}" in summary
    assert f"Coverage {round(100 * portal.coverage)}% of the model's points had evidence" in summary
    assert 'id="portal-groups"' in page  # the group chart

    def criterion_row(criterion_id: str) -> str:
        row = re.search(rf'<tr data-criterion="{criterion_id}">.*?</tr>', page, re.S)
        return text_of(row.group(0))

    for group in assessment.model.groups:
        assert f'data-group="{group.id}"' in page
        for criterion in group.criteria:
            assert criterion_row(criterion.id).startswith(criterion.name["en"])
    assert "3 procedures: 2 fully online, 1 partly online, 0 not online" in criterion_row("full_online")
    assert "2 of 4 register-held fields pre-filled, in 1 procedure" in criterion_row("prefilled")
    assert "2 of 3 scenarios without these findings" in criterion_row("national_eid")
    assert "75th percentile 12 ms over 6 page loads (good ≤ 800 ms, poor > 1,800 ms)" in criterion_row(
        "server_response"
    )
    accessibility = criterion_row("accessibility")
    assert "2 accessibility rules broken, 44 elements, on 1 of 3 distinct pages scanned" in accessibility
    assert "1 of 2 required links found" in criterion_row("required_links")
    assert "5 of 6 distinct pages use only the portal's own hosts" in criterion_row("own_hosts_only")
    # Not assessed and not observable say so, and why, in words.
    https = criterion_row("https")
    assert "not assessed" in https and "every page came from this machine" in https
    digitised = criterion_row("digitised_dossiers")
    assert (
        "not observable" in digitised and "A browser cannot observe it: digitising and storing" in digitised
    )
    assert "No evidence in this run: the load test did not run for this portal." in criterion_row(
        "speed_under_load"
    )


def test_findings_are_ranked_by_points_lost_with_their_evidence_links(tmp_path, rich):
    folder, screenshot, assessment = rich
    uids = fake_allure_report(tmp_path / "allure-report", folder)
    written = write_assessment(assessment, tmp_path / "assessment", tmp_path / "allure-report")
    page = written.portal_pages["alpha"].read_text(encoding="utf-8")
    portal = assessment.portal("alpha")
    rows = rows_of(page, "findings-table")
    assert len(rows) == len(portal.findings) >= 8
    lost = [float(text_of(re.findall(r"<td[^>]*>.*?</td>", row, re.S)[2])) for row in rows]
    assert lost == sorted(lost, reverse=True)
    first = text_of(rows[0])
    assert first.startswith("1 The virtual assistant gave a wrong answer.")
    assert "A virtual assistant answers correctly" in first and "Functions" in first
    assert "Birth registration (virtual assistant, desktop)" in first
    assert "Seen: fee: 50,000 VND instead of 25,000 VND" in first
    # Every finding reads as a sentence, never as its id.
    for row, finding_ in zip(rows, portal.findings, strict=True):
        assert f">{finding_.kind}<" not in row
    image_alt = next(row for row in rows if "Images have no text alternative" in row)
    assert "impact: critical" in text_of(image_alt) and "41 elements on 1 page" in text_of(image_alt)
    assert "page 127.0.0.1:1/birth/form" in text_of(image_alt)
    # Evidence: the Allure test case (from the portal page: one folder up) and the screenshot.
    example = next(f for f in portal.findings if f.kind == "image-alt").examples[0]
    assert f'href="../../allure-report/index.html#testresult/{uids[example.allure_result.uuid]}"' in image_alt
    assert screenshot == example.screenshot
    href = re.search(r'href="([^"]+\.png)"', image_alt).group(1)
    assert (written.portal_pages["alpha"].parent / href).resolve() == (folder / screenshot).resolve()


def test_a_screenshot_without_its_file_is_named_not_linked(tmp_path, rich):
    folder, screenshot, assessment = rich
    moved = assessment.model_copy(
        update={"source": assessment.source.model_copy(update={"results_dir": str(tmp_path / "gone")})}
    )
    page = write_assessment(moved, tmp_path / "out").portal_pages["alpha"].read_text(encoding="utf-8")
    assert f"screenshot {screenshot} (in the Allure results)" in page
    assert '.png"' not in page


def test_procedures_with_their_own_points(tmp_path, rich):
    _, _, assessment = rich
    page = write_assessment(assessment, tmp_path).portal_pages["alpha"].read_text(encoding="utf-8")
    rows = {
        re.search(r'data-procedure="(\w+)"', r).group(1): text_of(r)
        for r in rows_of(page, "procedures-table")
    }
    portal = assessment.portal("alpha")
    assert set(rows) == {p.id for p in portal.procedures}
    death = portal.procedure("death_registration").model_points
    assert "Partly online" in rows["death_registration"]
    assert rows["death_registration"].endswith(f"{death.score} {death.earned:g} of {death.assessed:g} points")
    assert "Lost points on: Procedures completed fully online" in rows["death_registration"]


# --- languages ----------------------------------------------------------------------------------------


def test_vietnamese_scorecard_has_no_english_left(tmp_path, rich):
    _, _, assessment = rich
    written = write_assessment(assessment, tmp_path / "vi", lang="vi")
    english_words = [
        value for key, value in EN.items() if "{" not in value and len(value) >= 12 and value != VI[key]
    ]
    model_names_en = [
        text["en"]
        for group in assessment.model.groups
        for text in [group.name, *(c.name for c in group.criteria)]
    ] + [assessment.model.title["en"]]
    for name, html in pages_of(written).items():
        assert '<html lang="vi">' in html, name
        text = text_of(html)
        for english in english_words + model_names_en:
            assert english not in text, (name, english)
    index = written.html_path.read_text(encoding="utf-8")
    for words in ("Xếp hạng", "Điểm theo nhóm tiêu chí", "Thủ tục theo từng cổng", "Toàn trình", "Một phần"):
        assert words in index, words
    for group in assessment.model.groups:
        assert group.name["vi"] in index
    page = text_of(written.portal_pages["alpha"].read_text(encoding="utf-8"))
    assert "Những vấn đề làm mất điểm, nhiều nhất trước" in page
    assert "Trợ lý ảo trả lời sai." in page
    assert "Thủ tục thực hiện trực tuyến toàn trình" in page
    assert "phân vị 75 là 12 ms trên 6 lượt tải trang" in page
    # The scorer's own details read in Vietnamese too; the judges' are the evidence's words.
    assert "phải tự nhập dù cơ sở dữ liệu đã có: full_name, date_of_birth" in page
    alpha = assessment.portal("alpha")
    assert f"{alpha.score}".replace(".", ",") in page  # Vietnamese decimal comma


def test_english_scorecard_uses_the_english_names_of_the_model(tmp_path, rich):
    _, _, assessment = rich
    written = write_assessment(assessment, tmp_path / "en", lang="en")
    for name, html in pages_of(written).items():
        assert '<html lang="en">' in html
        for group in assessment.model.groups:
            assert group.name["vi"] not in html, (name, group.name["vi"])


def test_an_unknown_language_is_refused(tmp_path, fixture_assessment):
    with pytest.raises(ValueError, match="unknown report language 'fr'"):
        write_assessment(fixture_assessment, tmp_path, lang="fr")


# --- links to the Allure report -------------------------------------------------------------------------


def test_without_allure_report_there_are_no_links(tmp_path, fixture_assessment):
    html = write_assessment(fixture_assessment, tmp_path / "assessment").html_path.read_text(encoding="utf-8")
    assert "allure-report" not in html
    assert "No Allure HTML report is linked" in html
    # A report folder that was never generated gives no dead links either.
    written = write_assessment(fixture_assessment, tmp_path / "a", tmp_path / "allure-report")
    for html in pages_of(written).values():
        assert "allure-report" not in html


def test_links_to_allure_report_and_test_cases_when_the_report_exists(tmp_path, fixture_assessment):
    uids = fake_allure_report(tmp_path / "allure-report")
    written = write_assessment(fixture_assessment, tmp_path / "assessment", tmp_path / "allure-report")
    html = written.html_path.read_text(encoding="utf-8")
    assert 'href="../allure-report/index.html"' in html
    matrix = between(html, "matrix-title", "not-assessable-title")
    for uid in uids.values():
        assert f'href="../allure-report/index.html#testresult/{uid}"' in matrix
    assert "stale" not in html
    pages = "".join(path.read_text(encoding="utf-8") for path in written.portal_pages.values())
    for uid in uids.values():
        assert f'href="../../allure-report/index.html#testresult/{uid}"' in pages

    data = json.loads(written.json_path.read_text(encoding="utf-8"))
    assert data["allure_report"] == "../allure-report/index.html"
    for portal in data["portals"]:
        for procedure in portal["procedures"]:
            assert procedure["allure_test_case_uid"] == uids[procedure["allure_result"]["uuid"]]
    links = {row["allure_test_case"] for row in read_csv(written.csv_path)}
    assert links == {f"../allure-report/index.html#testresult/{uid}" for uid in uids.values()}


def test_explicit_allure_report_folder(tmp_path, fixture_assessment):
    fake_allure_report(tmp_path / "elsewhere" / "allure")
    written = write_assessment(fixture_assessment, tmp_path / "out", tmp_path / "elsewhere" / "allure")
    assert 'href="../elsewhere/allure/index.html"' in written.html_path.read_text(encoding="utf-8")


def test_portal_without_any_assessable_procedure_reads_not_assessable(tmp_path):
    results = read_allure_results(FIXTURE_RESULTS)
    results.scenarios = [s for s in results.scenarios if s.status == "broken"]
    written = write_assessment(assess(results), tmp_path)
    html = written.html_path.read_text(encoding="utf-8")
    assert "not assessable" in text_of(rows_of(html, "ranking-table")[0])
    (row,) = read_csv(written.csv_path)
    assert (row["portal_rank"], row["portal_score"], row["portal_grade"]) == ("", "", "not assessable")


# --- quality criteria in the CSV and JSON -----------------------------------------------------------------


def test_csv_has_a_column_per_quality_criterion(tmp_path, fixture_assessment):
    rows = read_csv(write_assessment(fixture_assessment, tmp_path).csv_path)
    assert [f"criterion_{name}" for name in QUALITY_CRITERIA] == CRITERION_COLUMNS
    assert set(CRITERION_COLUMNS) | {"criteria_not_met", "assistant_result_uuid"} <= rows[0].keys()
    by_key = {(row["portal_id"], row["procedure_id"]): row for row in rows}
    # Measurements v1: full online from the verdict; nothing else was judged, so nothing is met or not met.
    full = by_key[("reference", "birth_registration")]
    assert (full["criterion_full_online"], full["criterion_speed"], full["criterion_mobile"]) == (
        "met",
        "not_assessable",
        "not_applicable",
    )
    assert full["criterion_virtual_assistant"] == full["assistant_result_uuid"] == ""
    partial = by_key[("province", "birth_registration")]
    assert (partial["criterion_full_online"], partial["criteria_not_met"]) == ("not_met", "full_online")
    broken = by_key[("province", "temporary_residence_registration")]
    assert broken["criterion_full_online"] == "not_assessable"


@pytest.fixture
def v2_results(tmp_path) -> Path:
    """Journeys on desktop and phone and questions to the assistant, as measurements v2."""
    folder = tmp_path / "allure-results"
    folder.mkdir()
    wcag = finding("wcag_violation", "color-contrast (serious): 3 element(s) on 1 page(s)", "http://x/a")
    desktop = measurements_v2("alpha", "p1", "full", criteria={"accessibility": judged("not_met", wcag)})
    write_result(folder, "alpha", "p1", "failed", desktop, stop=2_000, labels={"viewport": "desktop"})
    scroll = finding("horizontal_scroll", "/a is 620 px wide on a 412 px screen")
    phone = measurements_v2(
        "alpha", "p1", "full", viewport="phone", criteria={"mobile": judged("not_met", scroll)}
    )
    write_result(folder, "alpha", "p1", "failed", phone, stop=3_000, labels={"viewport": "phone"})
    wrong = judged("not_met", finding("wrong_answer", "fee: 50,000 VND instead of 25,000 VND"))
    asked = measurements_v2("alpha", "p1", None, kind="assistant", criteria={"virtual_assistant": wrong})
    write_result(folder, "alpha", "p1", "failed", asked, stop=4_000, labels=assistant_labels())
    write_result(folder, "alpha", "p2", "passed", measurements_v2("alpha", "p2", "full"))
    only_asked = measurements_v2("alpha", "p3", None, kind="assistant")
    write_result(folder, "alpha", "p3", "passed", only_asked, labels=assistant_labels())
    write_result(folder, "beta", "p1", "passed", measurements_v2("beta", "p1", "full"))
    return folder


def test_csv_and_json_carry_the_quality_criteria(tmp_path, v2_results):
    uids = fake_allure_report(tmp_path / "allure-report", v2_results)
    assessment = score_results(v2_results)
    written = write_assessment(assessment, tmp_path / "out", tmp_path / "allure-report")
    rows = read_csv(written.csv_path)
    # One row per portal x procedure x viewport (the matrix viewport first), portals in ranking order;
    # the assistant asked about p3, which has no journey, gets a row of its own.
    assert [p.id for p in assessment.portals] == ["beta", "alpha"]
    assert [(r["portal_id"], r["procedure_id"], r["viewport"], r["verdict"]) for r in rows] == [
        ("beta", "p1", "desktop", "full"),
        ("alpha", "p1", "desktop", "full"),
        ("alpha", "p2", "desktop", "full"),
        ("alpha", "p1", "phone", "full"),
        ("alpha", "p3", "desktop", ""),
    ]
    _, desktop, p2, phone, p3 = rows
    assert desktop["criterion_accessibility"] == "not_met"
    assert desktop["criterion_mobile"] == "not_applicable"
    assert desktop["criterion_virtual_assistant"] == "not_met"
    assert desktop["criteria_not_met"] == "accessibility; virtual_assistant"
    assert desktop["assistant_status"] == "failed"
    assert (
        desktop["assistant_test_case"]
        == f"../allure-report/index.html#testresult/{uids[desktop['assistant_result_uuid']]}"
    )
    assert (phone["criterion_mobile"], phone["criterion_virtual_assistant"]) == ("not_met", "")
    assert {p2[column] for column in CRITERION_COLUMNS} == {"met", "not_applicable", ""}
    assert p3["criterion_virtual_assistant"] == "met"
    assert p3["criterion_speed"] == p3["status"] == p3["allure_result_uuid"] == ""
    assert p3["assistant_result_uuid"] in uids
    assert p3["portal_score"] == desktop["portal_score"]  # the portal's columns on its own row too

    data = json.loads(written.json_path.read_text(encoding="utf-8"))
    alpha = data["portals"][1]
    assert [a["id"] for a in alpha["assistant_scenarios"]] == ["p1", "p3"]
    assert all(
        a["allure_test_case_uid"] == uids[a["allure_result"]["uuid"]] for a in alpha["assistant_scenarios"]
    )
    p1 = alpha["procedures"][0]
    assert p1["quality_criteria"]["virtual_assistant"]["scenario"] == "assistant"
    assert p1["assistant_allure_test_case_uid"] == uids[p1["assistant_allure_result"]["uuid"]]
    assert alpha["procedures"][1]["assistant_allure_test_case_uid"] is None
    page = written.portal_pages["alpha"].read_text(encoding="utf-8")
    for a in alpha["assistant_scenarios"]:
        assert f'href="../../allure-report/index.html#testresult/{a["allure_test_case_uid"]}"' in page
