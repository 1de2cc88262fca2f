from django import template

register = template.Library()


@register.filter
def described(bound_field):
    """Render a field with aria-describedby pointing at its hint and errors (see includes/field.html)."""
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.id_for_label}_hint")
    if bound_field.errors:
        ids.append(f"{bound_field.id_for_label}_error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def altcha_json(challenge: dict | None) -> str:
    """The ALTCHA challenge as the JSON the widget's ``challengejson`` attribute takes (auto-escaped)."""
    import json

    return json.dumps((challenge or {}).get("altcha") or {}, separators=(",", ":"))


@register.simple_tag
def altcha_strings() -> str:
    """The widget's own words, in Chinese."""
    import json

    from django.utils.translation import gettext as _

    return json.dumps(
        {
            "label": _("自动验证（无需操作）"),
            "verifying": _("正在自动验证……"),
            "verified": _("已自动完成验证"),
            "error": _("自动验证未完成，请回答下面的验证问题"),
            "expired": _("验证已过期，请刷新页面"),
            "waitAlert": _("正在验证，请稍候……"),
            "verificationRequired": _("请先完成验证"),
            "footer": "",
            "ariaLinkLabel": "",
        },
        ensure_ascii=False,
    )
