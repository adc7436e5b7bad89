"""`skolekvalitet contribution fit|simulate`: the open school contribution estimator."""

import hashlib
import json
import os
import tempfile
from pathlib import Path

import polars as pl
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, pgettext

from skolekvalitet.documents.cells import safe_cell
from skolekvalitet.knowledge.importing import error_text
from skolekvalitet.sources.pupils import read_pupils
from skolekvalitet.sources.records import SourceError
from skolekvalitet.stats.scales import ScaleError
from skolekvalitet.stats.value_added import (
    PUBLISHED_RELIABILITY,
    ContributionError,
    fit_school_contribution,
    simulate_pupils,
)


def scale_error_text(error: ScaleError, path: Path) -> str:
    """A ScaleError in the user's language. In a CSV file the rows are numbered as a spreadsheet
    numbers them (the header is row 1); in a Parquet file, the first pupil is row 1."""
    offset = 0 if path.suffix.lower() == ".parquet" else 1
    rows = ", ".join(str(row + offset) for row in error.rows)
    more = " …" if int(str(error.params["count"])) > len(error.rows) else ""
    params = {
        **error.params,
        "rows": rows + more,
        "scale": pgettext("pupil result scale", error.scale),
    }
    return f"{path}: {gettext(error.template) % params}"


def write_atomically(path: Path, write) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    handle, tmp = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.")
    os.close(handle)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = "School contribution (value added) from pupil-level data."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        fit = sub.add_parser("fit", help="fit the model and write one row per school")
        fit.add_argument("pupils", type=Path)
        fit.add_argument("--stage", required=True, choices=["1-4", "5-7", "8-10"])
        fit.add_argument("--out", required=True, type=Path)
        fit.add_argument("--summary-json", type=Path)
        fit.add_argument("--cohorts", type=int, default=2, help="how many cohorts to merge")
        fit.add_argument("--min-pupils", type=int, default=10)
        fit.add_argument("--covariate", action="append", default=[])
        fit.add_argument(
            "--prior-test",
            default="reading",
            choices=sorted(PUBLISHED_RELIABILITY),
            help="the national test the prior is; its published reliability is the default",
        )
        fit.add_argument(
            "--prior-reliability",
            type=float,
            help="the prior's reliability for the measurement-error correction (1: none)",
        )
        fit.add_argument("--owner", help="the owner's slug (with --store)")
        fit.add_argument(
            "--store",
            action="store_true",
            help="store the estimates as the owner's own contribution indicator",
        )
        sim = sub.add_parser("simulate", help="write synthetic pupils with known effects")
        sim.add_argument("--schools", type=int, required=True)
        sim.add_argument("--pupils", type=int, required=True)
        sim.add_argument("--seed", type=int, required=True)
        sim.add_argument("--stage", default="5-7", choices=["1-4", "5-7", "8-10"])
        sim.add_argument("--out", required=True, type=Path)

    def handle(self, *args, action, **options):
        if action == "simulate":
            return self.simulate(**options)
        return self.fit(**options)

    def simulate(self, *, schools, pupils, seed, stage, out, **_):
        if schools < 3 or pupils < schools:
            raise CommandError("need at least 3 schools and one pupil per school")
        frame, truth = simulate_pupils(schools, pupils, seed, stage=stage)
        writer = frame.write_parquet if out.suffix == ".parquet" else frame.write_csv
        write_atomically(out, lambda tmp: writer(tmp))
        truth_path = out.with_name(out.stem + ".truth.csv")
        write_atomically(truth_path, lambda tmp: truth.write_csv(tmp))
        self.stdout.write(
            f"Wrote {frame.height} pupils in {schools} schools to {out} "
            f"(true effects in {truth_path})."
        )

    def fit(
        self,
        *,
        pupils,
        stage,
        out,
        summary_json,
        cohorts,
        min_pupils,
        covariate,
        owner,
        store,
        prior_test,
        prior_reliability,
        **_,
    ):
        if store and not owner:
            raise CommandError("--store needs --owner")
        try:
            frame = read_pupils(pupils)
            result = fit_school_contribution(
                frame,
                stage=stage,
                cohorts=cohorts,
                min_pupils=min_pupils,
                covariates=covariate,
                prior_test=prior_test,
                prior_reliability=prior_reliability,
            )
        except ScaleError as error:
            raise CommandError(scale_error_text(error, pupils)) from None
        except ContributionError as error:
            # Fixed messages have translations; those with values in them are English.
            raise CommandError(f"{pupils}: {gettext(str(error))}") from None
        except SourceError as error:
            raise CommandError(error_text(error, str(pupils))) from None
        tidy = result.tidy()
        text = tidy.with_columns(
            pl.col(c).map_elements(safe_cell, return_dtype=pl.String)
            for c, dtype in tidy.schema.items()
            if dtype == pl.String
        )
        write_atomically(out, lambda tmp: text.write_csv(tmp))
        summary = result.summary()
        if summary_json:
            write_atomically(
                summary_json,
                lambda tmp: tmp.write_text(json.dumps(summary, ensure_ascii=False, indent=2)),
            )
        if store:
            from skolekvalitet.knowledge.contribution import store_contribution

            digest = hashlib.sha256(pupils.read_bytes()).hexdigest()
            report = store_contribution(owner, result, pupils.name, digest)
            self.stdout.write(
                f"Stored {report['stored']} school estimates as "
                f"{report['indicator']}; not the owner's: "
                f"{', '.join(report['unmatched']) or 'none'}."
            )
        reliability = summary["prior_reliability"]
        corrected = (
            f"; prior corrected for measurement error (reliability {reliability:.2f})"
            if reliability is not None and reliability < 1.0
            else ""
        )
        self.stdout.write(
            f"{summary['schools_published']} of {summary['schools_used']} schools published, "
            f"{summary['pupils_used']} pupils; between-school sd "
            f"{summary['between_school_sd']:.2f}, within {summary['within_school_sd']:.2f}"
            f"{corrected}; {summary['seconds']:.2f} s. Wrote {out}."
        )
