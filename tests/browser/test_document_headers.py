"""Which response headers belong to the page shown, when a page load brings one document, several or none."""

from __future__ import annotations

from portalqa.browser.document_headers import DocumentHeaders

HOME = {"x-frame-options": "DENY"}
FORM = {"content-security-policy": "default-src 'self'"}


def test_the_document_of_the_page_shown_wins():
    headers = DocumentHeaders()
    documents = [("https://portal.gov.vn/", HOME), ("https://portal.gov.vn/form#top", FORM)]
    assert headers.for_page("https://portal.gov.vn/form", documents) == FORM


def test_a_page_without_a_new_document_keeps_its_urls_headers():
    headers = DocumentHeaders()
    headers.for_page("https://portal.gov.vn/", [("https://portal.gov.vn/", HOME)])
    headers.for_page("https://portal.gov.vn/form", [("https://portal.gov.vn/form", FORM)])
    assert headers.for_page("https://portal.gov.vn/#back", []) == HOME  # back/forward cache


def test_otherwise_the_last_document_or_the_previous_page():
    headers = DocumentHeaders()
    assert headers.for_page("https://portal.gov.vn/a", []) == {}
    assert headers.for_page("https://portal.gov.vn/b", [("https://sso.gov.vn/login", FORM)]) == FORM
    assert headers.for_page("https://portal.gov.vn/c", []) == FORM  # history.pushState: same document
