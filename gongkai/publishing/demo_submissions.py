"""Demo 信息报送: departments of the city and a street of 兰山区 submit published items to their portal's
要闻 and 通知公告; the city's and 兰山区's openness offices adopt most, decline one with a reason, and leave
one pending. Loaded at the end of ``load_demo`` (after every other app's items). Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.core.actors import system
from gongkai.core.models import Organization, User

from . import services
from .models import Column, InformationItem, Submission
from .portals import portal_root

# The portal columns: the same codes and names as publishing/demo.py creates (either may come first).
PORTAL_COLUMNS = [("news", "要闻", 1), ("notices", "通知公告", 2)]
PORTAL_ROOTS = ["临沂市人民政府", "临沂市兰山区人民政府"]

# (submitter, words in the title of the submitter's unit's item (its newest such item; else its newest
# item), column code, note, decision, reason)
# fmt: off
SUBMISSIONS = [
    ("fgw_editor", "重大建设项目", "news", "全市重大项目建设进展，建议要闻刊发。", "adopt", ""),
    ("fgw_editor", "新旧动能转换重大工程", "notices", "", "adopt", ""),
    ("jyj_editor", "义务教育招生入学", "notices", "涉及全市义务教育招生，群众关注度高。", "adopt", ""),
    ("jyj_editor", "学生资助政策", "news", "", "decline",
     "属政策解读材料，不宜作为全市要闻刊发，已在本单位政策解读栏目公开即可；如有全市性工作部署请报送通知公告。"),
    ("fgw_editor", "守信联合激励", "news", "请审核是否可在要闻栏目刊发。", "", ""),
    ("lanshan_editor", "政务公开进社区", "news", "街道便民服务工作动态。", "adopt", ""),
]
# fmt: on

STREET_ITEM = {
    "title": "兰山街道开展政务公开进社区活动",
    "summary": "兰山街道在辖区社区设立政务公开查阅点，集中解答居民关心的民生政策。",
    "genre": "工作动态",
    "topic": "综合政务",
    "body": "<p>近日，兰山街道在辖区各社区开展政务公开进社区活动，设立政务公开查阅点，"
    "面对面解答居民关心的低保、医保、养老等民生政策。</p>",
}


def _portal_columns(actor) -> None:
    for name in PORTAL_ROOTS:
        unit = Organization.objects.filter(name=name).first()
        if unit is None:
            continue
        for code, label, order in PORTAL_COLUMNS:
            Column.objects.get_or_create(unit=unit, code=code, defaults={"name": label, "sort_order": order})


def _street_item(editor: User) -> None:
    """兰山街道 has no item of its own in the other demos: one published news item to submit."""
    if InformationItem.objects.published().filter(unit=editor.unit).exists():
        return
    published = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() - dt.timedelta(days=3), dt.time(9))
    )
    column, _ = Column.objects.get_or_create(
        unit=editor.unit, code="gzdt", defaults={"name": "工作动态", "sort_order": 1}
    )
    services.import_item(
        actor=system("load_demo"),
        unit=editor.unit,
        columns=[column],
        published_at=published,
        written_on=published.date(),
        **STREET_ITEM,
    )


def _office_of(unit: Organization) -> User | None:
    root = portal_root(unit)
    return User.objects.filter(unit=root, role="openness_office", is_active=True).order_by("pk").first()


def load(report=None) -> None:
    actor = system("load_demo")
    _portal_columns(actor)
    for username, words, code, note, decision, reason in SUBMISSIONS:
        editor = User.objects.filter(username=username).select_related("unit").first()
        if editor is None or editor.unit is None:
            continue
        if username == "lanshan_editor":
            _street_item(editor)
        items = InformationItem.objects.published().filter(unit=editor.unit).order_by("-published_at", "-pk")
        column = Column.objects.filter(unit=portal_root(editor.unit), code=code).first()
        item = items.filter(title__contains=words).first() or items.first()
        if column is None or item is None or Submission.objects.filter(item=item, column=column).exists():
            continue  # nothing to submit, or loaded before
        submission = services.submit_to_portal(actor=editor, item=item, column=column, note=note)
        office = _office_of(editor.unit)
        if office is None or not decision:
            continue
        if decision == "adopt":
            services.adopt_submission(actor=office, submission=submission)
        else:
            services.decline_submission(actor=office, submission=submission, reason=reason)
