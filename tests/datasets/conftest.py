"""A monthly air-quality dataset of 市发展改革委 (the personas' unit A) with five counties, and files to upload."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from gongkai.core.actors import system
from gongkai.datasets import services
from gongkai.datasets.models import Frequency

COLUMNS = [
    {"name": "县区", "type": "text", "unit": "", "required": True},
    {"name": "综合指数", "type": "number", "unit": "", "required": True},
    {"name": "PM2.5", "type": "number", "unit": "μg/m³", "required": True},
    {"name": "监测日期", "type": "date", "unit": "", "required": False},
]
HEADER = "县区,综合指数,PM2.5,监测日期"
GOOD_ROWS = [
    "兰山区,4.52,38,2026-10-31",
    "罗庄区,5.10,45,2026-10-31",
    "河东区,3.98,31,",
    "沂南县,4.05,33.5,2026-10-31",
    "费县,4.70,40,2026-10-31",
]


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


GOOD_CSV = csv_bytes(HEADER, *GOOD_ROWS)


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def dataset(tree):
    return services.save_dataset(
        actor=system("test"), unit=tree.dept_a, title="全市环境空气质量状况及县区排名", frequency=Frequency.MONTHLY,
        due_working_day=10, starts_on=dt.date(2026, 6, 1), columns=COLUMNS, label_column="县区",
        value_column="综合指数", lower_is_better=True, description="按月发布。",
    )  # fmt: skip


@pytest.fixture
def published(dataset):
    return services.publish_release(
        actor=system("test"), dataset=dataset, period="2026-10", name="2026-10.csv", data=GOOD_CSV,
        today=dt.date(2026, 11, 5),
    )  # fmt: skip
