"""The seed article is served exactly as issue 2 gives it, laid out as WordPress themes do."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import Any

from demosite.server import DemoServer

Fetch = Callable[..., Any]
Reader = Callable[[str], tuple[str, str]]

SEED_TITLE = "President Sheinbaum Rejects Trump's Proposal to Send U.S. Troops into Mexico"
SEED_BLOCKS = """\
Tense Phone Call Sparks Debate Over U.S.-Mexico Military Cooperation
President Claudia Sheinbaum of Mexico revealed on Saturday that President Donald Trump proposed sending American troops into Mexico to assist in the fight against drug trafficking. Speaking to supporters in eastern Mexico, Sheinbaum firmly stated that she rejected the idea.
According to Sheinbaum, the proposal came during a tense phone call last month. The conversation, reported by The Wall Street Journal, allegedly involved Trump pressuring her administration to accept greater U.S. military involvement in operations against Mexican drug cartels.
A Firm Rejection in Defense of National Sovereignty
"He said, 'How can we help you fight drug trafficking? I propose that the United States military come in and help you.' And you know what I said to him? 'No, President Trump,'" Sheinbaum told the crowd.
She doubled down on her position, adding: "Sovereignty is not for sale. Sovereignty is loved and defended."
No Immediate Response from the White House
The White House did not immediately issue a response to Sheinbaum's public remarks. Her comments, however, are likely to add fuel to ongoing debates about U.S. involvement in foreign drug enforcement, especially in Latin America.
Escalating U.S. Military Presence at the Southern Border
In recent months, the U.S. military has significantly increased its presence along the southern border. Following Trump's January order, the U.S. Northern Command deployed more troops and equipment, ramped up surveillance operations to track fentanyl trafficking, and sought expanded permissions for U.S. Special Forces to cooperate with Mexican units.
Trump further escalated the issue on February 19 by officially designating many drug cartels operating across the border as foreign terrorist organizations, giving U.S. authorities additional tools to restrict their movements and crack down on their operations.
A Collision Course Between Allies
Despite a history of bilateral cooperation on trade and immigration, Sheinbaum's remarks signaled a sharp divergence from Trump's approach to cross-border security. Her refusal to allow U.S. military forces into Mexican territory highlights a broader effort to assert national independence in matters of internal security.
"We can work together, but you in your territory and us in ours," Sheinbaum stated.
The crowd erupted in applause when she delivered her final, resolute declaration: "We will never accept the presence of the United States military in our territory."
Keep up with the historic administration of Mexico's first female president with us on Que Onda Magazine.""".split("\n")
SUBHEADINGS = {SEED_BLOCKS[i] for i in (0, 3, 6, 8, 11)}


def seed_url(server: DemoServer) -> str:
    seed = next(a for a in server.site.articles(1) if a.number == 1)
    return server.url + seed.path.lstrip("/")


def test_seed_article_has_the_exact_text(server: DemoServer, fetch: Fetch, article_of: Reader) -> None:
    page = fetch(seed_url(server))
    assert page.status == 200
    title, text = article_of(page.text)
    assert title == SEED_TITLE
    assert text == "\n\n".join(SEED_BLOCKS)
    for block in SUBHEADINGS:
        assert f"<h2>{html.escape(block)}</h2>" in page.text


def test_seed_shows_comments_0_and_views_54_under_the_headline(server: DemoServer, fetch: Fetch, article_of: Reader) -> None:
    page = fetch(seed_url(server)).text
    expected = (f'<h1 class="entry-title">{html.escape(SEED_TITLE)}</h1>\n'
                '<div class="entry-meta"><span class="comments-link"><a href="#comments">0</a>'
                '</span> <span class="post-views">54</span></div>\n</header>\n'
                '<div class="entry-content">')
    assert expected in page


def test_seed_json_ld_and_head(server: DemoServer, fetch: Fetch, article_of: Reader) -> None:
    page = fetch(seed_url(server)).text
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(blocks[0])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == SEED_TITLE
    assert data["commentCount"] == 0
    assert data["datePublished"].startswith("2025-05-03T")
    assert {s["userInteractionCount"] for s in data["interactionStatistic"]} == {0, 54}
    assert f'<link rel="canonical" href="{seed_url(server)}">' in page
    assert '<link rel="alternate" type="application/rss+xml"' in page
    assert '<meta property="og:type" content="article">' in page


def test_site_has_twenty_articles_in_two_templates_and_sections(server: DemoServer, fetch: Fetch, article_of: Reader) -> None:
    articles = server.site.articles(1)
    assert len(articles) == 20
    assert {a.template for a in articles} == {"wordpress", "magazine"}
    assert sum(a.template == "wordpress" for a in articles) == 10
    assert {a.section for a in articles} == {"world", "business"}
    assert len({a.title for a in articles}) == 20
    for article in articles:
        assert 290 <= len(article.text.split()) <= 950, article.slug


def test_magazine_template_layout(server: DemoServer, fetch: Fetch, article_of: Reader) -> None:
    article = next(a for a in server.site.articles(1) if a.number == 2)
    page = fetch(server.url + article.path.lstrip("/")).text
    assert '<article class="story"' in page
    assert '<span class="story__views">1,234 views</span>' in page
    assert '<a class="story__comments" href="#comments">12 Comments</a>' in page
    title, text = article_of(page)
    assert title == article.title
    assert text == article.text
