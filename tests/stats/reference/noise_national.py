"""Prints the national files' noise sums for stats/noise.py (NATIONAL_YEAR, NATIONAL_SCHOOL):
Udir's national-test exports for 2022-23 and 2023-24 (every school in Norway), read from
../shared/data/udir. Run once when the files change, and paste the output:

    .venv/bin/python tests/stats/reference/noise_national.py

year: each school's figure per indicator and grade over the two years, around its own level
(two years allow no line); school: each year's funnel around the national value. Whole scale
points: rounding variance 1/12.
"""

import sys
from collections import defaultdict
from pathlib import Path

from skolekvalitet.sources.detect import parse_file
from skolekvalitet.stats.intervals import Z95
from skolekvalitet.stats.noise import ExtraVariance, between_units, rounding_variance, year_to_year

UDIR = Path(__file__).resolve().parents[4] / "shared" / "data" / "udir"
FILES = (
    "2022-23_20260224-1157_Nasjonale_proever_5._trinn.csv",
    "2023-24_20260224-1157_Nasjonale_proever_5._trinn.csv",
    "2022-23_20260224-1157_Nasjonale_proever_ungdomstrinn.csv",
    "2023-24_20260224-1156_Nasjonale_proever_ungdomstrinn.csv",
)


def records(folder: Path = UDIR) -> list:
    out = []
    for name in FILES:
        out.extend(parse_file((folder / name).read_bytes(), name).records)
    return out


def national_sums(
    recs: list,
) -> tuple[dict[str, ExtraVariance], dict[str, ExtraVariance]]:
    rounding = rounding_variance(1.0)
    series: dict[str, dict[tuple, list]] = defaultdict(lambda: defaultdict(list))
    funnels: dict[tuple, list] = defaultdict(list)
    nation: dict[tuple, float] = {}
    for r in recs:
        if r.subgroup != "all" or r.value is None or r.uncertainty is None:
            continue
        key = (r.indicator, r.school_year, r.grade)
        if r.unit_kind == "nation":
            nation[key] = r.value
        elif r.unit_kind == "school":
            point = (int(r.school_year[:4]), r.value, r.uncertainty / Z95)
            series[r.indicator][(r.unit_code, r.grade)].append(point)
            funnels[key].append(point)
    year = {
        code: year_to_year(by_unit.values(), rounding=rounding, model="level")
        for code, by_unit in sorted(series.items())
    }
    school: dict[str, ExtraVariance] = {}
    for key, points in sorted(funnels.items()):
        if key not in nation:
            continue
        values, ses = [p[1] for p in points], [p[2] for p in points]
        one = between_units(values, ses, nation[key], rounding=rounding)
        school[key[0]] = one.pooled(school.get(key[0]))
    return year, school


def _literal(name: str, sums: dict[str, ExtraVariance]) -> str:
    lines = [f"{name}: dict[str, ExtraVariance] = {{"]
    for code, e in sums.items():
        lines.append(f'    "{code}": ExtraVariance({e.q:.1f}, {e.df}, {e.c:.1f}, {e.units}),')
    return "\n".join([*lines, "}"])


def main() -> None:
    if not UDIR.is_dir():
        sys.exit(f"{UDIR} is absent")
    year, school = national_sums(records())
    print(_literal("NATIONAL_YEAR", year))
    print(_literal("NATIONAL_SCHOOL", school))
    for code in year:
        print(
            f"# {code}: tau_year {year[code].tau:.2f}, ratio {year[code].ratio:.2f}; "
            f"tau_school {school[code].tau:.2f}, ratio {school[code].ratio:.2f}",
        )


if __name__ == "__main__":
    main()
