from django.urls import path

from . import invitation_views, views

app_name = "participation"

urlpatterns = [
    path("", views.index, name="index"),
    path("consultations/rss/", views.OpenConsultationsRss(), name="rss"),
    path("decisions/", views.decisions, name="decisions"),
    path("proposals/", views.proposals, name="proposals"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("proposals/<int:pk>/", views.proposal, name="proposal"),
    path("consultations/<int:pk>/", views.consultation, name="consultation"),
    path("invite/<str:token>/", invitation_views.invitation, name="invitation"),  # issue 26: personal link
]
