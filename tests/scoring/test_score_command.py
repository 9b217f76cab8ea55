"""`portalqa score` with a quality model of the user's own, its language, its history: no browser."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import yaml
from result_files import measurements_v2, write_result

from portalqa.paths import PROJECT_ROOT
from portalqa.scoring.quality_model import DEFAULT_MODEL_PATH


def score(reports, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "portalqa", "score", "--reports", str(reports), "--no-allure-html",
               "--no-scorecard-check", *args]  # fmt: skip
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)


def results_of_one_portal(reports) -> None:
    results = reports / "allure-results"
    results.mkdir(parents=True)
    write_result(results, "alpha", "p1", "passed", measurements_v2("alpha", "p1", "full"))
    write_result(results, "alpha", "p2", "failed", measurements_v2("alpha", "p2", "partial"))


def test_score_with_a_model_file_of_ones_own_in_vietnamese(tmp_path):
    reports = tmp_path / "reports"
    results_of_one_portal(reports)
    model = copy.deepcopy(yaml.safe_load(DEFAULT_MODEL_PATH.read_text(encoding="utf-8")))
    model["id"] = "my-model"
    path = tmp_path / "my-model.yaml"
    path.write_text(yaml.safe_dump(model, allow_unicode=True), encoding="utf-8")

    result = score(reports, "--model", str(path), "--lang", "vi")
    assert result.returncode == 0, result.stderr
    data = json.loads((reports / "assessment" / "assessment.json").read_text(encoding="utf-8"))
    assert data["model"]["id"] == "my-model" and data["model"]["path"] == str(path)
    assert data["language"] == "vi"
    assert "coverage" in result.stdout
    # The run is kept for the next one's trend.
    assert len(list((reports / "history").glob("*.json"))) == 1


def test_a_broken_model_file_stops_with_one_clear_line_and_writes_nothing(tmp_path):
    reports = tmp_path / "reports"
    results_of_one_portal(reports)
    model = yaml.safe_load(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    model["groups"][0]["points"] = 51
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(model, allow_unicode=True), encoding="utf-8")

    result = score(reports, "--model", str(path))
    assert result.returncode == 2
    assert "invalid quality model" in result.stderr and "add up to 50" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (reports / "assessment").exists()


def test_scoring_a_folder_without_results_is_a_clear_error(tmp_path):
    result = score(tmp_path / "nothing-here")
    assert result.returncode == 2
    assert "no Allure results at" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "nothing-here").exists()  # nothing created for a mistyped folder
