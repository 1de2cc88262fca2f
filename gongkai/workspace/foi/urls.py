"""Workspace pages: 依申请公开."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="foi"),
]
