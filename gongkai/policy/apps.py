from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "gongkai.policy"
    label = "policy"
    verbose_name = _("政策文件与解读")

    def ready(self):
        from gongkai.publishing import services as publishing
        from gongkai.publishing import views as publishing_views

        from . import services, views

        publishing.register_check(services.publication_check)
        publishing_views.register_item_panel(views.item_panel)
