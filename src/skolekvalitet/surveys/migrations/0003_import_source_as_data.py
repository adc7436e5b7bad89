"""A survey import keeps its source as data (the school, the survey's names, who answered, the
day the round opened), worded in each reader's language; the published figures point at their
import. Imports of rounds that are gone keep their stored name."""

from django.db import migrations


def keep_sources(apps, schema_editor):
    Import = apps.get_model("knowledge", "Import")
    PublishedFigure = apps.get_model("knowledge", "PublishedFigure")
    Round = apps.get_model("surveys", "Round")
    for batch in Import.objects.filter(format="self-assessment").order_by("pk"):
        round_ = (
            Round.objects.select_related("school", "instrument")
            .filter(pk=batch.report.get("round"))
            .first()
        )
        if round_ is not None and "source" not in batch.report:
            batch.report["source"] = {
                "school": round_.school.name,
                "survey": {"nb": round_.instrument.name_nb, "nn": round_.instrument.name_nn},
                "audience": round_.audience,
                "opens": round_.opens.isoformat(),
            }
            batch.save(update_fields=["report"])
        PublishedFigure.objects.filter(
            owner_id=batch.owner_id, file_name=batch.file_name, source_import=None
        ).update(source_import=batch.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0011_published_source_import"),
        ("surveys", "0002_main_round_and_notices"),
    ]

    operations = [migrations.RunPython(keep_sources, migrations.RunPython.noop)]
