"""Imports made before knowledge.store kept what each import wrote on it (questionnaire rounds,
the school contribution) get their counts from the figures and their history."""

from django.db import migrations

KEYS = ("observations_created", "observations_updated", "observations_removed")


def backfill(apps, schema_editor):
    Import = apps.get_model("knowledge", "Import")
    Observation = apps.get_model("knowledge", "Observation")
    History = apps.get_model("knowledge", "ObservationHistory")
    for batch in Import.objects.all().iterator():
        if KEYS[0] in batch.report:
            continue
        replaced = History.objects.filter(replaced_by=batch)
        updated = replaced.filter(removed=False).count()
        removed = replaced.filter(removed=True).count()
        # Every value it wrote still stands or was replaced later (not by an import undone
        # since: that one's undo put the value back).
        wrote = Observation.objects.filter(source_import=batch).count()
        wrote += History.objects.filter(
            source_import=batch, replaced_by__undone_at__isnull=True
        ).count()
        batch.report = {
            **batch.report,
            KEYS[0]: max(0, wrote - updated),
            KEYS[1]: updated,
            KEYS[2]: removed,
        }
        batch.save(update_fields=["report"])


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0008_drop_derived_fields")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
