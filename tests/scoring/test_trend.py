"""Trend: a run compared with the previous ones kept in the history folder."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from result_files import finding, judged, measurements_v2, write_result

from portalqa.evidence.allure_reading import read_allure_results
from portalqa.scoring.assessment import assess
from portalqa.scoring.trend import past_runs, record_in_history, with_trend


def journey(procedure: str, *, no_eid: bool = False) -> dict:
    data = measurements_v2("alpha", procedure, "full")
    data["journey"] |= {"fields_prefilled": 3, "register_fields_not_prefilled": []}
    if no_eid:
        data["criteria"]["convenience"] = judged("not_met", finding("no_national_eid", "own account login"))
    return data


def run(folder, when: datetime, *, no_eid: bool):
    folder.mkdir()
    for procedure in ("p1", "p2"):
        write_result(
            folder, "alpha", procedure, "failed" if no_eid else "passed", journey(procedure, no_eid=no_eid)
        )
    return assess(read_allure_results(folder), generated_at=when)


def keep(assessment, tmp_path, history):
    written = tmp_path / f"{assessment.generated_at:%H%M%S}.json"
    written.write_text(json.dumps(assessment.to_dict()), encoding="utf-8")
    record_in_history(written, history, assessment.to_dict()["generated_at"])


def test_a_defect_switched_on_between_two_runs_is_named_as_a_regression(tmp_path):
    history = tmp_path / "history"
    first = with_trend(
        run(tmp_path / "r1", datetime(2026, 12, 1, 1, tzinfo=UTC), no_eid=False), past_runs(history)
    )
    assert first.trend.previous_generated_at is None and first.portal("alpha").trend is None
    keep(first, tmp_path, history)

    second = with_trend(
        run(tmp_path / "r2", datetime(2026, 12, 2, 1, tzinfo=UTC), no_eid=True), past_runs(history)
    )
    trend = second.portal("alpha").trend
    assert second.trend.previous_generated_at == "2026-12-01T01:00:00+00:00"
    assert [(c.group, c.criterion) for c in trend.regressions] == [("functions", "national_eid")]
    assert trend.regressions[0].change == -3.0  # the criterion's 3 points, both procedures without eID
    assert trend.improvements == ()
    assert trend.score_change < 0
    assert trend.previous_score == first.portal("alpha").score
    assert [point.generated_at for point in second.trend.history] == [
        "2026-12-01T01:00:00+00:00",
        "2026-12-02T01:00:00+00:00",
    ]
    keep(second, tmp_path, history)

    # Fixed again: the third run names the improvement.
    third = with_trend(
        run(tmp_path / "r3", datetime(2026, 12, 3, 1, tzinfo=UTC), no_eid=False), past_runs(history)
    )
    assert [c.criterion for c in third.portal("alpha").trend.improvements] == ["national_eid"]
    assert third.portal("alpha").trend.regressions == ()
    assert len(third.trend.history) == 3


def test_unreadable_history_files_are_skipped(tmp_path):
    history = tmp_path / "history"
    history.mkdir()
    (history / "broken.json").write_text("{", encoding="utf-8")
    (history / "other.json").write_text('{"no": "portals"}', encoding="utf-8")
    assert past_runs(history) == []
    assert past_runs(tmp_path / "absent") == []
