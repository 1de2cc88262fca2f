from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _lexicon_changed(sender, **kwargs):
    if kwargs.get("raw"):  # loading a fixture is no edit
        return
    from .services import queue_lexicon_rescan

    queue_lexicon_rescan()


class ScansConfig(AppConfig):
    name = "gongkai.scans"
    label = "scans"
    verbose_name = _("内容巡查")

    def ready(self):
        # The lexicon and the leaders are kept by publishing and core, which know nothing of scans: a change
        # of either, whoever saves it (admin, workspace, demo), queues one lexicon re-scan on commit.
        from gongkai.core.models import Leader
        from gongkai.publishing.models import LexiconEntry

        for model in (LexiconEntry, Leader):
            post_save.connect(_lexicon_changed, sender=model, dispatch_uid=f"scans-rescan-{model.__name__}")
            post_delete.connect(
                _lexicon_changed, sender=model, dispatch_uid=f"scans-rescan-del-{model.__name__}"
            )
