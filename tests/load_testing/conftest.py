"""Fixtures shared by the load tests (the helpers behind them are in load_helpers.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from load_helpers import CountingServer, write_reference_copy


@pytest.fixture
def reference_copy(tmp_path) -> Callable[..., Path]:
    """write_reference_copy into this test's tmp_path."""

    def write(portal_id: str, **options) -> Path:
        return write_reference_copy(tmp_path, portal_id, **options)

    return write


@pytest.fixture
def counting_server():
    server = CountingServer()
    yield server
    server.close()
