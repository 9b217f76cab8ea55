"""`portalqa serve`: the embedded portals for a person to look at, up until Ctrl-C, then gone cleanly."""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from portalqa.paths import PROJECT_ROOT
from portalqa.targets.embedded import port_is_free
from portalqa.targets.serving import ServeError, embedded_profiles

URL = re.compile(r"^  (http://127\.0\.0\.1:(\d+)/)$", re.M)
READY = "press Ctrl-C to stop"
STARTUP_S = 90  # two embedded portals on a busy two-core machine


class Serve:
    """`python -m portalqa serve ...` in its own process, its output read as it comes."""

    def __init__(self, *args: str, env: dict | None = None):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "portalqa", "serve", *args],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self._out: list[str] = []
        self._err: list[str] = []
        self._readers = [
            threading.Thread(target=lambda s=stream, b=buffer: b.extend(s), daemon=True)
            for stream, buffer in ((self.process.stdout, self._out), (self.process.stderr, self._err))
        ]
        for reader in self._readers:
            reader.start()

    @property
    def output(self) -> str:
        return "".join(self._out)

    @property
    def errors(self) -> str:
        return "".join(self._err)

    def wait_until_ready(self) -> list[tuple[str, int]]:
        deadline = time.monotonic() + STARTUP_S
        while READY not in self.output:
            assert self.process.poll() is None, self.output + self.errors
            assert time.monotonic() < deadline, f"serve did not get ready:\n{self.output}"
            time.sleep(0.1)
        return [(url, int(port)) for url, port in URL.findall(self.output)]

    def children(self) -> list[int]:
        """The processes serve started (the portals), from /proc."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.append(int(stat.parent.name))
        return found

    def finish(self, timeout: float = 60) -> int:
        code = self.process.wait(timeout=timeout)
        for reader in self._readers:
            reader.join(timeout=5)
        return code

    def stop(self, signum: int) -> int:
        self.process.send_signal(signum)
        started = time.monotonic()
        code = self.finish(timeout=15)
        self.seconds = time.monotonic() - started
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.finish()


@pytest.fixture
def serve():
    started: list[Serve] = []

    def start(*args: str, **kw) -> Serve:
        started.append(Serve(*args, **kw))
        return started[-1]

    yield start
    for process in started:
        process.kill()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_serve_shows_the_portal_and_its_account_and_stops_on_ctrl_c(serve):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTALQA_REFERENCE_")}
    server = serve("--portal", "reference", env=env)
    ((url, port),) = server.wait_until_ready()
    portals = server.children()
    assert portals, "the portal runs as a process of its own"

    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        assert "National Public Service Portal" in response.read().decode("utf-8")
    account = re.search(r"sign in with personal id (\d{12}), password (\S+)", server.output)
    assert account, server.output
    assert account.group(1) == "001088012345"  # the profile's embedded test citizen
    assert account.group(2).startswith("pq-")  # generated for this run

    assert server.stop(signal.SIGINT) == 0, server.errors
    assert server.seconds < 10
    assert "Traceback" not in server.errors + server.output
    assert "stopping the portals" in server.output
    assert nothing_listens(port)
    assert not any(_alive(pid) for pid in portals), "no portal outlives serve"


def test_serve_on_a_base_port_and_stop_on_sigterm(serve):
    base = two_free_ports_no_connection_takes()
    server = serve("--portal", "reference", "--portal", "reference-ministry", "--port", str(base))
    served = server.wait_until_ready()
    assert [port for _, port in served] == [base, base + 1]
    assert "portalqa: reference-ministry — Ministry of Justice Public Service Portal" in server.output

    assert server.stop(signal.SIGTERM) == 0, server.errors
    assert "Traceback" not in server.errors
    assert nothing_listens(base) and nothing_listens(base + 1)


def two_free_ports_no_connection_takes() -> int:
    """A free port whose next one is free too, below the ephemeral range: there no other process's
    outgoing connection can take one as its local port while serve starts."""
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    candidates = list(range(10_000, low - 1))
    random.shuffle(candidates)
    return next(base for base in candidates if port_is_free(base) and port_is_free(base + 1))


def nothing_listens(port: int) -> bool:
    """No server on the port any more. (Not "the port can be bound": free ports come from the
    ephemeral range, so another process's outgoing connection may hold one as its local port.)"""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        try:
            sock.connect(("127.0.0.1", port))
        except ConnectionRefusedError:
            return True
    return False


def test_a_port_in_use_is_refused_before_any_portal_starts(serve):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = serve("--portal", "reference", "--port", str(port))
        assert server.finish() == 3
    assert f"port(s) {port} on 127.0.0.1 are in use" in server.errors


def test_a_remote_profile_is_not_served(serve):
    server = serve("--portal", str(PROJECT_ROOT / "examples" / "practice-portal.yaml"))
    assert server.finish() == 2
    assert "not an embedded reference portal: practice" in server.errors


def test_by_default_every_embedded_profile_is_served():
    ids = [profile.id for profile in embedded_profiles()]
    assert "reference" in ids
    assert all(profile.embedded is not None for profile in embedded_profiles())


def test_a_portal_chosen_twice_is_refused():
    with pytest.raises(ServeError, match="chosen twice: reference"):
        embedded_profiles(["reference", "reference"])
