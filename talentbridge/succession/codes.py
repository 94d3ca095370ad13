"""Code lists of board posts and succession plans (docs/succession.md)."""

from django.db import models


class BoardPostKind(models.TextChoices):
    CHIEF_EXECUTIVE = "chief_executive", "Chief executive"
    CHAIR = "chair", "Chair"
    FINANCE = "finance", "Director of finance"
    MEDICAL = "medical", "Medical director"
    NURSING = "nursing", "Director of nursing"
    OPERATIONS = "operations", "Chief operating officer"
    PEOPLE = "people", "Director of people"
    OTHER_EXECUTIVE = "other_executive", "Other executive director"
    NON_EXECUTIVE = "non_executive", "Non-executive director"


class VacancyReason(models.TextChoices):
    RETIREMENT = "retirement", "Retirement"
    END_OF_TERM = "end_of_term", "End of term"
    OTHER = "other", "Other"


class VacancyRisk(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Readiness(models.TextChoices):
    NOW = "now", "Ready now"
    ONE_TO_TWO_YEARS = "1-2", "Ready in 1 to 2 years"
    THREE_OR_MORE_YEARS = "3+", "Ready in 3 or more years"


class SuccessorSource(models.TextChoices):
    """Where a successor comes from, relative to the post's organisation (derived, not
    stored: people move)."""

    SAME_ORGANISATION = "same organisation", "Same organisation"
    SAME_SYSTEM = "same system", "Same integrated care system"
    ELSEWHERE = "elsewhere", "Elsewhere"
