"""Where a run's scenario time went, read from its Allure results (docs/benchmarks.md, B2).

    .venv/bin/python scripts/run_breakdown.py [reports/allure-results]

The scenario process prints only its wall time (`portalqa assess` each phase's, on its last line).
This reads what every scenario left behind: its start and stop, its Gherkin steps' start and stop,
and in its measurements each page's accessibility check (`accessibility.check_ms`: the axe-core
scan, or the comparison that reused an earlier one) and whether its sign-on was resumed from an
earlier journey. Times are summed over scenarios, so with several pytest-xdist workers they add up
to more than the wall time. Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portalqa.evidence.allure_reading import raw_results  # noqa: E402

KEYWORD = re.compile(r"^(Given|When|Then|And|But|Cho|Khi|Thì|Và|Nhưng)\s+", re.IGNORECASE)
MEASUREMENTS = "portalqa measurements"


def read(folder: Path) -> list[tuple[dict, dict[str, str], dict]]:
    """Each scenario's raw result, its labels and its measurements ({} when it attached none)."""
    scenarios = []
    for _, raw in raw_results(folder):
        labels = {label.get("name"): label.get("value") for label in raw.get("labels") or []}
        # Scenarios only: the load phase's results (framework locust) are timed by the phase line.
        if "portal" not in labels or labels.get("framework") == "locust":
            continue
        measurements = {}
        for attachment in raw.get("attachments") or []:
            if attachment.get("name") == MEASUREMENTS and (folder / attachment["source"]).is_file():
                measurements = json.loads((folder / attachment["source"]).read_text(encoding="utf-8"))
        scenarios.append((raw, labels, measurements))
    return scenarios


def seconds(item: dict) -> float:
    return max(0, (item.get("stop") or 0) - (item.get("start") or 0)) / 1000


def step_name(name: str) -> str:
    """The step without its keyword and data table: "fill in the e-form with:"."""
    return KEYWORD.sub("", name.strip()).split("\n", 1)[0][:70]


def table(header: tuple[str, ...], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="?", type=Path, default=ROOT / "reports" / "allure-results")
    parser.add_argument("--steps", type=int, default=12, help="how many of the costliest steps to list")
    args = parser.parse_args()
    if not args.results.is_dir():
        print(f"no results folder at {args.results}: run `make assess` first, or name one", file=sys.stderr)
        return 2
    results = read(args.results)
    if not results:
        print(f"no portal scenario results in {args.results}", file=sys.stderr)
        return 2

    by_kind: dict[tuple[str, str], list[float]] = defaultdict(list)
    by_step: dict[str, list[float]] = defaultdict(list)
    scans = reused = failed = 0
    scan_ms = reuse_ms = 0.0
    resumed = journeys = 0
    for raw, labels, measurements in results:
        kind = measurements.get("kind") or ("site" if labels.get("procedure") == "portal_wide" else "journey")
        by_kind[(kind, labels.get("viewport") or "?")].append(seconds(raw))
        for step in raw.get("steps") or []:
            by_step[step_name(step.get("name") or "")].append(seconds(step))
        if kind == "journey" and measurements:
            journeys += 1
            resumed += bool((measurements.get("journey") or {}).get("sign_on_resumed"))
        for page in measurements.get("pages") or []:
            accessibility = page.get("accessibility")
            if page.get("accessibility_error"):
                failed += 1
            if not accessibility or accessibility.get("check_ms") is None:
                continue
            if accessibility.get("reused"):
                reused, reuse_ms = reused + 1, reuse_ms + accessibility["check_ms"]
            else:
                scans, scan_ms = scans + 1, scan_ms + accessibility["check_ms"]

    total = sum(sum(times) for times in by_kind.values())
    print(f"{len(results)} scenarios in {args.results}, {total:.0f} s of scenario time in all\n")
    print(table(("kind", "viewport", "scenarios", "total s", "median s"), [
        (kind, viewport, len(times), f"{sum(times):.0f}", f"{statistics.median(times):.1f}")
        for (kind, viewport), times in sorted(by_kind.items())
    ]))  # fmt: skip
    print()
    costliest = sorted(by_step.items(), key=lambda item: -sum(item[1]))[: args.steps]
    print(table(("step", "times", "total s", "share of scenario time", "median s"), [
        (name, len(times), f"{sum(times):.0f}", f"{sum(times) / total:.0%}",
         f"{statistics.median(times):.2f}")
        for name, times in costliest
    ]))  # fmt: skip
    print()
    checked = scan_ms + reuse_ms
    print(table(("accessibility", "pages", "total s", "share of scenario time", "mean ms"), [
        ("axe-core scans", scans, f"{scan_ms / 1000:.0f}", f"{scan_ms / 1000 / total:.0%}",
         f"{scan_ms / scans:.0f}" if scans else "—"),
        ("results reused (DOM compared)", reused, f"{reuse_ms / 1000:.0f}", f"{reuse_ms / 1000 / total:.0%}",
         f"{reuse_ms / reused:.0f}" if reused else "—"),
        ("all checks", scans + reused, f"{checked / 1000:.0f}", f"{checked / 1000 / total:.0%}", ""),
    ]))  # fmt: skip
    if failed:
        print(f"\n{failed} pages where axe-core could not run")
    print(f"\nsign-on resumed in {resumed} of {journeys} journeys with measurements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
