"""An invited association comments through its personal link in a real browser. The page's referrer policy
once made Chromium post ``Origin: null``, which Django's CSRF check refused (403): only a browser shows it."""

from django.utils import timezone

from gongkai.participation.models import Comment, Invitation
from tests.browser.conftest import axe_violations


def test_an_invitee_comments_on_a_clause_through_its_link(live_server, page, demo_items):
    invitation = (
        Invitation.objects.filter(consultation__ends_at__gt=timezone.now(), consultation__is_published=True)
        .select_related("consultation", "stakeholder")
        .first()
    )
    assert invitation is not None, "the demo invites to an open consultation"
    page.goto(live_server.url + invitation.get_absolute_url())
    assert invitation.stakeholder.name in page.get_by_role("main").inner_text()
    clauses = page.get_by_label("针对条文")
    if clauses.count():
        clauses.select_option(index=1)
    page.get_by_label("意见建议").fill("建议对老旧小区加装电梯给予分档补助。")
    page.get_by_role("button", name="提交意见").click()
    page.wait_for_load_state()
    assert "意见已收到" in page.get_by_role("main").inner_text()
    made = Comment.objects.get(body="建议对老旧小区加装电梯给予分档补助。")
    assert made.invitation_id == invitation.pk
    assert axe_violations(page) == []
