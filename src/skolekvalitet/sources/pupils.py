"""Pupil-level files for the school contribution estimator (CSV or Parquet), checked for privacy:
pupils are pseudonyms only, never names or national identity numbers."""

import re
from pathlib import Path

import polars as pl

from .records import SourceError

NAME_COLUMNS = re.compile(
    r"^(name|navn|namn|fornavn|førenamn|etternavn|etternamn|first_?name|last_?name|surname|"
    r"full_?name|fodselsnummer|fødselsnummer|fnr|personnummer|personnr|ssn|national_?id|"
    r"d_?nummer)$",
    re.IGNORECASE,
)
NATIONAL_ID = r"^\d{11}$"


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
            frame = pl.read_csv(
                path,
                infer_schema_length=10000,
                schema_overrides={
                    "pupil_id": pl.String,
                    "school_id": pl.String,
                    "cohort": pl.String,
                },
            )
    except (pl.exceptions.PolarsError, OSError) as error:
        raise SourceError(
            f"cannot read the file: {str(error).splitlines()[0]}", file=str(path)
        ) from None
    named = [c for c in frame.columns if NAME_COLUMNS.match(c.strip())]
    if named:
        raise SourceError(
            f"columns {', '.join(named)} look like names or national identity "
            "numbers: use pseudonyms only and remove them",
            file=str(path),
            column=named[0],
        )
    if "pupil_id" in frame.columns:
        ids = frame["pupil_id"].cast(pl.String)
        hits = ids.str.contains(NATIONAL_ID)
        if hits.any():
            line = int(hits.arg_max() or 0) + 2
            raise SourceError(
                "pupil_id looks like a national identity number (11 digits): use pseudonyms",
                file=str(path),
                line=line,
                column="pupil_id",
            )
    return frame
