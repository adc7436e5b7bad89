"""Give the events recorded before they knew their school (plan items, measures, goals, criteria,
tasks, analyses, survey imports …) the school of their object, so the log's school filter finds
them."""

from django.db import migrations


def fill(apps, schema_editor):
    from skolekvalitet.audit.log import fill_schools

    fill_schools(apps.get_model("audit", "AuditEvent"))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_frozen_record"),
        ("analysis", "0001_initial"),
        ("api", "0002_refused_calls"),
        ("dialogues", "0004_drop_derived_fields"),
        ("identity", "0004_provider_name_and_iss"),
        ("knowledge", "0008_drop_derived_fields"),
        ("notifications", "0001_initial"),
        ("ops", "0002_job_started"),
        ("organisations", "0003_person_language"),
        ("plans", "0005_plan_item_labels"),
        ("reporting", "0002_internal_control"),
        ("surveys", "0002_main_round_and_notices"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
