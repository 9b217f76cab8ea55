"""Bad input and a bad machine stop `portalqa assess` before anything starts, in one clear line, with the
right exit code (2: usage or profile, 3: this machine), and the previous run's reports untouched."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from assessment_runs import REFERENCE_PROFILE, write_variant_profile
from result_files import measurements_v2, write_result

from portalqa.assess_job import ReportOptions, ReportWriteError, write_reports
from portalqa.paths import PROJECT_ROOT
from portalqa.reporting.report_folders import RUN_PARTS, StagedReports
from portalqa.targets.embedded import free_loopback_port


def assess(reports: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "portalqa", "assess", "--reports", str(reports), "--no-load",
               "--no-scorecard-check", *args]  # fmt: skip
    environment = os.environ | (env or {})
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
    return subprocess.run(
        command, cwd=PROJECT_ROOT, capture_output=True, text=True, env=environment, timeout=120
    )


def previous_reports(root: Path) -> dict[str, bytes]:
    """What a finished earlier run left: every part of the reports folder, with a file in each."""
    parts = {"allure-results": "old-result.json", "allure-report": "index.html",
             "assessment": "assessment.json", "load": "verdict.json", "history": "1.json"}  # fmt: skip
    for part, name in parts.items():
        (root / part).mkdir(parents=True, exist_ok=True)
        (root / part / name).write_text(f"previous {part}", encoding="utf-8")
    return snapshot(root)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()
    }


def refused(result: subprocess.CompletedProcess, code: int, *words: str) -> None:
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for word in words:
        assert word in lines[0], lines[0]
    assert "running the scenarios" not in result.stdout  # refused before anything started


def profile_with(folder: Path, name: str, change) -> Path:
    data = yaml.safe_load(REFERENCE_PROFILE.read_text(encoding="utf-8"))
    data["id"] = name
    change(data)
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def remote(url: str):
    def change(data):
        data.pop("embedded")
        data["base_url"] = url

    return change


@pytest.mark.parametrize(
    "args, words",
    [
        (["-m", "porta_pages or birth_registration"], ["'porta_pages'", "portal_reference"]),
        (["-m", "birth_registration and"], ["-m", "not a valid expression"]),
        (["-k", "(birth"], ["-k", "not a valid expression"]),
    ],
    ids=["marker typo", "-m syntax", "-k syntax"],
)
def test_a_bad_selection_is_refused_before_anything_runs(tmp_path, args, words):
    reports = tmp_path / "reports"
    before = previous_reports(reports)
    refused(assess(reports, "--portal", "reference", *args), 2, *words)
    assert snapshot(reports) == before


@pytest.mark.parametrize(
    "url, words",
    [
        ("http://127.0.0.1:8080/a b", ["base_url", "whitespace"]),
        ("http://127.0.0.1:99999", ["base_url", "port"]),
        ("http://:8080/", ["base_url", "no host"]),
    ],
    ids=["space", "port 99999", "no host"],
)
def test_an_address_no_browser_can_open_is_refused_in_the_profile(tmp_path, url, words):
    reports = tmp_path / "reports"
    before = previous_reports(reports)
    path = profile_with(tmp_path, "bad-address", remote(url))
    result = assess(reports, "--portal", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert all(word in result.stderr for word in words), result.stderr
    assert snapshot(reports) == before
    checked = subprocess.run([sys.executable, "-m", "portalqa", "check-profile", str(path)],
                             cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert checked.returncode == 2 and words[1] in checked.stderr


@pytest.mark.parametrize(
    "embedded, words",
    [({"variant": "nationl"}, ["unknown variant 'nationl'", "national"]),
     ({"defects": {"no_prefil": ["*"]}}, ["no_prefil", "unknown defect", "no_prefill"])],
    ids=["variant", "defect"],
)  # fmt: skip
def test_an_unknown_embedded_variant_or_defect_is_refused_naming_the_known_ones(tmp_path, embedded, words):
    reports = tmp_path / "reports"
    before = previous_reports(reports)
    path = write_variant_profile(tmp_path, "typo", embedded=embedded)
    refused(assess(reports, "--portal", str(path)), 2, *words)
    assert snapshot(reports) == before
    checked = subprocess.run([sys.executable, "-m", "portalqa", "check-profile", str(path)],
                             cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert checked.returncode == 2 and words[0] in checked.stderr


def test_a_profile_not_in_utf8_names_the_byte(tmp_path):
    reports = tmp_path / "reports"
    before = previous_reports(reports)
    path = tmp_path / "latin1.yaml"
    text = REFERENCE_PROFILE.read_text(encoding="utf-8").replace("name:", "name: Cổng", 1)
    path.write_bytes(text.encode("utf-8").replace("ổ".encode(), b"\xf4"))
    result = assess(reports, "--portal", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "not UTF-8" in result.stderr and "byte" in result.stderr and "0xf4" in result.stderr
    assert snapshot(reports) == before


def test_a_missing_credential_is_named_with_its_fix(tmp_path):
    reports = tmp_path / "reports"
    before = previous_reports(reports)
    path = profile_with(tmp_path, "remote-portal", remote("http://127.0.0.1:9"))
    profile = yaml.safe_load(path.read_text(encoding="utf-8"))
    password_env = profile["sign_on"]["password_env"]
    env = {profile["sign_on"]["personal_id_env"]: "001088012345", password_env: None}
    result = assess(reports, "--portal", str(path), env=env)
    refused(result, 2, password_env, "export")
    assert snapshot(reports) == before


def test_reports_that_are_a_file_or_hold_a_file_where_a_folder_goes_are_refused(tmp_path):
    a_file = tmp_path / "reports.txt"
    a_file.write_text("mine", encoding="utf-8")
    refused(assess(a_file, "--portal", "reference"), 2, "is a file")
    assert a_file.read_text(encoding="utf-8") == "mine"

    reports = tmp_path / "reports"
    previous_reports(reports)
    (reports / "assessment" / "assessment.json").unlink()
    (reports / "assessment").rmdir()
    (reports / "assessment").write_text("a file where the assessment folder goes", encoding="utf-8")
    before = snapshot(reports)
    refused(assess(reports, "--portal", "reference"), 2, "assessment is a file")
    assert snapshot(reports) == before


def test_no_java_is_an_environment_problem_found_before_the_run(tmp_path):
    reports = tmp_path / "reports"
    before = previous_reports(reports)
    result = assess(
        reports, "--portal", "reference", env={"PATH": str(tmp_path / "empty"), "JAVA_HOME": None}
    )
    refused(result, 3, "Java")
    assert snapshot(reports) == before


def test_a_chromedriver_that_exits_at_start_is_found_before_the_run(tmp_path):
    reports = tmp_path / "reports"
    before = previous_reports(reports)
    driver = tmp_path / "chromedriver"
    driver.write_text("#!/bin/sh\necho 'cannot start' >&2\nexit 1\n", encoding="utf-8")
    driver.chmod(0o755)
    result = assess(reports, "--portal", "reference", env={"PORTALQA_CHROMEDRIVER": str(driver)})
    refused(result, 3, "ChromeDriver")
    assert snapshot(reports) == before


@contextlib.contextmanager
def small_filesystem(folder: Path, size: str):
    """A real, small filesystem (tmpfs) at `folder`: the run's disk, as small as the test needs."""
    folder.mkdir(parents=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_too_little_free_disk_is_refused_before_the_run(tmp_path):
    with small_filesystem(tmp_path / "disk", "20m") as disk:
        reports = disk / "reports"
        before = previous_reports(reports)
        refused(assess(reports, "--portal", "reference"), 3, "MB free")
        assert snapshot(reports) == before


def test_a_disk_that_fills_up_while_writing_leaves_the_presented_reports_as_they_were(tmp_path):
    results = tmp_path / "results"
    results.mkdir()
    for procedure in ("p1", "p2"):
        write_result(results, "alpha", procedure, "passed", measurements_v2("alpha", procedure, "full"))
    with small_filesystem(tmp_path / "disk", "1m") as disk:
        reports = disk / "reports"
        before = previous_reports(reports)
        staged = StagedReports(reports)
        staged.create()
        free = shutil.disk_usage(disk).free
        staged.part("ballast").write_bytes(b"x" * (free - 8 * 1024))  # all but 8 KB
        with pytest.raises(ReportWriteError, match="could not be written"):
            options = ReportOptions(check_scorecard=False, lang="en")
            write_reports(staged, RUN_PARTS, False, lambda: None, options, results=results)
        presented = {name: data for name, data in snapshot(reports).items() if not name.startswith(".run-")}
        assert presented == before


@pytest.mark.parametrize(
    "args, words",
    [
        (["--grid", "grid:4444"], ["--grid", "not a Selenium Grid address", "http://127.0.0.1:4444"]),
        (["--shard", "3/2"], ["--shard", "between 1 and N"]),
    ],
    ids=["grid address", "shard syntax"],
)
def test_a_malformed_scale_out_option_is_a_usage_error_naming_the_form(tmp_path, args, words):
    reports = tmp_path / "reports"
    result = assess(reports, "--portal", "reference", *args)
    # argparse's usage line, then its one error line.
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert all(word in result.stderr.strip().splitlines()[-1] for word in words), result.stderr
    assert not reports.exists()


def test_more_shards_than_portals_is_refused_before_anything_runs(tmp_path):
    reports = tmp_path / "reports"
    before = previous_reports(reports)
    refused(assess(reports, "--portal", "reference", "--shard", "2/3"), 2, "--shard 2/3", "at most 1 shard")
    assert snapshot(reports) == before


def test_a_grid_nobody_listens_at_is_found_before_the_run(tmp_path):
    reports = tmp_path / "reports"
    before = previous_reports(reports)
    grid = f"http://127.0.0.1:{free_loopback_port()}"
    refused(assess(reports, "--portal", "reference", "--grid", grid), 3, grid, "cannot be reached", "/status")
    assert snapshot(reports) == before
