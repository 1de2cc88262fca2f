"""Workspace pages: 公开信息 (the list, the editor, Word import, preview and review)."""

from django.urls import path

from . import editing, importing, reviewing

urlpatterns = [
    path("", editing.index, name="items"),
    path("new/", editing.new, name="item-new"),
    path("import/", importing.import_docx, name="item-import"),
    path("<int:pk>/", editing.edit, name="item-edit"),
    path("<int:pk>/autosave/", editing.autosave, name="item-autosave"),
    path("<int:pk>/preview/", reviewing.preview, name="item-preview"),
    path("<int:pk>/review/", reviewing.review, name="item-review"),
    path("<int:pk>/revisions/<int:number>/", reviewing.revision, name="item-revision"),
    path("<int:pk>/attachments/<int:attachment_id>/", reviewing.attachment, name="item-attachment"),
]
