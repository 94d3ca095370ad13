"""Filtering organisations, and an administrator's correction of an organisation's kind."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.db.models import QuerySet
from django.urls import reverse

from talentbridge.core.forms import TalentBridgeForm

from .models import IntegratedCareSystem
from .models import Organisation
from .models import OrganisationKind
from .models import Region
from .pickers import organisation_source


def system_choices() -> list[tuple[str, str]]:
    """A filter's choice of integrated care system: "Any system", then each by name."""
    systems = IntegratedCareSystem.objects.order_by("name").values_list("code", "name")
    return [("", "Any system"), *systems]


class OrganisationPickers:
    """A form mixin: the PickerFields named in ``organisation_pickers`` choose among the
    organisations open today (the general organisation picker)."""

    organisation_pickers: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.organisation_pickers:
            self.fields[name].source = organisation_source(
                url=reverse("organisations:suggestions"))


class OrganisationFilterForm(TalentBridgeForm):
    name = forms.CharField(label="Name or ODS code", max_length=200, required=False)
    region = forms.ChoiceField(label="Region", required=False)
    system = forms.ChoiceField(label="Integrated care system", required=False)
    kind = forms.ChoiceField(label="Kind of organisation", required=False,
                             choices=[("", "Any kind"), *OrganisationKind.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Region.objects.order_by("name").values_list("code", "name")
        self.fields["region"].choices = [("", "Any region"), *regions]
        self.fields["system"].choices = system_choices()

    def apply(self, organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
        """The organisations matching the (valid) filters, by where they sit today."""
        data = self.cleaned_data
        for word in data["name"].split():
            organisations = organisations.filter(Q(name__icontains=word)
                                                 | Q(ods_code__iexact=word))
        if data["region"]:
            organisations = organisations.in_region(Region.objects.get(code=data["region"]))
        if data["system"]:
            organisations = organisations.in_system(
                IntegratedCareSystem.objects.get(code=data["system"]))
        if data["kind"]:
            organisations = organisations.filter(kind=data["kind"])
        return organisations


class OrganisationKindForm(TalentBridgeForm):
    kind = forms.ChoiceField(label="Kind of organisation", choices=OrganisationKind.choices)
