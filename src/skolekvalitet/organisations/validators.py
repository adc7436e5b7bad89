"""Validators for Norwegian identifiers and school years."""

import re
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORG_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
SCHOOL_YEAR_RE = re.compile(r"^(\d{4})-(\d{2})$")


def org_number_check_digit(first_eight: str) -> int | None:
    """The mod-11 check digit of a Norwegian organisation number (None when no digit is valid)."""
    remainder = sum(int(d) * w for d, w in zip(first_eight, ORG_WEIGHTS, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return None if check == 10 else check


def is_valid_org_number(value: str) -> bool:
    return (
        len(value) == 9 and value.isdigit() and org_number_check_digit(value[:8]) == int(value[8])
    )


def validate_org_number(value: str) -> None:
    if not (len(value) == 9 and value.isdigit()):
        raise ValidationError(_("An organisation number has exactly 9 digits."), code="format")
    if not is_valid_org_number(value):
        raise ValidationError(
            _("%(value)s is not a valid organisation number: the check digit does not match."),
            code="checksum",
            params={"value": value},
        )


def validate_school_year(value: str) -> None:
    match = SCHOOL_YEAR_RE.match(value)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValidationError(
            _("Write the school year as two years, for example 2025-26."), code="school_year"
        )


# A national identity number (fødselsnummer, D-number): 11 digits, often written 6 + 5 with a
# space, dash or dot, and the date part sometimes as dd.mm.yy; letters around it do not hide it.
IDENTITY_NUMBER_RE = re.compile(r"(?<!\d)\d{2}[ .\-/]?\d{2}[ .\-/]?\d{2}[ .\-/]?\d{5}(?!\d)")
DATE_RE = re.compile(r"(?<!\d)\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?!\d)")
WORD_RE = re.compile(r"[^\W\d_]+")
NAMES_FILE = Path(__file__).parent / "data" / "names.txt"


@cache
def _names() -> tuple[frozenset[str], frozenset[str]]:
    """The bundled names (see data/names.txt): (plain names, names that are also words)."""
    plain, words = set(), set()
    for line in NAMES_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            (words if line.endswith("*") else plain).add(line.rstrip("*").casefold())
    return frozenset(plain), frozenset(words)


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() and (len(word) == 1 or word[1:].islower())


def looks_like_person(text: str, *, dates: bool = False) -> str | None:
    """Why `text` looks like it names a person, or None.

    Catches a common Norwegian first name or surname written as a name (capitalised, a whole word;
    one that is also an ordinary word only next to another capitalised word), and a national
    identity number in any usual spelling. With dates=True also a date (a date of birth), for
    fields that should hold a number only. A heuristic for slips, not a guarantee."""
    if IDENTITY_NUMBER_RE.search(text):
        return str(_("it contains what looks like a national identity number"))
    if dates and DATE_RE.search(text):
        return str(_("it contains a date, which may be a date of birth"))
    plain, also_words = _names()
    words = list(WORD_RE.finditer(text))
    for i, match in enumerate(words):
        word = match[0]
        if not _is_capitalised(word):
            continue
        key = word.casefold()
        if key in plain or (key in also_words and _next_to_a_name(text, words, i)):
            return str(
                _("it contains what looks like a person's name (“%(name)s”)") % {"name": word}
            )
    return None


def _next_to_a_name(text: str, words: list[re.Match], i: int) -> bool:
    """Whether the i-th word has a capitalised word right beside it (only a space between)."""
    here = words[i]
    beside = [words[j] for j in (i - 1, i + 1) if 0 <= j < len(words)]
    return any(
        _is_capitalised(other[0])
        and not text[min(other.end(), here.end()) : max(other.start(), here.start())].strip()
        for other in beside
    )
