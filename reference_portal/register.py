"""The simulated population register: test citizens seeded at start-up.

Passwords are never stored in the repository or in plain text: every test citizen shares the password
from ``REFPORTAL_TEST_PASSWORD`` (or a random one when unset), stored only as a salted hash.
"""

from __future__ import annotations

import os
import secrets
import sys

from werkzeug.security import generate_password_hash

from reference_portal.database import connect

PASSWORD_ENV = "REFPORTAL_TEST_PASSWORD"

# Personal identification numbers follow the 12-digit citizen identity format
# (province code, sex/century digit, year of birth, serial). The first citizen is the one portalqa's
# profiles use by default.
CITIZENS = [
    {
        "personal_id": "001088012345",
        "full_name": "Nguyễn Thị Lan",
        "date_of_birth": "1988-03-14",
        "sex": "Female",
        "place_of_birth": "Hà Nội",
        "nationality": "Vietnamese",
        "ethnicity": "Kinh",
        "permanent_address": "Số 12 ngõ 45 phố Hào Nam, phường Ô Chợ Dừa, Hà Nội",
        "phone": "0912345678",
        "email": "lan.nguyen@example.com",
    },
    {
        "personal_id": "079090001234",
        "full_name": "Trần Văn Minh",
        "date_of_birth": "1990-07-02",
        "sex": "Male",
        "place_of_birth": "Thành phố Hồ Chí Minh",
        "nationality": "Vietnamese",
        "ethnicity": "Kinh",
        "permanent_address": "88 đường Lê Lợi, phường Bến Thành, Thành phố Hồ Chí Minh",
        "phone": "0903123456",
        "email": "minh.tran@example.com",
    },
    {
        "personal_id": "001195004567",
        "full_name": "Lê Thị Hồng Nhung",
        "date_of_birth": "1995-11-23",
        "sex": "Female",
        "place_of_birth": "Hà Nội",
        "nationality": "Vietnamese",
        "ethnicity": "Kinh",
        "permanent_address": "25 phố Tràng Thi, phường Hoàn Kiếm, Hà Nội",
        "phone": "0987654321",
        "email": "nhung.le@example.com",
    },
    {
        "personal_id": "031087006789",
        "full_name": "Phạm Quốc Bảo",
        "date_of_birth": "1987-05-09",
        "sex": "Male",
        "place_of_birth": "Hải Phòng",
        "nationality": "Vietnamese",
        "ethnicity": "Kinh",
        "permanent_address": "17 đường Lạch Tray, phường Ngô Quyền, Hải Phòng",
        "phone": "0934567890",
        "email": "bao.pham@example.com",
    },
    {
        "personal_id": "048192003456",
        "full_name": "Hoàng Minh Châu",
        "date_of_birth": "1992-09-30",
        "sex": "Female",
        "place_of_birth": "Đà Nẵng",
        "nationality": "Vietnamese",
        "ethnicity": "Tày",
        "permanent_address": "102 đường Bạch Đằng, phường Hải Châu, Đà Nẵng",
        "phone": "0945678901",
        "email": "chau.hoang@example.com",
    },
    {
        "personal_id": "024200000111",
        "full_name": "Vũ Đức Anh",
        "date_of_birth": "2000-01-18",
        "sex": "Male",
        "place_of_birth": "Bắc Giang",
        "nationality": "Vietnamese",
        "ethnicity": "Nùng",
        "permanent_address": "Thôn Đông, xã Tân Dĩnh, Bắc Ninh",
        "phone": "0356789012",
        "email": "anh.vu@example.com",
    },
]


def test_password() -> str:
    """The shared test password; generated (and announced, never shown) when the env var is unset."""
    password = os.environ.get(PASSWORD_ENV)
    if password:
        return password
    print(
        f"reference portal: {PASSWORD_ENV} is not set; generated a random password for the test "
        "citizens (set the variable to sign in)",
        file=sys.stderr,
        flush=True,
    )
    return secrets.token_urlsafe(18)


def seed(database: str, password: str) -> None:
    """Insert or refresh the test citizens; refreshing keeps an existing data dir usable."""
    columns = list(CITIZENS[0]) + ["password_hash"]
    placeholders = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "personal_id")
    sql = (
        f"INSERT INTO citizens ({', '.join(columns)}) VALUES ({placeholders}) "
        f"ON CONFLICT(personal_id) DO UPDATE SET {updates}"
    )
    conn = connect(database)
    try:
        with conn:
            for citizen in CITIZENS:
                # A hash per citizen (own salt) so equal passwords do not give equal hashes.
                values = [*citizen.values(), generate_password_hash(password)]
                conn.execute(sql, values)
    finally:
        conn.close()


def find_by_personal_id(db, personal_id: str):
    return db.execute("SELECT * FROM citizens WHERE personal_id = ?", (personal_id,)).fetchone()


def find_by_id(db, citizen_id: int):
    return db.execute("SELECT * FROM citizens WHERE id = ?", (citizen_id,)).fetchone()
