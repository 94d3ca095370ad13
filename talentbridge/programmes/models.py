"""Development programmes (such as the one for first-time chief executives) and their cohorts.

A programme is run at a scope (an organisation, an integrated care system, a region or
England) by the programme managers of that scope. Each cohort takes applications (a leader
applies with a statement) and nominations (a talent lead or line manager nominates someone
they may see); a panel scores them against the programme's criteria (1 to 5); the programme
manager decides (selected, reserve, not selected). A selected application is the person's
place on the cohort: its sessions' attendance, its completion or withdrawal, and feedback at
the end hang off it. Rows about a named person are read through `objects.visible_to(user)`
or by `programmes.services` after `programmes.policy` decided (docs/programmes.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from talentbridge.core.constraints import scope_matches_level
from talentbridge.core.constraints import unique
from talentbridge.core.model_bases import NamedByNumber
from talentbridge.core.model_bases import person_managers
from talentbridge.core.model_fields import by_user
from talentbridge.core.model_fields import one_way_link
from talentbridge.core.model_fields import person_link

from .codes import AttendanceStatus
from .codes import CohortStatus
from .codes import Decision
from .codes import Outcome
from .codes import ProgrammeScope
from .codes import Route

SCORE_MIN, SCORE_MAX = 1, 5


class Programme(models.Model):
    """A development programme a programme manager runs, in cohorts."""

    name = models.CharField("programme name", max_length=150, unique=True)
    description = models.TextField("what the programme is for", max_length=4000, blank=True)
    eligibility = models.TextField("who may apply", max_length=4000, blank=True)
    scope_level = models.CharField("run for", max_length=20, choices=ProgrammeScope.choices,
                                   default=ProgrammeScope.ENGLAND)
    organisation = one_way_link("organisations.Organisation", models.PROTECT)
    system = one_way_link("organisations.IntegratedCareSystem", models.PROTECT)
    region = one_way_link("organisations.Region", models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(name="programme_scope_matches_level",
                                              condition=scope_matches_level())]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """A named criterion the panel scores every application against (1 to 5)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("criterion", max_length=150)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme", "position", "pk"]
        constraints = [unique("programme", "name", name="one_criterion_per_name")]

    def __str__(self) -> str:
        return self.name


class Cohort(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField("cohort name", max_length=100)
    starts_on = models.DateField("starts on")
    ends_on = models.DateField("ends on")
    places = models.PositiveSmallIntegerField("places")
    status = models.CharField(max_length=12, choices=CohortStatus.choices,
                              default=CohortStatus.OPEN)
    panel = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                   verbose_name="panel members")

    class Meta:
        ordering = ["programme", "-starts_on", "name"]
        constraints = [
            unique("programme", "name", name="one_cohort_per_name"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                   name="cohort_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.name}"


class Application(models.Model):
    """A leader's application or nomination to a cohort; once selected, their place on it."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="applications")
    person = person_link("programme_applications")
    route = models.CharField(max_length=12, choices=Route.choices, default=Route.APPLIED)
    nominated_by = by_user()
    statement = models.TextField("statement", max_length=4000)
    band_at_application = models.CharField("band or grade when applying", max_length=20,
                                           blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=15, choices=Decision.choices, blank=True,
                                default=Decision.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True,
                               default=Outcome.ON_PROGRAMME)
    outcome_on = models.DateField("completed or withdrew on", null=True, blank=True)

    unscoped, objects = person_managers("person")

    class Meta:
        ordering = ["cohort", "submitted_at", "pk"]
        constraints = [
            unique("cohort", "person", name="one_application_per_cohort"),
            models.CheckConstraint(condition=Q(outcome="") | Q(decision="selected"),
                                   name="only_places_have_outcomes"),
        ]

    def __str__(self) -> str:
        return f"Application {self.pk} to {self.cohort_id}"

    @property
    def is_place(self) -> bool:
        return self.decision == Decision.SELECTED


class Score(models.Model):
    """One panel member's score of one application against one criterion."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)])
    scored_at = models.DateTimeField(auto_now=True)

    unscoped, objects = person_managers("application__person")

    class Meta:
        ordering = ["application", "criterion", "scored_by"]
        constraints = [
            unique("application", "criterion", "scored_by",
                   name="one_score_per_criterion_and_member"),
            models.CheckConstraint(condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                                   name="score_from_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"Score {self.score} for application {self.application_id}"


class Session(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField("session", max_length=150)
    held_on = models.DateField("held on")

    class Meta:
        ordering = ["cohort", "held_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    place = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)

    unscoped, objects = person_managers("place__person")

    class Meta:
        ordering = ["session", "place"]
        constraints = [unique("session", "place", name="one_attendance_per_session")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at session {self.session_id}"


class Feedback(NamedByNumber):
    """A participant's feedback at the end: shown to programme managers only as aggregates and
    anonymous comments; the place is kept so it is given once and is in the person's copy of
    their data."""

    place = models.OneToOneField(Application, on_delete=models.CASCADE,
                                 related_name="feedback")
    rating = models.PositiveSmallIntegerField(
        "rating", validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)])
    comments = models.TextField("comments", max_length=4000, blank=True)
    given_at = models.DateTimeField(auto_now_add=True)

    unscoped, objects = person_managers("place__person")

    class Meta:
        ordering = ["given_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(rating__gte=SCORE_MIN,
                                                          rating__lte=SCORE_MAX),
                                              name="feedback_rating_from_1_to_5")]
