"""The scorecard and the Allure report opened in headless Chromium: everything renders, nothing leaves.

The files are written under reports/selftest/scorecard/ (git-ignored) and kept after the run, so that
the screenshots can be looked at: scorecard.png (the index, full page), scorecard-allure.png (the
Allure report's overview) and scorecard-vi.png (the Vietnamese index).
"""

from __future__ import annotations

import copy
import shutil
import struct
from datetime import timedelta

import pytest
from test_assessment_report import write_rich_results

from portalqa.paths import PROJECT_ROOT, REPORTS_DIR
from portalqa.reporting.allure_html import generate_allure_html
from portalqa.reporting.scorecard import write_assessment
from portalqa.reporting.scorecard_check import check_in_browser, leaves_machine
from portalqa.scoring.assessment import score_results
from portalqa.scoring.trend import PastRun, with_trend

pytestmark = pytest.mark.browser

SELFTEST = REPORTS_DIR / "selftest" / "scorecard"


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def written():
    shutil.rmtree(SELFTEST, ignore_errors=True)
    results = SELFTEST / "allure-results"
    write_rich_results(results)
    report = SELFTEST / "allure-report"
    generate_allure_html(results, report, PROJECT_ROOT)
    assessment = score_results(results)
    # An earlier run, a day before, so that the trend chart has two points.
    earlier = copy.deepcopy(assessment.to_dict())
    earlier["generated_at"] = (assessment.generated_at - timedelta(days=1)).isoformat(timespec="seconds")
    for portal in earlier["portals"]:
        if portal["score"] is not None:
            portal["score"] = round(portal["score"] * 0.9, 1)
    assessment = with_trend(assessment, [PastRun(SELFTEST / "earlier.json", earlier)])
    return {
        "assessment": assessment,
        "report": report,
        "en": write_assessment(assessment, SELFTEST / "assessment", report),
        "vi": write_assessment(assessment, SELFTEST / "assessment-vi", report, lang="vi"),
    }


def test_scorecard_and_allure_report_render_offline_with_no_request_off_the_machine(written):
    assessment = written["assessment"]
    check = check_in_browser(
        written["en"].html_path, SELFTEST / "scorecard.png", written["report"] / "index.html"
    )

    assert check.off_machine_requests == (), check.off_machine_requests
    assert check.problems == ()
    rendered = check.rendered
    assert rendered["ranking"] == len(assessment.portals) == 3
    # The ranking chart, one group chart per portal and the trend chart.
    assert rendered["charts"] == 1 + len(assessment.portals) + 1
    assert rendered["matrix"] == len(assessment.procedure_catalog())
    assert rendered["portal links"] == len(assessment.portals)
    assert [page.url.rsplit("/", 1)[-1] for page in check.portal_pages] == [
        "beta.html",
        "alpha.html",
        "gamma.html",
    ]
    for page in check.portal_pages:
        assert page.missing == (), page
        assert page.parts["charts"] == 1
    # The Allure report over loopback http, and a test case the scorecard links to.
    overview, test_case = check.allure
    assert overview.url.startswith("http://127.0.0.1:") and overview.parts["widgets"] > 0
    assert "#testresult/" in test_case.url and test_case.parts["test case"] == 1
    assert check.ok, check.missing
    # Everything the pages fetched came from the disk or from the loopback server.
    assert check.requests and all(not leaves_machine(url) for url in check.requests)
    assert any(url.startswith("http://127.0.0.1:") for url in check.requests)

    # Full-page screenshots, kept under reports/.
    assert check.screenshot == SELFTEST / "scorecard.png"
    assert check.screenshot.resolve().is_relative_to(REPORTS_DIR.resolve())
    width, height = png_size(check.screenshot)
    assert width >= 1000 and height > 2000  # the whole page, not the 800 px window
    assert check.allure_screenshot == SELFTEST / "scorecard-allure.png"
    png_size(check.allure_screenshot)


def test_the_vietnamese_scorecard_renders_too(written):
    check = check_in_browser(written["vi"].html_path, SELFTEST / "scorecard-vi.png")
    assert check.ok, (check.missing, check.off_machine_requests)
    assert check.scorecard.title == "Đánh giá cổng dịch vụ công"
    assert check.allure == () and check.allure_screenshot is None
    png_size(check.screenshot)


def test_a_page_that_fetches_from_another_host_is_caught(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(
        """<!DOCTYPE html><html><head><title>leaky</title>
        <link rel="stylesheet" href="https://fonts.example.com/font.css"></head>
        <body><table data-part="ranking"><tbody><tr><td>1</td></tr></tbody></table>
        <img src="http://203.0.113.7/pixel.png" alt=""><img src="http://127.0.0.1:9/local.png" alt="">
        </body></html>""",
        encoding="utf-8",
    )
    check = check_in_browser(page, tmp_path / "leaky.png")
    assert set(check.off_machine_requests) == {
        "https://fonts.example.com/font.css",
        "http://203.0.113.7/pixel.png",
    }
    assert "http://127.0.0.1:9/local.png" in check.requests  # tried, but on this machine
    assert not check.ok
    assert check.rendered["ranking"] == 1
    assert check.rendered["charts"] == check.rendered["matrix"] == 0
    assert {part.rsplit(": ", 1)[-1] for part in check.missing} >= {"charts", "matrix"}
