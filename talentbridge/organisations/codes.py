"""Code lists of organisations: their kinds, and where an organisation's kind came from."""

from django.db import models


class OrganisationKind(models.TextChoices):
    ACUTE = "acute", "Acute trust"
    MENTAL_HEALTH = "mental_health", "Mental health and learning disability trust"
    COMMUNITY = "community", "Community provider"
    AMBULANCE = "ambulance", "Ambulance trust"
    ICB = "icb", "Integrated care board"
    NATIONAL = "national", "National body"
    PARTNER = "partner", "Partner organisation (for example a local authority)"


class KindSource(models.TextChoices):
    DERIVED = "derived", "Best guess from the name"
    ADMINISTRATOR = "administrator", "Set by an administrator"
