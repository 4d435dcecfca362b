"""Editors and Moderators see participants' e-mail addresses; Viewers no longer do."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Editors", "Moderators"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("roundtables")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(
        content_type__app_label="roundtables", codename="view_participant_email"
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="roundtables", codename="view_participant_email"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mieux", "0001_roles"),
        ("roundtables", "0006_who_sees_email_addresses"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
