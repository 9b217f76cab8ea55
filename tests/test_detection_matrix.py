"""scripts/detection_matrix.py: hand-made rows judged and rendered, misses and false positives included."""

from __future__ import annotations

import json
import runpy
import shutil
import subprocess
import sys
import textwrap

import pytest

from portalqa.paths import PROJECT_ROOT
from reference_portal.defects import DEFECTS

script = runpy.run_path(str(PROJECT_ROOT / "scripts" / "detection_matrix.py"))
judge, render_markdown, main = script["judge"], script["render_markdown"], script["main"]

SWITCHES = ["no_prefill", "small_targets", "slow_page", "no_contact_link"]


def row(kind, name, expected, observed, detail="", test="end_to_end/test_x.py::test_y"):
    return {"kind": kind, "name": name, "expected": expected, "observed": observed, "criterion": None,
            "detail": detail, "test": test}  # fmt: skip


ROWS = [
    row("fault", "error_500", "not_assessable", "not_assessable", "server_error"),
    row("fault", "die", "not_assessable", "failed,not_assessable", "portal_unreachable"),
    row("defect", "no_prefill", "simplicity", "simplicity", "national portal, p1"),
    row("defect", "no_prefill", "simplicity", "", "province, p2"),  # a miss on one portal
    row("defect", "small_targets", "accessibility,mobile", "mobile,accessibility"),
    row("defect", "slow_page", "speed", "speed,transparency"),  # found, and a criterion too many
    row("defect", "renamed_switch", "speed", "speed"),
    row("clean", "national portal, birth_registration", "", ""),
    row("clean", "reference, defect-free procedures", "", "convenience"),
    # A fault test that failed before recording its row: setup and teardown, one miss.
    row(
        "failed_test",
        "end_to_end/test_faults.py::test_f[hang]",
        "passed",
        "failed in setup",
        "TimeoutError: 30 s",
        test="end_to_end/test_faults.py::test_f[hang]",
    ),
    row(
        "failed_test",
        "end_to_end/test_faults.py::test_f[hang]",
        "passed",
        "failed in teardown",
        "OSError",
        test="end_to_end/test_faults.py::test_f[hang]",
    ),
]


def test_rows_are_judged_by_kind():
    matrix = judge(ROWS, SWITCHES)
    assert [j.hit for j in matrix.faults] == [True, False]
    by_detail = {(j.row["name"], j.row["detail"]): j for j in matrix.defects}
    assert by_detail[("no_prefill", "national portal, p1")].hit
    missed = by_detail[("no_prefill", "province, p2")]
    assert not missed.hit and missed.missing == ("simplicity",) and missed.extra == ()
    assert by_detail[("small_targets", "")].hit  # the order of the criteria does not matter
    too_many = by_detail[("slow_page", "")]
    assert not too_many.hit and too_many.missing == () and too_many.extra == ("transparency",)
    assert [j.row["name"] for j in matrix.unknown] == ["renamed_switch"]
    assert matrix.uncovered == ["no_contact_link"]
    assert [j.hit for j in matrix.clean] == [True, False]


def test_recall_counts_a_switch_only_when_every_row_found_it():
    matrix = judge(ROWS, SWITCHES)
    # no_prefill missed on one portal; no_contact_link has no row; slow_page was found (with an extra).
    assert matrix.detected_switches == ["small_targets", "slow_page"]
    assert matrix.false_positives == 2  # slow_page's transparency, the clean portal's convenience


def test_every_miss_is_one_line_naming_what_and_where():
    misses = judge(ROWS, SWITCHES).misses
    assert misses == [
        "fault die (portal_unreachable): observed failed,not_assessable",
        "switch no_prefill (province, p2): not found in simplicity",
        "switch slow_page: also flagged transparency (false positive)",
        "clean reference, defect-free procedures: flagged convenience (false positive)",
        "switch no_contact_link: no self-test recorded a row",
        "row renamed_switch: not a switch of reference_portal/defects.py",
        "test end_to_end/test_faults.py::test_f[hang] failed in setup: TimeoutError: 30 s",
    ]


def test_the_page_shows_the_totals_and_a_row_per_recording():
    text = render_markdown(
        judge(ROWS, SWITCHES), command="python scripts/detection_matrix.py", generated="2026-12-02 14:00 UTC",
        pytest_exit=1,
    )  # fmt: skip
    assert (
        "Generated 2026-12-02 14:00 UTC by `python scripts/detection_matrix.py` (self-tests: pytest exit 1)"
        in text
    )
    assert "| recall: defect switches detected | **2/4** |" in text
    assert "| false positives (criteria flagged with nothing switched on) | **2** |" in text
    assert "| faults ending not assessable | **1/2** |" in text
    assert "| misses | **7** |" in text
    assert "| self-tests that failed (their rows may be missing) | **1** |" in text
    assert (
        "| die | not_assessable | failed,not_assessable | portal_unreachable | **NO** | test_x.py::test_y |"
        in text
    )
    assert "| `no_prefill` | province, p2 | simplicity | — | **NO** | yes | test_x.py::test_y |" in text
    assert "| `slow_page` | — | speed | speed,transparency | yes | **NO** | test_x.py::test_y |" in text
    assert "| `no_contact_link` | — | — | — | **NO** (no row) | — | — |" in text
    assert "| reference, defect-free procedures | convenience | **NO** | — | test_x.py::test_y |" in text
    assert "- switch no_contact_link: no self-test recorded a row" in text


def test_a_matrix_without_misses_says_so():
    rows = [row("defect", "no_prefill", "simplicity", "simplicity"), row("clean", "portal", "", "")]
    text = render_markdown(judge(rows, ["no_prefill"]), command="c", generated="g", pytest_exit=None)
    assert (
        "**1/1**" in text
        and "| false positives (criteria flagged with nothing switched on) | **0** |" in text
    )
    assert "## Misses\n\nNone." in text


def test_main_renders_recorded_rows_and_exits_1_on_a_miss(tmp_path, capsys):
    rows_file, out = tmp_path / "rows.json", tmp_path / "matrix.md"
    rows_file.write_text(json.dumps(ROWS), encoding="utf-8")
    assert main(["--rows", str(rows_file), "--out", str(out)]) == 1
    assert "| `slow_page` |" in out.read_text(encoding="utf-8")
    printed = capsys.readouterr().out
    assert "miss: switch slow_page: also flagged transparency (false positive)" in printed


def test_main_exits_0_when_every_switch_is_found_exactly(tmp_path):
    rows_file, out = tmp_path / "rows.json", tmp_path / "matrix.md"
    rows = [row("defect", name, "speed", "speed") for name in DEFECTS]
    rows_file.write_text(json.dumps(rows + [row("fault", "die", "not_assessable", "not_assessable")]))
    assert main(["--rows", str(rows_file), "--out", str(out)]) == 0
    assert f"**{len(DEFECTS)}/{len(DEFECTS)}**" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("content", [None, "{not json", '{"rows": 1}'])
def test_unreadable_rows_are_one_line_and_exit_2(tmp_path, capsys, content):
    rows_file, out = tmp_path / "rows.json", tmp_path / "matrix.md"
    if content is not None:
        rows_file.write_text(content, encoding="utf-8")
    assert main(["--rows", str(rows_file), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("detection matrix: ") and error.count("\n") == 1 and "--detection-out" in error
    assert not out.exists()


def test_a_self_test_that_fails_leaves_a_failed_test_row(tmp_path):
    """tests/conftest.py for real, in a pytest run of its own: rows recorded, and the failures."""
    for name in ("conftest.py", "pytest.ini"):
        shutil.copy(PROJECT_ROOT / "tests" / name, tmp_path / name)
    (tmp_path / "test_rows.py").write_text(
        textwrap.dedent(
            """
            import pytest

            def test_recorded_then_passes(record_detection):
                record_detection("clean", "portal", "", "")

            def test_recorded_then_fails(record_detection):
                record_detection("defect", "slow_page", "speed", "")
                assert False, "speed not flagged"

            @pytest.fixture
            def assessment():
                raise RuntimeError("the assessment did not run")

            def test_fails_before_recording(assessment, record_detection):
                record_detection("fault", "die", "not_assessable", "not_assessable")

            def test_without_the_fixture_fails_unrecorded():
                assert False
            """
        ),
        encoding="utf-8",
    )
    out = tmp_path / "rows.json"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--detection-out", str(out)],
        cwd=tmp_path, capture_output=True, check=False,
    )  # fmt: skip
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert [(r["kind"], r["name"], r["observed"]) for r in rows] == [
        ("clean", "portal", ""),
        ("defect", "slow_page", ""),
        ("failed_test", "test_rows.py::test_recorded_then_fails", "failed in call"),
        ("failed_test", "test_rows.py::test_fails_before_recording", "failed in setup"),
    ]
    assert rows[3]["detail"] == "RuntimeError: the assessment did not run"
    matrix = judge(rows, ["slow_page"])
    assert len(matrix.failed_tests) == 2 and len(matrix.misses) == 3
