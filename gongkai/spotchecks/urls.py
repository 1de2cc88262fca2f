from django.urls import path

from . import feeds, views

app_name = "spotchecks"

urlpatterns = [
    path("", views.index, name="index"),
    path("matters/", views.matters, name="matters"),
    path("results/", views.results, name="results"),
    path("draw.py", views.draw_source, name="draw-source"),
    path("feed/", feeds.PlansRss(), name="feed"),
    path("<int:pk>/", views.plan, name="plan"),
    path("<int:pk>/pool.csv", views.pool, name="pool"),
    path("<int:pk>/verify/", views.verify, name="verify"),
]
