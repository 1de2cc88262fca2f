"""The period of a consultation on its public page and in lists (:mod:`gongkai.participation.periods`)."""

from django import template

from gongkai.participation import periods

register = template.Library()


@register.simple_tag
def consultation_period(consultation) -> dict:
    """{"kinds", "days", "unit", "rule", "label"} for ``{% consultation_period c as period %}``."""
    kinds = list(consultation.kinds.all())
    days, rule = periods.period_of(consultation, kinds)
    return {
        "kinds": [k for k in kinds if k.code != "other"] if len(kinds) > 1 else kinds,
        "days": days,
        "unit": rule.unit_label,
        "rule": rule,
        "label": periods.period_label(consultation, kinds),
    }


@register.simple_tag
def may_edit_consultation_kinds(user) -> bool:
    """Whether ``user`` keeps the kinds' minimum periods (the workspace shows the link only to the office)."""
    from gongkai.participation.periods import may_edit_kinds

    return may_edit_kinds(user)


@register.simple_tag
def may_write_consultations(user) -> bool:
    from gongkai.participation import access

    return access.may_write(user)
