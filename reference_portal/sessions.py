"""Server-side sign-in sessions: the cookie carries a random token, the database says whom it signs in.

Flask's session is a signed cookie: whatever it holds stays valid for as long as the secret key does,
so a copy taken before sign-out would still sign in. The cookie therefore holds only a random token;
the ``sessions`` table maps its SHA-256 to the citizen. Signing out deletes the row, and a replayed
cookie then names nothing. Only the hash is stored, so the database alone cannot be used to sign in.
"""

from __future__ import annotations

import hashlib
import secrets
import time

# How long a sign-in lasts at most, whatever the citizen does (app config SESSION_LIFETIME_S).
DEFAULT_LIFETIME_S = 12 * 3600


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(db, citizen_id: int, lifetime_s: float) -> str:
    """A new session for the citizen; returns the token to put in the cookie."""
    token = secrets.token_urlsafe(32)
    moment = time.time()
    with db:
        # Expired rows are never used again; dropping them here keeps the table small without a job.
        db.execute("DELETE FROM sessions WHERE created_at < ?", (moment - lifetime_s,))
        db.execute(
            "INSERT INTO sessions (token_hash, citizen_id, created_at) VALUES (?, ?, ?)",
            (_hash(token), citizen_id, moment),
        )
    return token


def citizen_id(db, token: str | None, lifetime_s: float) -> int | None:
    """The citizen the token signs in, or None (unknown, signed out or expired)."""
    if not token or not isinstance(token, str):
        return None
    row = db.execute(
        "SELECT citizen_id FROM sessions WHERE token_hash = ? AND created_at >= ?",
        (_hash(token), time.time() - lifetime_s),
    ).fetchone()
    return row["citizen_id"] if row else None


def end(db, token: str | None) -> None:
    """Sign out: the token no longer signs anyone in, wherever a copy of the cookie is."""
    if token and isinstance(token, str):
        with db:
            db.execute("DELETE FROM sessions WHERE token_hash = ?", (_hash(token),))
