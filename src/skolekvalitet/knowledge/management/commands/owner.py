from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from skolekvalitet.audit.log import record
from skolekvalitet.organisations.models import Owner


class Command(BaseCommand):
    help = "Manage school owners: `owner create --slug S --name N --municipality NNNN`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a school owner")
        create.add_argument("--slug", required=True)
        create.add_argument("--name", required=True)
        create.add_argument("--municipality", default="", help="4 digits (2 for a county)")
        create.add_argument("--kind", default="", choices=["", *Owner.Kind.values])
        create.add_argument("--language", default="nb", choices=["nb", "nn"])

    def handle(self, *args, action, slug, name, municipality, kind, language, **options):
        kind = kind or (Owner.Kind.COUNTY if len(municipality) == 2 else Owner.Kind.MUNICIPALITY)
        owner = Owner(
            slug=slug,
            name=name,
            municipality_number=municipality,
            kind=kind,
            default_language=language,
        )
        try:
            owner.full_clean()
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            ) from None
        owner.save()
        record(None, owner, "create", owner, {"slug": [None, slug], "name": [None, name]})
        self.stdout.write(f"Created {owner.name} ({owner.slug}).")
