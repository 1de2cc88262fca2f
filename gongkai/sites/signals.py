from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import resolve
from .models import HomeBlock, Site, SiteHost


@receiver([post_save, post_delete], sender=Site)
@receiver([post_save, post_delete], sender=SiteHost)
@receiver([post_save, post_delete], sender=HomeBlock)
def _site_changed(sender, **kwargs):
    resolve.clear()
