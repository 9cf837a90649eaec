from django.db import migrations


def load(apps, schema_editor):
    from careermanager.cpd.policy_data import load_policies, read_policy_file

    load_policies(lambda name: apps.get_model("cpd", name), read_policy_file())


class Migration(migrations.Migration):
    dependencies = [("cpd", "0001_activities_and_policies")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
