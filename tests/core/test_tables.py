"""Uploaded tables read once for every importer (gongkai.core.tables.read) and tables written for download."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from gongkai.core import tables


def test_rows_keep_their_numbers_in_the_file_when_blank_rows_are_skipped():
    rows = tables.read("a.csv", "名称,编码\n甲,1\n,\n乙,2\n".encode("gb18030"))
    assert rows == [(1, ["名称", "编码"]), (2, ["甲", "1"]), (4, ["乙", "2"])]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.csv", b"", "文件是空的"),
        ("a.csv", b"a,b\n\x00,1\n", "CSV 或 XLSX"),
        ("a.csv", b'"' + b"x" * 140_000 + b'"\n', "引号"),
        ("a.csv", "名称\n".encode("utf-16"), "UTF-8 或 GB18030"),
        ("a.xlsx", b"PK\x03\x04 not really a zip", "已损坏"),
        ("a.xlsx", b"plain text", "不是有效的 XLSX"),
        ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "另存为XLSX"),
        ("a.pdf", b"%PDF-1.4", "CSV 或 XLSX"),
    ],
)
def test_what_cannot_be_read_is_refused_with_the_reason_in_chinese(name, data, reason):
    with pytest.raises(tables.UnreadableTable, match=reason):
        tables.read(name, data)


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(tables.UnreadableTable, match="超过1MB"):
        tables.read("a.csv", b"a\n" * 600_000, max_bytes=1024 * 1024)


def test_a_downloaded_cell_a_spreadsheet_would_run_is_text():
    rows = [['=HYPERLINK("http://x")', "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "-1.5", "-", 7]]
    body = tables.download(["a", "b", "c", "d", "e", "f"], rows, fmt="csv", filename="t").content
    cells = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1]
    assert cells[:3] == ['\'=HYPERLINK("http://x")', "'-2+3+cmd|' /C calc'!A0", "'@SUM(A1)"]
    assert cells[3:] == ["-1.5", "-", "7"]  # numbers and a lone dash stay as they are
    book = tables.download(["a", "b", "c", "d", "e", "f"], rows, fmt="xlsx", filename="t").content
    sheet = load_workbook(io.BytesIO(book)).active
    assert sheet["A2"].value.startswith("'=") and sheet["A2"].data_type == "s"
