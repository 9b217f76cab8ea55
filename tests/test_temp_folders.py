"""portalqa's temporary folders (portalqa.temp_dirs) go when their owner closes, and at exit whatever
happened before; each check runs in a process of its own with TMPDIR set to a fresh folder, which
must be empty when that process has ended.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from assessment_runs import read_assessment, run_assessment, write_variant_profile

from portalqa.paths import PROJECT_ROOT

PROCEDURE = "confirm_old_id_number"
PASSWORD = 'Tmp"Pa$$ w/rd&x'
FORMS = {PASSWORD, json.dumps(PASSWORD)[1:-1], quote(PASSWORD), quote_plus(PASSWORD), quote(PASSWORD, "")}


def run_python(tmp: Path, script: str, timeout: float = 240) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env=os.environ | {"TMPDIR": str(tmp)},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    print(result.stdout[-4000:], result.stderr[-4000:])
    return result


def left_in(tmp: Path) -> list[str]:
    return sorted(path.name for path in tmp.iterdir())


@pytest.fixture
def tmp() -> Iterator[Path]:
    # Short, under /tmp: Chromium's socket paths under TMPDIR must fit in 108 bytes, which a folder
    # deep in pytest's tmp_path does not leave room for.
    folder = Path(tempfile.mkdtemp(prefix="pq-tmp-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_folders_go_at_exit_after_an_uncaught_exception(tmp):
    result = run_python(
        tmp,
        "from portalqa import temp_dirs\n"
        "from portalqa.browser.chromium import BrowserFactory\n"
        "from portalqa.profiles.profile import load_profile\n"
        "from portalqa.targets.embedded import EmbeddedPortal\n"
        "from portalqa.targets.registry import PortalRegistry\n"
        "made = [temp_dirs.make('portalqa-scenario-'), BrowserFactory().work_dir,\n"
        "        PortalRegistry([]).work_dir, EmbeddedPortal(load_profile('reference')).work_dir]\n"
        "for folder in made:\n"
        "    (folder / 'sub').mkdir()\n"
        "    (folder / 'sub' / 'file.txt').write_text('x')\n"
        "print(sorted(p.name.rsplit('-', 1)[0] for p in made))\n"
        "raise RuntimeError('the run broke')\n",
    )
    assert result.returncode == 1 and "RuntimeError: the run broke" in result.stderr
    made = "['portalqa-browser', 'portalqa-portals', 'portalqa-reference', 'portalqa-scenario']"
    assert made in result.stdout
    assert left_in(tmp) == []


def test_a_forked_child_never_removes_its_parents_folders(tmp):
    result = run_python(
        tmp,
        "import os, sys\n"
        "from portalqa import temp_dirs\n"
        "folder = temp_dirs.make('portalqa-scenario-')\n"
        "child = os.fork()\n"
        "if child == 0:\n"
        "    sys.exit(0)  # runs the atexit handlers the child inherited\n"
        "os.waitpid(child, 0)\n"
        "print('kept' if folder.is_dir() else 'removed by the child')\n",
    )
    assert result.returncode == 0 and "kept" in result.stdout
    assert left_in(tmp) == []


@pytest.mark.browser
def test_portals_and_browsers_leave_nothing_once_closed(tmp):
    # Each owner closed in turn, the folders checked gone before the process ends (not left to atexit).
    result = run_python(
        tmp,
        "import os\n"
        "from portalqa.browser.pool import BrowserPool\n"
        "from portalqa.profiles.profile import load_profile\n"
        "from portalqa.targets.embedded import EmbeddedPortal\n"
        "from portalqa.targets.registry import PortalRegistry\n"
        "from portalqa.targets.serving import PortalServer\n"
        "profile = load_profile('reference')\n"
        "registry = PortalRegistry([profile])\n"
        "portal = registry.get('reference')\n"
        "assert portal.unavailable is None, portal.unavailable\n"
        "pool = BrowserPool(headless=True, allowed_hosts=registry.browser_hosts())\n"
        "browser = pool.get('desktop')\n"
        "browser.get(portal.base_url + '/')\n"
        "print('browser folder:', sorted(os.listdir(pool._started['desktop'][0].work_dir)))\n"
        "pool.close()\n"
        "registry.stop_all()\n"
        "alone = EmbeddedPortal(profile)\n"
        "alone.start()\n"
        "alone.stop()\n"
        "server = PortalServer([profile])\n"
        "server.start()\n"
        "server.stop()\n"
        "print('left:', os.listdir(os.environ['TMPDIR']))\n",
    )
    assert result.returncode == 0, result.stderr
    # Chromium's profile (made by ChromeDriver) was in the browser's folder, so it went with it.
    assert "scoped_dir" in result.stdout
    assert "left: []" in result.stdout
    assert left_in(tmp) == []


@pytest.mark.browser
def test_an_assessment_with_its_load_phase_leaves_nothing(tmp_path, tmp):
    # With a known password, also searched for in everything the run wrote, Locust's outputs included
    # (tests/end_to_end/test_secrets_never_leak.py does the same without the load phase).
    profile = write_variant_profile(
        tmp_path, "temp-folders", load={"run": {"users": 2, "spawn_rate": 2, "duration_s": 3}}
    )
    reports = tmp_path / "reports"
    result = run_assessment(
        reports, "--portal", str(profile), "--viewport", "desktop", "--no-axe", "-m", PROCEDURE,
        env={"TMPDIR": str(tmp), "PORTALQA_REFERENCE_PASSWORD": PASSWORD},
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    (portal,) = read_assessment(reports)["portals"]
    assert any(p["id"] == PROCEDURE and p["verdict"] == "full" for p in portal["procedures"])
    assert (reports / "load" / "temp-folders" / "locust.json").is_file()  # the load phase ran
    assert left_in(tmp) == []
    written = [path for path in reports.rglob("*") if path.is_file()]
    assert [path for path in written if any(form.encode() in path.read_bytes() for form in FORMS)] == []
    assert not [form for form in FORMS if form in result.stdout + result.stderr]


@pytest.mark.browser
def test_a_browser_starts_under_a_long_tmpdir_and_its_folder_goes(tmp_path):
    deep = tmp_path / ("deep-" * 12)
    deep.mkdir()
    result = run_python(
        deep,
        "from portalqa.browser.chromium import BrowserFactory\n"
        "factory = BrowserFactory()\n"
        "browser = factory.start()\n"
        "browser.get('about:blank')\n"
        "browser.quit()\n"
        "factory.cleanup()\n"
        "print('folder:', factory.work_dir, factory.work_dir.exists())\n",
    )
    assert result.returncode == 0, result.stderr
    # Too deep for Chromium's socket paths: the browser's folder was made in /tmp, and removed.
    assert "folder: /tmp/portalqa-browser-" in result.stdout and result.stdout.rstrip().endswith("False")
    assert left_in(deep) == []
