"""Forms of the 网站检查 pages: a manual finding, its resolution, and a site's probe settings."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import plain_empty_choice
from gongkai.inspection.models import Incident, SiteInspection

EVIDENCE_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".ofd"}
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


class IncidentForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["scope", "kind", "occurred_on", "found_by", "location", "description", "evidence"]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            plain_empty_choice(field)
        self.fields["occurred_on"].initial = timezone.localdate()

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("发现日期不能晚于今天。"))
        return day

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload or not hasattr(upload, "size"):
            return upload
        name = upload.name.lower()
        if not any(name.endswith(ext) for ext in EVIDENCE_TYPES):
            raise forms.ValidationError(_("证据材料只能是PDF、OFD、图片（JPG、PNG）、Word或Excel文件。"))
        if upload.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError(_("证据材料不能超过20MB。"))
        return upload


class ResolveForm(forms.Form):
    resolved_on = forms.DateField(label=_("整改完成日期"), widget=forms.DateInput(attrs={"type": "date"}))
    resolution = forms.CharField(
        label=_("整改情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProbeSettingsForm(forms.ModelForm):
    probe_base = forms.URLField(
        label=_("探测地址"), max_length=200, required=False, assume_scheme="https",
        help_text=SiteInspection._meta.get_field("probe_base").help_text,
    )  # fmt: skip

    class Meta:
        model = SiteInspection
        fields = ["probe_base", "probe_paths", "probes_per_day", "is_active"]

    def clean_probe_paths(self):
        paths = self.cleaned_data["probe_paths"].split()
        if not paths or any(not p.startswith("/") for p in paths):
            raise forms.ValidationError(_("每个页面路径都以“/”开头，用空格分隔。"))
        return " ".join(paths)
