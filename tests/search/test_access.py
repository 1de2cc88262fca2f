"""Who reaches the search vocabulary and its statistics, branch by branch."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core.actors import system
from gongkai.search import access
from gongkai.search.models import Synonym


@pytest.fixture
def synonym(db):
    return Synonym.objects.create(word="医保", synonyms="医疗保险")


def test_the_openness_office_maintains_the_vocabulary(office):
    assert access.may_maintain(office)
    access.check_insight(office)


def test_a_system_job_maintains_the_vocabulary():
    assert access.may_maintain(system("load_demo"))


@pytest.mark.parametrize("persona", ["editor_a", "reviewer_a", "admin_a"])
def test_a_unit_account_reads_but_does_not_maintain(request, persona, synonym):
    user = request.getfixturevalue(persona)
    assert not access.may_maintain(user)
    assert list(access.vocabulary_for(user, Synonym)) == [synonym]
    with pytest.raises(PermissionDenied):
        access.check_insight(user)


def test_no_account_reads_nothing(synonym):
    assert not access.may_maintain(None)
    assert not access.vocabulary_for(None, Synonym).exists()
    with pytest.raises(PermissionDenied):
        access.check_insight(None)
