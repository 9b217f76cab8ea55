"""Merging the reports folders of shards (`assess --shard K/N`) into one run: `portalqa score SHARD...`.

Shards hold disjoint portals (portalqa.profiles.shards), so the merged run is the union of their Allure
results and load outputs, and its assessment is the one a single run of every portal would give.
A portal found in two shards is refused rather than picked from one of them: the shards were not of
one split (different profiles, or the same shard run twice), and a silent choice would publish an
arbitrary one.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from portalqa.evidence import allure_labels
from portalqa.evidence.allure_reading import RESULT_FILE_SUFFIX, raw_results
from portalqa.reporting.report_folders import LOAD, RESULTS

# Allure's run-wide files: each shard writes its own, the merged run keeps the first shard's.
RUN_WIDE_FILES = {"environment.properties", "executor.json", "categories.json"}


class ShardMergeError(ValueError):
    pass


@dataclass
class MergedShards:
    portals: dict[str, Path] = field(default_factory=dict)  # portal id -> the shard folder it came from
    files: int = 0


def results_folder(shard: Path) -> Path:
    """The Allure results of a shard: `<shard>/allure-results`, or the folder itself if it holds them."""
    if (shard / RESULTS).is_dir():
        return shard / RESULTS
    if shard.is_dir() and any(shard.glob(f"*{RESULT_FILE_SUFFIX}")):
        return shard
    if not shard.exists():
        raise ShardMergeError(f"{shard}: no such folder; give the --reports folder of each shard's run")
    raise ShardMergeError(f"{shard} holds no Allure results ({RESULTS}/ or *{RESULT_FILE_SUFFIX}); give "
                          "the --reports folder of each shard's run")  # fmt: skip


def portals_in(results: Path) -> set[str]:
    found = set()
    for _, raw in raw_results(results):
        for label in raw.get("labels") or []:
            if isinstance(label, dict) and label.get("name") == allure_labels.PORTAL and label.get("value"):
                found.add(str(label["value"]))
    return found


def merge_shards(shards: list[Path], into: Path) -> MergedShards:
    """Copy every shard's results into `into/allure-results` and load outputs into `into/load`.
    Checks every shard before copying anything."""
    merged = MergedShards()
    folders = []
    for shard in shards:
        results = results_folder(shard)
        for portal in sorted(portals_in(results)):
            if portal in merged.portals:
                raise ShardMergeError(f"the portal {portal} is in two shards, {merged.portals[portal]} "
                                      f"and {shard}: shards of one run hold disjoint portals; give each "
                                      "shard's folder once")  # fmt: skip
            merged.portals[portal] = shard
        folders.append((shard, results))
    target = into / RESULTS
    target.mkdir(parents=True, exist_ok=True)
    for shard, results in folders:
        for source in results.iterdir():
            if source.is_dir():
                continue  # Allure's history/: the merged report carries its own over
            destination = target / source.name
            if destination.exists():
                if source.name in RUN_WIDE_FILES:
                    continue
                raise ShardMergeError(f"{source.name} is in two shards (the second: {shard}); give each "
                                      "shard's folder once")  # fmt: skip
            shutil.copy2(source, destination)
            merged.files += 1
        load = shard / LOAD
        if load.is_dir():
            for portal_folder in load.iterdir():
                if portal_folder.is_dir():
                    shutil.copytree(portal_folder, into / LOAD / portal_folder.name, dirs_exist_ok=True)
    return merged
