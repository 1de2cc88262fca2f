"""`gongkai import_items`: legacy records from CSV or XLSX, with a per-row report."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.publishing.models import InformationItem

pytestmark = pytest.mark.django_db

HEADER = "标题,索引号,文号,成文日期,发布日期,主题分类,体裁,内容概述,栏目,有效性,正文\n"
GOOD = "临沂市教育局关于做好2018年招生工作的通知,,临教发[2018]5号,2018-03-01,2018-03-05,科技、教育,通知,招生工作安排,政策文件,有效,第一段\n"
GOOD_2 = "临沂市教育局2018年资助政策,000014349/2018-00001,,2018-04-01,2018-04-03,科技、教育,其他,资助政策,政策文件、教育,废止,第一段\n"
BAD_DATE = "坏日期的文件,,,2018-13-01,2018-04-03,科技、教育,通知,概述,政策文件,有效,正文\n"
BAD_COLUMN = "栏目不存在的文件,,,2018-03-01,2018-04-03,科技、教育,通知,概述,不存在的栏目,有效,正文\n"


def write(tmp_path, *rows, encoding="utf-8-sig"):
    path = tmp_path / "items.csv"
    path.write_text(HEADER + "".join(rows), encoding=encoding)
    return path


def run(path, unit, *flags):
    call_command("import_items", str(path), "--unit", unit.credit_code, *flags)


def test_valid_file_imports_every_row_with_metadata(tmp_path, tree, capsys):
    run(write(tmp_path, GOOD, GOOD_2), tree.dept_b)
    assert "imported 2 of 2 row(s)" in capsys.readouterr().out
    first = InformationItem.objects.get(title__startswith="临沂市教育局关于做好2018年")
    assert first.doc_number == "临教发〔2018〕5号"  # normalized
    assert first.index_no == f"{tree.dept_b.credit_code}/2018-00001"
    assert first.published_at.date().isoformat() == "2018-03-05"
    second = InformationItem.objects.get(index_no="000014349/2018-00001")  # kept as given
    assert second.validity == "repealed"
    assert sorted(second.columns.values_list("code", flat=True)) == ["ka-education", "policy"]


def test_one_bad_row_imports_nothing_and_reports_each_row(tmp_path, tree, capsys):
    with pytest.raises(CommandError, match="2 invalid row"):
        run(write(tmp_path, GOOD, BAD_DATE, BAD_COLUMN), tree.dept_b)
    out = capsys.readouterr().out
    assert "第3行：成文日期“2018-13-01”格式不正确，应为 YYYY-MM-DD" in out
    assert "第4行：本单位没有栏目“不存在的栏目”" in out
    assert not InformationItem.objects.exists()


def test_skip_invalid_imports_the_good_rows(tmp_path, tree, capsys):
    run(write(tmp_path, GOOD, BAD_DATE), tree.dept_b, "--skip-invalid")
    assert "imported 1 of 2 row(s)" in capsys.readouterr().out
    assert InformationItem.objects.count() == 1


def test_dry_run_changes_nothing(tmp_path, tree, capsys):
    run(write(tmp_path, GOOD, GOOD_2), tree.dept_b, "--dry-run")
    assert "dry run: 2 of 2 row(s) valid; nothing imported" in capsys.readouterr().out
    assert not InformationItem.objects.exists()


def test_gb18030_csv_and_xlsx_are_read(tmp_path, tree):
    run(write(tmp_path, GOOD, encoding="gb18030"), tree.dept_b)
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(GOOD_2.strip().split(","))
    path = tmp_path / "items.xlsx"
    book.save(path)
    run(path, tree.dept_b)
    assert InformationItem.objects.count() == 2


def test_unknown_unit_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="no organization"):
        call_command("import_items", str(write(tmp_path, GOOD)), "--unit", "91350100M000100Y43")
