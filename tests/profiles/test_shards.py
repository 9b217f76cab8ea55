"""assess --shard K/N: whole portals per shard, the same split on every machine, the work balanced."""

from __future__ import annotations

import random

import pytest

from portalqa.profiles.profile import load_profile
from portalqa.profiles.shards import Shard, ShardError, parse_shard, portals_of, split, workload


def portals(count: int) -> list:
    """`count` variants of the reference profile, each offering a different number of procedures."""
    reference = load_profile("reference")
    mapped = list(reference.procedures.items())
    return [
        reference.model_copy(update={"id": f"portal-{i:02d}", "procedures": dict(mapped[: 1 + (i * 7) % 24])})
        for i in range(count)
    ]


@pytest.mark.parametrize(
    ("text", "shard"), [("1/1", Shard(1, 1)), ("2/4", Shard(2, 4)), (" 3 / 3 ", Shard(3, 3))]
)
def test_a_shard_is_written_k_of_n(text, shard):
    assert parse_shard(text) == shard
    assert str(shard) == text.replace(" ", "")


@pytest.mark.parametrize("text", ["0/2", "3/2", "2", "1/0", "a/b", "-1/2", "1/2/3"])
def test_a_shard_outside_one_to_n_is_refused_with_the_form_to_use(text):
    with pytest.raises(ShardError, match="K/N|between 1 and N"):
        parse_shard(text)


def test_the_shards_cover_every_portal_once():
    profiles = portals(30)
    shards = split(profiles, 4)
    ids = [p.id for shard in shards for p in shard]
    assert sorted(ids) == sorted(p.id for p in profiles)
    assert len(ids) == len(set(ids))


def test_every_machine_computes_the_same_split_whatever_the_order_of_its_profiles():
    profiles = portals(17)
    shuffled = profiles[:]
    random.Random(7).shuffle(shuffled)
    for count in (1, 2, 3, 5):
        assert [[p.id for p in s] for s in split(profiles, count)] == [
            [p.id for p in s] for s in split(shuffled, count)
        ]


def test_the_work_is_balanced_within_one_portal():
    profiles = portals(30)
    for count in (2, 3, 4, 6):
        loads = [sum(map(workload, shard)) for shard in split(profiles, count)]
        # Heaviest-first dealing leaves shards at most one portal's work apart.
        assert max(loads) - min(loads) <= max(map(workload, profiles)), loads


def test_workload_counts_the_online_procedures_and_the_portal_wide_checks():
    reference = load_profile("reference")
    offered = sum(reference.procedure_entry(p) is not None for p in reference.procedures)
    assert workload(reference) == offered + len(reference.custom_procedures) + 1


def test_more_shards_than_portals_is_refused_rather_than_leaving_a_shard_empty():
    with pytest.raises(ShardError, match="at most 3 shard"):
        portals_of(portals(3), Shard(1, 4))


def test_a_portal_given_twice_counts_once():
    profiles = portals(2)
    shards = [portals_of(profiles + profiles, Shard(k, 2)) for k in (1, 2)]
    assert sorted(p.id for shard in shards for p in shard) == ["portal-00", "portal-01"]
