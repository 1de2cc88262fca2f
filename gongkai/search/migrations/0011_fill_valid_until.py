"""The validity periods of the information items already in the search rows (0010 added the column), so that
search derives 失效 from them without waiting for every item to be indexed again; the engine rebuilds its
index from the rows (schema version 2)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

ITEM_SOURCE = "publishing.informationitem"


def fill(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    InformationItem = apps.get_model("publishing", "InformationItem")
    ends = InformationItem.objects.filter(pk=OuterRef("source_id")).values("valid_until")[:1]
    SearchDocument.objects.filter(source=ITEM_SOURCE).update(valid_until=Subquery(ends))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0010_search_document_valid_until"),
        ("publishing", "0009_sitemap_index"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
