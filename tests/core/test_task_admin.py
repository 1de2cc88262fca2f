"""The worker's task records in the back office: in Chinese, for the openness office only, read only."""

from __future__ import annotations

from tests.conftest import logged_in

URL = "/manage/admin/django_tasks_database/dbtaskresult/"


def test_the_openness_office_reads_the_task_records_in_chinese(office):
    response = logged_in(office).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "任务记录" in page and "Task Result" not in page


def test_a_unit_editor_does_not_reach_the_task_records(editor_a):
    assert logged_in(editor_a).get(URL).status_code in (403, 404)
