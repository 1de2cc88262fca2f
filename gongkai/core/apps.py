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


class GongkaiAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "gongkai.core.admin_site.GongkaiAdminSite"
