"""Workspace pages: 访问统计."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="visits"),
    path("days.<str:fmt>", views.download, name="visits-download"),
]
