"""Workspace pages: 数据发布."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="datasets"),
    path("new/", views.edit, name="datasets-new"),
    path("<int:pk>/", views.detail, name="datasets-detail"),
    path("<int:pk>/edit/", views.edit, name="datasets-edit"),
    path("<int:pk>/template.<str:fmt>", views.template, name="datasets-template"),
    path("releases/<int:pk>/original/", views.original, name="datasets-original"),
]
