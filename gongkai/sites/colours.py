"""Colours of a site's theme: contrast as WCAG 2.1 computes it (1.4.3, AA: 4.5:1 for normal text), and the
darker and lighter shades of a brand colour. Pure functions, no Django."""

from __future__ import annotations

WHITE = "#ffffff"
AA = 4.5


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(rgb) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def darken(colour: str, amount: float) -> str:
    """``amount`` (0..1) of the way to black."""
    return _hex(c * (1 - amount) for c in _rgb(colour))


def tint(colour: str, amount: float) -> str:
    """``amount`` (0..1) of the way to white."""
    return _hex(c + (255 - c) * amount for c in _rgb(colour))


def readable_on_white_text(colour: str) -> str:
    """``colour``, darkened in small steps until white text on it reaches AA (a pale brand colour chosen by
    an office would otherwise make the header and buttons unreadable)."""
    step = 0
    shade = colour.lower()
    while contrast(shade, WHITE) < AA and step < 40:
        step += 1
        shade = darken(colour, step * 0.025)
    return shade


def shades(colour: str) -> dict[str, str]:
    """--brand, --brand-dark and --brand-light for a primary colour."""
    brand = readable_on_white_text(colour)
    return {"brand": brand, "brand-dark": darken(brand, 0.28), "brand-light": tint(brand, 0.92)}
