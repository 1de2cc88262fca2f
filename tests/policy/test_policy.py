"""The policy library: a policy is released with its interpretation, links show both ways, statistics."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.policy import services
from gongkai.policy.models import Form
from gongkai.publishing import services as publishing
from gongkai.publishing.models import Status
from tests.conftest import logged_in
from tests.publishing.conftest import column, make_item, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(catalogs, editor_a):
    item = make_item(
        catalogs.dept_a, actor=editor_a, title="临沂市发展和改革委员会关于促进民营经济发展的若干措施"
    )
    services.set_needs_interpretation(actor=editor_a, item=item, needed=True)
    return item


def interpretation(catalogs, editor_a, title="《关于促进民营经济发展的若干措施》政策解读"):
    return make_item(
        catalogs.dept_a, actor=editor_a, title=title, columns=[column(catalogs.dept_a, "interpretation")],
        doc_number="",
    )  # fmt: skip


def test_a_policy_needing_interpretation_cannot_be_submitted_or_published_alone(
    catalogs, policy, editor_a, reviewer_a
):
    with pytest.raises(publishing.ChecksFailed, match="需要解读"):
        publishing.submit_item(actor=editor_a, item=policy)
    explainer = interpretation(catalogs, editor_a)
    services.link_interpretation(actor=editor_a, policy=policy, item=explainer, form=Form.GRAPHIC)
    publishing.submit_item(
        actor=editor_a, item=policy
    )  # an interpretation in preparation is enough to submit
    with pytest.raises(publishing.ChecksFailed, match="同步发布"):
        publishing.approve_item(actor=reviewer_a, item=policy)  # but not to go online
    publish(explainer, editor_a, reviewer_a)
    policy = publishing.approve_item(actor=reviewer_a, item=policy)
    assert policy.status == Status.PUBLISHED


def test_a_reviewer_may_record_why_a_policy_goes_out_without_interpretation(policy, editor_a, reviewer_a):
    with pytest.raises(PermissionDenied):
        services.exempt(actor=editor_a, item=policy, reason="内部管理事项")
    with pytest.raises(ValidationError, match="不解读的理由"):
        services.exempt(actor=reviewer_a, item=policy, reason="  ")
    services.exempt(actor=reviewer_a, item=policy, reason="仅调整文件有效期，内容未变。")
    assert publish(policy, editor_a, reviewer_a).status == Status.PUBLISHED


def test_the_editor_sees_the_rule_as_a_warning_while_drafting(policy):
    [finding] = [f for f in publishing.check_item(policy) if f.code == "policy.interpretation"]
    assert finding.severity == "warn"


def test_links_show_both_ways_on_public_pages_and_in_the_api(client, catalogs, policy, editor_a, reviewer_a):
    explainer = interpretation(catalogs, editor_a)
    services.link_interpretation(
        actor=editor_a,
        policy=policy,
        item=explainer,
        form=Form.LEADER,
        interpreter="市发展改革委主任",
        is_leader=True,
    )
    publish(explainer, editor_a, reviewer_a)
    publish(policy, editor_a, reviewer_a)
    policy_page = client.get(policy.get_absolute_url()).text
    assert f'<a href="{explainer.get_absolute_url()}">{explainer.title}</a>' in policy_page
    assert "领导解读" in policy_page and "市发展改革委主任" in policy_page
    assert (
        f'<a href="{policy.get_absolute_url()}">{policy.title}</a>'
        in client.get(explainer.get_absolute_url()).text
    )
    library = client.get("/policy/").text
    assert policy.title in library and explainer.title in library
    assert explainer.title not in client.get("/policy/", {"unit": catalogs.dept_b.pk}).text
    body = client.get("/api/v1/policies", {"interpreted": "true"}).json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["title"] == policy.title and item["interpretations"][0]["form"] == "leader"
    assert item["interpretations"][0]["late"] is False
    assert client.get(f"/api/v1/policies/{explainer.pk}").status_code == 404  # an interpretation is no policy


def test_unpublished_interpretations_stay_off_the_public_pages(client, catalogs, editor_a, reviewer_a):
    policy = publish(
        make_item(catalogs.dept_a, actor=editor_a, title="一项无需解读的政策"), editor_a, reviewer_a
    )
    draft = interpretation(catalogs, editor_a, title="尚在起草的解读")
    services.link_interpretation(actor=editor_a, policy=policy, item=draft)
    assert "尚在起草的解读" not in client.get(policy.get_absolute_url()).text
    assert "尚在起草的解读" not in client.get("/policy/").text


def test_invalid_links_are_refused(catalogs, policy, editor_a, editor_b):
    with pytest.raises(ValidationError):
        services.link_interpretation(actor=editor_a, policy=policy, item=policy)
    explainer = interpretation(catalogs, editor_a)
    services.link_interpretation(actor=editor_a, policy=policy, item=explainer)
    with pytest.raises(ValidationError, match="已关联"):
        services.link_interpretation(actor=editor_a, policy=policy, item=explainer)
    with pytest.raises(ValidationError, match="本身是一篇解读"):
        other = interpretation(catalogs, editor_a, title="另一篇")
        services.link_interpretation(actor=editor_a, policy=explainer, item=other)
    with pytest.raises(PermissionDenied):  # another unit's editor cannot link to this unit's draft
        services.link_interpretation(actor=editor_b, policy=policy, item=explainer)


def test_statistics_count_late_interpretations_and_leaders(catalogs, policy, editor_a, reviewer_a, office):
    beijing = dt.timezone(dt.timedelta(hours=8))
    explainer = interpretation(catalogs, editor_a)
    services.link_interpretation(
        actor=editor_a, policy=policy, item=explainer, form=Form.LEADER, is_leader=True
    )
    with time_machine.travel(dt.datetime(2025, 3, 3, 10, tzinfo=beijing)):
        services.exempt(actor=reviewer_a, item=policy, reason="紧急发布，解读随后发布。")
        publish(policy, editor_a, reviewer_a)
    with time_machine.travel(dt.datetime(2025, 3, 4, 9, tzinfo=beijing)):  # the next day: late
        publish(explainer, editor_a, reviewer_a)
    missing = make_item(catalogs.dept_a, actor=editor_a, title="没有解读的政策")
    services.set_needs_interpretation(actor=editor_a, item=missing, needed=True)
    with time_machine.travel(dt.datetime(2025, 5, 1, 9, tzinfo=beijing)):
        services.exempt(actor=reviewer_a, item=missing, reason="试行")
        publish(missing, editor_a, reviewer_a)
    [row] = [
        r
        for r in services.statistics([catalogs.dept_a, catalogs.dept_b], 2025)
        if r["unit"] == catalogs.dept_a
    ]
    assert (row["policies"], row["interpreted"], row["exempted"], row["late"]) == (2, 1, 1, 1)
    assert row["rate"] == 0.5 and row["leader"] == 1 and row["leader_short"]
    page = logged_in(office).get("/manage/admin/policy/interpretation/statistics/?year=2025").text
    assert catalogs.dept_a.name in page and "不足" in page
    assert logged_in(editor_a).get("/manage/admin/policy/interpretation/statistics/").status_code == 403


def test_staff_link_an_interpretation_in_the_back_office(catalogs, policy, editor_a):
    explainer = interpretation(catalogs, editor_a)
    response = logged_in(editor_a).post(
        "/manage/admin/policy/interpretation/add/",
        {"policy": policy.pk, "item": explainer.pk, "form": "qa", "interpreter": "", "is_leader": ""},
    )
    assert response.status_code == 302
    assert policy.interpretations.get().form == "qa"
    again = logged_in(editor_a).post(
        "/manage/admin/policy/interpretation/add/",
        {"policy": policy.pk, "item": explainer.pk, "form": "qa"},
    )
    assert again.status_code == 200 and "已关联为另一政策文件的解读" in again.text


def test_the_next_page_keeps_the_filters(client, catalogs, editor_a, reviewer_a):
    for n in range(21):
        publish(make_item(catalogs.dept_a, actor=editor_a, title=f"政策文件第{n}号"), editor_a, reviewer_a)
    page = client.get("/policy/", {"unit": catalogs.dept_a.pk}).text
    assert f'href="?unit={catalogs.dept_a.pk}&amp;page=2" rel="next"' in page


def test_the_unit_filter_offers_exactly_the_units_with_a_published_policy(
    client, catalogs, editor_a, reviewer_a
):
    """Read from the policies' two sources (the 政策文件 column, the policy profiles): a unit whose policy is
    still a draft is not offered."""
    from gongkai.core.models import Organization
    from gongkai.policy import queries

    publish(make_item(catalogs.dept_a, actor=editor_a, title="发改委的政策"), editor_a, reviewer_a)
    make_item(catalogs.dept_b, title="教育局尚未发布的政策")
    assert set(queries.policy_units(Organization.objects.all())) == {catalogs.dept_a}
    page = client.get("/policy/").text
    assert f'<option value="{catalogs.dept_a.pk}"' in page
    assert f'<option value="{catalogs.dept_b.pk}"' not in page


def test_the_policy_count_read_from_the_sources_equals_the_list(client, catalogs, editor_a, reviewer_a):
    """The count of ``public_policies`` is read from the sources' keys, the list by testing each item: the
    two agree — a policy in the 政策文件 column with a profile counts once, one marked by its profile alone
    counts, an interpretation and a draft do not."""
    from gongkai.policy import queries
    from gongkai.policy.models import PolicyProfile

    both = publish(
        make_item(catalogs.dept_a, actor=editor_a, title="栏目内并有标记的政策"), editor_a, reviewer_a
    )
    PolicyProfile.objects.get_or_create(item=both)
    marked = publish(
        make_item(
            catalogs.dept_a,
            actor=editor_a,
            title="其他栏目中标记的政策",
            columns=[column(catalogs.dept_a, "ka-fiscal")],
        ),
        editor_a,
        reviewer_a,
    )
    PolicyProfile.objects.get_or_create(item=marked)
    explainer = interpretation(catalogs, editor_a)
    services.link_interpretation(
        actor=editor_a,
        policy=both,
        item=explainer,
        form=Form.LEADER,
        interpreter="市发展改革委主任",
        is_leader=True,
    )
    publish(explainer, editor_a, reviewer_a)
    PolicyProfile.objects.get_or_create(item=explainer)
    make_item(catalogs.dept_a, actor=editor_a, title="尚未发布的政策")
    listed = {item.pk for item in queries.public_policies()}
    assert listed == {both.pk, marked.pk}
    assert queries.public_policies().count() == 2
    assert client.get("/api/v1/policies").json()["count"] == 2
