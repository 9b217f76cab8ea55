"""Benchmark baseline: a bare FastHttpUser hitting the same public endpoints as the citizen journeys.

No profile, no guard, no parsing: the cheapest Locust user that sends the same requests. The
benchmark (docs/benchmarks.md) runs it in the same Locust process as `BrowsingCitizen` to measure
what portalqa's journey code costs per request. Its request names start with "bare " so the two
stay apart in the statistics. Only for loopback benchmarks: it has no load guard of its own.
"""

from __future__ import annotations

import random

from locust import FastHttpUser, task

CODES = ("1.001193", "1.004194", "2.000488")
TERMS = ("birth", "residence", "criminal", "passport", "marriage")


class BareCitizen(FastHttpUser):
    # Same weight and task weights as BrowsingCitizen, so both classes get the same users and mix.
    weight = 4

    def wait_time(self) -> float:
        return 0.0

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="bare home")

    @task(5)
    def catalogue(self) -> None:
        self.client.get("/procedures", name="bare catalogue")

    @task(4)
    def search(self) -> None:
        self.client.get(f"/procedures?q={random.choice(TERMS)}", name="bare search")

    @task(5)
    def information_page(self) -> None:
        self.client.get(f"/procedures/{random.choice(CODES)}", name="bare procedure info")

    @task(1)
    def track_dossier(self) -> None:
        self.client.get("/track?code=HS2026-0000000001", name="bare track")
