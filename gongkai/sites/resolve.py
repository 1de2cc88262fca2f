"""Which site a request is for: its host name, looked up in a directory kept in the process (no query per
request). Saving or deleting a site or a host clears it (``signals.py``); another process sees a change
within ``TTL`` seconds."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

TTL = 60.0


@dataclass
class Directory:
    sites: list  # active Site rows with their root organizations
    by_host: dict  # host name -> Site
    default: object  # the Site for unknown hosts (or a FallbackSite when none is configured)
    loaded_at: float


_lock = threading.Lock()
_directory: Directory | None = None


def clear() -> None:
    global _directory
    with _lock:
        _directory = None


def _load() -> Directory:
    from .models import FallbackSite, Site

    sites = list(Site.objects.filter(is_active=True).select_related("root").prefetch_related("hosts"))
    by_host = {h.host: s for s in sites for h in s.hosts.all()}
    default = next((s for s in sites if s.is_default), None)
    if default is None and sites:
        default = min(sites, key=lambda s: len(s.root.path))
    return Directory(sites, by_host, default or FallbackSite(), time.monotonic())


def directory() -> Directory:
    global _directory
    current = _directory
    if current is None or time.monotonic() - current.loaded_at > TTL:
        with _lock:
            current = _directory = _load()
    return current


def site_for_host(host: str):
    """The site answering on ``host`` (a port is ignored); the default site for a host no site claims."""
    name = (host or "").split(":")[0].lower().rstrip(".")
    found = directory()
    return found.by_host.get(name, found.default)


def site_of(organization):
    """The site whose scope holds ``organization`` (the deepest site root above it), or None."""
    if organization is None:
        return None
    best = None
    for site in directory().sites:
        if organization.path.startswith(site.root.path) and (
            best is None or len(site.root.path) > len(best.root.path)
        ):
            best = site
    return best


def primary_host(site) -> str | None:
    hosts = list(site.hosts.all()) if getattr(site, "pk", None) else []
    for h in hosts:
        if h.is_primary:
            return h.host
    return hosts[0].host if hosts else None
