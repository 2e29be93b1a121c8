"""Boilerplate shared by every HTML page: head, header, cookie banner, share bar, footer."""

from __future__ import annotations

import random
from html import escape

from demosite.content import SITE_NAME

NOISE = "{{%%%s%%}}"  # a per-request value, filled in by demosite.noise


def noise(name: str) -> str:
    """Marker for the per-request value `name`."""
    return NOISE % name


def _css(seed: int = 7, rules: int = 260) -> str:
    rng = random.Random(seed)
    blocks = ("site-header", "main-nav", "mega-menu", "entry", "story", "sidebar", "widget",
              "share-bar", "newsletter", "cookie-banner", "site-footer", "teaser", "card",
              "byline", "post-meta", "ad-slot", "comments", "related", "breadcrumbs", "pager")
    parts = ("", "__title", "__link", "__image", "__meta", "--featured", "--compact", "__body",
             "__label", "--dark")
    props = ("margin:0 0 {n}px", "padding:{n}px {m}px", "font-size:{f}rem", "line-height:1.{n}",
             "color:#{c}", "background:#{c}", "border-bottom:1px solid #{c}", "display:flex",
             "gap:{n}px", "max-width:{w}px", "font-weight:{k}00", "letter-spacing:.0{n}em",
             "text-transform:uppercase", "border-radius:{n}px", "grid-template-columns:repeat({n},1fr)")
    out = [":root{--brand:#c8102e;--ink:#1a1a1a;--muted:#6b6b6b;--rule:#e5e5e5}",
           "body{margin:0;font-family:Georgia,'Times New Roman',serif;color:var(--ink)}"]
    for _ in range(rules):
        selector = f".{rng.choice(blocks)}{rng.choice(parts)}"
        if rng.random() < 0.3:
            selector = f"@media (min-width:{rng.choice((640, 768, 1024, 1280))}px){{{selector}"
        decls = ";".join(rng.choice(props).format(
            n=rng.randint(1, 9), m=rng.randint(8, 32), f=rng.choice(("0.8", "0.9", "1.1", "1.4")),
            c=f"{rng.randrange(0x1000000):06x}", w=rng.choice((320, 640, 720, 1200)),
            k=rng.randint(3, 8)) for _ in range(rng.randint(2, 5)))
        out.append(f"{selector}{{{decls}}}" + ("}" if selector.startswith("@media") else ""))
    return "\n".join(out)


CSS = _css()
ICON_PATHS = {
    "facebook": "M22 12a10 10 0 1 0-11.6 9.9v-7H7.9V12h2.5V9.8c0-2.5 1.5-3.9 3.8-3.9 1.1 0 2.2.2 "
                "2.2.2v2.5h-1.3c-1.2 0-1.6.8-1.6 1.6V12h2.8l-.4 2.9h-2.3v7A10 10 0 0 0 22 12z",
    "x": "M18.2 2.3h3.4l-7.4 8.4 8.7 11.5h-6.8l-5.3-7-6.1 7H1.3l7.9-9L.8 2.3h7l4.8 6.4 5.6-6.4z"
         "m-1.2 17.9h1.9L7.1 4.2H5.1l11.9 16z",
    "whatsapp": "M17.5 14.4c-.3-.1-1.8-.9-2-1-.3-.1-.5-.1-.7.1-.2.3-.8 1-.9 1.2-.2.2-.3.2-.6.1"
                "-.3-.1-1.3-.5-2.4-1.5-.9-.8-1.5-1.8-1.7-2.1-.2-.3 0-.5.1-.6l.4-.5.3-.5v-.5c-.1-.1"
                "-.7-1.6-.9-2.2-.2-.6-.5-.5-.7-.5h-.6c-.2 0-.5.1-.8.4-.3.3-1 1-1 2.5s1.1 2.9 1.2 3.1",
    "email": "M20 4H4a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zm0 4-8 5-8-5V6"
             "l8 5 8-5v2z",
    "print": "M19 8H5a3 3 0 0 0-3 3v6h4v4h12v-4h4v-6a3 3 0 0 0-3-3zm-3 11H8v-5h8v5zm3-7a1 1 0 1 1 0"
             "-2 1 1 0 0 1 0 2zM18 3H6v4h12V3z",
}
SVG_SPRITE = ('<svg xmlns="http://www.w3.org/2000/svg" style="display:none">' + "".join(
    f'<symbol id="icon-{name}" viewBox="0 0 24 24"><path d="{path}"/></symbol>'
    for name, path in ICON_PATHS.items()) + "</svg>")
FOOTER_LINKS = (("About us", "/about/"), ("Contact", "/contact/"), ("Advertise", "/advertise/"),
                ("Privacy policy", "/privacy/"), ("Terms of use", "/terms/"),
                ("Staff login", "/private/secret.html"))


def head(title: str, canonical: str, description: str, extra: str = "") -> str:
    """The <head>: meta tags, feed link, inline critical CSS, versioned assets (cache-buster)."""
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} - {SITE_NAME}</title>
<meta name="description" content="{escape(description)}">
<link rel="canonical" href="{escape(canonical)}">
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="/feed.xml">
<meta name="csrf-token" content="{noise('nonce')}">
<link rel="stylesheet" id="theme-css" href="/assets/theme.css?ver={noise('ver')}" media="all">
<script src="/assets/app.js?ver={noise('ver')}" defer></script>
<style id="critical-css">
{CSS}
</style>
{extra}
</head>
"""


def header(nav_extra: str, before: str = "") -> str:
    """Site header: brand, main navigation (home + sections), a mega menu, the cookie banner."""
    return f"""<body class="site">
{SVG_SPRITE}
{before}<div id="cookie-banner" class="cookie-banner" role="dialog" aria-label="Cookie consent">
<p>We use cookies to personalise content and ads, to provide social media features and to
analyse our traffic. You can change your choice at any time in the privacy settings.</p>
<button type="button" class="cookie-banner__accept">Accept all</button>
<button type="button" class="cookie-banner__reject">Reject non-essential</button>
<a href="/privacy/">Privacy policy</a>
</div>
<header class="site-header">
<a class="site-header__logo" href="/">{SITE_NAME}</a>
<p class="site-header__tagline">News from Mexico, the Americas and the world</p>
<nav class="main-nav" aria-label="Main">
<ul>
<li><a href="/">Home</a></li>
<li><a href="/section/world/">World</a></li>
<li><a href="/section/business/">Business</a></li>
</ul>
</nav>
<div class="mega-menu">{nav_extra}</div>
<div class="ad-slot ad-slot--leaderboard" id="div-gpt-ad-{noise('adslot')}" data-slot="/2191/queonda/top"></div>
</header>
"""


def share_bar(url: str, title: str) -> str:
    """Share buttons with inline icons."""
    items = "".join(
        f'<li><button type="button" class="share-bar__link share-bar__link--{name}" '
        f'data-network="{name}" data-url="{escape(url)}" data-title="{escape(title)}">'
        f'<svg><use href="#icon-{name}"/></svg><span>Share on {name.title()}</span></button></li>'
        for name in ICON_PATHS)
    return f'<div class="share-bar"><ul>{items}</ul></div>'


def newsletter() -> str:
    """The newsletter sign-up box, carrying a per-request nonce in a hidden input."""
    return f"""<aside class="newsletter">
<h3 class="newsletter__title">Get the morning briefing</h3>
<p>The day's most important stories from {SITE_NAME}, in your inbox before breakfast.</p>
<form action="/newsletter/subscribe" method="post">
<input type="hidden" name="_wpnonce" value="{noise('nonce')}">
<input type="email" name="email" placeholder="Your email address" required>
<button type="submit">Sign up</button>
</form>
</aside>
"""


def footer(extra_links: str = "") -> str:
    """Footer: sections, site links (with the robots-disallowed staff page), scripts with noise."""
    links = "".join(f'<li><a href="{href}">{label}</a></li>' for label, href in FOOTER_LINKS)
    return f"""<footer class="site-footer">
<div class="site-footer__sections"><h4>Sections</h4><ul>
<li><a href="/section/world/">World</a></li><li><a href="/section/business/">Business</a></li>
<li><a href="/feed.xml">RSS feed</a></li></ul></div>
<div class="site-footer__links"><ul>{links}{extra_links}</ul></div>
<p class="site-footer__copy">&copy; 2025 {SITE_NAME}. All rights reserved.
Page generated at <time class="generated">{noise('generated')}</time>.</p>
</footer>
<script>
window.dataLayer = window.dataLayer || [];
window.dataLayer.push({{"event": "pageview", "nonce": "{noise('nonce')}", "renderedAt": "{noise('generated')}"}});
var queonda_ajax = {{"ajaxurl": "/wp-admin/admin-ajax.php", "security": "{noise('nonce')}", "adSlot": "div-gpt-ad-{noise('adslot')}"}};
</script>
</body>
</html>
"""
