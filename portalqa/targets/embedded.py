"""Run the embedded reference portal for a profile that says `embedded:`.

The portal runs in its own process on a free loopback port, with its own data folder, so that
every run starts from the same seeded state and nothing is left listening afterwards.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from portalqa import temp_dirs
from portalqa.profiles.profile import Profile
from portalqa.secrets_guard import register

STARTUP_TIMEOUT_S = 30.0


class EmbeddedPortalError(Exception):
    pass


# Where servers portalqa starts listen: below the kernel's ephemeral range, from which every process's
# outgoing connections take their local ports. A port picked there could be taken by some connection
# between the check and the server's bind (a portal failing to start, once in a few hundred runs).
LOWEST_PORT = 10_000
EPHEMERAL_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")


def free_loopback_port() -> int:
    """A port nothing listens on or connects from at 127.0.0.1, outside the ephemeral range."""
    try:
        ephemeral_low = int(EPHEMERAL_RANGE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        ephemeral_low = 32768  # Linux's default
    if ephemeral_low - 1 > LOWEST_PORT:
        for _ in range(100):
            port = LOWEST_PORT + secrets.randbelow(ephemeral_low - LOWEST_PORT)
            if port_is_free(port):
                return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))  # the kernel's choice, as a last resort
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Whether a server could listen on 127.0.0.1:`port` now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def ensure_test_credentials(profile: Profile) -> None:
    """Embedded portals get generated credentials unless the environment already holds them.

    The password is random per run and lives only in this process's environment and the portal's.
    """
    assert profile.embedded is not None
    os.environ.setdefault(profile.sign_on.personal_id_env, profile.embedded.test_personal_id)
    os.environ.setdefault(profile.sign_on.password_env, "pq-" + secrets.token_urlsafe(18))
    register(os.environ[profile.sign_on.password_env])


class EmbeddedPortal:
    def __init__(
        self, profile: Profile, work_dir: Path | None = None, workers: int = 1, port: int | None = None
    ):
        if profile.embedded is None:
            raise EmbeddedPortalError(f"profile {profile.id!r} is not embedded")
        self.profile = profile
        self.workers = workers
        self.port = port  # None: a free loopback port, chosen at start
        # A folder of its own unless the caller gives one (and then owns it): removed at stop().
        self._own_dir = work_dir is None
        self.work_dir = Path(work_dir) if work_dir else temp_dirs.make(f"portalqa-{profile.id}-")
        self.process: subprocess.Popen | None = None
        self.base_url: str | None = None
        self.log_path = self.work_dir / "portal.log"

    def start(self) -> str:
        ensure_test_credentials(self.profile)
        self.work_dir.mkdir(parents=True, exist_ok=True)
        config_path = self.work_dir / "variant.yaml"
        config_path.write_text(
            yaml.safe_dump(variant_config(self.profile), allow_unicode=True), encoding="utf-8"
        )
        port = self.port or free_loopback_port()
        env = dict(os.environ, REFPORTAL_TEST_PASSWORD=os.environ[self.profile.sign_on.password_env])
        command = [
            sys.executable, "-m", "reference_portal",
            "--host", "127.0.0.1", "--port", str(port),
            "--data-dir", str(self.work_dir / "data"),
            "--config", str(config_path),
            "--workers", str(self.workers),
        ]  # fmt: skip
        # The child writes the log through its own copy of the descriptor; ours closes at once.
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        self.base_url = f"http://127.0.0.1:{port}"
        self._wait_until_ready()
        return self.base_url

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise EmbeddedPortalError(
                    f"the embedded portal for {self.profile.id!r} exited with {self.process.returncode}:\n"
                    + self.log_path.read_text(errors="replace")[-3000:]
                )
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                # Not listening yet: wait a moment, but wake at once if the process dies.
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(timeout=0.1)
        self.stop()
        raise EmbeddedPortalError(f"the embedded portal for {self.profile.id!r} did not start in time")

    def stop(self) -> None:
        """Stop the portal's process (waited for) and remove its data, log included, if the folder
        is its own."""
        try:
            if self.process and self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        finally:
            if self._own_dir:
                temp_dirs.remove(self.work_dir)


def variant_config(profile: Profile) -> dict:
    """The reference portal's variant file for an embedded profile: its variant and defect switches."""
    return {"extends": profile.embedded.variant, "defects": dict(profile.embedded.defects)}


def variant_problem(profile: Profile) -> str | None:
    """What the reference portal says is wrong with the profile's `embedded:` (None when it is valid).

    Asked of the portal itself (`--check`, in its own process) so that portalqa neither imports the
    reference portal nor keeps a second list of its variants and defect names.
    """
    with tempfile.TemporaryDirectory(prefix="portalqa-check-") as folder:
        config_path = Path(folder) / "variant.yaml"
        config_path.write_text(yaml.safe_dump(variant_config(profile), allow_unicode=True), encoding="utf-8")
        checked = subprocess.run(
            [sys.executable, "-m", "reference_portal", "--config", str(config_path), "--check"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    if checked.returncode == 0:
        return None
    said = (checked.stderr or checked.stdout).strip().removeprefix("reference portal: ")
    return said or f"the reference portal refused it (exit {checked.returncode})"
