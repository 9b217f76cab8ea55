"""Where the scorecard's evidence links lead: the Allure report's test cases and the screenshots.

Addresses are relative to the scorecard folder (its index.html), so that the folder can be moved or
shared together with the Allure report beside it. A link is offered only to what exists: without a
generated report there is no test-case link, and a screenshot is linked only where its file is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from portalqa.reporting.allure_html import AllureTestCaseIndex, allure_test_case_address
from portalqa.scoring.output import Assessment, ResultReference

# Allure copies each attachment of the results into the report under this folder, by its file name.
REPORT_ATTACHMENTS = Path("data") / "attachments"


@dataclass(frozen=True)
class AllureLinks:
    """Addresses of the Allure report, its test-case pages and the screenshots, relative to the scorecard."""

    report_index: str | None
    test_cases: dict[str, str]  # Allure result uuid -> test-case page
    test_case_uids: dict[str, str]  # Allure result uuid -> Allure test-case uid
    screenshots: dict[str, str]  # attachment file name -> where it can be opened

    @classmethod
    def none(cls) -> AllureLinks:
        return cls(report_index=None, test_cases={}, test_case_uids={}, screenshots={})

    @classmethod
    def resolve(cls, assessment: Assessment, out_dir: Path, allure_report_dir: Path | None) -> AllureLinks:
        """Links to the report in `allure_report_dir` (if generated) and to the findings' screenshots."""
        screenshots = _screenshots(assessment, out_dir, allure_report_dir)
        index = AllureTestCaseIndex.load(allure_report_dir) if allure_report_dir is not None else None
        if index is None:
            # No generated report: a link would lead nowhere, so the page offers none.
            return cls(report_index=None, test_cases={}, test_case_uids={}, screenshots=screenshots)
        report_href = _relative(allure_report_dir, out_dir)
        uids: dict[str, str] = {}
        for result in evidence_results(assessment):
            uid = index.uid_for(result.history_id, result.name, result.start, result.stop)
            if uid is not None:
                uids[result.uuid] = uid
        return cls(
            report_index=f"{report_href}/index.html",
            test_cases={uuid: f"{report_href}/{allure_test_case_address(uid)}" for uuid, uid in uids.items()},
            test_case_uids=uids,
            screenshots=screenshots,
        )

    def test_case(self, result: ResultReference | None) -> str | None:
        return self.test_cases.get(result.uuid) if result is not None else None


def evidence_results(assessment: Assessment) -> list[ResultReference]:
    """Every Allure result the assessment rests on: scenarios, load phases and the findings' examples."""
    results: list[ResultReference] = []
    for portal in assessment.portals:
        results += [p.result for p in portal.procedures + portal.other_viewports]
        results += [a.result for a in portal.assistant_scenarios]
        results += [s.result for s in portal.site_scenarios]
        if portal.speed_under_load.result is not None:
            results.append(portal.speed_under_load.result)
        results += [e.allure_result for f in portal.findings for e in f.examples if e.allure_result]
    return results


def _screenshots(assessment: Assessment, out_dir: Path, allure_report_dir: Path | None) -> dict[str, str]:
    names = {e.screenshot for p in assessment.portals for f in p.findings for e in f.examples if e.screenshot}
    folders = []
    if allure_report_dir is not None:
        folders.append(Path(allure_report_dir) / REPORT_ATTACHMENTS)
    if assessment.source.results_dir:
        folders.append(Path(assessment.source.results_dir))
    found = {}
    for name in sorted(names):
        if Path(name).name != name:
            continue  # a file name, never a path out of the folder
        for folder in folders:
            if (folder / name).is_file():
                found[name] = f"{_relative(folder, out_dir)}/{name}"
                break
    return found


def _relative(target: Path, out_dir: Path) -> str:
    return Path(os.path.relpath(Path(target).resolve(), Path(out_dir).resolve())).as_posix()
