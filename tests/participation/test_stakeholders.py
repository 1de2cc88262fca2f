"""The directory of enterprises, chambers, industry associations and the lawyers' association (征询对象名录,
issue 26): credit codes checked, who sees and keeps which entries, the staff API and the workspace pages."""

from gongkai.core.models import AuditEvent
from gongkai.core.uscc import make_code
from gongkai.participation import invitations
from gongkai.participation.models import Stakeholder
from tests.conftest import api_client, logged_in

CODE = make_code("5", "1", "371300", "MJ000001")
BODY = {
    "name": "临沂市物流行业协会", "kind": "association", "credit_code": CODE, "sector": "交通运输、仓储和邮政业",
    "contact_name": "张秘书长", "email": "wuliu@xiehui.example", "phone": "0539-8123456",
    "address": "临沂市兰山区通达路1号",
}  # fmt: skip


def post(user, **changes):
    return api_client(user).post(
        "/api/v1/staff/stakeholders", BODY | changes, content_type="application/json"
    )


def test_an_entry_is_added_with_its_code_normalised_and_audited(tree, reviewer_a):
    spaced = " ".join([CODE[:6].lower(), CODE[6:]])
    response = post(reviewer_a, credit_code=spaced)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["credit_code"] == CODE and data["keeper_id"] == tree.dept_a.pk
    event = AuditEvent.objects.get(action="participation.stakeholder_saved")
    assert "张秘书长" not in str(event.changes) and "0539" not in str(event.changes)


def test_a_wrong_credit_code_is_refused_with_the_chinese_reason(tree, reviewer_a):
    wrong = CODE[:17] + ("0" if CODE[17] != "0" else "1")
    response = post(reviewer_a, credit_code=wrong)
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["credit_code"] == "统一社会信用代码校验位不正确，请核对。"
    response = post(reviewer_a, credit_code="12345")
    assert response.json()["error"]["fields"]["credit_code"] == "统一社会信用代码应为18位。"
    assert not Stakeholder.objects.exists()


def test_a_duplicate_code_or_a_bad_phone_is_refused(tree, reviewer_a):
    assert post(reviewer_a).status_code == 201
    response = post(reviewer_a, name="另一个协会")
    assert response.status_code == 422
    assert "已登记（临沂市物流行业协会）" in response.json()["error"]["fields"]["credit_code"]
    response = post(reviewer_a, credit_code=make_code("5", "1", "371300", "MJ000002"), phone="12")
    assert response.status_code == 422 and "电话" in response.json()["error"]["fields"]["phone"]
    assert Stakeholder.objects.count() == 1


def test_departments_use_the_city_directory_and_keep_their_own(tree, office, reviewer_a, reviewer_b):
    city_wide = post(office, keeper=tree.city.pk).json()
    own = post(reviewer_a, name="临沂市新能源汽车企业", kind="enterprise",
               credit_code=make_code("9", "1", "371300", "MJ000003"), sector="制造业").json()  # fmt: skip
    seen_a = {s["id"] for s in api_client(reviewer_a).get("/api/v1/staff/stakeholders").json()}
    seen_b = {s["id"] for s in api_client(reviewer_b).get("/api/v1/staff/stakeholders").json()}
    seen_office = {s["id"] for s in api_client(office).get("/api/v1/staff/stakeholders").json()}
    assert seen_a == {city_wide["id"], own["id"]}
    assert seen_b == {city_wide["id"]}
    assert seen_office == {city_wide["id"], own["id"]}
    # a department uses the city's entry but does not change it; another department cannot reach its own
    url = f"/api/v1/staff/stakeholders/{city_wide['id']}"
    assert (
        api_client(reviewer_a).put(url, BODY | {"sector": "x"}, content_type="application/json").status_code
        == 403
    )
    url = f"/api/v1/staff/stakeholders/{own['id']}"
    assert api_client(reviewer_b).get(url).status_code == 404
    changed = api_client(office).put(url, BODY | {"name": "改名企业", "credit_code": own["credit_code"]},
                                     content_type="application/json")  # fmt: skip
    assert changed.status_code == 200 and changed.json()["name"] == "改名企业"


def test_the_workspace_lists_adds_and_deactivates(tree, reviewer_a):
    client = logged_in(reviewer_a)
    page = client.get("/manage/participation/stakeholders/")
    assert page.status_code == 200 and "征询对象名录" in page.content.decode()
    form = BODY | {"keeper": tree.dept_a.pk, "kind": "chamber", "is_active": "on"}
    response = client.post("/manage/participation/stakeholders/new/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = Stakeholder.objects.get()
    wrong = form | {"credit_code": CODE[:17] + ("0" if CODE[17] != "0" else "1")}
    response = client.post("/manage/participation/stakeholders/new/", wrong)
    assert "统一社会信用代码校验位不正确" in response.content.decode()
    response = client.post(f"/manage/participation/stakeholders/{entry.pk}/", form | {"is_active": ""})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert not entry.is_active
    assert f">{entry.name}</a>" not in client.get("/manage/participation/stakeholders/").content.decode()
    listed = client.get("/manage/participation/stakeholders/?inactive=on").content.decode()
    assert entry.name in listed and "已停用" in listed
    assert list(invitations.select(reviewer_a)) == []


def test_a_table_imports_good_rows_and_names_the_bad_ones(tree, office):
    good = make_code("5", "1", "371300", "MJ000010")
    csv = (
        "名称,类型,统一社会信用代码,行业,联系人,联系电话\n"
        f"临沂市商贸物流商会,商会,{good.lower()},批发和零售业,李某,0539-8123456\n"
        f"临沂某公司,企业,{good[:17]}{'0' if good[17] != '0' else '1'},制造业,,\n"
    )
    client = logged_in(office)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("名录.csv", csv.encode("utf-8-sig"), content_type="text/csv")
    response = client.post(
        "/manage/participation/stakeholders/import/", {"file": upload, "keeper": tree.city.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "第3行" in html and "校验位不正确" in html
    entry = Stakeholder.objects.get()
    assert (entry.credit_code, entry.kind, entry.keeper) == (good, "chamber", tree.city)
