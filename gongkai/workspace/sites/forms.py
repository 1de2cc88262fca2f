from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.sites import blocks
from gongkai.sites.services import MAX_COUNT


class KindForm(forms.Form):
    kind = forms.ChoiceField(label=_("区块类型"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = blocks.choices()


class BlockForm(forms.Form):
    """A block's title, source and count; the fields its kind takes."""

    title = forms.CharField(
        label=_("标题"), max_length=50, required=False, help_text=_("留空则用区块类型的名称。")
    )
    source = forms.CharField(label=_("来源"), max_length=100, required=False)
    count = forms.IntegerField(label=_("条数"), min_value=1, max_value=MAX_COUNT, required=False)

    def __init__(self, *args, kind: blocks.BlockKind, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind.sources is not None:
            self.fields["title"].help_text = _("留空则用所选来源（栏目）的名称。")
        if not kind.source_label:
            del self.fields["source"]
        else:
            self.fields["source"].label = kind.source_label
            self.fields["source"].required = True
            if kind.sources is not None:
                options = kind.sources(site)
                self.fields["source"] = forms.ChoiceField(
                    label=kind.source_label,
                    choices=[("", _("请选择")), *options],
                )
        if kind.takes_count:
            self.fields["count"].help_text = _("显示的条数，1至%(max)d。") % {"max": MAX_COUNT}
            self.fields["count"].initial = kind.default_count
        else:
            del self.fields["count"]
