"""A run's reports are written beside the current ones and swapped in only when they are complete.

`reports/` holds the presented run: allure-results, allure-report, assessment, load (and history, which
only grows). A run writes its parts into `reports/.run-<stamp>/` instead; when it has scored, each part
is renamed into place (a rename is atomic on one filesystem) and the previous part removed. A run that
fails, or a disk that fills up, leaves the presented reports exactly as they were: never new results
under an old assessment, never half a report.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

STAGE_PREFIX = ".run-"
RESULTS, ALLURE_REPORT, ASSESSMENT, LOAD = "allure-results", "allure-report", "assessment", "load"
# What `portalqa assess` writes; `portalqa score` rewrites only the report and the assessment.
RUN_PARTS = (RESULTS, ALLURE_REPORT, ASSESSMENT, LOAD)


class StagedReports:
    def __init__(self, root: Path):
        self.root = root
        stamp = time.strftime("%Y%m%d-%H%M%S")
        self.stage = root / f"{STAGE_PREFIX}{stamp}-{os.getpid()}"

    def create(self) -> list[Path]:
        """Make the staging folder; return the unfinished stages of earlier runs that were removed."""
        self.root.mkdir(parents=True, exist_ok=True)
        leftovers = [path for path in self.root.glob(f"{STAGE_PREFIX}*") if path.is_dir()]
        for path in leftovers:
            shutil.rmtree(path, ignore_errors=True)
        self.stage.mkdir()
        return leftovers

    def part(self, name: str) -> Path:
        return self.stage / name

    def swap_in(self, parts: Iterable[str]) -> None:
        """Put the staged parts in place of the presented ones. A part this run did not write (an Allure
        report that could not be generated) removes the presented one: it belongs to an older run."""
        previous = self.stage / ".previous"
        previous.mkdir(exist_ok=True)
        for name in parts:
            presented, staged = self.root / name, self.stage / name
            if presented.exists():
                os.replace(presented, previous / name)
            if staged.exists():
                os.replace(staged, presented)
        self.discard()

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(self.stage)
