"""Speed under load, for real: Locust in its own processes against loopback portals.

Every Locust here is a subprocess (`.venv/bin/locust -f load/citizen_journeys.py --portal ...`), never
imported: gevent would patch this pytest process. Load goes to loopback only, with a few users for a
few seconds.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from load_helpers import write_reference_copy

from portalqa.load_testing.guard import EXIT_REFUSED
from portalqa.load_testing.runner import (
    LOCUSTFILE,
    LoadSettings,
    locust_executable,
    run_load_phase,
    run_portal_load,
)
from portalqa.paths import PROJECT_ROOT
from portalqa.profiles.profile import load_profile
from portalqa.reporting.scorecard import write_assessment
from portalqa.scoring.assessment import score_results
from portalqa.targets.embedded import EmbeddedPortal, free_loopback_port

# Timed: objectives met on the normal portal and missed on the slow one are wall-clock figures.
pytestmark = pytest.mark.timed

PASSWORD = "pq-load-" + secrets.token_urlsafe(12)
SHORT = LoadSettings(users=6, spawn_rate=6, duration_s=6)


@pytest.fixture(autouse=True)
def test_credentials(monkeypatch):
    # Known credentials, so the tests can prove they never reach an output file.
    monkeypatch.setenv("PORTALQA_REFERENCE_PASSWORD", PASSWORD)
    monkeypatch.setenv("PORTALQA_REFERENCE_PERSONAL_ID", "001088012345")


def locust(*args: str, timeout: float = 60, **popen) -> subprocess.CompletedProcess:
    command = [locust_executable(), "-f", str(LOCUSTFILE), *args]
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=timeout, **popen)


@pytest.mark.parametrize(
    ("load", "args", "key"),
    [
        ({"allowed": False}, ["-u", "2", "-r", "2", "-t", "5s"], "load.allowed"),
        ({}, ["-u", "50", "-r", "2", "-t", "5s"], "load.max_users"),
        ({}, ["-u", "2", "-r", "2"], "load.max_duration_s"),
    ],
    ids=["not-allowed", "too-many-users", "no-run-time"],
)
def test_guard_refuses_before_any_request(tmp_path, counting_server, load, args, key):
    profile = write_reference_copy(tmp_path, "guarded", base_url=counting_server.url, **load)
    result = locust("--portal", str(profile), "--headless", "-H", counting_server.url, *args)
    assert result.returncode == EXIT_REFUSED, result.stderr[-2000:]
    assert "refused, no request sent" in result.stderr
    assert str(profile) in result.stderr and key in result.stderr
    assert counting_server.requests == 0


def test_guard_refuses_a_host_the_profile_does_not_list(tmp_path):
    profile = write_reference_copy(tmp_path, "elsewhere", base_url="https://portal.example.gov.vn")
    # The host is never resolved or contacted: the guard judges the name.
    result = locust("--portal", str(profile), "--headless", "-u", "1", "-t", "2s")
    assert result.returncode == EXIT_REFUSED
    assert "portal.example.gov.vn" in result.stderr and "load.hosts" in result.stderr


@pytest.fixture(scope="module")
def normal_and_slow(tmp_path_factory):
    """The reference portal and its slow variant, each load-tested by the main command's runner."""
    folder = tmp_path_factory.mktemp("load")
    slow_variant = folder / "slow-variant.yaml"
    # The limit sits far from both sides: a loopback portal answers in tens of ms (hundreds on a busy
    # 2-core runner), the slow variant waits 2 s on every page; the test is about the verdict, not speed.
    slow_variant.write_text("extends: national\nslow_responses_ms: 2000\n", encoding="utf-8")
    objectives = {"p95_ms": {"default": 1500}, "max_failure_ratio": 0.01}
    # Short pauses give each citizen dozens of actions in the run, so every request group is drawn
    # (with the shipped 0.5-2 s a 6 s run sometimes never drew "search" or the e-form).
    brisk = {"objectives": objectives, "think_time_s": [0.05, 0.2]}
    normal = write_reference_copy(folder, "reference-normal", **brisk)
    slow = write_reference_copy(folder, "reference-slow", embedded={"variant": str(slow_variant)}, **brisk)
    reports = folder / "reports"
    env = {"PORTALQA_REFERENCE_PASSWORD": PASSWORD, "PORTALQA_REFERENCE_PERSONAL_ID": "001088012345"}
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        outcomes = {
            profile.id: run_portal_load(profile, reports, SHORT)
            for profile in (load_profile(str(normal)), load_profile(str(slow)))
        }
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    assessment = score_results(reports / "allure-results")
    write_assessment(assessment, reports / "assessment")
    return reports, outcomes


def test_normal_portal_meets_its_objectives_and_the_slow_one_misses_them(normal_and_slow):
    _, outcomes = normal_and_slow
    normal, slow = outcomes["reference-normal"], outcomes["reference-slow"]
    assert normal.status == "passed", normal.verdict.summary
    assert normal.locust_exit_code == 0
    assert slow.status == "failed", slow.verdict.summary
    assert slow.locust_exit_code == 1
    assert "95th percentile" in slow.verdict.summary
    groups = {group["name"]: group for group in normal.verdict.result["groups"]}
    # Every citizen journey was exercised, signed-on ones included, without failures.
    assert {"catalogue", "search", "procedure info", "sign-on", "e-form open", "e-form submit"} <= set(groups)
    assert all(group["failures"] == 0 for group in groups.values())


def test_both_verdicts_reach_the_assessment_and_allure(normal_and_slow):
    reports, _ = normal_and_slow
    data = json.loads((reports / "assessment" / "assessment.json").read_text(encoding="utf-8"))
    speed = {portal["id"]: portal["speed_under_load"] for portal in data["portals"]}
    assert speed["reference-normal"]["verdict"] == "met"
    assert speed["reference-slow"]["verdict"] == "missed"
    html = (reports / "assessment" / "index.html").read_text(encoding="utf-8")
    assert "Objectives met" in html and "Objectives missed" in html
    results = [json.loads(p.read_text()) for p in (reports / "allure-results").glob("*-result.json")]
    statuses = {}
    for result in results:
        labels = {label["name"]: label["value"] for label in result["labels"]}
        assert labels["criterion"] == "speed_under_load" and labels["suite"] == "Speed under load"
        assert labels["parentSuite"] == result["name"].removeprefix("Speed under load: ")
        statuses[labels["portal"]] = result["status"]
    assert statuses == {"reference-normal": "passed", "reference-slow": "failed"}


def test_outputs_per_portal_and_no_secret_in_any_of_them(normal_and_slow):
    reports, _ = normal_and_slow
    for portal_id in ("reference-normal", "reference-slow"):
        out = reports / "load" / portal_id
        for name in ("locust-report.html", "locust.json", "locust_stats.csv", "verdict.json", "locust.log"):
            assert (out / name).is_file(), f"{out / name} missing"
    for path in reports.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), f"the test password leaked into {path}"


def test_runner_skips_portals_that_do_not_allow_load(tmp_path):
    profile = load_profile(str(write_reference_copy(tmp_path, "closed", allowed=False)))
    said = []
    assert run_load_phase([profile], tmp_path / "reports", say=said.append) == []
    assert "not allowed" in said[0]
    assert not (tmp_path / "reports" / "load").exists()


def test_unreachable_portal_is_not_assessable_for_speed(tmp_path):
    dead = f"http://127.0.0.1:{free_loopback_port()}"
    profile = load_profile(str(write_reference_copy(tmp_path, "offline", base_url=dead)))
    outcome = run_portal_load(profile, tmp_path / "reports", SHORT)
    assert outcome.status == "broken" and "could not be reached" in outcome.verdict.summary
    portal = score_results(tmp_path / "reports" / "allure-results").to_dict()["portals"][0]
    assert portal["speed_under_load"]["verdict"] == "not_assessable"


@pytest.fixture
def reference_portal():
    portal = EmbeddedPortal(load_profile("reference"), workers=2)
    yield portal.start()
    portal.stop()


# Every request name load/citizen_journeys.py gives (Locust groups its statistics by them).
JOURNEY_REQUEST_NAMES = frozenset({
    "home", "catalogue", "search", "procedure info", "track", "sign-on form", "sign-on", "e-form open",
    "e-form submit",
})  # fmt: skip


def stats_of(prefix: Path) -> dict[str, int]:
    entries = json.loads(prefix.with_suffix(".json").read_text(encoding="utf-8"))
    return {entry["name"]: entry["num_requests"] for entry in entries}


def test_distributed_master_and_two_workers_run_to_completion(tmp_path, reference_portal):
    port = free_loopback_port()
    prefix = tmp_path / "distributed"
    master = subprocess.Popen(
        [locust_executable(), "-f", str(LOCUSTFILE), "--portal", "reference", "--master", "--headless",
         "--master-bind-host", "127.0.0.1", "--master-bind-port", str(port), "--expect-workers", "2",
         "--expect-workers-max-wait", "20", "-u", "4", "-r", "4", "-t", "5s", "-H", reference_portal,
         "--json-file", str(prefix), "--only-summary"],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    workers = [
        subprocess.Popen(
            [
                locust_executable(),
                "-f",
                str(LOCUSTFILE),
                "--worker",
                "--master-host",
                "127.0.0.1",
                "--master-port",
                str(port),
            ],
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(2)
    ]
    try:
        output, _ = master.communicate(timeout=60)
        worker_codes = [worker.wait(timeout=20) for worker in workers]
    finally:
        for process in (master, *workers):
            if process.poll() is None:
                process.kill()
    assert master.returncode == 0, output[-3000:]
    assert "2 workers" in output or "workers connected" in output or "Sending spawn jobs" in output
    assert worker_codes == [0, 0]
    counts = stats_of(prefix)
    # The workers ran portalqa's citizen journeys: requests under their names only. Which of them a
    # 5 s run picks is random (a run without a single catalogue request was seen), so none is required.
    assert sum(counts.values()) > 10, counts
    assert set(counts) <= JOURNEY_REQUEST_NAMES, counts


def test_processes_2_on_one_machine_with_the_embedded_portal(tmp_path, monkeypatch):
    # No -H and no credentials in the environment: the master starts the portal, generates them and
    # hands them to its forked workers.
    monkeypatch.delenv("PORTALQA_REFERENCE_PASSWORD")
    prefix = tmp_path / "processes"
    result = locust(
        "--portal", "reference", "--headless", "--processes", "2", "-u", "4", "-r", "4", "-t", "6s",
        "--json-file", str(prefix), "--only-summary",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    counts = stats_of(prefix)
    assert counts.get("sign-on", 0) >= 1 and counts.get("e-form submit", 0) >= 1
    assert "objectives met" in result.stderr


def test_interactive_web_ui_serves_and_its_form_is_guarded(tmp_path, counting_server):
    profile = write_reference_copy(tmp_path, "interactive", base_url=counting_server.url)
    port = free_loopback_port()
    process = subprocess.Popen(
        [locust_executable(), "-f", str(LOCUSTFILE), "--portal", str(profile),
         "--web-host", "127.0.0.1", "--web-port", str(port)],
        cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        page = _get_when_up(f"http://127.0.0.1:{port}/", process)
        assert page.status == 200
        form = urllib.parse.urlencode({"user_count": 500, "spawn_rate": 5, "host": counting_server.url})
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/swarm", data=form.encode(), timeout=10
        ) as answer:
            reply = json.loads(answer.read())
        assert reply["success"] is False and "load.max_users" in reply["message"]
        time.sleep(0.5)
        assert counting_server.requests == 0
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _get_when_up(url: str, process: subprocess.Popen):
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"locust exited early:\n{process.stderr.read()[-2000:]}")
        try:
            return urllib.request.urlopen(url, timeout=2)
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"the Locust web UI did not answer at {url}")


def test_no_locust_in_this_process():
    # Everything above ran Locust as a subprocess; importing it here would patch pytest with gevent.
    assert "locust" not in sys.modules and "gevent.monkey" not in sys.modules
