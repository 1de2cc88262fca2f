from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "gongkai.workspace"
    label = "workspace"
    verbose_name = _("工作台")

    def ready(self):
        from gongkai.core import todo

        todo.autodiscover()  # each app's todo_sources.py registers what it gives staff to do
