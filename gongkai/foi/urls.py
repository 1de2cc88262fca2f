from django.urls import path

from . import correction_views, views

app_name = "foi"

urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.apply, name="apply"),
    path("track/", views.track, name="track"),
    path("corrections/new/", correction_views.new, name="correction-new"),
    path("corrections/track/", correction_views.track, name="correction-track"),
    path("corrections/notice/<str:token>.<str:fmt>", correction_views.notice, name="correction-notice"),
    path("documents/<str:token>/", views.document, name="document"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("statistics.<str:fmt>", views.statistics_download, name="statistics-download"),
]
