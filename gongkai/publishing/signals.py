"""Sent after commit whenever an item's public face may have changed (published, edited, withdrawn...)."""

from django.dispatch import Signal

item_changed = Signal()  # kwargs: item_id
