"""A year's source as the public reads it: the State Council notice, without the package's name (the public
pages showed "据 chinese-calendar 数据录入"; the days themselves keep the package as their source)."""

from django.db import migrations

SUFFIX = "（据 chinese-calendar 数据录入）"


def forwards(apps, schema_editor):
    CalendarYear = apps.get_model("core", "CalendarYear")
    for row in CalendarYear.objects.filter(source__endswith=SUFFIX):
        row.source = row.source[: -len(SUFFIX)]
        row.save(update_fields=["source"])


class Migration(migrations.Migration):
    dependencies = [("core", "0007_organization_contact")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
