"""Benchmark portalqa's load generator on this machine; prints the figures for docs/benchmarks.md.

    .venv/bin/python scripts/load_benchmark.py [--users 20] [--seconds 20]

Starts the reference portal (gunicorn, 2 workers) on loopback, then runs, one after the other:
  1. portalqa's BrowsingCitizen and the bare FastHttpUser (load/bare_fasthttp.py) in the SAME Locust
     run, same users per class, same endpoints and weights, no think time: requests/s of each;
  2. a bare FastHttpUser on one endpoint (/procedures), then wrk on that same URL.
For each run: CPU seconds used by the generator (Locust or wrk) and by the portal's processes.
Locust is only ever a subprocess here. Ratios matter, not absolute figures (2 shared cores).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portalqa.load_testing.runner import locust_executable  # noqa: E402
from portalqa.profiles.profile import PROFILES_DIR, load_profile  # noqa: E402
from portalqa.targets.embedded import EmbeddedPortal  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a live process and its live descendants, from /proc."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICKS
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def run_measured(command: list[str], portal_pid: int) -> dict:
    """Run the generator to completion; its own CPU from wait4, the portal's from /proc deltas."""
    server_before = process_tree_cpu(portal_pid)
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    return {
        "exit_code": process.returncode,
        "wall_s": round(wall, 2),
        "generator_cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "server_cpu_s": round(process_tree_cpu(portal_pid) - server_before, 2),
        "output": output,
    }


def locust_rates(json_prefix: Path, seconds: float) -> dict[str, float]:
    entries = json.loads(json_prefix.with_suffix(".json").read_text())
    rates = {"portalqa": 0.0, "bare": 0.0, "failures": 0}
    for entry in entries:
        key = "bare" if entry["name"].startswith("bare ") else "portalqa"
        rates[key] += entry["num_requests"] / seconds
        rates["failures"] += entry["num_failures"]
    return rates


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # 8 users = the portal's 8 request threads (2 gunicorn workers x 4): every user has a server thread,
    # so the split between the two classes is not decided by who holds a keep-alive slot first.
    parser.add_argument("--users", type=int, default=8, help="Locust users per run (split over classes)")
    parser.add_argument("--seconds", type=int, default=20, help="length of each Locust run")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="portalqa-bench-"))
    profile_data = yaml.safe_load((PROFILES_DIR / "reference.yaml").read_text(encoding="utf-8"))
    # The benchmark profile: no think time (every user asks as fast as it can), caps to match.
    profile_data["id"] = "benchmark"
    profile_data["load"].update(think_time_s=[0, 0], max_users=100, max_spawn_rate=100, max_duration_s=300)
    profile_path = work / "benchmark.yaml"
    profile_path.write_text(yaml.safe_dump(profile_data, sort_keys=False), encoding="utf-8")
    (work / "portal").mkdir()
    portal = EmbeddedPortal(load_profile(str(profile_path)), work_dir=work / "portal", workers=2)
    host = portal.start()
    locust = locust_executable()
    common = ["--headless", "--only-summary", "-u", str(args.users), "-r", str(args.users),
              "-t", f"{args.seconds}s", "-H", host, "--loglevel", "WARNING"]  # fmt: skip
    figures: dict = {"host": host}
    try:
        for attempt, classes in enumerate(
            (["BrowsingCitizen", "BareCitizen"], ["BareCitizen", "BrowsingCitizen"])
        ):
            mixed = work / f"mixed{attempt}"
            run = run_measured(
                [locust, "-f", "load/citizen_journeys.py,load/bare_fasthttp.py", *classes,
                 "--portal", str(profile_path), *common, "--json-file", str(mixed)],
                portal.process.pid,
            )  # fmt: skip
            rates = locust_rates(mixed, args.seconds)
            figures[f"mixed_{attempt + 1}"] = {
                **_without_output(run),
                **rates,
                "ratio_portalqa_to_bare": round(rates["portalqa"] / rates["bare"], 3)
                if rates["bare"]
                else None,
            }

        # Control: each class alone, same server, same settings; the generator's CPU per request is the
        # cost of portalqa's journey code, whatever share of the server each class happened to get above.
        alone_runs = (
            ("BrowsingCitizen", ["load/citizen_journeys.py", "--portal", str(profile_path)]),
            ("BareCitizen", ["load/bare_fasthttp.py"]),
        )
        for name, (locustfile, *extra) in alone_runs:
            alone = work / f"alone-{name}"
            run = run_measured(
                [locust, "-f", locustfile, name, *extra, *common, "--json-file", str(alone)],
                portal.process.pid,
            )  # fmt: skip
            rates = locust_rates(alone, args.seconds)
            rps = rates["portalqa"] + rates["bare"]
            figures[f"alone_{name}"] = {
                **_without_output(run),
                "rps": round(rps, 1),
                "generator_cpu_ms_per_request": round(
                    1000 * run["generator_cpu_s"] / (rps * args.seconds), 3
                ),
            }

        single = work / "single"
        run = run_measured(
            [locust, "-f", "load/bare_catalogue.py", *common, "--json-file", str(single)], portal.process.pid
        )
        figures["locust_one_endpoint"] = {
            **_without_output(run),
            "rps": locust_rates(single, args.seconds)["bare"],
        }

        if shutil.which("wrk"):
            run = run_measured(
                ["wrk", "-t2", f"-c{args.users}", f"-d{args.seconds}s", f"{host}/procedures"],
                portal.process.pid,
            )
            match = re.search(r"Requests/sec:\s+([\d.]+)", run["output"])
            figures["wrk_one_endpoint"] = {
                **_without_output(run),
                "rps": float(match.group(1)) if match else None,
            }
        else:
            figures["wrk_one_endpoint"] = "wrk not installed (apt-get install -y wrk)"
    finally:
        portal.stop()
        shutil.rmtree(work, ignore_errors=True)
    figures["machine"] = {
        "cpus": os.cpu_count(),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "kernel": platform.release(),
    }
    print(json.dumps(figures, indent=2))
    return 0


def _without_output(run: dict) -> dict:
    return {key: value for key, value in run.items() if key != "output"}


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


if __name__ == "__main__":
    sys.exit(main())
