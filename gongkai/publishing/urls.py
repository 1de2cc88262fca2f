from django.urls import path

from . import feeds, views

app_name = "publishing"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:unit_id>/", views.unit_catalog, name="unit"),
    path("<int:unit_id>/guide/", views.unit_guide, name="guide"),
    path("<int:unit_id>/columns/<int:column_id>/", views.column, name="column"),
    path("<int:unit_id>/columns/<int:column_id>/rss/", feeds.ColumnRss(), name="column-rss"),
    path("<int:unit_id>/columns/<int:column_id>/atom/", feeds.ColumnAtom(), name="column-atom"),
    path("items/<int:pk>/", views.item, name="item"),
    path("items/<int:pk>/print/", views.item_print, name="item-print"),
    path("index-no/<path:index_no>/", views.item_by_index, name="by-index"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
