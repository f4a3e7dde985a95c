"""Forms for regional plans, their actions and national steps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cybercap.assessments.forms import DateInput
from cybercap.regional.models import NationalStep, RegionalAction, RegionalPlan
from cybercap.strategies.forms import split_codes


class PlanForm(forms.ModelForm):
    pillars = forms.CharField(
        label=_("Pillars"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line, in order."),
    )

    class Meta:
        model = RegionalPlan
        fields = ["title", "period_start", "period_end", "committee", "governance"]
        widgets = {
            "period_start": DateInput,
            "period_end": DateInput,
            "governance": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data

    def pillar_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["pillars"].splitlines() if line.strip()]


class ActionForm(forms.ModelForm):
    factors = forms.CharField(
        label=_("Factors"),
        required=False,
        help_text=_("Codes of the factors it improves, for example D1.2, D4.1."),
    )
    add_steps = forms.BooleanField(
        label=_("Add a national step for every member state that has none"),
        required=False,
        initial=True,
    )

    class Meta:
        model = RegionalAction
        fields = ["pillar", "title", "description", "lead_organisation", "start", "end", "status"]
        widgets = {
            "start": DateInput,
            "end": DateInput,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, plan: RegionalPlan, factor_codes: set[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.factor_codes = factor_codes
        self.fields["pillar"].queryset = plan.pillars.all()  # type: ignore[attr-defined]
        if self.instance.pk and not self.is_bound:
            self.initial["factors"] = ", ".join(self.instance.factor_codes)
            self.initial["add_steps"] = False

    def clean_factors(self) -> list[str]:
        codes = list(dict.fromkeys(split_codes(self.cleaned_data.get("factors", ""))))
        unknown = [code for code in codes if code not in self.factor_codes]
        if unknown:
            raise forms.ValidationError(
                _("Not factors of the reference model: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return codes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The action cannot end before it starts."))
        return data


class StepForm(forms.ModelForm):
    class Meta:
        model = NationalStep
        fields = ["status", "due", "responsible_agency", "note"]
        widgets = {"due": DateInput, "note": forms.Textarea(attrs={"rows": 3})}


class ContactForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args: Any, countries: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [(c.pk, c.localized_name) for c in countries]  # type: ignore[attr-defined]
