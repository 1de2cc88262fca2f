"""Workspace pages: 内容巡查."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="scans"),
]
