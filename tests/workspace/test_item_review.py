"""The preview of an item as the public will see it (/manage/items/<id>/preview/) and the reviewer's page
(/manage/items/<id>/review/): scoped to staff who reach the item, never indexed, approve and return through
the workflow services."""

import pytest

from gongkai.core.actors import SYSTEM
from gongkai.core.models import AuditEvent
from gongkai.publishing import services
from gongkai.publishing.models import LexiconEntry, ReviewStep, Status
from tests.conftest import logged_in
from tests.publishing.conftest import make_item, publish

pytestmark = pytest.mark.django_db


def preview_url(item):
    return f"/manage/items/{item.pk}/preview/"


def review_url(item):
    return f"/manage/items/{item.pk}/review/"


@pytest.fixture
def draft(catalogs, editor_a):
    return make_item(catalogs.dept_a, actor=editor_a, title="关于做好能源保供工作的通知（草稿）")


@pytest.fixture
def submitted(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a, title="关于做好能源保供工作的通知")
    return services.submit_item(actor=editor_a, item=item)


# Preview ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["editor_a", "reviewer_a", "office"])
def test_staff_of_the_unit_and_the_office_see_the_preview(request, draft, who):
    response = logged_in(request.getfixturevalue(who)).get(preview_url(draft))
    assert response.status_code == 200
    page = response.content.decode()
    assert "publishing/item.html" in [t.name for t in response.templates]  # the public page's own template
    assert "预览" in page and "此页面仅供预览，尚未公开" in page
    assert "状态：草稿" in page
    assert draft.title in page and "现就做好能源保供工作通知如下。" in page


@pytest.mark.parametrize("who", ["editor_b", "reviewer_b"])
def test_another_units_staff_get_404(request, draft, who):
    assert logged_in(request.getfixturevalue(who)).get(preview_url(draft)).status_code == 404
    assert logged_in(request.getfixturevalue(who)).get(review_url(draft)).status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in(client, draft):
    response = client.get(preview_url(draft))
    assert response.status_code == 302
    assert response["Location"].startswith("/manage/admin/login/?next=")


def test_preview_tells_search_engines_to_keep_out_and_is_never_cached(draft, editor_a):
    response = logged_in(editor_a).get(preview_url(draft))
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_draft_without_index_number_or_date_shows_awaiting_publication(draft, editor_a):
    assert draft.index_no is None and draft.published_at is None
    page = logged_in(editor_a).get(preview_url(draft)).content.decode()
    metadata = page[page.index('class="metadata"') : page.index("</table>")]
    assert metadata.count("待发布") == 2  # 索引号 and 发布日期
    assert "打印本页" not in page  # the printable page exists once the item is public


def test_draft_attachments_open_from_the_preview_for_staff_only(draft, editor_a, editor_b, citizen):
    from tests.publishing.samples import pdf_bytes

    attachment = services.add_attachment(
        actor=editor_a, item=draft, data=pdf_bytes(), name="重点企业名单.pdf"
    )
    staff_url = f"/manage/items/{draft.pk}/attachments/{attachment.pk}/"
    client = logged_in(editor_a)
    assert staff_url in client.get(preview_url(draft)).content.decode()
    response = client.get(staff_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert logged_in(editor_b).get(staff_url).status_code == 404
    assert citizen.get(attachment.get_absolute_url()).status_code == 404  # not public before publication


def test_submitted_item_preview_shows_its_review_level(submitted, reviewer_a):
    page = logged_in(reviewer_a).get(preview_url(submitted)).content.decode()
    assert "待审核（第 1 级审核，共 1 级）" in page
    assert review_url(submitted) in page  # the reviewer goes on to review from here


def test_published_item_preview_points_to_the_public_page(catalogs, editor_a, reviewer_a):
    item = publish(make_item(catalogs.dept_a, actor=editor_a), editor_a, reviewer_a)
    page = logged_in(editor_a).get(preview_url(item)).content.decode()
    assert "该信息已公开" in page and item.get_absolute_url() in page
    assert f"/xxgk/items/{item.pk}/print/" in page
    assert item.index_no in page


def test_admin_view_on_site_leads_to_the_preview_until_published(catalogs, draft, editor_a, reviewer_a):
    from django.contrib import admin

    from gongkai.publishing.models import InformationItem

    model_admin = admin.site._registry[InformationItem]
    assert model_admin.get_view_on_site_url(draft) == preview_url(draft)
    item = publish(make_item(catalogs.dept_a, actor=editor_a), editor_a, reviewer_a)
    assert model_admin.get_view_on_site_url(item) == item.get_absolute_url()
    page = logged_in(editor_a).get(f"/manage/admin/publishing/informationitem/{draft.pk}/change/").text
    assert preview_url(draft) in page


# The reviewer's page ----------------------------------------------------------------------------------


def test_review_page_shows_preview_checks_level_and_first_publication(submitted, reviewer_a):
    LexiconEntry.objects.create(term="保供", kind="misspelling", correction="保障供应", severity="warn")
    response = logged_in(reviewer_a).get(review_url(submitted))
    assert response.status_code == 200
    page = response.content.decode()
    assert submitted.title in page and "现就做好能源保供工作通知如下。" in page
    assert "第 1 级审核，共 1 级" in page
    assert "提示" in page and "“保供”疑为错误写法，应为“保障供应”。" in page
    assert "首次发布" in page
    assert 'name="decision" value="approve"' in page and 'name="decision" value="reject"' in page


def test_review_page_shows_the_difference_from_what_was_published(catalogs, editor_a, reviewer_a):
    item = publish(
        make_item(catalogs.dept_a, actor=editor_a, body="<p>原来的一段。</p>"), editor_a, reviewer_a
    )
    services.withdraw_item(actor=reviewer_a, item=item, reason="需要修改执行期限")
    item = services.restore_item(actor=editor_a, item=item)
    item = services.update_item(
        actor=editor_a,
        item=item,
        expected_version=item.version,
        body="<p>修改后的一段。</p>",
        disclosure_mode="proactive",
        topic="综合政务",
    )
    services.submit_item(actor=editor_a, item=item)
    page = logged_in(reviewer_a).get(review_url(item)).content.decode()
    assert "首次发布" not in page
    assert "正文" in page and "原来的一段。" in page and "修改后的一段。" in page
    assert "<del>" in page and "<ins>" in page
    assert "主题分类" in page and "国民经济管理" in page and "综合政务" in page


def test_approve_publishes_and_the_public_page_shows_it(submitted, reviewer_a, citizen):
    client = logged_in(reviewer_a)
    response = client.post(
        review_url(submitted), {"decision": "approve", "version": submitted.version, "comment": "同意发布"}
    )
    assert response.status_code == 302 and response["Location"] == "/manage/"
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED and submitted.index_no
    step = ReviewStep.objects.get(item=submitted)
    assert step.decision == "approved" and step.reason == "同意发布" and step.reviewer == reviewer_a
    assert AuditEvent.objects.filter(action="publishing.item.approve", object_id=str(submitted.pk)).exists()
    public = citizen.get(submitted.get_absolute_url())
    assert public.status_code == 200 and submitted.title in public.content.decode()
    assert "已审核通过并发布" in client.get("/manage/").content.decode()


def test_first_of_two_levels_keeps_it_in_review(catalogs, editor_a, reviewer_a, admin_a, citizen):
    services.set_review_levels(actor=SYSTEM, unit=catalogs.dept_a, levels=2)
    item = services.submit_item(actor=editor_a, item=make_item(catalogs.dept_a, actor=editor_a))
    client = logged_in(reviewer_a)
    response = client.post(review_url(item), {"decision": "approve", "version": item.version})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED and item.review_level_done == 1
    assert citizen.get(item.get_absolute_url()).status_code == 404
    assert "已通过第 1 级审核，等待第 2 级审核" in client.get("/manage/").content.decode()

    # The same reviewer may not take the second level: read-only, no buttons.
    page = client.get(review_url(item)).content.decode()
    assert "下一级须由其他审核人审核" in page and 'value="approve"' not in page

    page = logged_in(admin_a).get(review_url(item)).content.decode()
    assert "第 2 级审核，共 2 级" in page and "第 1 级 · 通过" in page
    logged_in(admin_a).post(review_url(item), {"decision": "approve", "version": item.version})
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert citizen.get(item.get_absolute_url()).status_code == 200


def test_return_needs_a_reason_and_changes_nothing_without_one(submitted, reviewer_a):
    client = logged_in(reviewer_a)
    version = submitted.version
    events = AuditEvent.objects.count()
    response = client.post(review_url(submitted), {"decision": "reject", "version": version, "reason": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "退回时请写明原因" in page and 'href="#id_reason"' in page and 'aria-invalid="true"' in page
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and submitted.version == version
    assert not ReviewStep.objects.filter(item=submitted).exists()
    assert AuditEvent.objects.count() == events

    response = client.post(
        review_url(submitted), {"decision": "reject", "version": version, "reason": "请补充执行期限"}
    )
    assert response.status_code == 302 and response["Location"] == "/manage/"
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT
    assert ReviewStep.objects.get(item=submitted).reason == "请补充执行期限"


def test_editor_sees_the_review_page_read_only(submitted, editor_a):
    client = logged_in(editor_a)
    page = client.get(review_url(submitted)).content.decode()
    assert "您没有审核该信息的权限" in page and 'value="approve"' not in page
    response = client.post(review_url(submitted), {"decision": "approve", "version": submitted.version})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_a_stale_action_gets_a_message_not_an_error(submitted, reviewer_a, office):
    stale_version = submitted.version
    services.approve_item(actor=office, item=submitted)  # someone else got there first
    client = logged_in(reviewer_a)
    response = client.post(review_url(submitted), {"decision": "approve", "version": stale_version})
    assert response.status_code == 302 and response["Location"] == review_url(submitted)
    page = client.get(response["Location"]).content.decode()
    assert "该信息已被他人处理或修改" in page
    assert "不在审核中" in page and 'value="approve"' not in page
    assert ReviewStep.objects.filter(item=submitted).count() == 1


def test_blocking_findings_keep_approval_back_with_a_message(submitted, reviewer_a):
    LexiconEntry.objects.create(term="保供", kind="forbidden", severity="block", note="测试")
    client = logged_in(reviewer_a)
    page = client.get(review_url(submitted)).content.decode()
    assert "阻止发布" in page and "含有禁用词“保供”" in page
    response = client.post(review_url(submitted), {"decision": "approve", "version": submitted.version})
    assert response.status_code == 400
    assert "含有禁用词“保供”" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_review_page_has_no_english_words(submitted, reviewer_a):
    import re

    page = logged_in(reviewer_a).get(review_url(submitted)).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    text = re.sub(r"<[^>]+>", " ", main)
    assert not re.findall(r"\b[A-Za-z]{3,}\b", text), re.findall(r"\b[A-Za-z]{3,}\b", text)


def test_review_page_queries_do_not_grow_with_steps_or_attachments(catalogs, editor_a, reviewer_a, admin_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.publishing.samples import pdf_bytes

    services.set_review_levels(actor=SYSTEM, unit=catalogs.dept_a, levels=3)
    item = make_item(catalogs.dept_a, actor=editor_a)
    services.submit_item(actor=editor_a, item=item)
    client = logged_in(admin_a)
    with CaptureQueriesContext(connection) as few:
        assert client.get(review_url(item)).status_code == 200
    services.reject_item(actor=reviewer_a, item=item, reason="请补充附件")
    for name in ("名单一.pdf", "名单二.pdf", "名单三.pdf"):
        services.add_attachment(actor=editor_a, item=item, data=pdf_bytes(), name=name)
    services.submit_item(actor=editor_a, item=item)
    services.approve_item(actor=reviewer_a, item=item)
    with CaptureQueriesContext(connection) as many:
        assert client.get(review_url(item)).status_code == 200
    assert len(many) == len(few) <= 20  # measured when pinned


@pytest.mark.parametrize(
    ("key", "stored", "shown"),
    [
        ("disclosure_mode", "proactive", "主动公开"),
        ("validity", "repealed", "废止"),
        ("written_on", "2024-03-01", "2024年3月1日"),
        ("columns", ["政策文件", "通知公告"], "政策文件、通知公告"),
        ("summary", "", ""),
        ("title", "关于做好能源保供工作的通知", "关于做好能源保供工作的通知"),
    ],
)
def test_the_difference_reads_in_chinese(key, stored, shown):
    from gongkai.publishing.revisions import describe

    assert describe(key, stored) == shown
