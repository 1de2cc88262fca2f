"""公众参与 on the public site: consultations with their state, the draft, comments and the adoption report."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from gongkai.core import forms as public_forms
from gongkai.core.context import ip_from_request
from gongkai.core.params import chosen_year, int_param
from gongkai.sites.scope import elsewhere, scoped, site_of_request

from . import services
from .forms import AttendanceForm, CommentForm
from .models import Comment, Consultation, ConsultationKind, State


def index(request):
    now = timezone.now()
    kinds = list(ConsultationKind.objects.only("code", "name"))
    kind = request.GET.get("kind")
    found = scoped(request, Consultation.objects.public()).select_related("unit")
    if kind in {k.code for k in kinds}:
        found = found.filter(kinds__code=kind)
    else:
        kind = None
    state = request.GET.get("state")
    rows = [(c, c.state(now)) for c in found]
    if state in State.values:
        rows = [(c, s) for c, s in rows if s == state]
    else:
        state = None
    return render(
        request,
        "participation/index.html",
        {
            "rows": rows,
            "states": State.choices,
            "selected": state,
            "kinds": kinds,
            "selected_kind": kind,
            "crumbs": [{"label": _("公众参与"), "url": None}],
        },
    )


@never_cache
def consultation(request, pk: int):
    found = get_object_or_404(Consultation.objects.public().select_related("unit", "decision"), pk=pk)
    if moved := elsewhere(request, found.unit):
        return moved
    state = found.state()
    received = None
    handled = public_forms.Handled(form=None)
    clause_list = list(found.clauses.all())
    if state == State.OPEN:
        by_number = {c.number: c for c in clause_list}
        handled = public_forms.handle(
            request, CommentForm, scope=services.CHALLENGE_SCOPE, form_kwargs={"clauses": clause_list},
            submit=lambda data, proof: services.submit_comment(
                consultation=found, body=data["body"], name=data["name"], contact=data["contact"],
                submission_key=data.get("submission_key") or None, ip=ip_from_request(request) or "", proof=proof,
                clause=by_number.get(data.get("clause")),
            ),
        )  # fmt: skip
        received = handled.result[0] if handled.result else None
        if handled.form is not None and not handled.form.is_bound:
            chosen = int_param(request.GET.get("clause"))
            if chosen in by_number:
                handled.form.initial["clause"] = chosen
    reported = state == State.REPORTED
    comments = list(
        found.comments.filter(status=Comment.Status.PUBLISHED)
        .select_related("group")
        .order_by("submitted_at")
    )
    groups = list(found.groups.annotate(n=Count("comments"))) if reported else []
    clause_rows = [
        {
            "clause": c,
            "comments": [m for m in comments if m.clause_id == c.pk],
            "groups": [g for g in groups if g.clause_id == c.pk],
        }
        for c in clause_list
    ]
    whole = [m for m in comments if m.clause_id is None]
    return handled.render(
        request,
        "participation/consultation.html",
        {
            "consultation": found,
            "state": state,
            "state_label": State(state).label,
            "form": handled.form if received is None else None,
            "challenge": handled.challenge,
            "received": received,
            "comments": comments,
            "clause_rows": clause_rows,
            "whole_comments": whole,
            "whole_groups": [g for g in groups if g.clause_id is None],
            "groups": groups,
            "counts": services.counts(found) if reported else None,
            "crumbs": [
                {"label": _("公众参与"), "url": reverse("participation:index")},
                {"label": found.title, "url": None},
            ],
        },
    )


class OpenConsultationsRss(Feed):
    title = gettext_lazy("正在征集意见的草案")
    description = gettext_lazy("公众参与 · 意见征集")

    def get_object(self, request, *args, **kwargs):
        return site_of_request(request)  # the feed of the portal the request came in on

    def link(self):
        return reverse("participation:index")

    def items(self, site):
        consultations = Consultation.objects.open_at(timezone.now()).filter(site.unit_q("unit"))
        return consultations.select_related("unit").order_by("ends_at")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return _("%(unit)s征集意见，截止时间：%(end)s") % {
            "unit": item.unit.name, "end": timezone.localtime(item.ends_at).strftime("%Y-%m-%d %H:%M"),
        }  # fmt: skip

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.starts_at


def decisions(request):
    from .models import DecisionCatalog

    catalogs = scoped(request, DecisionCatalog.objects.filter(is_published=True)).select_related("unit")
    years = sorted(set(catalogs.values_list("year", flat=True)), reverse=True)
    year = chosen_year(request, years)
    shown = catalogs.filter(year=year).prefetch_related(
        "matters__lead_unit", "matters__consultation", "matters__decision"
    )
    return render(
        request,
        "participation/decisions.html",
        {
            "years": years,
            "year": year,
            "catalogs": shown,
            "crumbs": [
                {"label": _("公众参与"), "url": reverse("participation:index")},
                {"label": _("重大行政决策事项目录"), "url": None},
            ],
        },
    )


def proposals(request):
    from .models import Proposal

    found = scoped(
        request, Proposal.objects.filter(status=Proposal.Status.REPLIED), "lead_unit"
    ).select_related("lead_unit")
    years = sorted(set(found.values_list("year", flat=True)), reverse=True)
    kind = request.GET.get("kind")
    if kind in Proposal.Kind.values:
        found = found.filter(kind=kind)
    found = (
        found.filter(category=c) if (c := request.GET.get("category")) in Proposal.Category.values else found
    )
    year = chosen_year(request, years)
    return render(
        request,
        "participation/proposals.html",
        {
            "proposals": found.filter(year=year),
            "years": years,
            "year": year,
            "kinds": Proposal.Kind.choices,
            "kind": kind,
            "crumbs": [
                {"label": _("公众参与"), "url": reverse("participation:index")},
                {"label": _("建议提案办理"), "url": None},
            ],
        },
    )


def proposal(request, pk: int):
    from .models import Proposal

    found = get_object_or_404(
        Proposal.objects.filter(status=Proposal.Status.REPLIED)
        .select_related("lead_unit")
        .prefetch_related("co_units"),
        pk=pk,
    )
    if moved := elsewhere(request, found.lead_unit):
        return moved
    return render(
        request,
        "participation/proposal.html",
        {
            "proposal": found,
            "crumbs": [
                {"label": _("建议提案办理"), "url": reverse("participation:proposals")},
                {"label": found.title, "url": None},
            ],
        },
    )


def meetings(request):
    from .models import Meeting

    return render(
        request,
        "participation/meetings.html",
        {
            "meetings": scoped(request, Meeting.objects.filter(is_published=True)).select_related("unit"),
            "now": timezone.now(),
            "crumbs": [
                {"label": _("公众参与"), "url": reverse("participation:index")},
                {"label": _("会议公开"), "url": None},
            ],
        },
    )


@never_cache
def meeting(request, pk: int):
    from .models import AttendanceApplication, Meeting

    found = get_object_or_404(Meeting.objects.filter(is_published=True).select_related("unit"), pk=pk)
    if moved := elsewhere(request, found.unit):
        return moved
    received = None
    handled = public_forms.Handled(form=None)
    if found.accepts_applications():
        handled = public_forms.handle(
            request, AttendanceForm, scope=services.CHALLENGE_SCOPE,
            submit=lambda data, proof: services.apply_to_attend(
                meeting=found, category=data["category"], name=data["name"], contact=data["contact"],
                organization=data["organization"], reason=data["reason"],
                submission_key=data.get("submission_key") or None, ip=ip_from_request(request) or "", proof=proof,
            ),
        )  # fmt: skip
        received = handled.result[0] if handled.result else None
    attended = found.applications.filter(status=AttendanceApplication.Status.ATTENDED).exclude(opinion="")
    return handled.render(
        request,
        "participation/meeting.html",
        {
            "meeting": found,
            "form": handled.form if received is None else None,
            "challenge": handled.challenge,
            "received": received,
            "held": timezone.now() >= found.held_at,
            "materials": [m for m in found.materials.all() if m.is_public],
            "opinions": attended,
            "crumbs": [
                {"label": _("会议公开"), "url": reverse("participation:meetings")},
                {"label": found.title, "url": None},
            ],
        },
    )


def item_panel(item) -> str:
    """On a decision's page: the consultation that preceded it and its adoption report."""
    from django.template.loader import render_to_string

    consultations = list(Consultation.objects.public().filter(decision=item))
    if not consultations:
        return ""
    return render_to_string("participation/includes/decision_panel.html", {"consultations": consultations})
