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
