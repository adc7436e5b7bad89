"""Pupil-level files for the school contribution estimator (CSV or Parquet), checked for privacy:
pupils are pseudonyms only, never names or national identity numbers."""

from pathlib import Path

import polars as pl

from skolekvalitet.stats.value_added import identifying_column

from .records import SourceError


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
    if problem := identifying_column(frame):
        raise SourceError(problem, file=str(path))
    return frame
