"""Load the standard catalog template and the seed's key areas."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.publishing import standard

    standard.load(apps)
    PublishingConfig = apps.get_model("publishing", "PublishingConfig")
    if not PublishingConfig.objects.exists():
        PublishingConfig.objects.create()


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
