"""Narrative sections are rich text written in the browser: sanitised with nh3 (Ammonia) on the
way in, so no script, style or event attribute ever reaches a page, a PDF or a DOCX."""

import re

import nh3

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "a", "blockquote"}
ATTRIBUTES = {"a": {"href"}}
EMPTY_BLOCK = re.compile(r"<(p|h3|h4|li)>(\s|<br>)*</\1>")  # what editing leaves behind


def clean(html: str) -> str:
    cleaned = nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"https", "http", "mailto"}
    )
    return EMPTY_BLOCK.sub("", cleaned).strip()


def is_empty(html: str) -> bool:
    return not nh3.clean(html, tags=set()).strip()
