"""Narrative sections are rich text written in the browser: sanitised with nh3 (Ammonia) on the
way in, so no script, style or event attribute ever reaches a page, a PDF or a DOCX."""

import nh3

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "a", "blockquote"}
ATTRIBUTES = {"a": {"href"}}


def clean(html: str) -> str:
    return nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"https", "http", "mailto"}
    ).strip()


def is_empty(html: str) -> bool:
    return not nh3.clean(html, tags=set()).strip()
