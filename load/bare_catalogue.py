"""Benchmark baseline on one endpoint: the catalogue, as fast as one FastHttpUser per user can ask.

Compared with `wrk` on the same URL in docs/benchmarks.md. No think time, no guard: loopback only.
"""

from __future__ import annotations

from locust import FastHttpUser, task


class BareCatalogue(FastHttpUser):
    def wait_time(self) -> float:
        return 0.0

    @task
    def catalogue(self) -> None:
        self.client.get("/procedures", name="bare catalogue only")
