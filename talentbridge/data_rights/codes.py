"""Code lists of requests to correct a person's record (UK GDPR Article 16): what is to be
corrected and how far the request has got (docs/data-rights.md)."""

from django.db import models


class CorrectionArea(models.TextChoices):
    """What the person asks to have corrected."""

    NAME = "name", "My name"
    WORK_EMAIL = "work_email", "My NHS e-mail address"
    ORGANISATION = "organisation", "My employing organisation"
    JOB_TITLE = "job_title", "My job title"
    PAY_BAND = "pay_band", "My band or grade"
    STAFF_GROUP = "staff_group", "My staff group"
    LINE_MANAGER = "line_manager", "My line manager"
    DATES = "dates", "When I started in post or in the NHS"
    CAREER_ENTRY = "career_entry", "A role in my career history"
    CONVERSATION = "conversation", "Something in a career conversation"
    ASSESSMENT = "assessment", "Something in an assessment or a talent review"
    OPPORTUNITY = "opportunity", "Something about an opportunity or placement"
    OTHER = "other", "Something else"


class CorrectionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Corrected"
    REFUSED = "refused", "Refused"


#: Statuses after which nothing more happens to a request.
RESOLVED = (CorrectionStatus.DONE, CorrectionStatus.REFUSED)
