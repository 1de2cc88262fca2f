"""A draft's clauses (skeleton: filled in by issue 26's work)."""

from __future__ import annotations


def refresh(consultation) -> None:
    """Split ``consultation.draft`` into its clauses (第X条, numbered paragraphs) and keep them."""
