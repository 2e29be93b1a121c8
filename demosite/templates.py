"""HTML page templates: article template A ("wordpress"), B ("magazine"), and hub pages."""

from __future__ import annotations

import functools
import json
import random
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from demosite import furniture
from demosite.chrome import footer, head, header, newsletter, noise, share_bar
from demosite.content import HEADING, SITE_NAME, Article


@dataclass(frozen=True)
class Teaser:
    """A link to an article as hubs and sidebars show it."""

    path: str
    title: str
    section: str
    published: str
    summary: str
    image: str

    @classmethod
    def of(cls, article: Article) -> Teaser:
        """The teaser of an article."""
        first = next(b for b in article.body if not b.startswith(HEADING))
        summary = article.subtitle or (first[:180].rsplit(" ", 1)[0] + "...")
        return cls(article.path, article.title, article.section, article.published, summary,
                   article.image)


@dataclass(frozen=True)
class Context:
    """What an article page shows besides the article itself."""

    menu: tuple[Teaser, ...] = ()
    latest: tuple[Teaser, ...] = ()
    related: tuple[Teaser, ...] = ()
    target_bytes: int = 0
    footer_links: str = ""
    state_pool: tuple[Teaser, ...] = field(default=(), repr=False)
    furniture: float = 0.0  # > 0: a generated article with realistic page furniture (this much)


def human_date(iso: str) -> str:
    """'May 3, 2025' from an ISO date."""
    when = datetime.fromisoformat(iso)
    return f"{when:%B} {when.day}, {when.year}"


def json_ld(article: Article, base: str) -> str:
    """The NewsArticle JSON-LD block; counters are per-request noise."""
    url = base + article.path.lstrip("/")
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
        "description": article.subtitle or "", "image": [base + article.image.lstrip("/")],
        "datePublished": article.published, "dateModified": article.modified,
        "author": [{"@type": "Person", "name": name} for name in article.authors],
        "publisher": {"@type": "Organization", "name": SITE_NAME,
                      "logo": {"@type": "ImageObject", "url": base + "media/logo.png"}},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url}, "articleSection": article.section.title(),
        "keywords": list(article.tags), "commentCount": article.comments,
        "interactionStatistic": [
            {"@type": "InteractionCounter", "interactionType": "https://schema.org/CommentAction",
             "userInteractionCount": article.comments},
            {"@type": "InteractionCounter", "interactionType": "https://schema.org/ReadAction",
             "userInteractionCount": "VIEWS"}],
    }
    text = json.dumps(data, ensure_ascii=False).replace('"VIEWS"', noise("views"))
    text = text.replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def open_graph(article: Article, base: str) -> str:
    """OpenGraph and article meta tags."""
    tags = [("og:type", "article"), ("og:site_name", SITE_NAME), ("og:title", article.title),
            ("og:url", base + article.path.lstrip("/")), ("og:image", base + article.image.lstrip("/")),
            ("article:published_time", article.published),
            ("article:modified_time", article.modified), ("article:section", article.section.title())]
    tags += [("article:tag", tag) for tag in article.tags]
    return "\n".join(f'<meta property="{p}" content="{escape(c)}">' for p, c in tags)


def body_html(article: Article) -> str:
    """The article body: <p> paragraphs and <h2> subheadings."""
    return "\n".join(f"<h2>{escape(b.removeprefix(HEADING))}</h2>" if b.startswith(HEADING)
                     else f"<p>{escape(b)}</p>" for b in article.body)


def teaser_list(teasers: tuple[Teaser, ...], css: str, summaries: bool = False) -> str:
    """A list of headline links (optionally with summaries and thumbnails)."""
    items = []
    for t in teasers:
        extra = (f'<img class="teaser__image" src="{t.image}" alt="" loading="lazy" width="160" '
                 f'height="90"><p class="teaser__summary">{escape(t.summary)}</p>') if summaries else ""
        items.append(f'<li class="teaser"><a class="teaser__link" href="{t.path}">{escape(t.title)}'
                     f'</a><span class="teaser__meta">{t.section.title()} &middot; '
                     f'{human_date(t.published)}</span>{extra}</li>')
    return f'<ul class="{css}">{"".join(items)}</ul>'


def mega_menu(teasers: tuple[Teaser, ...]) -> str:
    """Header mega menu: latest headlines per section."""
    columns = []
    for section in ("world", "business"):
        picks = tuple(t for t in teasers if t.section == section)
        if picks:
            columns.append(f'<div class="mega-menu__column"><h4>{section.title()}</h4>'
                           f'{teaser_list(picks, "mega-menu__list")}</div>')
    return "".join(columns)


def sidebar(context: Context) -> str:
    """The sidebar: the rotating "most popular" widget (noise), latest headlines, an ad."""
    return f"""<aside id="secondary" class="sidebar widget-area">
<section class="widget widget--popular"><h3 class="widget__title">Most popular</h3>
{noise('popular')}</section>
<div class="ad-slot ad-slot--mpu" id="div-gpt-ad-{noise('adslot')}-2"></div>
<section class="widget widget--latest"><h3 class="widget__title">Latest news</h3>
{teaser_list(context.latest, "widget__list")}</section>
</aside>
"""


def related(context: Context) -> str:
    """The "more stories" block under an article."""
    if not context.related:
        return ""
    return (f'<section class="related"><h3 class="related__title">More stories</h3>'
            f'{teaser_list(context.related, "related__list", summaries=True)}</section>')


def comments_block(article: Article, thread: str = "") -> str:
    """The (script-loaded) comments area, with the first comments when `thread` renders them."""
    return (f'<section id="comments" class="comments" data-count="{article.comments}">'
            f'<h3 class="comments__title">Join the conversation</h3><p class="comments__note">'
            f'Comments are loaded when you scroll. Please read our community guidelines.</p>'
            f'<div class="comments__thread" data-post="{article.number}">{thread}</div></section>')


def _wordpress(article: Article) -> str:
    author = ", ".join(f'<span class="author vcard">{escape(a)}</span>' for a in article.authors)
    tags = ", ".join(escape(t) for t in article.tags)
    return f"""<article id="post-{article.number}" class="post-{article.number} post type-post status-publish format-standard has-post-thumbnail category-{article.section}">
<div class="post-thumbnail"><img src="{article.image}" alt="" width="1200" height="675"></div>
<header class="entry-header">
<h1 class="entry-title">{escape(article.title)}</h1>
<div class="entry-meta"><span class="comments-link"><a href="#comments">{article.comments}</a></span> <span class="post-views">{noise('views')}</span></div>
</header>
<div class="entry-content">
{body_html(article)}
</div>
<footer class="entry-footer"><span class="byline">By {author}</span> <span class="posted-on"><time class="entry-date published" datetime="{article.published}">{human_date(article.published)}</time><time class="updated" datetime="{article.modified}">{human_date(article.modified)}</time></span> <span class="updated-ago">{noise('updated_ago')}</span> <span class="tags-links">Tagged {tags}</span></footer>
</article>
"""


def _magazine(article: Article) -> str:
    authors = " and ".join(f'<span class="byline__author">{escape(a)}</span>' for a in article.authors)
    dek = f'<p class="story__dek">{escape(article.subtitle)}</p>' if article.subtitle else ""
    return f"""<article class="story" data-id="{article.number}">
<header class="story__header">
<a class="story__kicker" href="/section/{article.section}/">{article.section.title()}</a>
<h1 class="story__headline">{escape(article.title)}</h1>
{dek}
<div class="byline">By {authors} <time class="byline__date" datetime="{article.published}">{human_date(article.published)}</time> <span class="byline__updated">{noise('updated_ago')}</span></div>
<div class="story__stats"><span class="story__views">{noise('views_label')}</span> <a class="story__comments" href="#comments">{article.comments:,} Comments</a></div>
</header>
<figure class="story__image"><img src="{article.image}" alt="" width="1200" height="675"><figcaption>Photo: {SITE_NAME}</figcaption></figure>
<div class="story__body">
{body_html(article)}
</div>
<ul class="story__tags">{"".join(f"<li>{escape(t)}</li>" for t in article.tags)}</ul>
</article>
"""


@functools.lru_cache(maxsize=4096)
def _rec_json(teaser: Teaser) -> str:
    return json.dumps({"title": teaser.title, "url": teaser.path, "summary": teaser.summary,
                       "image": teaser.image, "section": teaser.section}, ensure_ascii=False)[1:]


def preloaded_state(article: Article, context: Context, room: int) -> str:
    """The front-end framework's state blob, sized so that the page reaches its target size."""
    head = json.dumps({"id": article.number, "slug": article.slug, "section": article.section})
    recs: list[str] = []
    size, pool = len(head) + 40, context.state_pool
    while pool and size < room:
        rec = f'{{"id": {len(recs)}, "score": {round(1 / (len(recs) + 1), 4)}, ' + _rec_json(
            pool[len(recs) % len(pool)])
        recs.append(rec)
        size += len(rec) + 2
    text = f'{{"article": {head}, "recommendations": [{", ".join(recs)}]}}'.replace("</", "<\\/")
    return f'<script id="__PRELOADED_STATE__" type="application/json">{text}</script>\n'


def _furnished(article: Article, base: str, context: Context, body: str) -> str:
    """An article page with the furniture of a real news site around the same article."""
    canonical = base + article.path.lstrip("/")
    rich, rng = context.furniture, random.Random(f"furniture-{article.number}")
    pool = context.state_pool

    def some(count: float) -> tuple[Teaser, ...]:
        return furniture.pick(pool, round(count * rich), rng, article.path)

    ads = iter(furniture.AD_SIZES)
    return "".join((
        head(article.title, canonical, article.subtitle or article.title,
             "\n".join((open_graph(article, base), json_ld(article, base),
                        furniture.head_extra(canonical, article.title)))),
        header(mega_menu(context.menu) + furniture.mega_menu(),
               furniture.consent_manager() + furniture.top_bar()),
        furniture.ticker(some(5)),
        '<div id="page" class="l-page"><div class="l-page__inner"><div class="l-container '
        'l-container--wide"><div class="l-row"><div class="l-row__inner">\n<div class="layout">'
        '<main id="primary" class="site-main">\n'
        f'<nav class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/section/{article.section}/">'
        f'{article.section.title()}</a></nav>\n',
        body, share_bar(canonical, article.title), furniture.topics(article),
        furniture.author_box(article), newsletter(),
        furniture.ad("mid", next(ads)), related(context),
        furniture.grid(f"More in {article.section.title()}", "section-more", some(6), image=True,
                       summary=True),
        furniture.ad("low", next(ads)),
        comments_block(article, furniture.comment_thread(article, rng, rich)), "</main>\n",
        '<div class="l-rail">', sidebar(context), furniture.ad("rail", next(ads)),
        "</div></div></div></div></div></div></div>\n",
        furniture.grid("Recommended for you", "recirculation", some(6)),
        furniture.footer_columns()))


def article_page(article: Article, base: str, context: Context) -> str:
    """A whole article page, with noise markers for demosite.noise to fill per request."""
    canonical = base + article.path.lstrip("/")
    body = _wordpress(article) if article.template == "wordpress" else _magazine(article)
    tail = footer(context.footer_links)
    if context.furniture:
        page = _furnished(article, base, context, body)
        room = context.target_bytes - len(page.encode()) - len(tail)
        return page + preloaded_state(article, context, room) + tail
    page = "".join((
        head(article.title, canonical, article.subtitle or article.title,
             open_graph(article, base) + "\n" + json_ld(article, base)),
        header(mega_menu(context.menu)),
        f'<div class="layout"><main id="primary" class="site-main">\n<nav class="breadcrumbs">'
        f'<a href="/">Home</a> &rsaquo; <a href="/section/{article.section}/">'
        f'{article.section.title()}</a></nav>\n',
        body, share_bar(canonical, article.title), newsletter(), related(context),
        comments_block(article), "</main>\n", sidebar(context), "</div>\n"))
    room = context.target_bytes - len(page.encode()) - len(tail)
    return page + preloaded_state(article, context, room) + tail


def hub_page(title: str, canonical: str, teasers: tuple[Teaser, ...], context: Context,
             pager: str = "") -> str:
    """A home or section page listing headlines."""
    ld = json.dumps({"@context": "https://schema.org", "@type": "CollectionPage", "name": title,
                     "url": canonical, "isPartOf": {"@type": "WebSite", "name": SITE_NAME}})
    meta = (f'<meta property="og:type" content="website">\n<meta property="og:title" '
            f'content="{escape(title)}">\n<meta property="og:url" content="{escape(canonical)}">\n'
            f'<script type="application/ld+json">{ld}</script>')
    return "".join((
        head(title, canonical, f"{title} - the latest from {SITE_NAME}", meta),
        header(mega_menu(context.menu)),
        f'<div class="layout"><main id="primary" class="site-main hub">\n<h1 class="hub__title">'
        f'{escape(title)}</h1>\n', teaser_list(teasers, "hub__list", summaries=True), pager,
        newsletter(), "</main>\n", sidebar(context), "</div>\n", footer(context.footer_links)))


def simple_page(title: str, canonical: str, paragraphs: tuple[str, ...], context: Context,
                extra_html: str = "") -> str:
    """A static page (about, contact, the staff-only page, errors, the calendar trap)."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs) + extra_html
    return "".join((head(title, canonical, title), header(mega_menu(context.menu)),
                    f'<div class="layout"><main id="primary" class="site-main page"><h1>'
                    f'{escape(title)}</h1>{body}</main>\n', sidebar(context), "</div>\n",
                    footer(context.footer_links)))
