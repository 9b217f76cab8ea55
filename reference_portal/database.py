"""SQLite storage: schema, one connection per request, and start-up initialisation.

WAL mode and a busy timeout let several gunicorn workers share one database file safely.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from flask import Flask, current_app, g

# Viet Nam has no daylight saving time, so a fixed offset is exact and needs no tz database.
VIETNAM_TZ = timezone(timedelta(hours=7), "UTC+7")

SCHEMA = """
CREATE TABLE IF NOT EXISTS citizens (
    id INTEGER PRIMARY KEY,
    personal_id TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    sex TEXT NOT NULL,
    place_of_birth TEXT NOT NULL,
    nationality TEXT NOT NULL,
    ethnicity TEXT NOT NULL,
    permanent_address TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dossiers (
    id INTEGER PRIMARY KEY,
    citizen_id INTEGER NOT NULL REFERENCES citizens(id),
    procedure_code TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    answers TEXT NOT NULL DEFAULT '{}',
    declared INTEGER NOT NULL DEFAULT 0,
    payment_status TEXT NOT NULL DEFAULT 'unpaid',
    appointment_date TEXT,
    tracking_code TEXT UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT
);
CREATE INDEX IF NOT EXISTS dossiers_owner ON dossiers(citizen_id, procedure_code, status);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    doc_key TEXT NOT NULL,
    original_name TEXT NOT NULL,
    stored_name TEXT NOT NULL,
    file_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    uploaded_at TEXT NOT NULL,
    UNIQUE (dossier_id, doc_key)
);
CREATE TABLE IF NOT EXISTS transactions (
    id TEXT PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    amount INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    method TEXT,
    created_at TEXT NOT NULL,
    paid_at TEXT
);
-- The appointment_booking dialect (reference_portal/appointments.py); empty on every other portal.
CREATE TABLE IF NOT EXISTS appointments (
    dossier_id INTEGER PRIMARY KEY REFERENCES dossiers(id),
    location TEXT NOT NULL,
    day TEXT NOT NULL,
    slot TEXT NOT NULL,
    booked_at TEXT NOT NULL
);
-- Messages sent with the contact page's feedback form (pages.contact).
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    message TEXT NOT NULL,
    received_at TEXT NOT NULL
);
-- Signed-in sessions (reference_portal/sessions.py): the cookie holds a random token, the table only
-- its SHA-256, so signing out (deleting the row) ends the session even for a copy of the cookie.
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    citizen_id INTEGER NOT NULL REFERENCES citizens(id),
    created_at REAL NOT NULL
);
-- Wrong passwords and one-time codes per personal identification number (reference_portal/throttling.py;
-- a gateway code's key is "payment:<number>"); shared by every gunicorn worker because it lives in the
-- database.
CREATE TABLE IF NOT EXISTS sign_on_failures (
    personal_id TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    first_failure_at REAL NOT NULL,
    locked_until REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS status_events (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    status TEXT NOT NULL,
    occurred_at TEXT NOT NULL
);
"""


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def connect(path: str | Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=10)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 10000")
    # With WAL, NORMAL syncs at checkpoints instead of at every commit: still safe against corruption,
    # and a sign-in (which writes its session row) does not wait for the disk.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def _close_db(_exc: BaseException | None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app: Flask) -> None:
    """Create the schema (idempotent) and register the per-request connection teardown."""
    conn = connect(app.config["DATABASE"])
    try:
        # WAL is a property of the database file, so setting it once here covers every worker.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(SCHEMA)
        conn.commit()
    finally:
        conn.close()
    app.teardown_appcontext(_close_db)
