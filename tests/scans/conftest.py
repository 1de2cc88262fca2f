"""Published items of two departments with planted problems, the city's leaders, and a lexicon."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.core import idcard
from gongkai.core.actors import system
from gongkai.core.models import Leader
from gongkai.publishing.models import Attachment, InformationItem, LexiconEntry, Status
from gongkai.scans import scanner
from gongkai.scans.models import RunStatus, ScanRun, Trigger

SYSTEM = system("tests")

# A valid identity number (GB 11643 check character computed), a mobile and a Luhn-valid bank card.
ID_NUMBER = "37130219850612001" + idcard.check_character("37130219850612001")
MOBILE = "13953912345"
BANK_CARD = "6222021234567890128"


def published(unit, title, body="", *, days_ago=1) -> InformationItem:
    return InformationItem.objects.create(
        unit=unit, title=title, body=body, body_text=_text(body), status=Status.PUBLISHED,
        published_at=timezone.now() - dt.timedelta(days=days_ago),
    )  # fmt: skip


def _text(body: str) -> str:
    from gongkai.publishing import html

    return html.read(body)[0]


def attach(item, name: str, text: str) -> Attachment:
    data = text.encode()
    return Attachment.objects.create(
        item=item, file=SimpleUploadedFile(name, data, content_type="text/plain"), name=name, kind="pdf",
        mime="application/pdf", size=len(data), sha256=hashlib.sha256(data).hexdigest(), text=text,
    )  # fmt: skip


def scan(kind: str = ""):
    run = ScanRun.objects.create(kind=kind, trigger=Trigger.COMMAND, status=RunStatus.RUNNING)
    return scanner.execute(run)


@pytest.fixture
def leaders(tree):
    today = timezone.localdate()
    return [
        Leader.objects.create(organization=tree.city, name="王建国", title="副市长", sort_order=2,
                              since=today - dt.timedelta(days=400)),
        Leader.objects.create(organization=tree.city, name="李明华", title="市长", sort_order=1,
                              since=today - dt.timedelta(days=30)),
        Leader.objects.create(organization=tree.city, name="赵铁军", title="市长", sort_order=9, is_active=False),
    ]  # fmt: skip


@pytest.fixture
def lexicon(db):
    return [
        LexiconEntry.objects.create(term="新冠肺炎", kind="misspelling", correction="新型冠状病毒感染"),
        LexiconEntry.objects.create(term="最高级", kind="forbidden", severity="block"),
    ]
