"""The patient's tablet strengths (a list, default one 10 mg tablet) replace the split's single
tablet size: each plan keeps the strength it had."""

from django.db import migrations, models

import baclo.web.care.models


def copy_tablet_size(apps, schema_editor):
    Plan = apps.get_model("care", "Plan")
    for plan in Plan.objects.exclude(tablet_mg=10.0).only("pk", "tablet_mg"):
        strength = plan.tablet_mg
        Plan.objects.filter(pk=plan.pk).update(
            tablets=[int(strength) if float(strength).is_integer() else strength]
        )


def copy_first_strength(apps, schema_editor):
    Plan = apps.get_model("care", "Plan")
    for plan in Plan.objects.only("pk", "tablets"):
        strengths = plan.tablets if isinstance(plan.tablets, list) and plan.tablets else [10]
        Plan.objects.filter(pk=plan.pk).update(tablet_mg=float(min(strengths)))


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0003_plan_tapers"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="tablets",
            field=models.JSONField(default=baclo.web.care.models.default_tablets),
        ),
        migrations.RunPython(copy_tablet_size, copy_first_strength),
        migrations.RemoveField(model_name="plan", name="tablet_mg"),
    ]
