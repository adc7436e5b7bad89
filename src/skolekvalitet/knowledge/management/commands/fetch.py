"""`skolekvalitet fetch`: ask Udir's open statistics API for the owner's schools, store the raw
responses first (so an import can always be traced and redone), then import them."""

import datetime
import hashlib
import urllib.request
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from skolekvalitet.knowledge.importing import apply_import, plan_import
from skolekvalitet.organisations.models import Owner
from skolekvalitet.sources.records import SourceError
from skolekvalitet.sources.udir_api import request_url


def http_get(url: str) -> bytes:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "skolekvalitet"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


class Command(BaseCommand):
    help = "Fetch pupil-survey tables from Udir's statistics API for an owner's schools."
    opener: Callable[[str], bytes] = staticmethod(http_get)

    def add_arguments(self, parser):
        parser.add_argument("--owner", required=True)
        parser.add_argument(
            "--table", type=int, action="append", required=True, help="148–155; repeat for several"
        )
        parser.add_argument("--year", action="append", required=True, help="e.g. 2025-26")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, owner, table, year, dry_run, **options):
        try:
            owner_obj = Owner.objects.get(slug=owner)
        except Owner.DoesNotExist:
            raise CommandError(f"no owner with slug {owner!r}") from None
        numbers = list(owner_obj.schools.values_list("org_number", flat=True))
        raw_dir = Path(settings.DATA_DIR) / "fetched" / owner_obj.slug
        raw_dir.mkdir(parents=True, exist_ok=True)
        with transaction.atomic():
            for number in table:
                try:
                    url = request_url(number, numbers, year)
                except SourceError as error:
                    raise CommandError(str(error)) from None
                data = self.opener(url)
                stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S")
                name = f"tabell_{number}_{stamp}_{hashlib.sha256(data).hexdigest()[:8]}.json"
                (raw_dir / name).write_bytes(data)
                plan = plan_import(owner_obj, data, name)
                if plan.errors:
                    raise CommandError("; ".join(plan.errors))
                if not dry_run:
                    apply_import(None, plan)
                report = plan.report()
                self.stdout.write(
                    f"{name}: {report['observations_created']} new, "
                    f"{report['observations_updated']} updated, "
                    f"{report['observations_unchanged']} unchanged; saved as "
                    f"{raw_dir / name}"
                )
