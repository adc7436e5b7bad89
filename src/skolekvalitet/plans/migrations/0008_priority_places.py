"""Number each quality plan's priority areas 0, 1, 2 … in the order they are read (order, then
when they were added), so a place the owner gives later is kept among them."""

from django.db import migrations


def number(apps, schema_editor):
    Priority = apps.get_model("plans", "Priority")
    QualityPlan = apps.get_model("plans", "QualityPlan")
    for quality in QualityPlan.objects.all():
        for place, priority in enumerate(
            Priority.objects.filter(quality_plan=quality).order_by("order", "pk")
        ):
            if priority.order != place:
                Priority.objects.filter(pk=priority.pk).update(order=place)


class Migration(migrations.Migration):
    dependencies = [("plans", "0007_plan_changed_at")]

    operations = [migrations.RunPython(number, migrations.RunPython.noop)]
