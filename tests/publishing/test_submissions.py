"""信息报送: a unit submits a published item to its portal's 要闻/通知公告; the portal's office adopts or
declines; the transition table walked whole; who may do what (a site's office, not another's); the adopted
item listed in the portal column with its own unit as source; the counts and the assessment indicator."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from gongkai.core.actors import SYSTEM
from gongkai.core.models import AuditEvent
from gongkai.core.roles import Role
from gongkai.publishing import access, services, submission_workflow
from gongkai.publishing.models import Column, InformationItem, Submission, SubmissionStatus
from gongkai.publishing.portals import portal_root, target_columns
from gongkai.sites.models import Site, SiteHost
from tests.conftest import _staff
from tests.publishing.conftest import column, make_item, publish

pytestmark = pytest.mark.django_db


def portal_column(unit, code="news", name="要闻") -> Column:
    return Column.objects.get_or_create(unit=unit, code=code, defaults={"name": name})[0]


@pytest.fixture
def portal(catalogs):
    tree = catalogs
    return {
        "news": portal_column(tree.city),
        "notices": portal_column(tree.city, "notices", "通知公告"),
        "county_news": portal_column(tree.county),
    }


@pytest.fixture
def published(portal, tree, editor_a, reviewer_a):
    return publish(make_item(tree.dept_a, actor=editor_a), editor_a, reviewer_a)


def two_sites(tree):
    city = Site.objects.create(root=tree.city, name="临沂市人民政府", is_default=True)
    SiteHost.objects.create(site=city, host="testserver", is_primary=True)
    county = Site.objects.create(root=tree.county, name="临沂市兰山区人民政府")
    SiteHost.objects.create(site=county, host="lanshan.testserver", is_primary=True)
    return city, county


# The portal and its columns -------------------------------------------------------------------------


def test_without_sites_the_portal_is_the_top_of_the_tree(tree):
    assert portal_root(tree.dept_a) == tree.city
    assert portal_root(tree.street) == tree.city


def test_with_sites_a_county_unit_reports_to_the_county_portal(tree):
    two_sites(tree)
    assert portal_root(tree.dept_a) == tree.city
    assert portal_root(tree.street) == tree.county
    assert portal_root(tree.county) == tree.county


def test_only_news_notices_and_special_columns_take_submissions(portal, tree):
    special = Column.objects.create(unit=tree.city, code="zt-openness", name="政务公开专题")
    codes = set(target_columns(tree.dept_a).values_list("code", flat=True))
    assert codes == {"news", "notices", special.code}
    assert not target_columns(tree.city).exists()  # the portal's own unit files in its columns directly


# Submitting --------------------------------------------------------------------------------------------


def test_an_editor_submits_a_published_item_of_the_unit(published, portal, editor_a):
    submission = services.submit_to_portal(
        actor=editor_a, item=published, column=portal["news"], note="请采用"
    )
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.unit == published.unit and submission.submitted_by == editor_a
    event = AuditEvent.objects.get(action="publishing.submission.submitted")
    assert event.object_id == str(submission.pk)


def test_a_draft_cannot_be_submitted(portal, tree, editor_a):
    draft = make_item(tree.dept_a, actor=editor_a)
    with pytest.raises(ValidationError) as caught:
        services.submit_to_portal(actor=editor_a, item=draft, column=portal["news"])
    assert "item" in caught.value.message_dict
    assert not Submission.objects.exists()


def test_another_units_editor_cannot_submit_the_item(published, portal, editor_b):
    with pytest.raises(PermissionDenied):
        services.submit_to_portal(actor=editor_b, item=published, column=portal["news"])


def test_an_item_goes_only_to_its_own_portals_columns(published, portal, tree, editor_a):
    two_sites(tree)
    with pytest.raises(ValidationError):
        services.submit_to_portal(actor=editor_a, item=published, column=portal["county_news"])
    with pytest.raises(ValidationError):  # an ordinary column of the portal's unit
        services.submit_to_portal(actor=editor_a, item=published, column=column(tree.city))


def test_an_item_is_not_submitted_twice_to_a_column_while_pending_or_adopted(
    published, portal, editor_a, office
):
    first = services.submit_to_portal(actor=editor_a, item=published, column=portal["news"])
    with pytest.raises(ValidationError):
        services.submit_to_portal(actor=editor_a, item=published, column=portal["news"])
    services.submit_to_portal(
        actor=editor_a, item=published, column=portal["notices"]
    )  # another column: fine
    services.adopt_submission(actor=office, submission=first)
    with pytest.raises(ValidationError):
        services.submit_to_portal(actor=editor_a, item=published, column=portal["news"])


def test_a_declined_or_withdrawn_item_may_be_submitted_again(published, portal, editor_a, office):
    first = services.submit_to_portal(actor=editor_a, item=published, column=portal["news"])
    services.decline_submission(actor=office, submission=first, reason="不宜作为要闻")
    second = services.submit_to_portal(actor=editor_a, item=published, column=portal["news"])
    services.withdraw_submission(actor=editor_a, submission=second)
    services.submit_to_portal(actor=editor_a, item=published, column=portal["news"])
    assert Submission.objects.count() == 3


# The transition table ---------------------------------------------------------------------------------


def _run(action, submission, editor, office):
    if action == "withdraw":
        return services.withdraw_submission(actor=editor, submission=submission)
    if action == "adopt":
        return services.adopt_submission(actor=office, submission=submission)
    return services.decline_submission(actor=office, submission=submission, reason="理由")


@pytest.mark.parametrize("action", sorted(submission_workflow.TRANSITIONS))
@pytest.mark.parametrize("status", SubmissionStatus.values)
def test_every_action_in_every_state(action, status, published, portal, editor_a, office):
    submission = services.submit_to_portal(actor=editor_a, item=published, column=portal["news"])
    Submission.objects.filter(pk=submission.pk).update(status=status)
    events = AuditEvent.objects.count()
    sources, target = submission_workflow.TRANSITIONS[action]
    if status in sources:
        done = _run(action, submission, editor_a, office)
        assert done.status == target
        assert AuditEvent.objects.filter(action__startswith="publishing.submission.").count() == 2
    else:
        with pytest.raises(submission_workflow.TransitionError):
            _run(action, submission, editor_a, office)
        assert Submission.objects.get(pk=submission.pk).status == status
        assert AuditEvent.objects.count() == events


# Deciding ---------------------------------------------------------------------------------------------


def test_adopting_lists_the_item_in_the_portal_column(published, portal, editor_a, office, citizen):
    submission = services.submit_to_portal(actor=editor_a, item=published, column=portal["news"])
    page = citizen.get(portal["news"].get_absolute_url())
    assert published.title not in page.content.decode()
    adopted = services.adopt_submission(actor=office, submission=submission)
    assert adopted.decided_by == office and adopted.decided_at is not None
    assert portal["news"] in published.columns.all()
    html = citizen.get(portal["news"].get_absolute_url()).content.decode()
    assert published.title in html
    assert published.unit.display_name in html  # the listing names the source unit
    item_page = citizen.get(published.get_absolute_url()).content.decode()
    assert f"来源：{published.unit.name}" in item_page
    assert InformationItem.objects.get(pk=published.pk).unit == published.unit


def test_the_item_page_keeps_its_own_column_in_the_breadcrumbs(published, portal, editor_a, office, citizen):
    services.adopt_submission(
        actor=office,
        submission=services.submit_to_portal(actor=editor_a, item=published, column=portal["news"]),
    )
    Column.objects.filter(pk=portal["news"].pk).update(sort_order=0)
    html = citizen.get(published.get_absolute_url()).content.decode()
    assert f'<meta name="ColumnName" content="{column(published.unit).name}">' in html


def test_editing_the_item_keeps_the_portal_column_it_was_adopted_into(
    published, portal, editor_a, reviewer_a, office, tree
):
    services.adopt_submission(
        actor=office,
        submission=services.submit_to_portal(actor=editor_a, item=published, column=portal["news"]),
    )
    services.update_item(
        actor=reviewer_a, item=published, expected_version=None, columns=[column(tree.dept_a, "a20-03")]
    )
    assert set(published.columns.values_list("code", flat=True)) == {"a20-03", "news"}


def test_declining_needs_a_reason(published, portal, editor_a, office):
    submission = services.submit_to_portal(actor=editor_a, item=published, column=portal["news"])
    with pytest.raises(ValidationError) as caught:
        services.decline_submission(actor=office, submission=submission, reason="  ")
    assert "reason" in caught.value.message_dict
    declined = services.decline_submission(actor=office, submission=submission, reason="属部门业务信息")
    assert declined.reason == "属部门业务信息"
    assert portal["news"] not in published.columns.all()


def test_the_unit_itself_cannot_adopt_its_submission(published, portal, editor_a, reviewer_a, admin_a):
    submission = services.submit_to_portal(actor=editor_a, item=published, column=portal["news"])
    for user in (editor_a, reviewer_a, admin_a):
        with pytest.raises(PermissionDenied):
            services.adopt_submission(actor=user, submission=submission)
        with pytest.raises(PermissionDenied):
            access.get_submission_for_user(user, submission.pk, action="adopt")


def test_another_sites_office_gets_404(tree, catalogs, office, county_office):
    two_sites(tree)
    portal_column(tree.county)
    street_editor = _staff("street_editor", tree.street, Role.EDITOR)
    street_reviewer = _staff("street_reviewer", tree.street, Role.REVIEWER)
    services.ensure_catalog(actor=SYSTEM, unit=tree.street)
    item = publish(make_item(tree.street, actor=street_editor), street_editor, street_reviewer)
    column_ = target_columns(tree.street).get(code="news")
    assert column_.unit == tree.county
    submission = services.submit_to_portal(actor=street_editor, item=item, column=column_)
    # The city's office supervises the county's tree, but 兰山区's portal is 兰山区's office's to run.
    with pytest.raises(Http404):
        access.get_submission_for_user(office, submission.pk, action="adopt")
    with pytest.raises(PermissionDenied):
        services.adopt_submission(actor=office, submission=submission)
    assert not access.incoming_submissions_for(office).filter(pk=submission.pk).exists()
    services.adopt_submission(actor=county_office, submission=submission)
    assert column_ in item.columns.all()


def test_a_county_office_does_not_decide_for_the_city_portal(published, portal, editor_a, county_office):
    submission = services.submit_to_portal(actor=editor_a, item=published, column=portal["news"])
    with pytest.raises(Http404):
        access.get_submission_for_user(county_office, submission.pk)
    with pytest.raises(PermissionDenied):
        services.adopt_submission(actor=county_office, submission=submission)


def test_another_unit_does_not_see_the_submission(published, portal, editor_a, editor_b):
    submission = services.submit_to_portal(actor=editor_a, item=published, column=portal["news"])
    with pytest.raises(Http404):
        access.get_submission_for_user(editor_b, submission.pk)
    with pytest.raises(PermissionDenied):
        services.withdraw_submission(actor=editor_b, submission=submission)


# Counts -----------------------------------------------------------------------------------------------


def _three(published, portal, editor_a, reviewer_a, office, tree):
    second = publish(
        make_item(tree.dept_a, actor=editor_a, title="临沂市发展和改革委员会工作动态"), editor_a, reviewer_a
    )
    a = services.submit_to_portal(actor=editor_a, item=published, column=portal["news"])
    b = services.submit_to_portal(actor=editor_a, item=published, column=portal["notices"])
    c = services.submit_to_portal(actor=editor_a, item=second, column=portal["news"])
    d = services.submit_to_portal(actor=editor_a, item=second, column=portal["notices"])
    services.adopt_submission(actor=office, submission=a)
    services.decline_submission(actor=office, submission=b, reason="重复")
    services.withdraw_submission(actor=editor_a, submission=d)
    return a, b, c, d


def test_counts_per_unit_and_year(published, portal, editor_a, reviewer_a, office, tree):
    _three(published, portal, editor_a, reviewer_a, office, tree)
    year = Submission.objects.first().submitted_at.year
    rows = services.submission_stats([tree.dept_a, tree.dept_b], year)
    assert rows[0] == {"unit": tree.dept_a, "submitted": 3, "adopted": 1, "declined": 1, "pending": 1}
    assert rows[1]["submitted"] == 0
    assert services.submission_stats([tree.dept_a], year - 1)[0]["submitted"] == 0
    assert services.adopted_count(tree.dept_a, year) == (1, 2)


def test_the_assessment_indicator_scores_the_adoption_rate(
    published, portal, editor_a, reviewer_a, office, tree
):
    from gongkai.supervision import assessment
    from gongkai.supervision.models import AssessmentScheme, Indicator, Method

    _three(published, portal, editor_a, reviewer_a, office, tree)
    year = Submission.objects.first().submitted_at.year
    scheme = AssessmentScheme(title="考核", year=year)
    indicator = Indicator(
        scheme=scheme, name="信息报送", points=Decimal(10), method=Method.SUBMISSIONS_ADOPTED
    )
    rate = assessment.rate(indicator, tree.dept_a, dt.date(year, 12, 31))
    assert (rate.hits, rate.cases) == (1, 2)
    assert rate.points(Decimal(10)) == Decimal("5.00")
    assert "采用 1 条" in rate.basis
