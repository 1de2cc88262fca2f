"""/manage/foi/: the applications in reach, filtered and paginated in the database, sorted by due date;
登记申请 registers a paper application through the same service as the admin's intake."""

import datetime as dt
import re

import pytest
import time_machine

from gongkai.core import services as core_services
from gongkai.core.actors import SYSTEM
from gongkai.core.models import OrgType
from gongkai.core.uscc import make_code
from gongkai.foi import services
from gongkai.foi.models import Application
from tests.conftest import logged_in
from tests.foi.conftest import DESK, applicant, lodge  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2024, 3, 25, 2, tzinfo=dt.UTC)
D = dt.date.fromisoformat


def codes(page: str) -> list[str]:
    return re.findall(r'class="foi-code">(YSQ\w+)<', page)


@pytest.fixture
def apps(lodge, tree):  # noqa: F811
    with time_machine.travel(TODAY, tick=False):
        made = {
            "later": lodge(D("2024-03-20"), description="城区道路改造立项批复"),
            "soon": lodge(D("2024-02-29"), description="供暖价格成本监审报告"),
            "overdue": lodge(D("2024-02-20"), description="集聚区认定名单"),
            "waiting": lodge(D("2024-03-19"), description="征收补偿方案"),
            "other": lodge(D("2024-03-01"), unit=tree.dept_b, description="学区划分方案"),
        }
        services.record_event(
            actor=DESK,
            application=made["waiting"],
            kind="correction_requested",
            on=D("2024-03-20"),
            note="年度",
        )
    return made


def get(user, query=""):
    with time_machine.travel(TODAY, tick=False):
        return logged_in(user).get(f"/manage/foi/{query}")


def test_the_list_shows_the_units_applications_by_due_date(apps, editor_a):
    response = get(editor_a)
    assert response.status_code == 200
    assert codes(response.text) == [apps[k].tracking_code for k in ("overdue", "soon", "later", "waiting")]
    assert "已逾期 4 个工作日" in response.text and "剩 3 个工作日" in response.text
    assert "等待补正" in response.text
    assert apps["other"].tracking_code not in response.text


def test_answered_applications_come_after_the_open_ones_latest_first(apps, editor_a):
    with time_machine.travel(TODAY, tick=False):
        for key, on in (("soon", "2024-03-11"), ("overdue", "2024-03-20")):
            services.record_event(
                actor=DESK,
                application=apps[key],
                kind="answered",
                on=D(on),
                outcome="granted",
                reply_text="现提供。",
            )
    order = [apps[k].tracking_code for k in ("later", "waiting", "overdue", "soon")]
    assert codes(get(editor_a).text) == order


def test_the_office_sees_every_unit_below_it(apps, office):
    assert apps["other"].tracking_code in codes(get(office).text)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?due=soon", ["soon"]),
        ("?due=overdue", ["overdue"]),
        ("?status=correction", ["waiting"]),
        ("?q=供暖", ["soon"]),
        ("?q={code}", ["later"]),
        ("?q=张三丰", []),  # the applicant's name is not searched: the list never reveals who asked
    ],
)
def test_filters(apps, editor_a, query, expected):
    query = query.format(code=apps["later"].tracking_code.lower())
    assert codes(get(editor_a, query).text) == [apps[k].tracking_code for k in expected]


def test_unit_filter_lists_only_units_in_reach(apps, office, tree):
    page = get(office, f"?unit={tree.dept_b.pk}").text
    assert codes(page) == [apps["other"].tracking_code]


def test_bad_filter_values_answer_in_chinese_not_with_an_error(apps, editor_a, tree):
    response = get(editor_a, f"?status=nonsense&unit={tree.dept_b.pk}&due=x&page=abc")
    assert response.status_code == 200
    assert "请选择列表中的状态" in response.text and "请选择列表中的单位" in response.text
    assert apps["other"].tracking_code not in response.text


def test_the_list_is_paginated(lodge, editor_a):  # noqa: F811
    with time_machine.travel(TODAY, tick=False):
        for n in range(23):
            lodge(D("2024-03-01") + dt.timedelta(days=n % 20), description=f"第{n}件")
    first, second = get(editor_a).text, get(editor_a, "?page=2").text
    assert len(codes(first)) == 20 and len(codes(second)) == 3
    assert "第 2 页，共 2 页" in second and "共 23 件申请" in first
    dues = list(
        Application.objects.filter(tracking_code__in=codes(first) + codes(second)).values_list(
            "due_on", flat=True
        )
    )
    assert sorted(dues) == [
        Application.objects.get(tracking_code=c).due_on for c in codes(first) + codes(second)
    ]


def test_staff_register_a_letter_from_the_list(tree, editor_a):
    client = logged_in(editor_a)
    assert "登记申请" in client.get("/manage/foi/").text
    form = client.get("/manage/foi/intake/").text
    assert "受理机关" in form and "收到申请日期" in form
    response = client.post(
        "/manage/foi/intake/",
        {"unit": tree.dept_a.pk, "channel": "mail_signed", "received_on": "2024-03-01", **applicant()},
        follow=True,
    )
    application = Application.objects.get()
    assert response.redirect_chain[-1][0] == f"/manage/foi/{application.pk}/"
    assert (application.channel, application.received_on, application.created_by) == (
        "mail_signed",
        D("2024-03-01"),
        editor_a,
    )
    assert application.tracking_code in response.text and "查询密码" in response.text


def test_intake_errors_are_in_chinese_next_to_the_field_and_keep_what_was_typed(tree, editor_a):
    client = logged_in(editor_a)
    missing = client.post(
        "/manage/foi/intake/",
        {"unit": tree.dept_a.pk, "channel": "fax", "received_on": "2024-03-01", **applicant(phone="")},
    )
    assert missing.status_code == 200
    assert '<p class="field-error" id="id_phone_error">此项为必填项。</p>' in missing.text
    assert "2019年临沂市城区道路改造项目的立项批复文件" in missing.text  # what was typed stays
    future = client.post(
        "/manage/foi/intake/",
        {"unit": tree.dept_a.pk, "channel": "fax", "received_on": "2099-01-01", **applicant()},
    )
    assert 'id="id_received_on_error">收到申请日期不能晚于今天。' in future.text
    assert "提交的内容有误" in future.text
    assert not Application.objects.exists()


def test_intake_offers_only_units_in_reach(tree, editor_a):
    page = logged_in(editor_a).get("/manage/foi/intake/").text
    assert "临沂市发展和改革委员会" in page and "临沂市教育局" not in page


def test_receiving_organs_are_listed_in_the_order_of_the_tree(tree, citizen):
    """A materialized path sorted as text put /1/10/ before /1/2/; the list follows the tree and 排序."""
    early = core_services.create_organization(
        actor=SYSTEM, parent=tree.city, name="临沂市财政局", org_type=OrgType.DEPARTMENT,
        short_name="市财政局", credit_code=make_code("1", "1", "371300", "09000001"), sort_order=1,
    )  # fmt: skip
    page = citizen.get("/foi/apply/").text
    select = page[page.index('id="id_unit"') :]
    labels = re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", select[: select.index("</select>")])
    assert labels == [
        "临沂市人民政府",
        early.name,
        "临沂市发展和改革委员会",
        "临沂市教育局",
        "临沂市兰山区人民政府",
        "兰山区 · 兰山街道办事处",
    ]
