"""Codes people read aloud and type back: an unambiguous alphabet, and a fresh draw on a clash."""

from __future__ import annotations

import secrets
from collections.abc import Callable

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread


def unique_code(prefix: str, taken: Callable[[str], bool], length: int = 6) -> str:
    """``prefix`` and ``length`` random characters (32**6, about a billion, per prefix), drawn again while
    ``taken`` says the code is in use."""
    while True:
        code = prefix + "".join(secrets.choice(ALPHABET) for _ in range(length))
        if not taken(code):
            return code
