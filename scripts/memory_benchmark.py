"""Benchmark B5: peak memory of the pytest processes and of each browser during a full assessment.

    .venv/bin/python scripts/memory_benchmark.py [--every 0.5] -- [portalqa assess options]

Runs `python -m portalqa assess OPTIONS` (default: what `make assess` runs) and samples its process
tree every --every seconds from /proc: the proportional set size (PSS, /proc/<pid>/smaps_rollup:
shared pages divided among the processes sharing them, so a browser's renderers are not counted
twice) of each process, grouped into

  pytest       the scenario process and each pytest-xdist worker, each on its own
  browser      each Chromium: its browser process with every child (renderers, GPU, utilities)
  chromedriver, portal (the embedded reference portals), locust, allure (Java), portalqa (the CLI)

and prints each group's peak (for pytest and browser, the largest single process or browser, and
how many there were) for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def process_tree() -> tuple[dict[int, list[int]], dict[int, int]]:
    """Every process's children, and every process's parent, from one pass over /proc."""
    tree: dict[int, list[int]] = defaultdict(list)
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(stat.parent.name), int(fields[1])
        tree[parent].append(pid)
        parents[pid] = parent
    return tree, parents


def descendants(pid: int, tree: dict[int, list[int]]) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(tree.get(current, []))
    return found


def pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def command_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def kind_of(command: str) -> str:
    if "chromedriver" in command:
        return "chromedriver"
    if "chromium" in command or "chrome" in command.split(" ", 1)[0]:
        return "browser"
    if "portalqa.scenario_process" in command or "xdist" in command or "-c import sys;exec(eval(" in command:
        return "pytest"
    if "reference_portal" in command:
        return "portal"
    if "locust" in command:
        return "locust"
    if "java" in command.split(" ", 1)[0]:
        return "allure"
    if "portalqa" in command:
        return "portalqa"
    return "other"


def sample(root: int, peaks: dict[str, dict[int, int]]) -> None:
    """Add one sample of the tree under `root` to `peaks` (group -> unit pid -> peak PSS in kB)."""
    tree, parents = process_tree()
    for pid in descendants(root, tree):
        command = command_of(pid)
        kind = kind_of(command)
        if kind == "browser":
            parent_command = command_of(parents.get(pid, 0))
            if kind_of(parent_command) == "browser":
                continue  # counted with its browser process
            size = sum(pss_kb(child) for child in descendants(pid, tree))
        else:
            size = pss_kb(pid)
        unit = peaks[kind]
        unit[pid] = max(unit.get(pid, 0), size)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=float, default=0.5, help="seconds between samples")
    parser.add_argument("assess", nargs=argparse.REMAINDER, help="options for portalqa assess (after --)")
    args = parser.parse_args()
    options = [a for a in args.assess if a != "--"] or ["--workers", "auto"]
    command = [sys.executable, "-m", "portalqa", "assess", *options]
    print("$", " ".join(command), flush=True)
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT)
    peaks: dict[str, dict[int, int]] = defaultdict(dict)
    stop = threading.Event()

    def sampler() -> None:
        while not stop.is_set():
            sample(process.pid, peaks)
            stop.wait(args.every)

    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    code = process.wait()
    stop.set()
    thread.join()
    print(f"\nportalqa assess exit {code} after {time.monotonic() - started:.0f} s; peak PSS per group:")
    print("| group | processes (browsers: whole browsers) | peak PSS of the largest, MB |")
    print("|---|---|---|")
    for kind in ("pytest", "browser", "chromedriver", "portal", "locust", "allure", "portalqa", "other"):
        units = peaks.get(kind)
        if units:
            print(f"| {kind} | {len(units)} | {max(units.values()) / 1024:.0f} |")
    return code


if __name__ == "__main__":
    sys.exit(main())
