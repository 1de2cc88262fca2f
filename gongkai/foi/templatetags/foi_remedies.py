"""Template tags of the remedies (救济途径) and the procedure settings, for workspace pages whose views
other code owns: ``{% application_remedies application as remedies %}`` and
``{% may_edit_procedure_settings as flag %}``."""

from django import template

from gongkai.foi import procedure_settings, remedies

register = template.Library()


@register.simple_tag
def application_remedies(application) -> dict:
    """What the deciding notice of ``application`` states (or will state): the organ, both wordings, and
    which applies once the outcome is known."""
    decided = remedies.for_application(application)
    organ = decided.organ if decided else remedies.organ_for(application.unit)
    return {
        "decided": decided,
        "organ": organ,
        "first": remedies.Remedies(organ=organ, prior_review=True).paragraph,
        "either": remedies.Remedies(organ=organ, prior_review=False).paragraph,
    }


@register.simple_tag(takes_context=True)
def may_edit_procedure_settings(context) -> bool:
    request = context.get("request")
    return bool(request is not None and procedure_settings.may_edit(request.user))
