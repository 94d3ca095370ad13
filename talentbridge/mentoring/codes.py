"""Code lists of mentoring and coaching: the kinds of support, requests, goals, end reviews
and matching methods (docs/mentoring.md)."""

from django.db import models


class SupportKind(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    COACH = "coach", "Coach"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    MATCHED = "matched", "Matched"
    WITHDRAWN = "withdrawn", "Withdrawn"


class GoalStatus(models.TextChoices):
    OPEN = "open", "Working on it"
    MET = "met", "Met"
    DROPPED = "dropped", "No longer a goal"


class GoalsMet(models.TextChoices):
    ALL = "all", "All of them"
    SOME = "some", "Some of them"
    NONE = "none", "None of them"


class MatchMethod(models.TextChoices):
    STABLE = "stable", "Stable matching"
    OPTIMAL = "optimal", "Highest total score"
