"""Benchmark what observing a page costs: raw Selenium vs the portal driver, with and without checks.

    .venv/bin/python scripts/journey_benchmark.py [--rounds 5] [--viewport desktop|phone]

Starts the reference portal (national variant) on loopback and one browser, then loads the same
public pages (home, catalogue, information pages, tracking, privacy, assistant) in four modes,
interleaved round by round so that machine noise hits every mode alike:

  raw       driver.get(url) and wait for document.readyState == "complete" (plain Selenium)
  driver    PortalDriver.open without an observer (what portalqa did before the quality criteria)
  observe   PortalDriver.open with the page observer, axe-core off (timing, paint, headers,
            third parties, console, phone layout, privacy link)
  axe       the same with axe-core on every page (the first visit of a distinct page in a journey)

Prints the median seconds per page load per mode and the ratio to raw, for docs/benchmarks.md.
Ratios matter, not absolute figures (2 shared cores).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portalqa.browser.chromium import BrowserFactory, settings_for  # noqa: E402
from portalqa.browser.page_observer import PageObserver  # noqa: E402
from portalqa.citizen.driver import PortalDriver  # noqa: E402
from portalqa.citizen.journey_record import JourneyRecord  # noqa: E402
from portalqa.profiles.profile import load_profile  # noqa: E402
from portalqa.targets.embedded import EmbeddedPortal  # noqa: E402

PATHS = [
    "/",
    "/procedures",
    "/procedures/1.001193",
    "/procedures/2.000488",
    "/procedures/1.004222",
    "/track",
    "/privacy",
    "/assistant",
]
MODES = ("raw", "driver", "observe", "axe")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--viewport", default="desktop", choices=("desktop", "phone"))
    args = parser.parse_args()

    profile = load_profile("reference")
    portal = EmbeddedPortal(profile)
    base = portal.start().rstrip("/")
    factory = BrowserFactory(settings_for(args.viewport))
    browser = factory.start()
    try:
        record = JourneyRecord(
            portal={"id": profile.id, "name": profile.name}, procedure={"id": "-", "name": "-"}
        )
        observer = PageObserver(
            browser, portal_hosts=[base.split("//", 1)[1]], privacy_link_names=["Privacy policy"]
        )
        plain = PortalDriver(browser, profile, base, record)
        without_axe = PortalDriver(
            browser, profile, base, record, observer=observer, check_accessibility=False
        )
        times: dict[str, list[float]] = {mode: [] for mode in MODES}
        for path in PATHS:  # warm-up: every page once, caches and the axe-core source loaded
            PortalDriver(browser, profile, base, record, observer=observer).open(path)
        for _ in range(args.rounds):
            for path in PATHS:
                for mode in MODES:
                    # A new driver has checked no page yet: axe-core runs, as on a journey's first visit.
                    with_axe = PortalDriver(browser, profile, base, record, observer=observer)
                    started = time.perf_counter()
                    if mode == "raw":
                        browser.get(base + path)
                        while browser.execute_script("return document.readyState") != "complete":
                            time.sleep(0.01)
                    else:
                        {"driver": plain, "observe": without_axe, "axe": with_axe}[mode].open(path)
                    times[mode].append(time.perf_counter() - started)
        raw = statistics.median(times["raw"])
        print(f"\n{platform.node()} · {args.viewport} · {args.rounds} rounds × {len(PATHS)} pages\n")
        print("| mode | median s per page | × raw Selenium |")
        print("|---|---|---|")
        for mode in MODES:
            median = statistics.median(times[mode])
            print(f"| {mode} | {median:.3f} | {median / raw:.2f} |")
    finally:
        browser.quit()
        factory.cleanup()
        portal.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
