"""Locust's own outputs (written by its process, unmasked) are masked by the runner once it has ended:
CSV and HTML as text, JSON value by value, anything else untouched."""

from __future__ import annotations

import json

from portalqa.load_testing.runner import redact_outputs
from portalqa.secrets_guard import MASK, register

PASSWORD = 'L0ad"Pa$$ w/rd&x'
PERSONAL_ID = "001088099999"


def test_locust_outputs_are_masked_by_kind(tmp_path):
    register(PASSWORD)
    register(PERSONAL_ID)
    stats = {
        "requests": 12,
        "id_as_number": int(PERSONAL_ID),
        "entries": [{"name": f"/sign-on?pid={PERSONAL_ID}", "num_failures": 1}],
    }
    (tmp_path / "locust.json").write_text(json.dumps(stats), encoding="utf-8")
    (tmp_path / "locust_failures.csv").write_text(
        f'Method,Name,Error,Occurrences\nPOST,sign-on,"refused {json.dumps(PASSWORD)[1:-1]}",1\n',
        encoding="utf-8",
    )
    (tmp_path / "locust-report.html").write_text(f"<td>{PASSWORD}</td>", encoding="utf-8")
    picture = b"\x89PNG\r\n" + PASSWORD.encode()
    (tmp_path / "chart.png").write_bytes(picture)
    untouched = tmp_path / "locust_stats.csv"
    untouched.write_text("Type,Name,Request Count\nGET,/procedures,12\n", encoding="utf-8")
    before = untouched.stat().st_mtime_ns

    redact_outputs(tmp_path)

    assert json.loads((tmp_path / "locust.json").read_text(encoding="utf-8")) == {
        "requests": 12,
        "id_as_number": int(PERSONAL_ID),  # a number equal to a secret stays a number
        "entries": [{"name": f"/sign-on?pid={MASK}", "num_failures": 1}],
    }
    assert (tmp_path / "locust_failures.csv").read_text(encoding="utf-8").splitlines()[1] == (
        f'POST,sign-on,"refused {MASK}",1'
    )
    assert (tmp_path / "locust-report.html").read_text(encoding="utf-8") == f"<td>{MASK}</td>"
    assert (tmp_path / "chart.png").read_bytes() == picture
    assert untouched.stat().st_mtime_ns == before  # nothing to mask: not rewritten
