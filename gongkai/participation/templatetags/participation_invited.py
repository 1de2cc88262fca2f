"""``{% invited_report consultation %}``: the invited counts of a consultation's adoption report (定向征询情况)."""

from django import template

from ..invitations import report_counts

register = template.Library()


@register.simple_tag
def invited_report(consultation) -> dict:
    """Invited, responded, adopted and the associations consulted (names only), or {} with no invitation."""
    if consultation is None or not consultation.invitations.exists():
        return {}
    return report_counts(consultation)
