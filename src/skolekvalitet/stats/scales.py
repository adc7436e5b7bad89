"""The scales a pupil's result can be on, and the check that one column holds one scale.

A column of outcomes or prior results must hold a single known scale. A mix (grades 1–6 among
national-test scale points) or an impossible value (9999, −500: a typing or export error) does not
fail loudly in a mixed model: it inflates or swamps the variances and gives wrong verdicts. So
such columns are refused with the rows named.

Possible ranges (closed intervals):

- national-test scale points: 10–100. The scale has mean 50 and standard deviation 10 (Udir,
  *Rammeverk for nasjonale prøver*, 4.3, set in 2014). Below 10 (−4 SD) does not occur; the lower
  bound also keeps the scale apart from grades. The upper bound (+5 SD) is loose on purpose.
- grades (karakterer): 1–6, a pupil's grade or mean of grades.
- grunnskolepoeng: 10–60, the mean of the leaving grades × 10 (forskrift til opplæringsloven
  § 6-38).
"""

from collections.abc import Mapping
from typing import Final, Literal

import numpy as np
import polars as pl

Scale = Literal["scale points", "grades", "grunnskolepoeng"]
SCALE_RANGES: Final[Mapping[Scale, tuple[float, float]]] = {
    "grades": (1.0, 6.0),
    "grunnskolepoeng": (10.0, 60.0),
    "scale points": (10.0, 100.0),
}
MAX_ROWS_NAMED = 5


class ScaleError(ValueError):
    """A column holds values outside its scale's possible range (or a mix of scales).

    `template` is an English %-template (a msgid an app may translate) and `params` its values;
    `column`, `rows` (1-based data rows of the caller's frame, the header not counted) and
    `values` say where. The English text is `template % params`."""

    def __init__(
        self, column: str, rows: tuple[int, ...], values: tuple[float, ...], scale: Scale, bad: int
    ) -> None:
        low, high = SCALE_RANGES[scale]
        self.column, self.rows, self.values, self.scale = column, rows, values, scale
        self.template = (
            "column %(column)s: %(count)s values outside the possible range of %(scale)s "
            "(%(low)s–%(high)s), in rows %(rows)s (values %(values)s). A column must hold one "
            "scale: national-test scale points, grades 1–6 or grunnskolepoeng; correct or remove "
            "these pupils"
        )
        self.params: dict[str, object] = {
            "column": column,
            "count": bad,
            "scale": scale,
            "low": f"{low:g}",
            "high": f"{high:g}",
            "rows": ", ".join(str(r) for r in rows) + (" …" if bad > len(rows) else ""),
            "values": ", ".join(f"{v:g}" for v in values),
        }
        super().__init__(self.template % self.params)


def infer_scale(values: np.ndarray) -> Scale:
    """values (N,) without missing → the scale holding the most of them (the narrowest on a tie)."""
    inside = {
        scale: int(((values >= low) & (values <= high)).sum())
        for scale, (low, high) in SCALE_RANGES.items()
    }
    return max(
        SCALE_RANGES,
        key=lambda s: (inside[s], -(SCALE_RANGES[s][1] - SCALE_RANGES[s][0])),
    )


def check_scale(data: pl.DataFrame, column: str) -> Scale:
    """The scale of a numeric column of `data`, or ScaleError naming the rows outside it.

    Missing values are not checked (the estimator drops and counts them)."""
    series = data[column].cast(pl.Float64, strict=False)
    present = series.is_not_null() & series.is_not_nan()
    values = series.filter(present).to_numpy()
    if values.size == 0:
        return "scale points"
    scale = infer_scale(values)
    low, high = SCALE_RANGES[scale]
    outside = present & ~series.is_between(low, high)
    bad = int(outside.sum())
    if bad:
        where = np.flatnonzero(outside.to_numpy())[:MAX_ROWS_NAMED]
        raise ScaleError(
            column,
            tuple(int(i) + 1 for i in where),
            tuple(float(series[int(i)]) for i in where),
            scale,
            bad,
        )
    return scale
