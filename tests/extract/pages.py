"""Small hand-written pages for the extraction tests."""

PARAGRAPHS = "".join(
    f"<p>Paragraph {i} of the story tells the council's plan for the harbour in some detail, "
    f"with quotes from residents and figures from the budget office.</p>" for i in range(6))


def article_page(head: str = "", meta_block: str = "", after: str = "", sidebar: str = "",
                 title: str = "Harbour plan approved by the council", lang: str = "en") -> str:
    """A WordPress-like article page with hooks for each test."""
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title} | Demo Gazette</title>{head}</head><body>
<header class="site-header"><a href="/">Demo Gazette</a></header>
<main><article class="post type-post hentry"><header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta">{meta_block}</div></header>
<div class="entry-content">{PARAGRAPHS}</div>{after}</article></main>
<aside id="secondary" class="widget-area">{sidebar}</aside></body></html>"""


URL = "https://news.example/2024/05/harbour-plan/"
FETCHED = "2024-05-02T08:00:00+00:00"
