import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0006_published_verdicts_and_noise"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="import",
            name="undone_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="import",
            name="undone_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="observationhistory",
            name="uncertainty_kind",
            field=models.CharField(blank=True, max_length=4),
        ),
        migrations.AddField(
            model_name="observationhistory",
            name="source_line",
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="observationhistory",
            name="source_field",
            field=models.CharField(blank=True, max_length=200),
        ),
    ]
