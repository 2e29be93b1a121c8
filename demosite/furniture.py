"""The heavy page furniture of generated articles, sized like the real news pages of the corpus.

The shared corpus's median page has ~870 elements nested ~19 deep, ~140 links, ~170 divs and
~90 list items (`python -m bench.calibration`); the demo templates alone give ~275 elements, so
generated pages cost a fifth of a real page to extract. This adds what real article pages carry:
a mega menu, consent manager, ticker, card grids, rendered comments, ad wrappers, footer columns.
Every link stays on pages the site already has (fragments differ), so the crawl fetches no page
more; none of it is an <article>, holds a <time> or a counter, so extraction reads the same body.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING

from demosite.chrome import ICON_PATHS, noise
from demosite.content import SITE_NAME

if TYPE_CHECKING:
    from demosite.content import Article
    from demosite.templates import Teaser

# (menu label, the section page it opens, sub-topics); sub-topics are fragments of that page.
MENU = (
    ("World", "/section/world/", ("Africa", "Americas", "Asia", "Europe", "Middle East")),
    ("Business", "/section/business/", ("Markets", "Economy", "Energy", "Technology", "Trade")),
    ("Politics", "/section/world/", ("Elections", "Courts", "Security", "Analysis")),
    ("Opinion", "/section/world/", ("Editorials", "Columnists", "Letters")),
    ("Science", "/section/world/", ("Health", "Environment", "Space")),
    ("Culture", "/section/world/", ("Books", "Film", "Music", "Food")),
    ("Sport", "/section/world/", ("Football", "Baseball", "Tennis")),
    ("Travel", "/section/business/", ("Destinations", "Guides")),
    ("Video", "/", ("Latest video", "Explainers")),
)
FOOTER_COLUMNS = (
    ("News", (("World", "/section/world/#news"), ("Business", "/section/business/#news"),
              ("Politics", "/section/world/#politics"), ("Science", "/section/world/#science"),
              ("Latest", "/#latest"))),
    ("Company", (("About us", "/about/#company"), ("Careers", "/about/#careers"),
                 ("Ethics policy", "/about/#ethics"), ("Corrections", "/about/#corrections"),
                 ("RSS feeds", "/feed.xml"))),
    ("Help", (("Contact us", "/contact/"), ("Advertise", "/advertise/#rates"),
              ("Cookie settings", "/privacy/#cookies"), ("Accessibility", "/terms/#accessibility"),
              ("Terms of sale", "/terms/#sale"))),
)
CONSENT_PURPOSES = ("Store and/or access information on a device",
                    "Use limited data to select advertising", "Create profiles for personalised advertising",
                    "Measure content performance", "Understand audiences through statistics",
                    "Develop and improve services")
NETWORKS = tuple(ICON_PATHS)
AD_SIZES = ("300x250", "728x90", "970x250", "300x600", "320x100")
COMMENTERS = ("lucia_m", "Tom R.", "Ana Beatriz", "k.osei", "Peter van Dijk", "Mariana L.",
              "jd_1987", "Chen Wei", "Roberta", "Samir H.", "nordic_reader", "Elena P.")
COMMENT_LINES = (
    "Good piece, but it leaves out what the regional governments think about this.",
    "I have lived here all my life and I have heard these promises before.",
    "Thanks for explaining this clearly, most coverage skipped the details.",
    "Who is going to pay for it in the end? That question is never answered.",
    "The comparison with the neighbouring countries is not fair, the situation is different.",
    "Would be good to see a follow-up once the committee has published its report.",
    "This is exactly why people have stopped trusting official figures.",
)
# Median-sized pages vary: a draw decides how rich each page's grids and thread are.
RICHNESS = (0.5, 0.75, 0.9, 1.05, 1.15, 1.15, 1.25, 1.45, 1.7)


def _svg(name: str, size: int = 20) -> str:
    return (f'<svg class="icon icon--{name}" width="{size}" height="{size}" viewBox="0 0 24 24" '
            f'aria-hidden="true" focusable="false"><path d="{ICON_PATHS[name]}"/></svg>')


def _slug(label: str) -> str:
    return label.lower().replace(" ", "-")


def _date(iso: str) -> str:
    when = datetime.fromisoformat(iso)
    return f"{when:%b} {when.day}"


def head_extra(canonical: str, title: str) -> str:
    """Meta tags, preconnects, icons and tag-manager scripts a real <head> carries."""
    metas = [("twitter:card", "summary_large_image"), ("twitter:site", "@queonda"),
             ("twitter:title", title), ("robots", "max-image-preview:large"),
             ("theme-color", "#c8102e"), ("format-detection", "telephone=no"),
             ("apple-mobile-web-app-title", SITE_NAME), ("referrer", "strict-origin-when-cross-origin"),
             ("google-site-verification", "qo-verification-token"), ("parsely-section", "news"),
             ("sailthru.tags", "news"), ("application-name", SITE_NAME)]
    links = ['<link rel="preconnect" href="/" crossorigin>',
             '<link rel="dns-prefetch" href="/">',
             '<link rel="preload" as="font" type="font/woff2" href="/assets/serif.woff2" crossorigin>',
             '<link rel="preload" as="font" type="font/woff2" href="/assets/sans.woff2" crossorigin>',
             '<link rel="preload" as="image" href="/media/logo.png">',
             '<link rel="manifest" href="/assets/manifest.json">',
             '<link rel="amphtml" href="' + escape(canonical) + '#amp">']
    links += [f'<link rel="icon" type="image/png" sizes="{s}x{s}" href="/media/icon-{s}.png">'
              for s in (16, 32, 96, 192)]
    links += [f'<link rel="apple-touch-icon" sizes="{s}x{s}" href="/media/touch-{s}.png">'
              for s in (120, 152, 180)]
    scripts = [f'<script async src="/assets/{name}.js?ver={noise("ver")}"></script>'
               for name in ("consent", "gpt", "analytics", "comments", "video-player", "paywall")]
    scripts.append('<script>window.qo=window.qo||{};qo.cmd=qo.cmd||[];qo.env={"edition":"en",'
                   '"ads":true,"consentRequired":true};</script>')
    scripts.append('<script>(function(w,d){w.performanceMarks=[];w.mark=function(n){'
                   'w.performanceMarks.push([n,Date.now()])};mark("head")})(window,document);</script>')
    return "\n".join([*(f'<meta name="{n}" content="{escape(c)}">' for n, c in metas), *links,
                      *scripts])


def consent_manager() -> str:
    """The consent manager's dialog: purposes with toggles, vendor count, buttons."""
    purposes = "".join(
        f'<div class="cmp__purpose" data-purpose="{i + 1}"><div class="cmp__purpose-head">'
        f'<label class="cmp__switch" for="cmp-p{i + 1}"><input type="checkbox" id="cmp-p{i + 1}" '
        f'name="purpose-{i + 1}" checked><span class="cmp__slider"></span></label>'
        f'<span class="cmp__purpose-name">{escape(p)}</span></div></div>'
        for i, p in enumerate(CONSENT_PURPOSES))
    return (f'<div id="cmp" class="cmp" role="dialog" aria-modal="true" aria-labelledby="cmp-title" '
            f'data-cmp-version="2.2" hidden><div class="cmp__container"><div class="cmp__header">'
            f'<h2 id="cmp-title" class="cmp__title">Your privacy choices</h2></div>'
            f'<div class="cmp__body"><p class="cmp__intro">We and our partners store and access '
            f'information on your device to show personalised ads and measure audiences.</p>'
            f'<div class="cmp__purposes">{purposes}</div></div><div class="cmp__footer">'
            f'<button type="button" class="cmp__btn cmp__btn--primary" data-action="accept-all">'
            f'Accept all</button><button type="button" class="cmp__btn" data-action="save">Save '
            f'choices</button></div></div></div>\n')


def top_bar() -> str:
    """The utility bar above the header: edition, sign in, subscribe, follow icons."""
    follow = "".join(f'<a href="#follow-{n}" class="top-bar__follow-link" aria-label="Follow us on '
                     f'{n.title()}">{_svg(n, 16)}</a>' for n in NETWORKS[:3])
    return (f'<div class="top-bar" data-component="top-bar"><div class="l-container"><div class="top-bar__inner">'
            f'<div class="top-bar__edition"><span class="top-bar__label">Edition</span>'
            f'<button type="button" class="top-bar__edition-toggle" aria-expanded="false">'
            f'<span>International</span></button></div><div class="top-bar__links">'
            f'<a href="/#account">Sign in</a><a href="/#subscribe" class="top-bar__subscribe">'
            f'Subscribe</a><a href="/#newsletters">Newsletters</a></div>'
            f'<div class="top-bar__follow">{follow}</div></div></div></div>\n')


@functools.lru_cache(maxsize=1)
def mega_menu() -> str:
    """Every section with its sub-topics, as the site-wide navigation drawer shows it."""
    items = []
    for i, (label, href, topics) in enumerate(MENU):
        subs = "".join(f'<li class="menu-item menu-item--child"><a class="menu-item__link" '
                       f'href="{href}#{_slug(t)}">'
                       f'<span class="menu-item__label">{escape(t)}</span></a></li>' for t in topics)
        items.append(f'<li class="menu-item menu-item--parent" id="menu-item-{100 + i}">'
                     f'<a class="menu-item__link" href="{href}#top" aria-haspopup="true">'
                     f'<span class="menu-item__label">{label}</span></a><div class="sub-menu__wrap">'
                     f'<div class="sub-menu__inner"><ul class="sub-menu">{subs}</ul></div></div></li>')
    return (f'<nav class="drawer-nav" aria-label="All sections" data-component="drawer">'
            f'<div class="drawer-nav__inner"><ul class="drawer-nav__list">{"".join(items)}</ul>'
            f'</div></nav>')


def ticker(teasers: Sequence[Teaser]) -> str:
    """The "latest" headline strip under the header."""
    items = "".join(f'<li class="ticker__item"><a class="ticker__link" href="{t.path}" '
                    f'data-position="{i + 1}">{escape(t.title)}</a></li>' for i, t in enumerate(teasers))
    return (f'<div class="ticker" data-component="ticker"><div class="l-container"><div class="ticker__inner">'
            f'<span class="ticker__label">Latest</span><ul class="ticker__list">{items}</ul>'
            f'</div></div></div>\n')


def ad(slot: str, size: str) -> str:
    """An ad slot in the wrappers an ad server's script fills."""
    return (f'<div class="ad-wrapper ad-wrapper--{size}" data-ad-size="{size}"><div class="ad-wrapper__inner">'
            f'<span class="ad-wrapper__label">Advertisement</span><div class="ad-unit" '
            f'id="div-gpt-ad-{noise("adslot")}-{slot}" data-slot="/2191/queonda/{slot}" '
            f'data-sizes="{size}"></div><script>qo.cmd.push(function(){{qo.display("{slot}")}});'
            f'</script></div></div>\n')


def card(t: Teaser, image: bool, summary: bool) -> str:
    """A teaser card: optional picture, kicker, headline link, optional summary, date."""
    media = (f'<div class="card__media"><a class="card__media-link" href="{t.path}" tabindex="-1" '
             f'aria-hidden="true"><img class="card__image" src="{escape(t.image)}?w=320" alt="" '
             f'loading="lazy" width="320" height="180"></a></div>') if image else ""
    text = f'<p class="card__summary">{escape(t.summary)}</p>' if summary else ""
    return (f'<div class="card"><div class="card__inner">{media}<div class="card__text">'
            f'<span class="card__kicker">{t.section.title()}</span><h3 class="card__title">'
            f'<a class="card__link" href="{t.path}">{escape(t.title)}</a></h3>{text}'
            f'<div class="card__meta"><span class="card__date">{_date(t.published)}</span></div>'
            f'</div></div></div>')


def grid(title: str, css: str, teasers: Sequence[Teaser], image: bool = False,
         summary: bool = False) -> str:
    """A titled grid of cards (more in the section, recommended)."""
    if not teasers:
        return ""
    cards = "".join(card(t, image, summary) for t in teasers)
    return (f'<section class="{css}" data-component="{css}"><div class="l-container"><header class="'
            f'{css}__header"><h2 class="{css}__title">{title}</h2></header><div class="{css}__grid '
            f'l-grid">{cards}</div></div></section>\n')


def most_read(teasers: Sequence[Teaser]) -> str:
    """The ranked "most read" list of the sidebar (ranks as images of numbers, no digits)."""
    items = "".join(f'<li class="most-read__item"><span class="most-read__rank" data-rank="{i + 1}">'
                    f'</span><a class="most-read__link" href="{t.path}">{escape(t.title)}</a></li>'
                    for i, t in enumerate(teasers))
    return (f'<section class="most-read" data-component="most-read"><h3 class="most-read__title">'
            f'Most read</h3><ol class="most-read__list">{items}</ol></section>\n')


def comment_thread(article: Article, rng: random.Random, richness: float) -> str:
    """Rendered comments under the article (the first few; the rest load on demand)."""
    shown = min(article.comments, round(rng.choice((3, 4, 5, 6)) * richness))
    items = []
    for i in range(shown):
        who = rng.choice(COMMENTERS)
        lines = rng.sample(COMMENT_LINES, 2)
        items.append(
            f'<li class="comment depth-1" id="comment-{article.number * 100 + i}"><div class="comment__body">'
            f'<div class="comment__author vcard"><img class="comment__avatar" src="/media/avatar.png" '
            f'alt="" width="40" height="40"><span class="comment__name fn">{escape(who)}</span></div>'
            f'<div class="comment__text"><p>{escape(lines[0])}</p><p>{escape(lines[1])}</p></div>'
            f'<div class="comment__actions"><button type="button" class="comment__reply" '
            f'data-action="reply">Reply</button><button type="button" class="comment__report" '
            f'data-action="report">Report</button></div></div></li>')
    if not items:
        return ""
    return (f'<div class="comment-thread" data-component="comment-thread"><ol class="comment-list">'
            f'{"".join(items)}</ol><button type="button" class="comment-thread__more" '
            f'data-action="load-more">Show more comments</button></div>\n')


def topics(article: Article) -> str:
    """The "follow these topics" strip under the article."""
    names = (*article.tags, article.section.title(), "Latest news", "Explainers")
    items = "".join(f'<li class="topics__item"><a class="topics__link" href="/section/{article.section}/'
                    f'#{_slug(n)}"><span class="topics__name">{escape(n)}</span><span class="'
                    f'topics__follow">Follow</span></a></li>' for n in names)
    return (f'<div class="topics" data-component="topics"><h3 class="topics__title">Topics</h3>'
            f'<ul class="topics__list">{items}</ul></div>\n')


def author_box(article: Article) -> str:
    """Who wrote it, with a link to more of their stories."""
    people = "".join(f'<div class="author-card"><img class="author-card__photo" src="/media/author.png" '
                     f'alt="" width="64" height="64"><div class="author-card__text"><a class="author-card__name" '
                     f'href="/about/#{_slug(name)}">{escape(name)}</a><span class="author-card__role">'
                     f'Staff writer</span></div></div>' for name in article.authors)
    return f'<aside class="author-box" data-component="author-box">{people}</aside>\n'


@functools.lru_cache(maxsize=1)
def footer_columns() -> str:
    """The footer's link columns, follow icons and app badges."""
    columns = "".join(
        f'<div class="footer-col"><h4 class="footer-col__title">{title}</h4><ul class="footer-col__list">'
        + "".join(f'<li class="footer-col__item"><a class="footer-col__link" href="{href}">{label}</a></li>'
                  for label, href in links) + '</ul></div>' for title, links in FOOTER_COLUMNS)
    follow = "".join(f'<li><a class="footer-follow__link" href="#follow-{n}" aria-label="{n.title()}">'
                     f'{_svg(n, 24)}</a></li>' for n in NETWORKS)
    return (f'<div class="footer-nav" data-component="footer-nav"><div class="l-container">'
            f'<div class="footer-nav__columns l-grid">{columns}</div><div class="footer-nav__bottom">'
            f'<ul class="footer-follow">{follow}</ul><div class="footer-apps"><a class="footer-apps__badge" '
            f'href="#app-ios"><img src="/media/app-store.png" alt="Download on the App Store" width="120" '
            f'height="40"></a><a class="footer-apps__badge" href="#app-android"><img src="/media/play.png" '
            f'alt="Get it on Google Play" width="135" height="40"></a></div></div></div></div>\n')


def richness(number: int, seed: int) -> float:
    """How much furniture one page gets (the corpus's element counts spread from ~600 to ~1,200)."""
    return random.Random(f"{seed}-furniture-{number}").choice(RICHNESS)


def pick(pool: Sequence[Teaser], count: int, rng: random.Random, exclude: str) -> tuple[Teaser, ...]:
    """`count` teasers of the pool in a page-specific order, without the page's own article."""
    candidates = [t for t in pool if t.path != exclude]
    return tuple(rng.sample(candidates, min(count, len(candidates))))
