from django.core.management.base import BaseCommand, CommandError

from skolekvalitet.knowledge.models import Publication
from skolekvalitet.knowledge.publishing import current, generation_published, lock, publish
from skolekvalitet.organisations.models import Owner


class Command(BaseCommand):
    help = (
        "Work out every owner's published figures again (or one owner's with --owner) and store "
        "what changed: run after an upgrade that changes how figures are hidden or compared."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--owner", help="the owner's address name (slug); all owners if left out"
        )

    def handle(self, *args, owner: str | None, **options):
        owners = Owner.objects.order_by("slug")
        if owner is not None:
            owners = owners.filter(slug=owner)
            if not owners.exists():
                raise CommandError(f"No owner called {owner!r}.")
        for found in owners:
            publication = publish(found)
            if publication is None:
                with lock(found):  # what the apps above work out from the figures, again
                    now = current(found)
                    if now is not None:
                        generation_published.send(sender=Publication, owner=found, publication=now)
                self.stdout.write(f"{found.slug}: nothing changed")
            else:
                self.stdout.write(f"{found.slug}: generation {publication.generation} published")
