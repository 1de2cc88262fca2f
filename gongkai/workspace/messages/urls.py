"""Workspace pages: 政民互动."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="messages"),
    path("bulk/", views.bulk, name="message-bulk"),
    path("<int:pk>/", views.case, name="message-case"),
    path("<int:pk>/contact/", views.contact, name="message-contact"),
    path("<int:pk>/steps/<slug:name>/", views.step, name="message-step"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="message-attachment"),
]
