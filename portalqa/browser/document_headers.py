"""The response headers of the document a page shows, remembered across pages that bring none.

A page restored from the back/forward cache, or changed by history.pushState, brings no new document
response: its headers are the ones last seen for its URL (or, failing that, for the page before).
"""

from __future__ import annotations

SECURITY_HEADERS = (
    "strict-transport-security",
    "content-security-policy",
    "x-content-type-options",
    "x-frame-options",
)


class DocumentHeaders:
    def __init__(self) -> None:
        self._by_url: dict[str, dict[str, str]] = {}  # the last main-document headers seen per URL
        self._last: dict[str, str] | None = None

    def for_page(self, url: str, documents: list[tuple[str, dict[str, str]]]) -> dict[str, str]:
        """The headers of the page at `url`, given the document responses (url, headers) since the last
        page, in order."""
        wanted = _without_fragment(url)
        for doc_url, headers in documents:
            self._by_url[_without_fragment(doc_url)] = headers
        matching = [headers for doc_url, headers in documents if _without_fragment(doc_url) == wanted]
        if matching:
            chosen = matching[-1]
        elif wanted in self._by_url:
            chosen = self._by_url[wanted]
        elif documents:
            chosen = documents[-1][1]
        else:
            chosen = self._last or {}
        self._last = chosen
        return chosen


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]
