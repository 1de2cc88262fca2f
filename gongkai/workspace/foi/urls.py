"""Workspace pages: 依申请公开."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="foi"),
    path("intake/", views.intake, name="foi-intake"),
    path("<int:pk>/", views.detail, name="foi-detail"),
    path("<int:pk>/applicant/", views.applicant, name="foi-applicant"),
    path("<int:pk>/steps/<str:kind>/", views.step, name="foi-step"),
    path("<int:pk>/notices/<str:kind>.<str:fmt>", views.notice, name="foi-notice"),
]
