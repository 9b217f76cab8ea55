"""Steps: a citizen opening the portal's public pages (features/quality/portal_pages.feature).

Once per portal and viewport: the home page, the procedure catalogue, the privacy policy, the virtual
assistant's page and the pages the profile lists, each observed like every page of a journey
(portalqa.citizen.portal_pages). A page portalqa could not open is not evidence either way: the Then
steps read only the pages the portal answered with. The closing step, "the portal met the quality
criteria on every page", is the one of steps/quality_steps.py.
"""

from pytest_bdd import given, then

from portalqa.citizen import portal_pages

LINK_NAMES = {
    "privacy_policy": "the privacy policy",
    "accessibility_statement": "the accessibility statement",
    "contact": "a contact or feedback page",
}


@given("I open each of the portal's public pages", target_fixture="site_visit")
@given("tôi mở từng trang công khai của cổng", target_fixture="site_visit")
def open_public_pages(portal_driver, public_pages):
    return portal_pages.visit(portal_driver, public_pages)


@then("every public page says which language it is written in")
@then("mọi trang công khai khai báo ngôn ngữ của trang")
def pages_name_their_language(site_visit):
    unnamed = portal_pages.pages_without_language(site_visit)
    if unnamed:
        raise AssertionError(f"no <html lang> on {len(unnamed)} public page(s): {', '.join(unnamed)}")


@then("every public page links to the privacy policy, the accessibility statement and a contact")
@then("mọi trang công khai có liên kết tới chính sách bảo mật, tuyên bố hỗ trợ tiếp cận và liên hệ")
def pages_carry_the_required_links(site_visit):
    missing = portal_pages.missing_links(site_visit)
    if missing:
        lines = [f"no link to {LINK_NAMES.get(k, k)} on {', '.join(pages)}" for k, pages in missing.items()]
        raise AssertionError("public pages lack required links — " + "; ".join(lines))


@then("every public page carries the monitoring code")
@then("mọi trang công khai gắn mã theo dõi")
def pages_carry_the_monitoring_code(site_visit):
    # Not observed (the profile does not say how to recognise the code) is no page's failure.
    without = portal_pages.pages_without_monitoring_code(site_visit)
    if without:
        pages = ", ".join(without)
        raise AssertionError(f"no monitoring (EMC) code on {len(without)} public page(s): {pages}")
