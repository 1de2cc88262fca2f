"""Already published (Art. 36(1)) in the staff API: the unit's published items matching an application, and
the reply that points the applicant to one of them (``gongkai.foi.published``)."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from gongkai.core.api import staff_auth

from . import access, published
from .api import ApplicationStateOut

router = Router(tags=["foi"])


class PublishedMatchOut(Schema):
    item_id: int
    title: str
    doc_number: str
    unit_name: str
    published_on: dt.date | None
    url: str = Field(..., description="该信息在本单位门户网站上的网址（答复中写明的）")
    score: float = Field(..., description="与所需信息描述的相关程度（0-1，最相关的为1）")
    snippet: str = Field(..., description="正文摘录（HTML，查询词以<mark>标出）")


class PublishedReplyIn(Schema):
    item_id: int
    note: str = Field("", max_length=2000, description="办理记录（不写入答复内容）")


class PublishedReplyOut(ApplicationStateOut):
    reply_text: str
    answered_with_item_id: int | None
    item_url: str = ""


@router.get(
    "/staff/foi/applications/{int:app_id}/published-matches",
    response=list[PublishedMatchOut],
    auth=staff_auth,
    summary="与申请相符的已主动公开信息（条例第三十六条第一项）",
    description="本单位（人民政府含其办公室）已发布的信息，最相关的在前；q 为空时按所需信息描述和文号查找。",
)
def published_matches(request, app_id: int, q: str = Query("", max_length=200)):
    application = access.get_application_for_user(request.auth, app_id)
    query = " ".join(q.split()) or None
    return [
        {
            "item_id": m.item.pk,
            "title": m.item.title,
            "doc_number": m.item.doc_number,
            "unit_name": m.item.unit.name,
            "published_on": timezone.localdate(m.item.published_at) if m.item.published_at else None,
            "url": m.url,
            "score": m.score,
            "snippet": str(m.snippet),
        }
        for m in published.matches(application, query=query, request=request)
    ]


@router.post(
    "/staff/foi/applications/{int:app_id}/published-reply",
    response=PublishedReplyOut,
    auth=staff_auth,
    summary="以已主动公开的信息答复（予以公开）",
)
def published_reply(request, app_id: int, payload: PublishedReplyIn):
    from gongkai.publishing.models import InformationItem

    application = access.get_application_for_user(request.auth, app_id, write=True)
    item = get_object_or_404(InformationItem.objects.select_related("unit"), pk=payload.item_id)
    application = published.reply_with_item(
        request.auth, application, item, note=payload.note, request=request
    )
    application.item_url = published.item_url(item, request=request)
    return application
