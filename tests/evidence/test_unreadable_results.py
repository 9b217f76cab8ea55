"""A damaged result file never drops its procedure silently: it is broken (not assessable) or listed."""

from __future__ import annotations

import json

from result_files import measurements_v2, write_result

from portalqa.scoring.assessment import score_results


def _damage(folder, procedure: str, how) -> None:
    (path,) = [p for p in folder.glob("*-result.json") if procedure in p.read_text(encoding="utf-8")]
    path.write_bytes(how(path.read_bytes()))


def test_a_result_with_readable_labels_becomes_a_broken_cell_quoting_the_problem(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", measurements_v2("alpha", "p1", "full"))
    write_result(tmp_path, "alpha", "p2", "passed", measurements_v2("alpha", "p2", "full"))
    # Invalid JSON in the middle (a flipped byte), labels intact at the end.
    _damage(tmp_path, "p2", lambda data: data.replace(b'"status": "passed"', b'"status": passed', 1))

    assessment = score_results(tmp_path).to_dict()

    (portal,) = assessment["portals"]
    by_id = {procedure["id"]: procedure for procedure in portal["procedures"]}
    assert by_id["p1"]["verdict"] == "full"
    assert by_id["p2"]["verdict"] == "not_assessable"
    assert by_id["p2"]["status"] == "broken"
    assert "result file unreadable" in json.dumps(by_id["p2"]["reasons"])
    (problem,) = assessment["problems"]
    assert problem["message"].startswith("result is not valid JSON")


def test_a_result_with_nothing_readable_is_listed_as_a_problem(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", measurements_v2("alpha", "p1", "full"))
    write_result(tmp_path, "alpha", "p2", "passed", measurements_v2("alpha", "p2", "full"))
    _damage(tmp_path, "p2", lambda data: data[: len(data) // 3])  # cut short before its labels

    assessment = score_results(tmp_path).to_dict()

    (portal,) = assessment["portals"]
    assert [procedure["id"] for procedure in portal["procedures"]] == ["p1"]
    (problem,) = assessment["problems"]
    assert problem["file"].endswith("-result.json") and "not valid JSON" in problem["message"]
