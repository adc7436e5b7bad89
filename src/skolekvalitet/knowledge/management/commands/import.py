import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from skolekvalitet.knowledge.importing import apply_import, plan_import
from skolekvalitet.organisations.models import Owner


class Command(BaseCommand):
    help = "Import Udir exports or the tidy template for an owner (all files or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--owner", required=True, help="the owner's slug")
        parser.add_argument(
            "--create-missing-schools",
            action="store_true",
            help="create the schools in the owner's municipality that the file says are "
            "public (a file without ownership columns creates none: use --create-school)",
        )
        parser.add_argument(
            "--create-school",
            action="append",
            default=[],
            metavar="ORGNR",
            help="create this school (organisation number) as the owner's; the dry run lists "
            "the candidates with their grades and ownership",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="NAME=ORGNR",
            help="match a school name in the file to an organisation number",
        )
        parser.add_argument("--dry-run", action="store_true", help="report, store nothing")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(
        self,
        *args,
        files,
        owner,
        create_missing_schools,
        create_school,
        map,
        dry_run,
        json: bool,
        **options,
    ):
        try:
            owner_obj = Owner.objects.get(slug=owner)
        except Owner.DoesNotExist:
            raise CommandError(f"no owner with slug {owner!r}") from None
        name_map = dict(item.split("=", 1) for item in map if "=" in item)
        reports, failed = [], False
        with transaction.atomic():
            for path in files:
                if not path.is_file():
                    raise CommandError(f"{path}: no such file")
                plan = plan_import(
                    owner_obj,
                    path.read_bytes(),
                    path.name,
                    create_missing_schools=create_missing_schools,
                    name_map=name_map,
                    create_schools=create_school,
                )
                failed |= bool(plan.errors)
                if not plan.errors and not dry_run:
                    apply_import(None, plan)
                reports.append(plan.report())
            seen = {
                school["org_number"]
                for r in reports
                for key in ("schools_to_create", "schools_not_created")
                for school in r[key]
            } | set(owner_obj.schools.values_list("org_number", flat=True))
            if unknown := sorted(set(create_school) - seen):
                failed = True
                reports[-1]["errors"].append(
                    f"--create-school {', '.join(unknown)}: no school with this organisation "
                    f"number in {owner_obj.name}'s municipality in these files"
                )
            if failed:
                transaction.set_rollback(True)
        self._print(reports, json, dry_run)
        if failed:
            raise CommandError("nothing was imported: fix the errors above")

    def _print(self, reports, as_json: bool, dry_run: bool) -> None:
        if as_json:
            self.stdout.write(
                json_module.dumps(
                    reports[0] if len(reports) == 1 else reports, ensure_ascii=False, indent=2
                )
            )
            return
        for r in reports:
            self.stdout.write(
                f"{r['file']}: {r['format'] or 'unrecognised'}, {r['rows_read']} "
                f"rows; {r['observations_created']} new, "
                f"{r['observations_updated']} updated, "
                f"{r['observations_unchanged']} unchanged figures; "
                f"{r['schools_matched']} schools matched, "
                f"{r['schools_created']} created; "
                f"{r['suppressed_cells']} suppressed"
            )
            for line in r["warnings"]:
                self.stdout.write(f"  warning: {line}")
            for line in r["errors"]:
                self.stderr.write(f"  error: {line}")
        self._schools(reports, "would create" if dry_run else "created")

    def _schools(self, reports, done: str) -> None:
        """The schools the files could create, with the grades seen across all the files."""
        schools: dict[str, dict] = {}
        for r in reports:
            for key, created in (("schools_to_create", True), ("schools_not_created", False)):
                for school in r.get(key, []):
                    seen = schools.setdefault(school["org_number"], {**school, "created": False})
                    seen["grades_seen"] = sorted({*seen["grades_seen"], *school["grades_seen"]})
                    seen["ownership"] = (
                        school["ownership"] if seen["ownership"] == "unknown" else seen["ownership"]
                    )
                    seen["created"] |= created
        for school in sorted(schools.values(), key=lambda s: s["name"].casefold()):
            grades = ", ".join(map(str, school["grades_seen"])) or "–"
            if school["ownership"] == "unknown" and school.get("name_suggests_private"):
                school["ownership"] = "unknown, the name suggests private"
            where = (
                f"{school['org_number']}, municipality {school['municipality']}, ownership "
                f"{school['ownership']}, grades seen {grades}"
            )
            if school["created"]:
                self.stdout.write(f"{done}: {school['name']} ({where})")
            else:
                self.stdout.write(
                    f"not created: {school['name']} ({where}); "
                    f"--create-school {school['org_number']} creates it"
                )


json_module = json
