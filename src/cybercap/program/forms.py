"""Forms for missions and CSIRT records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cybercap.assessments.forms import DateInput
from cybercap.places.models import Country
from cybercap.program.models import (
    AssistanceKind,
    AssistanceOffer,
    AssistanceRequest,
    Csirt,
    Mission,
    Partner,
)


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
        fields = [
            "name",
            "status",
            "established_on",
            "operational_on",
            "networks",
            "website",
            "maturity_assessment",
        ]
        widgets = {"established_on": DateInput, "operational_on": DateInput}

    def __init__(self, *args: Any, assessments: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["maturity_assessment"]
        field.queryset = assessments
        field.help_text = _("The country's assessment on the CSIRT maturity framework.")
        field.label_from_instance = lambda a: f"{a.round_label} ({a.get_status_display()})"


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)


class FollowUpForm(forms.Form):
    what = forms.CharField(label=_("Follow-up action"), max_length=300)
    owner = forms.CharField(label=_("Owner"), max_length=200)
    due = forms.DateField(label=_("Due"), widget=DateInput)


class OfferForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.all())
    kind = forms.ChoiceField(label=_("Kind"), choices=AssistanceKind.choices)
    factors = forms.CharField(
        label=_("Areas (factors)"), help_text=_("Factor codes, for example D1.2, D4.1.")
    )
    languages = forms.CharField(label=_("Languages"), max_length=100, required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, initial=1)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RequestForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    factor_code = forms.ChoiceField(label=_("Factor"))
    kind = forms.ChoiceField(label=_("Kind of help"), choices=AssistanceKind.choices)
    description = forms.CharField(
        label=_("What is needed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, countries: Any, factors: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries  # type: ignore[attr-defined]
        self.fields["factor_code"].choices = [(f.code, f"{f.code} {f.title}") for f in factors]  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=AssistanceRequest.Status.choices)
    offer = forms.ModelChoiceField(
        label=_("Covered by"), queryset=AssistanceOffer.objects.none(), required=False
    )

    def __init__(self, *args: Any, offers: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers  # type: ignore[attr-defined]
