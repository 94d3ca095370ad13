"""Competency assessments against the six LCF domains: self, line manager and multi-rater."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from talentbridge.core.constraints import unique
from talentbridge.core.model_bases import person_managers
from talentbridge.core.model_fields import by_user
from talentbridge.core.model_fields import person_link
from talentbridge.core.model_secrets import secret_hash

from ..codes import RaterKind
from ..codes import RoundStatus
from ..frameworks import LcfDomain
from ..frameworks import LcfFrequency

#: Others' results show only after the round has closed, and only once at least this many
#: qualifying raters (not the person, not their line manager) have answered; a domain's result
#: needs this many of them to have scored it.
MIN_RATERS_FOR_RESULT = 3


class AssessmentRound(models.Model):
    """One assessment exercise for a person: their self-assessment, their manager's and 360."""

    person = person_link("assessment_rounds")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    opened_on = models.DateField()
    closes_on = models.DateField()
    status = models.CharField(max_length=10, choices=RoundStatus.choices,
                              default=RoundStatus.OPEN)
    #: When the last reminder was asked for, whether or not anyone was still waiting: the
    #: once-a-day limit must not depend on who has answered.
    reminded_at = models.DateTimeField(null=True, blank=True)

    unscoped, objects = person_managers("person")

    class Meta:
        ordering = ["-opened_on"]

    def __str__(self) -> str:
        return f"LCF assessment of {self.person} opened {self.opened_on}"


class Assessment(models.Model):
    """One rater's answers in a round. Multi-raters answer through an emailed link; their
    identity is never shown with their answers."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE,
                              related_name="assessments")
    rater_kind = models.CharField(max_length=20, choices=RaterKind.choices)
    rater_user = by_user()
    invited_email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    invited_by = by_user()
    #: An address that is not an NHS work address waits for the line manager's approval;
    #: until then it has no link and has been sent nothing.
    awaiting_approval = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)

    unscoped, objects = person_managers("round__person")

    class Meta:
        ordering = ["round", "rater_kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_rater_kind_display()} assessment in {self.round}"

    hash_token = staticmethod(secret_hash)


class DomainRating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    domain = models.PositiveSmallIntegerField(choices=LcfDomain.choices)
    frequency = models.CharField(max_length=20, choices=LcfFrequency.choices)

    unscoped, objects = person_managers("assessment__round__person")

    class Meta:
        constraints = [
            unique("assessment", "domain", name="one_rating_per_domain")
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.get_frequency_display()}"
