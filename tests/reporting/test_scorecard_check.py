"""The scorecard check's reading of Chrome's performance log: which requests would leave the machine."""

from __future__ import annotations

import json

import pytest

from portalqa.reporting.scorecard_check import leaves_machine, requested_urls


@pytest.mark.parametrize(
    ("url", "leaves"),
    [
        ("file:///work/reports/assessment/index.html", False),
        ("data:image/png;base64,AAAA", False),
        ("about:blank", False),
        ("http://127.0.0.1:8000/index.html", False),
        ("http://127.8.9.10/", False),
        ("http://[::1]:8000/", False),
        ("http://localhost:5000/x", False),
        ("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html", True),
        ("http://10.0.0.5/intranet", True),
        ("wss://example.com/socket", True),
        ("http://127.0.0.1.example.com/", True),
    ],
)
def test_which_requests_leave_the_machine(url, leaves):
    assert leaves_machine(url) is leaves


def test_requested_urls_are_read_from_devtools_network_events():
    def entry(method: str, **params) -> dict:
        return {"message": json.dumps({"message": {"method": method, "params": params}}), "level": "INFO"}

    entries = [
        entry("Network.requestWillBeSent", request={"url": "file:///a/index.html"}),
        entry("Network.responseReceived", response={"url": "file:///a/index.html"}),
        entry("Network.requestWillBeSent", request={"url": "https://cdn.example.com/x.js"}),
        {"message": "not json"},
        {},
    ]
    assert requested_urls(entries) == ["file:///a/index.html", "https://cdn.example.com/x.js"]
