"""The search boxes inside /search/ and /gazette/ are styled like the header's (issue 24 item 6): at 390 and
1366 px each input and its button sit side by side, are as tall as each other and at least 44 px (the touch
target), and the input drops the native search-field look that WebKit would otherwise keep at about 20 px."""

from __future__ import annotations

import pytest

TOUCH_TARGET = 44


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("path", ["/search/?q=教育", "/search/", "/gazette/"])
def test_in_page_search_boxes_are_touch_sized_like_the_headers(live_server, page, demo_items, width, path):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + path)
    form = page.locator("main form[role=search]")
    field = form.locator("input[type=search]").bounding_box()
    button = form.get_by_role("button").bounding_box()
    assert field["height"] >= TOUCH_TARGET, field
    assert button["height"] >= TOUCH_TARGET, button
    assert abs(field["y"] - button["y"]) < 1 and abs(field["height"] - button["height"]) < 1, (field, button)
    assert button["x"] >= field["x"] + field["width"]  # the button follows the field on the same row
    appearance = page.evaluate(
        "() => getComputedStyle(document.querySelector('main form[role=search] input[type=search]')).appearance"
    )
    assert appearance == "none"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
