"""The search tests' corpus: four published items of one department."""

import pytest

from tests.publishing.conftest import catalogs, make_item, publish

__all__ = ["catalogs"]


@pytest.fixture
def corpus(
    catalogs,
    editor_a,
    reviewer_a,
    django_capture_on_commit_callbacks,
):
    def add(title, body, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            item = make_item(catalogs.dept_a, actor=editor_a, title=title, body=f"<p>{body}</p>", **fields)
            return publish(item, editor_a, reviewer_a)

    return {
        "school": add(
            "关于做好义务教育招生入学工作的通知",
            "公开义务教育招生范围、报名条件和录取结果。",
            topic="科技、教育",
        ),
        "insurance": add(
            "城乡居民医疗保险缴费标准调整的通知", "调整城乡居民基本医疗保险个人缴费标准。", topic="卫生、体育"
        ),
        "body_only": add("关于印发年度工作要点的通知", "其中提到义务教育均衡发展等内容。", topic="综合政务"),
        "reform": add(
            "深化放管服改革优化营商环境的实施意见",
            "推行双随机一公开监管。",
            genre="意见",
            doc_number="临发改〔2024〕33号",
        ),
    }


def titles(results):
    return [h.doc.title for h in results.hits]
