from django.urls import path

from . import views

app_name = "interaction"

urlpatterns = [
    path("", views.index, name="index"),
    path("write/", views.write, name="write"),
    path("follow/", views.follow, name="follow"),
    path("messages/<int:pk>/", views.message, name="message"),
    path("stats/", views.stats, name="stats"),
    path("stats.<str:fmt>", views.stats_download, name="stats-download"),
    path("faq/", views.faq, name="faq"),
]
