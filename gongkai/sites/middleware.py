from . import resolve


class CurrentSiteMiddleware:
    """Sets ``request.site``: the portal the request's host name belongs to (no database query once the
    process has read the directory of sites)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.site = resolve.site_for_host(request.get_host())
        return self.get_response(request)
