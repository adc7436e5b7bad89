import os

from django.core.management.base import BaseCommand, CommandError

from skolekvalitet.ops.backup import dump
from skolekvalitet.organisations.models import Owner


class Command(BaseCommand):
    help = "Write one owner's data to a JSON file (restore it with `skolekvalitet restore`)."

    def add_arguments(self, parser):
        parser.add_argument("--owner", required=True, help="the owner's address (slug)")
        parser.add_argument("file", help="the file to write; '-' for standard output")

    def handle(self, *args, owner: str, file: str, **options) -> None:
        found = Owner.objects.filter(slug=owner).first()
        if found is None:
            raise CommandError(f"no owner with slug {owner!r}")
        if file == "-":
            count = dump(found, self.stdout)
        else:
            partial = f"{file}.partial"  # a failed backup leaves no file that looks whole
            try:
                with open(partial, "w", encoding="utf-8") as stream:
                    count = dump(found, stream)
                os.replace(partial, file)
            except OSError as error:
                raise CommandError(f"cannot write {file}: {error.strerror}") from None
        self.stderr.write(f"{owner}: {count} objects written.")
