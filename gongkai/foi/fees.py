"""Information processing fees (信息处理费), 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号), spec §1.6.

Charged only when the volume or frequency of applications clearly exceeds a reasonable range, on one of two
excess-progressive scales; an application is charged on one scale, never both.
"""

from __future__ import annotations

PER_PIECE, PER_PAGE = "per_piece", "per_page"


def per_piece_rate(n: int) -> int:
    """Yuan for the n-th application of one applicant in one calendar month: 1-10 free, 11-30 100 yuan,
    then 100 yuan more for every further 10 (31-40 200, 41-50 300, ...)."""
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 100 + 100 * ((n - 31) // 10 + 1)


def per_piece_month_total(pieces: int) -> int:
    return sum(per_piece_rate(n) for n in range(1, pieces + 1))


def per_page_fee(pages: int) -> int:
    """Yuan for one application's pages: 1-30 free, 31-100 10 yuan, 101-200 20 yuan, over 200 40 yuan a page."""
    fee = 0
    for low, high, rate in ((31, 100, 10), (101, 200, 20), (201, 10**9, 40)):
        if pages >= low:
            fee += (min(pages, high) - low + 1) * rate
    return fee
