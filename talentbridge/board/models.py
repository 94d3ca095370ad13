"""Fit and Proper Person Test (FPPT) records and Board Member References (docs/board.md).

- `FpptItem`: one item of the annual checklist; administrators change the list (the defaults,
  from the FPPT framework, are seeded by a data migration).
- `FpptRecord`: one board member's FPPT assessment for one year at one organisation: the
  member's self-attestation, the link to their LCF self-assessment, and the sign-off (by the
  chair; the chair's own by the senior independent director). Kept after the member leaves.
- `FpptCheck`: one checklist item of a record: date completed, outcome, evidence reference
  (a reference to where the evidence is kept locally, never the document) and who checked.
- `BoardDelegate`: a user the chair or people director named to see and keep the records.
- `BoardReference`: the Board Member Reference made when a member leaves a board post.
- `ReferenceRequest`: a later NHS employer's request for one, and its supply.

Rows about a named person are read only by `talentbridge.board.services` after
`talentbridge.board.policy` decided (it is in `core/scoping.UNSCOPED_MODULES`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from talentbridge.core.constraints import unique
from talentbridge.core.model_bases import Timestamped
from talentbridge.core.model_bases import person_managers
from talentbridge.core.model_fields import by_user
from talentbridge.core.model_fields import one_way_link
from talentbridge.core.model_fields import person_link

from .codes import CheckOutcome
from .codes import Conclusion
from .codes import ReferenceStatus
from .codes import RequestStatus

TEXT_LIMIT = 4000
EVIDENCE_LIMIT = 200


class FpptItem(models.Model):
    """One item of the FPPT checklist, in the order shown."""

    code = models.SlugField("code", max_length=50, unique=True)
    name = models.CharField("item", max_length=150)
    position = models.PositiveSmallIntegerField("order", default=0)
    active = models.BooleanField("in use", default=True,
                                 help_text="Items no longer in use stay on past records.")
    member_attests = models.BooleanField(
        "completed by the member's self-attestation", default=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "FPPT checklist item"

    def __str__(self) -> str:
        return self.name


class FpptRecord(Timestamped):
    """One board member's FPPT assessment for one year at one organisation."""

    person = person_link("fppt_records")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="fppt_records")
    post = models.ForeignKey("succession.BoardPost", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="fppt_records")
    post_title = models.CharField("board post", max_length=150)
    member_is_chair = models.BooleanField(default=False)
    year = models.PositiveSmallIntegerField("year")
    due_on = models.DateField("checks due by")
    attested_on = models.DateField("self-attestation made on", null=True, blank=True)
    attestation = models.TextField("self-attestation statement", max_length=TEXT_LIMIT,
                                   blank=True)
    lcf_round = one_way_link("talent.AssessmentRound", models.SET_NULL)
    conclusion = models.CharField("chair's overall conclusion", max_length=10,
                                  choices=Conclusion.choices, blank=True)
    signed_off_on = models.DateField("signed off on", null=True, blank=True)
    signed_off_by = by_user()
    sign_off_note = models.TextField("sign-off note", max_length=TEXT_LIMIT, blank=True)
    left_board_on = models.DateField("left the board on", null=True, blank=True)

    # unscoped: board.services only (core/scoping.py)
    unscoped, objects = person_managers("person")

    class Meta:
        ordering = ["organisation", "-year", "post_title", "pk"]
        constraints = [
            unique("person", "organisation", "year", name="one_fppt_record_per_member_year"),
            models.CheckConstraint(condition=Q(conclusion="") | Q(signed_off_on__isnull=False),
                                   name="fppt_conclusion_has_date"),
        ]

    def __str__(self) -> str:
        return f"FPPT {self.year}: {self.post_title}"

    @property
    def is_signed_off(self) -> bool:
        return bool(self.conclusion)


class FpptCheck(models.Model):
    record = models.ForeignKey(FpptRecord, on_delete=models.CASCADE, related_name="checks")
    item = models.ForeignKey(FpptItem, on_delete=models.PROTECT, related_name="checks")
    date_completed = models.DateField("date completed", null=True, blank=True)
    outcome = models.CharField("outcome", max_length=20, choices=CheckOutcome.choices,
                               blank=True)
    evidence_ref = models.CharField(
        "evidence reference", max_length=EVIDENCE_LIMIT, blank=True,
        help_text="Where the evidence is kept locally (a file or case reference), never the "
                  "document itself.")
    checked_by = by_user()
    updated_at = models.DateTimeField(auto_now=True)

    unscoped, objects = person_managers("record__person")

    class Meta:
        ordering = ["record", "item__position", "pk"]
        constraints = [unique("record", "item", name="one_check_per_item")]

    def __str__(self) -> str:
        return f"FPPT check {self.item_id} of record {self.record_id}"

    @property
    def is_done(self) -> bool:
        return self.date_completed is not None and bool(self.outcome)


class BoardDelegate(models.Model):
    """A user named by an organisation's chair or people director to see and keep its FPPT
    records and references."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="board_delegates")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="board_delegations")
    named_by = by_user(blank=False)
    named_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "pk"]
        constraints = [unique("organisation", "user", name="one_delegation_per_user")]

    def __str__(self) -> str:
        return f"Delegate {self.user_id} of organisation {self.organisation_id}"


class BoardReference(models.Model):
    """A Board Member Reference, made when a member leaves a board post, whatever the reason.
    Held by the organisation they left."""

    person = person_link("board_references")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="board_references")
    post_title = models.CharField("board post", max_length=150)
    started_on = models.DateField("started on", null=True, blank=True)
    left_on = models.DateField("left on")
    status = models.CharField(max_length=10, choices=ReferenceStatus.choices,
                              default=ReferenceStatus.DRAFT)
    roles_and_dates = models.TextField("roles and dates", max_length=TEXT_LIMIT, blank=True)
    investigations = models.TextField(
        "upheld or ongoing investigations or disciplinary action about misconduct or "
        "mismanagement", max_length=TEXT_LIMIT, blank=True)
    fitness_concerns = models.TextField("concerns about fitness", max_length=TEXT_LIMIT,
                                        blank=True)
    settlement_agreements = models.TextField("relevant settlement agreements",
                                             max_length=TEXT_LIMIT, blank=True)
    grievances = models.TextField("grievances or whistleblowing, where relevant",
                                  max_length=TEXT_LIMIT, blank=True)
    other_information = models.TextField("other relevant information", max_length=TEXT_LIMIT,
                                         blank=True)
    referee_declaration = models.BooleanField(
        "referee declaration", default=False,
        help_text="The referee declares the reference accurate and complete.")
    completed_by = by_user()
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    unscoped, objects = person_managers("person")

    class Meta:
        ordering = ["-left_on", "pk"]

    def __str__(self) -> str:
        return f"Board Member Reference: {self.post_title} (left {self.left_on})"


class ReferenceRequest(models.Model):
    """A later NHS employer's request for a Board Member Reference."""

    reference = models.ForeignKey(BoardReference, on_delete=models.CASCADE,
                                  related_name="requests")
    requesting_organisation = models.ForeignKey("organisations.Organisation",
                                                on_delete=models.PROTECT, related_name="+")
    requested_by = by_user(blank=False)
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=RequestStatus.choices,
                              default=RequestStatus.REQUESTED)
    supplied_by = by_user()
    supplied_at = models.DateTimeField(null=True, blank=True)

    unscoped, objects = person_managers("reference__person")

    class Meta:
        ordering = ["-requested_at", "pk"]

    def __str__(self) -> str:
        return f"Request for reference {self.reference_id} ({self.status})"
