"""The indicators the inspection computes from the platform's own records (spec §4.1–4.2): the home page and
the columns (update rules), interaction (messages unanswered for three months), availability (probes) and the
office's manual security findings. Registered in this app's ``inspection_sources.py``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.dates import add_months
from gongkai.interaction.models import OPEN, Channel, ChannelKind, Message, Status, three_months_before
from gongkai.publishing import column_sources
from gongkai.publishing.guide import GUIDE_CODE
from gongkai.publishing.models import Column, InformationItem
from gongkai.sites.models import HomeBlock
from gongkai.supervision.evidence import cutoff
from gongkai.supervision.models import UpdateCategory

from .indicators import Evidence, Outcome, warn_after
from .indicators import Status as S
from .models import MIN_PROBES_PER_DAY, PROBE_TIMEOUT_SECONDS, Incident, Probe

HOME_DAYS = 14  # spec §4.1 VETO_HOME_STALE: a new item on the home page within 2 weeks
STALE_COLUMNS = 5  # ≥ 5 columns (动态/要闻 2 weeks, 通知公告/政策文件 6 months) not updated
LONG_STALE_COLUMNS = 10  # ≥ 10 columns that should be updated but have not been for a long time
BLANK_COLUMNS = 5  # ≥ 5 blank columns
INTERACTION_DAYS = 90  # warned ahead at 10/14 of three months
UNREACHABLE_RATIO = 0.05  # spec §4.1: failure ratio ≥ 5 % over the week
PROBE_WEEK = 7
SHOWN = 100  # records kept per indicator and category (the counts are always complete)
CONSULTING = (ChannelKind.CONSULTATION, ChannelKind.MAILBOX, ChannelKind.SUGGESTION)


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value else None


def _ago(last: dt.date | None, day: dt.date) -> str:
    if last is None:
        return _("从未更新")
    return _("最后更新 %(d)s（%(n)s天前）") % {"d": last.isoformat(), "n": (day - last).days}


def _published(site, day: dt.date):
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return InformationItem.objects.published().filter(site.unit_q("unit"), published_at__lt=end)


# -- home page ------------------------------------------------------------------------------------------


def home_stale(site, day: dt.date) -> Outcome:
    """The newest item the home page shows: the news blocks' columns, or any item of the site when the home
    page has a 最新公开 block (or no blocks at all)."""
    items = _published(site, day)
    blocks = list(HomeBlock.objects.filter(site=site, is_active=True).values_list("kind", "source"))
    codes = [source for kind, source in blocks if kind == "news" and source]
    if codes and not any(kind == "latest" for kind, _s in blocks):
        columns = _subtrees(Column.objects.active().filter(unit=site.root, code__in=codes))
        items = items.filter(columns__in=columns)
    newest = items.order_by("-published_at").values("pk", "title", "published_at").first()
    last = _local_date(newest["published_at"]) if newest else None
    age = (day - last).days if last else None
    if age is not None and age <= HOME_DAYS:
        status = S.AMBER if age >= warn_after(HOME_DAYS) else S.GREEN
    else:
        status = S.RED
    evidence = Evidence(
        label=newest["title"] if newest else _("首页没有任何信息"),
        url=reverse("publishing:item", args=[newest["pk"]]) if newest else reverse("site:home"),
        detail=_ago(last, day),
        unit_id=site.root_id,
        unit=site.root.name,
        status=status,
    )
    return Outcome(
        value=age,
        threshold=_("首页2周内须有新信息（第%(w)s天预警）") % {"w": warn_after(HOME_DAYS)},
        status=status,
        items=[evidence] if status != S.GREEN else [],
        fix=_("在首页新闻栏目（要闻、通知公告）发布新信息。") if status != S.GREEN else "",
    )


def _subtrees(columns) -> list[int]:
    ids = [c.pk for c in columns]
    frontier = list(ids)
    while frontier:
        frontier = list(Column.objects.active().filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


# -- columns --------------------------------------------------------------------------------------------


def _rule(column: Column):
    template = column.template
    if template is None:
        return None
    try:
        return template.freshness
    except template.__class__.freshness.RelatedObjectDoesNotExist:
        return None


def _source_last(column: Column) -> tuple[bool, dt.date | None]:
    """Whether another module fills the column for its unit (a register, the annual reports) and the newest
    date among its first rows."""
    found, last = False, None
    for source in column_sources.sources_for(column.code):
        rows = source.rows(column.unit, None)
        for row in list(rows[:SHOWN]):
            found = True
            if row.date and (last is None or row.date > last):
                last = row.date
    return found, last


def _needs_records(column: Column, last: dt.date, day: dt.date) -> bool:
    """Whether a column whose items were last updated on ``last`` is stale or warned by its rule on ``day``."""
    rule = _rule(column)
    limit = cutoff(rule.category, rule.days, day) if rule else None
    return limit is not None and last <= day - dt.timedelta(days=warn_after((day - limit).days))


def column_freshness(site, day: dt.date) -> Outcome:
    """Spec §4.1 VETO_COLUMNS_STALE over the active columns of the site's units: a column's last update is
    the newest published item in it or below it (or, for a column another module fills, its newest record)."""
    columns = list(
        Column.objects.active().filter(site.unit_q("unit")).select_related("unit", "template__freshness")
    )
    by_id = {c.pk: c for c in columns}
    children: dict[int, list[int]] = defaultdict(list)
    for c in columns:
        if c.parent_id in by_id:
            children[c.parent_id].append(c.pk)
    own = dict(
        _published(site, day).filter(columns__in=list(by_id)).values("columns").annotate(last=Max("published_at"))
        .values_list("columns", "last")
    )  # fmt: skip
    sourced = column_sources.codes()

    memo: dict[int, dt.date | None] = {}

    def last_of(pk: int) -> dt.date | None:
        if pk not in memo:
            dates = [d for d in [_local_date(own.get(pk))] + [last_of(child) for child in children[pk]] if d]
            column = by_id[pk]
            last = max(dates) if dates else None
            # Another module's records are read only where the items leave the column blank, stale or near it
            # (one query per such column and unit: most columns are settled by the one query above).
            if column.code in sourced and (last is None or _needs_records(column, last, day)):
                has_rows, source_last = _source_last(column)
                if source_last and (last is None or source_last > last):
                    last = source_last
                if has_rows and last is None:
                    last = dt.date.min  # filled, but its records carry no date: not blank
            memo[pk] = last
        return memo[pk]

    stale, long_stale, blank, warned = [], [], [], []
    for column in columns:
        if column.code == GUIDE_CODE:  # generated from the unit's data, never blank or stale
            continue
        last = last_of(column.pk)
        shown_last = None if last == dt.date.min else last
        url = column.get_absolute_url()
        label = f"{column.name}（{column.unit.display_name}）"
        rule = _rule(column)
        if not children[column.pk] and last is None:
            blank.append(Evidence(label, url, _("栏目没有任何内容"), column.unit_id, column.unit.name))
        if rule is None:
            continue
        limit = cutoff(rule.category, rule.days, day)
        if limit is None:
            continue
        period = (day - limit).days
        detail = f"{rule.get_category_display()}；{_ago(shown_last, day)}"
        if last is None or last < limit:
            target = long_stale if rule.category == UpdateCategory.OTHER else stale
            target.append(Evidence(label, url, detail, column.unit_id, column.unit.name))
        elif last <= day - dt.timedelta(days=warn_after(period)):
            warned.append(Evidence(label, url, detail, column.unit_id, column.unit.name, status=S.AMBER))
    tripped = (
        len(stale) >= STALE_COLUMNS or len(long_stale) >= LONG_STALE_COLUMNS or len(blank) >= BLANK_COLUMNS
    )
    if tripped:
        status = S.RED
    elif stale or long_stale or blank or warned:
        status = S.AMBER
    else:
        status = S.GREEN
    value = _("未按期更新%(a)s个，长期未更新%(b)s个，空白%(c)s个，即将到期%(d)s个") % {
        "a": len(stale), "b": len(long_stale), "c": len(blank), "d": len(warned)}  # fmt: skip
    fixes = []
    if stale or long_stale or warned:
        fixes.append(_("在未按期更新和即将到期的栏目发布信息"))
    if blank:
        fixes.append(_("为空白栏目补充内容，或停用不适用的栏目"))
    return Outcome(
        value=value,
        threshold=_(
            "动态、要闻类2周内、通知公告和政策文件类6个月内须有更新，其他栏目按设定天数；"
            "未按期更新≥%(a)s个、长期未更新≥%(b)s个或空白栏目≥%(c)s个即单项否决"
        )
        % {"a": STALE_COLUMNS, "b": LONG_STALE_COLUMNS, "c": BLANK_COLUMNS},
        status=status,
        items=stale[:SHOWN] + long_stale[:SHOWN] + blank[:SHOWN] + warned[:SHOWN],
        fix="；".join(fixes) + ("。" if fixes else ""),
    )


# -- interaction ----------------------------------------------------------------------------------------


def _message_evidence(message: Message, detail: str, status: str) -> Evidence:
    return Evidence(
        label=f"{message.query_code} {message.subject}",
        url=reverse("workspace:message-case", args=[message.pk]),
        detail=detail,
        unit_id=message.unit_id,
        unit=message.unit.name,
        status=status,
    )


def interaction(site, day: dt.date) -> Outcome:
    """Spec §4.1 VETO_INTERACTION / §4.5: an effective consultation channel, and no valid message left
    unanswered for more than three months (however long ago it came: ignoring it longer never clears it). A
    message answered late within the year before the check stays on the record (amber); one nearing three
    months is warned ahead."""
    year_ago = day - dt.timedelta(days=365)
    limit = three_months_before(day)
    valid = (
        Message.objects.filter(site.unit_q("unit"), received_on__lte=day)
        .exclude(status__in=(Status.REJECTED, Status.MERGED))
        .select_related("unit")
        .order_by("received_on", "pk")
    )
    has_channel = Channel.objects.filter(site.unit_q("unit"), is_active=True, kind__in=CONSULTING).exists()
    unanswered = [
        _message_evidence(m, _("%(d)s受理，至今未答复") % {"d": m.received_on.isoformat()}, S.RED)
        for m in valid.filter(status__in=OPEN, received_on__lt=limit)[:SHOWN]
    ]
    count = valid.filter(status__in=OPEN, received_on__lt=limit).count()
    near_day = day - dt.timedelta(days=warn_after(INTERACTION_DAYS))
    near = [
        _message_evidence(m, _("%(d)s受理，即将满三个月") % {"d": m.received_on.isoformat()}, S.AMBER)
        for m in valid.filter(status__in=OPEN, received_on__gte=limit, received_on__lte=near_day)[:SHOWN]
    ]
    late = [
        _message_evidence(
            m, _("%(a)s受理，%(b)s才答复") % {"a": m.received_on.isoformat(), "b": m.replied_on.isoformat()},
            S.AMBER,
        )
        for m in valid.filter(replied_on__isnull=False, replied_on__gte=year_ago, replied_on__lte=day)
        if m.replied_on > add_months(m.received_on, 3)
    ][:SHOWN]  # fmt: skip
    if not has_channel or unanswered:
        status = S.RED
    elif near or late:
        status = S.AMBER
    else:
        status = S.GREEN
    fixes = []
    if not has_channel:
        fixes.append(_("开设并启用咨询或领导信箱渠道"))
    if unanswered or near:
        fixes.append(_("立即办理并答复所列留言"))
    items = unanswered + near + late
    if not has_channel:
        items.insert(0, Evidence(_("没有启用的政务咨询渠道"), reverse("interaction:index"), unit_id=site.root_id,
                                 unit=site.root.name))  # fmt: skip
    return Outcome(
        value=count,
        threshold=_("须有有效的咨询建议渠道；检查前一年内有效留言超过3个月未答复即单项否决"),
        status=status,
        items=items,
        fix="；".join(fixes) + ("。" if fixes else ""),
    )


# -- availability ---------------------------------------------------------------------------------------


def availability(site, day: dt.date) -> Outcome:
    """Spec §4.1 VETO_UNREACHABLE over the week up to ``day``: the share of failed probes (≥ 5 % fails), and
    whether every monitored day had at least 20 probes."""
    start = timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=PROBE_WEEK - 1), dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    probes = Probe.objects.filter(site=site, at__gte=start, at__lt=end)
    rows = list(probes.values_list("at", "ok"))
    threshold = _("一周内每天探测不少于%(n)s次，%(s)s秒内打不开为失败，失败率≥5%%即单项否决") % {
        "n": MIN_PROBES_PER_DAY, "s": PROBE_TIMEOUT_SECONDS}  # fmt: skip
    if not rows:
        return Outcome(None, threshold, S.NONE, [], _("启用可用性探测定时任务（gongkai probe_sites）。"))
    failed = sum(1 for _at, ok in rows if not ok)
    ratio = failed / len(rows)
    per_day: dict[dt.date, int] = defaultdict(int)
    for at, _ok in rows:
        per_day[_local_date(at)] += 1
    # Days with too few probes: whole days only (the day being judged is still running at 06:10).
    first = min(per_day)
    thin = [
        d
        for d in (first + dt.timedelta(days=i) for i in range((day - first).days))
        if per_day[d] < MIN_PROBES_PER_DAY
    ]
    items = [
        Evidence(
            label=_("%(t)s 探测失败") % {"t": timezone.localtime(p.at).strftime("%Y-%m-%d %H:%M")},
            url=p.url,
            detail=p.error or (_("状态码 %(c)s") % {"c": p.status_code}),
            unit_id=site.root_id,
            unit=site.root.name,
            status=S.RED if ratio >= UNREACHABLE_RATIO else S.AMBER,
        )
        for p in probes.filter(ok=False).order_by("-at")[:SHOWN]
    ]
    if ratio >= UNREACHABLE_RATIO:
        status, fix = S.RED, _("排查服务器、网络和域名解析，恢复网站访问。")
    elif failed or thin:
        status = S.AMBER
        fix = _("有探测失败或探测次数不足的日子：检查探测定时任务和网站运行情况。")
        items += [
            Evidence(_("%(d)s 仅探测%(n)s次") % {"d": d.isoformat(), "n": per_day[d]}, "", unit_id=site.root_id,
                     unit=site.root.name, status=S.AMBER)
            for d in thin
        ]  # fmt: skip
    else:
        status, fix = S.GREEN, ""
    return Outcome(round(ratio * 100, 2), threshold, status, items, fix)


# -- manual findings ------------------------------------------------------------------------------------


def _incidents(scope: str):
    def compute(site, day: dt.date) -> Outcome:
        rows = list(
            Incident.objects.filter(site=site, scope=scope, occurred_on__lte=day,
                                    occurred_on__gt=day - dt.timedelta(days=365)).order_by("-occurred_on", "-pk")
        )  # fmt: skip
        open_ = [i for i in rows if i.resolved_on is None or i.resolved_on > day]
        items = [
            Evidence(
                label=f"{i.get_kind_display()}（{i.occurred_on.isoformat()}）",
                url=reverse("workspace:inspection-incident", args=[i.pk]),
                detail=(_("未整改：%(d)s") if i in open_ else _("已于%(r)s整改：%(d)s")) % {
                    "d": i.description[:80], "r": i.resolved_on.isoformat() if i.resolved_on else ""},
                unit_id=site.root_id,
                unit=site.root.name,
                status=S.RED if i in open_ else S.AMBER,
            )
            for i in rows
        ]  # fmt: skip
        status = S.RED if open_ else (S.AMBER if rows else S.GREEN)
        return Outcome(
            value=len(open_),
            threshold=_(
                "出现严重表述错误、泄密、违法有害信息、安全攻击未处置、弄虚作假或严重负面舆情即单项否决（人工录入）"
            ),
            status=status,
            items=items,
            fix=_("立即整改并记录整改情况。") if open_ else "",
        )

    return compute


incidents_website = _incidents("website")
incidents_newmedia = _incidents("newmedia")
