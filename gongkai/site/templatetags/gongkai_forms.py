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
