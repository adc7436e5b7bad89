"""Recognising columns that identify a person: a name or a national identity number
(fødselsnummer, D-number), in a column's name or in its values. Files of pupils carry pseudonyms
only; every reader and estimator refuses the rest with a message naming the column."""

import re
from collections.abc import Iterable

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ö": "o", "ä": "a", "ü": "u"})
# Anywhere in the column name once case, separators and Norwegian letters are folded away.
_NAME_PARTS = (
    "navn",
    "namn",
    "name",
    "fodsel",
    "foedsel",
    "fnr",
    "personnummer",
    "personnr",
    "persnr",
    "dnummer",
    "hnummer",
    "nationalid",
    "socialsecurity",
    "birthnumber",
    "birthdate",
    "dateofbirth",
    "identitynumber",
    "personalnumber",
    "personnumber",
    "personalid",
)
# Short abbreviations only as a word of their own (pupil_ssn, d-nr), never inside a word.
_NAME_WORDS = frozenset({"ssn", "pnr", "dnr", "nin", "dob"})
# The value patterns work in Python's re and in polars (Rust regex) alike.
_LOWER, _UPPER = "a-zæøåäöüéèáó", "A-ZÆØÅÄÖÜÉÈÁÓ"
# 11 digits as 6 + 5 (a date and a personal number), with separators and a prefix of letters.
NATIONAL_ID = rf"^[{_LOWER}{_UPPER}]{{0,3}}[ ._/-]*[0-9]{{6}}[ ._/-]*[0-9]{{5}}$"
# Two or more capitalised words of letters only: "Ola Nordmann", "Kari-Anne Berg",
# "NORDMANN, OLA".
_WORD = rf"[{_UPPER}](?:[{_LOWER}]+|[{_UPPER}]+)"
PERSON_NAME = rf"^{_WORD}(?:(?:[ -]+|, *){_WORD})+$"
_NATIONAL_ID, _PERSON_NAME = re.compile(NATIONAL_ID), re.compile(PERSON_NAME)


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-zæøå])([A-ZÆØÅ])", r"\1 \2", name.strip())
    return [w for w in re.split(r"[^0-9a-z]+", spaced.casefold().translate(_FOLD)) if w]


def looks_like_person_column(name: str) -> bool:
    """Whether a column's name says it holds names or national identity numbers."""
    words = _words(name)
    compact = "".join(words)
    return any(part in compact for part in _NAME_PARTS) or any(w in _NAME_WORDS for w in words)


def looks_like_national_id(value: object) -> bool:
    """Eleven digits as a date and a personal number, in any usual spelling."""
    return bool(_NATIONAL_ID.match(str(value).strip()))


def looks_like_person_name(value: object) -> bool:
    return bool(_PERSON_NAME.match(str(value).strip()))


def person_column_problem(name: str, values: Iterable[object]) -> str | None:
    """A message naming the column when it looks like names or national identity numbers."""
    if looks_like_person_column(name):
        return (
            f"column {name!r} looks like names or national identity numbers: "
            "use pseudonyms only and remove the column"
        )
    for value in values:
        if value is None:
            continue
        if looks_like_national_id(value):
            return (
                f"column {name!r} holds values like national identity numbers "
                "(11 digits): use pseudonyms only"
            )
        if looks_like_person_name(value):
            return f"column {name!r} holds values like people's names: use pseudonyms only"
    return None
