"""Fill the empty 公开内容（要素） of the standard template and of units' columns (issue 24, item 13)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.publishing import standard

    standard.fill_content_elements(apps)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0009_sitemap_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
