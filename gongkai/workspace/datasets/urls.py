"""Workspace pages: 数据发布."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="datasets"),
]
