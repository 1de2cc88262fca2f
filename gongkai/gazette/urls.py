from django.urls import path

from . import views

app_name = "gazette"

urlpatterns = [
    path("", views.index, name="index"),
    path("rss/", views.IssuesRss(), name="rss"),
    path("<int:year>/<int:number>/", views.issue, name="issue"),
    path("<int:year>/<int:number>/edition.pdf", views.pdf, name="pdf"),
]
