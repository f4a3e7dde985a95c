"""Forms for assessments: validation at the edge; the services do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cybercap.assessments.models import RATIONALE_MAX, Assessment, Cluster, Confidence, Evidence
from cybercap.frameworks.models import NOT_APPLICABLE, NOT_ASSESSED, Framework, Indicator, Node
from cybercap.places.models import Country


class DateInput(forms.DateInput):
    input_type = "date"


def people() -> Any:
    return get_user_model().objects.filter(is_active=True).order_by("username")


class AssessmentCreateForm(forms.Form):
    country = forms.ModelChoiceField(Country.objects.none(), label=_("Country"))
    framework = forms.ModelChoiceField(Framework.objects.all(), label=_("Framework"))
    title = forms.CharField(label=_("Title"), max_length=200)
    round_label = forms.CharField(
        label=_("Round"), max_length=100, help_text=_("For example “2014 baseline”.")
    )
    lead_organisation = forms.CharField(
        label=_("Lead organisation"), max_length=200, required=False
    )
    mission_start = forms.DateField(label=_("Mission start"), required=False, widget=DateInput)
    mission_end = forms.DateField(label=_("Mission end"), required=False, widget=DateInput)
    lead_assessor = forms.ModelChoiceField(people(), label=_("Lead assessor"), required=False)
    assessors = forms.ModelMultipleChoiceField(people(), label=_("Assessors"), required=False)
    reviewers = forms.ModelMultipleChoiceField(people(), label=_("Reviewers"), required=False)
    previous = forms.ModelChoiceField(
        Assessment.objects.none(), label=_("Previous round"), required=False
    )
    carry_over = forms.BooleanField(
        label=_("Start from the previous round"),
        required=False,
        help_text=_(
            "Copy its ratings and evidence links as a starting point; each copied "
            "rating is marked “carried over, to confirm”."
        ),
    )

    def __init__(self, *args: Any, countries: Any, previous_rounds: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries  # type: ignore[attr-defined]
        self.fields["previous"].queryset = previous_rounds  # type: ignore[attr-defined]
        for name in ("lead_assessor", "assessors", "reviewers"):
            self.fields[name].queryset = people()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("mission_start"), data.get("mission_end")
        if start and end and end < start:
            self.add_error("mission_end", _("The mission cannot end before it starts."))
        previous, country = data.get("previous"), data.get("country")
        if previous and country and previous.country_id != country.pk:
            self.add_error("previous", _("Choose an earlier assessment of the same country."))
        if data.get("carry_over") and not previous:
            self.add_error("previous", _("Choose the round to start from."))
        return data

    def team(self) -> list[tuple[Any, str]]:
        data = self.cleaned_data
        team = [(user, "assessor") for user in data.get("assessors") or []]
        team += [(user, "reviewer") for user in data.get("reviewers") or []]
        if data.get("lead_assessor"):
            team.append((data["lead_assessor"], "lead_assessor"))
        return team


class AssessmentEditForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = [
            "title",
            "round_label",
            "lead_organisation",
            "mission_start",
            "mission_end",
            "summary",
        ]
        widgets = {
            "mission_start": DateInput,
            "mission_end": DateInput,
            "summary": forms.Textarea(attrs={"rows": 6}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("mission_start"), data.get("mission_end")
        if start and end and end < start:
            self.add_error("mission_end", _("The mission cannot end before it starts."))
        return data


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(people(), label=_("Person"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            ("lead_assessor", _("Lead assessor")),
            ("assessor", _("Assessor")),
            ("reviewer", _("Reviewer")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people()  # type: ignore[attr-defined]


class TransitionForm(forms.Form):
    to = forms.CharField()
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConsultationForm(forms.Form):
    cluster = forms.ChoiceField(label=_("Stakeholder cluster"), choices=Cluster.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput)
    start_time = forms.TimeField(
        label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    location = forms.CharField(label=_("Location"), required=False, max_length=200)
    dimensions = forms.ModelMultipleChoiceField(
        Node.objects.none(),
        required=False,
        label=_("Dimensions discussed"),
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Non-attribution: record what was said, never who said it."),
    )

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["dimensions"].queryset = Node.objects.filter(  # type: ignore[attr-defined]
            framework=framework, depth=0
        ).order_by("order")
        for value, label in Cluster.choices:
            self.fields[f"participants_{value}"] = forms.IntegerField(
                label=label, required=False, min_value=0, max_value=10000
            )

    def participant_fields(self) -> list[Any]:
        return [self[f"participants_{value}"] for value, _label in Cluster.choices]

    def participants(self) -> dict[str, int]:
        return {
            value: self.cleaned_data.get(f"participants_{value}") or 0
            for value, _label in Cluster.choices
        }


class EvidenceForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=Evidence.Source.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    effective_date = forms.DateField(label=_("Effective date"), required=False, widget=DateInput)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False)
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        help_text=_(
            "Leave unticked for confidential evidence, seen only by the country and the team."
        ),
    )
    indicators = forms.CharField(
        label=_("Indicators supported"),
        required=False,
        help_text=_("Indicator codes separated by spaces or commas."),
    )


def value_choices(framework: Framework) -> list[tuple[str, str]]:
    choices = [(entry["value"], entry["label"]) for entry in framework.scale]
    return [
        *choices,
        (NOT_ASSESSED, str(_("Not assessed"))),
        (NOT_APPLICABLE, str(_("Not applicable"))),
    ]


class RatingForm(forms.Form):
    value = forms.ChoiceField(label=_("Value"))
    rationale = forms.CharField(
        label=_("Rationale"),
        required=False,
        max_length=RATIONALE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confidence = forms.ChoiceField(
        label=_("Confidence"), choices=Confidence.choices, initial=Confidence.MEDIUM
    )
    evidence = forms.ModelMultipleChoiceField(
        Evidence.objects.none(),
        required=False,
        label=_("Evidence"),
        widget=forms.CheckboxSelectMultiple,
    )
    expected_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, assessment: Assessment, indicator: Indicator | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["value"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a value…")),
            *value_choices(assessment.framework),
        ]
        self._assessment, self._indicator = assessment, indicator
        # Checking a submitted choice needs only the assessment's evidence; the order is for
        # people, set by `order_evidence` when the form is shown (a third of a rating save's
        # form time went into building it).
        self.fields["evidence"].queryset = assessment.evidence.all()  # type: ignore[attr-defined]

    def order_evidence(self) -> None:
        """List the evidence already said to support this indicator first: call it before the
        form is shown."""
        evidence = self._assessment.evidence.annotate(
            supports=Count("indicators", filter=Q(indicators=self._indicator))
        ).order_by("-supports", "-created_at")
        self.fields["evidence"].queryset = evidence  # type: ignore[attr-defined]
