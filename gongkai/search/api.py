"""GET /api/v1/search: hits, facets, total and the time taken."""

import datetime as dt

from ninja import Field, Query, Router, Schema

from . import service

router = Router(tags=["search"])


class HitOut(Schema):
    id: int
    title: str
    url: str
    kind: str
    unit: str | None
    published_at: dt.datetime | None
    validity: str
    snippet: str
    score: float


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class BestBetOut(Schema):
    query: str
    style: str
    title: str
    url: str
    description: str
    online_url: str
    place: str
    hours: str
    phone: str
    materials: list[str] = Field(..., alias="material_list")


class SearchOut(Schema):
    query: str
    total: int
    page: int
    pages: int
    took_ms: float
    redirect: str | None
    read_as: str | None
    suggestion: str | None = Field(None, description="您是不是要找：没有结果时，能找到结果的更正查询")
    relaxed: bool = Field(False, description="没有同时包含全部词语的结果时，返回包含部分词语的结果")
    best_bets: list[BestBetOut]
    hits: list[HitOut]
    facets: dict[str, list[FacetValueOut]]


class SearchParams(Schema):
    q: str = Field(..., max_length=100)
    type: str | None = Field(
        None, description="类型：item, policy, interpretation, report, message, faq, gazette"
    )
    unit: int | None = None
    topic: str | None = None
    genre: str | None = None
    year: int | None = Field(None, ge=1949, le=2100)
    validity: str | None = None
    key_area: str | None = Field(None, description="重点领域代码")
    page: int = Field(1, ge=1, le=1000)
    sort: str = Field("relevance", pattern="^(relevance|date)$")
    scope: str = Field(
        "site", pattern="^(site|all)$", description="site：本站（请求所在网站）；all：全市（整个平台）"
    )


def _scope(request, chosen: str) -> service.Scope | None:
    from .views import site_scope

    return None if chosen == "all" else site_scope(request)[0]


@router.get("/search", response=SearchOut, summary="全站搜索")
def search(request, params: SearchParams = Query(...)):
    filters = {
        "kind": params.type,
        "unit": params.unit,
        "topic": params.topic,
        "genre": params.genre,
        "year": params.year,
        "validity": params.validity,
        "key_area": params.key_area,
    }
    results = service.search(
        params.q,
        scope=_scope(request, params.scope),
        filters=filters,
        sort=params.sort,
        page=params.page,
        session=request.COOKIES.get("gk_sid", "api"),
    )
    return {
        "query": results.query,
        "total": results.total,
        "page": results.page,
        "pages": results.pages,
        "took_ms": round(results.took_ms, 1),
        "redirect": results.redirect,
        "read_as": results.read_as,
        "suggestion": results.suggestion,
        "relaxed": results.relaxed,
        "best_bets": results.best_bets,
        "hits": [
            {
                "id": h.doc.pk,
                "title": h.doc.title,
                "url": h.doc.url,
                "kind": h.doc.kind,
                "unit": h.doc.unit.name if h.doc.unit else None,
                "published_at": h.doc.published_at,
                "validity": h.doc.current_validity,
                "snippet": str(h.snippet),
                "score": round(h.score, 4),
            }
            for h in results.hits
        ],
        "facets": {
            name: [{"value": v, "label": label, "count": n} for v, label, n in values]
            for name, values in results.facets.items()
        },
    }


class SuggestOut(Schema):
    query: str
    suggestions: list[str]


@router.get("/search/suggest", response=SuggestOut, summary="输入提示")
def suggest(request, q: str = Query(..., max_length=100), scope: str = Query("site", pattern="^(site|all)$")):
    return {"query": q, "suggestions": service.suggest(q, scope=_scope(request, scope))}


class HotOut(Schema):
    days: int
    queries: list[str]


@router.get("/search/hot", response=HotOut, summary="热门搜索")
def hot(request, days: int = Query(30, ge=1, le=366)):
    return {"days": days, "queries": service.popular(days=days)}
