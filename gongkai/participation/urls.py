from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("", views.index, name="index"),
    path("consultations/rss/", views.OpenConsultationsRss(), name="rss"),
    path("decisions/", views.decisions, name="decisions"),
    path("consultations/<int:pk>/", views.consultation, name="consultation"),
]
