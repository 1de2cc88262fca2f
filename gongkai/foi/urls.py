from django.urls import path

from . import views

app_name = "foi"

urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.apply, name="apply"),
    path("track/", views.track, name="track"),
    path("documents/<str:token>/", views.document, name="document"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("statistics.<str:fmt>", views.statistics_download, name="statistics-download"),
]
