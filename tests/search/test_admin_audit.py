"""The openness office keeps the search vocabulary through ``search/maintenance.py``: each save and delete
is checked, recorded and moves the content version (every process's segmenter reads its words again)."""

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core import page_version
from gongkai.core.actors import system
from gongkai.search import maintenance
from gongkai.search.models import BestBet, DomainWord, Synonym
from tests.audits import record_of
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "form", "model"),
    [
        ("domainword", {"word": "一网通办"}, DomainWord),
        ("synonym", {"word": "医保", "synonyms": "医疗保险"}, Synonym),
        ("bestbet", {"query": "社保查询", "style": "link", "title": "社保查询入口", "url": "https://example.gov.cn/sb",
                     "description": "", "position": 1, "is_active": "on", "online_url": "", "place": "", "hours": "",
                     "phone": "", "materials": ""}, BestBet),
    ],
)  # fmt: skip
def test_the_office_saves_and_deletes_vocabulary_in_the_back_office_with_records(
    office, admin_a, path, form, model
):
    assert logged_in(admin_a).post(f"/manage/admin/search/{path}/add/", form).status_code == 403
    before = page_version.current().token
    response = logged_in(office).post(f"/manage/admin/search/{path}/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    obj = model.objects.get()
    assert record_of(f"search.{path}.saved", obj).actor == office
    assert page_version.current().token != before
    before = page_version.current().token
    assert (
        logged_in(office).post(f"/manage/admin/search/{path}/{obj.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )
    assert not model.objects.exists()
    assert record_of(f"search.{path}.deleted", obj).actor == office
    assert page_version.current().token != before


def test_the_maintenance_services_refuse_no_actor_and_a_non_office(admin_a):
    for actor in (None, admin_a):
        with pytest.raises(PermissionDenied):
            maintenance.save_entry(actor=actor, obj=DomainWord(word="放管服"))
    assert not DomainWord.objects.exists()
    word = maintenance.save_entry(actor=system("load_demo"), obj=DomainWord(word="放管服"))
    assert record_of("search.domainword.saved", word).actor_name == "系统（load_demo）"
    with pytest.raises(PermissionDenied):
        maintenance.delete_entry(actor=None, obj=word)
    assert DomainWord.objects.filter(pk=word.pk).exists()
