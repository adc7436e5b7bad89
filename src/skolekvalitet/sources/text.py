"""Decoding exports and reading Norwegian numbers."""

import codecs
import re

from .records import SourceError

_SPACES = re.compile(r"[\s\u00a0\u202f]")
# What a cell that holds no number means (docs/explanation/knowledge-base.md, «Markers»):
# Udir marks what it hid for privacy with «*»; Statistics Norway's standard table symbols are
# «:» (not shown for confidentiality), «.» (cannot occur: no figure), «..» (data missing),
# «...» (not yet available) and «-» (nil: the figure is zero). Old Skoleporten exports use «.» for
# «no figure» too (e.g. the 2009–13 5th-grade series), never for suppression.
MARKERS: dict[str, str] = {
    "*": "suppressed",
    ":": "suppressed",
    ".": "missing",
    "..": "missing",
    "...": "missing",
    "-": "nil",
    "\u2013": "nil",
    "": "missing",
}
SUPPRESSED_MARKS = frozenset(m for m, meaning in MARKERS.items() if meaning == "suppressed")
NO_NUMBER = frozenset(MARKERS)


def read_value(
    raw: str, *, zero_ok: bool, file: str, line: int, column: str
) -> tuple[float | None, bool]:
    """A cell → (value, suppressed). A missing figure is (None, False); «-» (nil) is 0 where
    zero is a possible figure (a count or a share), else missing (a mean of zero cannot occur)."""
    meaning = MARKERS.get(raw.strip())
    if meaning == "suppressed":
        return None, True
    if meaning == "nil":
        return (0.0 if zero_ok else None), False
    if meaning == "missing":
        return None, False
    return parse_number(raw, file=file, line=line, column=column), False


def decode(data: bytes, file: str = "") -> str:
    """Decode UTF-16 (LE/BE, with or without BOM) or UTF-8 (with or without BOM)."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8", data[3:]
    elif data.startswith(codecs.BOM_UTF16_LE):
        encoding, data = "utf-16-le", data[2:]
    elif data.startswith(codecs.BOM_UTF16_BE):
        encoding, data = "utf-16-be", data[2:]
    elif len(data) >= 4 and data[1] == 0 and data[3] == 0 and data[0] != 0:
        encoding = "utf-16-le"
    elif len(data) >= 4 and data[0] == 0 and data[2] == 0 and data[1] != 0:
        encoding = "utf-16-be"
    else:
        encoding = "utf-8"
    if encoding.startswith("utf-16") and len(data) % 2:
        raise SourceError(
            "the file is cut off in the middle of a character (truncated?)", file=file
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n" if encoding == "utf-8" else b"\n\x00") + 1
        raise SourceError(
            "the file is not valid %(encoding)s text (mixed encodings?)",
            file=file,
            line=line,
            params={"encoding": encoding.upper()},
        ) from None
    if "\x00" in text:
        raise SourceError("the file mixes encodings (found NUL characters)", file=file)
    return text


def parse_number(raw: str, *, file: str, line: int, column: str) -> float | None:
    """'1 234,5' → 1234.5; '' → None. Suppression marks are handled by the caller."""
    cleaned = _SPACES.sub("", raw).replace(",", ".").replace("\u2212", "-")
    if cleaned == "":
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise SourceError(
            "'%(value)s' is not a number",
            file=file,
            line=line,
            column=column,
            params={"value": raw},
        ) from None


def parse_count(raw: str, *, file: str, line: int, column: str) -> int | None:
    if MARKERS.get(raw.strip()) == "nil":
        return 0
    if raw.strip() in NO_NUMBER:
        return None
    value = parse_number(raw, file=file, line=line, column=column)
    if value is None:
        return None
    if value != int(value) or value < 0:
        raise SourceError(
            "'%(value)s' is not a whole number of pupils",
            file=file,
            line=line,
            column=column,
            params={"value": raw},
        )
    return int(value)


def normalise_name(name: str) -> str:
    """For matching schools by name: case, spaces and punctuation do not matter."""
    return " ".join(re.sub(r"[^\w ]", " ", name.casefold()).split())
