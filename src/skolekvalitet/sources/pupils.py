"""Pupil-level files for the school contribution estimator (CSV or Parquet), checked for privacy:
pupils are pseudonyms only, never names or national identity numbers.

CSV comes in two dialects: the international one (`,` between fields, decimal point, UTF-8) and
Norwegian Excel's «CSV (semikolondelt)» (`;` between fields, decimal comma, Windows-1252, or
UTF-8 with a byte-order mark from «CSV UTF-8»; CRLF line ends). The dialect is read from the
bytes: a byte-order mark or valid UTF-8 decides the encoding (else Windows-1252), and the header
line's `;` against `,` decides the separator; with `;`, commas in numbers are decimal commas."""

import codecs
import io
from pathlib import Path

import polars as pl

from skolekvalitet.stats.value_added import identifying_column

from .records import SourceError

TEXT_COLUMNS = {"pupil_id": pl.String, "school_id": pl.String, "cohort": pl.String}


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 (Excel's «ANSI» on Norwegian
    Windows), which decodes any byte except five unused ones."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def read_csv_text(text: str) -> pl.DataFrame:
    header = text.split("\n", 1)[0]
    semicolon = header.count(";") > header.count(",")
    return pl.read_csv(
        io.BytesIO(text.encode("utf-8")),
        separator=";" if semicolon else ",",
        decimal_comma=semicolon,
        infer_schema_length=10000,
        schema_overrides=TEXT_COLUMNS,
    )


def read_pupils(path: Path) -> pl.DataFrame:
    """Read one row per pupil; refuse files that identify pupils."""
    if not path.is_file():
        raise SourceError("no such file", file=str(path))
    if path.stat().st_size == 0:
        raise SourceError("the file is empty", file=str(path))
    try:
        if path.suffix.lower() == ".parquet":
            frame = pl.read_parquet(path)
        else:
            frame = read_csv_text(decode_csv(path.read_bytes()))
    except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as error:
        raise SourceError(
            "cannot read the file: %(reason)s",
            file=str(path),
            params={"reason": str(error).splitlines()[0]},
        ) from None
    if problem := identifying_column(frame):
        raise SourceError(problem, file=str(path))
    return frame
