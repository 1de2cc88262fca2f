"""Workspace pages: 依申请公开."""

from django.urls import path

from . import corrections, published, views
from . import settings as procedure_settings

urlpatterns = [
    path("", views.index, name="foi"),
    path("settings/", procedure_settings.settings_page, name="foi-settings"),
    path("intake/", views.intake, name="foi-intake"),
    path("ledger/", views.ledger_page, name="foi-ledger"),
    path("frequent/", views.frequent, name="foi-frequent"),
    path("ledger.xlsx", views.ledger_download, name="foi-ledger-download"),
    path("corrections/", corrections.index, name="foi-corrections"),
    path("corrections/new/", corrections.intake, name="foi-correction-intake"),
    path("corrections/<int:pk>/", corrections.detail, name="foi-correction"),
    path("corrections/<int:pk>/applicant/", corrections.applicant, name="foi-correction-applicant"),
    path("corrections/<int:pk>/start/", corrections.start, name="foi-correction-start"),
    path("corrections/<int:pk>/decision/", corrections.decision, name="foi-correction-decision"),
    path("corrections/<int:pk>/notice.<str:fmt>", corrections.notice, name="foi-correction-notice"),
    path(
        "corrections/<int:pk>/evidence/<int:document_id>/",
        corrections.evidence,
        name="foi-correction-evidence",
    ),
    path("<int:pk>/", views.detail, name="foi-detail"),
    path("<int:pk>/applicant/", views.applicant, name="foi-applicant"),
    path("<int:pk>/steps/<str:kind>/", views.step, name="foi-step"),
    path("<int:pk>/notices/<str:kind>.<str:fmt>", views.notice, name="foi-notice"),
    path("<int:pk>/notices/<str:kind>/attach/", views.notice_attach, name="foi-notice-attach"),
    path("<int:pk>/documents/", views.document_add, name="foi-document-add"),
    path("<int:pk>/publication/", views.publication, name="foi-publication"),
    path("<int:pk>/published/<int:item_id>/", published.confirm, name="foi-published-confirm"),
    path("<int:pk>/published/reply/", published.reply, name="foi-published-reply"),
    path("<int:pk>/documents/email/", views.email_links, name="foi-documents-email"),
    path("<int:pk>/documents/<int:document_id>/", views.document_download, name="foi-document"),
    path("<int:pk>/documents/<int:document_id>/remove/", views.document_remove, name="foi-document-remove"),
    path("<int:pk>/documents/<int:document_id>/redact/", views.document_redact, name="foi-document-redact"),
    path(
        "<int:pk>/documents/<int:document_id>/pages/<int:number>.png",
        views.document_page,
        name="foi-document-page",
    ),
]
