"""The text helpers: each variant removes the differences it says it removes, and no more."""

from __future__ import annotations

import pytest

from portalqa.text import (
    amount_of,
    collapse_space,
    first_amount,
    fold,
    fold_aligned,
    fold_case,
    fold_spacing_kept,
    label_key,
    label_matches,
    name_matches_any,
)


def test_collapse_space_keeps_case_and_accents():
    assert collapse_space("  Giấy chứng\n sinh\u00a0\t(bản chính) ") == "Giấy chứng sinh (bản chính)"
    assert collapse_space(None) == ""
    assert collapse_space("") == ""


def test_fold_case_keeps_diacritics():
    assert fold_case(" CHÍNH SÁCH  Bảo mật ") == "chính sách bảo mật"
    assert fold_case("Chính sách bảo mật") != fold_case("Chinh sach bao mat")
    assert fold_case("STRASSE ß") == "strasse ss"  # casefold, not lower


@pytest.mark.parametrize(
    "text, key",
    [
        ("Họ và tên *", "họ và tên"),
        ("Họ và tên:", "họ và tên"),
        ("  Họ và tên * : ", "họ và tên"),
        ("Email", "email"),
        ("Ngày sinh (dd/mm/yyyy)", "ngày sinh (dd/mm/yyyy)"),  # only a trailing hint goes
    ],
)
def test_label_key_drops_the_required_mark_and_colon(text, key):
    assert label_key(text) == key


@pytest.mark.parametrize(
    "actual, wanted",
    [
        ("Họ và tên", "họ và tên"),
        ("HỌ VÀ TÊN *", "Họ và tên"),
        ("Họ và tên (bắt buộc)", "Họ và tên"),
        ("Ngày sinh - dd/mm/yyyy", "Ngày sinh"),
        ("Ngày sinh – dd/mm/yyyy", "Ngày sinh"),
        ("Full name (required)", "Full name:"),
    ],
)
def test_label_matches_a_label_with_a_hint(actual, wanted):
    assert label_matches(actual, wanted)


@pytest.mark.parametrize(
    "actual, wanted",
    [
        ("Họ và tên cha", "Họ và tên"),  # another field
        ("Ho va ten", "Họ và tên"),  # accents count on a form
        ("Tên", "Họ và tên"),
    ],
)
def test_label_matches_not_another_label(actual, wanted):
    assert not label_matches(actual, wanted)


def test_name_matches_any_by_whole_words():
    wanted = [fold_case("Privacy policy"), fold_case("Chính sách bảo mật")]
    assert name_matches_any("Privacy policy and cookies", wanted)
    assert name_matches_any("  CHÍNH SÁCH BẢO MẬT ", wanted)
    assert name_matches_any("Chính sách bảo mật.", wanted)
    assert not name_matches_any("Privacy policyholders", wanted)
    assert not name_matches_any("Chinh sach bao mat", wanted)
    assert not name_matches_any("Our privacy policy", wanted)


def test_fold_removes_spacing_case_and_vietnamese_diacritics():
    assert fold("  Giấy  CHỨNG\nsinh ") == "giay chung sinh"
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("ĐỊA CHỈ") == "dia chi"
    assert fold("Lệ phí") == fold("le phi") == fold("LE PHI")


def test_fold_spacing_kept_keeps_positions():
    text = "Trực tuyến:\n  25.000 đồng"
    folded = fold_spacing_kept(text)
    assert folded == "truc tuyen:\n  25.000 dong"
    assert len(folded) == len(text)
    assert fold_spacing_kept("  A  b ") == "  a  b "
    assert fold(text) == fold_spacing_kept(collapse_space(text))


def test_fold_aligned_is_one_character_for_one():
    text = "Lệ phí: 25.000 ĐỒNG (miễn phí khi nộp trực tuyến)"
    folded = fold_aligned(text)
    assert folded == "le phi: 25.000 dong (mien phi khi nop truc tuyen)"
    assert len(folded) == len(text)
    start = folded.index("25.000 dong")
    assert text[start : start + len("25.000 dong")] == "25.000 ĐỒNG"
    assert fold_aligned("Straße") == "straße"  # lowered, not casefolded: still one for one
    assert fold_aligned("  a\nB ") == "  a\nb "  # spacing untouched


def test_amount_of_any_grouping():
    assert amount_of("25.000") == amount_of("25,000") == amount_of("25 000") == 25000
    assert amount_of("1\u00a0000\u202f000") == 1_000_000
    assert amount_of("0") == 0


@pytest.mark.parametrize(
    "text, amount",
    [
        ("25.000 đồng", 25000),
        ("Trực tuyến: 1,000,000 VND; tại quầy: 2.000.000", 1_000_000),
        ("Miễn phí", None),
        ("5 ngày làm việc", 5),
        ("12345", 12345),
    ],
)
def test_first_amount(text, amount):
    assert first_amount(text) == amount


@pytest.mark.parametrize(
    ("actual", "matches"),
    [("Có 3 lỗi cần sửa", True), ("Có 12 lỗi cần sửa:", True), ("Có lỗi cần sửa", False),
     ("Có 3 lỗi cần sửa ngay bây giờ", False), ("Có ba lỗi cần sửa", False)],
)  # fmt: skip
def test_a_label_with_a_count_matches_any_number_in_its_place(actual, matches):
    assert label_matches(actual, "Có {n} lỗi cần sửa") is matches
