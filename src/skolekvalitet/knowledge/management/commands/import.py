import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from skolekvalitet.documents import present
from skolekvalitet.knowledge.importing import FORMATS, apply_import, plan_import
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
        parser.add_argument(
            "--language",
            choices=["nb", "nn", "en"],
            help="the language of the messages (default: the owner's)",
        )

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
        language=None,
        **options,
    ):
        try:
            owner_obj = Owner.objects.get(slug=owner)
        except Owner.DoesNotExist:
            raise CommandError(f"no owner with slug {owner!r}") from None
        with translation.override(language or owner_obj.default_language or "nb"):
            self._import(
                owner_obj, files, create_missing_schools, create_school, map, dry_run, json
            )

    def _import(self, owner_obj, files, create_missing_schools, create_school, map, dry_run, json):
        name_map = dict(item.split("=", 1) for item in map if "=" in item)
        reports, failed = [], False
        with transaction.atomic():
            for path in files:
                if not path.is_file():
                    raise CommandError(_("%(file)s: no such file") % {"file": path})
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
                    _(
                        "--create-school %(numbers)s: no school with this organisation number "
                        "in %(owner)s's municipality in these files"
                    )
                    % {"numbers": ", ".join(unknown), "owner": owner_obj.name}
                )
            if failed:
                transaction.set_rollback(True)
        self._print(reports, json, dry_run)
        if failed:
            raise CommandError(_("nothing was imported: fix the errors above"))

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
                _(
                    "%(file)s: %(format)s; rows: %(rows)s; figures new: %(new)s, updated: "
                    "%(updated)s, unchanged: %(unchanged)s; schools matched: %(matched)s, "
                    "created: %(created)s; suppressed cells: %(suppressed)s"
                )
                % {
                    "file": r["file"],
                    "format": FORMATS.get(r["format"], _("unrecognised")),
                    **{
                        name: present.number(r[key], 0)
                        for name, key in (
                            ("rows", "rows_read"),
                            ("new", "observations_created"),
                            ("updated", "observations_updated"),
                            ("unchanged", "observations_unchanged"),
                            ("matched", "schools_matched"),
                            ("created", "schools_created"),
                            ("suppressed", "suppressed_cells"),
                        )
                    },
                }
            )
            for g in r.get("stores", []):
                self.stdout.write(
                    "  "
                    + _(
                        "stores for %(place)s: %(indicators)s; school years %(years)s; "
                        "%(new)s new, %(corrected)s corrected"
                    )
                    % {
                        "place": g["place"],
                        "indicators": ", ".join(g["indicators"]),
                        "years": ", ".join(g["years"]),
                        "new": present.number(g["new"], 0),
                        "corrected": present.number(g["corrected"], 0),
                    }
                )
            for line in r["warnings"]:
                self.stdout.write("  " + _("warning: %(text)s") % {"text": line})
            for line in r["errors"]:
                self.stderr.write("  " + _("error: %(text)s") % {"text": line})
        self._schools(reports, dry_run)

    def _schools(self, reports, dry_run: bool) -> None:
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
        ownership = {
            "public": _("public"),
            "private": _("private"),
            "unknown": pgettext("ownership", "unknown"),
        }
        for school in sorted(schools.values(), key=lambda s: s["name"].casefold()):
            owned = str(ownership.get(school["ownership"], school["ownership"]))
            if school["ownership"] == "unknown" and school.get("name_suggests_private"):
                owned = _("unknown, the name suggests private")
            where = _(
                "%(number)s, municipality %(municipality)s, ownership %(ownership)s, grades seen "
                "%(grades)s"
            ) % {
                "number": school["org_number"],
                "municipality": school["municipality"],
                "ownership": owned,
                "grades": ", ".join(map(str, school["grades_seen"])) or "–",
            }
            names = {"name": school["name"], "where": where, "number": school["org_number"]}
            if not school["created"]:
                line = _("not created: %(name)s (%(where)s); --create-school %(number)s creates it")
            elif dry_run:
                line = _("would create: %(name)s (%(where)s)")
            else:
                line = _("created: %(name)s (%(where)s)")
            self.stdout.write(line % names)


json_module = json
