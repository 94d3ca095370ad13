"""The reason an administrator gives for erasing a person."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from talentbridge.core.forms import TalentBridgeForm

REASON_REQUIRED = ("Give the reason for erasing this person: an erasure without a reason is "
                   "not allowed")


class ErasureForm(TalentBridgeForm):
    reason = forms.CharField(
        label="Why are you erasing this person?", max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, their request under Article 17 of the UK GDPR, and its "
                  "reference. Your reason is recorded in the audit trail.",
        error_messages={"required": REASON_REQUIRED},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(REASON_REQUIRED)
        return reason
