"""scripts/compare_assessments.py: timings aside, any change in what an assessment says is caught."""

from __future__ import annotations

import json
import runpy

from result_files import FIXTURE_RESULTS

from portalqa.paths import PROJECT_ROOT
from portalqa.reporting.scorecard import write_assessment
from portalqa.scoring.assessment import score_results

compare = runpy.run_path(str(PROJECT_ROOT / "scripts" / "compare_assessments.py"))["main"]


def _written(tmp_path, name: str) -> tuple[dict, object]:
    out = tmp_path / name
    write_assessment(score_results(FIXTURE_RESULTS), out)
    path = out / "assessment.json"
    return json.loads(path.read_text(encoding="utf-8")), path


def _save(path, data) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def test_two_scorings_of_the_same_results_match(tmp_path):
    _, before = _written(tmp_path, "a")
    _, after = _written(tmp_path, "b")
    assert compare([str(before), str(after)]) == 0


def test_a_timing_difference_is_not_a_difference(tmp_path):
    _, before = _written(tmp_path, "a")
    data, after = _written(tmp_path, "b")
    data["portals"][0]["procedures"][0]["timing"] = {"task_seconds": 99.0}
    _save(after, data)
    assert compare([str(before), str(after)]) == 0


def test_a_changed_verdict_or_score_is_caught(tmp_path, capsys):
    _, before = _written(tmp_path, "a")
    data, after = _written(tmp_path, "b")
    data["portals"][0]["procedures"][0]["verdict"] = "not_online"
    data["portals"][0]["score"] = 12.5
    _save(after, data)
    assert compare([str(before), str(after)]) == 1
    assert "2 difference(s)" in capsys.readouterr().out
