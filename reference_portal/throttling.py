"""Sign-on throttling: after too many wrong passwords for one personal identification number,
every attempt for it (the right password too) is refused for a while. Wrong one-time codes
(otp_sign_on, otp_payment) are throttled the same way, under the number (sign-on) or under
"payment:<number>" (the gateway's code), so a code cannot be found by trying them all.

Counted per personal identification number, known or not, so the refusal says nothing about which
numbers exist. Only a wrong password counts (a malformed number or an empty password never reaches
the check) and a right one clears the count, so citizens who sign in correctly, however many at
once, are never throttled. The counts live in the database, shared by every gunicorn worker.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    """App config SIGN_ON_MAX_FAILURES, SIGN_ON_WINDOW_S and SIGN_ON_LOCKOUT_S."""

    max_failures: int = 5  # wrong passwords within the window that lock the number
    window_s: float = 300.0  # how long a wrong password is remembered
    lockout_s: float = 300.0  # how long the number is locked once it has too many


def locked_for(db, personal_id: str) -> float | None:
    """Seconds until attempts for this number are accepted again (0: now); None when it has no
    failure recorded at all, the usual case, so a right password then needs no write to clear it."""
    row = db.execute(
        "SELECT locked_until FROM sign_on_failures WHERE personal_id = ?", (personal_id,)
    ).fetchone()
    return max(0.0, row["locked_until"] - time.time()) if row else None


def record_failure(db, personal_id: str, policy: Policy) -> None:
    """One more wrong password; the one that reaches the limit locks the number."""
    moment = time.time()
    # IMMEDIATE takes the write lock before reading, so two workers never both miss a failure.
    db.execute("BEGIN IMMEDIATE")
    try:
        row = db.execute(
            "SELECT failures, first_failure_at FROM sign_on_failures WHERE personal_id = ?", (personal_id,)
        ).fetchone()
        if row is None or moment - row["first_failure_at"] > policy.window_s:
            failures, first = 1, moment
        else:
            failures, first = row["failures"] + 1, row["first_failure_at"]
        locked_until = 0.0
        if failures >= policy.max_failures:
            # The count starts again after the lockout: each further burst locks it again.
            failures, locked_until = 0, moment + policy.lockout_s
        db.execute(
            "INSERT INTO sign_on_failures (personal_id, failures, first_failure_at, locked_until) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(personal_id) DO UPDATE SET failures = excluded.failures, "
            "first_failure_at = excluded.first_failure_at, locked_until = excluded.locked_until",
            (personal_id, failures, first, locked_until),
        )
        db.commit()
    except BaseException:
        db.rollback()
        raise


def clear(db, personal_id: str) -> None:
    """A right password: the wrong ones before it are forgotten."""
    with db:
        db.execute("DELETE FROM sign_on_failures WHERE personal_id = ?", (personal_id,))


def minutes(seconds: float) -> int:
    """The wait as the citizen reads it: whole minutes, at least one."""
    return max(1, math.ceil(seconds / 60))
