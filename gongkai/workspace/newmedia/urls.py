"""Workspace pages: 政务新媒体."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="newmedia"),
]
