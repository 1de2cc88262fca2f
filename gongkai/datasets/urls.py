from django.urls import path

from . import views

app_name = "datasets"

urlpatterns = [
    path("", views.index, name="index"),
    path("rss/", views.AllReleasesRss(), name="rss"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rss/", views.DatasetRss(), name="dataset-rss"),
    path("<int:pk>/releases/<str:period>/", views.release, name="release"),
    path("<int:pk>/releases/<str:period>/download.<str:fmt>", views.download, name="download"),
]
