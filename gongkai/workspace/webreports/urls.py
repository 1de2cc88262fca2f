"""Workspace pages: 网站年度报表."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="webreports"),
]
