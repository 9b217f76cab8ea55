"""Speed under load, without Locust: the load policy in profiles, the guard's refusals, the figures and
verdicts read from Locust's JSON, the forms the journeys submit, and the load criterion in the assessment.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from load_helpers import write_reference_copy

from portalqa.load_testing.forms import post_form
from portalqa.load_testing.guard import LoadRefused, LoadRequest, check_load, is_loopback
from portalqa.load_testing.results import (
    LoadVerdict,
    figures_from_entries,
    judge,
    read_load_verdicts,
    read_locust_json,
)
from portalqa.load_testing.runner import write_allure_result
from portalqa.paths import PROJECT_ROOT
from portalqa.profiles.load_policy import Objectives
from portalqa.profiles.profile import ProfileError, load_profile
from portalqa.scoring.assessment import score_results

OK = LoadRequest(host="http://127.0.0.1:8000", users=5, spawn_rate=5, duration_s=10)


def test_reference_profile_allows_bounded_load():
    policy = load_profile("reference").load
    assert policy.allowed is True
    assert policy.run.users <= policy.max_users <= 20
    assert policy.objectives.p95_limit("sign-on") == 800
    assert policy.objectives.p95_limit("catalogue") == policy.objectives.p95_ms["default"]


def test_unknown_request_group_in_objectives_names_file_line_and_key(tmp_path):
    path = write_reference_copy(tmp_path, "p", objectives={"p95_ms": {"default": 500, "checkout": 100}})
    with pytest.raises(ProfileError) as error:
        load_profile(str(path))
    message = str(error.value)
    assert str(path) in message and "load.objectives.p95_ms" in message and "checkout" in message


def test_default_run_above_the_caps_is_a_profile_error(tmp_path):
    path = write_reference_copy(
        tmp_path, "p", max_users=5, run={"users": 8, "spawn_rate": 1, "duration_s": 5}
    )
    with pytest.raises(ProfileError, match=r"run.users \(8\) is above max_users \(5\)"):
        load_profile(str(path))


def test_guard_refuses_a_portal_not_allowed_naming_file_line_and_key(tmp_path):
    path = write_reference_copy(tmp_path, "p", allowed=False)
    with pytest.raises(LoadRefused) as error:
        check_load(load_profile(str(path)), OK)
    message = str(error.value)
    line = next(
        n for n, text in enumerate(path.read_text().splitlines(), 1) if text.strip() == "allowed: false"
    )
    assert f"{path}:{line}" in message and "load.allowed" in message


@pytest.mark.parametrize(
    ("request_", "key"),
    [
        (LoadRequest("http://portal.example.gov.vn", 5, 5, 10), "load.hosts"),
        (LoadRequest("http://10.0.0.8:8000", 5, 5, 10), "load.hosts"),
        (LoadRequest("http://127.0.0.1:8000", 21, 5, 10), "load.max_users"),
        (LoadRequest("http://127.0.0.1:8000", 5, 50, 10), "load.max_spawn_rate"),
        (LoadRequest("http://127.0.0.1:8000", 5, 5, 3600), "load.max_duration_s"),
        (LoadRequest("http://127.0.0.1:8000", 5, 5, None), "load.max_duration_s"),
    ],
)
def test_guard_refuses_host_outside_policy_and_requests_above_caps(request_, key):
    with pytest.raises(LoadRefused, match=key.replace(".", r"\.")):
        check_load(load_profile("reference"), request_)


def test_guard_accepts_loopback_and_listed_hosts(tmp_path):
    profile = load_profile(str(write_reference_copy(tmp_path, "p", hosts=["staging.example.gov.vn"])))
    for host in ("http://127.0.0.1:1", "http://127.8.9.1", "http://localhost:8000", "http://[::1]:80"):
        check_load(profile, LoadRequest(host, 5, 5, 10))
    check_load(profile, LoadRequest("https://staging.example.gov.vn", 20, 10, 60))
    assert not is_loopback("localhost.example.com")


def entry(name: str, times: dict, failures: int = 0, method: str = "GET") -> dict:
    # Shaped like Locust's JSON output: response-time keys are strings there.
    return {
        "name": name,
        "method": method,
        "num_requests": sum(times.values()),
        "num_none_requests": 0,
        "num_failures": failures,
        "response_times": {str(k): v for k, v in times.items()},
    }


def test_p95_per_group_follows_locusts_percentile_and_merges_methods(tmp_path):
    stats = [
        entry("catalogue", {10: 90, 200: 10}),
        entry("e-form", {20: 19}, method="GET"),
        entry("e-form", {900: 1}, failures=1, method="POST"),
    ]
    path = tmp_path / "locust.json"
    path.write_text(json.dumps(stats))
    figures = read_locust_json(path)
    groups = {g.name: g for g in figures.groups}
    # 100 requests, 10 of them slow: the 95th percentile is a slow one (as Locust reports it).
    assert groups["catalogue"].p95_ms == 200
    assert groups["e-form"].requests == 20 and groups["e-form"].p95_ms == 900
    assert figures.failures == 1 and figures.failure_ratio == pytest.approx(1 / 120)


def test_verdict_met_missed_and_nothing_measured():
    objectives = Objectives(p95_ms={"default": 300, "sign-on": 1000}, max_failure_ratio=0.05)
    fast = figures_from_entries([entry("catalogue", {50: 100}), entry("sign-on", {800: 10})])
    assert judge(fast, objectives).met is True
    slow = figures_from_entries([entry("catalogue", {650: 100})])
    verdict = judge(slow, objectives)
    assert verdict.met is False and "catalogue: 95th percentile 650 ms is above 300 ms" in verdict.reasons
    failing = figures_from_entries([entry("home", {10: 10}, failures=1)])
    assert judge(failing, objectives).met is False
    assert judge(figures_from_entries([]), objectives).met is None


STEP_PAGE = """
<nav><form method="post" action="/eid/logout"><input type="hidden" name="csrf_token" value="T">
<button>Sign out</button></form></nav>
<main><form method="post" action="/apply/1.001193/7/step/1" novalidate>
<input type="hidden" name="csrf_token" value="T">
<input id="full_name" name="full_name" value="Nguyễn Thị Lan">
<input name="place_of_birth" value="">
<select name="relationship"><option value="" selected>Choose</option><option>Mother</option></select>
<select name="sex"><option value="">Choose</option><option value="F" selected>Female</option></select>
<input type="checkbox" name="declaration" value="yes">
<button type="submit">Continue</button></form></main>
"""


def test_the_main_form_is_submitted_with_prefilled_values_kept():
    form = post_form(STEP_PAGE, must_have="csrf_token")
    assert form.action == "/apply/1.001193/7/step/1"
    values = form.values({"place_of_birth": "Ha Noi", "full_name": "Someone else", "unknown": "x"})
    assert values == {
        "csrf_token": "T",
        "full_name": "Nguyễn Thị Lan",
        "place_of_birth": "Ha Noi",
        "relationship": "Mother",
        "sex": "F",
        "declaration": "",
    }
    assert post_form(STEP_PAGE, must_have="password") is None


def write_load_result(folder: Path, tmp_path: Path, portal_id: str, status: str, result: dict | None) -> None:
    profile = load_profile(str(write_reference_copy(tmp_path, portal_id)))
    verdict = LoadVerdict(portal_id, profile.name, status, f"{status} summary", result=result)
    out = tmp_path / "load" / portal_id
    out.mkdir(parents=True)
    (out / "verdict.json").write_text(json.dumps(verdict.to_dict()))
    write_allure_result(folder, profile, verdict, out, 1_000, 2_000)


def test_load_results_reach_the_assessment_and_missing_ones_are_not_assessable(tmp_path):
    results = tmp_path / "allure-results"
    figures = judge(figures_from_entries([entry("home", {50: 10})]), Objectives()).to_dict()
    write_load_result(results, tmp_path, "fast", "passed", figures)
    write_load_result(results, tmp_path, "down", "broken", None)
    verdicts, problems = read_load_verdicts(results)
    assert {v.portal_id: v.status for v in verdicts} == {"fast": "passed", "down": "broken"} and not problems
    labels = {
        label["name"]: label["value"]
        for label in json.loads(next(results.glob("*-result.json")).read_text())["labels"]
    }
    assert labels["criterion"] == "speed_under_load" and labels["suite"] == "Speed under load"

    data = score_results(results).to_dict()
    speed = {portal["id"]: portal["speed_under_load"] for portal in data["portals"]}
    assert speed["fast"]["verdict"] == "met" and speed["fast"]["figures"]["groups"][0]["name"] == "home"
    assert speed["down"]["verdict"] == "not_assessable"
    # A load result alone scores only its own criterion, and is far too little for a grade; a load
    # phase that could not measure scores nothing: never a silent 0 or 100.
    portals = {portal["id"]: portal for portal in data["portals"]}
    fast, down = portals["fast"], portals["down"]
    assert (fast["score"], fast["grade"], fast["points_assessed"]) == (100.0, None, 8.0)
    assert "had evidence" in fast["grade_withheld"]
    assert down["score"] is None and down["grade"] is None and down["points_assessed"] == 0


def test_portal_without_load_result_is_not_assessable_for_speed():
    fixture = PROJECT_ROOT / "tests" / "fixtures" / "allure_results"
    for portal in score_results(fixture).to_dict()["portals"]:
        assert portal["speed_under_load"]["verdict"] == "not_assessable"
        assert "no load result" in portal["speed_under_load"]["summary"]
