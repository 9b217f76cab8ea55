"""The slow switch: a variant with `slow_responses_ms: N` answers every request N ms late.

For portalqa's self-tests of speed under load: the same portal, made slow on purpose, must miss its
objectives while the normal one meets them. The delay is taken before the view runs, so it holds a
server worker like a slow back end would. /healthz stays fast: launchers and load balancers use it to
see whether the portal is up, not how fast it is.
"""

from __future__ import annotations

import time

from flask import Flask, request

CONFIG_KEY = "slow_responses_ms"
MAX_DELAY_MS = 10_000


def validate(value: object) -> int:
    """The delay in ms; raises ValueError with a message for the variant's author."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DELAY_MS:
        raise ValueError(f"{CONFIG_KEY}: must be a whole number of milliseconds from 0 to {MAX_DELAY_MS}")
    return value


def init_app(app: Flask, delay_ms: int) -> None:
    if delay_ms <= 0:
        return

    @app.before_request
    def _delay():
        if request.path != "/healthz":
            time.sleep(delay_ms / 1000)
