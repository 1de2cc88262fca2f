"""An audit record whose change holds structured data (a report's tables) shows it as machine data in a
<code> element, not as a Python dict among the Chinese words of the screen."""

from gongkai.core import audit_labels


def test_structured_values_are_shown_as_json_in_code():
    rows = audit_labels.changes_rows("", {"tables": [None, {"penalty": {"decisions": 38}}]})
    label, is_code, before, after = rows[0]
    assert label == "tables"
    assert is_code and before == "（空）"
    assert after == "<code>{&quot;penalty&quot;: {&quot;decisions&quot;: 38}}</code>"
    assert "'penalty'" not in after


def test_plain_lists_stay_words():
    rows = audit_labels.changes_rows("", {"channels": [["web"], ["web", "mail"]]})
    assert rows[0][3] == "web、mail"


def test_a_json_field_is_recorded_as_data():
    from gongkai.core import audit

    assert audit._plain({"penalty": {"decisions": 7}, "fees": ["1", 2]}) == {
        "penalty": {"decisions": 7},
        "fees": ["1", 2],
    }
