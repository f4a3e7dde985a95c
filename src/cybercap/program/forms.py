"""Forms for missions and CSIRT records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cybercap.assessments.forms import DateInput
from cybercap.program.models import Csirt, Mission, Partner


class MissionForm(forms.ModelForm):
    class Meta:
        model = Mission
        fields = [
            "country",
            "purpose",
            "title",
            "start",
            "end",
            "partners",
            "activities",
            "outcomes",
            "follow_ups",
        ]
        widgets = {
            "start": DateInput,
            "end": DateInput,
            "partners": forms.CheckboxSelectMultiple,
            "activities": forms.Textarea(attrs={"rows": 3}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
            "follow_ups": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Partner.objects.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The mission cannot end before it starts."))
        return data


class CsirtForm(forms.ModelForm):
    class Meta:
        model = Csirt
        fields = ["name", "status", "established_on", "operational_on", "networks", "website"]
        widgets = {"established_on": DateInput, "operational_on": DateInput}


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)
