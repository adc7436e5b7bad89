"""Recognise an export's format from its content (never from the file name) and parse it."""

import zipfile
from io import BytesIO

from . import skoleporten, statistikkbanken, tidy, udir_api
from .records import ParseResult, SourceError
from .text import decode

MAX_BYTES = 20 * 1024 * 1024


def parse_file(data: bytes, file: str = "") -> ParseResult:
    if not data:
        raise SourceError("the file is empty", file=file)
    if len(data) > MAX_BYTES:
        raise SourceError(
            "the file is larger than %(mb)s MB", file=file, params={"mb": MAX_BYTES // 2**20}
        )
    if data[:4] == b"PK\x03\x04":
        if not zipfile.is_zipfile(BytesIO(data)):
            raise SourceError("the XLSX file is damaged or truncated", file=file)
        return tidy.parse_xlsx(data, file)
    text = decode(data, file)
    for module, parse in (
        (statistikkbanken, statistikkbanken.parse),
        (skoleporten, skoleporten.parse),
        (udir_api, udir_api.parse),
    ):
        if module.looks_like(text):
            return parse(text, file)
    if tidy.looks_like_csv(text):
        return tidy.parse_csv(text, file)
    raise SourceError(
        "not a recognised format: expected a Statistikkbanken or Skoleporten "
        "export, Udir's statistics API JSON, or the tidy template",
        file=file,
        line=1,
    )
