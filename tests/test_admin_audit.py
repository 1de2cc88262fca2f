"""The back office records every change: each registered admin's form, saved as rendered, leaves an audit record.

For every ModelAdmin on the project's admin site (a newly registered one is covered without touching this file),
the city's openness office (the demo's ``admin``) opens the change page of the first record its changelist shows,
posts the form back as a browser would (every field as rendered, inline management forms included) with one
text field edited, and the test watches the SQL of that request: when it inserted, updated or deleted a row of a
domain table, at least one new AuditEvent must exist. The add page is posted the same way where adding is allowed.

The demo data is loaded once for the module inside a transaction that is rolled back at the end; each test runs
in a savepoint of it, as Django's ``setUpTestData`` does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import connection

from gongkai.core.models import AuditEvent, User
from tests.conftest import logged_in
from tests.demo_db import demo

pytestmark = pytest.mark.django_db

__all__ = ["demo"]

REGISTRY = sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label)

# Tables a back-office request may write without it being a change of the records it shows.
BOOKKEEPING = re.compile(r"^(django_admin_log|django_session|core_auditevent|core_auditchainhead|axes_|otp_)")


def _domain_tables() -> set[str]:
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        if model.__module__.startswith("gongkai.") or model._meta.app_label in {"auth"}:
            tables.add(model._meta.db_table)
    return {t for t in tables if not BOOKKEEPING.match(t)}


WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)


@contextmanager
def writes_recorded() -> Iterator[list[tuple[str, str]]]:
    """Every (statement kind, table) the enclosed code wrote to a domain table."""
    domain = _domain_tables()
    seen: list[tuple[str, str]] = []

    def wrapper(execute, sql, params, many, context):
        match = WRITE.match(sql)
        if match and match.group(2) in domain:
            seen.append((match.group(1).split()[0].upper(), match.group(2)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


@pytest.fixture
def office_client(demo):
    with open(os.devnull, "w") as quiet:  # the demo has no API token: the token screen gets one to show
        call_command("issue_token", "fgw_editor", "--name", "审计测试", stdout=quiet)
    return logged_in(User.objects.get(username="admin"))


# The form as a browser would send it --------------------------------------------------------------


class FormFields(HTMLParser):
    """The successful controls of the admin's main form (``<form id="..._form">``), in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 while inside the admin form
        self.fields: list[dict] = []
        self.unchecked: list[str] = []  # checkboxes a browser would not send (an inline row's DELETE)
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("id") or "").endswith("_form"):
            self.depth = 1
            return
        if not self.depth:
            return
        if tag == "form":
            self.depth += 1
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "reset", "image", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                self.unchecked.append(name)
                return
            value = a.get("value")
            if value is None:
                value = "on" if kind in {"checkbox", "radio"} else ""
            self.fields.append(
                {
                    "name": name,
                    "value": value,
                    "kind": kind,
                    "maxlength": a.get("maxlength"),
                    "readonly": "readonly" in a,
                    "class": a.get("class") or "",
                }
            )
        elif tag == "textarea" and name and "disabled" not in a:
            self._textarea = {"name": name, "value": "", "kind": "textarea", "maxlength": a.get("maxlength")}
            self._textarea["readonly"] = "readonly" in a
        elif tag == "select" and name and "disabled" not in a:
            self._select = {"name": name, "multiple": "multiple" in a, "options": []}
            if "data-app-label" in a:  # an autocomplete: its choices come from the admin's search
                self._select["autocomplete"] = {
                    "app_label": a["data-app-label"],
                    "model_name": a.get("data-model-name", ""),
                    "field_name": a.get("data-field-name", ""),
                }
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
            self._select["options"].append(self._option)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "form":
            self.depth -= 1
        elif tag == "textarea" and self._textarea is not None:
            value = self._textarea["value"]
            self._textarea["value"] = value[1:] if value.startswith("\n") else value
            self.fields.append(self._textarea)
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            options = list(select["options"])
            chosen = [o for o in options if o["selected"]]
            if not chosen and not select["multiple"] and options:
                chosen = [options[0]]  # a browser submits the first option of a single select
            if not chosen and select.get("autocomplete") and not select["multiple"]:
                chosen = [{"value": ""}]  # an empty autocomplete: sent empty, as not sending it reads
            real = [o["value"] for o in options if o["value"]]
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"].strip()
                self.fields.append(
                    {
                        "name": select["name"],
                        "value": value,
                        "kind": "select",
                        "first_choice": real[0] if real else "",
                        "autocomplete": select.get("autocomplete"),
                    }
                )


def form_fields(html: str) -> list[dict]:
    parser = FormFields()
    parser.feed(html)
    return [f for f in parser.fields if "__prefix__" not in f["name"]]


def as_post_data(fields: list[dict]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for field in fields:
        data.setdefault(field["name"], []).append(field["value"])
    data["_save"] = ["保存"]
    return data


PREFERRED = ("note", "remark", "description", "summary", "reason", "content", "body", "title", "name")


def text_candidates(fields: list[dict]) -> list[dict]:
    """The main form's editable text fields, the likeliest free-text ones first."""
    texts = [
        f
        for f in fields
        if f["kind"] in {"text", "textarea"}
        and not f.get("readonly")
        and "-" not in f["name"]  # an inline's field
        and not re.search(r"_\d$", f["name"])  # half of a split date/time
        and not re.search(r"vDate|vTime|vInteger|vForeignKey|vURL", f.get("class", ""))
        and not re.search(r"code|slug|phone|email|url|number|no$", f["name"])
    ]

    def rank(field):
        name = field["name"]
        preferred = next((i for i, word in enumerate(PREFERRED) if word in name), len(PREFERRED))
        return (field["kind"] != "textarea", preferred)

    return sorted(texts, key=rank)


def edited(data: dict[str, list[str]], field: dict) -> dict[str, list[str]]:
    suffix = "（经核对）" if field["kind"] == "textarea" else "改"
    value = field["value"] + suffix
    if field.get("maxlength") and len(value) > int(field["maxlength"]):
        value = field["value"][: int(field["maxlength"]) - len(suffix)] + suffix
    changed = dict(data)
    changed[field["name"]] = [value]
    return changed


ERRORS = re.compile(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>|<p class="errornote">(.*?)</p>', re.S)


def form_errors(html: str) -> str:
    found = [re.sub(r"<[^>]+>", " ", a or b).strip() for a, b in ERRORS.findall(html)]
    return "; ".join(" ".join(text.split()) for text in found if text)


def post_and_check_audit(client, url: str, data: dict[str, list[str]]):
    """POST ``data`` and assert that any domain write it made left at least one new audit record."""
    before = AuditEvent.objects.count()
    with writes_recorded() as writes:
        response = client.post(url, data)
    assert response.status_code != 500
    new_events = AuditEvent.objects.count() - before
    assert not writes or new_events >= 1, f"POST {url} wrote {sorted(set(writes))} and left no audit record"
    return response, writes


def changelist_url(model) -> str:
    return f"/manage/admin/{model._meta.app_label}/{model._meta.model_name}/"


def change_urls(client, model) -> list[str]:
    """The change pages linked from the first page of ``client``'s changelist, in its order."""
    changelist = changelist_url(model)
    response = client.get(changelist)
    if response.status_code != 200:
        return []
    found = re.findall(rf'href="({re.escape(changelist)}[^"/]+/change/)[^"]*"', response.text)
    return list(dict.fromkeys(found))


def first_change_url(client, model) -> str | None:
    urls = change_urls(client, model)
    return urls[0] if urls else None


# The tests ------------------------------------------------------------------------------------------


def _label(pair) -> str:
    return pair[0]._meta.label


# The office first; where it may only read a record (an FOI application, a message, a progress report is
# handled by its own unit), the demo's unit staff, each on the first record of its own changelist.
DEMO_STAFF = [
    "admin",
    "fgw_admin",
    "fgw_reviewer",
    "fgw_editor",
    "lanshan_office",
    "jyj_editor",
    "lanshan_editor",
]


def editable_change_page(model, *, having: str = 'name="_save"') -> tuple[object, str, object] | None:
    """(client, url, page) of the first record some demo account may save (and whose page shows ``having``)."""
    for username in DEMO_STAFF:
        client = logged_in(User.objects.get(username=username))
        for url in change_urls(client, model)[:4]:
            page = client.get(url)
            assert page.status_code == 200, f"{url} answered {page.status_code} to {username}"
            if 'name="_save"' in page.text and having in page.text:
                return client, url, page
    return None


@pytest.mark.parametrize("registered", REGISTRY, ids=_label)
def test_saving_the_change_form_as_rendered_leaves_an_audit_record(office_client, registered):
    model, _model_admin = registered
    listing = office_client.get(changelist_url(model))
    if listing.status_code in (302, 403):
        return  # a framework screen (groups, lockouts, devices) the office cannot open: it changes nothing there
    assert listing.status_code == 200
    url = first_change_url(office_client, model)
    if url is None and add_through_form(office_client, model):
        url = first_change_url(office_client, model)  # the demo has none: the office adds one first
    if url is None:
        pytest.skip(f"{model._meta.label}: the demo has no record the openness office can open or add")
    found = editable_change_page(model)
    if found is None:
        # Read-only for everyone (the audit log, scores...): posting the page back must not write.
        page = office_client.get(url)
        response, _writes = post_and_check_audit(office_client, url, as_post_data(form_fields(page.text)))
        assert response.status_code in (200, 302, 403)
        return
    client, url, page = found
    fields = form_fields(page.text)
    data = as_post_data(fields)
    attempts = [edited(data, field) for field in text_candidates(fields)[:3]] + [data]
    errors = []
    for attempt in attempts:
        response, _writes = post_and_check_audit(client, url, attempt)
        if response.status_code == 302:
            return
        errors.append(form_errors(response.text) or f"status {response.status_code}")
    pytest.fail(f"{url}: the form as rendered does not save: {errors}")


def add_through_form(client, model) -> bool | None:
    """Fill and post the add page as a person would (from an existing record's form where there is one, one text
    field edited so unique ones differ): True once saved, False if no attempt saved, None if adding is refused."""
    add_url = changelist_url(model) + "add/"
    add_page = client.get(add_url)
    if add_page.status_code != 200:
        assert add_page.status_code in (302, 403, 404)
        _response, writes = post_and_check_audit(client, add_url, {"_save": ["保存"]})
        assert not writes
        return None
    fields = form_fields(add_page.text)
    change_url = first_change_url(client, model)
    if change_url is not None:
        existing = {f["name"]: f for f in form_fields(client.get(change_url).text)}
        fields = [existing.get(f["name"], f) if f["kind"] != "hidden" else f for f in fields]
    data = as_post_data([filled_in(f) for f in fields])
    for attempt in [edited(data, field) for field in text_candidates(fields)[:4]] + [data]:
        response, _writes = post_and_check_audit(client, add_url, attempt)
        if response.status_code == 302:
            return True
    return False


@pytest.mark.parametrize("registered", REGISTRY, ids=_label)
def test_saving_the_add_form_leaves_an_audit_record(office_client, registered):
    add_through_form(office_client, registered[0])


def filled_in(field: dict, *, inline: bool = False) -> dict:
    """A field a person would fill before saving: the first real choice, a date, a number, a text. Inline rows'
    fields only when ``inline``."""
    if field["value"] or ("-" in field["name"]) != inline or field["kind"] in {"hidden", "checkbox", "radio"}:
        return field
    if field["kind"] == "select":
        return {**field, "value": field.get("first_choice") or ""}
    short = field["name"].rsplit("-", 1)[-1]
    if short.endswith("_0") or short.endswith("_on") or short in {"date", "year"}:
        value = "2026" if short == "year" else "2026-12-07"
    elif short.endswith("_1"):
        value = "10:00:00"
    elif field["kind"] == "number":
        value = "1"
    else:
        value = "测试填写"
    return {**field, "value": value}


# Inline rows (evidence files, plan milestones, comment groups...) ---------------------------------------

INLINED = [pair for pair in REGISTRY if pair[1].inlines and pair[0].__module__.startswith("gongkai.")]


def inline_page(model, having: str):
    found = editable_change_page(model, having=having)
    if found is None and add_through_form(logged_in(User.objects.get(username="admin")), model):
        found = editable_change_page(model, having=having)  # the demo's are closed: the office adds one first
    if found is None:
        pytest.skip(f"{model._meta.label}: no demo account may change a record with inline rows")
    return found


@pytest.mark.parametrize("registered", INLINED, ids=_label)
def test_deleting_an_inline_row_leaves_an_audit_record(demo, registered):
    client, url, page = inline_page(registered[0], having="-DELETE")
    parser = FormFields()
    parser.feed(page.text)
    boxes = [name for name in parser.unchecked if name.endswith("-DELETE") and "__prefix__" not in name]
    if not boxes:
        pytest.skip(f"{url}: no inline row to delete")
    data = as_post_data(form_fields(page.text))
    data[boxes[0]] = ["on"]
    post_and_check_audit(client, url, data)


@pytest.mark.parametrize("registered", INLINED, ids=_label)
def test_adding_an_inline_row_leaves_an_audit_record(demo, registered):
    client, url, page = inline_page(registered[0], having="-TOTAL_FORMS")
    fields = form_fields(page.text)
    values = {f["name"]: f["value"] for f in fields}
    extra_rows = [
        f"{name[: -len('-TOTAL_FORMS')]}-{values[name[: -len('TOTAL_FORMS')] + 'INITIAL_FORMS']}-"
        for name in values
        if name.endswith("-TOTAL_FORMS")
        and int(values[name]) > int(values.get(name[: -len("TOTAL_FORMS")] + "INITIAL_FORMS", values[name]))
    ]
    if not extra_rows:
        pytest.skip(f"{url}: no empty inline row to fill")
    for row in extra_rows:  # each inline's empty row in turn, until one is saved
        filled = [
            searched(client, filled_in(f, inline=True)) if f["name"].startswith(row) else f for f in fields
        ]
        response, writes = post_and_check_audit(client, url, as_post_data(filled))
        if response.status_code == 302 and writes:
            return


def searched(client, field: dict) -> dict:
    """An empty autocomplete filled as a person would: the first record the admin's search offers."""
    search = field.get("autocomplete")
    if field["value"] or not search:
        return field
    response = client.get("/manage/admin/autocomplete/", {**search, "term": ""})
    results = response.json().get("results", []) if response.status_code == 200 else []
    return {**field, "value": results[0]["id"]} if results else field
