from django.db import migrations


def create_staff_group(apps, schema_editor):
    """The Staff role: a group holding the permission to review submissions."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the group needs one now.
    accounts = apps.get_app_config("accounts")
    accounts.models_module = True
    create_permissions(accounts, apps=apps, verbosity=0)
    accounts.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Staff")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="accounts", codename="review_submissions")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_staff_group, migrations.RunPython.noop)]
