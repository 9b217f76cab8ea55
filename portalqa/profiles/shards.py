"""Splitting a run's portals into N shards, for N machines or CI matrix jobs (`assess --shard K/N`).

A shard holds whole portals: a portal's sign-on, politeness limits, circuit breaker and load phase
then stay on one machine, and the shards' results merge by plain union (`portalqa score SHARD...`).
Each machine computes the split itself from the same profiles, so it must be deterministic and
independent of the order profiles were given in: portals are dealt heaviest first (by the scenarios
they will play), each to the shard with the least work so far, ties to the lowest shard, names
breaking ties between portals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portalqa.profiles.profile import Profile

SHARD_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class ShardError(ValueError):
    pass


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as written: 1/3, 2/3, 3/3
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(text: str) -> Shard:
    match = SHARD_PATTERN.match(text)
    if not match:
        raise ShardError(f"{text!r}: give the shard as K/N, e.g. 2/4 for the second of four")
    index, count = int(match.group(1)), int(match.group(2))
    if not 1 <= index <= count:
        raise ShardError(f"{text!r}: K must be between 1 and N (1/{max(count, 1)} … {max(count, 1)}/"
                         f"{max(count, 1)})")  # fmt: skip
    return Shard(index, count)


def workload(profile: Profile) -> int:
    """Scenarios a portal plays per viewport, roughly: its online standard and custom procedures, plus
    its portal-wide checks and assistant scenarios (one unit)."""
    offered = sum(profile.procedure_entry(p) is not None for p in profile.procedures)
    return offered + len(profile.custom_procedures) + 1


def split(profiles: list[Profile], count: int) -> list[list[Profile]]:
    """Every shard's portals, in the profiles' id order within a shard."""
    shards: list[list[Profile]] = [[] for _ in range(count)]
    loads = [0] * count
    for profile in sorted(profiles, key=lambda p: (-workload(p), p.id)):
        lightest = min(range(count), key=lambda i: (loads[i], i))
        shards[lightest].append(profile)
        loads[lightest] += workload(profile)
    return [sorted(shard, key=lambda p: p.id) for shard in shards]


def portals_of(profiles: list[Profile], shard: Shard) -> list[Profile]:
    """The portals shard K of N assesses. A shard without a portal is an error: N is too large."""
    distinct = {profile.id: profile for profile in profiles}
    if shard.count > len(distinct):
        raise ShardError(
            f"--shard {shard}: {len(distinct)} portal(s) selected, so at most {len(distinct)} shard(s); "
            "a shard holds whole portals (their sign-on, politeness limits and load stay on one machine)"
        )
    return split(list(distinct.values()), shard.count)[shard.index - 1]
