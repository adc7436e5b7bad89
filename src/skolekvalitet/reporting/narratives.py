"""Narrative sections are rich text written in the browser: sanitised with nh3 (Ammonia) on the
way in, so no script, style or event attribute ever reaches a page, a PDF or a DOCX."""

import re
from html import unescape

import nh3

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "a", "blockquote"}
ATTRIBUTES = {"a": {"href"}}
EMPTY_BLOCK = re.compile(r"<(p|h3|h4|li)>(\s|<br>)*</\1>")  # what editing leaves behind
# The owner's summary is the politicians' one-page summary's first part (summary.py), which must
# stay one page: its length in characters as the reader sees them (editor.js counts the same),
# and its paragraphs, headings, list items and line breaks, each of which takes a line.
LIMITS = {"summary": 1200}
MAX_LINES = {"summary": 12}
LINES = re.compile(r"<(p|h3|h4|li|br)\b")


def clean(html: str) -> str:
    cleaned = nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"https", "http", "mailto"}
    )
    return EMPTY_BLOCK.sub("", cleaned).strip()


def is_empty(html: str) -> bool:
    return not nh3.clean(html, tags=set()).strip()


def length(html: str) -> int:
    """The characters a reader sees, spaces between words counted once, markup not at all."""
    return len(_words(html))


def _words(html: str) -> str:
    return " ".join(unescape(nh3.clean(html, tags=set())).split())


def contains(html: str, part: str) -> bool:
    """Whether the text reads as having `part` in it (markup and spacing aside), e.g. a
    generated draft taken into it already."""
    return bool(part) and _words(part) in _words(html)


def lines(html: str) -> int:
    """The paragraphs, headings, list items and line breaks of sanitised HTML."""
    return len(LINES.findall(html))
