"""Seed the official calendar from the chinese-calendar package and create the audit chain head."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.core import calendar as cal

    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    AuditChainHead.objects.get_or_create(pk=1)
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(date=date, kind=kind, name=name, source=cal.PACKAGE_SOURCE)
            for year in cal.package_years()
            for date, kind, name in cal.package_days(year)
            if date not in existing
        ]
    )
    for year in cal.package_years():
        CalendarYear.objects.get_or_create(year=year, defaults={"source": cal.package_year_source(year)})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
