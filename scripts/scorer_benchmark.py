"""Benchmark B4: the scorer on 10,000 result files, its time and peak memory.

    .venv/bin/python scripts/scorer_benchmark.py [--from reports/allure-results] [--files 10000]

Takes the Allure results of a real run (by default those `make assess` left in reports/allure-results)
and copies them, with their measurement attachments, until the folder holds --files result files: each
copy is another portal (its labels, its measurements' portal, its uuids), so the scorer sees a run of
many portals exactly as a national run writes them. Screenshots are not copied (the scorer only links
them). Then `score_results` runs in a fresh interpreter, three times, and the script prints the wall
time of each, the best, and the peak resident memory of that process (ru_maxrss) for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCORE_ONCE = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from portalqa.scoring.assessment import score_results
started = time.perf_counter()
assessment = score_results(sys.argv[1])
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "portals": len(assessment.portals),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def copy_as_portal(source: Path, target: Path, copy_index: int) -> int:
    """Copy every result of `source` into `target` as portal `<id>-c<copy_index>`; returns the results."""
    written = 0
    for result_file in sorted(source.glob("*-result.json")):
        raw = json.loads(result_file.read_text(encoding="utf-8"))
        renamed: dict[str, str] = {}
        for label in raw.get("labels") or []:
            if label.get("name") == "portal":
                label["value"] = f"{label['value']}-c{copy_index}"
        for attachment in raw.get("attachments") or []:
            source_file = source / attachment.get("source", "")
            if not attachment.get("type", "").endswith("json") or not source_file.is_file():
                continue
            new_name = f"{uuid.uuid4()}-attachment.json"
            text = source_file.read_text(encoding="utf-8")
            try:
                payload = json.loads(text)
                if isinstance(payload, dict) and isinstance(payload.get("portal"), dict):
                    payload["portal"]["id"] = f"{payload['portal']['id']}-c{copy_index}"
                text = json.dumps(payload)
            except ValueError:
                pass
            (target / new_name).write_text(text, encoding="utf-8")
            renamed[attachment["source"]] = new_name
            attachment["source"] = new_name
        raw["attachments"] = [a for a in raw.get("attachments") or [] if a.get("source") in renamed.values()]
        raw["uuid"] = str(uuid.uuid4())
        (target / f"{raw['uuid']}-result.json").write_text(json.dumps(raw), encoding="utf-8")
        written += 1
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, default=ROOT / "reports" / "allure-results")
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    per_copy = len(list(args.source.glob("*-result.json")))
    if not per_copy:
        print(f"no result files in {args.source}: run `make assess` first, or give --from", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="portalqa-scorer-bench-"))
    try:
        written, copy_index = 0, 0
        while written < args.files:
            written += copy_as_portal(args.source, folder, copy_index)
            copy_index += 1
        size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        print(
            f"{written} result files ({copy_index} copies of {per_copy} from {args.source}), {size_mb:.0f} MB"
        )
        runs = []
        for _ in range(args.rounds):
            out = subprocess.run([sys.executable, "-c", SCORE_ONCE, str(folder), str(ROOT)],
                                 capture_output=True, text=True, check=True)  # fmt: skip
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(f"  scored {runs[-1]['portals']} portals in {runs[-1]['seconds']:.2f} s, "
                  f"peak RSS {runs[-1]['peak_rss_mb']:.0f} MB", flush=True)  # fmt: skip
        best = min(run["seconds"] for run in runs)
        peak = max(run["peak_rss_mb"] for run in runs)
        print(f"best of {len(runs)}: {best:.2f} s; peak RSS {peak:.0f} MB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
