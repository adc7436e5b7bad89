"""`skolekvalitet report --owner SLUG --year 2025-26 --format pdf|docx|html --lang nb|nn
--out FILE`: the status report as a file."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skolekvalitet.organisations.models import Owner, SchoolYear
from skolekvalitet.reporting.models import StatusReport
from skolekvalitet.reporting.tasks import render_report


class Command(BaseCommand):
    help = "Generate the status report as PDF, DOCX or HTML."

    def add_arguments(self, parser):
        parser.add_argument("--owner", required=True)
        parser.add_argument("--year", required=True)
        parser.add_argument("--format", required=True, choices=["pdf", "docx", "html"])
        parser.add_argument("--lang", default=None, choices=["nb", "nn"])
        parser.add_argument("--out", required=True, type=Path)

    def handle(self, *args, owner, year, format, lang, out, **options):
        try:
            owner_obj = Owner.objects.get(slug=owner)
            school_year = SchoolYear.objects.get(code=year)
        except (Owner.DoesNotExist, SchoolYear.DoesNotExist):
            raise CommandError(f"no owner {owner!r} or no school year {year!r}") from None
        report, _created = StatusReport.objects.get_or_create(
            owner=owner_obj,
            school_year=school_year,
            defaults={"language": owner_obj.default_language},
        )

        def progress(percent: int) -> None:
            self.stderr.write(f"\r{percent:3d} %", ending="")

        data = render_report(report, format, lang or report.language, progress)
        handle, tmp = tempfile.mkstemp(dir=out.parent if str(out.parent) else ".")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(tmp, out)
        self.stderr.write("\r100 %")
        self.stdout.write(f"Wrote {out} ({len(data) // 1024} KiB).")
