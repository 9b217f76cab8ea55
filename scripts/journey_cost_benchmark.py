"""Benchmark B1: one procedure's journey through portalqa vs a plain Selenium script making its clicks.

    .venv/bin/python scripts/journey_cost_benchmark.py [--rounds 5]

Starts one reference portal on loopback and plays the birth registration on it, round after round,
interleaved so that machine noise hits every mode alike:

  raw       scripts/raw_birth_registration.py: plain Selenium, the same pages and clicks
  portalqa  `pytest features -m birth_registration` on the desktop: the BDD journey with every
            observation and judgement (page timing, headers, third parties, cookies, axe-core)
  no-axe    the same with --no-axe

Each is a process of its own, timed from start to exit ("whole process": interpreter, imports,
browser start, the journey, reports written), and for the journey alone ("scenario": the raw
script's clicks from its browser's start; portalqa's Allure result, start to stop). Prints the
medians and the ratios to raw for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portalqa.profiles.profile import load_profile  # noqa: E402
from portalqa.targets.embedded import EmbeddedPortal  # noqa: E402

MODES = ("raw", "portalqa", "no-axe")
SELECTION = "birth_registration and not virtual_assistant"


def remote_profile(folder: Path, base_url: str) -> Path:
    """The reference profile pointed at the running portal, so every process plays the same one."""
    data = yaml.safe_load((ROOT / "portals" / "reference.yaml").read_text(encoding="utf-8"))
    data.pop("embedded")
    data["id"], data["base_url"] = "reference-bench", base_url
    path = folder / "reference-bench.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run_raw(base_url: str) -> tuple[float, float]:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "raw_birth_registration.py"), base_url],
                         capture_output=True, text=True, check=True, cwd=ROOT)  # fmt: skip
    whole = time.perf_counter() - started
    scenario = float(out.stdout.strip().rsplit("scenario_seconds=", 1)[1])
    return whole, scenario


def run_portalqa(profile: Path, folder: Path, axe: bool) -> tuple[float, float]:
    results = Path(tempfile.mkdtemp(dir=folder))
    command = [sys.executable, "-m", "pytest", "features", "-q", "-p", "no:cacheprovider",
               f"--portal={profile}", "--viewport=desktop", "-m", SELECTION, f"--alluredir={results}",
               *([] if axe else ["--no-axe"])]  # fmt: skip
    started = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    whole = time.perf_counter() - started
    if out.returncode != 0:
        raise SystemExit(f"the portalqa journey failed (exit {out.returncode}):\n{out.stdout[-3000:]}")
    (result,) = [json.loads(p.read_text(encoding="utf-8")) for p in results.glob("*-result.json")]
    return whole, (result["stop"] - result["start"]) / 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="portalqa-b1-"))
    portal = EmbeddedPortal(load_profile("reference"))  # sets the test citizen's credentials in os.environ
    base_url = portal.start()
    profile = remote_profile(folder, base_url)
    times: dict[str, list[tuple[float, float]]] = {mode: [] for mode in MODES}
    try:
        run_raw(base_url)  # warm-up: the portal's caches, the browser's files in the page cache
        for round_number in range(1, args.rounds + 1):
            for mode in MODES:
                measured = (
                    run_raw(base_url) if mode == "raw" else run_portalqa(profile, folder, mode == "portalqa")
                )
                times[mode].append(measured)
                print(f"round {round_number} {mode}: whole {measured[0]:.2f} s, scenario {measured[1]:.2f} s",
                      flush=True)  # fmt: skip
    finally:
        portal.stop()
    raw_whole = statistics.median(w for w, _ in times["raw"])
    raw_scenario = statistics.median(s for _, s in times["raw"])
    print(f"\n{os.cpu_count()} cores · birth registration, desktop · {args.rounds} rounds, medians\n")
    print("| mode | whole process, s | × raw | scenario alone, s | × raw |")
    print("|---|---|---|---|---|")
    for mode in MODES:
        whole = statistics.median(w for w, _ in times[mode])
        scenario = statistics.median(s for _, s in times[mode])
        ratios = f"{whole / raw_whole:.2f} | {scenario:.2f} | {scenario / raw_scenario:.2f}"
        print(f"| {mode} | {whole:.2f} | {ratios} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
