"""Keep test-account secrets out of everything portalqa writes.

Secrets are read from environment variables named in profiles; each one read is registered here,
and every text that leaves the harness (measurements, messages, logs) passes through `redact`.
"""

from __future__ import annotations

import logging
import os

MASK = "•••"
_secrets: set[str] = set()


class MissingCredential(Exception):
    pass


def env_value(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise MissingCredential(f"environment variable {name} is not set (the profile's sign_on names it)")
    return value


def secret_from_env(name: str) -> str:
    value = env_value(name)
    register(value)
    return value


class Secret:
    """A secret value that shows as the mask wherever Python prints it: pytest's long tracebacks print
    every frame's arguments (into the terminal and the Allure trace), so a secret travels wrapped and is
    unwrapped only at the call that types it."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        register(value)
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return MASK

    __str__ = __repr__


def secret_value_from_env(name: str) -> Secret:
    return Secret(env_value(name))


def missing_credentials(names: list[str]) -> list[str]:
    return [name for name in names if not os.environ.get(name)]


def register(value: str) -> None:
    # Very short values would mask ordinary words; real passwords and tokens are longer.
    if value and len(value) >= 4:
        _secrets.add(value)


def redact(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


class RedactingFilter(logging.Filter):
    """Masks secrets in log records before any handler (pytest's capture included) sees them."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
