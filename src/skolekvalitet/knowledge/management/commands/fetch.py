"""`skolekvalitet fetch`: ask Udir's open statistics API for the owner's schools, store the raw
answers first, check their layout, then import them (knowledge/fetch.py)."""

from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from skolekvalitet.knowledge.fetch import FetchError, fetch, http_get
from skolekvalitet.organisations.models import Owner
from skolekvalitet.sources.records import SourceError


class Command(BaseCommand):
    help = (
        "Fetch pupil-survey tables from Udir's statistics API for an owner's schools. An answer "
        "in a changed layout imports nothing and tells the owner's administrators."
    )
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
        try:
            with translation.override(owner_obj.default_language):
                answers = fetch(owner_obj, table, year, self.opener, dry_run)
        except (FetchError, SourceError) as error:
            raise CommandError(str(error)) from None
        for answer in answers:
            if answer.unchanged:
                self.stdout.write(f"{answer.path.name}: the same as the last good answer")
                continue
            report = answer.report
            self.stdout.write(
                f"{answer.path.name}: {report['observations_created']} new, "
                f"{report['observations_updated']} updated, "
                f"{report['observations_unchanged']} unchanged; saved as {answer.path}"
            )
