"""`skolekvalitet imports --owner SLUG`: the owner's import history, as on the history page."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from skolekvalitet.documents import present
from skolekvalitet.knowledge.importing import summary, undo_blockers_of
from skolekvalitet.organisations.models import Owner


def owner_and_language(slug: str, language: str | None) -> tuple[Owner, str]:
    """The owner by its slug and the language its messages are in (default: the owner's)."""
    try:
        owner = Owner.objects.get(slug=slug)
    except Owner.DoesNotExist:
        raise CommandError(f"no owner with slug {slug!r}") from None
    return owner, language or owner.default_language or "nb"


def when(moment) -> str:
    return present.date(moment)


def described(batch) -> str:
    """An import in one line: its number, file, who imported it when, and what it did."""
    return _("%(id)s  %(file)s – imported by %(who)s on %(day)s: %(what)s.") % {
        "id": batch.pk,
        "file": batch.title,
        "who": batch.actor or _("the command line"),
        "day": when(batch.at),
        "what": summary(batch),
    }


class Command(BaseCommand):
    help = "List an owner's imports: who imported which file when, what it did, and undoing it."

    def add_arguments(self, parser):
        parser.add_argument("--owner", required=True, help="the owner's slug")
        parser.add_argument(
            "--language",
            choices=["nb", "nn", "en"],
            help="the language of the messages (default: the owner's)",
        )

    def handle(self, *args, owner, language=None, **options):
        owner_obj, language = owner_and_language(owner, language)
        with translation.override(language):
            imports = list(owner_obj.imports.select_related("actor", "undone_by")[:100])
            if not imports:
                self.stdout.write(_("No file has been imported yet."))
                return
            blockers = undo_blockers_of(imports)
            for b in imports:
                self.stdout.write(described(b))
                if b.undone_at:
                    line = _("Undone by %(who)s on %(day)s.") % {
                        "who": b.undone_by or _("the command line"),
                        "day": when(b.undone_at),
                    }
                elif blockers[b.pk]:
                    line = _("Cannot be undone now:") + " " + " ".join(blockers[b.pk])
                else:
                    line = _("Undo it with: skolekvalitet undo-import %(id)s --owner %(owner)s") % {
                        "id": b.pk,
                        "owner": owner_obj.slug,
                    }
                self.stdout.write("    " + line)
