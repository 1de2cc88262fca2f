"""What the staff-page sweeps share: the demo roles, which links to follow, and the English-word check.

Staff pages are in plain Simplified Chinese (issue 17): no English word may show, in the text or in what a
screen reader or a hover reads out (``title``, ``aria-label``, ``placeholder``, ``alt``, a button's value).
Data is not UI: the check skips Latin tokens that carry a digit, an underscore, ``@``, ``.`` or ``/``
(codes, user names, e-mail and web addresses, file names) and a short allowlist of legitimate Latin words
(file types, units, product names). Anything else in Latin letters is a word a staff member would have to
read in English, and fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# The demo accounts (gongkai/core/demo.py), one per role the issue names; the password is the demo's.
ROLES = ["fgw_editor", "fgw_reviewer", "fgw_admin", "admin", "lanshan_office", "lanshan_editor"]
DEMO_PASSWORD = "gongkai-demo-2026"

# Latin words that may stand in Chinese text: file types, units, standards, product and protocol names.
ALLOWED_WORDS = {
    word.lower()
    for line in (
        "PDF OFD DOC DOCX XLS XLSX WPS CSV JSON XML HTML RSS TXT ZIP PNG JPG JPEG GIF SVG",  # file types
        "KB MB GB TB",  # sizes
        "IP Ctrl",  # IP地址; the key printed on keyboards
        "TOTP Gongkai JavaScript Microsoft Google Authenticator FreeOTP Word Excel",  # products and protocols
        "ICP API",  # 备案 and 接口 terms used as such in Chinese
    )
    for word in line.split(" ")
}

# A run of Latin letters (with inner apostrophes or hyphens) that is not part of a code-like token.
TOKEN = re.compile(r"[A-Za-z0-9_@./:%#+*{}\-'’]+")
WORD = re.compile(r"^[A-Za-z]+(?:['’\-][A-Za-z]+)*$")
DATA_MARK = re.compile(r"[0-9_@./:%#+*{}]")  # {year}: a placeholder of a format staff configure
SLUG = re.compile(r"^[a-z]+(?:-[a-z]+)+$")  # a code such as a column's "ka-rural-revitalization"

# Attributes read out or shown to a person.
SPOKEN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description", "aria-roledescription"}
BUTTON_TYPES = {"submit", "button", "reset"}
HIDDEN_CONTENT = {"script", "style", "head"}
# Machine text and what a person typed: code, keys, a textarea's value (an item's HTML body).
DATA_CONTENT = {"code", "kbd", "samp", "textarea"}
SKIPPED = HIDDEN_CONTENT | DATA_CONTENT


def english_words(text: str, data: frozenset[str] = frozenset()) -> list[str]:
    """The English words in ``text`` that are not data (codes, or one of the ``data`` values such as the
    user names and column codes of the database) and not on the allowlist."""
    found = []
    for token in TOKEN.findall(text):
        token = token.strip("-'’:.")
        if not token or DATA_MARK.search(token) or SLUG.match(token) or token in data:
            continue
        if WORD.match(token) and len(token) >= 2 and token.lower() not in ALLOWED_WORDS:
            found.append(token)
    return found


class PageText(HTMLParser):
    """A page's human-facing strings: its text (title, options and ``<noscript>`` included) and the
    spoken attributes; and its links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.strings: list[str] = []
        self.links: list[str] = []
        self._skip = 0
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in SKIPPED and tag != "head":
            self._skip += 1
        for name, value in attrs:
            if name in SPOKEN_ATTRIBUTES and value:
                self.strings.append(value)
        if tag == "input" and (values.get("type") or "").lower() in BUTTON_TYPES and values.get("value"):
            self.strings.append(values["value"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])

    def handle_endtag(self, tag):
        if tag in SKIPPED and tag != "head" and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.strings.append(data.strip())


def read_page(html: str) -> PageText:
    parser = PageText()
    parser.feed(html)
    parser.close()
    return parser


def page_title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    return match.group(1).strip() if match else ""


def english_on_page(html: str, data: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """{offending word: [the strings it stood in, up to three]} for one page's HTML; Django's blank
    choice "---------" counts as an offending word too."""
    found: dict[str, list[str]] = {}
    for string in read_page(html).strings:
        words = english_words(string, data)
        if string == "---------":
            words.append(string)
        for word in words:
            contexts = found.setdefault(word, [])
            if len(contexts) < 3 and string not in contexts:
                contexts.append(string[:120])
    return found


def data_values() -> frozenset[str]:
    """Values of the database that are data, not UI, although written in Latin letters: the staff's user
    names and every code (slug) field's values (a column's "policy")."""
    from django.apps import apps
    from django.db import models

    from gongkai.core.models import User

    values = set(User.objects.values_list("username", flat=True))
    for model in apps.get_models():
        if not model.__module__.startswith("gongkai."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.SlugField):
                values.update(v for v in model._default_manager.values_list(field.name, flat=True) if v)
    return frozenset(values)


# Which links a sweep follows --------------------------------------------------------------------------

SKIP = re.compile(
    r"/logout/|/delete/|/remove/|/cancel/|/export|/download|/history/\d|/password/|/jsi18n/|/r/\d+/|"
    r"\.(?:(?:large-)?pdf|docx?|xlsx?|csv|json|zip|ofd)(?:$|\?)|[?&]format="
)


def staff_link(base_url: str, page_url: str, href: str) -> str | None:
    """The path (with query) to follow for a link found on a staff page, or None: same origin, under
    /manage/, no side effects (logout, delete confirmations, downloads)."""
    if href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    absolute = urljoin(page_url, href)
    parts = urlsplit(absolute)
    base = urlsplit(base_url)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if not parts.path.startswith("/manage/") or SKIP.search(path):
        return None
    return path


def page_kind(path: str) -> str:
    """Pages of one kind look alike: the sweep visits a few of each (a changelist's filters and sort
    orders, every row's change page) rather than every one. The kind is the path with its numbers
    generalised, and whether it has a query."""
    parts = urlsplit(path)
    shape = re.sub(r"/\d+/", "/<n>/", parts.path)
    shape = re.sub(r"/[0-9a-f]{8,}[^/]*/", "/<id>/", shape)
    return shape + ("?" if parts.query else "")


def admin_start_paths() -> list[str]:
    """Every registered admin model's changelist and add form (the change forms are found from the
    changelists), after the two homes."""
    from django.contrib import admin

    paths = ["/manage/", "/manage/admin/"]
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        base = f"/manage/admin/{model._meta.app_label}/{model._meta.model_name}/"
        paths += [base, base + "add/"]
    return paths


CHANGE_FORM = re.compile(r"^/manage/admin/[a-z_]+/[a-z_]+/[^/]+/change/$")


def crawl(
    fetch, start: list[str], *, per_kind: int = 1, follow_queries: bool = False, kinds: dict | None = None
):
    """Visit ``start`` and every staff page linked from a visited page, ``per_kind`` pages of each kind
    (:func:`page_kind`), the first change form of each admin model included. ``fetch(path)`` returns the
    page's HTML (None for a redirect, a refusal or a download). Yields (path, html). ``kinds``, shared
    between crawls (one per role), counts the pages of each kind an earlier crawl already read: a kind read
    enough is not read again, not even from ``start``; a kind an earlier role was refused is tried again.
    Within one crawl the start pages are always tried, whatever the budget."""
    queue = list(start)
    seen: set[str] = set()
    tried: dict[str, int] = {}
    kinds = {} if kinds is None else kinds
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        kind = page_kind(path)
        if kinds.get(kind, 0) >= per_kind or (tried.get(kind, 0) >= per_kind and path not in start):
            continue
        tried[kind] = tried.get(kind, 0) + 1
        html = fetch(path)
        if html is None:
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        yield path, html
        for href in read_page(html).links:
            link = staff_link("http://testserver", "http://testserver" + path, href)
            if link is None or link in seen or ("?" in link and not follow_queries):
                continue
            # A model's first change form goes to the front: each model gets one whatever the budget.
            if CHANGE_FORM.match(link.split("?")[0]) and kinds.get(page_kind(link), 0) == 0:
                queue.insert(0, link)
            else:
                queue.append(link)


@dataclass
class Findings:
    """What a sweep found, printed as one readable failure message."""

    english: dict[tuple[str, str], dict[str, list[str]]] = dataclass_field(default_factory=dict)
    other: list[str] = dataclass_field(default_factory=list)

    def add_english(self, role: str, path: str, words: dict[str, list[str]]) -> None:
        if words:
            self.english[(role, path)] = words

    def __bool__(self) -> bool:
        return bool(self.english or self.other)

    def report(self) -> str:
        lines = []
        for (role, path), words in sorted(self.english.items()):
            lines.append(f"[{role}] {path}: English words {sorted(words)}")
            for word, contexts in sorted(words.items()):
                lines.append(f"    {word!r} in: " + " | ".join(repr(c) for c in contexts))
        lines.extend(self.other)
        return "\n".join(lines)
