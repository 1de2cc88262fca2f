"""Every change to information items, columns and attachments. One transaction, one audit record each.

By job: ``items`` (create, edit, import, the index number), ``transitions`` (the review workflow, scheduled
publishing, validity), ``checking`` (pre-publication checks, other apps' included), ``attachments``,
``catalog`` (columns, review levels, site-wide settings), ``submissions`` (信息报送) and ``word_import`` (a Word document as a draft).
Callers use this package:
``from gongkai.publishing import services; services.publish_due_items(actor=system("publish_scheduled"))``.
"""

from .attachments import add_attachment, check_file, remove_attachment
from .catalog import delete_setting, ensure_catalog, save_column, save_setting, set_review_levels
from .checking import EXTRA_CHECKS, ChecksFailed, check_item, lexicon, register_check, require_checks_pass
from .items import (
    ITEM_FIELDS,
    T_PROACTIVE_PUBLISH,
    Actor,
    EditConflict,
    assign_index_number,
    create_item,
    import_item,
    may_edit,
    reindex_item,
    update_item,
)
from .submissions import (
    adopt_submission,
    adopted_count,
    decline_submission,
    submission_stats,
    submit_to_portal,
    withdraw_submission,
)
from .transitions import (
    approve_item,
    expire_documents,
    publish_due_items,
    publish_now,
    recall_item,
    reject_item,
    restore_item,
    set_validity,
    submit_item,
    withdraw_item,
)
from .word_import import ImportedDocument, check_docx, import_docx, read_upload

__all__ = [
    "EXTRA_CHECKS",
    "ITEM_FIELDS",
    "T_PROACTIVE_PUBLISH",
    "Actor",
    "ChecksFailed",
    "EditConflict",
    "ImportedDocument",
    "add_attachment",
    "adopt_submission",
    "adopted_count",
    "approve_item",
    "assign_index_number",
    "check_docx",
    "check_file",
    "check_item",
    "create_item",
    "decline_submission",
    "delete_setting",
    "ensure_catalog",
    "expire_documents",
    "import_docx",
    "import_item",
    "lexicon",
    "may_edit",
    "publish_due_items",
    "publish_now",
    "read_upload",
    "recall_item",
    "register_check",
    "reindex_item",
    "reject_item",
    "remove_attachment",
    "require_checks_pass",
    "restore_item",
    "save_column",
    "save_setting",
    "set_review_levels",
    "set_validity",
    "submission_stats",
    "submit_item",
    "submit_to_portal",
    "update_item",
    "withdraw_item",
    "withdraw_submission",
]
