"""Assessments run the way a QA engineer runs them, and the variant profiles they play.

`run_assessment` starts `python -m portalqa assess` in its own process from the project folder;
`write_variant_profile` writes the reference profile (portals/reference.yaml) under another id with
its embedded portal, address or load section changed. The end-to-end and load tests share them, so
that every run is started and every variant written in one way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from portalqa.paths import PROFILES_DIR, PROJECT_ROOT

REFERENCE_PROFILE = PROFILES_DIR / "reference.yaml"


def run_assessment(
    reports: Path,
    *args: str,
    env: dict[str, str] | None = None,
    timeout: float = 900,
    scorecard_check: bool = False,
) -> subprocess.CompletedProcess:
    """`python -m portalqa assess --reports REPORTS ARGS...`; env adds variables to this process's own.

    The output's tail is printed, so that pytest shows it when the test fails.
    """
    # The written scorecard's browser check (a Chromium start) is left to the runs that test it.
    command = [
        sys.executable,
        "-m",
        "portalqa",
        "assess",
        "--reports",
        str(reports),
        *([] if scorecard_check else ["--no-scorecard-check"]),
        *args,
    ]
    result = subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env=user_environment() | (env or {}),
        timeout=timeout,
    )
    print(result.stdout[-8000:], result.stderr[-6000:])
    return result


def user_environment() -> dict[str, str]:
    """This process's environment as a user's shell has it: without what the outer pytest and its
    xdist workers set for themselves (PYTEST_ADDOPTS would add this suite's options to the run's own)."""
    return {
        k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS" and not k.startswith("PYTEST_XDIST_")
    }


def read_assessment(reports: Path) -> dict:
    """The assessment.json a run wrote into its reports folder."""
    return json.loads((reports / "assessment" / "assessment.json").read_text(encoding="utf-8"))


def write_variant_profile(
    folder: Path,
    portal_id: str,
    *,
    name: str | None = None,
    defects: dict[str, list[str]] | None = None,
    embedded: dict | None = None,
    base_url: str | None = None,
    load: dict | None = None,
) -> Path:
    """The reference profile as FOLDER/PORTAL_ID.yaml, named NAME ("Reference portal (ID)" if not given).

    defects: the embedded portal's defect switches, {defect: [procedure id, code or "*"]}; procedure ids
    become the profile's codes for them. embedded: other keys of the `embedded:` section. base_url: a
    portal at that address instead of the embedded one. load: keys of the `load:` section.
    """
    profile = yaml.safe_load(REFERENCE_PROFILE.read_text(encoding="utf-8"))
    profile["id"] = portal_id
    profile["name"] = name or f"Reference portal ({portal_id})"
    if base_url:
        profile.pop("embedded")
        profile["base_url"] = base_url
    profile.get("embedded", {}).update(embedded or {})
    if defects:
        codes = {procedure_id: entry["code"] for procedure_id, entry in profile["procedures"].items()}
        profile["embedded"]["defects"] = {
            defect: [codes.get(target, target) for target in targets] for defect, targets in defects.items()
        }
    profile["load"].update(load or {})
    path = folder / f"{portal_id}.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
