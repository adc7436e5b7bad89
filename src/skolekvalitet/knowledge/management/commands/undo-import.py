"""`skolekvalitet undo-import ID --owner SLUG [--yes]`: undo an import, as the history page
does, after saying what it would change."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from skolekvalitet.documents import present
from skolekvalitet.knowledge.importing import (
    UndoRefused,
    plan_undo,
    undo_import,
    undone_text,
)

from .imports import described, owner_and_language

YES = {"y", "yes", "j", "ja"}


class Command(BaseCommand):
    help = "Undo an import of figures (its number from `skolekvalitet imports`)."

    def add_arguments(self, parser):
        parser.add_argument("import_id", type=int, metavar="ID")
        parser.add_argument("--owner", required=True, help="the owner's slug")
        parser.add_argument("--yes", action="store_true", help="undo without asking first")
        parser.add_argument(
            "--language",
            choices=["nb", "nn", "en"],
            help="the language of the messages (default: the owner's)",
        )

    def handle(self, *args, import_id, owner, yes, language=None, **options):
        owner_obj, language = owner_and_language(owner, language)
        with translation.override(language):
            batch = owner_obj.imports.select_related("actor").filter(pk=import_id).first()
            if batch is None:
                raise CommandError(
                    _("%(owner)s has no import number %(id)s (see: skolekvalitet imports)")
                    % {"owner": owner_obj.name, "id": import_id}
                )
            undo = plan_undo(batch)
            self.stdout.write(described(batch))
            if undo.blockers:
                raise CommandError(
                    _("%(file)s cannot be undone: %(why)s")
                    % {"file": batch.title, "why": " ".join(undo.blockers)}
                )
            for count, text in (
                (
                    undo.added,
                    ngettext(
                        "%(n)s figure it added is removed",
                        "%(n)s figures it added are removed",
                        undo.added,
                    ),
                ),
                (
                    undo.corrected,
                    ngettext(
                        "%(n)s figure it corrected gets its earlier value back",
                        "%(n)s figures it corrected get their earlier values back",
                        undo.corrected,
                    ),
                ),
                (
                    undo.put_back,
                    ngettext(
                        "%(n)s figure it removed is put back",
                        "%(n)s figures it removed are put back",
                        undo.put_back,
                    ),
                ),
            ):
                if count:
                    self.stdout.write("  " + text % {"n": present.number(count, 0)})
            self.stdout.write(
                "  " + _("Schools and areas: %(places)s") % {"places": ", ".join(undo.places)}
            )
            self.stdout.write(
                "  " + _("School years: %(years)s") % {"years": ", ".join(undo.years)}
            )
            if undo.spans:
                self.stdout.write(
                    "  "
                    + _("Grades put back: %(grades)s") % {"grades": "; ".join(undo.grades_back)}
                )
            if not yes:
                answer = input(_("Undo the import? [y/N] ")).strip().casefold()
                if answer not in YES:
                    self.stdout.write(_("Nothing was undone."))
                    return
            try:
                done = undo_import(None, batch)
            except UndoRefused as refused:
                raise CommandError(
                    _("%(file)s cannot be undone: %(why)s") % {"file": batch.title, "why": refused}
                ) from None
            self.stdout.write(undone_text(batch, done))
