"""Workspace pages: 政务新媒体."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="newmedia"),
    path("new/", views.account, name="newmedia-account-new"),
    path("<int:pk>/", views.account, name="newmedia-account"),
    path("import/", views.import_page, name="newmedia-import"),
    path("export.<str:fmt>", views.export, name="newmedia-export"),
]
