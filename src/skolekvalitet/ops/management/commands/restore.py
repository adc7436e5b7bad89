from django.core.management.base import BaseCommand, CommandError

from skolekvalitet.ops.backup import BackupError, delete_owner, load, read
from skolekvalitet.organisations.models import Owner


class Command(BaseCommand):
    help = (
        "Restore one owner's data from a file written by `skolekvalitet backup`, into the "
        "installation it came from or an empty one."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete the owner's current data first (in the same transaction)",
        )

    def handle(self, *args, file: str, replace: bool, **options) -> None:
        try:
            with open(file, encoding="utf-8") as stream:
                data = read(stream)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        except BackupError as error:
            raise CommandError(f"{file}: {error}") from None
        from django.db import transaction

        try:
            with transaction.atomic():
                current = Owner.objects.filter(slug=data["owner"]).first()
                if replace and current is not None:
                    delete_owner(current)
                count = load(data)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{data['owner']}: {count} objects restored.")
