"""The gazette's services refuse a missing actor and record a job by its name (系统（job）)."""

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core.actors import system
from gongkai.core.models import AuditEvent
from gongkai.gazette import services as gazette
from gongkai.gazette.models import Article, Issue


def test_the_gazette_refuses_a_missing_actor_and_records_the_job(db, tmp_path):
    issue = Issue.objects.create(year=2024, number=1, overall=500, published_on="2024-01-31")
    Article.objects.create(issue=issue, order=1, section="市政府文件", title="关于印发工作要点的通知")
    with pytest.raises(PermissionDenied):
        gazette.publish_issue(actor=None, issue=issue)
    gazette.publish_issue(actor=system("import_gazette"), issue=issue)
    event = AuditEvent.objects.get(action="gazette.published", object_id=str(issue.pk))
    assert event.actor_name == "系统（import_gazette）"
    with pytest.raises(PermissionDenied):
        gazette.import_archive(tmp_path, actor=None)
