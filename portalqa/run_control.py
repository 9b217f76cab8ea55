"""Process control for a run: children in their own process groups, signals forwarded and escalated.

Children (pytest and its workers, Locust, the Allure generator) are started in a new session so that
a signal reaches each child's whole tree (browsers, drivers, embedded portals started inside pytest
stay in pytest's group). The first SIGINT or SIGTERM asks every child group to stop with SIGINT (so
pytest's fixtures tear down browsers and portals), and SIGKILLs the groups still there after a
bounded grace; the run then goes on to score what finished. A second signal SIGKILLs every group and
exits at once with one line.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from types import FrameType

GRACE_SECONDS = 20.0
EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}

# The control of the run in progress in this process, so that phases started deep in other modules
# (Locust, the Allure generator) register their processes with it rather than escape its signals.
_active: RunControl | None = None


def start_child(command: list[str], **kwargs) -> subprocess.Popen:
    """Start a process of the run in its own session, under the active run's control when there is one."""
    if _active is not None:
        return _active.start(command, **kwargs)
    return subprocess.Popen(command, start_new_session=True, **kwargs)


def run_interrupted() -> bool:
    """Whether the run in progress in this process has been asked to stop (a phase then ends early)."""
    return _active is not None and _active.interrupted


class RunControl:
    def __init__(self, grace_seconds: float = GRACE_SECONDS):
        self.grace_seconds = grace_seconds
        self.signum: int | None = None
        self.phase = "starting"
        self.interrupted_in: str | None = None  # the phase the first signal arrived in
        self._children: list[subprocess.Popen] = []
        self._previous: dict[int, object] = {}

    @property
    def interrupted(self) -> bool:
        return self.signum is not None

    @property
    def exit_code(self) -> int:
        return EXIT_CODES.get(self.signum, 130)

    def interruption(self) -> tuple[str, str] | None:
        """The signal's name and the phase it arrived in (None when the run was not interrupted)."""
        if self.signum is None:
            return None
        return signal.Signals(self.signum).name, self.interrupted_in or self.phase

    def start(self, command: list[str], **kwargs) -> subprocess.Popen:
        process = subprocess.Popen(command, start_new_session=True, **kwargs)
        self._children.append(process)
        return process

    def __enter__(self) -> RunControl:
        global _active
        _active = self
        for signum in EXIT_CODES:
            self._previous[signum] = signal.signal(signum, self._on_signal)
        return self

    def __exit__(self, *_exc) -> None:
        global _active
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        _active = None

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if self.signum is not None:
            self._signal_groups(signal.SIGKILL)
            print(f"portalqa: second signal during the {self.phase} phase; stopped at once, nothing scored",
                  file=sys.stderr, flush=True)  # fmt: skip
            os._exit(self.exit_code)
        self.signum = signum
        self.interrupted_in = self.phase
        print(f"portalqa: {signal.Signals(signum).name} during the {self.phase} phase; stopping the run's "
              "processes, then scoring what finished (signal again to stop at once)",
              file=sys.stderr, flush=True)  # fmt: skip
        self._signal_groups(signal.SIGINT)
        threading.Thread(target=self._escalate, daemon=True).start()

    def _escalate(self) -> None:
        for process in list(self._children):
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=self.grace_seconds)
        self._signal_groups(signal.SIGKILL, even_exited=True)

    def _signal_groups(self, signum: int, even_exited: bool = False) -> None:
        for process in list(self._children):
            if process.poll() is not None and not even_exited:
                continue
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signum)
