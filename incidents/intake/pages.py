"""An article page as an ``ArticleInput``: trafilatura for the main text, title, date and author; the
feed item's own title, date and text where the page has none (no Django)."""

from __future__ import annotations

import datetime as dt

from ..article_files import ArticleFileError, ArticleInput, read_html
from .fetching import Response, decoded_text

HTML_TYPES = {"", "text/html", "application/xhtml+xml", "text/plain"}


class PageError(ValueError):
    """A page that holds no article; the message says why."""


def read_article_page(
    response: Response, *, url: str, title: str = "", published: dt.date | None = None, item_text: str = ""
) -> ArticleInput:
    """The article on ``response``'s page, stored under the item's ``url``.

    The page's own title and date win (the page is the article; a feed's date may be when it was
    syndicated); the item's fill what the page lacks. A page with no main text falls back to the
    item's own text when the feed carried one."""
    if response.content_type not in HTML_TYPES:
        raise PageError(f"not an HTML page ({response.content_type})")
    try:
        article = read_html(decoded_text(response), url=url)
    except ArticleFileError:
        article = ArticleInput(text="", url=url)
    if not article.text.strip():
        if not item_text.strip():
            raise PageError("no article text found on the page")
        article.text = item_text
    article.url = url
    article.title = article.title or title
    article.published = article.published or published
    return article
