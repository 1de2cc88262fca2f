from django.db import migrations

# spec §4.1 VETO_COLUMNS_STALE: 通知公告/政策文件 first-level columns must be updated within 6 months.
DEFAULTS = [("policy", "policy")]


def forwards(apps, schema_editor):
    ColumnTemplate = apps.get_model("publishing", "ColumnTemplate")
    FreshnessRule = apps.get_model("supervision", "FreshnessRule")
    for code, category in DEFAULTS:
        template = ColumnTemplate.objects.filter(code=code).first()
        if template is not None:
            FreshnessRule.objects.get_or_create(template=template, defaults={"category": category})


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial"), ("publishing", "0002_standard_catalog")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
