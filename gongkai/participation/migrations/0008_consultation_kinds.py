"""The kinds of draft and their shortest public-comment periods, as the law and State Council rules set them.
The office may change them later (``/manage/participation/kinds/``); this only writes the first rows."""

from django.db import migrations

KINDS = [
    ("major_decision", "重大行政决策", 30, "calendar",
     "《重大行政决策程序暂行条例》（2019年）第十四条：征求意见的期限一般不少于30日"),
    ("rule", "规章", 30, "calendar",
     "《规章制定程序条例》第十五条：向社会公布征求意见的期限一般不少于30日"),
    ("enterprise", "涉企政策", 30, "calendar",
     "《优化营商环境条例》（2019年）第六十二条：与市场主体生产经营活动密切相关的行政法规、规章、行政规范性文件，"
     "征求意见的时间一般不少于30日"),
    ("normative", "行政规范性文件", 7, "working",
     "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）：征求意见的期限一般不少于7个工作日"),
    ("other", "其他", 0, "calendar", ""),
]  # fmt: skip


def seed(apps, schema_editor):
    Kind = apps.get_model("participation", "ConsultationKind")
    for order, (code, name, minimum, day_count, basis) in enumerate(KINDS, start=1):
        Kind.objects.update_or_create(
            code=code, defaults={"name": name, "minimum": minimum, "day_count": day_count, "basis": basis,
                                 "order": order},
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("participation", "0007_consultation_rules")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
