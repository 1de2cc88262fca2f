"""Public pages: how to apply, the application form, and following an application with code and secret;
the notice download the desk and the staff API share."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gongkai.core import forms as public_forms
from gongkai.core import masking, staging, tables
from gongkai.core.antiabuse import RateLimited, retry_after_header
from gongkai.core.context import ip_from_request
from gongkai.sites.scope import site_of_request

from . import clock, documents, explain, notices, remedies, rules, services, statistics
from .forms import ApplyForm, CorrectionForm, TrackForm
from .models import Application, EventKind, Status

PUBLIC_EVENTS = set(EventKind.values) - {EventKind.NOTE}


def _crumbs(label):
    return (
        [{"label": _("依申请公开"), "url": "/foi/"}, {"label": label}]
        if label
        else [{"label": _("依申请公开")}]
    )


def index(request):
    return render(request, "foi/index.html", {"crumbs": _crumbs(None)})


@never_cache
def apply(request):
    # Kept on the server, so a form that comes back with errors still has the applicant's files.
    kept = {
        "identity_proof": documents.IDENTITY.from_request(request, "identity_proof"),
        "material": documents.MATERIAL.from_request(request, "material"),
    }

    def submit(data, proof):
        if any(files.errors for files in kept.values()):
            raise ValidationError({name: files.errors for name, files in kept.items() if files.errors})
        return services.submit_application(
            unit=data["unit"],
            data={k: v for k, v in data.items() if k in services.INTAKE_FIELDS},
            submission_key=data.get("submission_key") or None,
            proof=proof,
            ip=ip_from_request(request),
            identity=kept["identity_proof"].files,
            material=kept["material"].files,
        )

    # ?unit=<id> from a unit's guide or column page chooses the receiving organ in advance
    unit = request.GET.get("unit", "")
    initial = {"unit": int(unit)} if unit.isdigit() and len(unit) < 10 else {}
    handled = public_forms.handle(
        request,
        ApplyForm,
        scope=services.CHALLENGE_SCOPE,
        submit=submit,
        form_kwargs={"initial": initial, "units": site_of_request(request).units().ordered()},
    )
    if handled.result is not None:
        application, secret, created = handled.result
        return render(
            request,
            "foi/receipt.html",
            {
                "application": application,
                "secret": secret,
                "created": created,
                "crumbs": _crumbs(_("提交成功")),
            },
        )
    for name, files in kept.items():
        files.show_errors(handled.form, name)
    context = {
        "form": handled.form,
        "challenge": handled.challenge,
        "kept": kept,
        "crumbs": _crumbs(_("在线申请")),
    }
    return handled.render(request, "foi/apply.html", context)


def public_timeline(application: Application, *, calendar=None) -> list[dict]:
    """The applicant's timeline (no notes, no parties' names). ``calendar``: the working-day calendar a list
    read once for all its rows (else read here when a consultation may have lapsed)."""
    rows = []
    # from ``events.all()`` so that a list fetched ``with_events()`` reads no more rows per application
    events = sorted(
        (e for e in application.events.all() if e.kind in PUBLIC_EVENTS), key=lambda e: (e.on, e.pk)
    )
    lapses, late = explain.consultation_lapses(events, timezone.localdate(), calendar=calendar)
    for event in events:
        detail = ""
        if event.kind == EventKind.CORRECTION_REQUESTED and event.data.get("deadline"):
            deadline = dt.date.fromisoformat(str(event.data["deadline"]))
            detail = _("请于%(d)s前补正") % {"d": notices.chinese_date(deadline)}
        elif event.kind == EventKind.EXTENDED:
            detail = _("延长%(n)s个工作日") % {"n": event.data.get("days")}
        elif event.kind == EventKind.TRANSFERRED:
            detail = _("转至%(u)s办理") % {"u": event.data.get("to_unit")}
        elif event.kind == EventKind.CONSULTATION_STARTED:
            detail = _("征求意见期间不计入答复期限")
        elif event.kind == EventKind.CONSULTATION_ENDED and event.pk in late:
            detail = _("已超过提出意见的期限，答复期限不再顺延")
        # HELP_GIVEN: only that help was given, never what (the note stays with the handling unit)
        rows.append(
            {"on": event.on, "label": event.get_kind_display(), "detail": detail, "due": event.due_on_after}
        )
    # A consulted party that let its deadline pass: the clock runs again (Arts. 32, 34); the party unnamed.
    for lapse in lapses:
        label = (
            _("被征求意见的机关逾期未提出意见")
            if lapse.party_kind == clock.ORGAN
            else _("第三方逾期未提出意见")
        )
        detail = _("自%(x)s起恢复计算答复期限") % {"x": explain.chinese_date(lapse.resumes_on)}
        rows.append({"on": lapse.resumes_on, "label": label, "detail": detail, "due": None})
    return sorted(rows, key=lambda row: row["on"])


@never_cache
def track(request):
    """Following an application with its code and secret: its state, the answer with the released files
    and notices to download, and, while a correction is awaited, the correction form (the code and secret
    come again with it)."""
    correcting = request.method == "POST" and "correct" in request.POST
    form = TrackForm(request.POST or None)
    application = None
    status, headers = 200, {}
    if request.method == "POST" and form.is_valid():
        try:
            application = services.find_for_applicant(
                form.cleaned_data["tracking_code"], form.cleaned_data["secret"], ip=ip_from_request(request)
            )
        except RateLimited as exc:
            form.add_error(None, exc.messages)
            status, headers = 429, retry_after_header(exc)
        else:
            if application is None:
                form.add_error(None, _("查询码或查询密码不正确。"))
    context = {"form": form, "crumbs": _crumbs(_("申请查询"))}
    if application is not None and request.POST.get("notice"):
        # a notice in large print (条例第四十三条), asked for with the code and secret again
        try:
            if request.POST["notice"] not in notices.TO_APPLICANT:  # the consultation letter is the party's
                raise notices.NoticeUnavailable(_("不认识的告知书类型。"))
            return notice_response(application, request.POST["notice"], "large-pdf")
        except notices.NoticeUnavailable as exc:
            context["notice_refused"] = str(exc)
            status = 400
    if application is not None:
        correction, kept, corrected = _correction(request, application, correcting)
        if corrected:
            application.refresh_from_db()
        files = documents.for_applicant(application)
        context |= {
            "application": application,
            "masked_name": masking.name(application.applicant_name),
            "timeline": public_timeline(application),
            "files": [(document, documents.link(document)) for document in files],
            "links_expire": documents.expires_at() if files else None,
            "correction": correction if application.status == Status.CORRECTION else None,
            # A correction sent twice, or after the organ recorded one: say why nothing was taken.
            "correction_refused": correction.non_field_errors() if correcting and not corrected else [],
            "correction_asked": _correction_asked(application),
            "kept": kept,
            "corrected": corrected,
            "remedies": remedies.for_application(application),
            "large_print": _large_print(application),
        }
        if correcting and not corrected:
            status = 400
    return public_forms.render_with(request, "foi/track.html", context, status=status, headers=headers)


def _large_print(application) -> list[tuple[str, str]]:
    """The notices addressed to the applicant that the tracking page offers in large print."""
    return [(kind, title) for kind, title in notices.available(application) if kind in notices.TO_APPLICANT]


def _correction_asked(application) -> str:
    """What the organ asked the applicant to correct (the 补正告知书's content, addressed to them)."""
    if application.status != Status.CORRECTION:
        return ""
    asked = [e for e in application.events.all() if e.kind == EventKind.CORRECTION_REQUESTED]
    return asked[-1].note if asked else ""


def _correction(request, application, correcting: bool):
    """The correction form for ``application`` (bound when it was sent), its kept files, and whether the
    correction was recorded now."""
    initial = {"tracking_code": application.tracking_code, "secret": request.POST.get("secret", "")}
    if not correcting:
        return CorrectionForm(initial=initial), staging.Kept(), False
    kept = documents.MATERIAL.from_request(request, "files")
    form = CorrectionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            if kept.errors:
                raise ValidationError({"files": kept.errors})
            services.submit_correction(application, text=form.cleaned_data["text"], files=kept.files)
        except ValidationError as exc:
            public_forms.add_errors(form, exc)
        else:
            return CorrectionForm(initial=initial), staging.Kept(), True
    kept.show_errors(form, "files")
    return form, kept, False


@never_cache
def document(request, token: str):
    """A released file or notice, by the link the tracking page (or the delivery e-mail) gave; 404 when the
    link is forged, expired, or the file is no longer offered."""
    found = documents.open_link(token)
    if found is None:
        return render(request, "foi/link_expired.html", {"crumbs": _crumbs(_("文件下载"))}, status=404)
    return documents.applicant_download(found)


def notice_response(application, kind: str, fmt: str) -> HttpResponse:
    """The notice as a download (``fmt``: docx, pdf, or large-pdf for large print); raises
    NoticeUnavailable when it cannot be made."""
    if fmt not in notices.FORMATS:
        raise notices.NoticeUnavailable("格式应为 docx、pdf 或 large-pdf（大字版 PDF）。")
    notice = notices.build(application, kind)
    response = HttpResponse(notices.render(notice, fmt), content_type=notices.FORMATS[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(notices.filename(notice, fmt))}"
    return response


def _year(request) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    return max(rules.FIRST_YEAR, min(year, this_year))


def statistics_page(request):
    year = _year(request)
    rows = statistics.compute(year=year, scope=site_of_request(request).unit_q("unit"))
    return render(
        request,
        "foi/statistics.html",
        {
            "rows": rows,
            "year": year,
            "years": statistics.years(),
            "crumbs": _crumbs(_("办理统计")),
        },
    )


def statistics_download(request, fmt: str):
    year = _year(request)
    rows = statistics.compute(year=year, scope=site_of_request(request).unit_q("unit"))
    return tables.download(
        statistics.HEADER,
        statistics.table_rows(rows),
        fmt=fmt,
        filename=f"foi-statistics-{year}",
        sheet=str(year),
    )
