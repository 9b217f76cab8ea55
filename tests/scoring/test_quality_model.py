"""The quality model as data: the shipped model, its checks, its formulas, and scores that follow it.

Results are synthetic (tests/result_files.py); the figures are worked out by hand beside each test.
"""

from __future__ import annotations

import copy

import pytest
import yaml
from result_files import finding, judged, measurements_v2, write_result

from portalqa.scoring.assessment import score_results
from portalqa.scoring.formulas import share_earned
from portalqa.scoring.indicators import IndicatorValue, Violation
from portalqa.scoring.quality_model import (
    DEFAULT_MODEL_PATH,
    Bands,
    QualityModelError,
    RatioToTarget,
    SeverityDeductions,
    load_quality_model,
)

SHIPPED = yaml.safe_load(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))


def write_model(tmp_path, data: dict, name: str = "model.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- the shipped model --------------------------------------------------------------------------------


def test_the_shipped_model_has_decision_473s_six_groups_and_100_points():
    model = load_quality_model()
    assert [(g.id, g.points) for g in model.groups] == [
        ("functions", 50),
        ("structure_layout", 5),
        ("performance", 20),
        ("information_security", 15),
        ("information_access", 5),
        ("monitoring", 5),
    ]
    assert model.total_points == 100
    assert [(b.grade, b.minimum) for b in model.grade_bands] == [
        ("A", 90),
        ("B", 80),
        ("C", 65),
        ("D", 50),
        ("E", 0),
    ]
    # Every criterion cites its source and is named in both report languages.
    assert all(c.source and c.name.en and c.name.vi for c in model.criteria())
    # What a browser cannot see is stated, with why, rather than scored.
    hidden = [c for c in model.criteria() if not c.observable]
    assert hidden and all(c.why_not_observable.en and c.why_not_observable.vi for c in hidden)


def test_model_grades_follow_its_bands():
    model = load_quality_model()
    assert [model.grade_for(s) for s in (100, 90.0, 89.9, 80, 65, 64.9, 50, 49.9, 0)] == list("AABBCDDEE")
    assert model.grade_for(None) is None


# --- bad model files: one clear line each ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda m: m["groups"][0].__setitem__("points", 60), "criteria add up to 50"),
        (
            lambda m: m["groups"][0]["criteria"][0].__setitem__("indicator", "speed_of_light"),
            "unknown indicator",
        ),
        (
            lambda m: m["groups"][0]["criteria"][0].__setitem__(
                "indicator", {"name": "full_online_share", "fact": "https"}
            ),
            "takes no fact",
        ),
        (lambda m: m["groups"][0]["criteria"][0].pop("formula"), "needs an indicator and a formula"),
        (
            lambda m: m["groups"][0]["criteria"][0].__setitem__(
                "formula", {"kind": "bands", "good": 1, "poor": 2}
            ),
            "weighed with ratio_to_target",
        ),
        (lambda m: m["groups"][1]["criteria"][0].__setitem__("id", "full_online"), "used twice"),
        (lambda m: m.__setitem__("grade_bands", [{"grade": "A", "minimum": 50}]), "lowest band starts at 0"),
        (lambda m: m["groups"][0]["criteria"][0].__setitem__("wieght", 3), "unknown key"),
    ],
)
def test_a_broken_model_file_is_refused_with_the_line_and_the_fix(tmp_path, change, expected):
    data = copy.deepcopy(SHIPPED)
    change(data)
    path = write_model(tmp_path, data)
    with pytest.raises(QualityModelError) as caught:
        load_quality_model(path)
    message = str(caught.value)
    assert expected in message
    assert message.startswith(f"{path}:")


def test_unreadable_model_files_are_clear_errors(tmp_path):
    with pytest.raises(QualityModelError, match="no such quality model file"):
        load_quality_model(tmp_path / "missing.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: Ch\xe9".encode("latin-1"))
    with pytest.raises(QualityModelError, match="not UTF-8"):
        load_quality_model(latin)
    broken = tmp_path / "broken.yaml"
    broken.write_text("groups: [\n", encoding="utf-8")
    with pytest.raises(QualityModelError, match="not valid YAML"):
        load_quality_model(broken)


# --- formulas -----------------------------------------------------------------------------------------


def value(figure, violations=()) -> IndicatorValue:
    return IndicatorValue(figure, 1, "pages", violations=tuple(violations))


def test_ratio_to_target_is_decision_766s_rule():
    formula = RatioToTarget(kind="ratio_to_target", target=0.8)
    assert share_earned(formula, value(0.9)) == 1.0  # reached the target: full points
    assert share_earned(formula, value(0.4)) == pytest.approx(0.5)  # 0.4 / 0.8


def test_bands_are_full_to_good_none_from_poor_linear_between():
    formula = Bands(kind="bands", good=800, poor=1800)
    assert [share_earned(formula, value(v)) for v in (300, 800, 1300, 1800, 5000)] == [
        1.0,
        1.0,
        0.5,
        0.0,
        0.0,
    ]


def test_accessibility_weighs_impact_pages_and_elements():
    formula = SeverityDeductions(
        kind="severity_deductions",
        weights={"critical": 1.0, "serious": 0.7, "moderate": 0.4, "minor": 0.15},
        elements_for_full_weight=5,
        budget=2.0,
    )
    one_small = [Violation("target-size", "serious", pages_affected=1, pages_scanned=40, elements=1)]
    many_images = [Violation("image-alt", "critical", pages_affected=40, pages_scanned=40, elements=40 * 122)]
    # 0.7 x 1/40 x 1/5 = 0.0035 of a 2.0 budget: barely anything lost.
    assert share_earned(formula, value(1.0, one_small)) == pytest.approx(1 - 0.0035 / 2)
    # 1.0 x 40/40 x 1 = 1.0: half the criterion's points.
    assert share_earned(formula, value(1.0, many_images)) == pytest.approx(0.5)
    # Several such rules use up the budget; the criterion never goes below 0.
    # Several such rules, each on every page with 5 or more elements there, use up the budget; the
    # criterion never goes below 0.
    worse = many_images + [
        Violation("label", "critical", 40, 40, 40 * 6),
        Violation("color-contrast", "serious", 40, 40, 40 * 9),
    ]
    assert share_earned(formula, value(1.0, worse)) == 0.0
    assert share_earned(formula, value(1.0, [])) == 1.0


# --- scores that follow the model ------------------------------------------------------------------------


def clean_journey(portal: str, procedure: str, **changes) -> dict:
    data = measurements_v2(portal, procedure, "full")
    data["journey"] |= {"fields_prefilled": 4, "register_fields_not_prefilled": []}
    return data | changes


def write_portal(folder, portal: str, procedures: dict[str, str]) -> None:
    for procedure, verdict in procedures.items():
        data = clean_journey(portal, procedure)
        if verdict != "full":
            data = measurements_v2(portal, procedure, verdict) | {"journey": data["journey"]}
        write_result(folder, portal, procedure, "passed" if verdict == "full" else "failed", data)


def test_changing_one_weight_in_a_copy_of_the_model_changes_the_scores_and_nothing_else(tmp_path):
    results = tmp_path / "results"
    results.mkdir()
    write_portal(results, "alpha", {"p1": "full", "p2": "partial"})
    shipped = score_results(results).portal("alpha")

    data = copy.deepcopy(SHIPPED)
    functions = data["groups"][0]
    full_online = next(c for c in functions["criteria"] if c["id"] == "full_online")
    full_online["points"] += 10
    functions["points"] += 10
    heavier = score_results(results, model=load_quality_model(write_model(tmp_path, data))).portal("alpha")

    before, after = shipped.criterion_score("full_online"), heavier.criterion_score("full_online")
    # Half the procedure offered online on average (1 and 0.5): 0.75 of the criterion's points.
    assert (before.points, before.earned) == (17, pytest.approx(12.75))
    assert (after.points, after.earned) == (27, pytest.approx(20.25))
    # Score = 100 x earned / assessed: recomputed from the published groups, and lower with the heavier
    # weight on the criterion that lost points.
    for portal in (shipped, heavier):
        earned = sum(g.earned for g in portal.groups)
        assessed = sum(g.points_assessed for g in portal.groups)
        assert portal.score == round(100 * earned / assessed, 1)
    assert heavier.score < shipped.score
    assert heavier.points_assessed == shipped.points_assessed + 10
    # Every other criterion is untouched.
    others = {c.id: c.earned for g in shipped.groups for c in g.criteria if c.id != "full_online"}
    assert others == {c.id: c.earned for g in heavier.groups for c in g.criteria if c.id != "full_online"}


def test_what_had_no_evidence_is_left_out_openly_never_zero_or_full(tmp_path):
    write_portal(tmp_path, "alpha", {"p1": "full"})
    portal = score_results(tmp_path).portal("alpha")
    statuses = {c.id: c.status for g in portal.groups for c in g.criteria}
    assert statuses["digitised_dossiers"] == "not_observable"
    # No load phase, no portal-wide checks, and loopback pages: not assessed, with why.
    for criterion in ("speed_under_load", "monitoring_code", "required_links", "https"):
        assert statuses[criterion] == "not_assessed"
        score = portal.criterion_score(criterion)
        assert score.earned is None and score.why
    assessed = sum(c.points for g in portal.groups for c in g.criteria if c.status == "scored")
    assert portal.points_assessed == pytest.approx(assessed)
    assert portal.coverage == round(assessed / 100, 4)
    assert portal.coverage < 1


def test_below_the_minimum_coverage_the_score_stands_but_no_grade(tmp_path):
    write_portal(tmp_path, "alpha", {"p1": "full"})
    data = copy.deepcopy(SHIPPED)
    data["minimum_coverage"] = 0.99
    portal = score_results(tmp_path, model=load_quality_model(write_model(tmp_path, data))).portal("alpha")
    assert portal.score is not None and portal.grade is None
    assert "had evidence" in portal.grade_withheld


def test_findings_are_ranked_by_points_lost_with_their_evidence(tmp_path):
    redundant = clean_journey("alpha", "p1")
    redundant["criteria"]["simplicity"] = judged("not_met", finding("redundant_document", "asked for X"))
    write_result(tmp_path, "alpha", "p1", "failed", redundant)
    write_portal(tmp_path, "alpha", {"p2": "not_online", "p3": "full"})
    portal = score_results(tmp_path).portal("alpha")
    lost = [(f.criterion, f.points_lost) for f in portal.findings]
    assert lost == sorted(lost, key=lambda item: -item[1])
    assert lost[0][0] == "full_online"  # one of three not online: 17 x 1/3
    assert lost[0][1] == pytest.approx(17 / 3, abs=1e-3)
    redundant_finding = next(f for f in portal.findings if f.kind == "redundant_document")
    assert redundant_finding.points_lost == pytest.approx(4 / 3, abs=1e-3)
    example = redundant_finding.examples[0]
    assert (example.procedure_id, example.detail) == ("p1", "asked for X")
    assert example.allure_result.uuid
    # The procedure's own points: the per-procedure criteria on its own scenarios.
    p1 = portal.procedure("p1").model_points
    assert p1.earned == pytest.approx(p1.assessed - 4)


def test_accessibility_counts_every_element_not_the_listed_few(tmp_path):
    data = clean_journey("alpha", "p1")
    data["pages"][0]["accessibility"]["violations"] = [
        {"rule": "image-alt", "impact": "critical", "help": "Images must have alternate text",
         "nodes": [{"target": f"img:nth-child({i})"} for i in range(25)], "node_count": 122},
    ]  # fmt: skip
    write_result(tmp_path, "alpha", "p1", "failed", data)
    portal = score_results(tmp_path).portal("alpha")
    accessibility = portal.criterion_score("accessibility")
    image_alt = next(f for f in accessibility.findings if f.kind == "image-alt")
    assert (image_alt.occurrences, image_alt.units, image_alt.impact) == (122, 1, "critical")
    # One of the page's distinct pages scanned (the other had no axe run): 1.0 x 1/1 x 1 of a 2.0 budget.
    assert accessibility.earned == pytest.approx(3 * 0.5)


def test_the_same_page_seen_by_many_journeys_counts_once(tmp_path):
    for procedure in ("p1", "p2", "p3"):
        data = clean_journey("alpha", procedure)
        data["pages"][0]["url"] = f"http://127.0.0.1:1/apply/{procedure[-1]}00{procedure[-1]}/step/1"
        data["pages"][0]["accessibility"]["violations"] = [
            {"rule": "label", "impact": "critical", "nodes": [{"target": "input"}]}
        ]
        write_result(tmp_path, "alpha", procedure, "failed", data)
    accessibility = score_results(tmp_path).portal("alpha").criterion_score("accessibility")
    # /apply/100 1/step/1, /apply/2002/step/1 ... are one page: the dossier id is not what makes a page.
    assert accessibility.observed == 1


def test_page_facts_count_per_distinct_page_and_loopback_https_is_not_assessed(tmp_path):
    data = clean_journey("alpha", "p1")
    headers = {
        "content-security-policy": "default-src 'self'",
        "x-content-type-options": "nosniff",
        "strict-transport-security": None,
    }
    secure = {"url": "https://portal.example/a", "https": True, "timing": {}, "security_headers": headers}
    data["pages"] = [
        secure,
        secure | {"url": "https://portal.example/b", "third_party_hosts": ["stats.example.net"]},
        {"url": "http://127.0.0.1:1/c", "https": False, "timing": {}, "security_headers": {}},
    ]
    data["cookies"] = [{"name": "_ga", "domain": ".ads.example.net", "third_party": True}]
    write_result(tmp_path, "alpha", "p1", "failed", data)
    portal = score_results(tmp_path).portal("alpha")
    https, hsts = portal.criterion_score("https"), portal.criterion_score("hsts")
    # The loopback page says nothing about the deployment's transport: two pages, both over HTTPS.
    assert (https.value, https.observed) == (1.0, 2)
    assert (hsts.value, hsts.observed) == (0.0, 2)
    # Headers not read on the third page: not counted, rather than counted as missing.
    assert portal.criterion_score("security_headers").observed == 2
    own = portal.criterion_score("own_hosts_only")
    # The third-party cookie counts against every page of the scenario that set it.
    assert own.value == 0.0
    assert {f.kind for f in own.findings} == {"third_party_host"}
    assert (
        "cookie _ga" in own.findings[0].examples[0].detail
        or "stats.example.net" in own.findings[0].examples[0].detail
    )
