"""Every publishing back-office screen saves through a service and leaves its audit record; the checks the
screens use come from ``publishing/access.py``."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.core.actors import system
from gongkai.publishing import access
from gongkai.publishing.models import Column, InformationItem, KeyArea, LexiconEntry, ReviewPolicy
from tests.audits import record_of
from tests.conftest import logged_in
from tests.publishing.conftest import make_item
from tests.publishing.test_admin import ADD, form_data

pytestmark = pytest.mark.django_db


def test_an_item_written_and_changed_in_the_back_office_is_recorded(catalogs, editor_a):
    client = logged_in(editor_a)
    assert client.post(ADD, form_data(catalogs.dept_a)).status_code == 302
    item = InformationItem.objects.get()
    assert record_of("publishing.item.created", item).actor == editor_a
    assert record_of("publishing.attachment.added", item).actor == editor_a
    attachment = item.attachments.get()
    change = form_data(catalogs.dept_a, summary="部署全市价格监测。", expected_version=item.version, **{
        "attachments-INITIAL_FORMS": "1", "attachments-0-id": attachment.pk, "attachments-0-item": item.pk,
        "attachments-0-upload": "", "validity": "valid", "validity_changed_on": "", "replaced_by": "",
        "validity_note": "", "valid_until": "",
    })  # fmt: skip
    assert (
        client.post(f"/manage/admin/publishing/informationitem/{item.pk}/change/", change).status_code == 302
    )
    item.refresh_from_db()
    assert item.summary == "部署全市价格监测。"
    assert record_of("publishing.item.changed", item).changes["summary"] == [
        "部署价格监测。",
        "部署全市价格监测。",
    ]


def test_a_column_added_in_the_back_office_is_recorded(catalogs, admin_a, editor_a):
    form = {"unit": catalogs.dept_a.pk, "parent": "", "code": "price", "name": "价格监测", "sort_order": 100,
            "description": "", "is_active": "on", "matter": "", "content_elements": "", "legal_basis": "",
            "time_limit": "", "subject": "", "channels": "[]", "audience": "public", "mode": "proactive", "level": ""}  # fmt: skip
    assert logged_in(editor_a).post("/manage/admin/publishing/column/add/", form).status_code == 403
    response = logged_in(admin_a).post("/manage/admin/publishing/column/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    column = Column.objects.get(unit=catalogs.dept_a, code="price")
    assert record_of("publishing.column.created", column).actor == admin_a


def test_review_levels_set_in_the_back_office_are_recorded(catalogs, admin_a):
    response = logged_in(admin_a).post(
        "/manage/admin/publishing/reviewpolicy/add/", {"unit": catalogs.dept_a.pk, "levels": 2}
    )
    assert response.status_code == 302
    policy = ReviewPolicy.objects.get(unit=catalogs.dept_a)
    assert policy.levels == 2
    assert record_of("publishing.review_policy.set", policy).actor == admin_a


@pytest.mark.parametrize(
    ("url", "form", "model", "lookup"),
    [
        ("/manage/admin/publishing/lexiconentry/add/", {"term": "帐号", "kind": "misspelling", "correction": "账号",
                                                  "severity": "warn", "note": ""}, LexiconEntry, {"term": "帐号"}),
        ("/manage/admin/publishing/keyarea/add/", {"code": "price", "name": "价格收费", "group": "", "sort_order": 100},
         KeyArea, {"code": "price"}),
    ],
)  # fmt: skip
def test_office_settings_saved_and_deleted_in_the_back_office_are_recorded(
    office, admin_a, url, form, model, lookup
):
    assert logged_in(admin_a).post(url, form).status_code == 403
    assert logged_in(office).post(url, form).status_code == 302
    obj = model.objects.get(**lookup)
    label = model._meta.model_name
    assert record_of(f"publishing.{label}.created", obj).actor == office
    delete = f"/manage/admin/publishing/{label}/{obj.pk}/delete/"
    assert logged_in(office).post(delete, {"post": "yes"}).status_code == 302
    assert not model.objects.filter(**lookup).exists()
    assert record_of(f"publishing.{label}.deleted", obj).actor == office


def test_the_workflow_buttons_follow_the_capabilities(catalogs, editor_a, reviewer_a, editor_b):
    item = make_item(catalogs.dept_a, actor=editor_a)
    assert access.available_actions(editor_a, item) == ["submit"]
    assert access.available_actions(editor_b, item) == []
    assert access.available_actions(None, item) == []
    assert access.available_actions(system("publish_scheduled"), item) == ["submit"]
    assert access.available_actions(reviewer_a, item) == ["submit"]


def test_unit_and_capability_questions(catalogs, editor_a, admin_a, office, county_office):
    assert access.get_unit_for_user(editor_a, catalogs.dept_a.pk) == catalogs.dept_a
    with pytest.raises(Http404):
        access.get_unit_for_user(editor_a, catalogs.dept_b.pk)
    with pytest.raises(Http404):
        access.get_unit_for_user(None, catalogs.dept_a.pk)
    with pytest.raises(Http404):
        access.get_unit_for_user(county_office, catalogs.dept_a.pk)
    assert access.get_unit_for_user(office, catalogs.dept_b.pk) == catalogs.dept_b
    assert access.may_configure(admin_a, catalogs.dept_a) and not access.may_configure(
        editor_a, catalogs.dept_a
    )
    assert not access.may_configure(admin_a, catalogs.dept_b)
    assert access.may_choose_unit(office) and not access.may_choose_unit(admin_a)
    assert access.may_write_items(editor_a) and not access.may_write_items(None)
    assert access.may_view(editor_a) and not access.may_view(None)


def test_an_item_of_another_unit_is_not_found_and_an_editor_of_the_unit_writes_it(
    catalogs, editor_a, editor_b
):
    item = make_item(catalogs.dept_a, actor=editor_a)
    assert access.get_item_for_user(editor_a, item.pk, write=True) == item
    with pytest.raises(Http404):
        access.get_item_for_user(editor_b, item.pk)
    with pytest.raises(Http404):
        access.get_item_for_user(None, item.pk)
    assert access.get_item_for_user(system("publish_scheduled"), item.pk, write=True) == item


def test_a_reviewer_without_the_edit_capability_is_refused_in_writing(catalogs, editor_a):
    from gongkai.core.models import User

    item = make_item(catalogs.dept_a, actor=editor_a)
    stranger = User(username="no_role", unit=catalogs.dept_a, role="", is_active=True)
    stranger.save()
    assert access.get_item_for_user(stranger, item.pk) == item
    with pytest.raises(PermissionDenied):
        access.get_item_for_user(stranger, item.pk, write=True)
