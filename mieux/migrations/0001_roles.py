"""The staff roles, as groups with their permissions.

- Editors: all the programme's content (round-tables, participants, Actions, outcomes,
  findings, the taxonomy); they can read reflections but not decide on them.
- Moderators: reflections and participants, and nothing else. They can read round-tables and
  institutions, which a participant's form needs to pick from, and see the outgoing e-mail.
- Viewers: read everything the other two work on, change nothing.

The permissions are listed here as they stand; to change them, write a new migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")
VIEW = ("view",)

CONTENT = {
    "actions": ["region", "thematicarea", "specificarea", "institution", "action", "activity", "outcome"],
    "roundtables": ["roundtable", "participant"],
    "findings": ["finding"],
}
REFLECTIONS = {"reflections": ["reflection", "reflectionawaitingmoderation"]}

ROLES = {
    "Editors": [
        (CONTENT, ALL),
        (REFLECTIONS, VIEW),
        ({"reflections": ["invitation"]}, VIEW),
    ],
    "Moderators": [
        (REFLECTIONS, ("change", "view")),
        ({"roundtables": ["participant"]}, ALL),
        (
            {"reflections": ["invitation"], "roundtables": ["roundtable"], "actions": ["institution"]},
            VIEW,
        ),
        ({"outbox": ["outboundemail"]}, VIEW),
    ],
    "Viewers": [
        (CONTENT, VIEW),
        (REFLECTIONS, VIEW),
        ({"reflections": ["invitation"]}, VIEW),
    ],
}


def codenames(grants):
    for models, actions in grants:
        for app_label, names in models.items():
            for name in names:
                for action in actions:
                    yield app_label, f"{action}_{name}"


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now for the groups.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in codenames(grants)
        ]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("actions", "0001_initial"),
        ("roundtables", "0001_initial"),
        ("reflections", "0001_initial"),
        ("findings", "0001_initial"),
        ("outbox", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
