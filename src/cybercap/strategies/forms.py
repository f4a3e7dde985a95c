"""Forms for strategies, working groups, objectives, actions and progress updates."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cybercap.assessments.forms import DateInput
from cybercap.frameworks.models import Indicator
from cybercap.strategies.models import (
    Action,
    ActionStatus,
    Meeting,
    Objective,
    Priority,
    Strategy,
    WorkingGroupMember,
)
from cybercap.strategies.services import KpiIn, MilestoneIn

_CODES = re.compile(r"[\s,;]+")


def split_codes(text: str) -> list[str]:
    return [code for code in _CODES.split(text.strip()) if code]


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = [
            "title",
            "version",
            "phase",
            "baseline",
            "target_stage",
            "period_start",
            "period_end",
            "adopted_on",
            "adopting_body",
            "currency",
            "vision",
            "principles",
        ]
        widgets = {
            "period_start": DateInput,
            "period_end": DateInput,
            "adopted_on": DateInput,
            "vision": forms.Textarea(attrs={"rows": 3}),
            "principles": forms.Textarea(attrs={"rows": 4}),
            "target_stage": forms.NumberInput(attrs={"min": 2, "max": 5}),
        }

    def __init__(self, *args: Any, baselines: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["baseline"]
        field.queryset = field.queryset.filter(pk__in=[a.pk for a in baselines])
        field.label_from_instance = lambda a: (
            f"{a.round_label} — {a.framework.title} ({a.get_status_display()})"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class MemberForm(forms.ModelForm):
    class Meta:
        model = WorkingGroupMember
        fields = ["name", "organisation", "sector", "role", "email"]


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["held_on", "title", "attendance", "decisions"]
        widgets = {"held_on": DateInput, "decisions": forms.Textarea(attrs={"rows": 3})}


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["code", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Left empty, the next free code (SO1, SO2…) is used.")


class ActionForm(forms.ModelForm):
    """An action with its links given as codes, which are checked against the strategy."""

    gaps = forms.CharField(
        label=_("Gaps addressed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Indicator codes of the baseline framework, separated by commas or spaces."),
    )
    dependencies = forms.CharField(
        label=_("Depends on"),
        required=False,
        help_text=_("Codes of actions that must finish first, for example 1.2, 3.1."),
    )

    class Meta:
        model = Action
        fields = [
            "objective",
            "code",
            "title",
            "description",
            "lead_agency",
            "partners",
            "start",
            "end",
            "priority",
            "budget",
            "funding_source",
            "status",
            "progress",
        ]
        widgets = {
            "start": DateInput,
            "end": DateInput,
            "description": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
            "budget": forms.NumberInput(attrs={"min": 0, "step": "any"}),
        }

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        self.fields["objective"].queryset = strategy.objectives.all()  # type: ignore[attr-defined]
        self.fields["code"].required = False
        self.fields["code"].help_text = _(
            "Left empty, the next free code of the objective is used."
        )
        if self.instance.pk and not self.is_bound:
            self.initial["gaps"] = ", ".join(i.code for i in self.instance.indicators.all())
            self.initial["dependencies"] = ", ".join(a.code for a in self.instance.depends_on.all())

    def clean_gaps(self) -> list[Indicator]:
        codes = split_codes(self.cleaned_data.get("gaps", ""))
        if not codes:
            return []
        if self.strategy.baseline is None:
            raise forms.ValidationError(_("Choose the strategy's baseline assessment first."))
        framework = self.strategy.baseline.framework_id
        found = {
            i.code: i for i in Indicator.objects.filter(framework_id=framework, code__in=codes)
        }
        missing = [code for code in codes if code not in found]
        if missing:
            raise forms.ValidationError(
                _("Not indicators of the baseline framework: %(codes)s")
                % {"codes": ", ".join(missing)}
            )
        return [found[code] for code in dict.fromkeys(codes)]

    def clean_dependencies(self) -> list[Action]:
        codes = split_codes(self.cleaned_data.get("dependencies", ""))
        found = {a.code: a for a in self.strategy.actions.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise forms.ValidationError(
                _("No action of this strategy has the code: %(codes)s")
                % {"codes": ", ".join(missing)}
            )
        if self.instance.pk and self.instance.pk in {a.pk for a in found.values()}:
            raise forms.ValidationError(_("An action cannot depend on itself."))
        return list(found.values())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The action cannot end before it starts."))
        return data

    def action_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("gaps", "dependencies"):
            data.pop(name, None)
        data["code"] = data.get("code") or ""
        return data


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due = forms.DateField(label=_("Due"), widget=DateInput)
    reached_on = forms.DateField(label=_("Reached on"), required=False, widget=DateInput)

    def value(self) -> MilestoneIn:
        data = self.cleaned_data
        return MilestoneIn(data["title"], data["due"], data.get("reached_on"))


class KpiForm(forms.Form):
    name = forms.CharField(label=_("KPI"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    baseline = forms.DecimalField(
        label=_("Baseline"), required=False, max_digits=14, decimal_places=2
    )
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)
    current = forms.DecimalField(
        label=_("Current value"), required=False, max_digits=14, decimal_places=2
    )

    def value(self) -> KpiIn:
        data = self.cleaned_data
        return KpiIn(
            data["name"],
            data["target"],
            data.get("unit", ""),
            data.get("baseline"),
            data.get("current"),
        )


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=2, can_delete=True)
KpiFormSet = forms.formset_factory(KpiForm, extra=2, can_delete=True)


def formset_values(formset: forms.BaseFormSet) -> list[Any]:
    """The rows of a valid formset: the ones shown filled in (kept as they are unless changed)
    and the blank ones filled in now, without the rows marked for deletion."""
    return [
        form.value()
        for index, form in enumerate(formset.forms)
        if (index < formset.initial_form_count() or form.has_changed())
        and not form.cleaned_data.get("DELETE")
    ]


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label=_("Date"), widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    progress = forms.IntegerField(
        label=_("Progress %"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_reported_on(self) -> Any:
        day = self.cleaned_data["reported_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A progress update cannot be dated in the future."))
        return day


class ProposalAcceptForm(forms.Form):
    """What the working group decides when it takes a proposal into the plan."""

    objective = forms.ModelChoiceField(label=_("Objective"), queryset=Objective.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_agency = forms.CharField(label=_("Lead agency"), max_length=200)
    start = forms.DateField(label=_("Start"), widget=DateInput)
    end = forms.DateField(label=_("End"), widget=DateInput)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    budget = forms.DecimalField(
        label=_("Budget estimate"), required=False, min_value=0, max_digits=14, decimal_places=2
    )

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = strategy.objectives.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The action cannot end before it starts."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Progress workbook (.xlsx)"),
        help_text=_(
            "Fill the “Progress updates” sheet of the exported action plan, then upload it."
        ),
    )
