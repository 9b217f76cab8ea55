"""Compare two assessment.json files cell for cell, timings aside.

For refactors and upgrades that must not change what an assessment says: verdicts, findings, scores
and grades must match. Ignored: when and where it was generated, uuids, result files and Allure
links, and every figure measured in time (keys ending in _ms or holding "seconds", and "<n> ms" /
"<n> s" inside sentences). The load phase is time-bound, so its request counts differ between runs:
`--no-load-figures` leaves them out too.

    python scripts/compare_assessments.py before/assessment.json after/assessment.json \
        [--rename "old step name=new step name" ...] [--no-load-figures]

Exit 0 when they match, 1 with the differences listed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

IGNORED_KEYS = {
    "generated_at",
    "results_dir",
    "uuid",
    "result_file",
    "allure_test_case_uid",
    "assistant_allure_test_case_uid",
    "allure_report",
    "history_id",
    "test_case_id",
    "start",
    "stop",
    "timing",
}
TIME_IN_TEXT = re.compile(r"\d+(\.\d+)?\s?(ms|s)\b")


def normalised(value, renames: dict[str, str], skip: set[str]):
    if isinstance(value, dict):
        return {
            key: normalised(item, renames, skip)
            for key, item in value.items()
            if key not in skip and not key.endswith("_ms") and "seconds" not in key
        }
    if isinstance(value, list):
        return [normalised(item, renames, skip) for item in value]
    if isinstance(value, str):
        for old, new in renames.items():
            value = value.replace(old, new)
        return TIME_IN_TEXT.sub("<time>", value)
    return value


def differences(before, after, path: str = "") -> list[str]:
    if type(before) is not type(after):
        return [f"{path}: {before!r:.150} != {after!r:.150}"]
    if isinstance(before, dict):
        found = []
        for key in sorted(set(before) | set(after)):
            if key not in before or key not in after:
                found.append(f"{path}.{key}: only in {'the first' if key in before else 'the second'}")
            else:
                found += differences(before[key], after[key], f"{path}.{key}")
        return found
    if isinstance(before, list):
        found = [f"{path}: {len(before)} items != {len(after)}"] if len(before) != len(after) else []
        for index, (left, right) in enumerate(zip(before, after, strict=False)):
            found += differences(left, right, f"{path}[{index}]")
        return found
    return [] if before == after else [f"{path}: {before!r:.150} != {after!r:.150}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--rename", action="append", default=[], metavar="OLD=NEW", help="a renamed step")
    parser.add_argument("--no-load-figures", action="store_true", help="leave out speed under load")
    args = parser.parse_args(argv)
    renames = dict(item.split("=", 1) for item in args.rename)
    skip = IGNORED_KEYS | ({"speed_under_load"} if args.no_load_figures else set())
    loaded = [
        normalised(json.loads(p.read_text(encoding="utf-8")), renames, skip)
        for p in (args.before, args.after)
    ]
    found = differences(*loaded)
    for line in found[:200]:
        print(line)
    print(f"{len(found)} difference(s)" + (" (first 200 shown)" if len(found) > 200 else ""))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
