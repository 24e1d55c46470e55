"""Let Wagtail's Moderators and Editors groups moderate reader comments."""

from django.db import migrations

GROUPS = ("Moderators", "Editors")
CODENAMES = ("view_readercomment", "change_readercomment", "delete_readercomment")


def _permissions_and_groups(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="blog", codename__in=CODENAMES
    )
    return list(permissions), Group.objects.filter(name__in=GROUPS)


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; create them now to grant them.
    app_config = apps.get_app_config("blog")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    permissions, groups = _permissions_and_groups(apps)
    for group in groups:
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    permissions, groups = _permissions_and_groups(apps)
    for group in groups:
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0004_author_user"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
