"""Forms for the people pages. They check input and give messages naming the field and the
value; the services in talentbridge.people.services make the changes."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import TalentBridgeForm
from talentbridge.core.forms import choices_with_blank
from talentbridge.core.forms import nhs_date
from talentbridge.core.pickers import PickerField
from talentbridge.organisations.forms import OrganisationPickers
from talentbridge.organisations.forms import system_choices
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation

from .codes import CareerRoleKind
from .codes import Disability
from .codes import EthnicCategory
from .codes import PayBand
from .codes import ProfessionalBackground
from .codes import Religion
from .codes import Sector
from .codes import Sex
from .codes import SexualOrientation
from .codes import StaffGroup
from .codes import Visibility
from .models import nhs_start_problem
from .services import PeopleSearch

#: Plain explanations of each visibility choice, shown beside the radio buttons.
VISIBILITY_HINTS = {
    Visibility.ORGANISATION: (
        "Your line manager and your organisation's talent leads can see your profile."
    ),
    Visibility.SYSTEM: (
        "Talent leads in the other NHS organisations of your integrated care system can see "
        "your profile too, so they can think of you for opportunities across the system."
    ),
    Visibility.NATIONAL: (
        "Regional and national talent leads, and talent leads anywhere in England, can see "
        "your profile too, for national programmes and opportunities."
    ),
}


def not_in_future() -> dt.date:
    return dt.date.today()


def organisation_by_ods_code(code: str) -> Organisation:
    """The organisation with this ODS code, or a ValidationError naming the code."""
    organisation = Organisation.objects.filter(ods_code=code.strip().upper()).first()
    if organisation is None:
        raise ValidationError(f'There is no NHS organisation with ODS code "{code.strip()}"')
    return organisation


class ProfileForm(TalentBridgeForm):
    given_name = forms.CharField(label="Given name", max_length=100)
    family_name = forms.CharField(label="Family name", max_length=100)
    job_title = forms.CharField(label="Job title", max_length=150)
    pay_band = forms.ChoiceField(label="Band or grade",
                                 choices=choices_with_blank(PayBand.choices, "Select a band"))
    staff_group = forms.ChoiceField(
        label="Staff group", choices=choices_with_blank(StaffGroup.choices, "Select a group")
    )
    professional_background = forms.ChoiceField(
        label="Professional background",
        choices=choices_with_blank(ProfessionalBackground.choices, "Select a background"),
    )
    started_in_post = NHSDateField(label="Started in post", required=False,
                                   max_value=dt.date.today, help_text="For example, 1 4 2022")
    started_in_nhs = NHSDateField(label="Started in the NHS", required=False,
                                  help_text="For example, 1 9 2005")
    visibility = forms.ChoiceField(label="Who can see this profile", choices=Visibility.choices,
                                   widget=forms.RadioSelect)

    def __init__(self, *args, is_self: bool = True, owns_choices: bool = True, name: str = "",
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.owns_choices, self.name = owns_choices, name
        if not owns_choices:
            # Who may see the profile is the person's own choice: not a field for anyone else.
            del self.fields["visibility"]
        elif is_self:
            self.fields["visibility"].label = "Who can see my profile"
            self.fields["visibility"].error_messages["required"] = (
                "Select who can see my profile"
            )

    def visibility_items(self) -> list[dict]:
        """Radio items with a plain explanation of each choice."""
        selected = str(self["visibility"].value() or "")
        return [
            {"value": value, "text": label, "checked": value == selected,
             "hint": {"text": VISIBILITY_HINTS[value]}}
            for value, label in Visibility.choices
        ]

    def clean(self):
        cleaned = super().clean()
        if not self.owns_choices and "visibility" in self.data:
            raise ValidationError(
                f'Who can see this profile ("{self.data["visibility"]}") is {self.name}\'s own '
                "choice: only they can change it. Nothing was changed")
        in_post, in_nhs = cleaned.get("started_in_post"), cleaned.get("started_in_nhs")
        if nhs_start_problem(in_nhs):
            self.add_error("started_in_nhs", nhs_start_problem(in_nhs))
        elif in_post and in_nhs and in_nhs > in_post:
            self.add_error("started_in_nhs", (
                f"Started in the NHS ({nhs_date(in_nhs)}) must be on or before "
                f"started in post ({nhs_date(in_post)})"
            ))
        return cleaned


class CharacteristicsForm(TalentBridgeForm):
    ethnic_category = forms.ChoiceField(label="Ethnic group", choices=EthnicCategory.choices)
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect)
    disability = forms.ChoiceField(
        label="Do you consider yourself to have a disability?", choices=Disability.choices,
        widget=forms.RadioSelect,
        help_text="As defined by the Equality Act 2010: a physical or mental condition with a "
                  "substantial and long-term effect on your day-to-day activities.",
    )
    sexual_orientation = forms.ChoiceField(label="Sexual orientation",
                                           choices=SexualOrientation.choices,
                                           widget=forms.RadioSelect)
    religion = forms.ChoiceField(label="Religion or belief", choices=Religion.choices)
    date_of_birth = NHSDateField(label="Date of birth", required=False,
                                 max_value=dt.date.today, min_value=dt.date(1900, 1, 1),
                                 help_text="For example, 15 3 1984")


class CareerEntryForm(TalentBridgeForm):
    ods_code = forms.CharField(
        label="ODS code of the NHS organisation", max_length=6, required=False,
        help_text="For an NHS organisation, its Organisation Data Service code, for example RJ1",
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false",
                                      "class": "nhsuk-input--width-5"}),
    )
    organisation_name = forms.CharField(
        label="Name of the organisation, if not in the NHS", max_length=200, required=False,
        help_text="For example, Camden Council",
    )
    sector = forms.ChoiceField(label="Sector", choices=Sector.choices, initial=Sector.NHS)
    role_title = forms.CharField(label="Role title", max_length=150)
    kind = forms.ChoiceField(label="Kind of role", choices=CareerRoleKind.choices,
                             widget=forms.RadioSelect)
    started_on = NHSDateField(label="Date started", max_value=dt.date.today,
                              help_text="For example, 1 4 2019")
    ended_on = NHSDateField(label="Date ended", required=False, max_value=dt.date.today,
                            help_text="Leave blank if this is your current role")

    def clean_ods_code(self) -> Organisation | None:
        code = self.cleaned_data["ods_code"].strip()
        return organisation_by_ods_code(code) if code else None

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("ods_code")
        name = cleaned.get("organisation_name", "").strip()
        if "ods_code" in cleaned and "organisation_name" in cleaned:
            if organisation is None and not name:
                self.add_error("ods_code", "Enter the ODS code of the NHS organisation, or the "
                                           "name of the organisation if it is not in the NHS")
            elif organisation is not None and name:
                self.add_error("organisation_name", (
                    f'Enter either an ODS code or an organisation name, not both (you entered '
                    f'"{self.data.get(self.add_prefix("ods_code"), "")}" and "{name}")'
                ))
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", (
                f"Date ended ({nhs_date(ended)}) must be on or after "
                f"date started ({nhs_date(started)})"
            ))
        return cleaned

    def career_values(self) -> dict:
        """The values for services.add_career_entry."""
        data = self.cleaned_data
        organisation = data["ods_code"]
        return {
            "organisation": organisation,
            "organisation_name": "" if organisation else data["organisation_name"].strip(),
            "sector": Sector.NHS if organisation else data["sector"],
            "role_title": data["role_title"],
            "kind": data["kind"],
            "started_on": data["started_on"],
            "ended_on": data["ended_on"],
        }


class PeopleSearchForm(OrganisationPickers, TalentBridgeForm):
    organisation_pickers = ("organisation",)
    name = forms.CharField(label="Name", max_length=100, required=False)
    organisation = PickerField(label="Organisation", required=False,
                               help_text="Type part of its name or its ODS code, for example "
                                         "RJ1")
    system = forms.ChoiceField(label="Integrated care system", required=False)
    pay_band = forms.ChoiceField(label="Band or grade", required=False,
                                 choices=choices_with_blank(PayBand.choices, "Any band"))
    staff_group = forms.ChoiceField(
        label="Staff group", required=False,
        choices=choices_with_blank(StaffGroup.choices, "Any staff group"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].choices = system_choices()

    def clean_system(self) -> IntegratedCareSystem | None:
        code = self.cleaned_data["system"]
        return IntegratedCareSystem.objects.filter(code=code).first() if code else None

    def search(self):
        data = self.cleaned_data
        return PeopleSearch(
            name=data["name"].strip(),
            organisation_id=data["organisation"].pk if data["organisation"] else None,
            system_id=data["system"].pk if data["system"] else None,
            pay_band=data["pay_band"],
            staff_group=data["staff_group"],
        )


def _reason_field(label: str, help_text: str, required: str) -> forms.CharField:
    return forms.CharField(label=label, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}), help_text=help_text,
                           error_messages={"required": required})


class _ReasonForm(TalentBridgeForm):
    """An administrator's ``reason`` for an audited action: spaces alone are no reason."""

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(self.fields["reason"].error_messages["required"])
        return reason


class VisibilityResetForm(_ReasonForm):
    prefix = "reset"
    reason = _reason_field(
        "Why are you resetting who can see this profile?",
        "Your reason is recorded in the audit trail with your name and the time, and is sent "
        "to the person by e-mail.",
        "Give a reason for resetting who can see this profile")


class CharacteristicsReasonForm(_ReasonForm):
    reason = _reason_field(
        "Why do you need to see this person's protected characteristics?",
        "Your reason is recorded in the audit trail with your name and the time.",
        "Give a reason for viewing this person's protected characteristics")


class MoveForm(OrganisationPickers, TalentBridgeForm):
    """Record a move of a person to another employer (people.moves checks the rest)."""

    organisation_pickers = ("to_organisation",)
    to_organisation = PickerField(
        label="Organisation they move to",
        help_text="Type part of the new employer's name or its ODS code, for example RX1")
    effective_on = NHSDateField(label="First day at the new organisation",
                                help_text="For example, 1 4 2027. Today or earlier: the move "
                                          "happens now. Later: on that day.")
    job_title = forms.CharField(label="Job title there", max_length=150, required=False,
                                help_text="Leave blank to keep the current job title")
    pay_band = forms.ChoiceField(label="Band or grade there", required=False,
                                 choices=choices_with_blank(PayBand.choices,
                                                            "Keep the current band"))
    staff_group = forms.ChoiceField(label="Staff group there", required=False,
                                    choices=choices_with_blank(StaffGroup.choices,
                                                               "Keep the current staff group"))
    line_manager = forms.EmailField(
        label="Work email of their line manager there", required=False,
        help_text="Leave blank if not known yet: their current line manager stays behind")

    def move_values(self) -> dict:
        """The keyword arguments of `people.moves.move_person`, without the line manager."""
        data = self.cleaned_data
        return {"to_organisation": data["to_organisation"], "effective_on": data["effective_on"],
                "job_title": data["job_title"].strip() or None,
                "pay_band": data["pay_band"] or None, "staff_group": data["staff_group"] or None}
