"""judging.accessibility: axe-core's WCAG A/AA violations, one finding per rule."""

from __future__ import annotations

from judging_inputs import measurements, page, verdicts

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
