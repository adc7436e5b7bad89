"""What changed between two saved versions of a document (status reports, plans), as its reader
reads it: per section (the chapter a line is in), the lines removed, added or changed, as plain
text (a narrative's HTML read as its paragraphs and list items, one a line), with the words that
changed marked <del> and <ins>."""

import difflib
import re
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .render import paragraphs

HEADING = re.compile(r"^(#+) (.*)$")  # a chapter's title in a report's text ("## Trivsel")
HTML = re.compile(r"</?(p|br|ul|ol|li|h3|h4|strong|em|a|blockquote)\b[^>]*>")
# a line's words: spaces, a table's "|", a word or number ("13,4") without the punctuation after it
WORDS = re.compile(r"\s+|\||[^\s|]*[^\s|,.;:!?]|[^\s|]")
SIMILAR = 0.5  # lines at least this alike are one line changed, else one removed and one added


class Version(Protocol):
    number: int
    text: str


@dataclass
class Change:
    kind: str  # "added", "removed" or "changed"
    html: SafeString  # the line, what was removed in <del> and what was added in <ins>


@dataclass
class Section:
    title: str
    changes: list[Change] = field(default_factory=list)


def html_lines(html: str) -> list[str]:
    """Rich text as the lines it reads as: a paragraph or heading a line, a list item a line
    starting with a bullet."""
    return [("• " if style.startswith("List") else "") + text for style, text in paragraphs(html)]


def readable(text: str) -> list[str]:
    """A version's text as the lines its reader reads, without blank lines: HTML kept in older
    versions read as its text."""
    out = []
    for line in text.splitlines():
        out.extend(html_lines(line) if HTML.search(line) else [line] if line.strip() else [])
    return out


def _titles(lines: list[str]) -> list[str]:
    """The section each line is in: its chapter, after the chapter it is part of ("Læringsmiljø
    – Trivsel, 7. trinn"); the document's title (its first line) before the first chapter."""
    chapters, out = [], []
    for line in lines:
        if heading := HEADING.match(line):
            chapters = [*chapters[: len(heading[1]) - 1], heading[2]]
        out.append(" – ".join(chapters) or lines[0])
    return out


def _shown(line: str) -> str:
    heading = HEADING.match(line)
    return heading[2] if heading else line


def _marked(tag: str, text: str) -> SafeString:
    """Words in <del> or <ins>, the spaces around them outside."""
    core = text.strip()
    if not core:
        return escape(text)
    before, _, after = text.partition(core)
    return mark_safe(f"{escape(before)}<{tag}>{escape(core)}</{tag}>{escape(after)}")


def _words_changed(old: str, new: str) -> SafeString:
    """One line as it changed: removed words in <del>, added words in <ins>."""
    a, b = WORDS.findall(old), WORDS.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        out.append(_marked("del", "".join(a[i1:i2])))
        out.append(_marked("ins", "".join(b[j1:j2])))
    return mark_safe("".join(out))


def _alike(old: str, new: str) -> bool:
    return difflib.SequenceMatcher(None, old, new, autojunk=False).ratio() >= SIMILAR


def line_changes(old: list[str], new: list[str]) -> list[Change]:
    """Lines removed and added in one place: a line and its like are one line changed."""
    out = []
    for n in range(max(len(old), len(new))):
        was = _shown(old[n]) if n < len(old) else None
        now = _shown(new[n]) if n < len(new) else None
        alike = was is not None and now is not None and _alike(was, now)
        if alike:
            out.append(Change("changed", _words_changed(was, now)))
            continue
        if was is not None:
            out.append(Change("removed", format_html("<del>{}</del>", was)))
        if now is not None:
            out.append(Change("added", format_html("<ins>{}</ins>", now)))
    return out


def sections(changes: list[tuple[str, Change]]) -> list[Section]:
    """(section title, change) pairs as sections, in the order their titles come first."""
    by_title: dict[str, Section] = {}
    for title, change in changes:
        by_title.setdefault(title, Section(title)).changes.append(change)
    return list(by_title.values())


def version_diff(older: Version, newer: Version) -> list[Section]:
    """What changed from one version's text to the next's, per section; [] when nothing did."""
    old, new = readable(older.text), readable(newer.text)
    titles = {"old": _titles(old), "new": _titles(new)}
    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        # added lines are in the newer text's section, removed ones in the older's
        title = titles["new"][j1] if j2 > j1 else titles["old"][i1]
        out += [(title, change) for change in line_changes(old[i1:i2], new[j1:j2])]
    return sections(out)
