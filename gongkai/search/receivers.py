from django.dispatch import receiver

from gongkai.publishing.signals import item_changed

from . import index


@receiver(item_changed)
def reindex_item(sender, item_id, **kwargs):
    index.index_item(item_id)
