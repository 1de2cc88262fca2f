"""The three tables as grids of cells with their merges, exactly as the national template lays them out.

HTML, DOCX and PDF all render these grids, so the outputs agree cell for cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from .layout import APPLICANT_COLUMNS, T2_ROWS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    # The column a value belongs to, for a phone where each row reflows into labelled values (data-label).
    label: str = ""


def is_head_row(row: list[Cell]) -> bool:
    """A row of column headings (hidden when the table reflows); a one-cell heading row is a block title."""
    return len(row) > 1 and all(cell.header for cell in row)


def head_and_body(grid: list[list[Cell]]) -> tuple[list[list[Cell]], list[list[Cell]]]:
    """The leading rows of column headings (the table's head, which a printed table repeats on each page it
    continues onto) and the rest."""
    n = 0
    while n < len(grid) and is_head_row(grid[n]):
        n += 1
    return grid[:n], grid[n:]


# The reflowed label of each applicant column ("其他" alone would not say which group it belongs to).
T3_LABELS = {code: ("其他法人或组织" if code == "legal_other" else label) for code, label in T3_COLUMNS}


def _fmt(value) -> str:
    return "" if value is None else str(value)


def table2(t2: dict) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    blocks: dict[str, list] = {}
    for block, code, label, columns in T2_ROWS:
        blocks.setdefault(block, []).append((code, label, columns))
    for block, entries in blocks.items():
        columns = entries[0][2]
        rows.append([Cell(block, colspan=4, header=True)])
        rows.append(
            [Cell("信息内容", header=True)]
            + [Cell(label, header=True, colspan=3 // len(columns)) for _, label in columns]
        )
        for code, label, cols in entries:
            values = t2.get(code, {})
            rows.append(
                [Cell(label, header=True)]
                + [Cell(_fmt(values.get(c)), colspan=3 // len(cols), label=lbl) for c, lbl in cols]
            )
    return rows


def table3(t3: dict) -> list[list[Cell]]:
    header = [
        [
            Cell(
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                rowspan=3,
                colspan=3,
                header=True,
            ),
            Cell("申请人情况", colspan=7, header=True),
        ],
        [
            Cell("自然人", rowspan=2, header=True),
            Cell("法人或其他组织", colspan=5, header=True),
            Cell("总计", rowspan=2, header=True),
        ],
        [
            Cell(label, header=True)
            for label in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
        ],
    ]
    body: list[list[Cell]] = []
    group_spans = {"（三）不予公开": 8, "（四）无法提供": 3, "（五）不予处理": 5, "（六）其他处理": 3}
    seen_groups: set[str] = set()
    result_rows = [code for code, _, group, _o in T3_ROWS if group.startswith("三") or group.startswith("（")]
    for code, label, group, _outcome in T3_ROWS:
        values = [Cell(str(t3[code][c]), label=T3_LABELS[c]) for c in [*APPLICANT_COLUMNS, "total"]]
        if not group:
            body.append([Cell(label, colspan=3, header=True), *values])
            continue
        cells: list[Cell] = []
        if code == result_rows[0]:
            cells.append(Cell("三、本年度办理结果", rowspan=len(result_rows), header=True))
        if group in group_spans:
            if group not in seen_groups:
                seen_groups.add(group)
                cells.append(Cell(group, rowspan=group_spans[group], header=True))
            cells.append(Cell(label, header=True))
        else:
            cells.append(Cell(label, colspan=2, header=True))
        body.append(cells + values)
    return header + body


def table4(t4: dict) -> list[list[Cell]]:
    labels = [label for _, label in T4_COLUMNS]
    header = [
        [Cell("行政复议", colspan=5, header=True), Cell("行政诉讼", colspan=10, header=True)],
        [
            *[Cell(label, rowspan=2, header=True) for label in labels],
            Cell("未经复议直接起诉", colspan=5, header=True),
            Cell("复议后起诉", colspan=5, header=True),
        ],
        [Cell(label, header=True) for label in labels * 2],
    ]
    values = [
        Cell(str(t4[group][column]), label=f"{group_label}·{label}")
        for group, group_label in T4_GROUPS
        for column, label in T4_COLUMNS
    ]
    return [*header, values]
