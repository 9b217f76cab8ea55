"""Merging shards' results: the union of disjoint portals, scored as one run; overlaps refused."""

from __future__ import annotations

import pytest
from result_files import measurements, write_result

from portalqa.reporting.shard_merge import ShardMergeError, merge_shards, results_folder
from portalqa.scoring.assessment import score_results


def shard(tmp_path, name: str, portal: str, procedures=("birth_registration", "death_registration")):
    folder = tmp_path / name
    results = folder / "allure-results"
    results.mkdir(parents=True)
    for procedure in procedures:
        write_result(results, portal, procedure, measured=measurements(portal, procedure, "full"))
    (results / "environment.properties").write_text(f"shard={name}\n", encoding="utf-8")
    load = folder / "load" / portal
    load.mkdir(parents=True)
    (load / "stats.csv").write_text("Name,Requests\n", encoding="utf-8")
    return folder


def summary(assessment) -> list:
    return [(p.id, p.score, p.grade, [(c.id, c.verdict) for c in p.procedures]) for p in assessment.portals]


def test_the_merged_run_scores_as_one_folder_of_every_result(tmp_path):
    alpha, beta = shard(tmp_path, "s1", "alpha"), shard(tmp_path, "s2", "beta", ("birth_registration",))
    merged = merge_shards([alpha, beta], tmp_path / "merged")
    assert merged.portals == {"alpha": alpha, "beta": beta}
    assert sorted(p.name for p in (tmp_path / "merged" / "load").iterdir()) == ["alpha", "beta"]
    # One folder holding every file of both shards, scored directly, is the reference.
    union = tmp_path / "union"
    union.mkdir()
    for folder in (alpha, beta):
        for path in (folder / "allure-results").iterdir():
            (union / path.name).write_bytes(path.read_bytes())
    assert summary(score_results(tmp_path / "merged" / "allure-results")) == summary(score_results(union))
    assert {p.id for p in score_results(tmp_path / "merged" / "allure-results").portals} == {"alpha", "beta"}


def test_run_wide_allure_files_are_kept_once(tmp_path):
    merge_shards([shard(tmp_path, "s1", "alpha"), shard(tmp_path, "s2", "beta")], tmp_path / "m")
    assert (tmp_path / "m" / "allure-results" / "environment.properties").read_text() == "shard=s1\n"


def test_a_portal_in_two_shards_is_refused_before_anything_is_copied(tmp_path):
    first, second = shard(tmp_path, "s1", "alpha"), shard(tmp_path, "s2", "alpha")
    with pytest.raises(ShardMergeError, match="alpha is in two shards"):
        merge_shards([first, second], tmp_path / "merged")
    assert not (tmp_path / "merged").exists()


def test_a_shard_given_twice_is_refused(tmp_path):
    first = shard(tmp_path, "s1", "alpha")
    with pytest.raises(ShardMergeError, match="in two shards"):
        merge_shards([first, first], tmp_path / "merged")


def test_a_shard_is_a_reports_folder_or_its_results_folder(tmp_path):
    folder = shard(tmp_path, "s1", "alpha")
    assert results_folder(folder) == folder / "allure-results"
    assert results_folder(folder / "allure-results") == folder / "allure-results"


@pytest.mark.parametrize("kind", ["missing", "empty"])
def test_a_folder_without_results_is_named_with_what_to_give(tmp_path, kind):
    folder = tmp_path / "nothing"
    if kind == "empty":
        folder.mkdir()
    with pytest.raises(ShardMergeError, match="--reports folder of each shard"):
        merge_shards([folder], tmp_path / "merged")
