"""Every unit gets the 政府信息公开 column with its four standard parts (国办公开办函〔2019〕61号).

Units that have a catalog keep it; columns of the template they lack are added (as ``ensure_catalog`` does)
and the five standard columns get their national names and places back. Units without any column get the
whole template, so that every unit's guide and column exist from the start."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.publishing import standard

    Organization = apps.get_model("core", "Organization")
    Column = apps.get_model("publishing", "Column")
    ColumnTemplate = apps.get_model("publishing", "ColumnTemplate")
    templates = list(ColumnTemplate.objects.order_by("sort_order", "pk"))
    if not templates:
        return
    by_pk = {t.pk: t for t in templates}
    fields = ("matter", "content_elements", "legal_basis", "time_limit", "channels", "audience", "mode")
    levels = {"township": "乡级", "county": "县级"}
    for unit in Organization.objects.filter(is_active=True).order_by("path"):
        existing = {c.code: c for c in Column.objects.filter(unit=unit)}
        level = [t for t in templates if t.parent_id is None]
        while level:  # parents before their children
            batch = [
                Column(
                    unit=unit,
                    template_id=t.pk,
                    code=t.code,
                    name=t.name,
                    parent=existing.get(by_pk[t.parent_id].code) if t.parent_id else None,
                    sort_order=t.sort_order,
                    description=t.description,
                    subject=unit.name,
                    level=levels.get(unit.org_type, "市级"),
                    **{name: getattr(t, name) for name in fields},
                )
                for t in level
                if t.code not in existing
            ]
            for column in Column.objects.bulk_create(batch):
                existing[column.code] = column
            ids = {t.pk for t in level}
            level = [t for t in templates if t.parent_id in ids]
        fixed = standard.fix_structure(existing)
        if fixed:
            Column.objects.bulk_update(fixed, ["name", "is_active", "parent"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_organization_contact"),
        ("publishing", "0005_submissions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
