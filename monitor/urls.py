"""Canonical article URLs: one article, one URL, whatever link led to it.

Tracking parameters, fragments, AMP variants and mirror hosts are folded away,
so the incremental crawl recognises a page it already stored.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

from monitor.config import Config, Outlet

TRACKING_PARAMS = (
    "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_referrer",
    "fbclid", "gclid", "yclid", "ysclid", "_openstat", "from", "ref", "rss", "amp",
)
# "/x-1/amp/" -> "/x-1/", "/x-1/amp" -> "/x-1", "/amp/x-1/" -> "/x-1/": the
# site's own trailing-slash style survives, so both variants meet.
_AMP_SUFFIX_RE = re.compile(r"/amp(/?)$")
_AMP_PREFIX_RE = re.compile(r"^/amp(?=/)")


def canonical_url(url: str, outlet: Outlet | None = None) -> str:
    cleaned = url_query_cleaner(url, TRACKING_PARAMS, remove=True, keep_fragments=False)
    cleaned = canonicalize_url(cleaned, keep_fragments=False)
    parts = urlsplit(cleaned)
    path = _AMP_PREFIX_RE.sub("", _AMP_SUFFIX_RE.sub(r"\1", parts.path)) or "/"
    host = parts.netloc.lower()
    scheme = parts.scheme
    if outlet is not None and host in outlet.mirror_hosts:
        main = urlsplit(outlet.editions[0].base_url)
        host, scheme = main.netloc.lower(), main.scheme
    if host.startswith("www.") and outlet is not None and host not in {e.host for e in outlet.editions}:
        host = host[4:]
    return urlunsplit((scheme, host, path, parts.query, ""))


def canonical_for(config: Config, url: str) -> str:
    return canonical_url(url, config.outlet_for_url(url))
