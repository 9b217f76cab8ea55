"""Graded, not yes/no: a before/after accessibility pair, and a trend across two runs, end to end.

"before" is the national reference portal with `inaccessible_markup` on every page (a dozen images
without alt text, unlabelled inputs, nameless links and buttons, low contrast, no page language ...);
"after" is the same portal without it. Both have their public pages checked, in one run.
A second run into the same reports folder switches two defects on in "after" (no contact link, no
monitoring code): the trend must name those regressions, each in its criterion, and nothing else.

The first run also checks three more copies of "after", each with one portal-wide switch on (no
accessibility statement, no contact link, no monitoring code): each must lose points in exactly its
criterion of the quality model compared with "after", a row of the detection matrix
(docs/detection-matrix.md), as are "before" (inaccessible markup) and "after" itself (clean).
"""

from __future__ import annotations

import pytest
from assessment_runs import read_assessment, run_assessment, write_variant_profile

pytestmark = pytest.mark.browser

GRADES = "ABCDE"
SELECTION = "portal_pages"
# Portal-wide switch -> (its portal in the first run, the model criterion it must cost points in).
ONE_SWITCH = {
    "no_accessibility_statement": ("no-a11y-statement", "required_links"),
    "no_contact_link": ("no-contact-link", "required_links"),
    "no_monitoring_code": ("no-monitoring-code", "monitoring_code"),
}
# Timings vary with the machine's load from one portal to the next, whatever the switches: the
# compared criteria leave them out (speed has its own switch, slow_page, in test_quality_selftest).
TIMED = {"server_response", "largest_contentful_paint", "speed_under_load"}


def assess_pair(reports, profiles, history) -> dict:
    arguments = ["--no-load", "--viewport", "desktop", "-m", SELECTION, "--history", str(history)]
    for profile in profiles:
        arguments += ["--portal", str(profile)]
    result = run_assessment(reports, *arguments, timeout=900)
    assert result.returncode == 0, result.stderr
    return {portal["id"]: portal for portal in read_assessment(reports)["portals"]}


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> tuple[dict, dict]:
    folder = tmp_path_factory.mktemp("before-after")
    reports, history = folder / "reports", folder / "history"
    before = write_variant_profile(folder, "a11y-before", defects={"inaccessible_markup": ["*"]})
    after = write_variant_profile(folder, "a11y-after")
    one_switch = [
        write_variant_profile(folder, portal_id, defects={switch: ["*"]})
        for switch, (portal_id, _) in ONE_SWITCH.items()
    ]
    first = assess_pair(reports, [before, after, *one_switch], history)
    after = write_variant_profile(
        folder, "a11y-after", defects={"no_contact_link": ["*"], "no_monitoring_code": ["*"]}
    )
    second = assess_pair(reports, [before, after], history)
    return first, second


def group(portal: dict, group_id: str) -> dict:
    return next(g for g in portal["groups"] if g["id"] == group_id)


def points_lost(portal: dict) -> dict[str, float]:
    """Model criterion -> the points the portal lost in it (timed criteria left out, see TIMED)."""
    return {
        c["id"]: c["points_lost"] or 0.0
        for g in portal["groups"]
        for c in g["criteria"]
        if c["id"] not in TIMED
    }


def costlier_than_after(first: dict, portal_id: str) -> set[str]:
    """The model criteria the portal lost more points in than the defect-free "after"."""
    clean = points_lost(first["a11y-after"])
    return {criterion for criterion, lost in points_lost(first[portal_id]).items() if lost > clean[criterion]}


def test_the_defect_free_portal_loses_no_point(two_runs, record_detection):
    first, _ = two_runs
    lost = {criterion for criterion, points in points_lost(first["a11y-after"]).items() if points > 0}
    record_detection(
        kind="clean",
        name="a11y-after, public pages",
        expected="",
        observed=",".join(sorted(lost)),
        detail="model criteria with points lost, timings left out",
    )
    assert not lost, first["a11y-after"]["groups"]


@pytest.mark.parametrize("switch", sorted(ONE_SWITCH))
def test_a_portal_wide_switch_costs_points_in_exactly_its_criterion(two_runs, switch, record_detection):
    first, _ = two_runs
    portal_id, criterion = ONE_SWITCH[switch]
    observed = costlier_than_after(first, portal_id)
    record_detection(
        kind="defect",
        name=switch,
        expected=criterion,
        observed=",".join(sorted(observed)),
        detail=f"{portal_id}, public pages, compared with a11y-after",
    )
    assert observed == {criterion}, first[portal_id]["groups"]


def test_inaccessible_markup_costs_points_in_accessibility_only(two_runs, record_detection):
    first, _ = two_runs
    observed = costlier_than_after(first, "a11y-before")
    record_detection(
        kind="defect",
        name="inaccessible_markup",
        expected="accessibility",
        observed=",".join(sorted(observed)),
        detail="a11y-before, public pages, compared with a11y-after",
    )
    assert observed == {"accessibility"}, first["a11y-before"]["groups"]


def test_after_is_at_least_two_grade_bands_above_before_in_accessibility(two_runs):
    first, _ = two_runs
    before, after = (
        group(first["a11y-before"], "structure_layout"),
        group(first["a11y-after"], "structure_layout"),
    )
    assert after["grade"] == "A", after
    assert GRADES.index(before["grade"]) - GRADES.index(after["grade"]) >= 2, (before, after)
    accessibility = next(c for c in before["criteria"] if c["id"] == "accessibility")
    # Many rules, several impacts, true element totals, each with the page it was seen on.
    assert len(accessibility["findings"]) >= 4
    assert len({f["impact"] for f in accessibility["findings"]}) >= 3
    image_alt = next(f for f in accessibility["findings"] if f["kind"] == "image-alt")
    assert image_alt["occurrences"] >= 12 and image_alt["units"] >= 2
    assert all(example["page"] and example["allure_result"] for example in image_alt["examples"])
    assert accessibility["figures"]["pages_affected"] == accessibility["figures"]["pages_scanned"] >= 2
    # The ranking follows: the repaired portal first, the accessibility findings the costliest of "before".
    assert first["a11y-after"]["rank"] == 1 and first["a11y-before"]["rank"] > 1
    assert first["a11y-before"]["findings"][0]["criterion"] == "accessibility"


def test_the_portal_wide_checks_are_scored(two_runs):
    first, _ = two_runs
    after = first["a11y-after"]
    statuses = {c["id"]: c["status"] for g in after["groups"] for c in g["criteria"]}
    assert statuses["monitoring_code"] == statuses["required_links"] == "scored"
    assert group(after, "monitoring")["score"] == 100.0
    assert group(after, "information_access")["score"] == 100.0


def test_the_trend_names_the_regressions_switched_on_between_two_runs(two_runs):
    first, second = two_runs
    trend = second["a11y-after"]["trend"]
    assert trend["previous_score"] == first["a11y-after"]["score"]
    # The monitoring code's 5 points lost first, then the contact link's half of 2.
    assert [(c["group"], c["criterion"], c["change"]) for c in trend["regressions"]] == [
        ("monitoring", "monitoring_code", -5.0),
        ("information_access", "required_links", -1.0),
    ]
    assert trend["score_change"] < 0
    # Nothing changed on "before": no regression, no improvement.
    unchanged = second["a11y-before"]["trend"]
    assert unchanged["regressions"] == [] and unchanged["improvements"] == []
