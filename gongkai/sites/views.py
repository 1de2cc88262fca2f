"""/site-theme.css: the request's site's own primary colour as CSS custom properties (a stylesheet of its
own, since the Content-Security-Policy refuses inline styles)."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from . import colours


@require_GET
def theme_css(request):
    site = request.site
    body = ""
    if site.primary_colour:
        values = colours.shades(site.primary_colour)
        rules = "; ".join(f"--{name}: {value}" for name, value in values.items())
        # body.theme-x outranks .theme-x of themes.css whatever order the two stylesheets load in
        body = f"body.theme-{site.theme} {{ {rules}; }}\n"
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"  # the link carries ?v=<colour>: a change is a new URL
    return response
