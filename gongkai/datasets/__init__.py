"""Periodic data releases (数据发布): datasets with their columns and due rule, and each period's release."""
