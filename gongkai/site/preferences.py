"""Visitor preferences kept in a cookie (no account, no JavaScript needed)."""

ELDER_COOKIE = "gk_elder"
ELDER_MAX_AGE = 365 * 24 * 3600


def elder_mode_on(request) -> bool:
    return request.COOKIES.get(ELDER_COOKIE) == "1"


def remember_elder_mode(response, on: bool) -> None:
    if on:
        response.set_cookie(ELDER_COOKIE, "1", max_age=ELDER_MAX_AGE, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")


# Reading aids of the 适老化 rules (工信部《互联网网站适老化通用设计规范》): text size steps, high contrast, a
# large cursor. Each is a cookie a plain form sets, and a class on <html>.
SIZE_COOKIE = "gk_size"
CONTRAST_COOKIE = "gk_contrast"
CURSOR_COOKIE = "gk_cursor"
SIZE_STEPS = (0, 1, 2, 3)  # 100 %, 115 %, 130 %, 150 %; elder mode starts at 137.5 %


def text_size(request) -> int:
    value = request.COOKIES.get(SIZE_COOKIE, "0")
    return int(value) if value.isdigit() and int(value) in SIZE_STEPS else 0


def contrast_on(request) -> bool:
    return request.COOKIES.get(CONTRAST_COOKIE) == "1"


def big_cursor_on(request) -> bool:
    return request.COOKIES.get(CURSOR_COOKIE) == "1"


def _remember(response, name: str, value: str | None) -> None:
    if value:
        response.set_cookie(name, value, max_age=ELDER_MAX_AGE, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(name, samesite="Lax")


def remember_preferences(response, data) -> None:
    """Apply the preferences a form posted (only the fields it carries): ``size`` 0–3, ``contrast`` and
    ``cursor`` 0/1, ``elder`` 0/1; anything else is ignored."""
    size = data.get("size")
    if size is not None:
        step = int(size) if size.isdigit() and int(size) in SIZE_STEPS else 0
        _remember(response, SIZE_COOKIE, str(step) if step else None)
    for field, cookie in (("contrast", CONTRAST_COOKIE), ("cursor", CURSOR_COOKIE), ("elder", ELDER_COOKIE)):
        if field in data:
            _remember(response, cookie, "1" if data.get(field) == "1" else None)


def page_classes(request) -> str:
    """The classes on <html> that the visitor's preferences turn on."""
    classes = []
    if elder_mode_on(request):
        classes.append("elder")
    size = text_size(request)
    if size:
        classes.append(f"size-{size}")
    if contrast_on(request):
        classes.append("contrast")
    if big_cursor_on(request):
        classes.append("big-cursor")
    return " ".join(classes)
