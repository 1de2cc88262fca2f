from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gongkai.interaction.models import FaqEntry
from gongkai.publishing.signals import item_changed

from . import index


@receiver(item_changed)
def reindex_item(sender, item_id, **kwargs):
    index.index_item(item_id)


@receiver(post_save, sender=FaqEntry)
@receiver(post_delete, sender=FaqEntry)
def reindex_faq(sender, instance, **kwargs):
    pk = instance.pk
    transaction.on_commit(lambda: index.index_faq(pk))
