"""The staff workspace (工作台) under /manage/; each daily job has its own module of pages."""

from django.urls import include, path

from . import views

app_name = "workspace"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.sign_in, name="login"),
    path("items/", include("gongkai.workspace.items.urls")),
    path("foi/", include("gongkai.workspace.foi.urls")),
    path("messages/", include("gongkai.workspace.messages.urls")),
    path("participation/", include("gongkai.workspace.participation.urls")),
    path("supervision/", include("gongkai.workspace.supervision.urls")),
    # 网站首页: the openness office arranges its site's home-page blocks (issue 18, sites)
    path("site/", include("gongkai.workspace.sites.urls")),
    path("submissions/", include("gongkai.workspace.submissions.urls")),
    path("registers/", include("gongkai.workspace.registers.urls")),
    path("spotchecks/", include("gongkai.workspace.spotchecks.urls")),
    path("datasets/", include("gongkai.workspace.datasets.urls")),
    path("guides/", include("gongkai.workspace.guides.urls")),
    path("newmedia/", include("gongkai.workspace.newmedia.urls")),
    path("inspection/", include("gongkai.workspace.inspection.urls")),
    path("scans/", include("gongkai.workspace.scans.urls")),
    path("visits/", include("gongkai.workspace.visits.urls")),
    path("website-reports/", include("gongkai.workspace.webreports.urls")),
]
