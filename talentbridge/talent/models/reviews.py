"""Talent reviews: a grid (data, not code), placements, calibration moves and locking."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from talentbridge.core.constraints import scope_matches_level
from talentbridge.core.constraints import unique
from talentbridge.core.model_bases import person_managers
from talentbridge.core.model_fields import one_way_link
from talentbridge.core.model_fields import person_link

from ..codes import ReviewScope
from ..codes import ReviewStatus


class ReviewGrid(models.Model):
    """A placement grid such as the 9-box or Scope for Growth's impact × growth."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=150)
    x_label = models.CharField(max_length=60)
    y_label = models.CharField(max_length=60)
    x_values = models.JSONField(help_text="Column labels, left to right.")
    y_values = models.JSONField(help_text="Row labels, bottom to top.")
    guide = models.JSONField(default=dict, blank=True,
                             help_text="Expected share per row, e.g. {'3': 0.2}: a guide only.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def columns(self) -> int:
        return len(self.x_values)

    @property
    def rows(self) -> int:
        return len(self.y_values)


class GridCell(models.Model):
    grid = models.ForeignKey(ReviewGrid, on_delete=models.CASCADE, related_name="cells")
    column = models.PositiveSmallIntegerField()
    row = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["grid", "-row", "column"]
        constraints = [
            unique("grid", "column", "row", name="one_cell_per_position")
        ]

    def __str__(self) -> str:
        return self.label


class TalentReview(models.Model):
    name = models.CharField(max_length=150)
    scope_level = models.CharField(max_length=20, choices=ReviewScope.choices)
    organisation = one_way_link("organisations.Organisation", models.PROTECT)
    system = one_way_link("organisations.IntegratedCareSystem", models.PROTECT)
    grid = models.ForeignKey(ReviewGrid, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                          related_name="talent_reviews")
    status = models.CharField(max_length=20, choices=ReviewStatus.choices,
                              default=ReviewStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = one_way_link(settings.AUTH_USER_MODEL, models.PROTECT)

    class Meta:
        ordering = ["-held_on", "name"]
        constraints = [
            models.CheckConstraint(
                name="review_scope_matches_level",
                condition=scope_matches_level(("organisation", "system"), england=False),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_locked(self) -> bool:
        return self.status == ReviewStatus.LOCKED


class ReviewPlacement(models.Model):
    """Where one person sits on the review's grid, with readiness and the rationale."""

    review = models.ForeignKey(TalentReview, on_delete=models.CASCADE, related_name="placements")
    person = person_link("review_placements")
    cell = models.ForeignKey(GridCell, on_delete=models.PROTECT, related_name="+")
    proposed_cell = models.ForeignKey(
        GridCell, on_delete=models.PROTECT, related_name="+",
        help_text="Where the manager first placed the person, before calibration.",
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    readiness = one_way_link("talent.ReadinessLevel", models.PROTECT)
    rationale = models.TextField(max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    unscoped, objects = person_managers("person")

    class Meta:
        ordering = ["review", "person"]
        constraints = [
            unique("review", "person", name="one_placement_per_review")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.cell} ({self.review})"


class PlacementMove(models.Model):
    """Every calibration move: who moved whom, from where to where, when and why."""

    placement = models.ForeignKey(ReviewPlacement, on_delete=models.CASCADE,
                                  related_name="moves")
    from_cell = models.ForeignKey(GridCell, on_delete=models.PROTECT, related_name="+")
    to_cell = models.ForeignKey(GridCell, on_delete=models.PROTECT, related_name="+")
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    moved_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(max_length=2000)

    unscoped, objects = person_managers("placement__person")

    class Meta:
        ordering = ["placement", "moved_at"]

    def __str__(self) -> str:
        return f"{self.placement.person}: {self.from_cell} → {self.to_cell}"
