"""Workspace pages: 依申请公开."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="foi"),
    path("intake/", views.intake, name="foi-intake"),
    path("ledger/", views.ledger_page, name="foi-ledger"),
    path("frequent/", views.frequent, name="foi-frequent"),
    path("ledger.xlsx", views.ledger_download, name="foi-ledger-download"),
    path("<int:pk>/", views.detail, name="foi-detail"),
    path("<int:pk>/applicant/", views.applicant, name="foi-applicant"),
    path("<int:pk>/steps/<str:kind>/", views.step, name="foi-step"),
    path("<int:pk>/notices/<str:kind>.<str:fmt>", views.notice, name="foi-notice"),
    path("<int:pk>/notices/<str:kind>/attach/", views.notice_attach, name="foi-notice-attach"),
    path("<int:pk>/documents/", views.document_add, name="foi-document-add"),
    path("<int:pk>/publication/", views.publication, name="foi-publication"),
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
