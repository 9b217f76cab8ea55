"""scripts/flake_check.py: the JUnit files it reads, the failures per test id, and real repeated runs."""

from __future__ import annotations

import json
import re
import runpy
import textwrap

import pytest

from portalqa.paths import PROJECT_ROOT

script = runpy.run_path(str(PROJECT_ROOT / "scripts" / "flake_check.py"))
parse_junit, failures_per_test = script["parse_junit"], script["failures_per_test"]
summary_markdown, main, JUnitError, RunResult = (
    script["summary_markdown"],
    script["main"],
    script["JUnitError"],
    script["RunResult"],
)

# As pytest writes it: a failure, an error in setup, a skip, passes, one test in a class.
JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites name="pytest tests"><testsuite name="pytest" errors="1" failures="1" skipped="1" tests="5">
<testcase classname="scoring.test_trend" name="test_regression_named" time="0.012" />
<testcase classname="scoring.test_trend" name="test_improvement[two]" time="1.250">
  <failure message="assert 1 == 2">trace</failure></testcase>
<testcase classname="end_to_end.test_faults" name="test_a_fault[die]" time="30.5">
  <error message="failed on setup with &quot;TimeoutError&quot;">trace</error></testcase>
<testcase classname="browser.test_pool" name="test_needs_wrk" time="0.0">
  <skipped type="pytest.skip" message="wrk not installed">skip</skipped></testcase>
<testcase classname="reporting.test_scorecard.TestWording" name="test_vietnamese" time="0.2" />
</testsuite></testsuites>
"""


def test_a_junit_file_gives_each_outcome_and_the_failing_durations(tmp_path):
    junit = tmp_path / "run.xml"
    junit.write_text(JUNIT, encoding="utf-8")
    run = parse_junit(junit, run=3, exit_code=1, duration_s=42.0)
    assert (run.run, run.exit_code, run.tests, run.passed, run.skipped) == (3, 1, 5, 2, 1)
    assert run.failed == ["scoring.test_trend::test_improvement[two]"]
    assert run.errors == ["end_to_end.test_faults::test_a_fault[die]"]
    assert run.durations_s == {
        "scoring.test_trend::test_improvement[two]": 1.25,
        "end_to_end.test_faults::test_a_fault[die]": 30.5,
    }


@pytest.mark.parametrize(
    "content, message",
    [(None, "no JUnit file"), ("<testsuites", "is not XML"), ("<html></html>", "its root is <html>")],
)
def test_a_missing_or_foreign_file_is_a_junit_error(tmp_path, content, message):
    junit = tmp_path / "run.xml"
    if content is not None:
        junit.write_text(content, encoding="utf-8")
    with pytest.raises(JUnitError, match=message):
        parse_junit(junit)


def test_failures_are_counted_per_test_id_most_frequent_first():
    runs = [
        RunResult(run=1, exit_code=1, duration_s=1, failed=["a::x", "b::y"]),
        RunResult(run=2, exit_code=0, duration_s=1),
        RunResult(run=3, exit_code=1, duration_s=1, errors=["b::y"]),
    ]
    assert failures_per_test(runs) == {"b::y": [1, 3], "a::x": [1]}
    text = summary_markdown(runs, "pytest tests")
    assert "| `b::y` | 1, 3 | 2/3 |" in text and "| `a::x` | 1 | 1/3 |" in text
    assert "| 2 | 0 | 1 s | 0 | 0 | 0 | 0 | 0 |" in text
    assert "Tests failing in at least one run: 2" in text


def test_real_runs_catch_a_test_that_fails_once(tmp_path, capsys):
    # A test that fails on its first run only, and one that always passes: two real pytest runs.
    counter = tmp_path / "count"
    selection = tmp_path / "test_sometimes.py"
    selection.write_text(
        textwrap.dedent(
            f"""
            from pathlib import Path

            COUNTER = Path({str(counter)!r})

            def test_fails_the_first_time():
                seen = int(COUNTER.read_text()) if COUNTER.exists() else 0
                COUNTER.write_text(str(seen + 1))
                assert seen > 0

            def test_always_passes():
                pass
            """
        ),
        encoding="utf-8",
    )
    out = tmp_path / "flakes"
    assert main(["--runs", "2", "--out", str(out), str(selection)]) == 1
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [(r["run"], r["exit_code"], r["passed"], len(r["failed"])) for r in summary["runs"]] == [
        (1, 1, 1, 1),
        (2, 0, 2, 0),
    ]
    ((failing, runs),) = summary["failures"].items()
    assert failing.split("::")[-1] == "test_fails_the_first_time" and runs == [1]
    assert (out / "run-1-1.xml").is_file() and "1 failed" in (out / "run-1.log").read_text(encoding="utf-8")
    assert "1/2 |" in (out / "summary.md").read_text(encoding="utf-8")
    assert "run 1/2: exit 1, 1 passed, 1 failed" in capsys.readouterr().out


def test_a_run_without_junit_results_is_a_failing_run(tmp_path):
    # pytest stops at usage (an option it does not know) and writes no JUnit file.
    out = tmp_path / "flakes"
    assert main(["--runs", "1", "--out", str(out), "--no-such-pytest-option", "tests/test_text.py"]) == 1
    (run,) = json.loads((out / "summary.json").read_text(encoding="utf-8"))["runs"]
    assert run["exit_code"] == 4 and run["errors"] == ["<no JUnit results>"]


def test_bad_usage_is_one_line_and_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--runs", "0", "--out", str(tmp_path)])
    assert stopped.value.code == 2 and "at least once" in capsys.readouterr().err


def test_a_run_of_two_parts_adds_up_their_results(tmp_path):
    # make flake runs make test's two parts: each its own pytest process, one run in the summary.
    selection = tmp_path / "test_parts.py"
    selection.write_text(
        "def test_slow():\n    assert False\n\ndef test_quick():\n    pass\n",
        encoding="utf-8",
    )
    out = tmp_path / "flakes"
    parts = ["--part", f"-k 'not slow' {selection}", "--part", f"-k slow {selection}"]
    assert main(["--runs", "1", "--out", str(out), *parts]) == 1
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    (run,) = summary["runs"]
    assert (run["tests"], run["passed"], run["exit_code"]) == (2, 1, 1)
    assert [name.split("::")[-1] for name in run["failed"]] == ["test_slow"]
    assert (out / "run-1-1.xml").is_file() and (out / "run-1-2.xml").is_file()
    assert summary["command"].count("pytest -c tests/pytest.ini") == 2 and " && " in summary["command"]
    assert summary["commit"]


def test_resume_goes_on_after_the_runs_already_done(tmp_path, capsys):
    selection = tmp_path / "test_ok.py"
    selection.write_text("def test_ok():\n    pass\n", encoding="utf-8")
    out = tmp_path / "flakes"
    assert main(["--runs", "1", "--out", str(out), str(selection)]) == 0
    first = json.loads((out / "summary.json").read_text(encoding="utf-8"))["runs"][0]
    capsys.readouterr()
    assert main(["--runs", "2", "--resume", "--out", str(out), str(selection)]) == 0
    runs = json.loads((out / "summary.json").read_text(encoding="utf-8"))["runs"]
    assert [run["run"] for run in runs] == [1, 2] and runs[0] == first  # run 1 kept, not re-run
    assert "run 1/2" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "summary, message",
    [
        (None, "no .*summary.json to go on from"),
        ("{not json", "is not a flake summary"),
        ({"command": "pytest -c tests/pytest.ini other", "commit": "x", "runs": []}, "of another command"),
    ],
)
def test_resume_refuses_what_is_not_the_same_series(tmp_path, capsys, summary, message):
    out = tmp_path / "flakes"
    out.mkdir()
    if summary is not None:
        text = summary if isinstance(summary, str) else json.dumps(summary)
        (out / "summary.json").write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["--runs", "2", "--resume", "--out", str(out), str(tmp_path)])
    assert stopped.value.code == 2
    assert re.search(message, capsys.readouterr().err)


def test_resume_refuses_runs_of_another_commit(tmp_path, capsys):
    selection = tmp_path / "test_ok.py"
    selection.write_text("def test_ok():\n    pass\n", encoding="utf-8")
    out = tmp_path / "flakes"
    assert main(["--runs", "1", "--out", str(out), str(selection)]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    summary["commit"] = "0000000"
    (out / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["--runs", "2", "--resume", "--out", str(out), str(selection)])
    assert stopped.value.code == 2 and "runs of different code are not one series" in capsys.readouterr().err
