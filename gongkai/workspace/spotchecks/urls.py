"""Workspace pages: 双随机抽查."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="spotchecks"),
]
