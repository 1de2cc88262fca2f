"""Existing consultations get their clauses (第X条 or numbered paragraphs), as a save would give them, so that
comments on a clause and the clause-by-clause report work for them too. Consultations that already have
clauses are left alone."""

from django.db import migrations


def split_existing(apps, schema_editor):
    from gongkai.participation.clauses import split  # a pure function of the text

    Consultation = apps.get_model("participation", "Consultation")
    Clause = apps.get_model("participation", "Clause")
    for consultation in Consultation.objects.filter(clauses__isnull=True).only("pk", "draft").iterator():
        Clause.objects.bulk_create(
            Clause(consultation_id=consultation.pk, number=i, label=label[:30], text=body)
            for i, (label, body) in enumerate(split(consultation.draft), start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("participation", "0008_consultation_kinds")]

    operations = [migrations.RunPython(split_existing, migrations.RunPython.noop)]
