"""Kinds of draft and their shortest public-comment periods (skeleton: filled in by issue 26's work)."""

from __future__ import annotations


def check(consultation, kinds) -> None:
    """Raise ``ValidationError`` when ``consultation``'s period is shorter than the longest minimum of
    ``kinds`` and no ``shortened_reason`` is given, naming the minimum and its basis."""
