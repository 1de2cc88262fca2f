from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "gongkai.core"
    label = "core"
    verbose_name = _("机构、人员与日历")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import audit_protection, checks  # noqa: F401 - checks registers the deploy checks

        post_migrate.connect(audit_protection.install_after_migrate, sender=self)
        from django.core.signals import request_finished

        from .logs import forget_request_id

        # The request id stays set until the response is finished: Django logs a 4xx/5xx response (the
        # django.request logger) after the middleware has returned.
        request_finished.connect(forget_request_id, dispatch_uid="gongkai.core.logs.forget_request_id")
        self._name_the_task_queue_in_chinese()

    @staticmethod
    def _name_the_task_queue_in_chinese():
        """django-tasks-db ships English names only; staff pages are in Chinese, so its screen is named here."""
        from django.apps import apps
        from django_tasks_db.models import DBTaskResult

        apps.get_app_config("django_tasks_database").verbose_name = _("后台任务")
        DBTaskResult._meta.verbose_name = _("任务记录")
        DBTaskResult._meta.verbose_name_plural = _("任务记录")
        # Its str() is "DBTaskResult object (<uuid>)", the title of its page: name the task instead.
        DBTaskResult.__str__ = lambda result: str(
            _("任务 %(task)s") % {"task": result.task_path.rsplit(".", 1)[-1]}
        )


class GongkaiAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "gongkai.core.admin_site.GongkaiAdminSite"
