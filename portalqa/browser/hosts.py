"""Which hosts are the site's own: for telling third-party requests and cookies from first-party ones.

Hosts are compared as host[:port] (what a URL's netloc holds, without credentials): the site's own
hosts come from the caller (a host, a host:port or a URL), the others from what the browser requested.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

_WEB_SCHEMES = {"http", "https", "ws", "wss"}  # not data:, blob:, about:, chrome-extension:, ...


def own_hosts(hosts: Iterable[str]) -> tuple[str, ...]:
    """The site's own hosts as host[:port], sorted, without duplicates or empty entries."""
    return tuple(sorted({h for h in (_netloc_of(host) for host in hosts) if h}))


def request_host(url: str) -> str | None:
    """host[:port] of a web request's URL (lower case); None for a URL that goes to no web host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.hostname:
        return None
    return parts.netloc.rsplit("@", 1)[-1].lower()


def is_own_host(host: str, portal_hosts: Iterable[str]) -> bool:
    """`host` (host[:port]) is a portal host; a portal host given without a port matches any port."""
    host = host.lower()
    bare = _hostname(host)
    return any(own == host or (not _has_port(own) and own == bare) for own in portal_hosts)


def is_third_party_cookie_domain(domain: str, portal_hosts: Iterable[str]) -> bool:
    """A cookie is the portal's own when its domain is a portal host or a parent domain of one."""
    domain = domain.lower().lstrip(".")
    for own in portal_hosts:
        host = _hostname(own)
        if host == domain or host.endswith("." + domain):
            return False
    return True


def _netloc_of(host: str) -> str:
    """A portal host as host[:port], from "host", "host:port" or a URL."""
    host = host.strip()
    if "://" in host:
        return urlsplit(host).netloc.rsplit("@", 1)[-1].lower()
    return host.split("/", 1)[0].lower()


def _hostname(netloc: str) -> str:
    if netloc.startswith("["):  # [::1]:8000
        return netloc[: netloc.find("]") + 1]
    return netloc.split(":", 1)[0]


def _has_port(netloc: str) -> bool:
    return "]:" in netloc if netloc.startswith("[") else ":" in netloc
