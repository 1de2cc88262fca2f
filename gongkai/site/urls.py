from django.urls import path

from . import views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("preferences/elder-mode/", views.elder_mode, name="elder-mode"),
]
