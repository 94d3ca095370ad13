"""Leaders, their careers across organisations, and their protected characteristics.

Every read of these models from a view or API handler goes through
`Person.objects.visible_to(user)` and the rules in `talentbridge.people.policy`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from talentbridge.core.forms import nhs_date
from talentbridge.core.model_bases import Timestamped
from talentbridge.core.model_bases import person_managers
from talentbridge.core.model_fields import by_user
from talentbridge.core.model_fields import one_way_link

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


class Person(Timestamped):
    """A leader's talent profile. The leader owns it and chooses who sees it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="person",
    )
    nhs_identifier = models.CharField(
        "NHS identifier", max_length=30, unique=True, null=True, blank=True,
        help_text="The person's stable identifier in the staff record, as the Inter Authority "
                  "Transfer carries it between employers; matches a person across "
                  "organisations (never their name).",
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    work_email = models.EmailField(max_length=254, unique=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="people",
        verbose_name="employing organisation",
    )
    job_title = models.CharField(max_length=150)
    pay_band = models.CharField("band or grade", max_length=20, choices=PayBand.choices)
    staff_group = models.CharField(max_length=2, choices=StaffGroup.choices)
    professional_background = models.CharField(
        max_length=30, choices=ProfessionalBackground.choices
    )
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    started_in_post = models.DateField("started in post", null=True, blank=True)
    started_in_nhs = models.DateField("started in the NHS", null=True, blank=True)
    left_nhs_on = models.DateField(
        "left the NHS on", null=True, blank=True,
        help_text="Set when their organisation's administrator confirms they left the NHS "
                  "(not just moved); their retention period runs from this date.",
    )
    visibility = models.CharField(
        "who can see my profile", max_length=20, choices=Visibility.choices,
        default=Visibility.ORGANISATION,
    )

    unscoped, objects = person_managers("")

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["organisation", "visibility"]),
            models.Index(fields=["family_name", "given_name"]),
            models.Index(fields=["pay_band"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def clean(self) -> None:
        problem = nhs_start_problem(self.started_in_nhs)
        if problem:
            raise ValidationError({"started_in_nhs": problem})


#: The NHS began on 5 July 1948: nobody started in it, or moved within it, before then.
NHS_FOUNDED = dt.date(1948, 7, 5)


def nhs_start_problem(day: dt.date | None) -> str:
    """What is wrong with ``day`` as a start in the NHS ("" if nothing): the message names the
    field and the value."""
    if day is None:
        return ""
    if day < NHS_FOUNDED:
        return (f"Started in the NHS ({nhs_date(day)}) must be on or after "
                f"{nhs_date(NHS_FOUNDED)}, when the NHS began")
    if day > timezone.localdate():
        return f"Started in the NHS ({nhs_date(day)}) must be today or in the past"
    return ""


class CareerHistoryEntry(models.Model):
    """One role in a leader's career, in the NHS or a partner sector."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="career_history")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text="The NHS organisation, if it was one.",
    )
    organisation_name = models.CharField(
        max_length=200, blank=True, help_text="The employer's name, if not an NHS organisation."
    )
    sector = models.CharField(max_length=30, choices=Sector.choices, default=Sector.NHS)
    role_title = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=CareerRoleKind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    unscoped, objects = person_managers("person")

    class Meta:
        ordering = ["person", "-started_on"]
        verbose_name_plural = "career history entries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="career_entry_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role_title}, {self.employer_name}"

    @property
    def employer_name(self) -> str:
        return str(self.organisation) if self.organisation_id else self.organisation_name


class ProtectedCharacteristics(models.Model):
    """Kept apart from the profile. Seen individually only by the person themselves
    (and by an administrator who states a reason, which is audited)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="characteristics", primary_key=True
    )
    ethnic_category = models.CharField(
        max_length=2, choices=EthnicCategory.choices, default=EthnicCategory.NOT_KNOWN
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.NOT_KNOWN)
    disability = models.CharField(
        max_length=1, choices=Disability.choices, default=Disability.NOT_KNOWN
    )
    sexual_orientation = models.CharField(
        max_length=1, choices=SexualOrientation.choices, default=SexualOrientation.NOT_KNOWN
    )
    religion = models.CharField(
        "religion or belief", max_length=20, choices=Religion.choices,
        default=Religion.NOT_STATED,
    )
    date_of_birth = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    unscoped, objects = person_managers(
        "person", rule="talentbridge.people.policy.own_characteristics_filter")

    class Meta:
        verbose_name_plural = "protected characteristics"

    def __str__(self) -> str:
        return f"Protected characteristics of person {self.person_id}"


class Move(models.Model):
    """A person's move from one employing organisation to another, from a date.

    Recorded now; applied (career history, the person's current employment) on its date: at
    once when the date is today or past, otherwise by the daily `apply_due_moves`. A pending
    move may be cancelled. See docs/moves.md."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="moves")
    from_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+",
        verbose_name="moving from",
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+",
        verbose_name="moving to",
    )
    effective_on = models.DateField("moves on")
    job_title = models.CharField(max_length=150)
    pay_band = models.CharField("band or grade", max_length=20, choices=PayBand.choices)
    staff_group = models.CharField(max_length=2, choices=StaffGroup.choices)
    line_manager = one_way_link(Person, models.SET_NULL)
    merger = models.ForeignKey(
        "OrganisationMerger", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="moves", help_text="The merger this move is part of, if any.",
    )
    recorded_by = by_user()
    recorded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = by_user()

    unscoped, objects = person_managers("person")

    class Meta:
        ordering = ["person", "-effective_on", "-pk"]
        indexes = [models.Index(fields=["effective_on", "applied_at", "cancelled_at"])]

    def __str__(self) -> str:
        return f"Move of person {self.person_id} to {self.to_organisation} on {self.effective_on}"

    @property
    def is_pending(self) -> bool:
        return self.applied_at is None and self.cancelled_at is None

    @property
    def status(self) -> str:
        """"pending", "applied" or "cancelled"."""
        if self.cancelled_at is not None:
            return "cancelled"
        return "pending" if self.applied_at is None else "applied"


class OrganisationMerger(models.Model):
    """One organisation merged into another from a date: everyone it employed moved then.

    Holds no data about a person; the moves it made point to it."""

    merged = models.OneToOneField(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="merger",
    )
    into = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="mergers_into",
    )
    effective_on = models.DateField()
    recorded_by = by_user()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on"]

    def __str__(self) -> str:
        return f"{self.merged} merged into {self.into} on {self.effective_on}"
