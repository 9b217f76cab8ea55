"""judging.accessibility: axe-core's WCAG A/AA violations, one finding per rule."""

from __future__ import annotations

from judging_inputs import GOOD_PAGE, HARNESS_ERROR, measurements, page, stopped_before, verdicts

from portalqa.judging.accessibility import judge_accessibility


def axe(*violations) -> dict:
    return {"axe_version": "4.14.1", "violations": list(violations)}


def test_pages_without_violations_meet_accessibility():
    assert verdicts(measurements())["accessibility"] == ("met", set())


def test_a_violation_does_not_meet_accessibility():
    label = {
        "rule": "label",
        "impact": "critical",
        "help": "Form elements must have labels",
        "nodes": [{"target": "#notes"}],
    }
    judged = verdicts(measurements(pages=[page(accessibility=axe(label))]))
    assert judged["accessibility"] == ("not_met", {"wcag_violation"})


def test_one_axe_rule_on_many_pages_is_one_finding():
    violation = {
        "rule": "color-contrast",
        "impact": "serious",
        "help": "contrast",
        "nodes": [{"target": "a"}],
    }
    pages = [page(url=f"http://x/{n}", accessibility=axe(violation)) for n in range(3)]
    findings = judge_accessibility(pages).findings
    assert len(findings) == 1 and "3 element(s) on 3 page(s)" in findings[0].detail
    assert findings[0].page == "http://x/0"


def test_the_most_severe_rule_comes_first():
    minor = {"rule": "region", "impact": "minor", "nodes": []}
    critical = {"rule": "label", "impact": "critical", "nodes": []}
    unrated = {"rule": "odd", "nodes": []}
    findings = judge_accessibility([page(accessibility=axe(unrated, minor, critical))]).findings
    assert [f.detail.split(" ")[0] for f in findings] == ["label", "region", "odd"]


def test_pages_without_axe_results_make_accessibility_not_assessable():
    assert verdicts(measurements(pages=[page(accessibility=None)]))["accessibility"][0] == "not_assessable"


def test_a_distinct_page_axe_core_could_not_check_is_not_observed():
    failed = page(
        url="http://x/eform", title="E-form", accessibility=None, accessibility_error="axe timed out"
    )
    judged = judge_accessibility([page(), failed])
    assert (judged.verdict, judged.summary) == (
        "not_assessable",
        "not observed: axe-core could not check /eform",
    )


def test_a_revisit_of_a_checked_page_is_not_checked_again_and_needs_not_be():
    revisit = page(url=GOOD_PAGE["url"] + "?again=1", accessibility=None)
    assert judge_accessibility([page(), revisit]).verdict == "met"


def test_a_violation_stands_beside_an_unchecked_page():
    violation = {"rule": "label", "impact": "critical", "nodes": [{"target": "#a"}]}
    unchecked = page(url="http://x/other", title="Other", accessibility=None)
    judged = judge_accessibility([page(accessibility=axe(violation)), unchecked])
    assert judged.verdict == "not_met" and "not observed: axe-core could not check /other" in judged.summary


def test_a_journey_portalqa_could_not_finish_is_not_assessable_on_accessibility():
    assert verdicts(stopped_before("eform", reasons=[HARNESS_ERROR]))["accessibility"][0] == "not_assessable"


def test_a_control_found_only_by_a_css_fallback_is_a_finding():
    result = judge_accessibility([page()], ["#sdt"])
    assert result.verdict == "not_met"
    assert [(f.kind, f.detail) for f in result.findings] == [
        ("no_accessible_name", "found only by the profile's css selector '#sdt': no label or name to use")
    ]
    assert judge_accessibility([page()], []).verdict == "met"
