from django.urls import path

from . import conventions, views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("preferences/elder-mode/", views.elder_mode, name="elder-mode"),
    path("preferences/", conventions.preferences, name="preferences"),
    path("sitemap/", conventions.sitemap_page, name="sitemap"),
    path("contact/", conventions.contact, name="contact"),
    path("favicon.ico", conventions.favicon, name="favicon"),
]
