"""A release is checked against the dataset's columns and published all or nothing, with a row report in
Chinese (row numbers as in the file, the header being row 1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.core.actors import system
from gongkai.datasets import services
from gongkai.datasets.models import Release
from tests.audits import record_of

from .conftest import GOOD_ROWS, HEADER, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

NOV_5 = dt.date(2026, 11, 5)


def publish(dataset, data, *, period="2026-10", name="data.csv", today=NOV_5):
    return services.publish_release(
        actor=system("test"), dataset=dataset, period=period, name=name, data=data, today=today
    )


def refused(dataset, data, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        publish(dataset, data, **kwargs)
    assert not Release.objects.exists()
    return [m for messages in caught.value.message_dict.values() for m in messages]


def test_a_good_csv_is_published_with_its_rows_normalised_and_an_audit_record(dataset):
    release = publish(dataset, csv_bytes(HEADER, *GOOD_ROWS))
    assert release.period == "2026-10"
    assert (release.period_start, release.period_end) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert release.rows[0] == ["兰山区", "4.52", "38", "2026-10-31"]
    assert release.rows[2] == ["河东区", "3.98", "31", ""]
    assert release.original.read().startswith(HEADER.encode())
    assert record_of("datasets.release.published", release).changes["rows"] == [None, 5]


def test_a_gb18030_csv_with_columns_in_another_order_and_units_in_the_header_is_read(dataset):
    data = csv_bytes("综合指数,县区,PM2.5（μg/m³）,监测日期", "4.52,兰山区,38,2026/10/31", encoding="gb18030")
    assert publish(dataset, data).rows == [["兰山区", "4.52", "38", "2026-10-31"]]


def test_an_xlsx_with_numbers_and_dates_as_cells_is_read(dataset):
    data = xlsx_bytes(
        [["县区", "综合指数", "PM2.5", "监测日期"], ["兰山区", 4.52, 38, dt.datetime(2026, 10, 31)]]
    )
    release = publish(dataset, data, name="data.xlsx")
    assert release.rows == [["兰山区", "4.52", "38", "2026-10-31"]]
    assert release.original.name.endswith(".xlsx")


def test_a_wrong_header_names_the_missing_and_unknown_columns(dataset):
    messages = refused(dataset, csv_bytes("县区,综合指数,PM10", "兰山区,4.5,60"))
    text = " ".join(messages)
    assert "第1行：表头“PM10”不是本数据集的列" in text
    assert "表头缺少列：PM2.5" in text
    assert "表头应为：县区，综合指数，PM2.5，监测日期" in text


def test_wrong_types_and_missing_cells_are_each_reported_with_their_row_number_and_nothing_is_saved(dataset):
    data = csv_bytes(
        HEADER, GOOD_ROWS[0], "罗庄区,高,45,2026-10-31", "", '河东区,3.98,"1,234",2026-13-01', ",4.1,30,"
    )
    messages = refused(dataset, data)
    assert messages[0] == "数据表有4处问题，未发布："
    assert "第3行“综合指数”：应为数值（可带小数，不含单位、百分号或空格），实为“高”" in messages
    assert "第5行“PM2.5”：请不要使用千位分隔符（如 1234 而非 1,234），实为“1,234”" in messages
    assert "第5行“监测日期”：不是有效的日期，实为“2026-13-01”" in messages
    assert "第6行“县区”：必填，不能为空" in messages


def test_a_period_not_yet_ended_is_refused(dataset):
    messages = refused(dataset, csv_bytes(HEADER, *GOOD_ROWS), period="2026-11")
    assert messages == ["2026年11月尚未结束（2026-11-30结束），不能发布本期数据。"]


def test_a_period_in_the_wrong_form_is_refused(dataset):
    assert "格式不正确" in refused(dataset, csv_bytes(HEADER, *GOOD_ROWS), period="2026-Q3")[0]


def test_a_period_already_released_is_refused_and_the_first_release_stays(published):
    with pytest.raises(ValidationError) as caught:
        publish(published.dataset, csv_bytes(HEADER, GOOD_ROWS[0]))
    assert "2026年10月的数据已经发布" in str(caught.value)
    assert Release.objects.get().rows == published.rows


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused_in_chinese(dataset):
    assert refused(dataset, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, name="old.xls")[
        1
    ].startswith("第1行：无法读取该Excel文件")
    assert "UTF-8 或 GB18030" in refused(dataset, b"\xff\xfe\xfa" * 10)[1]


def test_a_correction_replaces_the_table_and_keeps_the_replaced_one(published):
    corrected = services.correct_release(
        actor=system("test"), release=published, name="fix.csv", data=csv_bytes(HEADER, GOOD_ROWS[1]),
        reason="罗庄区数据复核",
    )  # fmt: skip
    assert corrected.rows == [["罗庄区", "5.10", "45", "2026-10-31"]]
    correction = corrected.corrections.get()
    assert len(correction.previous_rows) == 5 and correction.reason == "罗庄区数据复核"
    assert record_of("datasets.release.corrected", corrected).changes["rows"] == [5, 1]


def test_columns_are_written_one_per_line(dataset):
    columns = services.columns_from_text("县区|文本\n综合指数|数值||必填\nPM2.5|数值|μg/m³|选填\n")
    assert columns[2] == {"name": "PM2.5", "type": "number", "unit": "μg/m³", "required": False}
    assert services.columns_from_text(services.columns_as_text(columns)) == columns
    with pytest.raises(ValidationError) as caught:
        services.columns_from_text("县区|文字\n指数|比例")
    assert "第2行：类型应为 数值、文本 或 日期。" in caught.value.message_dict["columns"]


def test_the_chart_column_must_be_a_numeric_column(tree):
    with pytest.raises(ValidationError) as caught:
        services.save_dataset(
            actor=system("test"), unit=tree.dept_a, title="测试", frequency="monthly",
            columns=[{"name": "县区", "type": "text"}], label_column="县区", value_column="县区",
        )  # fmt: skip
    assert "value_column" in caught.value.message_dict


def test_a_text_cell_that_a_spreadsheet_would_run_as_a_formula_is_refused(dataset):
    messages = refused(dataset, csv_bytes(HEADER, '"=HYPERLINK(""http://x"")",4.5,38,'))
    assert messages[1].startswith("第2行“县区”：不能以 =、+、@ 开头")
