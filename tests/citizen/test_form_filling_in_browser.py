"""portalqa.citizen.form_filling in the real Chromium, against small e-form pages served on 127.0.0.1.

Each page asks its questions the way independently built portals do: Yes/No radio groups that
differ only by their legend, a checkbox to leave empty, text and native dates, a province list that
fills the district list by script, required questions the standard does not know. The assertions
read back what the browser would submit.
"""

from __future__ import annotations

import datetime as dt

import pytest
from loopback_pages import serve_pages

from portalqa.citizen import form_filling
from portalqa.citizen.driver import JourneyStuck, PortalDriver
from portalqa.citizen.journey_record import JourneyRecord
from portalqa.profiles.profile import Locator, load_profile

pytestmark = pytest.mark.browser

HEAD = '<!doctype html><html lang="vi"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
YES_NO = """<fieldset><legend>{legend} *</legend>
  <input type="radio" id="{name}-1" name="{name}" value="co" required><label for="{name}-1">Có</label>
  <input type="radio" id="{name}-2" name="{name}" value="khong" required><label for="{name}-2">Không</label>
</fieldset>"""
PAGES = {
    "groups.html": f"""{HEAD}<title>Groups</title></head><body><form novalidate>
{YES_NO.format(legend="Bạn đã từng được cấp hộ chiếu?", name="da_co")}
{YES_NO.format(legend="Đề nghị gắn chíp điện tử?", name="gan_chip")}
<div><input type="checkbox" id="tin" name="nhan_tin"><label for="tin">Nhận tin nhắn thông báo</label></div>
<label for="ngay">Ngày mua xe (dd/mm/yyyy) *</label><input id="ngay" name="ngay" required>
<label for="sinh">Ngày sinh của người kết hôn cùng *</label><input type="date" id="sinh" name="sinh" required>
<span id="nghe-nhan">Nghề nghiệp *</span><input id="nghe" name="nghe" aria-labelledby="nghe-nhan" required>
<label>Số tài khoản ngân hàng * <input id="tk" name="tk" inputmode="numeric" maxlength="14" required></label>
<label for="ghi">Ghi chú</label><input id="ghi" name="ghi">
</form></body></html>""",
    "cascade.html": f"""{HEAD}<title>Cascade</title></head><body><form novalidate>
<fieldset><legend>Nơi đăng ký *</legend>
<label for="tinh">Tỉnh/Thành phố</label>
<select id="tinh" name="tinh" required>
  <option value="">– Chọn –</option><option value="01">Hà Nội</option></select>
<label for="huyen">Quận/Huyện</label>
<select id="huyen" name="huyen" required><option value="">– Chọn –</option></select>
</fieldset>
<script>
document.getElementById("tinh").addEventListener("change", () => {{
  setTimeout(() => {{ document.getElementById("huyen").innerHTML =
    '<option value="">– Chọn –</option><option value="001">Ba Đình</option>'; }}, 400);
}});
</script></form></body></html>""",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with serve_pages(tmp_path_factory.mktemp("form-pages"), PAGES) as url:
        yield url


def _driver(browser, site, **vocabulary) -> PortalDriver:
    profile = load_profile("reference")
    profile = profile.model_copy(update={"vocabulary": dict(profile.vocabulary) | vocabulary})
    return PortalDriver(browser, profile, site, JourneyRecord(portal={}, procedure={}))


def _values(driver: PortalDriver) -> dict:
    return driver.browser.execute_script(
        "return Object.fromEntries([...new FormData(document.forms[0]).entries()]);"
    )


def test_each_question_is_answered_in_its_own_group_and_format(browser, site):
    vocabulary = {
        "passport.reason": "Đề nghị gắn chíp điện tử?",
        "spouse.date_of_birth": "Ngày sinh của người kết hôn cùng",
    }
    driver = _driver(browser, site, **vocabulary)
    driver.open("/groups.html")
    sheet = form_filling.AnswerSheet(
        procedure=None,
        feature_answers={"passport.reason": "Yes", "spouse.date_of_birth": "1990-04-12"},
        profile_answers={"Nghề nghiệp": "Kỹ sư"},
        today=dt.date(2026, 12, 1),
    )
    form_filling.answer_page(driver, sheet)
    values = _values(driver)
    # The feature's "Yes" went to the group its label names, not to the first "Có" on the page; the
    # other required group got the plausible "No".
    assert values["gan_chip"] == "co" and values["da_co"] == "khong"
    assert values["sinh"] == "1990-04-12"  # a native date takes ISO
    assert values["ngay"] == "01/12/2026"  # the label's format, today
    assert values["nghe"] == "Kỹ sư"  # the profile's answer, by the portal's label (aria-labelledby)
    assert values["tk"].isdigit() and len(values["tk"]) == 10
    assert "nhan_tin" not in values and values["ghi"] == ""  # optional questions stay unanswered
    sources = {identity: source for identity, (source, _) in sheet.derived.items()}
    assert sources == {"da_co": "derived", "ngay": "derived", "nghe": "profile", "tk": "derived"}


def test_a_no_leaves_a_box_empty_and_a_yes_ticks_it(browser, site):
    driver = _driver(browser, site, **{"test.box": "Nhận tin nhắn thông báo"})
    driver.open("/groups.html")
    box = driver.find_control("test.box")
    driver.set_value(box, "no")
    assert "nhan_tin" not in _values(driver)
    driver.set_value(driver.find_control("test.box"), "yes")
    assert _values(driver)["nhan_tin"] == "on"
    driver.set_value(driver.find_control("test.box"), "Không")
    assert "nhan_tin" not in _values(driver)


def test_an_answer_that_fits_two_questions_stops_and_names_both(browser, site):
    # A profile label written too loosely: both legends start with words of it.
    driver = _driver(
        browser, site, **{"passport.reason": ["Bạn đã từng được cấp hộ chiếu?", "Đề nghị gắn chíp điện tử?"]}
    )
    driver.open("/groups.html")
    sheet = form_filling.AnswerSheet(procedure=None, feature_answers={"passport.reason": "Có"})
    with pytest.raises(JourneyStuck) as stuck:
        form_filling.check_unambiguous(driver, sheet, driver.scan())
    message = str(stuck.value)
    assert "'Bạn đã từng được cấp hộ chiếu? *'" in message and "'Đề nghị gắn chíp điện tử? *'" in message


def test_an_option_that_is_not_offered_names_what_is(browser, site):
    driver = _driver(browser, site, **{"passport.reason": "Đề nghị gắn chíp điện tử?"})
    driver.open("/groups.html")
    sheet = form_filling.AnswerSheet(procedure=None, feature_answers={"passport.reason": "Lost"})
    with pytest.raises(JourneyStuck) as stuck:
        form_filling.answer_page(driver, sheet)
    assert "offers no option 'Lost'" in str(stuck.value) and "['Có', 'Không']" in str(stuck.value)


def test_a_css_fallback_places_an_answer_no_name_finds_and_is_recorded(browser, site):
    vocabulary = {"request.reason": Locator(labels=["No such label"], css="#ghi")}
    driver = _driver(browser, site, **vocabulary)
    driver.open("/groups.html")
    sheet = form_filling.AnswerSheet(procedure=None, feature_answers={"request.reason": "Đổi địa chỉ"})
    form_filling.answer_page(driver, sheet)
    assert _values(driver)["ghi"] == "Đổi địa chỉ"
    assert driver.record.css_fallbacks == ["#ghi"]  # a finding: the control has no usable name


def test_a_list_filled_by_script_after_the_first_choice_is_answered_too(browser, site):
    driver = _driver(browser, site)
    driver.open("/cascade.html")
    form_filling.answer_page(driver, form_filling.AnswerSheet(procedure=None, feature_answers={}))
    assert _values(driver) == {"tinh": "01", "huyen": "001"}
