"""Canonical URLs: one spelling per page, so that one article has one URL and many aliases.

`clean_url` is what the crawl requests: fragments, tracking parameters and session ids gone,
host lower-cased, default port dropped, AMP and mobile variants folded onto the page they copy.
`canonical_url` resolves a page's declared `rel=canonical` / `og:url` against where it was
fetched, and keeps it only when it stays on the same site.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "igshid", "mc_cid",
    "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ocid", "cmpid", "ncid", "ito",
    "ref_src", "ref_url", "spm", "wt_mc", "wt.mc_id", "oly_anon_id", "oly_enc_id", "vero_id",
    "at_medium", "at_campaign", "ns_source", "ns_mchannel", "ns_campaign", "sr_share", "s_cid",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
SESSION_PARAMS = frozenset({
    "sessionid", "session_id", "sid", "phpsessid", "jsessionid", "sessid", "cfid", "cftoken",
    "aspsessionid", "zenid", "osCsid".lower(),
})
AMP_PARAMS = {"amp": {"", "1", "true"}, "outputtype": {"amp"}, "output": {"amp"}}
PATH_SESSION_RE = re.compile(r";(?:jsessionid|phpsessid|sid|sessionid)=[^/?#]*", re.I)
AMP_PATH_RE = re.compile(r"(?:/amp/?$|/amp(?=/)|\.amp(?=\.html?$))", re.I)
MOBILE_HOST_PREFIXES = ("m.", "mobile.", "amp.")
DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_session_param(name: str) -> bool:
    lower = name.lower()
    return lower in SESSION_PARAMS or lower.startswith("aspsessionid")


def _is_dropped_param(name: str, value: str) -> bool:
    lower = name.lower()
    if lower in TRACKING_PARAMS or lower.startswith(TRACKING_PREFIXES) or _is_session_param(name):
        return True
    return value.lower() in AMP_PARAMS.get(lower, ())


def has_session_id(url: str) -> bool:
    """The URL carries a session id (in the query or as a `;jsessionid=` path parameter)."""
    parts = urlsplit(url)
    if PATH_SESSION_RE.search(parts.path):
        return True
    return any(_is_session_param(k) for k, _ in parse_qsl(parts.query, keep_blank_values=True))


def fold_host(host: str) -> str:
    """`m.example.com`, `mobile.example.com`, `amp.example.com` -> `example.com`."""
    for prefix in MOBILE_HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix):]
    return host


def clean_url(url: str, *, fold_mobile: bool = True) -> str:
    """The URL to request and to key an article by: same page, one spelling."""
    parts = urlsplit(safe_url_string(url.strip()))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if fold_mobile:
        host = fold_host(host)
    netloc = host if parts.port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{parts.port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    path = PATH_SESSION_RE.sub("", parts.path) or "/"
    path = AMP_PATH_RE.sub(lambda m: "" if m.group(0).startswith(".") else "/", path)
    path = re.sub(r"/{2,}", "/", path)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _is_dropped_param(k, v)]
    query = urlencode(kept, doseq=True) if kept != parse_qsl(parts.query, keep_blank_values=True) \
        else parts.query
    return urlunsplit((scheme, netloc, path, query, ""))


def same_site(a: str, b: str) -> bool:
    """Two URLs on one site: equal hosts once `www.` and mobile prefixes are set aside."""
    def key(url: str) -> str:
        host = fold_host((urlsplit(url).hostname or "").lower())
        return host.removeprefix("www.")
    return key(a) == key(b)


def canonical_url(declared: str | None, page_url: str) -> str | None:
    """The page's declared canonical URL made absolute and clean; None if absent or off-site."""
    if not declared or not declared.strip():
        return None
    absolute = urljoin(page_url, declared.strip())
    if urlsplit(absolute).scheme not in ("http", "https") or not same_site(absolute, page_url):
        return None
    return clean_url(absolute)
