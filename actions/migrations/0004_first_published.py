"""When each item first appeared on the public site; what is already published counts from
when it was created."""

from django.db import migrations, models
from django.db.models import F


def published_when_created(apps, schema_editor):
    for name in ("Action", "Outcome"):
        model = apps.get_model("actions", name)
        model.objects.filter(is_published=True).update(published_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0003_the_programmes_figures"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="published_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When it first appeared on the public site.",
                null=True,
                verbose_name="first published",
            ),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="published_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When it first appeared on the public site.",
                null=True,
                verbose_name="first published",
            ),
        ),
        migrations.AddField(
            model_name="historicaloutcome",
            name="published_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When it first appeared on the public site.",
                null=True,
                verbose_name="first published",
            ),
        ),
        migrations.AddField(
            model_name="outcome",
            name="published_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When it first appeared on the public site.",
                null=True,
                verbose_name="first published",
            ),
        ),
        migrations.RunPython(published_when_created, migrations.RunPython.noop),
    ]
